package cadence

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// AddItem puts an item on a week's agenda (the analyst's): kind one of Kinds and its reference;
// title, when given, is the item's title. It goes last; the order of every item is kept as it
// was shown.
func (s *Service) AddItem(ctx context.Context, by domain.Actor, region, week, kind, ref, title string) error {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return err
	}
	ref, title = strings.TrimSpace(ref), strings.TrimSpace(title)
	if !slices.Contains(Kinds, kind) {
		return domain.E(domain.EINVALID, "cadence.agenda.bad_kind", kind)
	}
	if ref == "" {
		return domain.E(domain.EINVALID, "cadence.agenda.ref_missing")
	}
	if utf8.RuneCountInString(title) > domain.MaxFollowUpText {
		return domain.E(domain.EINVALID, "cadence.followup.text_long", domain.MaxFollowUpText)
	}
	a, err := s.WeeklyAgenda(ctx, region, week)
	if err != nil {
		return err
	}
	if err := s.checkRef(ctx, region, kind, ref); err != nil {
		return err
	}
	for _, it := range a.Items {
		if it.Kind == kind && it.Ref == ref && it.Added {
			return domain.E(domain.ECONFLICT, "cadence.agenda.already", kind, ref)
		}
	}
	entries := entriesOf(a.Items)
	found := false
	for i := range entries {
		if entries[i].Kind == kind && entries[i].Ref == ref {
			entries[i].Added, entries[i].Title, found = true, title, true
		}
	}
	if !found {
		entries = append(entries, store.AgendaEntry{Kind: kind, Ref: ref, Title: title, Added: true, Position: len(entries) + 1})
	}
	return s.store.SetAgendaEntries(ctx, who(by), region, a.Week, entries)
}

// checkRef refuses a reference to an indicator not in the catalogue, a key project or lead not of
// region (checkLink) or a follow-up not of region.
func (s *Service) checkRef(ctx context.Context, region, kind, ref string) error {
	switch kind {
	case KindIndicator, KindProject, KindLead:
		return s.checkLink(ctx, region, kind, ref)
	case KindFollowUp:
		_, err := s.followUp(ctx, region, ref)
		return err
	}
	return nil
}

// MoveItem moves an item of a week's agenda up (delta < 0) or down by one place.
func (s *Service) MoveItem(ctx context.Context, by domain.Actor, region, week, kind, ref string, delta int) error {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return err
	}
	a, err := s.WeeklyAgenda(ctx, region, week)
	if err != nil {
		return err
	}
	entries := entriesOf(a.Items)
	i := slices.IndexFunc(entries, func(e store.AgendaEntry) bool { return e.Kind == kind && e.Ref == ref })
	if i < 0 {
		return domain.E(domain.ENOTFOUND, "cadence.agenda.no_item", kind, ref)
	}
	j := i + 1
	if delta < 0 {
		j = i - 1
	}
	if j < 0 || j >= len(entries) {
		return nil
	}
	entries[i], entries[j] = entries[j], entries[i]
	for k := range entries {
		entries[k].Position = k + 1
	}
	return s.store.SetAgendaEntries(ctx, who(by), region, a.Week, entries)
}

// RemoveItem takes an item the analyst added off a week's agenda (items the data brings stay).
func (s *Service) RemoveItem(ctx context.Context, by domain.Actor, region, week, kind, ref string) error {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return err
	}
	a, err := s.WeeklyAgenda(ctx, region, week)
	if err != nil {
		return err
	}
	entries := entriesOf(a.Items)
	i := slices.IndexFunc(entries, func(e store.AgendaEntry) bool { return e.Kind == kind && e.Ref == ref && e.Added })
	if i < 0 {
		return domain.E(domain.ENOTFOUND, "cadence.agenda.no_item", kind, ref)
	}
	entries = slices.Delete(entries, i, i+1)
	for k := range entries {
		entries[k].Position = k + 1
	}
	return s.store.SetAgendaEntries(ctx, who(by), region, a.Week, entries)
}

// entriesOf is the order of items as entries: every item placed, the added ones with their title.
func entriesOf(items []Item) []store.AgendaEntry {
	out := make([]store.AgendaEntry, len(items))
	for i, it := range items {
		out[i] = store.AgendaEntry{Kind: it.Kind, Ref: it.Ref, Position: i + 1, Added: it.Added}
		if it.Added {
			out[i].Title = it.Custom
		}
	}
	return out
}

// Decision is a meeting's decision: it becomes a follow-up of its owner unit with a deadline.
type Decision struct {
	Title, OwnerUnit, Deadline string
	Cooperating                []string
	LinkKind, LinkRef          string
	Leader                     string // the leader in charge's username; "" for the linked project's, if any
}

// RecordMeeting records a week's dispatch meeting (day held, chair, attendees) and its
// decisions, each a new follow-up, in one transaction.
func (s *Service) RecordMeeting(ctx context.Context, by domain.Actor, m domain.Meeting, decisions []Decision) (domain.Meeting, []domain.FollowUp, error) {
	if err := domain.InScope(ctx, s.store, m.RegionCode, ""); err != nil {
		return domain.Meeting{}, nil, err
	}
	m.Chair = strings.TrimSpace(m.Chair)
	var att []string
	for _, a := range m.Attendees {
		if a = strings.TrimSpace(a); a != "" {
			att = append(att, a)
		}
	}
	m.Attendees = att
	if err := m.Validate(); err != nil {
		return m, nil, err
	}
	monday, _ := domain.ParseISOWeek(m.Week)
	held, _ := domain.ParseDay(m.HeldOn)
	m.Week, m.HeldOn = domain.ISOWeek(monday), held.Format(domain.DayLayout)
	if _, err := s.store.Region(ctx, m.RegionCode); err != nil {
		return m, nil, err
	}
	var fus []domain.FollowUp
	for _, d := range decisions {
		f, err := s.newFollowUp(ctx, m.RegionCode, d)
		if err != nil {
			return m, nil, err
		}
		fus = append(fus, f)
	}
	if len(fus) == 0 {
		return m, nil, domain.E(domain.EINVALID, "cadence.meeting.no_decision")
	}
	return s.store.RecordMeeting(ctx, who(by), m, fus, assignedNotice)
}

// Minutes is a recorded meeting with its decisions as they stand now.
type Minutes struct {
	Meeting   domain.Meeting
	Region    domain.Region
	Decisions []domain.FollowUp
	Units     map[string]string
}

// Minutes returns a meeting of region with its decisions.
func (s *Service) Minutes(ctx context.Context, region string, id int64) (*Minutes, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	m, err := s.store.Meeting(ctx, id)
	if err != nil {
		return nil, err
	}
	if m.RegionCode != region {
		return nil, domain.E(domain.ENOTFOUND, "cadence.meeting.unknown", id)
	}
	reg, err := s.store.Region(ctx, region)
	if err != nil {
		return nil, err
	}
	ds, err := s.store.FollowUps(ctx, store.FollowUpQuery{Region: region, MeetingID: id})
	if err != nil {
		return nil, err
	}
	units, err := s.unitNames(ctx, region)
	return &Minutes{Meeting: m, Region: reg, Decisions: ds, Units: units}, err
}

// Meetings lists a region's meetings, latest first.
func (s *Service) Meetings(ctx context.Context, region string) ([]domain.Meeting, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	return s.store.Meetings(ctx, region, "")
}

// DispatchView is the dispatch page: a week's agenda, the region's meetings, its units in use
// (for the decisions' owners), and the weeks either side.
type DispatchView struct {
	Agenda     *Agenda
	Meetings   []domain.Meeting
	Units      []domain.Unit
	Leaders    []domain.User // the leader accounts a decision's leader in charge may be
	Prev, Next string
}

// DispatchView assembles the dispatch page of region for week.
func (s *Service) DispatchView(ctx context.Context, region, week string) (*DispatchView, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	a, err := s.WeeklyAgenda(ctx, region, week)
	if err != nil {
		return nil, err
	}
	v := &DispatchView{Agenda: a, Prev: domain.ISOWeek(a.Monday.AddDate(0, 0, -7)), Next: domain.ISOWeek(a.Monday.AddDate(0, 0, 7))}
	if v.Meetings, err = s.store.Meetings(ctx, region, ""); err != nil {
		return nil, err
	}
	if v.Units, err = s.store.Units(ctx, region); err != nil {
		return nil, err
	}
	v.Leaders, err = s.Leaders(ctx, region)
	return v, err
}
