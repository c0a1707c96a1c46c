package storetest

import (
	"strings"
	"testing"

	"pacer/internal/catalog"
	"pacer/internal/domain"
	"pacer/internal/store"
)

// testRegisterFigures: register figures kept beside the bureau's for the same key (both read
// back, the observations untouched); a changed value a new revision, the old one kept; an
// unchanged one not written again; every figure written audited.
func testRegisterFigures(t *testing.T, s *store.Store) {
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "bureau.xlsx", Observations: []domain.Observation{
		obs("440784", "key_project_investment", "2023-06", domain.F(90), nil),
	}}); err != nil {
		t.Fatal(err)
	}
	fig := func(region, period string, v float64) domain.RegisterFigure {
		return domain.RegisterFigure{Region: region, Indicator: "key_project_investment", Period: period, Value: v,
			Register: domain.RegisterProjects, Note: "84 个项目"}
	}
	audits := func() []store.AuditEntry {
		var out []store.AuditEntry
		all, _ := s.AuditLog(ctx, 1000)
		for _, e := range all {
			if strings.HasPrefix(e.Action, "register_figure") {
				out = append(out, e)
			}
		}
		return out
	}
	steps := []struct {
		figs    []domain.RegisterFigure
		want    store.Counts
		audited int
	}{
		// One audit row a call that changes something, and one for every revision.
		{[]domain.RegisterFigure{fig("440784", "2023-06", 88.2), fig("440784", "2023-05", 70.1)}, store.Counts{New: 2}, 1},
		{[]domain.RegisterFigure{fig("440784", "2023-06", 88.2), fig("440784", "2023-05", 70.1)}, store.Counts{Unchanged: 2}, 1},
		{[]domain.RegisterFigure{fig("440784", "2023-06", 88.5), fig("440784", "2023-05", 70.1)}, store.Counts{Revised: 1, Unchanged: 1}, 3},
	}
	for i, st := range steps {
		got, err := s.RecordRegisterFigures(ctx, ana, st.figs)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got != st.want {
			t.Errorf("step %d: got %+v, want %+v", i, got, st.want)
		}
		if n := len(audits()); n != st.audited {
			t.Errorf("step %d: got %d register-figure audit rows, want %d", i, n, st.audited)
		}
	}
	as := audits()
	if sum := as[0]; sum.Action != "register_figures.record" || sum.Object != "register:projects" ||
		sum.NewValue != "new=0 revised=1 unchanged=1" || sum.Actor != ana.Actor() {
		t.Errorf("the call's audit row: got %+v", sum)
	}
	if rev := as[1]; rev.Action != "register_figure.revise" || rev.Object != "register_figure:440784/key_project_investment/2023-06" ||
		!strings.Contains(rev.OldValue, "value=88.2") || !strings.Contains(rev.NewValue, "value=88.5") || rev.Actor != ana.Actor() {
		t.Errorf("the revision's audit row: got %+v", rev)
	}
	if first := as[2]; first.NewValue != "new=2 revised=0 unchanged=0" {
		t.Errorf("the first call's audit row: got %+v", first)
	}

	cur, err := s.RegisterFigures(ctx, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"key_project_investment"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(cur) != 2 || cur[0].Period != "2023-05" || cur[1].Value != 88.5 || cur[1].Revision != 2 || !cur[1].Current ||
		cur[1].Register != domain.RegisterProjects || cur[1].Note != "84 个项目" || cur[1].RecordedBy != ana.Actor() || cur[1].RecordedAt.IsZero() {
		t.Errorf("current register figures: got %+v", cur)
	}
	all, err := s.RegisterFigures(ctx, store.ObservationQuery{Periods: []string{"2023-06"}, AllRevisions: true})
	if err != nil || len(all) != 2 || all[0].Value != 88.2 || all[0].Current || all[1].Value != 88.5 {
		t.Errorf("every revision of 2023-06: got %+v, %v; want 88.2 kept (not current) and 88.5", all, err)
	}
	if got, err := s.RegisterFigures(ctx, store.ObservationQuery{From: "2023-06", To: "2023-12"}); err != nil || len(got) != 1 {
		t.Errorf("from 2023-06: got %+v, %v; want one figure", got, err)
	}
	// The bureau's figure of the same key is untouched and the only observation.
	o, err := s.Observations(ctx, store.ObservationQuery{Indicators: []string{"key_project_investment"}, AllRevisions: true})
	if err != nil || len(o) != 1 || *o[0].Value != 90 || o[0].Revision != 1 || !o[0].Current {
		t.Errorf("observations: got %+v, %v; want the bureau's 90 alone", o, err)
	}
	// A growth given later is a revision too; the same keys twice in one call are refused.
	g := fig("440784", "2023-05", 70.1)
	g.Growth = domain.F(12.5)
	if c, err := s.RecordRegisterFigures(ctx, ana, []domain.RegisterFigure{g}); err != nil || c.Revised != 1 {
		t.Errorf("growth added: got %+v, %v; want a revision", c, err)
	}
	// The same figure marked 示例 (a sample row summed) is a revision too, read back marked; again,
	// nothing.
	g.Sample = true
	for i, want := range []store.Counts{{Revised: 1}, {Unchanged: 1}} {
		if c, err := s.RecordRegisterFigures(ctx, ana, []domain.RegisterFigure{g}); err != nil || c != want {
			t.Errorf("marked 示例 (%d): got %+v, %v; want %+v", i, c, err, want)
		}
	}
	if got, err := s.RegisterFigures(ctx, store.ObservationQuery{Periods: []string{"2023-05"}, AllRevisions: true}); err != nil ||
		len(got) != 3 || got[1].Sample || !got[2].Sample || !got[2].Current || got[2].Value != 70.1 {
		t.Errorf("2023-05 marked 示例: got %+v, %v; want revision 3 the same figure marked, revision 2 not", got, err)
	}
	if _, err := s.RecordRegisterFigures(ctx, ana, []domain.RegisterFigure{g, g}); err == nil {
		t.Error("a key twice: got no error")
	}
	if c, err := s.RecordRegisterFigures(ctx, ana, nil); err != nil || c != (store.Counts{}) {
		t.Errorf("nothing: got %+v, %v", c, err)
	}
	// Many at once (PostgreSQL copies them in), then read back.
	regions, err := catalog.Regions()
	if err != nil {
		t.Fatal(err)
	}
	var many []domain.RegisterFigure
	for i, r := range regions[:2100] {
		many = append(many, domain.RegisterFigure{Region: r.Code, Indicator: "attracted_projects", Period: "2023-07", Value: float64(i),
			Register: domain.RegisterLeads, Sample: i%2 == 1})
	}
	if c, err := s.RecordRegisterFigures(ctx, ana, many); err != nil || c != (store.Counts{New: 2100}) {
		t.Fatalf("2,100 figures: got %+v, %v", c, err)
	}
	got, err := s.RegisterFigures(ctx, store.ObservationQuery{Indicators: []string{"attracted_projects"}})
	if err != nil || len(got) != 2100 {
		t.Errorf("2,100 figures read back: got %d, %v", len(got), err)
	}
	for _, f := range got {
		if f.Sample != (int(f.Value)%2 == 1) {
			t.Errorf("%s read back: sample %v for value %v, want the odd ones 示例", f.Region, f.Sample, f.Value)
			break
		}
	}
	// All or nothing: an unknown region fails the whole call.
	before, _ := s.RegisterFigures(ctx, store.ObservationQuery{AllRevisions: true})
	if _, err := s.RecordRegisterFigures(ctx, ana, []domain.RegisterFigure{fig("440784", "2023-07", 95), fig("999999", "2023-07", 1)}); err == nil {
		t.Error("an unknown region: got no error")
	}
	if after, _ := s.RegisterFigures(ctx, store.ObservationQuery{AllRevisions: true}); len(after) != len(before) {
		t.Errorf("a failed call wrote %d figures", len(after)-len(before))
	}
}

// testFigureBasisAndLinks: an indicator's figure basis (official unless set), set and audited
// once per change; links of indicators to register sums made, replaced, removed, audited.
func testFigureBasisAndLinks(t *testing.T, s *store.Store) {
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	if b, err := s.FigureBases(ctx); err != nil || len(b) != 0 {
		t.Fatalf("a new database: got bases %v, %v; want none (all official)", b, err)
	}
	count := func(prefix string) int {
		n := 0
		all, _ := s.AuditLog(ctx, 1000)
		for _, e := range all {
			if strings.HasPrefix(e.Action, prefix) {
				n++
			}
		}
		return n
	}
	for i, st := range []struct {
		basis   domain.FigureBasis
		changed bool
		audited int
	}{
		{domain.BasisOfficial, false, 0},
		{domain.BasisRegister, true, 1},
		{domain.BasisRegister, false, 1},
		{domain.BasisOfficial, true, 2},
		{domain.BasisRegister, true, 3},
	} {
		changed, err := s.SetFigureBasis(ctx, ana, "attracted_projects", st.basis)
		if err != nil || changed != st.changed {
			t.Errorf("step %d: got changed %v, %v; want %v", i, changed, err, st.changed)
		}
		if n := count("indicator.figure_basis"); n != st.audited {
			t.Errorf("step %d: got %d audit rows, want %d", i, n, st.audited)
		}
	}
	if b, err := s.FigureBases(ctx); err != nil || len(b) != 1 || b["attracted_projects"] != domain.BasisRegister {
		t.Errorf("bases: got %v, %v", b, err)
	}
	if _, err := s.SetFigureBasis(ctx, ana, "no_such", domain.BasisRegister); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown indicator: got %v, want not_found", err)
	}

	link := domain.RegisterSum{Indicator: "industrial_investment", Register: domain.RegisterProjects, Measure: "completed", Filter: "category=工业"}
	for i, l := range []domain.RegisterSum{link, link, {Indicator: "industrial_investment", Register: domain.RegisterProjects, Measure: "completed", Filter: "category=技改"}} {
		if err := s.LinkRegisterSum(ctx, ana, l); err != nil {
			t.Fatalf("link %d: %v", i, err)
		}
	}
	if n := count("indicator.register_sum.link"); n != 2 {
		t.Errorf("links: got %d audit rows, want 2 (the same link again writes nothing)", n)
	}
	ls, err := s.RegisterSumLinks(ctx)
	if err != nil || len(ls) != 1 || ls[0].Filter != "category=技改" || ls[0].Measure != "completed" || ls[0].Register != domain.RegisterProjects {
		t.Errorf("links: got %+v, %v; want the replaced one", ls, err)
	}
	if err := s.LinkRegisterSum(ctx, ana, domain.RegisterSum{Indicator: "no_such", Register: "projects", Measure: "count"}); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("link an unknown indicator: got %v, want not_found", err)
	}
	if err := s.UnlinkRegisterSum(ctx, ana, "industrial_investment"); err != nil {
		t.Fatal(err)
	}
	if err := s.UnlinkRegisterSum(ctx, ana, "industrial_investment"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unlink twice: got %v, want not_found", err)
	}
	if ls, err := s.RegisterSumLinks(ctx); err != nil || len(ls) != 0 {
		t.Errorf("after unlinking: got %+v, %v", ls, err)
	}
	if n := count("indicator.register_sum.unlink"); n != 1 {
		t.Errorf("unlink: got %d audit rows, want 1", n)
	}
}
