package storetest

import (
	"context"
	"regexp"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// raw is the test-only access to what a store holds (store's export_test.go).
type raw interface {
	ExecForTest(context.Context, string) error
	RowsForTest(context.Context, string, ...any) ([][]any, error)
}

func rawOf(t *testing.T, s *store.Store) raw {
	t.Helper()
	r, ok := any(s).(raw)
	if !ok {
		t.Fatal("store built without the test hooks (run the contract suite from the store package's tests)")
	}
	return r
}

// timeColumns lists every time column of the schema as table.column: TIMESTAMP on SQLite,
// timestamptz (or any timestamp) on PostgreSQL.
func timeColumns(t *testing.T, s *store.Store) [][2]string {
	t.Helper()
	q := `SELECT m.name, p.name FROM sqlite_schema m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND upper(p.type) IN ('TIMESTAMP', 'DATETIME', 'DATE') ORDER BY 1, 2`
	if s.Dialect() == store.Postgres {
		q = `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND data_type LIKE 'timestamp%' ORDER BY 1, 2`
	}
	rows, err := rawOf(t, s).RowsForTest(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for _, r := range rows {
		out = append(out, [2]string{r[0].(string), r[1].(string)})
	}
	return out
}

var storedTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)

// testTimestamps writes through every API that stores a time and checks what is stored: on
// SQLite RFC 3339 UTC text to the microsecond, on PostgreSQL timestamptz; in every time column
// of the schema, each of which the walk must have written. Times read back equal the instant
// written, in the local zone on both databases.
func testTimestamps(t *testing.T, s *store.Store) {
	admin := store.Who{Username: "admin", Role: domain.RoleSysadmin, IP: "10.0.0.1"}
	const unit = "440784-tjj"
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "t",
		Units:        []domain.Unit{{Code: unit, Name: "统计局", RegionCode: "440784", Kind: "department"}},
		Targets:      []domain.Target{{RegionCode: "440784", IndicatorCode: "retail", Year: 2023, Tier: domain.Assigned, Value: domain.F(150)}},
		Observations: []domain.Observation{obs("440784", "retail", "2023-06", domain.F(70), nil)},
		PublishedRanks: []store.PublishedRank{{RegionCode: "440784", IndicatorCode: "retail", Period: "2023-06",
			By: store.RankByGrowth, Rank: 2}},
	}); err != nil {
		t.Fatal(err)
	}
	u, err := s.CreateUser(ctx, admin, domain.User{Username: "ana", Role: domain.RoleAnalyst, PasswordHash: "h1"})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.CreateUser(ctx, admin, domain.User{Username: "rep", Role: domain.RoleReporter, UnitCode: unit, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	for range domain.MaxFailedLogins {
		if rep, err = s.RecordLoginFailure(ctx, rep.ID, "10.0.0.9", "auth.login_failed", func(u *domain.User) bool { return u.LoginFailed(time.Now(), domain.DefaultSecurityPolicy()) }); err != nil {
			t.Fatal(err)
		}
	}
	if rep.LockedUntil == nil {
		t.Fatalf("after %d failures: got no lock, want one", domain.MaxFailedLogins)
	}
	if err := s.CreateSession(ctx, u, "session-token", "csrf", "10.0.0.2", time.Now()); err != nil {
		t.Fatal(err)
	}
	expires := time.Now().Add(24 * time.Hour)
	tok, err := s.CreateAPIToken(ctx, admin, u, "script", "api-token", &expires)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.TouchAPIToken(ctx, tok.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeAPIToken(ctx, admin, tok); err != nil {
		t.Fatal(err)
	}
	if err := s.StartSecondFactor(ctx, u, "sealed"); err != nil {
		t.Fatal(err)
	}
	if err := s.EnrolSecondFactor(ctx, store.Who{Username: "ana"}, u, 1, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePassword(ctx, store.Who{Username: "ana"}, u, "h2", domain.PasswordHistory, "session-token", func([]string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.Assign(ctx, admin, []store.Assignment{{UnitCode: unit, IndicatorCode: "retail", RegionCode: "440784"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPeriod(ctx, admin, "440784", "2023-07", store.PeriodOpen); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSettings(ctx, admin, map[string]string{"home_region": "440784"}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	sub, err := s.WriteSubmission(ctx, store.Who{Username: "rep"}, nil, domain.Submission{UnitCode: unit, RegionCode: "440784",
		IndicatorCode: "retail", Period: "2023-07", Value: domain.F(80), State: domain.Submitted, SubmittedBy: "rep", SubmittedAt: now},
		store.PeriodOpen)
	if err != nil {
		t.Fatal(err)
	}
	sub.State, sub.ReviewedBy, sub.ReviewedAt, sub.Reason = domain.Returned, "ana", &now, "请核实"
	if err := s.ReturnSubmission(ctx, store.Who{Username: "ana"}, sub); err != nil {
		t.Fatal(err)
	}
	again := sub
	again.State, again.ReviewedBy, again.ReviewedAt, again.Reason, again.SubmittedAt = domain.Submitted, "", nil, "", now
	if _, err := s.WriteSubmission(ctx, store.Who{Username: "rep"}, &sub, again, store.PeriodOpen); err != nil {
		t.Fatal(err)
	}
	again.State, again.ReviewedBy, again.ReviewedAt = domain.Approved, "ana", &now
	if _, err := s.ApproveSubmission(ctx, store.Who{Username: "ana"}, again, store.PeriodOpen); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RememberMappings(ctx, "月报", "ana", "10.0.0.2", []store.NameMapping{{Name: "社零", Kind: store.MappingIndicator, Code: "retail"}}); err != nil {
		t.Fatal(err)
	}

	if _, err := s.SetSecurityPolicy(ctx, admin, map[string]string{domain.SettingIdleMinutes: "20"}, nil, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordRegisterFigures(ctx, admin, []domain.RegisterFigure{{Region: "440784", Indicator: "key_project_investment",
		Period: "2023-06", Value: 88.2, Register: domain.RegisterProjects}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetFigureBasis(ctx, admin, "key_project_investment", domain.BasisRegister); err != nil {
		t.Fatal(err)
	}
	if err := s.LinkRegisterSum(ctx, admin, domain.RegisterSum{Indicator: "industrial_investment", Register: domain.RegisterProjects, Measure: "completed", Filter: "category=工业"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveLeads(ctx, admin, []domain.Lead{{Code: "T1", Name: "t", Stage: domain.LeadNew, SourceRegion: "其他", Team: "t", RegionCode: "440784"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveEnterprises(ctx, admin, []domain.Enterprise{{CreditCode: "91350100M000100Y43", Name: "t", RegionCode: "440784"}}); err != nil {
		t.Fatal(err)
	}

	if _, err := s.ApplyProjects(ctx, store.ProjectBatch{Actor: "ana", Source: "t", Projects: []domain.Project{project("T", "440784", "省重点", "工业", "动工")},
		Progress: []domain.ProjectProgress{{ProjectCode: "T", Period: "2023-06", Completed: 1}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddProblem(ctx, admin, domain.Problem{ProjectCode: "T", Description: "d", State: "待协调"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddPhoto(ctx, admin, domain.Photo{ProjectCode: "T", Period: "2023-06", ContentType: "image/png", Data: []byte{1}, Thumb: []byte{1}}); err != nil {
		t.Fatal(err)
	}

	if _, err := s.SavePlan(ctx, admin, domain.MonthPlan{RegionCode: "440784", IndicatorCode: "retail", Year: 2023, Tier: domain.Assigned,
		Method: domain.PlanLinear, Target: 150, State: domain.PlanApproved, Months: months(map[int]float64{12: 150})}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveBenchmark(ctx, admin, domain.Benchmark{RegionCode: "440784", Goal: "g", Name: "n", IndicatorCode: "gdp", Year: 2026, Value: 1}); err != nil {
		t.Fatal(err)
	}

	notifyTimestamps(t, s, admin, unit)

	cadenceTimes(t, s, admin)
	if err := s.SetSubmissionDeadline(ctx, admin, domain.DeadlineUnit, unit, 15); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.EnqueueOnce(ctx, admin, store.Notice{Keys: []string{"late.remind:t"}, Event: domain.Event{Kind: "data.late", UnitCode: unit, Subject: "t"}}); err != nil {
		t.Fatal(err)
	}
	reportTimes(t, s, admin)
	cols := timeColumns(t, s)
	if len(cols) < 15 {
		t.Fatalf("got %d time columns (%v), want every one of the schema's (15 or more)", len(cols), cols)
	}
	r := rawOf(t, s)
	for _, c := range cols {
		table, col := c[0], c[1]
		rows, err := r.RowsForTest(ctx, `SELECT CAST(`+col+` AS TEXT) FROM `+table+` WHERE `+col+` IS NOT NULL`)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			t.Errorf("%s.%s: nothing written, want the walk to write every time column", table, col)
		}
		if s.Dialect() == store.SQLite {
			for _, row := range rows {
				if v, _ := row[0].(string); !storedTime.MatchString(v) {
					t.Errorf("%s.%s: got %q stored, want RFC 3339 UTC to the microsecond", table, col, row[0])
				}
			}
			continue
		}
		typ, err := r.RowsForTest(ctx, `SELECT data_type FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`, table, col)
		if err != nil || len(typ) != 1 || typ[0][0] != "timestamp with time zone" {
			t.Errorf("%s.%s: got type %v (%v), want timestamp with time zone", table, col, typ, err)
		}
	}

	// Read back: the instant written, in the local zone, on both databases.
	got, err := s.UserByName(ctx, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(u.CreatedAt) || got.CreatedAt.Location() != time.Local {
		t.Errorf("created at: got %v, want %v in the local zone", got.CreatedAt, u.CreatedAt)
	}
	if got.PasswordChangedAt.Before(got.CreatedAt) {
		t.Errorf("password changed at %v, before the account was created at %v", got.PasswordChangedAt, got.CreatedAt)
	}
	if again, _ := s.UserByName(ctx, "rep"); again.LockedUntil == nil || !again.LockedUntil.Equal(rep.LockedUntil.Truncate(time.Microsecond)) {
		t.Errorf("locked until: got %v, want %v", again.LockedUntil, rep.LockedUntil)
	}
}
