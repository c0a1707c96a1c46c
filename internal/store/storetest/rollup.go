package storetest

import (
	"slices"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testRollupReads: the reads of a roll-up — the targets of many regions at once, and the round
// of a period (every assignment of a unit in use with its latest submission's state and whether
// an official figure is in).
func testRollupReads(t *testing.T, s *store.Store) {
	const county, other, town = "440784", "440703", "440784001"
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "setup",
		Units: []domain.Unit{
			{Code: "440784-swj", Name: "鹤山市商务局", RegionCode: county, Kind: "department"},
			{Code: "440784-old", Name: "鹤山市旧局", RegionCode: county, Kind: "department"},
			{Code: town, Name: "沙坪街道", RegionCode: town, Kind: "town"},
			{Code: "440703-tjj", Name: "蓬江区统计局", RegionCode: other, Kind: "department"},
		},
		Targets: []domain.Target{
			{RegionCode: county, IndicatorCode: "gdp", Year: 2023, Tier: domain.Stretch, Value: domain.F(500)},
			{RegionCode: county, IndicatorCode: "gdp", Year: 2023, Tier: domain.Assigned, Growth: domain.F(8)},
			{RegionCode: other, IndicatorCode: "retail", Year: 2023, Tier: domain.Assigned, Growth: domain.F(6)},
			{RegionCode: other, IndicatorCode: "retail", Year: 2022, Tier: domain.Assigned, Growth: domain.F(5)},
			{RegionCode: "440705", IndicatorCode: "retail", Year: 2023, Tier: domain.Assigned, Growth: domain.F(7)},
		},
		Observations: []domain.Observation{
			obs(county, "fai", "2023-06", nil, domain.F(3.1)),
			obs(other, "retail", "2023-05", domain.F(100), nil), // another period: not the round's
		},
		Assignments: []store.Assignment{
			{UnitCode: "440784-swj", IndicatorCode: "retail", RegionCode: county},
			{UnitCode: "440784-swj", IndicatorCode: "fai", RegionCode: county},
			{UnitCode: "440784-swj", IndicatorCode: "trade", RegionCode: county},
			{UnitCode: "440784-old", IndicatorCode: "tourists", RegionCode: county},
			{UnitCode: town, IndicatorCode: "retail", RegionCode: town},
			{UnitCode: "440703-tjj", IndicatorCode: "retail", RegionCode: other},
		},
	}); err != nil {
		t.Fatal(err)
	}

	got, err := s.TargetsIn(ctx, []string{county, other}, 2023)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, x := range got {
		keys = append(keys, x.RegionCode+"/"+x.IndicatorCode+"/"+string(x.Tier))
	}
	if want := []string{"440703/retail/assigned", "440784/gdp/assigned", "440784/gdp/stretch"}; !slices.Equal(keys, want) {
		t.Errorf("TargetsIn(440784, 440703; 2023): got %v, want %v (the year's, of the regions listed, ordered)", keys, want)
	}
	if got[2].Value == nil || *got[2].Value != 500 {
		t.Errorf("TargetsIn: the stretch target's value: got %v, want 500", got[2].Value)
	}
	if none, err := s.TargetsIn(ctx, nil, 2023); err != nil || len(none) != 0 {
		t.Errorf("TargetsIn(no region): got %v, %v; want none", none, err)
	}

	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	if _, err := s.RetireUnit(ctx, ana, "440784-old"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"2023-06", "2023-07"} {
		if err := s.SetPeriod(ctx, ana, county, p, store.PeriodOpen); err != nil {
			t.Fatal(err)
		}
	}
	rep := store.Who{Username: "rep", Role: domain.RoleReporter}
	at := time.Date(2023, 7, 5, 9, 0, 0, 0, time.UTC)
	write := func(unit, region, ind, period string, prev *domain.Submission) domain.Submission {
		t.Helper()
		x, err := s.WriteSubmission(ctx, rep, prev, domain.Submission{UnitCode: unit, RegionCode: region, IndicatorCode: ind,
			Period: period, Value: domain.F(1), State: domain.Submitted, SubmittedBy: "rep", SubmittedAt: at}, store.PeriodOpen)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	first := write("440784-swj", county, "retail", "2023-06", nil)
	// Returned, then submitted again: the latest submission counts.
	if err := first.Return("ana", "核对", at); err != nil {
		t.Fatal(err)
	}
	if err := s.ReturnSubmission(ctx, ana, first); err != nil {
		t.Fatal(err)
	}
	write("440784-swj", county, "retail", "2023-06", &first)
	trade := write("440784-swj", county, "trade", "2023-06", nil)
	if err := trade.Return("ana", "核对", at); err != nil {
		t.Fatal(err)
	}
	if err := s.ReturnSubmission(ctx, ana, trade); err != nil {
		t.Fatal(err)
	}
	write(town, town, "retail", "2023-06", nil)
	write("440784-swj", county, "fai", "2023-07", nil) // another period: not the round's

	round, err := s.Round(ctx, []string{county, town, other}, "2023-06")
	if err != nil {
		t.Fatal(err)
	}
	want := []store.RoundRow{
		{UnitCode: "440703-tjj", UnitName: "蓬江区统计局", RegionCode: other, IndicatorCode: "retail"},
		{UnitCode: "440784-swj", UnitName: "鹤山市商务局", RegionCode: county, IndicatorCode: "fai", Official: true},
		{UnitCode: "440784-swj", UnitName: "鹤山市商务局", RegionCode: county, IndicatorCode: "retail", Latest: domain.Submitted},
		{UnitCode: "440784-swj", UnitName: "鹤山市商务局", RegionCode: county, IndicatorCode: "trade", Latest: domain.Returned},
		{UnitCode: town, UnitName: "沙坪街道", RegionCode: town, IndicatorCode: "retail", Latest: domain.Submitted},
	}
	if !slices.Equal(round, want) {
		t.Errorf("Round(2023-06):\n got %+v\nwant %+v\n(the retired unit owes nothing; the latest submission counts)", round, want)
	}
	if only, err := s.Round(ctx, []string{town}, "2023-06"); err != nil || len(only) != 1 || only[0].UnitCode != town {
		t.Errorf("Round(town only): got %+v, %v; want the town's one assignment", only, err)
	}
	if none, err := s.Round(ctx, nil, "2023-06"); err != nil || len(none) != 0 {
		t.Errorf("Round(no region): got %v, %v; want none", none, err)
	}

	// Period states of many regions at once agree with PeriodState's one by one: 440784 and its
	// town open (the town inherits it), 440703 locked, 440705 never opened; 2023-07 open for 440784.
	if err := s.SetPeriod(ctx, ana, other, "2023-06", store.PeriodLocked); err != nil {
		t.Fatal(err)
	}
	for _, period := range []string{"2023-06", "2023-07", "2023-08"} {
		regions := []string{county, town, other, "440705", "440700"}
		states, err := s.PeriodStates(ctx, regions, period)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range regions {
			one, err := s.PeriodState(ctx, r, period)
			if err != nil {
				t.Fatal(err)
			}
			if got, ok := states[r]; !ok || got != one {
				t.Errorf("PeriodStates %s %s: got %q (listed %v), want PeriodState's %q", r, period, got, ok, one)
			}
		}
	}
	if states, err := s.PeriodStates(ctx, []string{county, town, other, "440705"}, "2023-06"); err != nil ||
		states[county] != store.PeriodOpen || states[town] != store.PeriodOpen || states[other] != store.PeriodLocked || states["440705"] != "" {
		t.Errorf("PeriodStates 2023-06: got %v, %v", states, err)
	}
}
