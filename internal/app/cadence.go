package app

import (
	"context"
	"fmt"
	"time"

	"pacer/internal/cadence"
	"pacer/internal/domain"
	"pacer/internal/leads"
	"pacer/internal/locale"
	"pacer/internal/projects"
	"pacer/internal/schedule"
	"pacer/internal/web"
)

// The registers on the weekly agenda (issue 13 §1): key projects late on a milestone or stuck at
// a stage past its date, and attraction leads past their response deadline.

// projectItems lists, for the week starting monday, the projects of region (its towns included)
// that the stage worklists of the month before show overdue: "late" for a milestone missed,
// "stuck" for a stage that should have moved by its date.
func projectItems(prj *projects.Service) cadence.ItemProvider {
	return func(ctx context.Context, region string, monday time.Time) ([]cadence.Item, error) {
		y, m := domain.PeriodBefore(monday)
		wls, err := prj.Worklists(ctx, region, fmt.Sprintf("%04d-%02d", y, m))
		if err != nil {
			return nil, err
		}
		var out []cadence.Item
		seen := map[string]bool{}
		for _, wl := range wls {
			for _, it := range wl.Items {
				if it.DaysOverdue <= 0 || seen[it.Code] {
					continue
				}
				seen[it.Code] = true
				status := "stuck"
				if wl.List == domain.WorkLate {
					status = "late"
				}
				out = append(out, cadence.Item{Kind: cadence.KindProject, Ref: it.Code, Status: status, Owner: it.OwnerUnit,
					Due: it.Planned, Subject: it.Name,
					Title:   locale.M("agenda.item.project", locale.Key("projects.work."+string(wl.List)), it.DaysOverdue),
					Section: "agenda.section.projects"})
			}
		}
		return out, nil
	}
}

// leadItems lists the leads of region whose response, assessment or feedback is past its
// deadline on the week's Monday.
func leadItems(ld *leads.Service) cadence.ItemProvider {
	return func(ctx context.Context, region string, monday time.Time) ([]cadence.Item, error) {
		y, m := domain.PeriodBefore(monday)
		f, err := ld.Funnel(ctx, region, fmt.Sprintf("%04d-%02d", y, m), monday.Format("2006-01-02"), leads.Filter{})
		if err != nil {
			return nil, err
		}
		var out []cadence.Item
		for _, l := range f.Overdue {
			out = append(out, cadence.Item{Kind: cadence.KindLead, Ref: l.Code, Status: "unanswered", Due: l.Overdue.Due,
				Subject: l.Name, Title: locale.M("agenda.item.lead", locale.Key("attraction.step."+l.Overdue.Step), l.Overdue.Days),
				Section: "agenda.section.leads"})
		}
		return out, nil
	}
}

// cadenceJobs are the cadence's scheduled jobs over the home county: the semi-monthly snapshot
// on the 15th and at month end (06:00), the weekly agenda on Monday (07:00), announced to
// each unit with items on it (its subscribers of agenda.ready), and each day (08:00) the
// overdue follow-ups not yet escalated, each announced to its owner unit and its leader in
// charge (their subscribers of followup.overdue).
func cadenceJobs(sv web.Services) []schedule.Job {
	home := func(ctx context.Context) (string, error) {
		h, err := sv.Setup.Home(ctx)
		if err != nil {
			return "", err
		}
		if h.Region.Code == "" {
			return "", nil // not set up yet: nothing to do
		}
		return h.Region.Code, nil
	}
	return []schedule.Job{
		{Name: "snapshot", Due: schedule.MonthDays(6, 15, 0), Run: func(ctx context.Context, now time.Time) error {
			region, err := home(ctx)
			if err != nil || region == "" {
				return err
			}
			_, err = sv.Cadence.TakeSnapshot(ctx, region, now.Format("2006-01-02"))
			return err
		}},
		{Name: "weekly_agenda", Due: schedule.Weekly(time.Monday, 7), Run: func(ctx context.Context, now time.Time) error {
			region, err := home(ctx)
			if err != nil || region == "" {
				return err
			}
			y, w := now.ISOWeek()
			week := fmt.Sprintf("%04d-W%02d", y, w)
			a, err := sv.Cadence.WeeklyAgenda(ctx, region, week)
			if err != nil {
				return err
			}
			// Each unit with items on the agenda hears of them (subscriptions are per unit); an
			// owner that is no unit of the county (a register's free-text owner) hears nothing.
			reg, err := sv.Units.List(ctx, region)
			if err != nil {
				return err
			}
			known := map[string]bool{}
			for _, u := range reg.Units {
				known[u.Code] = true
			}
			per := map[string]int{}
			var units []string
			for _, it := range a.Items {
				if !known[it.Owner] {
					continue
				}
				if per[it.Owner] == 0 {
					units = append(units, it.Owner)
				}
				per[it.Owner]++
			}
			var events []domain.Event
			for _, u := range units {
				events = append(events, domain.Event{Kind: "agenda.ready", UnitCode: u,
					Subject: locale.T("zh-CN", "agenda.ready.subject", week),
					Text:    locale.T("zh-CN", "agenda.ready.text", week, per[u]),
					Data:    map[string]any{"region": region, "week": week, "items": per[u]}})
			}
			if len(events) == 0 {
				return nil
			}
			_, err = sv.Notify.Notify(ctx, domain.Actor{Username: "scheduler"}, events...)
			return err
		}},
		{Name: "followup_overdue", Due: schedule.Daily(8), Run: func(ctx context.Context, now time.Time) error {
			region, err := home(ctx)
			if err != nil || region == "" {
				return err
			}
			return followUpOverdue(ctx, sv, region, now)
		}},
	}
}

// followUpOverdue escalates the overdue follow-ups (issue 13 §2): each one's owner unit and its
// leader in charge are told once per overdue episode (cadence.Service.EscalateOverdue), however
// often the job runs — the daily slot only bounds how late an episode is noticed.
func followUpOverdue(ctx context.Context, sv web.Services, region string, now time.Time) error {
	_, err := sv.Cadence.EscalateOverdue(ctx, domain.Actor{Username: "scheduler"}, region, now)
	return err
}
