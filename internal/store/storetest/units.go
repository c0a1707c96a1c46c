package storetest

import (
	"slices"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testUnitsAndPeriods: units of a county and its towns; what a unit reports; periods opened and
// locked per region, listed, and the open ones of a set of regions.
func testUnitsAndPeriods(t *testing.T, s *store.Store) {
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "units", Units: []domain.Unit{
		{Code: "440784-tjj", Name: "统计局", RegionCode: "440784", Kind: "department"},
		{Code: "440784001", Name: "沙坪街道", RegionCode: "440784001", Kind: "town"},
		{Code: "440703-tjj", Name: "蓬江区统计局", RegionCode: "440703", Kind: "department"},
	}}); err != nil {
		t.Fatal(err)
	}
	if u, err := s.Unit(ctx, "440784001"); err != nil || u.Name != "沙坪街道" || u.Kind != "town" || u.RegionCode != "440784001" {
		t.Errorf("unit: got %+v, %v", u, err)
	}
	if _, err := s.Unit(ctx, "no-such"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown unit: got %v, want not_found", err)
	}
	units, err := s.Units(ctx, "440784")
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, u := range units {
		codes = append(codes, u.Code)
	}
	if !slices.Equal(codes, []string{"440784-tjj", "440784001"}) {
		t.Errorf("units of 440784: got %v, want its department then its town", codes)
	}

	who := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	as := []store.Assignment{
		{UnitCode: "440784-tjj", IndicatorCode: "retail", RegionCode: "440784"},
		{UnitCode: "440784-tjj", IndicatorCode: "fai", RegionCode: "440784"},
	}
	if err := s.Assign(ctx, who, as); err != nil {
		t.Fatal(err)
	}
	before, _ := s.AuditLog(ctx, 100)
	if err := s.Assign(ctx, who, as); err != nil {
		t.Fatal(err)
	}
	if after, _ := s.AuditLog(ctx, 100); len(after) != len(before) {
		t.Errorf("assigning again: got %d audit rows, want %d", len(after), len(before))
	}
	got, err := s.Assignments(ctx, "440784-tjj")
	if err != nil || !slices.Equal(got, []store.Assignment{as[1], as[0]}) {
		t.Errorf("assignments: got %+v, %v; want fai then retail", got, err)
	}
	if err := s.Assign(ctx, who, []store.Assignment{{UnitCode: "440784-tjj", IndicatorCode: "no_such", RegionCode: "440784"}}); err == nil {
		t.Error("an unknown indicator: got no error, want a refusal")
	}

	if err := s.SetPeriod(ctx, who, "440784", "2023-06", "closed"); err == nil {
		t.Errorf("state closed: got no error, want the database to refuse it (the review workflow checks it first)")
	}
	for _, p := range []struct{ region, period, state string }{
		{"440784", "2023-06", store.PeriodOpen}, {"440784", "2023-07", store.PeriodOpen},
		{"440784", "2023-06", store.PeriodLocked}, {"440703", "2023-05", store.PeriodOpen},
	} {
		if err := s.SetPeriod(ctx, who, p.region, p.period, p.state); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ region, period, want string }{
		{"440784", "2023-06", store.PeriodLocked}, {"440784", "2023-07", store.PeriodOpen}, {"440784", "2023-08", ""},
	} {
		if st, err := s.PeriodState(ctx, tc.region, tc.period); err != nil || st != tc.want {
			t.Errorf("%s %s: got %q, %v; want %q", tc.region, tc.period, st, err, tc.want)
		}
	}
	open, err := s.OpenPeriods(ctx, []string{"440784", "440703"})
	if err != nil || !slices.Equal(open, []string{"2023-07", "2023-05"}) {
		t.Errorf("open periods: got %v, %v; want 2023-07, 2023-05", open, err)
	}
	rows, err := s.Periods(ctx)
	if err != nil || len(rows) != 3 || rows[0].Period != "2023-07" || rows[1].State != store.PeriodLocked ||
		rows[1].ChangedBy != "ana" || rows[1].ChangedAt.IsZero() {
		t.Errorf("periods: got %+v, %v; want 2023-07, 2023-06 (locked by ana), 2023-05", rows, err)
	}
}
