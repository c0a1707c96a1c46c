package storetest

import (
	"bytes"
	"context"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testReportEdits: edits are appended, the latest per paragraph is current, an empty one
// restores the generated paragraph; each edit audited with the text it replaced.
func testReportEdits(t *testing.T, s *store.Store) {
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	add := func(key, text string) {
		t.Helper()
		if _, err := s.AddReportEdit(ctx, ana, domain.ReportEdit{Region: "440784", Period: "2023-06", Lang: "zh-CN", Key: key,
			Base: "基{{1}}", Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	add("h/gdp", "第一稿{{1}}")
	add("h/gdp", "第二稿{{1}}")
	add("red", "红榜{{1}}")
	add("rest", "后来恢复")
	if _, err := s.AddReportEdit(ctx, ana, domain.ReportEdit{Region: "440784", Period: "2023-07", Lang: "zh-CN", Key: "red", Text: "七月"}); err != nil {
		t.Fatal(err)
	}
	add("rest", "")
	got, err := s.ReportEdits(ctx, "440784", "2023-06")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Key != "h/gdp" || got[0].Text != "第二稿{{1}}" || got[0].Base != "基{{1}}" || got[0].EditedBy != "ana" ||
		got[1].Key != "red" || got[1].Text != "红榜{{1}}" {
		t.Errorf("current edits: got %+v, want h/gdp's second and red's (rest restored, July's not)", got)
	}
	log, _ := s.AuditLog(ctx, 1)
	if log[0].Action != "report.edit" || log[0].Object != "report:440784/2023-06/zh-CN#rest" || log[0].OldValue != "后来恢复" || log[0].NewValue != "" {
		t.Errorf("audit of the restore: got %+v", log[0])
	}
	if _, err := s.AddReportEdit(ctx, ana, domain.ReportEdit{Region: "999999", Period: "2023-06", Lang: "zh-CN", Key: "x", Text: "y"}); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("an unknown region: got %v, want not_found", err)
	}
}

// testReportVersions: versions are numbered per region and period, kept byte for byte with their
// figures, listed newest first without the .docx; the database refuses to change one; a
// version's events are queued in its transaction.
func testReportVersions(t *testing.T, s *store.Store) {
	ana := cadenceUnits(t, s)
	if _, err := s.AddSubscription(ctx, ana, domain.Subscription{UnitCode: "440784-tjj", EventKind: "report.draft", Channel: "webhook",
		Target: "http://127.0.0.1:1/hook"}); err != nil {
		t.Fatal(err)
	}
	docx := []byte("PK\x03\x04 a docx\x00\xff")
	figs := []domain.ReportFigure{{Key: "gdp.value", Label: "地区生产总值", Value: "223.83"}}
	v1, err := s.AddReportVersion(ctx, store.Who{Username: "scheduler"}, domain.ReportVersion{Region: "440784", Period: "2023-06",
		State: domain.ReportDraft, Lang: "zh-CN", Fingerprint: "f1", Figures: figs, Docx: docx},
		domain.Event{Kind: "report.draft", UnitCode: "440784-tjj", Subject: "初稿已生成"})
	if err != nil || v1.Number != 1 || v1.ID == 0 {
		t.Fatalf("first version: got %+v, %v; want number 1", v1, err)
	}
	if msgs, _ := s.OutboxMessages(ctx, domain.OutboxPending, 10); len(msgs) != 1 || msgs[0].EventKind != "report.draft" {
		t.Errorf("the draft's notice: got %+v, want one report.draft message", msgs)
	}
	v2, err := s.AddReportVersion(ctx, ana, domain.ReportVersion{Region: "440784", Period: "2023-06", State: domain.ReportFinal,
		Lang: "zh-CN", Fingerprint: "f2", Figures: figs, Docx: []byte("second")})
	if err != nil || v2.Number != 2 {
		t.Fatalf("second version: got %+v, %v; want number 2", v2, err)
	}
	if v, err := s.AddReportVersion(ctx, ana, domain.ReportVersion{Region: "440784", Period: "2023-07", State: domain.ReportFinal,
		Lang: "zh-CN", Fingerprint: "f", Docx: []byte("x")}); err != nil || v.Number != 1 {
		t.Errorf("another period's first version: got %+v, %v; want number 1", v, err)
	}
	list, err := s.ReportVersions(ctx, "440784", "2023-06")
	if err != nil || len(list) != 2 || list[0].Number != 2 || list[1].Number != 1 || list[1].Size != len(docx) || list[1].Docx != nil ||
		list[0].State != domain.ReportFinal || list[0].CreatedBy != "ana" {
		t.Fatalf("list: got %+v, %v", list, err)
	}
	got, err := s.ReportVersion(ctx, v1.ID)
	if err != nil || !bytes.Equal(got.Docx, docx) || len(got.Figures) != 1 || got.Figures[0] != figs[0] || got.Fingerprint != "f1" {
		t.Errorf("read back: got %+v, %v; want the bytes and figures stored", got, err)
	}
	if _, err := s.ReportVersion(ctx, v2.ID+100); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown id: got %v, want not_found", err)
	}
	log, _ := s.AuditLog(ctx, 1)
	if log[0].Action != "report.final" || log[0].Object != "report:440784/2023-07#1" {
		t.Errorf("audit: got %+v, want report.final of 2023-07 #1", log[0])
	}
	raw := any(s).(interface {
		ExecForTest(context.Context, string) error
	})
	for _, q := range []string{`UPDATE report_versions SET state = 'draft'`, `DELETE FROM report_versions`} {
		if err := raw.ExecForTest(ctx, q); err == nil {
			t.Errorf("%s: got no error, want the database to refuse it", q)
		}
	}
}

// reportTimes writes an edit and a version for the timestamps walk.
func reportTimes(t *testing.T, s *store.Store, by store.Who) {
	t.Helper()
	if _, err := s.AddReportEdit(ctx, by, domain.ReportEdit{Region: "440784", Period: "2023-06", Lang: "zh-CN", Key: "k", Text: "t"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddReportVersion(ctx, by, domain.ReportVersion{Region: "440784", Period: "2023-06", State: domain.ReportFinal,
		Lang: "zh-CN", Fingerprint: "f", Docx: []byte("d")}); err != nil {
		t.Fatal(err)
	}
}
