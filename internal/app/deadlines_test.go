package app_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"pacer/internal/app"
	"pacer/internal/cadence"
	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/web"
)

// TestAgendaLateData: the weekly agenda lists each figure late on its Monday as an indicator
// item with the status late_data, the late unit its owner and the deadline its due date — the
// demo's open July 2023, due 2023-08-10: on the agenda of 2023-W33 (Monday 14 August), not on
// that of 2023-W32 (Monday 7 August). GDP, quarterly, is not due for July.
func TestAgendaLateData(t *testing.T) {
	ctx := context.Background()
	eachDemo(t, func(t *testing.T, st *store.Store, sv web.Services) {
		if _, err := demo.SetUp(ctx, st, "Demo-2023x"); err != nil {
			t.Fatal(err)
		}
		late := func(week string) []cadence.ItemView {
			t.Helper()
			a, err := sv.Cadence.WeeklyAgenda(ctx, demo.Region, week)
			if err != nil {
				t.Fatal(err)
			}
			v := a.In("zh-CN")
			b, err := json.Marshal(v)
			if err != nil || !strings.Contains(string(b), `"kind":"indicator"`) {
				t.Fatalf("agenda JSON: %s, %v", b, err)
			}
			var out []cadence.ItemView
			for _, it := range v.Items {
				if !slices.Contains(cadence.Kinds, it.Kind) {
					t.Errorf("item %+v: kind not one of %v", it, cadence.Kinds)
				}
				if it.Status == "late_data" {
					out = append(out, it)
				}
			}
			return out
		}
		if got := late("2023-W32"); len(got) != 0 {
			t.Errorf("2023-W32: got %+v, want no late data before the deadline", got)
		}
		got := late("2023-W33")
		var retail *cadence.ItemView
		for i, it := range got {
			if it.Kind != cadence.KindIndicator {
				t.Errorf("late item %+v: kind %s, want indicator", it, it.Kind)
			}
			if it.Ref == "gdp" {
				t.Errorf("late item %+v: GDP is not due for July", it)
			}
			if it.Ref == "retail" {
				retail = &got[i]
			}
		}
		if retail == nil || retail.Owner != demo.ReporterUnit || retail.Due == nil || *retail.Due != "2023-08-10" ||
			!strings.Contains(retail.Title, "2023-07") || !strings.Contains(retail.Title, "逾期未报 4 天") {
			t.Fatalf("2023-W33: got %+v, want retail late by %s, due 2023-08-10, 4 days", got, demo.ReporterUnit)
		}
		// The late_data job reminds the reporter's unit once, through app.Jobs.
		if _, err := sv.Notify.Subscribe(ctx, domain.Actor{Username: "ana"}, domain.Subscription{UnitCode: demo.ReporterUnit,
			EventKind: "data.late", Channel: "webhook", Target: "http://127.0.0.1:9/hook"}); err != nil {
			t.Fatal(err)
		}
		if err := sv.Setup.FirstRun(ctx, domain.Actor{Username: "test"}, demo.Region, 2023); err != nil {
			t.Fatal(err)
		}
		var run func() error
		for _, j := range app.Jobs(sv) {
			if j.Name == "late_data" {
				j := j
				run = func() error { return j.Run(ctx, day("2023-08-14")) }
			}
		}
		if run == nil {
			t.Fatal("late_data not in app.Jobs")
		}
		for range 2 {
			if err := run(); err != nil {
				t.Fatal(err)
			}
		}
		o, err := sv.Notify.Overview(ctx, 50)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range o.Recent {
			if m.EventKind == "data.late" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("data.late messages: got %d, want 1 (the reporter's unit, once)", n)
		}
	})
}

// day is 09:00 on a day written YYYY-MM-DD.
func day(s string) time.Time {
	d, err := time.Parse(domain.DayLayout, s)
	if err != nil {
		panic(err)
	}
	return d.Add(9 * time.Hour)
}
