package storetest

import (
	"slices"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testSubmissions walks the review flow: scope, submit, return, resubmit, approve (the figure
// becomes an official revision), nobody approving their own submission, locked periods.
func testSubmissions(t *testing.T, s *store.Store) {
	const unit, town = "440784-swj", "440784001"
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "setup",
		Units: []domain.Unit{
			{Code: unit, Name: "鹤山市商务局", RegionCode: "440784", Kind: "department"},
			{Code: "440784-tjj", Name: "鹤山市统计局", RegionCode: "440784", Kind: "department"},
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
	in := func(ind, period string, v, g *float64) store.SubmissionInput {
		return store.SubmissionInput{Unit: unit, Region: "440784", Indicator: ind, Period: period, Value: v, Growth: g}
	}

	// Scope: only the unit's own assignments, only open periods; not found otherwise.
	for name, x := range map[string]store.SubmissionInput{
		"another indicator":   in("gdp", "2023-06", domain.F(1), nil),
		"another unit's task": {Unit: "440784-tjj", Region: "440784", Indicator: "retail", Period: "2023-06", Value: domain.F(1)},
		"another region":      {Unit: unit, Region: "440703", Indicator: "retail", Period: "2023-06", Value: domain.F(1)},
		"a period not open":   in("retail", "2023-08", domain.F(1), nil),
	} {
		if _, err := s.SaveSubmission(ctx, reporter, x); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("%s: got %v, want not_found", name, err)
		}
	}
	if _, err := s.SaveSubmission(ctx, reporter, in("retail", "2023-06", nil, nil)); domain.ErrorKind(err) != domain.EINVALID {
		t.Errorf("no figure: got %v, want invalid", err)
	}

	sub, err := s.SaveSubmission(ctx, reporter, in("retail", "2023-06", domain.F(70.31), domain.F(5.4)))
	if err != nil {
		t.Fatal(err)
	}
	if sub.ID == 0 || sub.State != domain.Submitted || sub.SubmittedBy != "rep" {
		t.Fatalf("submit: got %+v, want a submitted submission by rep", sub)
	}
	current := func() domain.Observation {
		t.Helper()
		got, err := s.Observations(ctx, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"}, Periods: []string{"2023-06"}})
		if err != nil || len(got) != 1 {
			t.Fatalf("current retail 2023-06: got %+v, %v; want one", got, err)
		}
		return got[0]
	}
	if o := current(); *o.Value != 70.13 || o.Revision != 1 {
		t.Fatalf("before approval: got %+v, want the import's 70.13 still current", o)
	}

	// Nobody approves (or returns) their own submission.
	for _, me := range []store.Who{reporter, {Username: "REP", Role: domain.RoleAnalyst}} {
		if _, err := s.ApproveSubmission(ctx, me, sub.ID); domain.ErrorKind(err) != domain.EFORBIDDEN {
			t.Errorf("approval by %s: got %v, want forbidden", me.Username, err)
		}
	}
	if err := s.ReturnSubmission(ctx, analyst, sub.ID, "  "); domain.ErrorKind(err) != domain.EINVALID {
		t.Errorf("return without a reason: got %v, want invalid", err)
	}
	if err := s.ReturnSubmission(ctx, analyst, sub.ID, "与快报不符，请核实"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Submission(ctx, sub.ID)
	if err != nil || got.State != domain.Returned || got.Reason != "与快报不符，请核实" || got.ReviewedBy != "ana" || got.ReviewedAt == nil {
		t.Fatalf("after return: got %+v, %v; want returned by ana with the reason", got, err)
	}
	if _, err := s.ApproveSubmission(ctx, analyst, sub.ID); domain.ErrorKind(err) != domain.ECONFLICT {
		t.Errorf("approving a returned submission: got %v, want conflict", err)
	}

	// Resubmitted: the same submission, submitted again, reason cleared.
	again, err := s.SaveSubmission(ctx, reporter, in("retail", "2023-06", domain.F(70.31), domain.F(5.5)))
	if err != nil || again.ID != sub.ID || again.State != domain.Submitted || again.Reason != "" {
		t.Fatalf("resubmit: got %+v, %v; want submission %d submitted again", again, err, sub.ID)
	}
	res, err := s.ApproveSubmission(ctx, analyst, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Observations != (store.Counts{Revised: 1}) || res.BatchID == 0 {
		t.Errorf("approve: got %+v, want one revised observation in a batch", res)
	}
	o := current()
	if *o.Value != 70.31 || *o.Growth != 5.5 || o.Revision != 2 || o.Source != "填报:"+unit || o.BatchID != res.BatchID {
		t.Errorf("after approval: got %+v, want 70.31 / 5.5 revision 2 from 填报:%s", o, unit)
	}
	all, _ := s.Observations(ctx, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"}, AllRevisions: true})
	if len(all) != 2 || *all[0].Value != 70.13 || all[0].Current {
		t.Errorf("history: got %+v, want the imported revision kept", all)
	}
	if got, _ := s.Submission(ctx, sub.ID); got.State != domain.Approved || got.ReviewedBy != "ana" {
		t.Errorf("submission after approval: got %+v", got)
	}
	if _, err := s.ApproveSubmission(ctx, analyst, sub.ID); domain.ErrorKind(err) != domain.ECONFLICT {
		t.Errorf("approving twice: got %v, want conflict", err)
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

	// After approval a new figure is a new submission; the approved figure stays until approved.
	next, err := s.SaveSubmission(ctx, reporter, in("retail", "2023-06", domain.F(71), domain.F(5.5)))
	if err != nil || next.ID == sub.ID || next.State != domain.Submitted {
		t.Fatalf("after approval: got %+v, %v; want a new submitted submission", next, err)
	}
	if o := current(); *o.Value != 70.31 {
		t.Errorf("pending revision: got current %v, want 70.31 until approved", *o.Value)
	}
	latest, err := s.Submissions(ctx, store.SubmissionQuery{Unit: unit, Latest: true})
	if err != nil || len(latest) != 1 || latest[0].ID != next.ID {
		t.Errorf("latest of the unit: got %+v, %v; want only %d", latest, err, next.ID)
	}
	if pending, _ := s.Submissions(ctx, store.SubmissionQuery{States: []string{domain.Submitted}}); len(pending) != 1 || pending[0].ID != next.ID {
		t.Errorf("submitted: got %+v, want %d", pending, next.ID)
	}

	// A locked period refuses submissions and approvals.
	if err := s.SetPeriod(ctx, admin, "440784", "2023-06", store.PeriodLocked); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveSubmission(ctx, reporter, in("retail", "2023-06", domain.F(72), nil)); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("submit in a locked period: got %v, want refused (not_found)", err)
	}
	if _, err := s.ApproveSubmission(ctx, analyst, next.ID); domain.ErrorKind(err) != domain.ECONFLICT {
		t.Errorf("approve in a locked period: got %v, want conflict", err)
	}
	if o := current(); *o.Value != 70.31 {
		t.Errorf("after refused approval: got %v, want 70.31", *o.Value)
	}
	if _, err := s.ApproveSubmission(ctx, analyst, 999999); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown id: got %v, want not_found", err)
	}

	// A town reports in its county's open months unless its own period says otherwise.
	open, err := s.EntryPeriods(ctx, []string{town, "440784"})
	if err != nil || !slices.Equal(open[town], []string{"2023-07"}) || !slices.Equal(open["440784"], []string{"2023-07"}) {
		t.Errorf("entry periods: got %v, %v; want 2023-07 for both", open, err)
	}
	draft, err := s.SaveSubmission(ctx, store.Who{Username: "town-rep"}, store.SubmissionInput{Unit: town, Region: town,
		Indicator: "fai", Period: "2023-07", Growth: domain.F(3.2), Draft: true})
	if err != nil || draft.State != domain.Draft {
		t.Errorf("town draft: got %+v, %v", draft, err)
	}
	if err := s.SetPeriod(ctx, admin, town, "2023-07", store.PeriodLocked); err != nil {
		t.Fatal(err)
	}
	if open, _ := s.EntryPeriods(ctx, []string{town}); len(open[town]) != 0 {
		t.Errorf("town with its own lock: got %v, want none open", open[town])
	}
	if err := s.SubmissionScope(ctx, town, town, "fai", "2023-07"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("town scope after its lock: got %v, want not_found", err)
	}
}
