package scorecard_test

import (
	"slices"
	"strconv"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/scorecard"
	"pacer/internal/store"
)

// rows is a ranking's rows as "code:rank", in order.
func rows(doc map[string]any) []string {
	arr, _ := doc["rows"].([]any)
	out := []string{}
	for _, e := range arr {
		m := e.(map[string]any)
		r, _ := m["rank"].(float64)
		out = append(out, m["code"].(string)+":"+strconv.Itoa(int(r)))
	}
	return out
}

func TestRanking(t *testing.T) {
	// Energy use per unit of GDP: lower is better, defined by an indicator file.
	energy := csv(indHeader, "energy_intensity,单位地区生产总值能耗,吨标准煤/万元,rate,down,2")
	tests := []struct {
		name                          string
		files                         []string
		parent, indicator, period, by string
		rows                          []string // code:rank, in order
		want                          []exp
	}{
		{
			name: "worked example 4: competition ranking of the seven Jiangmen units by growth",
			files: []string{csv(obsHeader,
				"440703,retail,2023-06,100,5.4,", "440704,retail,2023-06,100,6.1,", "440705,retail,2023-06,100,5.4,",
				"440781,retail,2023-06,100,3.2,", "440783,retail,2023-06,100,7.0,", "440784,retail,2023-06,100,4.4,",
				"440785,retail,2023-06,100,5.4,")},
			parent: "440700", indicator: "retail", period: "2023-06",
			rows: []string{"440783:1", "440704:2", "440703:3", "440705:3", "440785:3", "440784:6", "440781:7"},
			want: []exp{{"indicator", "retail"}, {"period", "2023-06"}, {"by", "growth"}},
		},
		{
			name: "regions without the figure are not ranked; 5.4 and 5.40 tie",
			files: []string{csv(obsHeader,
				"440703,retail,2023-06,230.41,5.4,", "440704,retail,2023-06,55.27,5.40,", "440705,retail,2023-06,160.03,6.1,",
				"440781,retail,2023-06,118.92,3.2,", "440783,retail,2023-06,108.35,7.0,",
				"440784,retail,2022-06,66.54,,示例")}, // last year only: no figure this year
			parent: "440700", indicator: "retail", period: "2023-06",
			rows: []string{"440783:1", "440705:2", "440703:3", "440704:3", "440781:5"},
			want: []exp{{"rows[440784]", absent}, {"rows[440785]", absent}, {"rows[440704].growth", 5.4}},
		},
		{
			name: "by value and by growth differ",
			files: []string{csv(obsHeader,
				"440703,retail,2023-06,230.41,6.3,", "440704,retail,2023-06,55.27,7.5,", "440784,retail,2023-06,70.13,5.4,")},
			parent: "440700", indicator: "retail", period: "2023-06", by: "value",
			rows: []string{"440703:1", "440784:2", "440704:3"},
			want: []exp{{"by", "value"}, {"rows[440703].value", 230.41}, {"rows[440703].growth", 6.3}},
		},
		{
			name: "by growth (the default)",
			files: []string{csv(obsHeader,
				"440703,retail,2023-06,230.41,6.3,", "440704,retail,2023-06,55.27,7.5,", "440784,retail,2023-06,70.13,5.4,")},
			parent: "440700", indicator: "retail", period: "2023-06",
			rows: []string{"440704:1", "440703:2", "440784:3"},
			want: []exp{{"by", "growth"}},
		},
		{
			name: "lower is better by growth: ascending",
			files: []string{energy, csv(obsHeader,
				"440703,energy_intensity,2023-06,0.41,-3.2,", "440704,energy_intensity,2023-06,0.38,-1.5,",
				"440705,energy_intensity,2023-06,0.52,0.8,", "440784,energy_intensity,2023-06,0.380,-3.20,")},
			parent: "440700", indicator: "energy_intensity", period: "2023-06",
			rows: []string{"440703:1", "440784:1", "440704:3", "440705:4"},
		},
		{
			name: "lower is better by value: ascending, compared at the indicator's precision",
			files: []string{energy, csv(obsHeader,
				"440703,energy_intensity,2023-06,0.41,-3.2,", "440704,energy_intensity,2023-06,0.38,-1.5,",
				"440705,energy_intensity,2023-06,0.52,0.8,", "440784,energy_intensity,2023-06,0.380,-3.20,")},
			parent: "440700", indicator: "energy_intensity", period: "2023-06", by: "value",
			rows: []string{"440704:1", "440784:1", "440703:3", "440705:4"},
		},
		{
			name: "a province ranks the county-level units under it, nothing else",
			files: []string{csv(obsHeader,
				"440784,retail,2023-06,70.13,5.4,", "440103,retail,2023-06,300,6.0,", "440303,retail,2023-06,400,4.0,",
				"440700,retail,2023-06,900,5.0,",   // the prefecture itself
				"110101,retail,2023-06,500,9.9,")}, // another province
			parent: "440000", indicator: "retail", period: "2023-06",
			rows: []string{"440103:1", "440784:2", "440303:3"},
			want: []exp{{"rows[440784].name", "鹤山市"}, {"rows[440103].name", "荔湾区"}},
		},
		{
			name: "CN ranks every county-level unit",
			files: []string{csv(obsHeader,
				"440784,retail,2023-06,70.13,5.4,", "440103,retail,2023-06,300,6.0,", "440303,retail,2023-06,400,4.0,",
				"440700,retail,2023-06,900,5.0,", "110101,retail,2023-06,500,9.9,")},
			parent: "CN", indicator: "retail", period: "2023-06",
			rows: []string{"110101:1", "440103:2", "440784:3", "440303:4"},
		},
		{
			name: "growth computed from values ranks with published ones",
			files: []string{csv(obsHeader,
				"440784,retail,2023-06,70.13,,", "440784,retail,2022-06,66.54,,示例",
				"440703,retail,2023-06,230.41,6.3,", "440704,retail,2023-06,55.27,5.4,")},
			parent: "440700", indicator: "retail", period: "2023-06",
			rows: []string{"440703:1", "440704:2", "440784:2"},
			want: []exp{
				{"rows[440784].growth", 5.40}, {"rows[440784].growth_computed", true},
				{"rows[440704].growth_computed", false}, {"rows[440784].value", 70.13},
			},
		},
		{
			name: "growth-only figures rank by growth; by value they are not ranked",
			files: []string{csv(obsHeader,
				"440784,tertiary_power,2023-06,,18.2,", "440703,tertiary_power,2023-06,,12.5,",
				"440704,tertiary_power,2023-06,3.1,15.1,")},
			parent: "440700", indicator: "tertiary_power", period: "2023-06", by: "value",
			rows: []string{"440704:1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			eachDialect(t, func(t *testing.T, s *store.Store) {
				load(t, s, tc.files...)
				doc := rankingJSON(t, s, tc.parent, tc.indicator, tc.period, tc.by)
				if got := rows(doc); !slices.Equal(got, tc.rows) {
					t.Errorf("rows: got %v, want %v", got, tc.rows)
				}
				check(t, doc, tc.want)
			})
		})
	}
}

// The scorecard's rank and peers agree with the ranking: rank among siblings that have the
// figure, peers = how many were ranked, null for a region without it.
func TestScorecardRank(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		load(t, s, csv(obsHeader,
			"440703,retail,2023-06,230.41,5.4,", "440704,retail,2023-06,55.27,5.40,", "440705,retail,2023-06,160.03,6.1,",
			"440781,retail,2023-06,118.92,3.2,", "440783,retail,2023-06,108.35,7.0,",
			"440703,gdp,2023-06,560.12,5.0,", "440784,gdp,2023-06,223.83,4.7,"),
			csv(targetHeader, "440784,retail,2023,assigned,150,"))
		for _, tc := range []struct {
			region string
			want   []exp
		}{
			{"440703", []exp{{"indicators[retail].rank", 3}, {"indicators[retail].peers", 5},
				{"indicators[gdp].rank", 1}, {"indicators[gdp].peers", 2}}},
			{"440704", []exp{{"indicators[retail].rank", 3}, {"indicators[retail].peers", 5}}},
			{"440783", []exp{{"indicators[retail].rank", 1}, {"indicators[gdp]", absent}}},
			{"440784", []exp{{"indicators[retail].rank", nil}, {"indicators[retail].value", nil},
				{"indicators[gdp].rank", 2}, {"indicators[gdp].peers", 2}}},
		} {
			t.Run(tc.region, func(t *testing.T) { check(t, scorecardJSON(t, s, tc.region, "2023-06"), tc.want) })
		}
	})
}

func TestRankingErrors(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		for _, tc := range []struct {
			parent, indicator, period, by, kind string
		}{
			{"440700", "retail", "2023-06", "speed", domain.EINVALID},
			{"440700", "retail", "2023-6x", "", domain.EINVALID},
			{"440700", "no_such", "2023-06", "", domain.ENOTFOUND},
			{"999999", "retail", "2023-06", "", domain.ENOTFOUND},
		} {
			_, err := scorecard.BuildRanking(ctx, s, tc.parent, tc.indicator, tc.period, tc.by)
			if got := domain.ErrorKind(err); got != tc.kind {
				t.Errorf("BuildRanking(%q, %q, %q, %q): got %v (%s), want %s", tc.parent, tc.indicator, tc.period, tc.by, err, got, tc.kind)
			}
		}
		// With no data at all, rows is an empty list, not null.
		doc := rankingJSON(t, s, "440700", "retail", "2023-06", "")
		check(t, doc, []exp{{"rows", []any{}}})
	})
}
