package plans_test

import (
	"context"
	"math"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/pace"
	"pacer/internal/plans"
	"pacer/internal/scorecard"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 0.005 {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

// TestKindsPlanned: a stock's plan runs from last December's balance to the year-end target
// (linear, DESIGN.md §4a), a ceiling's plan is the allowance used, a level has none.
func TestKindsPlanned(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			o := func(ind, period string, v float64) domain.Observation {
				return domain.Observation{RegionCode: "440784", IndicatorCode: ind, Period: period, Value: domain.F(v), Source: "t"}
			}
			if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "t", Source: "t",
				Observations: []domain.Observation{o("deposits", "2022-12", 600), o("deposits", "2023-06", 628), o("deposits", "2023-07", 633.6),
					o("energy_consumption", "2022-06", 50), o("energy_consumption", "2022-12", 100), o("energy_consumption", "2023-06", 55)},
				Targets: []domain.Target{
					{RegionCode: "440784", IndicatorCode: "deposits", Year: 2023, Tier: domain.Assigned, Value: domain.F(660)},
					{RegionCode: "440784", IndicatorCode: "energy_consumption", Year: 2023, Tier: domain.Assigned, Value: domain.F(108)},
					{RegionCode: "440784", IndicatorCode: "unemployment", Year: 2023, Tier: domain.Assigned, Value: domain.F(5.5)},
				}}); err != nil {
				t.Fatal(err)
			}
			w := plans.New(s, scorecard.New(s))

			// Deposits: S0 600 → 660, P_m = 600 + 5m; July 635 against 633.6: not secured, short 1.40.
			// Catch-up: (660 − 633.6)/5 = 5.28 a month → August 638.88.
			v, err := w.Plan(ctx, "440784", "deposits", 2023, plans.Options{})
			if err != nil {
				t.Fatal(err)
			}
			jul := month(t, v, 7)
			near(t, "deposits July plan", jul.Plan, 635)
			if jul.Secured == nil || *jul.Secured {
				t.Errorf("deposits July: got secured %v, want false", jul.Secured)
			} else {
				near(t, "deposits July shortfall", *jul.Shortfall, 1.4)
			}
			near(t, "deposits August required", v.CatchUp[0].Cumulative, 638.88)
			near(t, "deposits Q2 own plan", v.Quarters[1].Plan, 15)
			if _, err := w.Plan(ctx, "440784", "deposits", 2023, plans.Options{Method: pace.PlanShares}); domain.ErrorKind(err) != domain.EINVALID {
				t.Errorf("a stock by shares: got %v, want refused", err)
			}

			// Energy (a quarterly flow under a cap of 108): June's allowance 54, 55 used: over by 1.00;
			// the third quarter may use at most (108 − 55)/2 = 26.50.
			v, err = w.Plan(ctx, "440784", "energy_consumption", 2023, plans.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Months) != 4 || !v.Plan.Down {
				t.Fatalf("energy: got %d planned months (down %v), want 4 quarter ends under a cap", len(v.Months), v.Plan.Down)
			}
			if s := month(t, v, 6).Secured; s == nil || *s {
				t.Errorf("energy June 55 against 54: got secured %v, want false", s)
			} else {
				near(t, "energy over by", *month(t, v, 6).Shortfall, 1)
			}
			near(t, "energy Q3 at most", v.CatchUp[0].Amount, 26.5)

			if _, err := w.Plan(ctx, "440784", "unemployment", 2023, plans.Options{}); domain.ErrorKind(err) != domain.EINVALID {
				t.Errorf("a level: got %v, want refused", err)
			}
			if _, err := w.Plan(ctx, "440784", "retail", 2023, plans.Options{}); domain.ErrorKind(err) != domain.ENOTFOUND {
				t.Errorf("no target: got %v, want not found", err)
			}
		})
	}
}

func month(t *testing.T, v *plans.View, m int) pace.MonthCheck {
	t.Helper()
	for _, c := range v.Months {
		if c.Month == m {
			return c
		}
	}
	t.Fatalf("month %d not planned", m)
	return pace.MonthCheck{}
}
