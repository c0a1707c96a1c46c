package app

import (
	"context"
	"fmt"
	"time"

	"pacer/internal/cadence"
	"pacer/internal/deadlines"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/report"
	"pacer/internal/schedule"
	"pacer/internal/scorecard"
	"pacer/internal/web"
)

// Late data on the weekly agenda and the monthly pack's files (issue 13 §7).

// lateItems lists, for the week starting monday, each figure late on that day: an indicator item
// with the status late_data, owned by the unit late with it, due on its deadline.
func lateItems(dl *deadlines.Service) cadence.ItemProvider {
	return func(ctx context.Context, region string, monday time.Time) ([]cadence.Item, error) {
		late, err := dl.Late(ctx, region, monday)
		if err != nil {
			return nil, err
		}
		var out []cadence.Item
		for _, u := range late {
			for _, it := range u.Items {
				out = append(out, cadence.Item{Kind: cadence.KindIndicator, Ref: it.Indicator.Code, Status: "late_data", Owner: u.Unit.Code,
					Due: it.Deadline, Subject: it.Indicator.Name, SubjectEN: it.Indicator.NameEN,
					Title:   locale.M("agenda.item.late_data", it.Period, it.Days),
					Section: "agenda.section.late_data"})
			}
		}
		return out, nil
	}
}

// Content types of the pack's files.
const (
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// packFiles builds the monthly pack in Chinese: the scorecard .xlsx (the scorecard page's
// download) and the monthly analysis .docx.
func packFiles(sc *scorecard.Service, rp *report.Service) deadlines.PackBuilder {
	return func(ctx context.Context, region, period string) ([]domain.Attachment, error) {
		const lang = "zh-CN"
		card, err := sc.Scorecard(ctx, region, period)
		if err != nil {
			return nil, err
		}
		name, xlsx, err := web.ScorecardXLSX(lang, card)
		if err != nil {
			return nil, err
		}
		doc, err := rp.MonthlyDocx(ctx, region, period, lang)
		if err != nil {
			return nil, fmt.Errorf("monthly analysis %s %s: %w", region, period, err)
		}
		return []domain.Attachment{
			{Name: name, ContentType: xlsxType, Data: xlsx},
			{Name: card.Region.Name + "-" + period + "-" + locale.T(lang, "pack.report") + ".docx", ContentType: docxType, Data: doc},
		}, nil
	}
}

// deadlineJobs are the round's jobs over the home county: each day (09:00) the late data —
// reminders to units late past their deadline and escalations to the analyst, each told once —
// and each day (07:00) the monthly pack, which goes out once a period from its configured day.
func deadlineJobs(sv web.Services) []schedule.Job {
	home := func(ctx context.Context) (string, error) {
		h, err := sv.Setup.Home(ctx)
		if err != nil {
			return "", err
		}
		return h.Region.Code, nil // "" before the deployment is set up: nothing to do
	}
	return []schedule.Job{
		{Name: "late_data", Due: schedule.Daily(9), Run: func(ctx context.Context, now time.Time) error {
			region, err := home(ctx)
			if err != nil || region == "" {
				return err
			}
			_, err = sv.Deadlines.Remind(ctx, region, now)
			return err
		}},
		{Name: "monthly_pack", Due: schedule.Daily(7), Run: func(ctx context.Context, now time.Time) error {
			region, err := home(ctx)
			if err != nil || region == "" {
				return err
			}
			_, err = sv.Deadlines.SendPack(ctx, region, now)
			return err
		}},
	}
}
