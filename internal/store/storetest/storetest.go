// Package storetest is the contract every Store must keep, run against SQLite and PostgreSQL.
package storetest

import (
	"context"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Run runs the contract suite; open returns a fresh, empty, migrated store for each subtest.
func Run(t *testing.T, open func(testing.TB) *store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s *store.Store)
	}{
		{"Catalogue", testCatalogue},
		{"ObservationRevisions", testObservationRevisions},
		{"FigureRevisions", testFigureRevisions},
		{"TargetRevisions", testTargetRevisions},
		{"IndicatorDefinitions", testIndicatorDefinitions},
		{"AllOrNothing", testAllOrNothing},
		{"AuditAppendOnly", testAuditAppendOnly},
		{"AuditNoSideDoor", testAuditNoSideDoor},
		{"AuditRetention", testAuditRetention},
		{"AuditPurge", testAuditPurge},
		{"GrantAppRole", testGrantAppRole},
		{"Peers", testPeers},
		{"UnitsOnce", testUnitsOnce},
		{"BulkAllOrNothing", testBulkAllOrNothing},
		{"Submissions", testSubmissions},
		{"Timestamps", testTimestamps},
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"SessionLookups", testSessionLookups},
		{"APITokens", testAPITokens},
		{"SecondFactor", testSecondFactor},
		{"GoalTree", testGoalTree},
		{"NameMappings", testNameMappings},
		{"PublishedRanksAndPlanning", testPublishedRanksAndPlanning},
		{"DataVersion", testDataVersion},
		{"ReadStandby", testReadStandby},
		{"PoolStats", testPoolStats},
		{"AuditSearch", testAuditSearch},
		{"UnitsAndPeriods", testUnitsAndPeriods},
		{"Regions", testRegions},
		{"Backup", testBackup},
		{"SecurityPolicy", testSecurityPolicy},
		{"DisableAndRole", testDisableAndRole},
		{"PasswordChangeEndsOtherSessions", testPasswordChangeEndsOtherSessions},
		{"Settings", testSettings},
		{"UnitEdits", testUnitEdits},
		{"Projects", testProjects},
		{"RegisterFigures", testRegisterFigures},
		{"FigureBasisAndLinks", testFigureBasisAndLinks},
		{"Plans", testPlans},
		{"Benchmarks", testBenchmarks},
		{"NotifySubscriptions", testNotifySubscriptions},
		{"Outbox", testOutbox},
		{"JobRuns", testJobRuns},
		{"FollowUps", testFollowUps},
		{"FollowUpLeader", testFollowUpLeader},
		{"Meetings", testMeetings},
		{"AgendaEntries", testAgendaEntries},
		{"SnapshotsFrozen", testSnapshotsFrozen},
		{"Leads", testLeads},
		{"Enterprises", testEnterprises},
		{"Registers", testRegisters},
		{"SubmissionDeadlines", testSubmissionDeadlines},
		{"Unsubmitted", testUnsubmitted},
		{"EnqueueOnce", testEnqueueOnce},
		{"ReportEdits", testReportEdits},
		{"ReportVersions", testReportVersions},
		{"RollupReads", testRollupReads},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

var ctx = context.Background()

func obs(region, ind, period string, v, g *float64) domain.Observation {
	return domain.Observation{RegionCode: region, IndicatorCode: ind, Period: period, Value: v, Growth: g, Source: "test"}
}

func testCatalogue(t *testing.T, s *store.Store) {
	r, err := s.Region(ctx, "440784")
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "鹤山市" || r.Parent != "440700" || r.Level != domain.LevelCounty {
		t.Errorf("got %+v, want 鹤山市 county under 440700", r)
	}
	if _, err := s.Region(ctx, "999999"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown region: got %v, want not_found", err)
	}
	inds, err := s.Indicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(inds) != 25 || inds[0].Code != "gdp" || inds[24].Code != "rd_intensity" {
		t.Errorf("got %d indicators starting %v, want the 25 built-in ones in catalogue order", len(inds), inds[0].Code)
	}
	ind, err := s.Indicator(ctx, "retail")
	if err != nil || ind.Name != "社会消费品零售总额" || !ind.BuiltIn || ind.Mode != domain.Linear {
		t.Errorf("retail: got %+v, %v", ind, err)
	}
	for _, tc := range []struct {
		code string
		kind domain.IndicatorKind
		dir  domain.Direction
		freq domain.Frequency
	}{
		{"gdp", domain.KindFlow, domain.Up, domain.Quarterly},
		{"retail", domain.KindFlow, domain.Up, domain.Monthly},
		{"unemployment", domain.KindLevel, domain.Down, domain.Monthly},
		{"energy_intensity", domain.KindLevel, domain.Down, domain.Quarterly},
		{"energy_consumption", domain.KindFlow, domain.Down, domain.Quarterly},
		{"deposits", domain.KindStock, domain.Up, domain.Monthly},
		{"loans", domain.KindStock, domain.Up, domain.Monthly},
		{"urbanization", domain.KindLevel, domain.Up, domain.Yearly},
		{"rd_intensity", domain.KindLevel, domain.Up, domain.Yearly},
	} {
		ind, err := s.Indicator(ctx, tc.code)
		if err != nil || ind.Kind != tc.kind || ind.Direction != tc.dir || ind.Frequency != tc.freq || !ind.BuiltIn {
			t.Errorf("%s: got %s %s %q built-in %t (%v), want built-in %s %s %s", tc.code, ind.Kind, ind.Direction, ind.Frequency,
				ind.BuiltIn, err, tc.kind, tc.dir, tc.freq)
		}
	}
}

func testObservationRevisions(t *testing.T, s *store.Store) {
	b := store.Batch{Actor: "tester", Source: "a.csv", Observations: []domain.Observation{
		obs("440784", "retail", "2023-06", domain.F(70.13), domain.F(5.4)),
		obs("440784", "gdp", "2023-06", domain.F(223.83), domain.F(4.7)),
		obs("440784", "tertiary_power", "2023-06", nil, domain.F(18.2)),
	}}
	res, err := s.ApplyBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if res.Observations != (store.Counts{New: 3}) || res.BatchID == 0 {
		t.Fatalf("first import: got %+v, want 3 new and a batch", res)
	}
	res, err = s.ApplyBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if res.Observations != (store.Counts{Unchanged: 3}) || res.BatchID != 0 {
		t.Fatalf("same import again: got %+v, want 3 unchanged and no batch", res)
	}
	audits, _ := s.AuditLog(ctx, 100)
	b.Observations = []domain.Observation{obs("440784", "retail", "2023-06", domain.F(70.31), domain.F(5.4))}
	res, err = s.ApplyBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if res.Observations != (store.Counts{Revised: 1}) {
		t.Fatalf("correction: got %+v, want 1 revised", res)
	}
	cur, err := s.Observations(ctx, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(cur) != 1 || *cur[0].Value != 70.31 || cur[0].Revision != 2 || !cur[0].Current {
		t.Fatalf("current after correction: got %+v, want 70.31 revision 2", cur)
	}
	all, err := s.Observations(ctx, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"}, AllRevisions: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || *all[0].Value != 70.13 || all[0].Current || all[0].Revision != 1 {
		t.Fatalf("history: got %+v, want revision 1 (70.13) kept and superseded", all)
	}
	tp, err := s.Observations(ctx, store.ObservationQuery{Indicators: []string{"tertiary_power"}, Periods: []string{"2023-06"}})
	if err != nil || len(tp) != 1 || tp[0].Value != nil || *tp[0].Growth != 18.2 {
		t.Fatalf("growth-only observation: got %+v, %v", tp, err)
	}
	after, _ := s.AuditLog(ctx, 100)
	if len(after) != len(audits)+2 || after[0].Action != "import" || after[1].Action != "observation.revise" ||
		after[1].OldValue != "value=70.13 growth=5.4" || after[1].NewValue != "value=70.31 growth=5.4" {
		t.Errorf("audit after correction: got %+v, want an import row and a revise row old → new", after[:2])
	}
}

func testTargetRevisions(t *testing.T, s *store.Store) {
	tg := domain.Target{RegionCode: "440784", IndicatorCode: "gdp", Year: 2023, Tier: domain.Assigned, Growth: domain.F(8)}
	b := store.Batch{Actor: "tester", Source: "t.csv", Targets: []domain.Target{tg}}
	if res, err := s.ApplyBatch(ctx, b); err != nil || res.Targets != (store.Counts{New: 1}) {
		t.Fatalf("got %+v, %v; want 1 new target", res, err)
	}
	tg.Value = domain.F(500)
	b.Targets = []domain.Target{tg}
	if res, err := s.ApplyBatch(ctx, b); err != nil || res.Targets != (store.Counts{Revised: 1}) {
		t.Fatalf("got %+v, %v; want 1 revised target", res, err)
	}
	ts, err := s.Targets(ctx, "440784", 2023)
	if err != nil || len(ts) != 1 || *ts[0].Value != 500 || *ts[0].Growth != 8 || ts[0].Revision != 2 {
		t.Fatalf("got %+v, %v; want value 500 growth 8 revision 2", ts, err)
	}
}

func testIndicatorDefinitions(t *testing.T, s *store.Store) {
	ind := domain.Indicator{Code: "platform_investment", Name: "主平台工业投资", Unit: "亿元", Kind: domain.KindFlow,
		Direction: domain.Up, Precision: 2, Mode: domain.Linear, Tolerance: 5, GrowthTolerance: 1}
	b := store.Batch{Actor: "tester", Source: "i.csv", Indicators: []domain.Indicator{ind}}
	if res, err := s.ApplyBatch(ctx, b); err != nil || res.Indicators != (store.Counts{New: 1}) {
		t.Fatalf("got %+v, %v; want 1 new indicator", res, err)
	}
	if res, err := s.ApplyBatch(ctx, b); err != nil || res.Indicators != (store.Counts{Unchanged: 1}) || res.BatchID != 0 {
		t.Fatalf("got %+v, %v; want unchanged, no batch", res, err)
	}
	ind.Mode = domain.Seasonal
	b.Indicators = []domain.Indicator{ind}
	if res, err := s.ApplyBatch(ctx, b); err != nil || res.Indicators != (store.Counts{Revised: 1}) {
		t.Fatalf("got %+v, %v; want 1 revised", res, err)
	}
	got, err := s.Indicator(ctx, "platform_investment")
	if err != nil || got.Mode != domain.Seasonal || got.BuiltIn || got.Frequency != domain.Monthly {
		t.Errorf("got %+v, %v; want seasonal, monthly (the default), user-defined", got, err)
	}
	// A level published half-yearly: both the kind and the frequency are kept, and a changed
	// frequency is a revised definition.
	lvl := domain.Indicator{Code: "poverty_rate", Name: "贫困发生率", Unit: "%", Kind: domain.KindLevel, Direction: domain.Down,
		Precision: 1, Mode: domain.Linear, Tolerance: 5, GrowthTolerance: 1, Frequency: domain.HalfYearly}
	if res, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "i.csv", Indicators: []domain.Indicator{lvl}}); err != nil || res.Indicators != (store.Counts{New: 1}) {
		t.Fatalf("level: got %+v, %v; want 1 new indicator", res, err)
	}
	lvl.Frequency = domain.Yearly
	if res, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "i.csv", Indicators: []domain.Indicator{lvl}}); err != nil || res.Indicators != (store.Counts{Revised: 1}) {
		t.Fatalf("new frequency: got %+v, %v; want 1 revised", res, err)
	}
	if got, err := s.Indicator(ctx, "poverty_rate"); err != nil || got.Kind != domain.KindLevel || got.Frequency != domain.Yearly {
		t.Errorf("got %+v, %v; want a yearly level", got, err)
	}
}

func testAllOrNothing(t *testing.T, s *store.Store) {
	before, _ := s.AuditLog(ctx, 1000)
	b := store.Batch{Actor: "tester", Source: "bad.csv",
		Indicators: []domain.Indicator{{Code: "x_new", Name: "新指标", Unit: "个", Kind: domain.KindCount, Direction: domain.Up, Mode: domain.Linear}},
		Observations: []domain.Observation{
			obs("440784", "retail", "2023-06", domain.F(70.13), nil),
			obs("999999", "retail", "2023-06", domain.F(1), nil), // no such region: the database refuses
		}}
	if _, err := s.ApplyBatch(ctx, b); err == nil {
		t.Fatal("got no error for an unknown region, want one")
	}
	got, err := s.Observations(ctx, store.ObservationQuery{})
	if err != nil || len(got) != 0 {
		t.Errorf("got %d observations, %v; want none written", len(got), err)
	}
	if _, err := s.Indicator(ctx, "x_new"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("indicator of a failed batch: got %v, want not found", err)
	}
	after, _ := s.AuditLog(ctx, 1000)
	if len(after) != len(before) {
		t.Errorf("audit rows: got %d, want %d (none from the failed batch)", len(after), len(before))
	}
}

func testAuditAppendOnly(t *testing.T, s *store.Store) {
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "a.csv",
		Observations: []domain.Observation{obs("440784", "gdp", "2023-03", domain.F(100), nil)}}); err != nil {
		t.Fatal(err)
	}
	raw, ok := any(s).(interface {
		ExecForTest(context.Context, string) error
	})
	if !ok {
		t.Fatal("store built without ExecForTest (run the contract suite from the store package's tests)")
	}
	for _, q := range []string{`UPDATE audit_log SET actor = 'mallory'`, `DELETE FROM audit_log`} {
		if err := raw.ExecForTest(ctx, q); err == nil {
			t.Errorf("%s: got no error, want the audit log to refuse", q)
		}
	}
	got, _ := s.AuditLog(ctx, 10)
	if len(got) == 0 || got[0].Actor != "tester" {
		t.Errorf("audit log after tampering: got %+v", got)
	}
}

func testPeers(t *testing.T, s *store.Store) {
	for _, tc := range []struct {
		parent string
		min    int
		has    string
	}{
		{"440700", 7, "440784"},
		{"440000", 122, "440784"},
		{"CN", 2800, "110101"},
	} {
		got, err := s.Peers(ctx, tc.parent)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range got {
			found = found || r.Code == tc.has
			if r.Level != domain.LevelCounty {
				t.Errorf("peers of %s: got %s at level %s, want county", tc.parent, r.Code, r.Level)
				break
			}
		}
		if len(got) < tc.min || !found {
			t.Errorf("peers of %s: got %d without %s, want ≥ %d with it", tc.parent, len(got), tc.has, tc.min)
		}
	}
}

func testUnitsOnce(t *testing.T, s *store.Store) {
	b := store.Batch{Actor: "tester", Source: "units", Units: []domain.Unit{{Code: "440784-tjj", Name: "统计局", RegionCode: "440784", Kind: "department"}},
		Assignments: []store.Assignment{{UnitCode: "440784-tjj", IndicatorCode: "gdp", RegionCode: "440784"}}}
	if res, err := s.ApplyBatch(ctx, b); err != nil || res.BatchID == 0 || res.Units != 1 || res.Assignments != 1 {
		t.Fatalf("first: got %+v, %v; want a batch of 1 unit and 1 assignment", res, err)
	}
	if as, err := s.Assignments(ctx, "440784-tjj"); err != nil || len(as) != 1 || as[0].IndicatorCode != "gdp" {
		t.Errorf("assignments of the batch: got %+v, %v; want gdp", as, err)
	}
	before, _ := s.AuditLog(ctx, 100)
	if res, err := s.ApplyBatch(ctx, b); err != nil || res.BatchID != 0 {
		t.Fatalf("again: got %+v, %v; want nothing written", res, err)
	}
	if after, _ := s.AuditLog(ctx, 100); len(after) != len(before) {
		t.Errorf("audit rows: got %d, want %d", len(after), len(before))
	}
}

// testBulkAllOrNothing writes enough rows for the bulk path (COPY on PostgreSQL) and checks that
// a bad row still rolls the whole batch back.
func testBulkAllOrNothing(t *testing.T, s *store.Store) {
	regions, err := s.Peers(ctx, "CN")
	if err != nil {
		t.Fatal(err)
	}
	var rows []domain.Observation
	for _, r := range regions {
		rows = append(rows, obs(r.Code, "retail", "2023-06", domain.F(10), domain.F(5)))
	}
	bad := append(append([]domain.Observation{}, rows...), obs("999999", "retail", "2023-06", domain.F(1), nil))
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "bulk", Observations: bad}); err == nil {
		t.Fatal("got no error for an unknown region in a bulk batch, want one")
	}
	if got, _ := s.Observations(ctx, store.ObservationQuery{}); len(got) != 0 {
		t.Fatalf("after a failed bulk batch: got %d observations, want 0", len(got))
	}
	res, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "bulk", Observations: rows})
	if err != nil || res.Observations.New != len(rows) {
		t.Fatalf("got %+v, %v; want %d new", res.Observations, err, len(rows))
	}
	got, err := s.Observations(ctx, store.ObservationQuery{Periods: []string{"2023-06"}})
	if err != nil || len(got) != len(rows) || *got[0].Value != 10 || !got[0].Current || got[0].Revision != 1 {
		t.Fatalf("got %d rows (%v), want %d current revision-1 rows of value 10", len(got), err, len(rows))
	}
}
