package cadence

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Photo limits: how many a reply may carry, and how large each may be.
const (
	MaxPhotos     = 4
	MaxPhotoBytes = 5 << 20
)

// followUp returns the follow-up ref (its id) of region; another region's is not found.
func (s *Service) followUp(ctx context.Context, region, ref string) (domain.FollowUp, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(ref), 10, 64)
	if err != nil || id <= 0 {
		return domain.FollowUp{}, domain.E(domain.ENOTFOUND, "cadence.followup.unknown", ref)
	}
	f, err := s.store.FollowUp(ctx, id)
	if err != nil {
		return f, err
	}
	if f.RegionCode != region {
		return domain.FollowUp{}, domain.E(domain.ENOTFOUND, "cadence.followup.unknown", ref)
	}
	return f, nil
}

// newFollowUp checks a decision as a follow-up of region: its rule (domain.FollowUp.Validate),
// an owner and cooperating units in use of the region, a linked indicator in the catalogue or a
// linked project, lead or enterprise of the region (checkLink), a leader in charge that is a leader's account (by default a linked project's, see leaderOf).
func (s *Service) newFollowUp(ctx context.Context, region string, d Decision) (domain.FollowUp, error) {
	f := domain.FollowUp{RegionCode: region, Title: strings.TrimSpace(d.Title), OwnerUnit: strings.TrimSpace(d.OwnerUnit),
		Deadline: strings.TrimSpace(d.Deadline), LinkKind: strings.TrimSpace(d.LinkKind), LinkRef: strings.TrimSpace(d.LinkRef)}
	for _, c := range d.Cooperating {
		if c = strings.TrimSpace(c); c != "" && !slices.Contains(f.Cooperating, c) {
			f.Cooperating = append(f.Cooperating, c)
		}
	}
	if err := f.Validate(); err != nil {
		return f, err
	}
	day, _ := domain.ParseDay(f.Deadline)
	f.Deadline = day.Format(domain.DayLayout)
	us, err := s.store.Units(ctx, region)
	if err != nil {
		return f, err
	}
	inUse := func(code string) bool {
		return slices.ContainsFunc(us, func(u domain.Unit) bool { return u.Code == code })
	}
	for _, c := range append([]string{f.OwnerUnit}, f.Cooperating...) {
		if !inUse(c) {
			return f, domain.E(domain.EINVALID, "cadence.followup.unit_unknown", c, region)
		}
	}
	if err := s.checkLink(ctx, region, f.LinkKind, f.LinkRef); err != nil {
		return f, err
	}
	f.Leader, err = s.leaderOf(ctx, region, d.Leader, f.LinkKind, f.LinkRef)
	return f, err
}

// CreateFollowUp adds a follow-up by hand (the analyst's), open; its owner unit and its leader in
// charge are told (followup.assigned).
func (s *Service) CreateFollowUp(ctx context.Context, by domain.Actor, region string, d Decision) (domain.FollowUp, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return domain.FollowUp{}, err
	}
	f, err := s.newFollowUp(ctx, region, d)
	if err != nil {
		return f, err
	}
	return s.store.CreateFollowUp(ctx, who(by), f, assignedNotice)
}

// FollowUpRow is a follow-up as listed: its status today, its owner's and its leader's names,
// its history.
type FollowUpRow struct {
	domain.FollowUp
	Status     string
	OwnerName  string
	LeaderName string // "" when it has no leader in charge
	CoopNames  []string
	// LinkName, LinkNameEN: the linked object's names — an indicator's in both languages, a key
	// project's, lead's or enterprise's (LinkNameEN "") — so that it is shown by its name, not
	// its code; both "" when the object is gone or is not the region's (a link made before links
	// were checked, issue 16): only its code is shown then.
	LinkName, LinkNameEN string
	Events               []domain.FollowUpEvent
}

// FollowUpList is the follow-ups page: a region's follow-ups (of one unit when unit is set),
// those not done first.
type FollowUpList struct {
	Region  domain.Region
	Today   string
	Rows    []FollowUpRow
	Units   []domain.Unit // the region's units in use, for the new follow-up form
	Leaders []domain.User // the leader accounts, for the forms' leader in charge
}

// FollowUps lists region's follow-ups, of one owner unit when unit is not "" (a reporter sees
// only its own unit's), with their status today and their history.
func (s *Service) FollowUps(ctx context.Context, region, unit string) (*FollowUpList, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	reg, err := s.store.Region(ctx, region)
	if err != nil {
		return nil, err
	}
	fs, err := s.store.FollowUps(ctx, store.FollowUpQuery{Region: region, Unit: unit})
	if err != nil {
		return nil, err
	}
	names, err := s.unitNames(ctx, region)
	if err != nil {
		return nil, err
	}
	us, err := s.store.Units(ctx, region)
	if err != nil {
		return nil, err
	}
	leaders, err := s.leaderNames(ctx)
	if err != nil {
		return nil, err
	}
	now := s.store.Now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	out := &FollowUpList{Region: reg, Today: today.Format(domain.DayLayout), Units: us}
	if out.Leaders, err = s.Leaders(ctx, region); err != nil {
		return nil, err
	}
	links := map[[2]string]linked{} // by kind and ref: a code linked by several is looked up once
	for _, f := range fs {
		row := FollowUpRow{FollowUp: f, Status: f.StatusOn(today), OwnerName: nameOr(names, f.OwnerUnit), LeaderName: leaderLabel(leaders, f.Leader)}
		if f.LinkKind != "" {
			k := [2]string{f.LinkKind, f.LinkRef}
			l, seen := links[k]
			if !seen {
				if l, _, err = s.linkTarget(ctx, region, f.LinkKind, f.LinkRef); err != nil {
					return nil, err
				}
				links[k] = l
			}
			row.LinkName, row.LinkNameEN = l.Name, l.NameEN
		}
		for _, c := range f.Cooperating {
			row.CoopNames = append(row.CoopNames, nameOr(names, c))
		}
		if row.Events, err = s.store.FollowUpEvents(ctx, f.ID); err != nil {
			return nil, err
		}
		out.Rows = append(out.Rows, row)
	}
	slices.SortStableFunc(out.Rows, func(a, b FollowUpRow) int {
		return boolInt(a.State == domain.FollowUpDone) - boolInt(b.State == domain.FollowUpDone)
	})
	return out, nil
}

func nameOr(names map[string]string, code string) string {
	if n := names[code]; n != "" {
		return n
	}
	return code
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// change applies a rule of domain.FollowUp to the follow-up id of region and stores the result,
// with the notices the change raises (changeNotices), only if nobody changed it meanwhile.
func (s *Service) change(ctx context.Context, by domain.Actor, region string, id int64, rule func(*domain.FollowUp) (domain.FollowUpEvent, error)) error {
	f, err := s.followUp(ctx, region, strconv.FormatInt(id, 10))
	if err != nil {
		return err
	}
	prev := f.Version
	ev, err := rule(&f)
	if err != nil {
		return err
	}
	return s.store.UpdateFollowUp(ctx, who(by), prev, f, ev, changeNotices(f, ev)...)
}

// Reply records the owner unit's progress (text, photos); unit is the replying reporter's unit.
func (s *Service) Reply(ctx context.Context, by domain.Actor, unit, region string, id int64, text string, photos []domain.FollowUpPhoto) error {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return err
	}
	if len(photos) > MaxPhotos {
		return domain.E(domain.EINVALID, "cadence.photo.too_many", MaxPhotos)
	}
	for i := range photos {
		if err := checkPhoto(&photos[i]); err != nil {
			return err
		}
	}
	return s.change(ctx, by, region, id, func(f *domain.FollowUp) (domain.FollowUpEvent, error) {
		ev, err := f.Reply(unit, text, len(photos))
		ev.Photos = photos
		return ev, err
	})
}

// checkPhoto accepts a JPEG, PNG, GIF or WebP picture of at most MaxPhotoBytes and sets its
// content type from its bytes (never from what the browser claimed).
func checkPhoto(p *domain.FollowUpPhoto) error {
	if len(p.Data) > MaxPhotoBytes {
		return domain.E(domain.EINVALID, "cadence.photo.too_large", p.Name, MaxPhotoBytes>>20)
	}
	d := p.Data
	switch {
	case bytes.HasPrefix(d, []byte("\xff\xd8\xff")):
		p.ContentType = "image/jpeg"
	case bytes.HasPrefix(d, []byte("\x89PNG\r\n\x1a\n")):
		p.ContentType = "image/png"
	case bytes.HasPrefix(d, []byte("GIF87a")), bytes.HasPrefix(d, []byte("GIF89a")):
		p.ContentType = "image/gif"
	case len(d) > 12 && string(d[:4]) == "RIFF" && string(d[8:12]) == "WEBP":
		p.ContentType = "image/webp"
	default:
		return domain.E(domain.EINVALID, "cadence.photo.not_image", p.Name)
	}
	if p.Name = strings.TrimSpace(p.Name); p.Name == "" {
		p.Name = "photo"
	}
	return nil
}

// Close marks a follow-up done (the analyst's).
func (s *Service) Close(ctx context.Context, by domain.Actor, region string, id int64, text string) error {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return err
	}
	now := s.store.Now()
	return s.change(ctx, by, region, id, func(f *domain.FollowUp) (domain.FollowUpEvent, error) { return f.Close(text, now) })
}

// Return sends a reply back to the owner unit with a reason (the analyst's).
func (s *Service) Return(ctx context.Context, by domain.Actor, region string, id int64, reason string) error {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return err
	}
	return s.change(ctx, by, region, id, func(f *domain.FollowUp) (domain.FollowUpEvent, error) { return f.Return(reason) })
}

// RequestExtension asks, for the owner unit, for a later deadline.
func (s *Service) RequestExtension(ctx context.Context, by domain.Actor, unit, region string, id int64, deadline, reason string) error {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return err
	}
	return s.change(ctx, by, region, id, func(f *domain.FollowUp) (domain.FollowUpEvent, error) {
		return f.RequestExtension(unit, deadline, reason)
	})
}

// DecideExtension grants or refuses a pending extension (the analyst's).
func (s *Service) DecideExtension(ctx context.Context, by domain.Actor, region string, id int64, grant bool, text string) error {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return err
	}
	return s.change(ctx, by, region, id, func(f *domain.FollowUp) (domain.FollowUpEvent, error) { return f.DecideExtension(grant, text) })
}

// Photo returns a photo of one of region's follow-ups; of unit's own when unit is not "".
func (s *Service) Photo(ctx context.Context, region, unit string, id int64) (domain.FollowUpPhoto, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return domain.FollowUpPhoto{}, err
	}
	p, fid, err := s.store.FollowUpPhoto(ctx, id)
	if err != nil {
		return p, err
	}
	f, err := s.store.FollowUp(ctx, fid)
	if err != nil {
		return p, err
	}
	if f.RegionCode != region || unit != "" && f.OwnerUnit != unit {
		return domain.FollowUpPhoto{}, domain.E(domain.ENOTFOUND, "cadence.photo.unknown", id)
	}
	return p, nil
}

// followUpNote checks an analyst's note: not empty, not too long.
func followUpNote(note string) (string, error) {
	note = strings.TrimSpace(note)
	if note == "" {
		return "", domain.E(domain.EINVALID, "cadence.note_missing")
	}
	if len([]rune(note)) > domain.MaxFollowUpText {
		return "", domain.E(domain.EINVALID, "cadence.followup.text_long", domain.MaxFollowUpText)
	}
	return note, nil
}

// Overdue lists region's follow-ups overdue on day (not done, deadline before day), for the
// escalation job: the dashboard, the next agenda and notifications to the owner unit and the
// leader in charge.
func (s *Service) Overdue(ctx context.Context, region string, day time.Time) ([]domain.FollowUp, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	fs, err := s.store.FollowUps(ctx, store.FollowUpQuery{Region: region, NotDone: true})
	if err != nil {
		return nil, err
	}
	var out []domain.FollowUp
	for _, f := range fs {
		if f.StatusOn(day) == domain.FollowUpOverdue {
			out = append(out, f)
		}
	}
	return out, nil
}
