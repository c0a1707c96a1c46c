package cadence_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"pacer/internal/cadence"
	"pacer/internal/domain"
	"pacer/internal/scorecard"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

const region = "440781" // 台山市: the fixture's own county, no demo data

var ana = domain.Actor{Username: "ana", Role: domain.RoleAnalyst}

func f(v float64) *float64 { return &v }

func obs(ind, period string, v, g *float64) domain.Observation {
	return domain.Observation{RegionCode: region, IndicatorCode: ind, Period: period, Value: v, Growth: g, Source: "fixture"}
}

// fixture loads a hand-made county: every indicator has an assigned growth target of 10%
// (budget revenue 5%), and
//   - retail: June +10.5% (green), July +5% (red: 5 points behind, tolerance 1);
//   - trade: July +9.5% (yellow: 0.5 behind);
//   - tourists: May −20% and nothing since — stale at July, never red;
//   - budget revenue: July +8% against 5% (green).
//
// The commerce bureau (440781-swj) reports retail and trade.
func fixture(t *testing.T, s *store.Store) *cadence.Service {
	t.Helper()
	var targets []domain.Target
	for ind, g := range map[string]float64{"retail": 10, "trade": 10, "tourists": 10, "budget_revenue": 5} {
		targets = append(targets, domain.Target{RegionCode: region, IndicatorCode: ind, Year: 2023, Tier: domain.Assigned, Growth: f(g), Source: "fixture"})
	}
	b := store.Batch{Actor: "fixture", Source: "fixture", Targets: targets,
		Units: []domain.Unit{{Code: "440781-swj", Name: "台山市商务局", RegionCode: region, Kind: "department"},
			{Code: "440781-tjj", Name: "台山市统计局", RegionCode: region, Kind: "department"}},
		Assignments: []store.Assignment{{UnitCode: "440781-swj", IndicatorCode: "retail", RegionCode: region},
			{UnitCode: "440781-swj", IndicatorCode: "trade", RegionCode: region}},
		Observations: []domain.Observation{
			obs("retail", "2022-12", f(150), nil),
			obs("retail", "2023-06", f(78), f(10.5)),
			obs("retail", "2023-07", f(90), f(5)),
			obs("trade", "2022-12", f(200), nil),
			obs("trade", "2023-07", f(120), f(9.5)),
			obs("tourists", "2022-12", f(300), nil),
			obs("tourists", "2023-05", f(100), f(-20)),
			obs("budget_revenue", "2022-12", f(30), nil),
			obs("budget_revenue", "2023-07", f(18), f(8)),
		}}
	if _, err := s.ApplyBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	return cadence.New(s, scorecard.New(s))
}

func eachStore(t *testing.T, fn func(t *testing.T, s *store.Store, c *cadence.Service)) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			fn(t, s, fixture(t, s))
		})
	}
}

type row struct{ kind, ref, status string }

func rows(v cadence.AgendaView) []row {
	var out []row
	for _, it := range v.Items {
		out = append(out, row{it.Kind, it.Ref, it.Status})
	}
	return out
}

// TestAgendaPeriodRule: week W uses the latest month whose last day is before its Monday. 2023-W31
// starts on Monday 31 July: July has not ended before it, so June's figures (retail green) are
// used; 2023-W32 (Monday 7 August) uses July's (retail red).
func TestAgendaPeriodRule(t *testing.T) {
	for _, tc := range []struct {
		week, monday, period string
	}{
		{"2023-W31", "2023-07-31", "2023-06"},
		{"2023-W32", "2023-08-07", "2023-07"},
		{"2023-W01", "2023-01-02", "2022-12"},
		{"2020-W53", "2020-12-28", "2020-11"},
		{"2024-W09", "2024-02-26", "2024-01"},
	} {
		m, p, err := cadence.WeekPeriod(tc.week)
		if err != nil || m.Format("2006-01-02") != tc.monday || p.String() != tc.period {
			t.Errorf("%s: got Monday %s period %s (%v), want %s and %s", tc.week, m.Format("2006-01-02"), p, err, tc.monday, tc.period)
		}
	}
	for _, bad := range []string{"2023-W54", "2023-W00", "2021-W53", "2023W31", "2023-31", ""} {
		if _, _, err := cadence.WeekPeriod(bad); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("%q: got %v, want invalid", bad, err)
		}
	}
	if got := cadence.DefaultWeek("2023-07"); got != "2023-W32" {
		t.Errorf("DefaultWeek(2023-07): got %s, want 2023-W32 (Monday 7 August, the first after July)", got)
	}
	eachStore(t, func(t *testing.T, s *store.Store, c *cadence.Service) {
		a, err := c.WeeklyAgenda(ctx, region, "2023-W31")
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range a.In("zh-CN").Items {
			if it.Ref == "retail" {
				t.Errorf("2023-W31: got retail %s on the agenda, want it absent (June's +10.5%% is green; July's figure is not yet of an ended month)", it.Status)
			}
		}
	})
}

// TestAgendaContract: the JSON of `pacer dispatch agenda` — exactly week and items of kind, ref,
// title, status, owner, due; red then yellow indicators with their 需增速, a stale one as 数据未报
// (status stale, not red); follow-ups overdue or due this week; the last meeting's decisions.
func TestAgendaContract(t *testing.T) {
	eachStore(t, func(t *testing.T, s *store.Store, c *cadence.Service) {
		// Week 2023-W32: Monday 7 August to Sunday 13 August.
		mk := func(title, deadline string) domain.FollowUp {
			fu, err := c.CreateFollowUp(ctx, ana, region, cadence.Decision{Title: title, OwnerUnit: "440781-swj", Deadline: deadline})
			if err != nil {
				t.Fatal(err)
			}
			return fu
		}
		overdue := mk("逾期事项", "2023-08-04")
		thisWeek := mk("本周到期", "2023-08-09")
		mk("下周到期", "2023-08-20")
		done := mk("已办结", "2023-08-01")
		if err := c.Close(ctx, ana, region, done.ID, ""); err != nil {
			t.Fatal(err)
		}
		m, ds, err := c.RecordMeeting(ctx, ana, domain.Meeting{RegionCode: region, Week: "2023-W31", HeldOn: "2023-07-31", Chair: "市长",
			Attendees: []string{"商务局"}}, []cadence.Decision{
			{Title: "决定一", OwnerUnit: "440781-tjj", Deadline: "2023-08-04"},
			{Title: "决定二", OwnerUnit: "440781-swj", Deadline: "2023-08-30"},
		})
		if err != nil || m.ID == 0 || len(ds) != 2 {
			t.Fatalf("record meeting: got %+v %+v, %v", m, ds, err)
		}
		if err := c.Close(ctx, ana, region, ds[0].ID, "已完成"); err != nil {
			t.Fatal(err)
		}
		// A meeting held on the week's own Monday is this week's, not the last one.
		if _, _, err := c.RecordMeeting(ctx, ana, domain.Meeting{RegionCode: region, Week: "2023-W32", HeldOn: "2023-08-07", Chair: "市长"},
			[]cadence.Decision{{Title: "本周会议决定", OwnerUnit: "440781-swj", Deadline: "2023-09-30"}}); err != nil {
			t.Fatal(err)
		}

		od, err := c.Overdue(ctx, region, time.Date(2023, 8, 7, 0, 0, 0, 0, time.UTC))
		if err != nil || len(od) != 1 || od[0].ID != overdue.ID {
			t.Errorf("overdue on 2023-08-07: got %+v, %v; want the one due 08-04 (the meeting's due 08-04 is done)", od, err)
		}
		a, err := c.WeeklyAgenda(ctx, region, "2023-W32")
		if err != nil {
			t.Fatal(err)
		}
		v := a.In("zh-CN")
		id := func(f domain.FollowUp) string { return strconv.FormatInt(f.ID, 10) }
		want := []row{
			{"indicator", "retail", "red"},
			{"indicator", "trade", "yellow"},
			{"indicator", "tourists", "stale"},
			{"followup", id(overdue), "overdue"},
			{"followup", id(thisWeek), "open"},
			{"followup", id(ds[0]), "done"},
			{"followup", id(ds[1]), "open"},
		}
		if got := rows(v); !slices.Equal(got, want) {
			t.Errorf("agenda of 2023-W32:\n got %v\nwant %v", got, want)
		}
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		json.Unmarshal(raw, &doc)
		if keys := slices.Sorted(maps.Keys(doc)); !slices.Equal(keys, []string{"items", "week"}) || doc["week"] != "2023-W32" {
			t.Errorf("top level: got %v (week %v), want exactly week and items", keys, doc["week"])
		}
		items, _ := doc["items"].([]any)
		for _, it := range items {
			m := it.(map[string]any)
			if keys := slices.Sorted(maps.Keys(m)); !slices.Equal(keys, []string{"due", "kind", "owner", "ref", "status", "title"}) {
				t.Errorf("item keys: got %v, want due kind owner ref status title", keys)
			}
		}
		byRef := map[string]cadence.ItemView{}
		for _, it := range v.Items {
			byRef[it.Ref] = it
		}
		retail := byRef["retail"]
		if !strings.Contains(retail.Title, "社会消费品零售总额") || !strings.Contains(retail.Title, "需增速") || retail.Owner != "440781-swj" || retail.Due != nil {
			t.Errorf("retail: got %+v, want its name, 需增速, owner 440781-swj and no due", retail)
		}
		// Required growth: retail needs 150 × 1.1 = 165 for the year and has 90, from a base of
		// 90 / 1.05 = 85.714 last year to July, so last year's August–December was 150 − 85.714 =
		// 64.286 and the rest of this year must grow (165 − 90) / 64.286 − 1 = 16.7%.
		if !strings.Contains(retail.Title, "16.7%") {
			t.Errorf("retail title: got %q, want 需增速 16.7%%", retail.Title)
		}
		if st := byRef["tourists"]; !strings.Contains(st.Title, "数据未报") || !strings.Contains(st.Title, "2023-05") || st.Status != "stale" {
			t.Errorf("tourists: got %+v, want 数据未报 as of 2023-05, status stale", st)
		}
		if d := byRef[id(overdue)]; d.Due == nil || *d.Due != "2023-08-04" || d.Owner != "440781-swj" || !strings.Contains(d.Title, "逾期事项") {
			t.Errorf("overdue follow-up: got %+v", d)
		}
		if d := byRef[id(ds[0])]; !strings.Contains(d.Title, "2023-07-31") || !strings.Contains(d.Title, "已办结") {
			t.Errorf("the last meeting's decision: got %q, want the meeting's day and whether done", d.Title)
		}
		en := a.In("en")
		if !strings.Contains(en.Items[0].Title, "Retail sales") || !strings.Contains(en.Items[2].Title, "not reported") {
			t.Errorf("in English: got %q and %q", en.Items[0].Title, en.Items[2].Title)
		}
	})
}

// TestAgendaOrder: the analyst adds an item and moves items; the order holds, an added item
// comes off again, an unknown reference is refused.
func TestAgendaOrder(t *testing.T) {
	eachStore(t, func(t *testing.T, s *store.Store, c *cadence.Service) {
		const week = "2023-W32"
		if err := c.AddItem(ctx, ana, region, week, "indicator", "budget_revenue", "一般公共预算收入：超进度，请财政局介绍经验"); err != nil {
			t.Fatal(err)
		}
		if err := c.MoveItem(ctx, ana, region, week, "indicator", "budget_revenue", -1); err != nil {
			t.Fatal(err)
		}
		if err := c.MoveItem(ctx, ana, region, week, "indicator", "retail", 1); err != nil {
			t.Fatal(err)
		}
		a, _ := c.WeeklyAgenda(ctx, region, week)
		v := a.In("zh-CN")
		got := rows(v)
		want := []row{{"indicator", "trade", "yellow"}, {"indicator", "retail", "red"}, {"indicator", "budget_revenue", "green"}, {"indicator", "tourists", "stale"}}
		if !slices.Equal(got, want) {
			t.Errorf("after add and moves:\n got %v\nwant %v", got, want)
		}
		if v.Items[2].Title != "一般公共预算收入：超进度，请财政局介绍经验" || !v.Items[2].Added {
			t.Errorf("added item: got %+v, want the analyst's title", v.Items[2])
		}
		for _, bad := range []struct{ kind, ref string }{{"indicator", "no_such"}, {"followup", "999"}, {"meeting", "1"}, {"indicator", ""}} {
			if err := c.AddItem(ctx, ana, region, week, bad.kind, bad.ref, ""); err == nil {
				t.Errorf("add %s %q: got no error", bad.kind, bad.ref)
			}
		}
		if err := c.RemoveItem(ctx, ana, region, week, "indicator", "budget_revenue"); err != nil {
			t.Fatal(err)
		}
		if err := c.RemoveItem(ctx, ana, region, week, "indicator", "retail"); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("remove an item the data brings: got %v, want not_found", err)
		}
		a, _ = c.WeeklyAgenda(ctx, region, week)
		if got := rows(a.In("zh-CN")); len(got) != 3 || got[0].ref != "trade" {
			t.Errorf("after removing: got %v, want trade, retail, tourists", got)
		}
		if other, _ := c.WeeklyAgenda(ctx, region, "2023-W33"); other.In("zh-CN").Items[0].Ref != "retail" {
			t.Errorf("another week keeps the data's order: got %v", rows(other.In("zh-CN")))
		}
	})
}

// TestFollowUpWorkflow: the owner unit's reporter replies (with a photo), another unit cannot;
// the analyst returns and closes; an extension moves the deadline only once granted; the
// follow-up of another region is not found.
func TestFollowUpWorkflow(t *testing.T) {
	eachStore(t, func(t *testing.T, s *store.Store, c *cadence.Service) {
		rep := domain.Actor{Username: "rep", Role: domain.RoleReporter}
		fu, err := c.CreateFollowUp(ctx, ana, region, cadence.Decision{Title: "推动零售额回升", OwnerUnit: "440781-swj",
			Cooperating: []string{"440781-tjj"}, Deadline: "2023-8-9", LinkKind: "indicator", LinkRef: "retail"})
		if err != nil || fu.Deadline != "2023-08-09" {
			t.Fatalf("create: got %+v, %v", fu, err)
		}
		for _, bad := range []cadence.Decision{
			{Title: "x", OwnerUnit: "440784-swj", Deadline: "2023-08-09"}, // another county's unit
			{Title: "x", OwnerUnit: "440781-swj", Deadline: "2023-08-09", LinkKind: "indicator", LinkRef: "no_such"},
			{Title: "", OwnerUnit: "440781-swj", Deadline: "2023-08-09"},
			{Title: "x", OwnerUnit: "440781-swj", Deadline: "8月9日"},
		} {
			if _, err := c.CreateFollowUp(ctx, ana, region, bad); err == nil {
				t.Errorf("create %+v: got no error", bad)
			}
		}
		png := []byte("\x89PNG\r\n\x1a\n0000")
		if err := c.Reply(ctx, rep, "440781-tjj", region, fu.ID, "配合单位不能代答", nil); domain.ErrorKind(err) != domain.EFORBIDDEN {
			t.Errorf("reply by a cooperating unit: got %v, want forbidden", err)
		}
		if err := c.Reply(ctx, rep, "440781-swj", region, fu.ID, "", []domain.FollowUpPhoto{{Name: "a.txt", Data: []byte("hello")}}); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("a photo that is not a picture: got %v, want invalid", err)
		}
		if err := c.Reply(ctx, rep, "440781-swj", region, fu.ID, "已走访 12 家商场", []domain.FollowUpPhoto{{Name: "现场.png", Data: png}}); err != nil {
			t.Fatal(err)
		}
		if err := c.Reply(ctx, rep, "440781-swj", "440784", fu.ID, "别的县", nil); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("reply through another region: got %v, want not_found", err)
		}
		if err := c.Return(ctx, ana, region, fu.ID, "请补充数据"); err != nil {
			t.Fatal(err)
		}
		if err := c.RequestExtension(ctx, rep, "440781-swj", region, fu.ID, "2023-08-31", "商场改造"); err != nil {
			t.Fatal(err)
		}
		if err := c.RequestExtension(ctx, rep, "440781-swj", region, fu.ID, "2023-09-30", "再延"); domain.ErrorKind(err) != domain.ECONFLICT {
			t.Errorf("a second pending request: got %v, want conflict", err)
		}
		l, err := c.FollowUps(ctx, region, "440781-swj")
		if err != nil || len(l.Rows) != 1 || l.Rows[0].Deadline != "2023-08-09" || l.Rows[0].ExtensionDeadline != "2023-08-31" {
			t.Fatalf("before the decision: got %+v, %v; want the old deadline and a pending request", l.Rows, err)
		}
		if err := c.DecideExtension(ctx, ana, region, fu.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if err := c.Close(ctx, ana, region, fu.ID, "已回升"); err != nil {
			t.Fatal(err)
		}
		l, _ = c.FollowUps(ctx, region, "")
		r := l.Rows[0]
		var kinds []string
		for _, e := range r.Events {
			kinds = append(kinds, e.Kind)
		}
		wantKinds := []string{"create", "reply", "return", "extension_request", "extension_grant", "close"}
		if r.State != "done" || r.Deadline != "2023-08-31" || r.Status != "done" || !slices.Equal(kinds, wantKinds) || len(r.Events[1].Photos) != 1 {
			t.Errorf("history: got %s deadline %s %v, want done by 2023-08-31 after %v with the reply's photo", r.State, r.Deadline, kinds, wantKinds)
		}
		p, err := c.Photo(ctx, region, "440781-swj", r.Events[1].Photos[0].ID)
		if err != nil || p.ContentType != "image/png" {
			t.Errorf("photo: got %+v, %v; want image/png", p, err)
		}
		if _, err := c.Photo(ctx, region, "440781-tjj", r.Events[1].Photos[0].ID); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("another unit's photo: got %v, want not_found", err)
		}
		if err := c.Reply(ctx, rep, "440781-swj", region, fu.ID, "再报", nil); domain.ErrorKind(err) != domain.ECONFLICT {
			t.Errorf("reply to a closed follow-up: got %v, want conflict", err)
		}
		if l, _ := c.FollowUps(ctx, region, "440781-tjj"); len(l.Rows) != 0 {
			t.Errorf("the statistics bureau's follow-ups: got %d, want none (it only cooperates)", len(l.Rows))
		}
	})
}

// TestSnapshots: a snapshot of a day is taken once and frozen (asking again after the figures
// changed returns the first); the next one lists what moved — better, worse, newly red — and the
// two compare side by side; notes annotate the risk list.
func TestSnapshots(t *testing.T) {
	eachStore(t, func(t *testing.T, s *store.Store, c *cadence.Service) {
		first, err := c.TakeSnapshot(ctx, region, "2023-08-15")
		if err != nil {
			t.Fatal(err)
		}
		if first.Period != "2023-07" || first.Previous != nil || len(first.Moves) != 0 || first.TakenBy != "scheduler" {
			t.Errorf("first: got period %s, previous %v, moves %v, by %s", first.Period, first.Previous, first.Moves, first.TakenBy)
		}
		risks := map[string]string{}
		for _, r := range first.Risks {
			risks[r.Code] = r.Status
		}
		if !maps.Equal(risks, map[string]string{"retail": "red", "trade": "yellow", "tourists": "stale"}) {
			t.Errorf("risks: got %v", risks)
		}
		line := func(x *cadence.Snapshot, code string) scorecard.Line {
			for _, l := range x.Indicators {
				if l.Code == code {
					return l
				}
			}
			t.Fatalf("%s not in the snapshot", code)
			return scorecard.Line{}
		}
		if l := line(first, "retail"); l.Targets[0].RequiredGrowth == nil || *l.Growth != 5 {
			t.Errorf("retail in the snapshot: got %+v, want growth 5 and a required growth", l)
		}
		// July's figures are revised: retail +11% (red → green), trade +3% (yellow → red).
		if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "fixture", Source: "revision", Observations: []domain.Observation{
			obs("retail", "2023-07", f(95), f(11)), obs("trade", "2023-07", f(112), f(3))}}); err != nil {
			t.Fatal(err)
		}
		again, err := c.TakeSnapshot(ctx, region, "2023-08-15")
		if err != nil || again.ID != first.ID || *line(again, "retail").Growth != 5 {
			t.Errorf("again: got id %d retail %v (%v), want the frozen first (id %d, +5%%)", again.ID, *line(again, "retail").Growth, err, first.ID)
		}
		second, err := c.TakeSnapshotAs(ctx, ana, region, "2023-08-31", "zh-CN")
		if err != nil {
			t.Fatal(err)
		}
		moves := map[string]string{}
		for _, m := range second.Moves {
			moves[m.Code] = m.Change
		}
		if second.Previous == nil || *second.Previous != "2023-08-15" || !maps.Equal(moves, map[string]string{"retail": "better", "trade": "newly_red"}) {
			t.Errorf("moves since 08-15: got %v (previous %v), want retail better and trade newly red", moves, second.Previous)
		}
		cmp, err := c.CompareSnapshots(ctx, region, "2023-08-15", "2023-08-31", "zh-CN")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range cmp.Rows {
			if r.Code == "trade" && (r.StatusA != "yellow" || r.StatusB != "red" || r.Change != "newly_red" || *r.A.Growth != 9.5 || *r.B.Growth != 3) {
				t.Errorf("trade side by side: got %+v", r)
			}
			if r.Code == "tourists" && (r.StatusA != "stale" || r.StatusB != "stale" || r.Change != "") {
				t.Errorf("tourists: got %+v, want stale both times, no move", r)
			}
		}
		if err := c.AnnotateRisk(ctx, ana, region, "2023-08-31", "trade", "外贸订单下滑，商务局约谈龙头企业"); err != nil {
			t.Fatal(err)
		}
		if err := c.AnnotateRisk(ctx, ana, region, "2023-09-15", "trade", "x"); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("note on no snapshot: got %v, want not_found", err)
		}
		x, _ := c.SnapshotOn(ctx, region, "2023-08-31", "zh-CN")
		for _, r := range x.Risks {
			if r.Code == "trade" && (r.Note != "外贸订单下滑，商务局约谈龙头企业" || r.NoteBy != "ana") {
				t.Errorf("trade's note: got %+v", r)
			}
		}
		if _, err := c.TakeSnapshot(ctx, region, "2023-02-30"); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("a day that does not exist: got %v, want invalid", err)
		}
	})
}

// TestCompare: newly red whatever the status before; better and worse only between judged
// statuses; stale and missing lines never move.
func TestCompare(t *testing.T) {
	l := func(code, status string, stale bool) scorecard.Line {
		return scorecard.Line{Code: code, Name: code, Stale: stale, Targets: []scorecard.TierLine{{Tier: "assigned", Status: status}}}
	}
	a := []scorecard.Line{l("a", "green", false), l("b", "yellow", false), l("c", "red", false), l("d", "stale", true), l("e", "green", false)}
	b := []scorecard.Line{l("a", "yellow", false), l("b", "green", false), l("c", "red", false), l("d", "red", false), l("e", "stale", true), l("f", "red", false)}
	got := map[string]string{}
	for _, m := range cadence.Compare(a, b, "zh-CN") {
		got[m.Code] = m.Change
	}
	want := map[string]string{"a": "worse", "b": "better", "d": "newly_red", "f": "newly_red"}
	if !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestAgendaAndMinutesDocx: the agenda's and the minutes' .docx carry their texts.
func TestAgendaAndMinutesDocx(t *testing.T) {
	eachStore(t, func(t *testing.T, s *store.Store, c *cadence.Service) {
		b, err := c.AgendaDocx(ctx, region, "2023-W32", "zh-CN")
		if err != nil {
			t.Fatal(err)
		}
		if doc := documentXML(t, b); !strings.Contains(doc, "台山市周调度会议程（2023-W32）") || !strings.Contains(doc, "社会消费品零售总额：红灯，全年目标需增速 16.7%") ||
			!strings.Contains(doc, "数据未报") {
			t.Errorf("agenda document.xml lacks the agenda: %.600s", doc)
		}
		m, _, err := c.RecordMeeting(ctx, ana, domain.Meeting{RegionCode: region, Week: "2023-W32", HeldOn: "2023-8-7", Chair: "张市长",
			Attendees: []string{"商务局", " ", "统计局"}}, []cadence.Decision{{Title: "组织汽车促销活动", OwnerUnit: "440781-swj", Deadline: "2023-08-20"}})
		if err != nil {
			t.Fatal(err)
		}
		if m.HeldOn != "2023-08-07" || len(m.Attendees) != 2 {
			t.Errorf("meeting: got %+v", m)
		}
		b, err = c.MinutesDocx(ctx, region, m.ID, "zh-CN")
		if err != nil {
			t.Fatal(err)
		}
		if doc := documentXML(t, b); !strings.Contains(doc, "组织汽车促销活动") || !strings.Contains(doc, "张市长") || !strings.Contains(doc, "台山市商务局") {
			t.Errorf("minutes document.xml lacks the decision: %.600s", doc)
		}
		if _, err := c.MinutesDocx(ctx, "440784", m.ID, "zh-CN"); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("minutes through another region: got %v, want not_found", err)
		}
		if _, _, err := c.RecordMeeting(ctx, ana, domain.Meeting{RegionCode: region, Week: "2023-W32", HeldOn: "2023-08-07", Chair: "张市长"}, nil); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("a meeting without decisions: got %v, want invalid", err)
		}
	})
}

func documentXML(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			defer r.Close()
			body, _ := io.ReadAll(r)
			return string(body)
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}
