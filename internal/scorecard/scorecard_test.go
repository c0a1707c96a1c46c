package scorecard_test

import (
	"slices"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/scorecard"
	"pacer/internal/store"
)

// Data of DESIGN.md §4's worked examples, as a county would import them.
var (
	example1GDP = csv(obsHeader,
		"440784,gdp,2023-06,223.83,4.7,",
		"440784,gdp,2022-12,460,,示例")
	example2Investment = csv(obsHeader,
		"440784,industrial_investment,2023-06,80,,",
		"440784,industrial_investment,2022-06,70,,示例",
		"440784,industrial_investment,2022-12,154,,示例")
	example3Attraction = csv(obsHeader,
		"440784,attracted_projects,2023-07,45,,",
		"440784,attracted_investment,2023-07,164.25,,")
)

func TestScorecard(t *testing.T) {
	tests := []struct {
		name           string
		files          []string
		region, period string
		want           []exp
	}{
		{
			name: "worked example 1: GDP, growth-only tier, base implied by the published growth",
			files: []string{example1GDP, csv(targetHeader,
				"440784,gdp,2023,assigned,,8")},
			region: "440784", period: "2023-06",
			want: []exp{
				{"region.code", "440784"}, {"region.name", "鹤山市"}, {"period", "2023-06"}, {"time_progress", 50.0},
				{"indicators[gdp].name", "地区生产总值"}, {"indicators[gdp].unit", "亿元"},
				{"indicators[gdp].period", "2023-06"},
				{"indicators[gdp].value", 223.83}, {"indicators[gdp].growth", 4.7},
				{"indicators[gdp].growth_computed", false},
				{"indicators[gdp].base_value", 213.78}, {"indicators[gdp].base_implied", true},
				{"indicators[gdp].targets[assigned].value", nil},
				{"indicators[gdp].targets[assigned].growth", 8.0},
				{"indicators[gdp].targets[assigned].completion", nil},
				{"indicators[gdp].targets[assigned].gap_pp", -3.3},
				{"indicators[gdp].targets[assigned].time_progress", 50.0},
				{"indicators[gdp].targets[assigned].required_growth", 10.87},
				{"indicators[gdp].targets[assigned].projected_value", 481.62},
				{"indicators[gdp].targets[assigned].status", "red"},
				{"indicators[gdp].targets[stretch]", absent},
			},
		},
		{
			name: "worked example 2: industrial investment against a value target",
			files: []string{example2Investment, csv(targetHeader,
				"440784,industrial_investment,2023,assigned,185,")},
			region: "440784", period: "2023-06",
			want: []exp{
				{"indicators[industrial_investment].value", 80.0},
				{"indicators[industrial_investment].growth", 14.29},
				{"indicators[industrial_investment].growth_computed", true},
				{"indicators[industrial_investment].targets[assigned].value", 185.0},
				{"indicators[industrial_investment].targets[assigned].growth", nil},
				{"indicators[industrial_investment].targets[assigned].completion", 43.24},
				{"indicators[industrial_investment].targets[assigned].time_progress", 50.0},
				{"indicators[industrial_investment].targets[assigned].gap_pp", -6.76},
				{"indicators[industrial_investment].targets[assigned].status", "red"},
				{"indicators[industrial_investment].targets[assigned].required_growth", 25.00},
				{"indicators[industrial_investment].targets[assigned].projected_value", 176.0},
			},
		},
		{
			name: "worked example 3: attraction at 2023-07, two tiers",
			files: []string{example3Attraction, csv(targetHeader,
				"440784,attracted_projects,2023,assigned,45,",
				"440784,attracted_projects,2023,stretch,66,",
				"440784,attracted_investment,2023,stretch,300,")},
			region: "440784", period: "2023-07",
			want: []exp{
				{"time_progress", 58.33},
				{"indicators[attracted_projects].value", 45.0},
				{"indicators[attracted_projects].unit", "个"},
				{"indicators[attracted_projects].targets[assigned].completion", 100.0},
				{"indicators[attracted_projects].targets[assigned].status", "green"},
				{"indicators[attracted_projects].targets[stretch].completion", 68.18},
				{"indicators[attracted_projects].targets[stretch].time_progress", 58.33},
				{"indicators[attracted_projects].targets[stretch].gap_pp", 9.85},
				{"indicators[attracted_projects].targets[stretch].status", "green"},
				{"indicators[attracted_investment].targets[stretch].completion", 54.75},
				{"indicators[attracted_investment].targets[stretch].gap_pp", -3.58},
				{"indicators[attracted_investment].targets[stretch].status", "yellow"},
				// no base last year: null with a reason, never 0
				{"indicators[attracted_investment].targets[stretch].required_growth", nil},
				{"indicators[attracted_investment].targets[stretch].reasons.required_growth", nonEmpty},
			},
		},
		{
			name: "value and growth in one tier: the value needs more",
			files: []string{example2Investment, csv(targetHeader,
				"440784,industrial_investment,2023,assigned,185,20")},
			region: "440784", period: "2023-06",
			want: []exp{
				// from growth 24.76, from value 25.00
				{"indicators[industrial_investment].targets[assigned].required_growth", 25.00},
				{"indicators[industrial_investment].targets[assigned].completion", 43.24},
				{"indicators[industrial_investment].targets[assigned].gap_pp", -6.76},
				{"indicators[industrial_investment].targets[assigned].status", "red"},
			},
		},
		{
			name: "value and growth in one tier: the growth needs more",
			files: []string{example2Investment, csv(targetHeader,
				"440784,industrial_investment,2023,assigned,185,30")},
			region: "440784", period: "2023-06",
			want: []exp{
				// from growth 43.10, from value 25.00
				{"indicators[industrial_investment].targets[assigned].required_growth", 43.10},
			},
		},
		{
			name: "status is the worse of value and growth",
			files: []string{example2Investment, csv(targetHeader,
				"440784,industrial_investment,2023,assigned,150,20")},
			region: "440784", period: "2023-06",
			want: []exp{
				// completion 53.33 is ahead of 50 (green), growth 14.3 is 5.7 behind 20 (red)
				{"indicators[industrial_investment].targets[assigned].completion", 53.33},
				{"indicators[industrial_investment].targets[assigned].gap_pp", 3.33},
				{"indicators[industrial_investment].targets[assigned].status", "red"},
			},
		},
		{
			name: "exactly at the tolerance is yellow",
			files: []string{csv(obsHeader,
				"440784,attracted_projects,2023-06,45,,",
				"440784,gdp,2023-06,223.83,7.0,"), csv(targetHeader,
				"440784,attracted_projects,2023,assigned,100,",
				"440784,gdp,2023,assigned,,8")},
			region: "440784", period: "2023-06",
			want: []exp{
				{"indicators[attracted_projects].targets[assigned].gap_pp", -5.0},
				{"indicators[attracted_projects].targets[assigned].status", "yellow"},
				{"indicators[gdp].targets[assigned].gap_pp", -1.0},
				{"indicators[gdp].targets[assigned].status", "yellow"},
			},
		},
		{
			name: "an indicator with only a target is listed; one with neither is not",
			files: []string{example1GDP, csv(targetHeader,
				"440784,techreform_investment,2023,assigned,48,",
				"440784,trade,2022,assigned,100,")}, // last year's target: not this year's scorecard
			region: "440784", period: "2023-06",
			want: []exp{
				{"indicators[techreform_investment].value", nil},
				{"indicators[techreform_investment].growth", nil},
				{"indicators[techreform_investment].period", nil},
				{"indicators[techreform_investment].rank", nil},
				{"indicators[techreform_investment].targets[assigned].value", 48.0},
				{"indicators[techreform_investment].targets[assigned].completion", nil},
				{"indicators[techreform_investment].targets[assigned].required_growth", nil},
				{"indicators[techreform_investment].targets[assigned].status", "none"},
				{"indicators[gdp].targets", []any{}},
				{"indicators[trade]", absent},
				{"indicators[retail]", absent},
			},
		},
		{
			name: "December: no part of the year remains",
			files: []string{csv(obsHeader,
				"440784,gdp,2023-12,480,5.0,",
				"440784,gdp,2022-12,460,,示例"), csv(targetHeader,
				"440784,gdp,2023,assigned,,8",
				"440784,gdp,2023,stretch,500,")},
			region: "440784", period: "2023-12",
			want: []exp{
				{"time_progress", 100.0},
				{"indicators[gdp].targets[assigned].time_progress", 100.0},
				{"indicators[gdp].targets[assigned].required_growth", nil},
				{"indicators[gdp].targets[assigned].reasons.required_growth", nonEmpty},
				{"indicators[gdp].targets[stretch].completion", 96.0},
				{"indicators[gdp].targets[stretch].required_growth", nil},
				{"indicators[gdp].targets[stretch].reasons.required_growth", nonEmpty},
			},
		},
		{
			name: "no base at all: required growth null with a reason, never 0",
			files: []string{csv(obsHeader,
				"440784,retail,2023-06,70.13,,"), csv(targetHeader,
				"440784,retail,2023,assigned,150,")},
			region: "440784", period: "2023-06",
			want: []exp{
				{"indicators[retail].growth", nil},
				{"indicators[retail].targets[assigned].completion", 46.75},
				{"indicators[retail].targets[assigned].required_growth", nil},
				{"indicators[retail].targets[assigned].reasons.required_growth", nonEmpty},
				{"indicators[retail].targets[assigned].projected_value", nil},
			},
		},
		{
			name: "growth published but last year's total missing: required growth null with a reason",
			files: []string{csv(obsHeader,
				"440784,gdp,2023-06,223.83,4.7,"), csv(targetHeader,
				"440784,gdp,2023,assigned,,8")},
			region: "440784", period: "2023-06",
			want: []exp{
				{"indicators[gdp].targets[assigned].gap_pp", -3.3},
				{"indicators[gdp].targets[assigned].required_growth", nil},
				{"indicators[gdp].targets[assigned].reasons.required_growth", nonEmpty},
			},
		},
		{
			name: "GDP is quarterly: in July the scorecard shows June with its own period",
			files: []string{example1GDP, csv(targetHeader,
				"440784,gdp,2023,assigned,,8")},
			region: "440784", period: "2023-07",
			want: []exp{
				{"period", "2023-07"}, {"time_progress", 58.33},
				{"indicators[gdp].period", "2023-06"},
				{"indicators[gdp].value", 223.83}, {"indicators[gdp].growth", 4.7},
				{"indicators[gdp].targets[assigned].time_progress", 50.0},
				{"indicators[gdp].targets[assigned].required_growth", 10.87},
			},
		},
		{
			name: "a target's time progress follows its indicator's mode: seasonal",
			files: []string{
				csv(indHeader+",mode", "retail,社会消费品零售总额,亿元,flow,up,2,seasonal"),
				csv(obsHeader,
					"440784,retail,2023-06,80,,",
					"440784,retail,2022-06,60,,示例",
					"440784,retail,2022-12,150,,示例",
					"440784,gdp,2023-06,223.83,4.7,"),
				csv(targetHeader, "440784,retail,2023,assigned,200,", "440784,gdp,2023,assigned,300,")},
			region: "440784", period: "2023-06",
			want: []exp{
				{"time_progress", 50.0}, // the scorecard's own: linear
				{"indicators[retail].targets[assigned].time_progress", 40.0},
				{"indicators[retail].targets[assigned].completion", 40.0},
				{"indicators[retail].targets[assigned].gap_pp", 0.0},
				{"indicators[retail].targets[assigned].status", "green"},
				{"indicators[retail].targets[assigned].projected_value", 200.0},
				{"indicators[gdp].targets[assigned].time_progress", 50.0}, // built-in: linear
			},
		},
		{
			name: "growth computed from values when not published",
			files: []string{csv(obsHeader,
				"440784,retail,2023-06,70.13,,",
				"440784,retail,2022-06,66.54,,示例",
				"440784,gdp,2023-06,223.83,4.7,")},
			region: "440784", period: "2023-06",
			want: []exp{
				{"indicators[retail].growth", 5.40},
				{"indicators[retail].growth_computed", true},
				{"indicators[retail].sample", true},
				{"indicators[gdp].growth_computed", false},
				{"indicators[gdp].sample", false},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			eachDialect(t, func(t *testing.T, s *store.Store) {
				load(t, s, tc.files...)
				check(t, scorecardJSON(t, s, tc.region, tc.period), tc.want)
			})
		})
	}
}

// Indicators appear in catalogue order, each once; a target-only one among them.
func TestScorecardLists(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		load(t, s, example1GDP, example2Investment, csv(targetHeader,
			"440784,techreform_investment,2023,assigned,48,",
			"440784,gdp,2023,stretch,500,",
			"440784,gdp,2023,assigned,,8"))
		doc := scorecardJSON(t, s, "440784", "2023-06")
		if got, want := codes(doc, "indicators"), []string{"gdp", "industrial_investment", "techreform_investment"}; !slices.Equal(got, want) {
			t.Errorf("indicators: got %v, want %v", got, want)
		}
		tiers := []string{}
		gdp, _ := lookup(doc, "indicators[gdp].targets")
		for _, e := range gdp.([]any) {
			tiers = append(tiers, e.(map[string]any)["tier"].(string))
		}
		if want := []string{"assigned", "stretch"}; !slices.Equal(tiers, want) {
			t.Errorf("gdp tiers: got %v, want %v", tiers, want)
		}
		// The stretch tier of GDP: value 500 → completion and the value's required growth.
		check(t, doc, []exp{
			{"indicators[gdp].targets[stretch].value", 500.0},
			{"indicators[gdp].targets[stretch].completion", 44.77},
			{"indicators[gdp].targets[stretch].gap_pp", -5.23},
			{"indicators[gdp].targets[stretch].status", "red"},
			// (500 − 223.83) / (460 − 213.78) − 1 = 12.16%
			{"indicators[gdp].targets[stretch].required_growth", 12.16},
		})
	})
}

func TestScorecardErrors(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		for _, tc := range []struct {
			region, period, kind string
		}{
			{"440784", "2023-13", domain.EINVALID},
			{"440784", "2023/06", domain.EINVALID},
			{"440784", "", domain.EINVALID},
			{"999999", "2023-06", domain.ENOTFOUND},
		} {
			_, err := scorecard.Build(ctx, s, tc.region, tc.period)
			if got := domain.ErrorKind(err); got != tc.kind {
				t.Errorf("Build(%q, %q): got %v (%s), want %s", tc.region, tc.period, err, got, tc.kind)
			}
		}
	})
}

// The contract of issue 2: these exact keys, absent numbers present as null.
func TestJSONContract(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		// gdp with every figure; techreform_investment with a target only, so most numbers are null.
		load(t, s, example1GDP, csv(targetHeader,
			"440784,gdp,2023,assigned,,8",
			"440784,techreform_investment,2023,assigned,48,"))
		doc := scorecardJSON(t, s, "440784", "2023-06")
		for _, key := range []string{"region", "period", "time_progress", "indicators"} {
			if _, ok := doc[key]; !ok {
				t.Errorf("scorecard: got no key %q, want it", key)
			}
		}
		region, _ := doc["region"].(map[string]any)
		for _, key := range []string{"code", "name"} {
			if _, ok := region[key]; !ok {
				t.Errorf("scorecard.region: got no key %q, want it", key)
			}
		}
		inds, _ := doc["indicators"].([]any)
		if len(inds) != 2 {
			t.Fatalf("indicators: got %d, want 2", len(inds))
		}
		nTargets := 0
		for _, e := range inds {
			l := e.(map[string]any)
			for _, key := range []string{"code", "name", "unit", "kind", "direction", "value", "growth", "change", "rank", "peers", "stale", "targets"} {
				if _, ok := l[key]; !ok {
					t.Errorf("indicators[%v]: got no key %q, want it", l["code"], key)
				}
			}
			ts, _ := l["targets"].([]any)
			for _, te := range ts {
				nTargets++
				tl := te.(map[string]any)
				for _, key := range []string{"tier", "value", "growth", "completion", "gap_pp", "growth_gap_pp", "level_gap",
					"time_progress", "required_growth", "required_growth_bound", "required_growth_from", "price_basis",
					"required_growth_value", "required_growth_value_basis", "required_growth_growth",
					"required_growth_growth_basis", "projected_value", "status"} {
					if _, ok := tl[key]; !ok {
						t.Errorf("indicators[%v].targets[%v]: got no key %q, want it", l["code"], tl["tier"], key)
					}
				}
				if st := tl["status"]; !slices.Contains([]any{"green", "yellow", "red", "none", "stale"}, st) {
					t.Errorf("indicators[%v].targets[%v].status: got %v, want green|yellow|red|none|stale", l["code"], tl["tier"], st)
				}
			}
		}
		if nTargets != 2 {
			t.Errorf("targets: got %d, want 2", nTargets)
		}
		check(t, doc, []exp{
			{"indicators[techreform_investment].value", nil},
			{"indicators[techreform_investment].growth", nil},
			{"indicators[techreform_investment].rank", nil},
			{"indicators[techreform_investment].targets[assigned].growth", nil},
			{"indicators[techreform_investment].targets[assigned].completion", nil},
			{"indicators[techreform_investment].targets[assigned].gap_pp", nil},
			{"indicators[techreform_investment].targets[assigned].required_growth", nil},
			{"indicators[techreform_investment].targets[assigned].projected_value", nil},
			{"indicators[gdp].targets[assigned].value", nil},
			{"indicators[gdp].targets[assigned].completion", nil},
			{"indicators[gdp].targets[assigned].required_growth", 10.87},
			{"indicators[gdp].targets[assigned].required_growth_bound", "min"},
			{"indicators[gdp].targets[assigned].required_growth_from", "growth"},
			{"indicators[gdp].targets[assigned].required_growth_growth", 10.87},
			{"indicators[gdp].targets[assigned].required_growth_growth_basis", "comparable"},
			{"indicators[gdp].targets[assigned].required_growth_value", nil},
			{"indicators[gdp].targets[assigned].required_growth_value_basis", nil},
			{"indicators[gdp].targets[assigned].price_basis", "comparable"},
			{"indicators[gdp].targets[assigned].level_gap", nil},
			{"indicators[gdp].stale", false},
			{"indicators[techreform_investment].stale", false},
			{"indicators[techreform_investment].reasons.value", "reason.no_data"},
			{"indicators[techreform_investment].targets[assigned].required_growth_bound", nil},
		})

		rk := rankingJSON(t, s, "440700", "gdp", "2023-06", "")
		for _, key := range []string{"indicator", "period", "by", "rows"} {
			if _, ok := rk[key]; !ok {
				t.Errorf("ranking: got no key %q, want it", key)
			}
		}
		rs, _ := rk["rows"].([]any)
		if len(rs) != 1 {
			t.Fatalf("ranking rows: got %d, want 1", len(rs))
		}
		row := rs[0].(map[string]any)
		for _, key := range []string{"code", "name", "value", "growth", "rank"} {
			if _, ok := row[key]; !ok {
				t.Errorf("ranking.rows[0]: got no key %q, want it", key)
			}
		}
		// A growth-only figure: value present as null.
		load(t, s, csv(obsHeader, "440784,tertiary_power,2023-06,,18.2,"))
		check(t, rankingJSON(t, s, "440700", "tertiary_power", "2023-06", ""), []exp{
			{"rows[440784].value", nil}, {"rows[440784].growth", 18.2}, {"rows[440784].rank", 1}})
	})
}
