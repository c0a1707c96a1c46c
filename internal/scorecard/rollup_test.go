package scorecard_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/scorecard"
	"pacer/internal/store"
)

// The roll-up's fixture: an invented province 测试省 (990000) with two prefectures, 测试市
// (990100: 甲县 990101, 乙县 990102, 丙县 990103; 甲镇 990101001 under 甲县) and 另一市 (990200:
// 丁县 990201), at 2024-06 (linear time progress 6/12 = 50%). Every expected number below is
// worked out beside it.
//
//	retail (flow, up): 甲 54.00 +8.0 (2023-06 50.00), 乙 32.40 +8.0 (30.00), 丙 10.00, no growth
//	  published (9.50 → 10 / 9.5 − 1 = 5.26%, computed), 丁 40.00 +9.0 (36.70); 测试市 itself 97.00 +7.9.
//	  targets: 甲 assigned growth 7 → +1.0 pp green; 甲 stretch 120亿元 → 54 / 120 = 45.00%,
//	  −5.0 pp yellow; 乙 assigned 80亿元 → 32.4 / 80 = 40.50%, −9.5 pp red.
//	gdp (flow, comparable prices, quarterly): 甲 200.00 +5.0, 乙 150.00 +6.0, 丙 none (target:
//	  growth 6); 测试市 360.00 +5.6.
//	attracted_projects (count): 甲 12 (2023-06: 10 → +20.0), 乙 5 (7 → −28.6), 丙 2 (0: no growth).
//	fai (rate): 甲 +3.0, 乙 −2.0, 丙 +3.0; 测试市 +2.1.
//	trade (flow): 甲 2024-06 20.00 (2023-06 16.00 → +25.0); 乙 only 2024-05 12.00 (stale in June).
const (
	rxProvince, rxPref, rxOther         = "990000", "990100", "990200"
	rxJia, rxYi, rxBing, rxDing, rxTown = "990101", "990102", "990103", "990201", "990101001"
	rxPeriod                            = "2024-06"
)

func rxObs(region, ind, period string, v, g *float64) domain.Observation {
	return domain.Observation{RegionCode: region, IndicatorCode: ind, Period: period, Value: v, Growth: g, Source: "测试"}
}

func rxTarget(region, ind string, tier domain.Tier, v, g *float64) domain.Target {
	return domain.Target{RegionCode: region, IndicatorCode: ind, Year: 2024, Tier: tier, Value: v, Growth: g, Source: "测试"}
}

var F = domain.F // a figure

func rollupFixture(t testing.TB, s *store.Store) {
	t.Helper()
	b := store.Batch{Actor: "tester", Source: "rollup fixture",
		Regions: []domain.Region{
			{Code: rxProvince, Name: "测试省", Level: domain.LevelProvince},
			{Code: rxPref, Name: "测试市", Level: domain.LevelPrefecture, Parent: rxProvince},
			{Code: rxOther, Name: "另一市", Level: domain.LevelPrefecture, Parent: rxProvince},
			{Code: rxJia, Name: "甲县", Level: domain.LevelCounty, Parent: rxPref},
			{Code: rxYi, Name: "乙县", Level: domain.LevelCounty, Parent: rxPref},
			{Code: rxBing, Name: "丙县", Level: domain.LevelCounty, Parent: rxPref},
			{Code: rxDing, Name: "丁县", Level: domain.LevelCounty, Parent: rxOther},
			{Code: rxTown, Name: "甲镇", Level: domain.LevelTown, Parent: rxJia},
		},
		Observations: []domain.Observation{
			rxObs(rxJia, "retail", "2024-06", F(54), F(8.0)), rxObs(rxJia, "retail", "2023-06", F(50), nil),
			rxObs(rxYi, "retail", "2024-06", F(32.4), F(8.0)), rxObs(rxYi, "retail", "2023-06", F(30), nil),
			rxObs(rxBing, "retail", "2024-06", F(10), nil), rxObs(rxBing, "retail", "2023-06", F(9.5), nil),
			rxObs(rxDing, "retail", "2024-06", F(40), F(9.0)), rxObs(rxDing, "retail", "2023-06", F(36.7), nil),
			rxObs(rxPref, "retail", "2024-06", F(97), F(7.9)),
			rxObs(rxJia, "gdp", "2024-06", F(200), F(5.0)), rxObs(rxYi, "gdp", "2024-06", F(150), F(6.0)),
			rxObs(rxPref, "gdp", "2024-06", F(360), F(5.6)),
			rxObs(rxJia, "attracted_projects", "2024-06", F(12), nil), rxObs(rxJia, "attracted_projects", "2023-06", F(10), nil),
			rxObs(rxYi, "attracted_projects", "2024-06", F(5), nil), rxObs(rxYi, "attracted_projects", "2023-06", F(7), nil),
			rxObs(rxBing, "attracted_projects", "2024-06", F(2), nil), rxObs(rxBing, "attracted_projects", "2023-06", F(0), nil),
			rxObs(rxJia, "fai", "2024-06", nil, F(3.0)), rxObs(rxYi, "fai", "2024-06", nil, F(-2.0)),
			rxObs(rxBing, "fai", "2024-06", nil, F(3.0)), rxObs(rxPref, "fai", "2024-06", nil, F(2.1)),
			rxObs(rxJia, "trade", "2024-06", F(20), nil), rxObs(rxJia, "trade", "2023-06", F(16), nil),
			rxObs(rxYi, "trade", "2024-05", F(12), nil),
		},
		Targets: []domain.Target{
			rxTarget(rxJia, "retail", domain.Assigned, nil, F(7)),
			rxTarget(rxJia, "retail", domain.Stretch, F(120), nil),
			rxTarget(rxYi, "retail", domain.Assigned, F(80), nil),
			rxTarget(rxBing, "gdp", domain.Assigned, nil, F(6)),
		},
		Units: []domain.Unit{
			{Code: "990101-swj", Name: "甲县商务局", RegionCode: rxJia, Kind: "department"},
			{Code: rxTown, Name: "甲镇", RegionCode: rxTown, Kind: "town"},
			{Code: "990102-tjj", Name: "乙县统计局", RegionCode: rxYi, Kind: "department"},
		},
		Assignments: []store.Assignment{
			{UnitCode: "990101-swj", IndicatorCode: "retail", RegionCode: rxJia},
			{UnitCode: "990101-swj", IndicatorCode: "trade", RegionCode: rxJia},
			{UnitCode: rxTown, IndicatorCode: "retail", RegionCode: rxTown},
			{UnitCode: "990102-tjj", IndicatorCode: "gdp", RegionCode: rxYi},
			{UnitCode: "990102-tjj", IndicatorCode: "retail", RegionCode: rxYi},
		},
	}
	if _, err := s.ApplyBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	rollupRound(t, s)
}

// rollupRound: 2024-06 is open for 测试市 (its counties inherit it) and locked for 丙县. 甲县商务局
// has retail in (imported: done) and trade submitted (未审); 甲镇 has submitted nothing (未报);
// 乙县统计局's gdp was returned (未报) and its retail approved (done, the same figure).
func rollupRound(t testing.TB, s *store.Store) {
	t.Helper()
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	rep := store.Who{Username: "rep", Role: domain.RoleReporter}
	if err := s.SetPeriod(ctx, ana, rxPref, rxPeriod, store.PeriodOpen); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPeriod(ctx, ana, rxBing, rxPeriod, store.PeriodLocked); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 7, 8, 9, 0, 0, 0, time.UTC)
	submit := func(unit, region, ind string, v, g *float64) domain.Submission {
		x, err := s.WriteSubmission(ctx, rep, nil, domain.Submission{UnitCode: unit, RegionCode: region, IndicatorCode: ind,
			Period: rxPeriod, Value: v, Growth: g, State: domain.Submitted, SubmittedBy: "rep", SubmittedAt: at}, store.PeriodOpen)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	submit("990101-swj", rxJia, "trade", F(20), nil)
	gdp := submit("990102-tjj", rxYi, "gdp", F(15), F(6.0))
	if err := gdp.Return("ana", "单位应为亿元", at); err != nil {
		t.Fatal(err)
	}
	if err := s.ReturnSubmission(ctx, ana, gdp); err != nil {
		t.Fatal(err)
	}
	retail := submit("990102-tjj", rxYi, "retail", F(32.4), F(8.0))
	if err := retail.Approve("ana", store.PeriodOpen, at); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApproveSubmission(ctx, ana, retail, store.PeriodOpen); err != nil {
		t.Fatal(err)
	}
}

func rollupOf(t *testing.T, s *store.Store, q scorecard.RollupQuery) *scorecard.Rollup {
	t.Helper()
	ru, err := scorecard.BuildRollup(ctx, s, q)
	if err != nil {
		t.Fatalf("rollup %+v: %v", q, err)
	}
	return ru
}

// fig writes a figure for a comparison: "nil" or its value to two decimals.
func fig(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprintf("%.2f", math.Round(*p*100)/100)
}

func rank(p *int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

func rollupLineOf(t *testing.T, ru *scorecard.Rollup, code string) scorecard.RollupLine {
	t.Helper()
	for _, l := range ru.Indicators {
		if l.Code == code {
			return l
		}
	}
	t.Fatalf("roll-up: no line %s", code)
	return scorecard.RollupLine{}
}

func TestRollupPrefecture(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		rollupFixture(t, s)
		ru := rollupOf(t, s, scorecard.RollupQuery{Parent: rxPref, Period: rxPeriod})
		if ru.Parent.Name != "测试市" || ru.TimeProgress != 50 || ru.Counties {
			t.Errorf("head: got %+v, time progress %v", ru.Parent, ru.TimeProgress)
		}
		var children []string
		for _, c := range ru.Children {
			children = append(children, c.Code+" "+c.Name)
		}
		if want := []string{"990101 甲县", "990102 乙县", "990103 丙县"}; !slices.Equal(children, want) {
			t.Errorf("children: got %v, want %v", children, want)
		}
		var codes []string
		for _, l := range ru.Indicators {
			codes = append(codes, l.Code)
		}
		// The catalogue's order; only indicators a child or the parent has a figure or target for.
		if want := []string{"gdp", "fai", "retail", "trade", "attracted_projects"}; !slices.Equal(codes, want) {
			t.Errorf("indicators: got %v, want %v", codes, want)
		}

		// Cells: "period value growth rank", one per child in order.
		for _, tc := range []struct {
			ind    string
			period string
			ranked int
			cells  []string
		}{
			// growths 8.0, 8.0, 5.26 (computed): a tie at one decimal → 1, 1, 3.
			{"retail", "2024-06", 3, []string{"2024-06 54.00 8.00 1", "2024-06 32.40 8.00 1", "2024-06 10.00 5.26 3"}},
			// 丙县 has no figure: 未报, not ranked.
			{"gdp", "2024-06", 2, []string{"2024-06 200.00 5.00 2", "2024-06 150.00 6.00 1", "nil nil nil -"}},
			// 12/10 → +20.0; 5/7 → −28.57; 丙县's base is 0: no growth, not ranked.
			{"attracted_projects", "2024-06", 2, []string{"2024-06 12.00 20.00 1", "2024-06 5.00 -28.57 2", "2024-06 2.00 nil -"}},
			{"fai", "2024-06", 3, []string{"2024-06 nil 3.00 1", "2024-06 nil -2.00 3", "2024-06 nil 3.00 1"}},
			// 乙县's May figure is shown, not ranked at June; 20/16 → +25.0.
			{"trade", "2024-06", 1, []string{"2024-06 20.00 25.00 1", "2024-05 12.00 nil -", "nil nil nil -"}},
		} {
			l := rollupLineOf(t, ru, tc.ind)
			if l.Period == nil || *l.Period != tc.period || l.Ranked != tc.ranked {
				t.Errorf("%s: got period %v, %d ranked; want %s, %d", tc.ind, l.Period, l.Ranked, tc.period, tc.ranked)
			}
			var got []string
			for _, c := range l.Cells {
				p := "nil"
				if c.Period != nil {
					p = *c.Period
				}
				got = append(got, strings.Join([]string{p, fig(c.Value), fig(c.Growth), rank(c.Rank)}, " "))
			}
			if !slices.Equal(got, tc.cells) {
				t.Errorf("%s cells:\n got %q\nwant %q", tc.ind, got, tc.cells)
			}
		}
		if c := rollupLineOf(t, ru, "trade").Cells[1]; !c.Stale {
			t.Errorf("trade 乙县 (May in June): got stale false, want true")
		}
		if c := rollupLineOf(t, ru, "retail").Cells[2]; !c.GrowthComputed {
			t.Errorf("retail 丙县: got a published growth, want it computed from 2023-06")
		}

		// Both tiers, with status: "tier completion gap growth-gap status".
		tiers := func(c scorecard.RollupCell) []string {
			var out []string
			for _, tr := range c.Targets {
				out = append(out, strings.Join([]string{tr.Tier, fig(tr.Completion), fig(tr.GapPP), fig(tr.GrowthGapPP), tr.Status}, " "))
			}
			return out
		}
		retail := rollupLineOf(t, ru, "retail")
		for i, want := range [][]string{
			// growth 8.0 against 7: +1.0 pp (the gap of a growth-only tier is its growth gap), green; 54 / 120 = 45.00%, 45 − 50 = −5.0 pp: yellow (tolerance 5).
			{"assigned nil 1.00 1.00 green", "stretch 45.00 -5.00 nil yellow"},
			// 32.4 / 80 = 40.50%, −9.5 pp: red.
			{"assigned 40.50 -9.50 nil red"},
			nil,
		} {
			if got := tiers(retail.Cells[i]); !slices.Equal(got, want) {
				t.Errorf("retail %s tiers: got %q, want %q", ru.Children[i].Name, got, want)
			}
		}
		if got := tiers(rollupLineOf(t, ru, "gdp").Cells[2]); len(got) != 1 || !strings.HasPrefix(got[0], "assigned nil nil nil ") {
			t.Errorf("gdp 丙县 (a target, no figure): got %q, want its assigned tier without figures", got)
		}

		// The parent beside the sum of its children: additive indicators only.
		type wholeWant struct{ value, growth, sum, sumBase, sumGrowth, diff, growthDiff string }
		show := func(w *scorecard.RollupWhole) wholeWant {
			return wholeWant{fig(w.Value), fig(w.Growth), fig(w.Sum), fig(w.SumBase), fig(w.SumGrowth), fig(w.Difference), fig(w.GrowthDiffPP)}
		}
		for _, tc := range []struct {
			ind      string
			reported int
			want     wholeWant
		}{
			// Σ 54 + 32.4 + 10 = 96.40 over Σ 50 + 30 + 9.5 = 89.50: 96.4 / 89.5 − 1 = +7.71%
			// (the growths' average would be 7.09); 97.00 − 96.40 = 0.60; 7.9 − 7.71 = +0.19 pp.
			{"retail", 3, wholeWant{"97.00", "7.90", "96.40", "89.50", "7.71", "0.60", "0.19"}},
			// 丙县 has no GDP: the sum 350.00 is partial, no growth, no difference.
			{"gdp", 2, wholeWant{"360.00", "5.60", "350.00", "nil", "nil", "nil", "nil"}},
			// 12 + 5 + 2 = 19 over 10 + 7 + 0 = 17: +11.76%; 测试市 has no figure of its own.
			{"attracted_projects", 3, wholeWant{"nil", "nil", "19.00", "17.00", "11.76", "nil", "nil"}},
			// 乙县's May figure is not June's: 20.00 of one child.
			{"trade", 1, wholeWant{"nil", "nil", "20.00", "nil", "nil", "nil", "nil"}},
		} {
			l := rollupLineOf(t, ru, tc.ind)
			if !l.Additive || l.Whole == nil {
				t.Errorf("%s: got additive %v, whole %v; want both", tc.ind, l.Additive, l.Whole)
				continue
			}
			if got := show(l.Whole); got != tc.want || l.Whole.Reported != tc.reported || l.Whole.Children != 3 {
				t.Errorf("%s whole: got %+v (%d of %d), want %+v (%d of 3)", tc.ind, got, l.Whole.Reported, l.Whole.Children, tc.want, tc.reported)
			}
		}
		if l := rollupLineOf(t, ru, "fai"); l.Additive || l.Whole != nil {
			t.Errorf("fai (a rate): got additive %v, whole %+v; want no sum", l.Additive, l.Whole)
		}
		if w := rollupLineOf(t, ru, "gdp").Whole; w.Reasons["sum_growth"] != "reason.sum_incomplete" {
			t.Errorf("gdp whole reasons: got %v, want the sum's growth absent as incomplete", w.Reasons)
		}

		// The round: per child, counts and what is owed.
		var round []string
		for _, r := range ru.Round {
			line := fmt.Sprintf("%s %q %d: done %d, submitted %d, missing %d", r.Region.Name, r.PeriodState, r.Assignments, r.Done, r.Submitted, r.Missing)
			for _, o := range r.Owed {
				line += fmt.Sprintf("; %s %s %s %s", o.UnitName, o.RegionName, o.IndicatorName, o.State)
			}
			round = append(round, line)
		}
		want := []string{
			`甲县 "open" 3: done 1, submitted 1, missing 1; 甲县商务局 甲县 外贸进出口总额 submitted; 甲镇 甲镇 社会消费品零售总额 missing`,
			`乙县 "open" 2: done 1, submitted 0, missing 1; 乙县统计局 乙县 地区生产总值 returned`,
			`丙县 "locked" 0: done 0, submitted 0, missing 0`,
		}
		if !slices.Equal(round, want) {
			t.Errorf("round:\n got %q\nwant %q", round, want)
		}
	})
}

// Each child's cell is its own scorecard's line (the same arithmetic): value, growth, period,
// tiers and status; and in a prefecture's roll-up its rank is its scorecard's rank among peers.
func TestRollupAgreesWithScorecards(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		rollupFixture(t, s)
		ru := rollupOf(t, s, scorecard.RollupQuery{Parent: rxPref, Period: rxPeriod})
		for i, child := range ru.Children {
			sc, err := scorecard.Build(ctx, s, child.Code, rxPeriod)
			if err != nil {
				t.Fatal(err)
			}
			for _, rl := range ru.Indicators {
				c := rl.Cells[i]
				var line *scorecard.Line
				for j := range sc.Indicators {
					if sc.Indicators[j].Code == rl.Code {
						line = &sc.Indicators[j]
					}
				}
				if line == nil {
					if c.Period != nil || len(c.Targets) > 0 {
						t.Errorf("%s %s: in the roll-up, not in the scorecard", child.Name, rl.Code)
					}
					continue
				}
				got := fmt.Sprint(c.Period != nil && *c.Period == *rl.Period, fig(c.Value), fig(c.Growth), c.Stale, rank(c.Rank))
				wantRank := "-"
				if c.Period != nil && *c.Period == *rl.Period {
					wantRank = rank(line.Rank)
				}
				want := fmt.Sprint(line.Period != nil && *line.Period == *rl.Period, fig(line.Value), fig(line.Growth), line.Stale, wantRank)
				if got != want {
					t.Errorf("%s %s: roll-up %s, scorecard %s", child.Name, rl.Code, got, want)
				}
				if len(c.Targets) != len(line.Targets) {
					t.Errorf("%s %s: %d tiers, scorecard %d", child.Name, rl.Code, len(c.Targets), len(line.Targets))
					continue
				}
				for k, tr := range c.Targets {
					lt := line.Targets[k]
					if tr.Tier != lt.Tier || tr.Status != lt.Status || fig(tr.Completion) != fig(lt.Completion) || fig(tr.GapPP) != fig(lt.GapPP) {
						t.Errorf("%s %s %s: roll-up %+v, scorecard %+v", child.Name, rl.Code, tr.Tier, tr, lt)
					}
				}
			}
		}
	})
}

// A province: its prefectures, or with Counties all its county-level units ranked together; a
// county names its prefecture's roll-up through Home.
func TestRollupProvinceAndHome(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		rollupFixture(t, s)
		names := func(ru *scorecard.Rollup) []string {
			var out []string
			for _, c := range ru.Children {
				out = append(out, c.Name)
			}
			return out
		}
		prefs := rollupOf(t, s, scorecard.RollupQuery{Parent: rxProvince, Period: rxPeriod})
		if want := []string{"测试市", "另一市"}; !slices.Equal(names(prefs), want) || prefs.Counties {
			t.Errorf("province: got %v (counties %v), want %v", names(prefs), prefs.Counties, want)
		}
		// 测试市 97.00 +7.9 is ranked; 另一市 has no figure of its own. The sum is partial.
		if l := rollupLineOf(t, prefs, "retail"); rank(l.Cells[0].Rank) != "1" || l.Cells[1].Period != nil || l.Whole.Reported != 1 || fig(l.Whole.Sum) != "97.00" {
			t.Errorf("province retail: got %+v, whole %+v", l.Cells, l.Whole)
		}
		all := rollupOf(t, s, scorecard.RollupQuery{Parent: rxProvince, Period: rxPeriod, Counties: true})
		if want := []string{"甲县", "乙县", "丙县", "丁县"}; !slices.Equal(names(all), want) || !all.Counties {
			t.Errorf("province's counties: got %v (counties %v), want %v", names(all), all.Counties, want)
		}
		// Growths 8.0, 8.0, 5.26, 9.0 → 2, 2, 4, 1; Σ 96.40 + 40 = 136.40 over 89.50 + 36.70 = 126.20:
		// 136.4 / 126.2 − 1 = +8.08%.
		l := rollupLineOf(t, all, "retail")
		var ranks []string
		for _, c := range l.Cells {
			ranks = append(ranks, rank(c.Rank))
		}
		if want := []string{"2", "2", "4", "1"}; !slices.Equal(ranks, want) {
			t.Errorf("province's counties, retail ranks: got %v, want %v", ranks, want)
		}
		if fig(l.Whole.Sum) != "136.40" || fig(l.Whole.SumGrowth) != "8.08" || l.Whole.Value != nil {
			t.Errorf("province's counties, retail whole: got %+v", l.Whole)
		}
		if len(all.Round) != 4 || all.Round[3].Region.Name != "丁县" || all.Round[3].PeriodState != "" {
			t.Errorf("province's counties, round: got %+v", all.Round)
		}

		home := rollupOf(t, s, scorecard.RollupQuery{Home: rxJia, Period: rxPeriod})
		if home.Parent.Code != rxPref {
			t.Errorf("Home 甲县: got the roll-up of %s, want 测试市 %s", home.Parent.Code, rxPref)
		}
		// A county beside its one town, which has no figure: the county's own 54.00 and no sum,
		// said as no region below having reported — not as a missing value of the county's own.
		county := rollupOf(t, s, scorecard.RollupQuery{Parent: rxJia, Period: rxPeriod})
		if w := rollupLineOf(t, county, "retail").Whole; fig(w.Value) != "54.00" || w.Sum != nil || w.Reported != 0 || w.Children != 1 ||
			w.Reasons["sum_value"] != "reason.sum_none" || w.Reasons["value"] != "" {
			t.Errorf("甲县 beside 甲镇, retail whole: got %+v, want 54.00, no sum, reasons sum_value reason.sum_none", w)
		}
		// A prefecture asked with Counties is its counties all the same.
		if c := rollupOf(t, s, scorecard.RollupQuery{Parent: rxPref, Period: rxPeriod, Counties: true}); len(c.Children) != 3 || c.Counties {
			t.Errorf("prefecture with Counties: got %v, counties %v", names(c), c.Counties)
		}

		for _, tc := range []struct {
			q    scorecard.RollupQuery
			kind string
		}{
			{scorecard.RollupQuery{Parent: rxPref, Period: "2024-13"}, domain.EINVALID},
			{scorecard.RollupQuery{Parent: "999999", Period: rxPeriod}, domain.ENOTFOUND},
			{scorecard.RollupQuery{Parent: rxTown, Period: rxPeriod}, domain.EINVALID}, // no region below a town
			{scorecard.RollupQuery{Home: rxProvince, Period: rxPeriod}, domain.EINVALID},
			{scorecard.RollupQuery{Period: rxPeriod}, domain.ENOTFOUND},
		} {
			if _, err := scorecard.BuildRollup(ctx, s, tc.q); domain.ErrorKind(err) != tc.kind {
				t.Errorf("%+v: got %v, want %s", tc.q, err, tc.kind)
			}
		}
	})
}
