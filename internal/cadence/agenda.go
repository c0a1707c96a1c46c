package cadence

import (
	"context"
	"slices"
	"strconv"
	"time"

	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/scorecard"
	"pacer/internal/store"
)

// Agenda item kinds (the `kind` of the agenda's JSON). Late data is an indicator item with the
// status late_data, its owner the unit late with it.
const (
	KindIndicator = "indicator"
	KindProject   = "project"
	KindLead      = "lead"
	KindFollowUp  = "followup"
)

// Kinds are the kinds an agenda item may have.
var Kinds = []string{KindIndicator, KindProject, KindLead, KindFollowUp}

// Item is one item of a week's agenda. Title is rendered by Agenda.In: Subject (SubjectEN in
// English, when given) is the first argument of the message Title.
type Item struct {
	Kind, Ref string
	Status    string // red | yellow | stale | late_data for an indicator; a follow-up's status; a register's own
	Owner     string // the owner unit's code ("" when none is known)
	Due       string // YYYY-MM-DD, "" when none

	Subject, SubjectEN string
	Title              locale.Msg
	Custom             string // the analyst's own title, which wins

	Added   bool            // put on the agenda by the analyst
	Line    *scorecard.Line // an indicator's scorecard line (for the display's chart)
	Section string          // a catalogue key: where the data brought it from
}

// Agenda is a week's dispatch agenda (周调度) of a region.
type Agenda struct {
	Week        string
	Region      domain.Region
	Monday      time.Time
	Period      string // the figures': the latest month ended before Monday
	Items       []Item
	LastMeeting *domain.Meeting
	Units       map[string]string // unit code → name
}

// ItemView is an agenda item as the JSON contract and pages give it.
type ItemView struct {
	Kind   string  `json:"kind"`
	Ref    string  `json:"ref"`
	Title  string  `json:"title"`
	Status string  `json:"status"`
	Owner  string  `json:"owner"`
	Due    *string `json:"due"`

	OwnerName string          `json:"-"`
	Added     bool            `json:"-"`
	Line      *scorecard.Line `json:"-"`
	Section   string          `json:"-"`
}

// AgendaView is the agenda rendered in one language: `pacer dispatch agenda --json`.
type AgendaView struct {
	Week  string     `json:"week"`
	Items []ItemView `json:"items"`
}

// In renders the agenda's titles in lang.
func (a *Agenda) In(lang string) AgendaView {
	v := AgendaView{Week: a.Week, Items: []ItemView{}}
	for _, it := range a.Items {
		v.Items = append(v.Items, it.view(lang, a.Units))
	}
	return v
}

func (it Item) view(lang string, units map[string]string) ItemView {
	v := ItemView{Kind: it.Kind, Ref: it.Ref, Status: it.Status, Owner: it.Owner, OwnerName: units[it.Owner],
		Added: it.Added, Line: it.Line, Section: it.Section}
	if v.OwnerName == "" {
		v.OwnerName = it.Owner
	}
	if it.Due != "" {
		d := it.Due
		v.Due = &d
	}
	v.Title = it.TitleIn(lang)
	return v
}

// TitleIn is the item's title in lang.
func (it Item) TitleIn(lang string) string {
	if it.Custom != "" {
		return it.Custom
	}
	subject := it.Subject
	if lang == "en" && it.SubjectEN != "" {
		subject = it.SubjectEN
	}
	if it.Title.IsZero() {
		return subject
	}
	return locale.T(lang, it.Title.Key, append([]any{subject}, it.Title.Args...)...)
}

// WeekPeriod returns the Monday a week (YYYY-Www) starts and the period of the figures its
// agenda uses: the latest month whose last day is before that Monday.
func WeekPeriod(week string) (time.Time, pace.Period, error) {
	monday, err := domain.ParseISOWeek(week)
	if err != nil {
		return monday, pace.Period{}, err
	}
	y, m := domain.PeriodBefore(monday)
	return monday, pace.Period{Year: y, Month: m}, nil
}

// WeeklyAgenda is the weekly job: the agenda of region for week (YYYY-Www), drawn from the
// figures whose period ended before the week starts, the follow-ups and the last meeting, in the
// order the analyst set. It writes nothing.
func (s *Service) WeeklyAgenda(ctx context.Context, region, week string) (*Agenda, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	monday, period, err := WeekPeriod(week)
	if err != nil {
		return nil, err
	}
	reg, err := s.store.Region(ctx, region)
	if err != nil {
		return nil, err
	}
	a := &Agenda{Week: domain.ISOWeek(monday), Region: reg, Monday: monday, Period: period.String()}
	if a.Units, err = s.unitNames(ctx, region); err != nil {
		return nil, err
	}
	sc, err := s.scorecards.Scorecard(ctx, region, a.Period)
	if err != nil {
		return nil, err
	}
	owners, err := s.indicatorOwners(ctx, region)
	if err != nil {
		return nil, err
	}
	items := indicatorItems(sc, owners)
	for _, p := range []ItemProvider{s.Projects, s.Leads, s.LateData} {
		if p == nil {
			continue
		}
		more, err := p(ctx, region, monday)
		if err != nil {
			return nil, err
		}
		items = append(items, more...)
	}
	fus, last, err := s.followUpItems(ctx, region, monday)
	if err != nil {
		return nil, err
	}
	a.LastMeeting = last
	items = append(items, fus...)
	entries, err := s.store.AgendaEntries(ctx, region, a.Week)
	if err != nil {
		return nil, err
	}
	a.Items, err = s.arrange(ctx, region, monday, sc, owners, items, entries)
	return a, err
}

// indicatorOwners maps each indicator to the unit of region (or of its towns) that reports it.
func (s *Service) indicatorOwners(ctx context.Context, region string) (map[string]string, error) {
	us, err := s.store.Units(ctx, region)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, u := range us {
		as, err := s.store.Assignments(ctx, u.Code)
		if err != nil {
			return nil, err
		}
		for _, x := range as {
			if x.RegionCode == region && out[x.IndicatorCode] == "" {
				out[x.IndicatorCode] = u.Code
			}
		}
	}
	return out, nil
}

// PrimaryTier is the tier a line is judged by on the agenda and in snapshots: the assigned
// target (下达) when there is one, else the first.
func PrimaryTier(l scorecard.Line) *scorecard.TierLine {
	for i := range l.Targets {
		if l.Targets[i].Tier == string(domain.Assigned) {
			return &l.Targets[i]
		}
	}
	if len(l.Targets) > 0 {
		return &l.Targets[0]
	}
	return nil
}

// indicatorItems are the red and yellow lines with their 需增速, then the stale ones (数据未报,
// never red: their figure is old, not bad).
func indicatorItems(sc *scorecard.Scorecard, owners map[string]string) []Item {
	var red, yellow, stale []Item
	for i := range sc.Indicators {
		l := sc.Indicators[i]
		t := PrimaryTier(l)
		if t == nil {
			continue
		}
		it := Item{Kind: KindIndicator, Ref: l.Code, Subject: l.Name, SubjectEN: l.NameEN, Owner: owners[l.Code], Line: &sc.Indicators[i]}
		switch {
		case l.Stale || t.Status == string(pace.StatusStale):
			it.Status, it.Section = string(pace.StatusStale), "cadence.section.stale"
			asOf := ""
			if l.Period != nil {
				asOf = *l.Period
			}
			it.Title = locale.M("cadence.item.stale", asOf)
			stale = append(stale, it)
		case t.Status == string(pace.StatusRed) || t.Status == string(pace.StatusYellow):
			it.Status, it.Section = t.Status, "cadence.section.indicators"
			st := locale.Key("status." + t.Status)
			switch {
			case t.RequiredGrowth != nil && t.RequiredGrowthBound != nil && *t.RequiredGrowthBound == "max":
				it.Title = locale.M("cadence.item.behind_max", st, display.Growth(t.RequiredGrowth))
			case t.RequiredGrowth != nil:
				it.Title = locale.M("cadence.item.behind_required", st, display.Growth(t.RequiredGrowth))
			default:
				it.Title = locale.M("cadence.item.behind", st)
			}
			if t.Status == string(pace.StatusRed) {
				red = append(red, it)
			} else {
				yellow = append(yellow, it)
			}
		}
	}
	return append(append(red, yellow...), stale...)
}

// followUpItems are the follow-ups overdue or due in the week starting monday, then what the
// last meeting before it decided and whether it was done; and that meeting.
func (s *Service) followUpItems(ctx context.Context, region string, monday time.Time) ([]Item, *domain.Meeting, error) {
	sunday := monday.AddDate(0, 0, 6).Format(domain.DayLayout)
	open, err := s.store.FollowUps(ctx, store.FollowUpQuery{Region: region, NotDone: true})
	if err != nil {
		return nil, nil, err
	}
	ms, err := s.store.Meetings(ctx, region, monday.Format(domain.DayLayout))
	if err != nil {
		return nil, nil, err
	}
	var last *domain.Meeting
	var decisions []domain.FollowUp
	if len(ms) > 0 {
		last = &ms[0]
		if decisions, err = s.store.FollowUps(ctx, store.FollowUpQuery{Region: region, MeetingID: last.ID}); err != nil {
			return nil, nil, err
		}
	}
	leaders, err := s.leaderNames(ctx)
	if err != nil {
		return nil, nil, err
	}
	fromLast := map[int64]bool{}
	for _, d := range decisions {
		fromLast[d.ID] = true
	}
	var out []Item
	for _, f := range open {
		if fromLast[f.ID] || f.Deadline > sunday {
			continue
		}
		it := followUpItem(f, monday, leaderLabel(leaders, f.Leader))
		it.Section = "cadence.section.followups"
		out = append(out, it)
	}
	for _, f := range decisions {
		leader := leaderLabel(leaders, f.Leader)
		it := followUpItem(f, monday, leader)
		it.Section = "cadence.section.last_meeting"
		it.Title = locale.M("cadence.item.decision", last.HeldOn, locale.Key("cadence.status."+it.Status))
		if leader != "" {
			it.Title = locale.M("cadence.item.decision_leader", last.HeldOn, locale.Key("cadence.status."+it.Status), leader)
		}
		out = append(out, it)
	}
	return out, last, nil
}

// followUpItem is f on the agenda of the week starting monday; leader is its leader in charge's
// name ("" for none), named in the title.
func followUpItem(f domain.FollowUp, monday time.Time, leader string) Item {
	st := f.StatusOn(monday)
	title := locale.M("cadence.item.followup", locale.Key("cadence.status."+st))
	if leader != "" {
		title = locale.M("cadence.item.followup_leader", locale.Key("cadence.status."+st), leader)
	}
	return Item{Kind: KindFollowUp, Ref: strconv.FormatInt(f.ID, 10), Status: st, Owner: f.OwnerUnit, Due: f.Deadline,
		Subject: f.Title, Title: title}
}

// arrange puts the analyst's entries into the items the data brought: entries in their order
// first (an added entry makes an item of its own when the data did not bring it), the rest after.
func (s *Service) arrange(ctx context.Context, region string, monday time.Time, sc *scorecard.Scorecard, owners map[string]string,
	items []Item, entries []store.AgendaEntry) ([]Item, error) {
	pos := map[string]int{}
	have := map[string]bool{}
	for _, it := range items {
		have[it.Kind+":"+it.Ref] = true
	}
	for _, e := range entries {
		k := e.Kind + ":" + e.Ref
		pos[k] = e.Position
		if !e.Added {
			continue
		}
		if have[k] {
			for i := range items {
				if items[i].Kind+":"+items[i].Ref == k {
					items[i].Added, items[i].Custom = true, e.Title
				}
			}
			continue
		}
		it, err := s.resolve(ctx, region, monday, sc, owners, e.Kind, e.Ref)
		if err != nil {
			return nil, err
		}
		it.Added, it.Custom, it.Section = true, e.Title, "cadence.section.added"
		items = append(items, it)
		have[k] = true
	}
	slices.SortStableFunc(items, func(a, b Item) int {
		pa, oka := pos[a.Kind+":"+a.Ref]
		pb, okb := pos[b.Kind+":"+b.Ref]
		switch {
		case oka && okb:
			return pa - pb
		case oka:
			return -1
		case okb:
			return 1
		}
		return 0
	})
	return items, nil
}

// resolve makes the item the analyst added: an indicator's or a follow-up's own status and
// title; a project or lead by its reference alone (its register's status is its own).
func (s *Service) resolve(ctx context.Context, region string, monday time.Time, sc *scorecard.Scorecard, owners map[string]string, kind, ref string) (Item, error) {
	it := Item{Kind: kind, Ref: ref, Subject: ref, Status: "added"}
	switch kind {
	case KindIndicator:
		for i := range sc.Indicators {
			if l := sc.Indicators[i]; l.Code == ref {
				it.Subject, it.SubjectEN, it.Line, it.Owner = l.Name, l.NameEN, &sc.Indicators[i], owners[ref]
				if t := PrimaryTier(l); t != nil {
					it.Status = t.Status
				}
			}
		}
	case KindProject, KindLead:
		l, ok, err := s.linkTarget(ctx, region, kind, ref)
		if err != nil {
			return it, err
		}
		if ok {
			it.Subject = l.Name
		}
	case KindFollowUp:
		id, err := strconv.ParseInt(ref, 10, 64)
		if err != nil {
			return it, domain.E(domain.EINVALID, "cadence.agenda.bad_ref", kind, ref)
		}
		f, err := s.store.FollowUp(ctx, id)
		if err != nil {
			return it, err
		}
		if f.RegionCode == region {
			leaders, err := s.leaderNames(ctx)
			if err != nil {
				return it, err
			}
			it = followUpItem(f, monday, leaderLabel(leaders, f.Leader))
		}
	}
	return it, nil
}

// DefaultWeek is the week a page opens at for a period (YYYY-MM): the first week whose Monday
// comes after the period's last day, so that its agenda uses that period's figures.
func DefaultWeek(period string) string {
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return ""
	}
	d := time.Date(p.Year, time.Month(p.Month)+1, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Monday {
		d = d.AddDate(0, 0, 1)
	}
	return domain.ISOWeek(d)
}
