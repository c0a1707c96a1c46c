package review_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/review"
	"pacer/internal/store"
)

func figure(p *float64) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprintf("%.2f", *p)
}

// TestReviewContextAndWarnings saves a 2023-07 retail figure over official 2022-05..07, 2023-05
// and 2023-06 figures, and checks what the review sheet shows beside it (previous cumulative,
// implied single month, last year's same month) and which warnings it and the entry page carry.
func TestReviewContextAndWarnings(t *testing.T) {
	eachStore(t, func(t *testing.T, s *review.Service, st *store.Store) {
		var obs []domain.Observation
		for _, o := range []struct {
			period string
			value  float64
		}{{"2022-05", 50}, {"2022-06", 60}, {"2022-07", 70}, {"2023-05", 60}} {
			obs = append(obs, domain.Observation{RegionCode: county, IndicatorCode: "retail", Period: o.period, Value: domain.F(o.value), Source: "fixture"})
		}
		if _, err := st.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "fixture", Observations: obs}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name          string
			value, growth *float64
			single        string
			want          []string
		}{
			{"consistent", domain.F(80), domain.F(14.3), "9.87", nil},
			{"no growth", domain.F(80), nil, "9.87", nil},
			{"cumulative down", domain.F(65), nil, "-5.13", []string{"warn.cumulative_down"}},
			{"growth disagrees", domain.F(80), domain.F(5), "9.87", []string{"warn.growth_mismatch"}},
			{"growth within a point", domain.F(80), domain.F(13.5), "9.87", nil},
			{"jump", domain.F(110.13), domain.F(57.3), "40.00", []string{"warn.jump"}},
			{"just under the jump", domain.F(100.5), domain.F(43.6), "30.37", nil},
			{"down and disagreeing", domain.F(65), domain.F(20), "-5.13", []string{"warn.cumulative_down", "warn.growth_mismatch"}},
		} {
			if _, err := s.Save(ctx, repActor, reporter, entered("2023-07", c.value, c.growth)); err != nil {
				t.Fatalf("%s: save: %v", c.name, err)
			}
			sheet, err := s.Review(ctx, "ana", "")
			if err != nil {
				t.Fatal(err)
			}
			var row *review.ReviewRow
			for i := range sheet.Rows {
				if sheet.Rows[i].Sub.Period == "2023-07" {
					row = &sheet.Rows[i]
				}
			}
			if row == nil {
				t.Fatalf("%s: got no 2023-07 row on the review sheet, want one", c.name)
			}
			a := row.Around
			if a.Previous == nil || a.Previous.Period != "2023-06" || figure(a.Previous.Value) != "70.13" {
				t.Errorf("%s: previous: got %+v, want 2023-06 70.13", c.name, a.Previous)
			}
			if got := figure(a.PreviousSingle); got != "10.13" {
				t.Errorf("%s: previous single month: got %s, want 10.13", c.name, got)
			}
			if got := figure(a.LastYearSingle); got != "10.00" {
				t.Errorf("%s: last year's single month: got %s, want 10.00", c.name, got)
			}
			if got := figure(row.Single); got != c.single {
				t.Errorf("%s: implied single month: got %s, want %s", c.name, got, c.single)
			}
			var keys []string
			for _, w := range row.Warnings {
				keys = append(keys, w.Key)
			}
			if !slices.Equal(keys, c.want) {
				t.Errorf("%s: review warnings: got %v, want %v", c.name, keys, c.want)
			}
			e, err := s.Entry(ctx, reporter, review.EntryAt{})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, r := range e.Rows {
				if r.Period == "2023-07" && r.Indicator.Code == "retail" {
					found = true
					var ek []string
					for _, w := range r.Warnings {
						ek = append(ek, w.Key)
					}
					if !slices.Equal(ek, c.want) {
						t.Errorf("%s: entry warnings: got %v, want %v", c.name, ek, c.want)
					}
					if got := checkKeys(r.Checks, c.value, c.growth); !slices.Equal(got, c.want) {
						t.Errorf("%s: the entry page's checks (as its script compares): got %v, want %v", c.name, got, c.want)
					}
				}
			}
			if !found {
				t.Errorf("%s: got no 2023-07 retail row on the entry page, want one", c.name)
			}
		}
	})
}

// TestJumpNeedsSingleMonths: the jump warning compares single months only — after a first
// cumulative of the year (1–5月, five months) there is no previous single month, so a large June
// gives no jump warning, and the previous single month is not shown.
func TestJumpNeedsSingleMonths(t *testing.T) {
	eachStore(t, func(t *testing.T, s *review.Service, st *store.Store) {
		if _, err := st.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "fixture", Observations: []domain.Observation{
			{RegionCode: county, IndicatorCode: "retail", Period: "2023-05", Value: domain.F(10), Source: "fixture"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Save(ctx, repActor, reporter, entered("2023-06", domain.F(400), nil)); err != nil {
			t.Fatal(err)
		}
		sheet, err := s.Review(ctx, "ana", "")
		if err != nil {
			t.Fatal(err)
		}
		if len(sheet.Rows) != 1 {
			t.Fatalf("review rows: got %d, want 1", len(sheet.Rows))
		}
		row := sheet.Rows[0]
		if got := figure(row.Single); got != "390.00" {
			t.Errorf("implied single month: got %s, want 390.00", got)
		}
		if got := figure(row.Around.PreviousSingle); got != "none" {
			t.Errorf("previous single month: got %s, want none (1–5月 is five months)", got)
		}
		if len(row.Warnings) != 0 {
			t.Errorf("warnings: got %v, want none", row.Warnings)
		}
	})
}

// checkKeys makes the comparisons the entry page's script makes with Checks (static/entry.js),
// in the order Warnings gives them.
func checkKeys(c review.Checks, value, growth *float64) []string {
	var keys []string
	if value == nil {
		return nil
	}
	if c.Previous != nil && *value < *c.Previous.Value {
		keys = append(keys, "warn.cumulative_down")
	}
	if growth != nil && c.LastYearValue != nil && math.Abs((*value / *c.LastYearValue - 1)*100-*growth) > c.GrowthTolerance {
		keys = append(keys, "warn.growth_mismatch")
	}
	if c.PreviousSingle != nil && *value-*c.Previous.Value > c.JumpFactor**c.PreviousSingle {
		keys = append(keys, "warn.jump")
	}
	return keys
}
