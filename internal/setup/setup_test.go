package setup_test

import (
	"context"
	"errors"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/scorecard"
	"pacer/internal/setup"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

var sysadmin = domain.Actor{Username: "root", Role: domain.RoleSysadmin}

func keyOf(err error) string {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Msg.Key
	}
	return ""
}

// TestConfigure: the first-run settings on both databases — none at first; refusals; the home
// county and year stored; the latest period is the latest of that year with a figure; FirstRun
// never overwrites what was set.
func TestConfigure(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			st := d.Open(t)
			w := setup.New(st, scorecard.New(st))
			if h, err := w.Home(ctx); err != nil || h.Set() {
				t.Fatalf("a new database: got %+v, %v; want nothing set", h, err)
			}
			for _, c := range []struct {
				name, region string
				year         int
				key          string
			}{
				{"no region", "", 2023, "setup.region_missing"},
				{"unknown region", "999999", 2023, "err.region.unknown"},
				{"a province", "440000", 2023, "setup.not_county"},
				{"a town", "440784001", 2023, "setup.not_county"},
				{"year too early", "440781", 1999, "setup.bad_year"},
			} {
				if _, err := w.Configure(ctx, sysadmin, c.region, c.year); keyOf(err) != c.key {
					t.Errorf("%s: got %v, want %s", c.name, err, c.key)
				}
			}
			if h, _ := w.Home(ctx); h.Set() {
				t.Fatalf("after refusals: got %+v, want nothing set", h)
			}
			// 台山 has 2023-08 and 2023-09 figures, and one of 2022-12: the latest of 2023 is 2023-09.
			if _, err := st.ApplyBatch(ctx, store.Batch{Actor: "t", Source: "t", Observations: []domain.Observation{
				{RegionCode: "440781", IndicatorCode: "retail", Period: "2022-12", Value: domain.F(180)},
				{RegionCode: "440781", IndicatorCode: "retail", Period: "2023-08", Value: domain.F(119.8)},
				{RegionCode: "440781", IndicatorCode: "trade", Period: "2023-09", Value: domain.F(134.5)},
				{RegionCode: "440784", IndicatorCode: "retail", Period: "2023-11", Value: domain.F(90)},
			}}); err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				year       int
				wantLatest string
			}{
				{2023, "2023-09"}, {2024, ""}, {2022, "2022-12"},
			} {
				h, err := w.Configure(ctx, sysadmin, "440781", c.year)
				if err != nil || h.Region.Name != "台山市" || h.Year != c.year || h.Latest != c.wantLatest {
					t.Errorf("configure 440781 %d: got %+v, %v; want 台山市, latest %q", c.year, h, err, c.wantLatest)
				}
			}
			if err := w.FirstRun(ctx, sysadmin, "440784", 2023); err != nil {
				t.Fatal(err)
			}
			if h, _ := w.Home(ctx); h.Region.Code != "440781" || h.Year != 2022 {
				t.Errorf("first-run defaults on a configured database: got %s %d, want 440781 2022 kept", h.Region.Code, h.Year)
			}
		})
	}
}

// TestFirstRun: serve's --region and --period are stored when nothing is set yet.
func TestFirstRun(t *testing.T) {
	st := storetest.OpenSQLite(t)
	w := setup.New(st, scorecard.New(st))
	if err := w.FirstRun(ctx, sysadmin, "", 2023); err != nil {
		t.Fatal(err)
	}
	if h, _ := w.Home(ctx); h.Set() {
		t.Errorf("first run without a region: got %+v, want nothing set", h)
	}
	if err := w.FirstRun(ctx, sysadmin, "440781", 2023); err != nil {
		t.Fatal(err)
	}
	if h, _ := w.Home(ctx); h.Region.Code != "440781" || h.Year != 2023 {
		t.Errorf("first run: got %+v, want 440781 2023", h)
	}
}
