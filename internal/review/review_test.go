package review_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/review"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

const (
	county = "440784"
	town   = "440784001"
	dept   = "440784-swj"
)

var (
	analyst  = domain.Actor{Username: "ana", Role: domain.RoleAnalyst, IP: "10.0.0.3"}
	analyst2 = domain.Actor{Username: "bob", Role: domain.RoleAnalyst, IP: "10.0.0.4"}
	repActor = domain.Actor{Username: "rep", Role: domain.RoleReporter, IP: "10.0.0.2"}
	reporter = domain.User{Username: "rep", Role: domain.RoleReporter, UnitCode: dept}
)

// eachStore runs fn on a fresh SQLite store and a fresh PostgreSQL schema, each with a small
// fixture: a department reporting retail for the county, a town reporting fai for itself, an
// official retail figure for 2023-06, and the county's 2023-06 and 2023-07 open.
func eachStore(t *testing.T, fn func(t *testing.T, s *review.Service, st *store.Store)) {
	for _, d := range []struct {
		name string
		open func(testing.TB) *store.Store
	}{{"SQLite", storetest.OpenSQLite}, {"PostgreSQL", storetest.OpenPostgres}} {
		t.Run(d.name, func(t *testing.T) {
			st := d.open(t)
			if _, err := st.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "fixture",
				Units: []domain.Unit{
					{Code: dept, Name: "商务局", RegionCode: county, Kind: "department"},
					{Code: town, Name: "沙坪街道", RegionCode: town, Kind: "town"},
				},
				Observations: []domain.Observation{{RegionCode: county, IndicatorCode: "retail", Period: "2023-06",
					Value: domain.F(70.13), Growth: domain.F(5.4), Source: "fixture"}},
			}); err != nil {
				t.Fatal(err)
			}
			if err := st.Assign(ctx, store.Who{Username: "admin"}, []store.Assignment{
				{UnitCode: dept, IndicatorCode: "retail", RegionCode: county},
				{UnitCode: town, IndicatorCode: "fai", RegionCode: town},
			}); err != nil {
				t.Fatal(err)
			}
			s := review.New(st)
			for _, p := range []string{"2023-06", "2023-07"} {
				if err := s.SetPeriod(ctx, analyst, county, p, domain.PeriodOpen); err != nil {
					t.Fatal(err)
				}
			}
			fn(t, s, st)
		})
	}
}

func entered(period string, v, g *float64) review.Entered {
	return review.Entered{Key: review.Key{Region: county, Indicator: "retail", Period: period}, Value: v, Growth: g}
}

func wantKind(t *testing.T, what string, err error, kind string) {
	t.Helper()
	if got := domain.ErrorKind(err); err == nil || got != kind {
		t.Errorf("%s: got %v (%s), want %s", what, err, got, kind)
	}
}

// TestSubmissionRound walks the state machine through the workflow: submit, refusals (own,
// no reason), return, resubmit, approve (an official revision), a new submission after approval,
// and a locked period refusing both entry and approval.
func TestSubmissionRound(t *testing.T) {
	eachStore(t, func(t *testing.T, s *review.Service, st *store.Store) {
		official := func() domain.Observation {
			t.Helper()
			got, err := st.Observations(ctx, store.ObservationQuery{Regions: []string{county}, Indicators: []string{"retail"}, Periods: []string{"2023-06"}})
			if err != nil || len(got) != 1 {
				t.Fatalf("official retail 2023-06: got %+v, %v; want one", got, err)
			}
			return got[0]
		}
		sub, err := s.Save(ctx, repActor, reporter, entered("2023-06", domain.F(70.31), domain.F(5.4)))
		if err != nil {
			t.Fatal(err)
		}
		if sub.ID == 0 || sub.State != domain.Submitted || sub.SubmittedBy != "rep" {
			t.Fatalf("submit: got %+v, want submitted by rep", sub)
		}
		if o := official(); *o.Value != 70.13 {
			t.Fatalf("before approval: got %v, want 70.13 still official", *o.Value)
		}
		// Saving the same again changes nothing.
		if again, err := s.Save(ctx, repActor, reporter, entered("2023-06", domain.F(70.31), domain.F(5.4))); err != nil || again.ID != sub.ID {
			t.Errorf("same figures again: got %+v, %v; want submission %d unchanged", again, err, sub.ID)
		}

		for _, c := range []struct {
			name string
			err  error
			kind string
			key  string
		}{
			{"own approval", s.Approve(ctx, repActor, sub.ID), domain.EFORBIDDEN, "review.err.own"},
			{"own approval, other case", s.Approve(ctx, domain.Actor{Username: "REP", Role: domain.RoleAnalyst}, sub.ID), domain.EFORBIDDEN, "review.err.own"},
			{"own return", s.Return(ctx, repActor, sub.ID, "x"), domain.EFORBIDDEN, "review.err.own"},
			{"return without a reason", s.Return(ctx, analyst, sub.ID, "  "), domain.EINVALID, "review.err.reason_required"},
			{"unknown submission", s.Approve(ctx, analyst, 999999), domain.ENOTFOUND, "review.err.not_found"},
		} {
			var e *domain.Error
			if !errors.As(c.err, &e) || e.Kind != c.kind || e.Msg.Key != c.key {
				t.Errorf("%s: got %v, want %s (%s)", c.name, c.err, c.kind, c.key)
			}
		}

		if err := s.Return(ctx, analyst, sub.ID, " 与快报不符，请核实 "); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Submission(ctx, sub.ID)
		if got.State != domain.Returned || got.Reason != "与快报不符，请核实" || got.ReviewedBy != "ana" || got.ReviewedAt == nil {
			t.Fatalf("after return: got %+v, want returned by ana with the reason", got)
		}
		wantKind(t, "approving a returned submission", s.Approve(ctx, analyst, sub.ID), domain.ECONFLICT)

		again, err := s.Save(ctx, repActor, reporter, entered("2023-06", domain.F(70.31), domain.F(5.5)))
		if err != nil || again.ID != sub.ID || again.State != domain.Submitted || again.Reason != "" || again.ReviewedBy != "" {
			t.Fatalf("resubmit: got %+v, %v; want submission %d submitted again, review cleared", again, err, sub.ID)
		}
		if err := s.Approve(ctx, analyst, sub.ID); err != nil {
			t.Fatal(err)
		}
		if o := official(); *o.Value != 70.31 || *o.Growth != 5.5 || o.Revision != 2 || o.Source != "填报:"+dept {
			t.Errorf("after approval: got %+v, want 70.31 / 5.5 revision 2 from 填报:%s", o, dept)
		}
		wantKind(t, "approving twice", s.Approve(ctx, analyst2, sub.ID), domain.ECONFLICT)

		next, err := s.Save(ctx, repActor, reporter, entered("2023-06", domain.F(71), nil))
		if err != nil || next.ID == sub.ID || next.State != domain.Submitted {
			t.Fatalf("after approval: got %+v, %v; want a new submission", next, err)
		}
		if o := official(); *o.Value != 70.31 {
			t.Errorf("pending: got %v official, want 70.31 until approved", *o.Value)
		}

		// A locked period refuses entry (not found: the reporter's view) and approval (conflict).
		if err := s.SetPeriod(ctx, analyst, county, "2023-06", domain.PeriodLocked); err != nil {
			t.Fatal(err)
		}
		_, err = s.Save(ctx, repActor, reporter, entered("2023-06", domain.F(72), nil))
		wantKind(t, "entry in a locked period", err, domain.ENOTFOUND)
		err = s.Approve(ctx, analyst, next.ID)
		var e *domain.Error
		if !errors.As(err, &e) || e.Kind != domain.ECONFLICT || e.Msg.Key != "review.err.locked" {
			t.Errorf("approval in a locked period: got %v, want conflict review.err.locked", err)
		}
		if o := official(); *o.Value != 70.31 {
			t.Errorf("after refused approval: got %v, want 70.31", *o.Value)
		}
		wantKind(t, "an unknown period state", s.SetPeriod(ctx, analyst, county, "2023-06", "closed"), domain.EINVALID)
		wantKind(t, "a period of an unknown region", s.SetPeriod(ctx, analyst, "999999", "2023-06", domain.PeriodOpen), domain.ENOTFOUND)
	})
}

// TestEntryRefused checks what a reporter may not save: outside its assignments or open periods
// (not found), figures domain refuses (invalid, naming the field), another unit's submission.
func TestEntryRefused(t *testing.T) {
	eachStore(t, func(t *testing.T, s *review.Service, st *store.Store) {
		other := domain.User{Username: "town-rep", Role: domain.RoleReporter, UnitCode: town}
		theirs, err := s.Save(ctx, domain.Actor{Username: "town-rep"}, other, review.Entered{Key: review.Key{Region: town, Indicator: "fai", Period: "2023-07"},
			Growth: domain.F(3.2), Draft: true})
		if err != nil || theirs.State != domain.Draft {
			t.Fatalf("town draft in its county's open month: got %+v, %v", theirs, err)
		}
		for _, c := range []struct {
			name  string
			user  domain.User
			in    review.Entered
			kind  string
			field string // for invalid figures: the field named
		}{
			{"another indicator", reporter, review.Entered{Key: review.Key{Region: county, Indicator: "gdp", Period: "2023-06"}, Value: domain.F(1)}, domain.ENOTFOUND, ""},
			{"another region", reporter, review.Entered{Key: review.Key{Region: "440703", Indicator: "retail", Period: "2023-06"}, Value: domain.F(1)}, domain.ENOTFOUND, ""},
			{"a period never opened", reporter, entered("2023-08", domain.F(1), nil), domain.ENOTFOUND, ""},
			{"no unit", domain.User{Username: "x", Role: domain.RoleReporter}, entered("2023-06", domain.F(1), nil), domain.ENOTFOUND, ""},
			{"another unit's submission id", reporter, review.Entered{Key: review.Key{Region: town, Indicator: "fai", Period: "2023-07"}, ID: theirs.ID, Growth: domain.F(1)}, domain.ENOTFOUND, ""},
			{"no figure", reporter, entered("2023-06", nil, nil), domain.EINVALID, ""},
			{"growth at -100", reporter, entered("2023-06", nil, domain.F(-100)), domain.EINVALID, "growth"},
			{"note too long", reporter, review.Entered{Key: review.Key{Region: county, Indicator: "retail", Period: "2023-06"}, Value: domain.F(1), Note: strings.Repeat("字", 200)}, domain.EINVALID, ""},
		} {
			_, err := s.Save(ctx, repActor, c.user, c.in)
			wantKind(t, c.name, err, c.kind)
			if c.kind == domain.EINVALID {
				fes := domain.FieldErrors(err)
				if len(fes) != 1 || fes[0].Field != c.field {
					t.Errorf("%s: got field errors %v, want one on %q", c.name, fes, c.field)
				}
			}
		}
		if subs, _ := st.Submissions(ctx, store.SubmissionQuery{Unit: dept}); len(subs) != 0 {
			t.Errorf("after refusals: got %d submissions of %s, want 0", len(subs), dept)
		}
		// The town's own lock overrides its county's open month.
		if err := s.SetPeriod(ctx, analyst, town, "2023-07", domain.PeriodLocked); err != nil {
			t.Fatal(err)
		}
		_, err = s.Save(ctx, domain.Actor{Username: "town-rep"}, other, review.Entered{Key: review.Key{Region: town, Indicator: "fai", Period: "2023-07"}, Growth: domain.F(3.3)})
		wantKind(t, "town entry after its own lock", err, domain.ENOTFOUND)
	})
}

// TestReviewSheet checks the analyst's list: own submissions marked, locked periods marked, the
// official figure beside the submission and whether it repeats it.
func TestReviewSheet(t *testing.T) {
	eachStore(t, func(t *testing.T, s *review.Service, st *store.Store) {
		sub, err := s.Save(ctx, repActor, reporter, entered("2023-06", domain.F(70.13), domain.F(5.4)))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			reader, state string
			rows          int
			own, same     bool
		}{
			{"ana", "", 1, false, true},
			{"rep", domain.Submitted, 1, true, true},
			{"ana", domain.Approved, 0, false, false},
			{"ana", "nonsense", 1, false, true},
		} {
			sh, err := s.Review(ctx, c.reader, c.state)
			if err != nil {
				t.Fatal(err)
			}
			if len(sh.Rows) != c.rows {
				t.Errorf("Review(%s, %q): got %d rows, want %d", c.reader, c.state, len(sh.Rows), c.rows)
				continue
			}
			if c.rows == 1 {
				r := sh.Rows[0]
				if r.Sub.ID != sub.ID || r.Own != c.own || r.Same != c.same || r.Official == nil || r.UnitName != "商务局" || r.Indicator.Code != "retail" {
					t.Errorf("Review(%s, %q): got %+v, want submission %d own=%t same=%t", c.reader, c.state, r, sub.ID, c.own, c.same)
				}
			}
		}
		if err := s.SetPeriod(ctx, analyst, county, "2023-06", domain.PeriodLocked); err != nil {
			t.Fatal(err)
		}
		sh, err := s.Review(ctx, "ana", "")
		if err != nil || len(sh.Rows) != 1 || !sh.Rows[0].Locked || len(sh.Periods) != 2 {
			t.Errorf("after lock: got %+v, %v; want the row locked and 2 periods", sh, err)
		}
	})
}

// TestEntryPage checks the reporter's page: one row per assignment and open period with the
// official figures around it, and another unit's submission not found.
func TestEntryPage(t *testing.T) {
	eachStore(t, func(t *testing.T, s *review.Service, st *store.Store) {
		sub, err := s.Save(ctx, repActor, reporter, entered("2023-07", domain.F(80), nil))
		if err != nil {
			t.Fatal(err)
		}
		e, err := s.Entry(ctx, reporter, review.EntryAt{Focus: sub.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Rows) != 2 || e.Rows[0].Period != "2023-07" || e.Rows[1].Period != "2023-06" {
			t.Fatalf("rows: got %+v, want retail at 2023-07 and 2023-06", e.Rows)
		}
		if r := e.Rows[0]; r.Sub == nil || r.Sub.ID != sub.ID || r.Previous == nil || *r.Previous.Value != 70.13 || r.Official != nil {
			t.Errorf("2023-07 row: got %+v, want the submission and 2023-06 as the previous figure", r)
		}
		if r := e.Rows[1]; r.Official == nil || *r.Official.Value != 70.13 || r.Sub != nil {
			t.Errorf("2023-06 row: got %+v, want the official 70.13 and no submission", r)
		}
		if e.Focus == nil || e.Focus.Sub.ID != sub.ID || len(e.History) != 1 {
			t.Errorf("focus and history: got %+v, %d; want submission %d", e.Focus, len(e.History), sub.ID)
		}
		other := domain.User{Username: "town-rep", Role: domain.RoleReporter, UnitCode: town}
		_, err = s.Entry(ctx, other, review.EntryAt{Focus: sub.ID})
		wantKind(t, "another unit's submission", err, domain.ENOTFOUND)
		_, err = s.Entry(ctx, reporter, review.EntryAt{Key: &review.Key{Region: county, Indicator: "retail", Period: "2023-08"}})
		wantKind(t, "a key outside the open periods", err, domain.ENOTFOUND)
	})
}
