package cadence

import (
	"context"
	"slices"
	"time"

	"pacer/internal/domain"
)

// OverdueFollowUp is a follow-up past its deadline as the escalation shows it (issue 13 §2): on
// the dashboard and in the owner unit's notice.
type OverdueFollowUp struct {
	domain.FollowUp
	OwnerName  string
	LeaderName string // the leader in charge's name, "" when none
	Days       int    // whole days since the deadline (1 the day after it)
}

// Escalation lists region's follow-ups overdue on day (see Overdue), the longest overdue first,
// with their owner unit's and leader's names and how many days they are overdue.
func (s *Service) Escalation(ctx context.Context, region string, day time.Time) ([]OverdueFollowUp, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	fs, err := s.Overdue(ctx, region, day)
	if err != nil || len(fs) == 0 {
		return nil, err
	}
	names, err := s.unitNames(ctx, region)
	if err != nil {
		return nil, err
	}
	leaders, err := s.leaderNames(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]OverdueFollowUp, 0, len(fs))
	for _, f := range fs {
		d, _ := domain.ParseDay(f.Deadline) // Overdue lists only follow-ups whose deadline parses
		out = append(out, OverdueFollowUp{FollowUp: f, OwnerName: nameOr(names, f.OwnerUnit), LeaderName: leaderLabel(leaders, f.Leader),
			Days: int(day.Sub(d).Hours() / 24)})
	}
	slices.SortStableFunc(out, func(a, b OverdueFollowUp) int {
		if a.Days != b.Days {
			return b.Days - a.Days
		}
		return int(a.ID - b.ID)
	})
	return out, nil
}

// EscalationToday is Escalation on the store's today (the dashboard's).
func (s *Service) EscalationToday(ctx context.Context, region string) ([]OverdueFollowUp, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	return s.Escalation(ctx, region, s.store.Now())
}

// Now is the store's time: the day the dashboard lists overdue follow-ups on.
func (s *Service) Now() time.Time { return s.store.Now() }
