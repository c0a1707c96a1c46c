package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testSubmissions checks the store's side of the review flow: the scope and period queries, and
// writes that happen only when what they were decided on is unchanged (ErrStale otherwise). The
// rules themselves (who may approve what, when) are tested in internal/review.
func testSubmissions(t *testing.T, s *store.Store) {
	const unit, town = "440784-swj", "440784001"
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "setup",
		Units: []domain.Unit{
			{Code: unit, Name: "鹤山市商务局", RegionCode: "440784", Kind: "department"},
			{Code: town, Name: "沙坪街道", RegionCode: town, Kind: "town"},
		},
		Observations: []domain.Observation{obs("440784", "retail", "2023-06", domain.F(70.13), domain.F(5.4))},
	}); err != nil {
		t.Fatal(err)
	}
	admin := store.Who{Username: "admin", Role: domain.RoleAnalyst}
	reporter := store.Who{Username: "rep", Role: domain.RoleReporter, IP: "10.0.0.2"}
	analyst := store.Who{Username: "ana", Role: domain.RoleAnalyst, IP: "10.0.0.3"}
	if err := s.Assign(ctx, admin, []store.Assignment{
		{UnitCode: unit, IndicatorCode: "retail", RegionCode: "440784"},
		{UnitCode: town, IndicatorCode: "fai", RegionCode: town},
	}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"2023-06", "2023-07"} {
		if err := s.SetPeriod(ctx, admin, "440784", p, store.PeriodOpen); err != nil {
			t.Fatal(err)
		}
	}

	// Scope: assignments, and a period's state inherited from the region above.
	for _, c := range []struct {
		unit, region, indicator, period string
		assigned                        bool
		state                           string
	}{
		{unit, "440784", "retail", "2023-06", true, store.PeriodOpen},
		{unit, "440784", "gdp", "2023-06", false, store.PeriodOpen},
		{unit, "440784", "retail", "2023-08", true, ""},
		{town, town, "fai", "2023-07", true, store.PeriodOpen},
	} {
		assigned, state, err := s.EntryScope(ctx, c.unit, c.region, c.indicator, c.period)
		if err != nil || assigned != c.assigned || state != c.state {
			t.Errorf("EntryScope(%s, %s, %s, %s): got %t %q %v, want %t %q", c.unit, c.region, c.indicator, c.period,
				assigned, state, err, c.assigned, c.state)
		}
	}

	now := time.Date(2023, 7, 10, 9, 0, 0, 0, time.UTC)
	first := domain.Submission{UnitCode: unit, RegionCode: "440784", IndicatorCode: "retail", Period: "2023-06",
		Value: domain.F(70.31), Growth: domain.F(5.4), State: domain.Submitted, SubmittedBy: "rep", SubmittedAt: now}
	sub, err := s.WriteSubmission(ctx, reporter, nil, first, store.PeriodOpen)
	if err != nil || sub.ID == 0 {
		t.Fatalf("first write: got %+v, %v; want a new submission", sub, err)
	}
	// Decided on "no submission yet" or on a period state that has changed: nothing written.
	if _, err := s.WriteSubmission(ctx, reporter, nil, first, store.PeriodOpen); !errors.Is(err, store.ErrStale) {
		t.Errorf("second write as if none existed: got %v, want ErrStale", err)
	}
	if _, err := s.WriteSubmission(ctx, reporter, nil, domain.Submission{UnitCode: unit, RegionCode: "440784", IndicatorCode: "retail",
		Period: "2023-07", Value: domain.F(1), State: domain.Submitted, SubmittedBy: "rep", SubmittedAt: now}, store.PeriodLocked); !errors.Is(err, store.ErrStale) {
		t.Errorf("write decided on another period state: got %v, want ErrStale", err)
	}
	got, ok, err := s.LatestSubmission(ctx, unit, "440784", "retail", "2023-06")
	if err != nil || !ok || got.ID != sub.ID || got.State != domain.Submitted || *got.Value != 70.31 {
		t.Fatalf("latest: got %+v, %t, %v; want submission %d", got, ok, err, sub.ID)
	}

	// Return: written while the submission is still submitted, stale after.
	returned := got
	returned.State, returned.ReviewedBy, returned.Reason = domain.Returned, "ana", "请核实"
	returned.ReviewedAt = &now
	if err := s.ReturnSubmission(ctx, analyst, returned); err != nil {
		t.Fatal(err)
	}
	if err := s.ReturnSubmission(ctx, analyst, returned); !errors.Is(err, store.ErrStale) {
		t.Errorf("returning twice: got %v, want ErrStale", err)
	}
	if got, _ := s.Submission(ctx, sub.ID); got.State != domain.Returned || got.Reason != "请核实" || got.ReviewedAt == nil {
		t.Errorf("after return: got %+v", got)
	}

	// Update: decided on the returned submission; stale when decided on an older state.
	again := returned
	again.State, again.ReviewedBy, again.ReviewedAt, again.Reason, again.Growth = domain.Submitted, "", nil, "", domain.F(5.5)
	stalePrev := got
	if _, err := s.WriteSubmission(ctx, reporter, &stalePrev, again, store.PeriodOpen); !errors.Is(err, store.ErrStale) {
		t.Errorf("update decided on the submitted state: got %v, want ErrStale", err)
	}
	if _, err := s.WriteSubmission(ctx, reporter, &returned, again, store.PeriodOpen); err != nil {
		t.Fatal(err)
	}

	// Approve: the figure becomes an official revision; stale on a changed period or state.
	approved := again
	approved.State, approved.ReviewedBy, approved.ReviewedAt = domain.Approved, "ana", &now
	if _, err := s.ApproveSubmission(ctx, analyst, approved, store.PeriodLocked); !errors.Is(err, store.ErrStale) {
		t.Errorf("approval decided on a locked period: got %v, want ErrStale", err)
	}
	res, err := s.ApproveSubmission(ctx, analyst, approved, store.PeriodOpen)
	if err != nil {
		t.Fatal(err)
	}
	if res.Observations != (store.Counts{Revised: 1}) || res.BatchID == 0 {
		t.Errorf("approve: got %+v, want one revised observation in a batch", res)
	}
	cur, err := s.Observations(ctx, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"}, Periods: []string{"2023-06"}})
	if err != nil || len(cur) != 1 || *cur[0].Value != 70.31 || *cur[0].Growth != 5.5 || cur[0].Revision != 2 || cur[0].Source != "填报:"+unit {
		t.Errorf("after approval: got %+v, %v; want 70.31 / 5.5 revision 2 from 填报:%s", cur, err, unit)
	}
	// 录入人 and 审核人: the reporter entered the approved figure, the analyst approved it; the
	// imported revision before it was entered by its importer and approved by nobody.
	revs, err := s.Observations(ctx, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"},
		Periods: []string{"2023-06"}, AllRevisions: true})
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions: got %+v, %v; want 2", revs, err)
	}
	if r := revs[1]; r.RecordedBy != "rep" || r.ApprovedBy != "ana" || r.ApprovedAt == nil || !r.ApprovedAt.Equal(now) {
		t.Errorf("approved revision: got recorded_by %q approved_by %q at %v, want rep, ana at %v", r.RecordedBy, r.ApprovedBy, r.ApprovedAt, now)
	}
	if r := revs[0]; r.RecordedBy != "tester" || r.ApprovedBy != "" || r.ApprovedAt != nil {
		t.Errorf("imported revision: got recorded_by %q approved_by %q at %v, want tester, nobody", r.RecordedBy, r.ApprovedBy, r.ApprovedAt)
	}
	if _, err := s.ApproveSubmission(ctx, analyst, approved, store.PeriodOpen); !errors.Is(err, store.ErrStale) {
		t.Errorf("approving twice: got %v, want ErrStale", err)
	}
	audit, _ := s.AuditLog(ctx, 100)
	var actions []string
	for _, e := range audit {
		actions = append(actions, e.Action)
	}
	for _, want := range []string{"submission.submitted", "submission.return", "submission.approve", "observation.revise", "import"} {
		if !slices.Contains(actions, want) {
			t.Errorf("audit: got actions %v, want %s", actions, want)
		}
	}
	if audit[0].Action != "submission.approve" || audit[0].Actor != "ana (analyst)" || audit[0].SourceIP != "10.0.0.3" {
		t.Errorf("last audit row: got %+v, want the approval by ana", audit[0])
	}
	if _, err := s.Submission(ctx, 999999); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown id: got %v, want not_found", err)
	}

	// A town reports in its county's open months unless its own period says otherwise.
	open, err := s.EntryPeriods(ctx, []string{town, "440784"})
	if err != nil || !slices.Equal(open[town], []string{"2023-07", "2023-06"}) || !slices.Equal(open["440784"], []string{"2023-07", "2023-06"}) {
		t.Errorf("entry periods: got %v, %v; want the county's 2023-07 and 2023-06 for both", open, err)
	}
	if err := s.SetPeriod(ctx, admin, town, "2023-07", store.PeriodLocked); err != nil {
		t.Fatal(err)
	}
	if open, _ := s.EntryPeriods(ctx, []string{town}); !slices.Equal(open[town], []string{"2023-06"}) {
		t.Errorf("town with its own lock of 2023-07: got %v, want only 2023-06 open", open[town])
	}
	if st, err := s.PeriodState(ctx, town, "2023-07"); err != nil || st != store.PeriodLocked {
		t.Errorf("town period after its lock: got %q, %v; want locked", st, err)
	}
	if latest, err := s.Submissions(ctx, store.SubmissionQuery{Unit: unit, Latest: true}); err != nil || len(latest) != 1 || latest[0].ID != sub.ID {
		t.Errorf("latest of the unit: got %+v, %v; want only %d", latest, err, sub.ID)
	}
	// Under: the region and everything below it (an account's scope), before the limit.
	for _, c := range []struct {
		under string
		want  int
	}{{sub.RegionCode, 1}, {"440700", 1}, {"440000", 1}, {"440781", 0}, {"450000", 0}} {
		got, err := s.Submissions(ctx, store.SubmissionQuery{Unit: unit, Latest: true, Under: c.under, Limit: 1})
		if err != nil || len(got) != c.want {
			t.Errorf("latest of the unit under %s: got %d, %v; want %d", c.under, len(got), err, c.want)
		}
	}
}
