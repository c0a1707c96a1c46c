package scorecard_test

import (
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// indicator is a test indicator of its own code, so the built-in catalogue does not interfere.
func indicator(code, name, unit string, kind domain.IndicatorKind, dir domain.Direction, precision int) domain.Indicator {
	return domain.Indicator{Code: code, Name: name, Unit: unit, Kind: kind, Direction: dir, Precision: precision,
		Mode: domain.Linear, Tolerance: 5, GrowthTolerance: 1}
}

// define stores indicators as an indicators file would.
func define(t *testing.T, s *store.Store, inds ...domain.Indicator) {
	t.Helper()
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "test", Indicators: inds}); err != nil {
		t.Fatalf("define indicators: %v", err)
	}
}

// TestScorecardKinds: a stock, a ceiling flow and a decline target, measured as DESIGN.md §4a
// says (worked examples 7 and 9), at 2023-06.
func TestScorecardKinds(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		define(t, s,
			indicator("t_deposits", "存款余额", "亿元", domain.KindStock, domain.Up, 2),
			indicator("t_energy", "能源消费总量", "万吨标准煤", domain.KindFlow, domain.Down, 1),
			indicator("t_coal", "煤炭消费量", "万吨", domain.KindFlow, domain.Down, 1))
		load(t, s, csv(obsHeader,
			"440784,t_deposits,2022-12,500,,",
			"440784,t_deposits,2023-06,520,,",
			"440784,t_energy,2022-06,50,,",
			"440784,t_energy,2022-12,100,,",
			"440784,t_energy,2023-06,55,,",
			"440784,t_coal,2023-06,98.5,-1.5,"),
			csv(targetHeader,
				"440784,t_deposits,2023,assigned,550,",
				"440784,t_deposits,2023,stretch,550,12",
				"440784,t_energy,2023,assigned,108,",
				"440784,t_energy,2023,stretch,,8",
				"440784,t_coal,2023,assigned,,-3"))
		doc := scorecardJSON(t, s, "440784", "2023-06")
		dep, en, coal := "indicators[t_deposits].", "indicators[t_energy].", "indicators[t_coal]."
		check(t, doc, []exp{
			// Example 9: a stock against its year-end balance, from last December's 500.
			{dep + "kind", "stock"}, {dep + "direction", "up"}, {dep + "stale", false},
			{dep + "targets[assigned].completion", 40.00},
			{dep + "targets[assigned].gap_pp", -10.0},
			{dep + "targets[assigned].time_progress", 50.0},
			{dep + "targets[assigned].status", "red"},
			{dep + "targets[assigned].required_growth", 5.77},
			{dep + "targets[assigned].required_growth_bound", "min"},
			{dep + "targets[assigned].required_growth_from", "value"},
			{dep + "targets[assigned].price_basis", "current"},
			{dep + "targets[assigned].projected_value", 540.0},
			{dep + "targets[assigned].level_gap", nil},
			// Both targets: 550 needs 5.77%, 12% (a year-end 560) needs 7.69%, which binds.
			{dep + "targets[stretch].completion", 40.00},
			{dep + "targets[stretch].required_growth_value", 5.77},
			{dep + "targets[stretch].required_growth_value_basis", "current"},
			{dep + "targets[stretch].required_growth_growth", 7.69},
			{dep + "targets[stretch].required_growth_growth_basis", "current"},
			{dep + "targets[stretch].required_growth", 7.69},
			{dep + "targets[stretch].required_growth_from", "growth"},

			// Example 7: a flow under a cap of 108, and under a growth of at most 8%.
			{en + "direction", "down"}, {en + "growth", 10.0},
			{en + "targets[assigned].completion", 50.93},
			{en + "targets[assigned].gap_pp", -0.93},
			{en + "targets[assigned].status", "yellow"},
			{en + "targets[assigned].required_growth", 6.00},
			{en + "targets[assigned].required_growth_bound", "max"},
			{en + "targets[assigned].required_growth_from", "value"},
			{en + "targets[assigned].required_growth_growth", nil},
			{en + "targets[stretch].completion", nil},
			{en + "targets[stretch].reasons.completion", "reason.no_target"},
			{en + "targets[stretch].gap_pp", -2.0},
			{en + "targets[stretch].status", "red"},
			{en + "targets[stretch].required_growth", 6.00},
			{en + "targets[stretch].required_growth_bound", "max"},
			{en + "targets[stretch].required_growth_from", "growth"},
			{en + "targets[stretch].required_growth_growth_basis", "current"},

			// A decline to reach (下降3%, written −3): falling 1.5% is 1.5 points short.
			{coal + "targets[assigned].gap_pp", -1.5},
			{coal + "targets[assigned].growth_gap_pp", -1.5},
			{coal + "targets[assigned].status", "red"},
		})
	})
}

// TestScorecardStaleMonthly: a figure older than the last period it was due keeps its own period's
// arithmetic and time progress, and its status is stale. With no frequency stored the indicator is
// monthly, so June's figure is stale at December.
func TestScorecardStaleMonthly(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		load(t, s, example2Investment, csv(targetHeader, "440784,industrial_investment,2023,assigned,185,"))
		inv := "indicators[industrial_investment]."
		check(t, scorecardJSON(t, s, "440784", "2023-06"), []exp{
			{inv + "stale", false}, {inv + "targets[assigned].status", "red"}})
		check(t, scorecardJSON(t, s, "440784", "2023-12"), []exp{
			{"time_progress", 100.0},
			{inv + "stale", true}, {inv + "period", "2023-06"},
			{inv + "targets[assigned].status", "stale"},
			{inv + "targets[assigned].reasons.status", "reason.stale"},
			{inv + "targets[assigned].time_progress", 50.0},
			{inv + "targets[assigned].completion", 43.24},
			{inv + "targets[assigned].gap_pp", -6.76},
			{inv + "targets[assigned].required_growth", 25.00},
		})
	})
}

// TestScorecardLevelsAndFrequency: the store keeps kind "level" and an
// indicator's frequency (issue 8): a level under a ceiling, a level with a
// decline target, and GDP published quarterly — current in July, stale at December.
func TestScorecardLevelsAndFrequency(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		gdp := indicator("t_gdp", "地区生产总值", "亿元", domain.KindFlow, domain.Up, 2)
		gdp.ComparablePrice, gdp.Frequency = true, domain.Quarterly
		define(t, s,
			indicator("t_unemployment", "城镇调查失业率", "%", domain.KindLevel, domain.Down, 1),
			indicator("t_intensity", "单位地区生产总值能耗", "吨标准煤/万元", domain.KindLevel, domain.Down, 3),
			gdp)
		got, err := s.Indicator(ctx, "t_gdp")
		if err != nil || got.Frequency != domain.Quarterly {
			t.Fatalf("stored t_gdp frequency: got %q (%v), want quarterly", got.Frequency, err)
		}
		load(t, s, csv(obsHeader,
			"440784,t_unemployment,2023-06,5.8,,",
			"440784,t_intensity,2023-06,0.412,-1.5,",
			"440784,t_gdp,2023-06,223.83,4.7,",
			"440784,t_gdp,2022-12,460,,"),
			csv(targetHeader,
				"440784,t_unemployment,2023,assigned,5.5,",
				"440784,t_intensity,2023,assigned,,-3",
				"440784,t_gdp,2023,assigned,,8"))
		un, in, g := "indicators[t_unemployment].", "indicators[t_intensity].", "indicators[t_gdp]."
		check(t, scorecardJSON(t, s, "440784", "2023-06"), []exp{
			// Example 8: 5.8 against a ceiling of 5.5.
			{un + "kind", "level"},
			{un + "targets[assigned].level_gap", -0.3},
			{un + "targets[assigned].status", "red"},
			{un + "targets[assigned].completion", nil},
			{un + "targets[assigned].reasons.completion", "reason.level_no_completion"},
			{un + "targets[assigned].required_growth", nil},
			{un + "targets[assigned].reasons.required_growth", "reason.level_no_required_growth"},
			{un + "targets[assigned].required_growth_bound", nil},
			// 单位GDP能耗下降3%: a fall of 1.5% is 1.5 points short; never a required growth.
			{in + "targets[assigned].gap_pp", -1.5},
			{in + "targets[assigned].status", "red"},
			{in + "targets[assigned].required_growth", nil},
		})
		check(t, scorecardJSON(t, s, "440784", "2023-07"), []exp{
			// Quarterly GDP: June's figure is current in July.
			{g + "stale", false}, {g + "period", "2023-06"},
			{g + "targets[assigned].status", "red"},
			{g + "targets[assigned].required_growth", 10.87},
			{g + "targets[assigned].price_basis", "comparable"},
		})
		check(t, scorecardJSON(t, s, "440784", "2023-12"), []exp{
			{g + "stale", true}, {g + "period", "2023-06"},
			{g + "targets[assigned].status", "stale"},
			{g + "targets[assigned].time_progress", 50.0},
			{g + "targets[assigned].required_growth", 10.87},
			// Monthly by default: June's unemployment is stale at December too.
			{un + "stale", true}, {un + "targets[assigned].status", "stale"},
		})
	})
}
