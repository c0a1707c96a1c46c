package app

import (
	"context"
	"sync"
	"time"

	"pacer/internal/domain"
	"pacer/internal/setup"
	"pacer/internal/web"
)

// The monthly analysis's draft (issue 14 §7): on the configured day of each month (the setting
// report_draft_day, the 12th by default) at 07:00 the scheduler keeps a draft of the home
// county's report at the latest period with a figure, and tells the county's units that hear
// of report.draft and the analysts through their own subscriptions (set on /notify). A draft of figures already kept
// is not kept again: a second run in the month keeps nothing and tells nobody.

// monthlyDraftDue is due from the configured day of the month at 07:00 until the month ends;
// slot "2026-12" — a month's draft is one run. The day is read from the settings at most once a
// minute.
func monthlyDraftDue(sv web.Services) func(time.Time) (string, bool) {
	var mu sync.Mutex
	day, read := setup.DefaultDraftDay, time.Time{}
	return func(now time.Time) (string, bool) {
		mu.Lock()
		if sv.Setup != nil && time.Since(read) > time.Minute {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if d, err := sv.Setup.DraftDay(ctx); err == nil {
				day, read = d, time.Now()
			}
			cancel()
		}
		d := day
		mu.Unlock()
		at := time.Date(now.Year(), now.Month(), d, 7, 0, 0, 0, now.Location())
		return now.Format("2006-01"), !now.Before(at)
	}
}

// monthlyDraft keeps the home county's draft at its latest period and tells its units.
func monthlyDraft(sv web.Services) func(context.Context, time.Time) error {
	return func(ctx context.Context, _ time.Time) error {
		h, err := sv.Setup.Home(ctx)
		if err != nil || !h.Set() || h.Latest == "" {
			return err // not set up, or no figure yet: nothing to draft
		}
		reg, err := sv.Units.List(ctx, h.Region.Code)
		if err != nil {
			return err
		}
		var tell []string
		for _, u := range reg.Units {
			tell = append(tell, u.Code)
		}
		users, err := sv.Accounts.Users(ctx)
		if err != nil {
			return err
		}
		var analysts []string
		for _, u := range users {
			if u.Role == domain.RoleAnalyst && !u.Disabled {
				analysts = append(analysts, u.Username)
			}
		}
		_, _, err = sv.Reports.Draft(ctx, domain.Actor{Username: "scheduler"}, h.Region.Code, h.Latest, tell, analysts)
		return err
	}
}
