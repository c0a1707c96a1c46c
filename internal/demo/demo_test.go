package demo_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/scorecard"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

// eachDemo runs fn on a fresh store of every dialect with the demo loaded.
func eachDemo(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			if _, err := demo.Load(ctx, s); err != nil {
				t.Fatalf("demo.Load: %v", err)
			}
			fn(t, s)
		})
	}
}

func f(v float64) *float64 { return &v }

func fig(p *float64) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprint(*p)
}

func same(a, b *float64) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

// The figures of DESIGN.md §3 the demo carries, as the article gives them.
var articleObservations = []struct {
	indicator, period string
	value, growth     *float64
}{
	{"gdp", "2023-06", f(223.83), f(4.7)},
	{"retail", "2023-06", f(70.13), f(5.4)},
	{"tertiary_power", "2023-06", nil, f(18.2)},
	{"services_revenue", "2023-06", nil, f(40.8)},
	{"tourists", "2023-06", f(172), f(172)},
	{"tourism_revenue", "2023-06", f(11.6), f(128)},
	{"key_project_investment", "2023-06", f(88.2), nil},
	{"attracted_projects", "2023-07", f(45), nil},
	{"attracted_investment", "2023-07", f(164.25), nil},
}

var articleTargets = []struct {
	indicator     string
	tier          domain.Tier
	value, growth *float64
}{
	{"gdp", domain.Assigned, nil, f(8)},
	{"gdp", domain.Stretch, f(500), nil},
	{"industrial_investment", domain.Assigned, f(185), f(20)},
	{"techreform_investment", domain.Assigned, f(48), nil},
	{"infra_investment", domain.Assigned, f(61), f(4)},
	{"realestate_investment", domain.Assigned, f(51), f(3)},
	{"attracted_projects", domain.Assigned, f(45), nil},
	{"attracted_projects", domain.Stretch, f(66), nil},
	{"attracted_investment", domain.Stretch, f(300), nil},
	{"new_above_scale_industrial", domain.Assigned, f(100), nil},
	{"platform_industrial_investment", domain.Stretch, f(70), nil},
}

// Every article figure is loaded as it stands, not flagged; nothing else goes unflagged.
func TestArticleFigures(t *testing.T) {
	eachDemo(t, func(t *testing.T, s *store.Store) {
		obs, err := s.Observations(ctx, store.ObservationQuery{})
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]domain.Observation{}
		for _, o := range obs {
			stored[o.RegionCode+"/"+o.IndicatorCode+"/"+o.Period] = o
		}
		article := map[string]bool{}
		for _, a := range articleObservations {
			key := demo.Region + "/" + a.indicator + "/" + a.period
			article[key] = true
			o, ok := stored[key]
			switch {
			case !ok:
				t.Errorf("%s: got no observation, want %s / %s%%", key, fig(a.value), fig(a.growth))
			case !same(o.Value, a.value) || !same(o.Growth, a.growth):
				t.Errorf("%s: got %s / %s%%, want %s / %s%%", key, fig(o.Value), fig(o.Growth), fig(a.value), fig(a.growth))
			case o.Sample:
				t.Errorf("%s: got sample, want the article's figure unflagged", key)
			}
		}
		for key, o := range stored {
			if !o.Sample && !article[key] {
				t.Errorf("%s: got %s / %s%% unflagged, want it marked 示例 (not in the article)", key, fig(o.Value), fig(o.Growth))
			}
		}

		targets, err := s.Targets(ctx, "", demo.Year)
		if err != nil {
			t.Fatal(err)
		}
		byKey := map[string]domain.Target{}
		for _, tg := range targets {
			byKey[tg.RegionCode+"/"+tg.IndicatorCode+"/"+string(tg.Tier)] = tg
		}
		articleT := map[string]bool{}
		for _, a := range articleTargets {
			key := demo.Region + "/" + a.indicator + "/" + string(a.tier)
			articleT[key] = true
			tg, ok := byKey[key]
			switch {
			case !ok:
				t.Errorf("target %s: got none, want %s / %s%%", key, fig(a.value), fig(a.growth))
			case !same(tg.Value, a.value) || !same(tg.Growth, a.growth):
				t.Errorf("target %s: got %s / %s%%, want %s / %s%%", key, fig(tg.Value), fig(tg.Growth), fig(a.value), fig(a.growth))
			case tg.Sample:
				t.Errorf("target %s: got sample, want the article's figure unflagged", key)
			}
		}
		for key, tg := range byKey {
			if !tg.Sample && !articleT[key] {
				t.Errorf("target %s: got %s / %s%% unflagged, want it marked 示例 (not in the article)", key, fig(tg.Value), fig(tg.Growth))
			}
		}

		ind, err := s.Indicator(ctx, "platform_industrial_investment")
		if err != nil || ind.BuiltIn || ind.Unit != "亿元" {
			t.Errorf("platform_industrial_investment: got %+v, %v; want a user-defined indicator in 亿元", ind, err)
		}
	})
}

// readCSV reads one of the demo's data files as header-keyed rows.
func readCSV(t *testing.T, name string) []map[string]string {
	t.Helper()
	file, err := os.Open("data/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	recs, err := csv.NewReader(file).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			if i < len(rec) {
				m[h] = strings.TrimSpace(rec[i])
			}
		}
		out = append(out, m)
	}
	return out
}

// Every row of the data files is in the store, flagged exactly when the file says 示例; a row
// whose source is not the article is flagged.
func TestSampleFlags(t *testing.T) {
	obsRows, targetRows := readCSV(t, "observations.csv"), readCSV(t, "targets.csv")
	for _, rows := range [][]map[string]string{obsRows, targetRows} {
		for _, r := range rows {
			if !strings.HasPrefix(r["source"], "江门日报") && r["sample"] != "示例" {
				t.Errorf("data row %v: source is not the article but it is not marked 示例", r)
			}
		}
	}
	eachDemo(t, func(t *testing.T, s *store.Store) {
		obs, err := s.Observations(ctx, store.ObservationQuery{})
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]domain.Observation{}
		for _, o := range obs {
			stored[o.RegionCode+"/"+o.IndicatorCode+"/"+o.Period] = o
		}
		if len(obs) != len(obsRows) {
			t.Errorf("observations: got %d, want %d (one per row of observations.csv)", len(obs), len(obsRows))
		}
		for _, r := range obsRows {
			key := r["region_code"] + "/" + r["indicator"] + "/" + r["period"]
			o, ok := stored[key]
			if want := r["sample"] == "示例"; !ok || o.Sample != want {
				t.Errorf("observation %s: got present=%v sample=%v, want present, sample=%v", key, ok, o.Sample, want)
			}
		}
		targets, err := s.Targets(ctx, "", demo.Year)
		if err != nil {
			t.Fatal(err)
		}
		stt := map[string]domain.Target{}
		for _, tg := range targets {
			stt[tg.RegionCode+"/"+tg.IndicatorCode+"/"+string(tg.Tier)] = tg
		}
		if len(targets) != len(targetRows) {
			t.Errorf("targets: got %d, want %d (one per row of targets.csv)", len(targets), len(targetRows))
		}
		for _, r := range targetRows {
			key := r["region_code"] + "/" + r["indicator"] + "/" + r["tier"]
			tg, ok := stt[key]
			if want := r["sample"] == "示例"; !ok || tg.Sample != want {
				t.Errorf("target %s: got present=%v sample=%v, want present, sample=%v", key, ok, tg.Sample, want)
			}
		}
	})
}

func TestGoalTree(t *testing.T) {
	rows := readCSV(t, "goaltree.csv")
	wantMeasures := map[string]int{}
	for _, r := range rows {
		wantMeasures[r["focus"]]++
	}
	eachDemo(t, func(t *testing.T, s *store.Store) {
		tree, err := s.GoalTree(ctx, demo.Region, demo.Year)
		if err != nil {
			t.Fatal(err)
		}
		if len(tree) != 6 {
			t.Fatalf("focus points: got %d, want 6 (the headline and five)", len(tree))
		}
		inds, err := s.Indicators(ctx)
		if err != nil {
			t.Fatal(err)
		}
		known := map[string]bool{}
		for _, ind := range inds {
			known[ind.Code] = true
		}
		for i, fp := range tree {
			if fp.Position != i {
				t.Errorf("focus point %d: got position %d, want %d", i, fp.Position, i)
			}
			if want := wantMeasures[fmt.Sprint(i)]; len(fp.Measures) != want || want == 0 {
				t.Errorf("focus point %d (%s): got %d measures, want %d", i, fp.Title, len(fp.Measures), want)
			}
			for j, m := range fp.Measures {
				if m.Position != j+1 || m.Text == "" || m.OwnerUnits == "" {
					t.Errorf("focus point %d measure %d: got %+v, want position %d with text and owners", i, j, m, j+1)
				}
				if m.IndicatorCode != "" && !known[m.IndicatorCode] {
					t.Errorf("focus point %d measure %q: got unknown indicator %q", i, m.Text, m.IndicatorCode)
				}
			}
		}
		for _, c := range []struct {
			focus     int
			title     string // in the title
			indicator string
			figure    float64
		}{
			{0, "500亿元", "gdp", 223.83},
			{1, "制造业当家", "platform_industrial_investment", 70},
			{2, "185亿元", "industrial_investment", 185},
			{3, "66个", "attracted_projects", 45},
			{4, "消费", "retail", 70.13},
			{5, "百千万工程", "", 1000},
		} {
			fp := tree[c.focus]
			if !strings.Contains(fp.Title, c.title) {
				t.Errorf("focus point %d: got title %q, want it to contain %q", c.focus, fp.Title, c.title)
			}
			found := false
			for _, m := range fp.Measures {
				found = found || (m.IndicatorCode == c.indicator && m.Figure != nil && *m.Figure == c.figure)
			}
			if !found {
				t.Errorf("focus point %d: got no measure with indicator %q and figure %g", c.focus, c.indicator, c.figure)
			}
		}
	})
}

// Loading the demo into a store that already has it is refused, and changes nothing.
func TestLoadTwice(t *testing.T) {
	eachDemo(t, func(t *testing.T, s *store.Store) {
		count := func() (obs, audit, focus int) {
			o, err := s.Observations(ctx, store.ObservationQuery{AllRevisions: true})
			if err != nil {
				t.Fatal(err)
			}
			a, err := s.AuditLog(ctx, 100_000)
			if err != nil {
				t.Fatal(err)
			}
			tree, err := s.GoalTree(ctx, demo.Region, demo.Year)
			if err != nil {
				t.Fatal(err)
			}
			return len(o), len(a), len(tree)
		}
		o1, a1, f1 := count()
		res, err := demo.Load(ctx, s)
		if domain.ErrorKind(err) != domain.ECONFLICT {
			t.Errorf("second Load: got %+v, %v; want a conflict", res, err)
		}
		if o2, a2, f2 := count(); o2 != o1 || a2 != a1 || f2 != f1 {
			t.Errorf("after a second Load: got %d observations, %d audit rows, %d focus points; want %d, %d, %d",
				o2, a2, f2, o1, a1, f1)
		}
	})
}

// At its home period the demo reads well under the staleness rule (DESIGN.md §4a): every
// indicator with a target has a current figure, and the stale ones (the article's June figures
// without a target) are fewer than the current ones.
func TestHomePeriodFresh(t *testing.T) {
	eachDemo(t, func(t *testing.T, s *store.Store) {
		sc, err := scorecard.Build(ctx, s, demo.Region, demo.Period)
		if err != nil {
			t.Fatal(err)
		}
		fresh, stale := 0, 0
		for _, l := range sc.Indicators {
			if l.Period == nil {
				continue
			}
			if !l.Stale {
				fresh++
				continue
			}
			stale++
			if len(l.Targets) > 0 {
				t.Errorf("%s at %s: got a stale figure of %s with a target, want a current one (add a 示例 figure)", l.Code, demo.Period, *l.Period)
			}
		}
		if fresh <= stale {
			t.Errorf("at %s: got %d current and %d stale figures, want most current", demo.Period, fresh, stale)
		}
	})
}

// The demo shows one indicator of each kind the article does not: a level, a stock and a
// ceiling, each against a 示例 target (DESIGN.md §4a).
func TestKindsShown(t *testing.T) {
	eachDemo(t, func(t *testing.T, s *store.Store) {
		sc, err := scorecard.Build(ctx, s, demo.Region, demo.Period)
		if err != nil {
			t.Fatal(err)
		}
		lines := map[string]scorecard.Line{}
		for _, l := range sc.Indicators {
			lines[l.Code] = l
		}
		near := func(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 0.005 }
		for _, tc := range []struct {
			code, kind, direction, status string
			check                         func(tl scorecard.TierLine, l scorecard.Line) string
		}{
			// unemployment 5.2 under a 5.5 ceiling: level_gap 5.5 − 5.2 = +0.3; change 5.2 − 5.4 = −0.2
			{"unemployment", "level", "down", "green", func(tl scorecard.TierLine, l scorecard.Line) string {
				if !near(tl.LevelGap, 0.3) || tl.Completion != nil || tl.RequiredGrowth != nil || !near(l.Change, -0.2) {
					return fmt.Sprintf("level_gap %s, completion %s, required %s, change %s; want +0.3, —, —, −0.2",
						fig(tl.LevelGap), fig(tl.Completion), fig(tl.RequiredGrowth), fig(l.Change))
				}
				return ""
			}},
			// deposits S0 600, 633.6 in July, 660 at year end: (633.6 − 600)/(660 − 600) = 56.00%
			// against linear 7/12 = 58.33 → −2.3, yellow; 需增速 660/633.6 − 1 = 4.17%
			{"deposits", "stock", "up", "yellow", func(tl scorecard.TierLine, l scorecard.Line) string {
				if !near(tl.Completion, 56) || !near(tl.TimeProgress, 58.33) || !near(tl.RequiredGrowth, 4.17) {
					return fmt.Sprintf("completion %s, time progress %s, required %s; want 56, 58.33, 4.17",
						fig(tl.Completion), fig(tl.TimeProgress), fig(tl.RequiredGrowth))
				}
				return ""
			}},
			// energy (quarterly: June's figure current in July): DESIGN.md §4a worked example 7,
			// 55 of a 108 cap = 50.93% used against 50% → −0.9, yellow; 需增速 ≤ 6.00%
			{"energy_consumption", "flow", "down", "yellow", func(tl scorecard.TierLine, l scorecard.Line) string {
				if !near(tl.Completion, 50.93) || !near(tl.RequiredGrowth, 6) || tl.RequiredGrowthBound == nil || *tl.RequiredGrowthBound != "max" {
					return fmt.Sprintf("completion %s, required %s (bound %v); want 50.93, 6.00 max",
						fig(tl.Completion), fig(tl.RequiredGrowth), tl.RequiredGrowthBound)
				}
				return ""
			}},
		} {
			l, ok := lines[tc.code]
			switch {
			case !ok:
				t.Errorf("%s: got no scorecard line at %s", tc.code, demo.Period)
				continue
			case l.Kind != tc.kind || l.Direction != tc.direction || !l.Sample || l.Stale || len(l.Targets) != 1:
				t.Errorf("%s: got kind %s %s, sample %v, stale %v, %d targets; want %s %s, sample, current, one target",
					tc.code, l.Kind, l.Direction, l.Sample, l.Stale, len(l.Targets), tc.kind, tc.direction)
				continue
			}
			tl := l.Targets[0]
			if tl.Status != tc.status || !tl.Sample {
				t.Errorf("%s: got status %s, sample target %v; want %s, sample", tc.code, tl.Status, tl.Sample, tc.status)
			}
			if msg := tc.check(tl, l); msg != "" {
				t.Errorf("%s: got %s", tc.code, msg)
			}
		}
	})
}
