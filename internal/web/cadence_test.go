package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pacer/internal/demo"
)

// TestCadencePages walks the cadence's pages on the demo: the analyst adds an agenda item,
// records a meeting whose decision becomes a follow-up, the owner unit's reporter replies, the
// analyst closes it; snapshots are taken and compared; documents download; who may do what.
func TestCadencePages(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	an := login(t, base, "demo-analyst", demoPassword)
	const week = "2023-W32"
	q := "region=" + demo.Region + "&week=" + week

	r := an.get("/dispatch?" + q)
	if r.code != 200 || !strings.Contains(r.body, `id="agenda"`) || !strings.Contains(r.body, `data-ref="gdp"`) || !strings.Contains(r.body, "需增速") {
		t.Fatalf("GET /dispatch: got %d %.500s", r.code, r.body)
	}
	if r := an.get("/dispatch"); r.code != 200 || !strings.Contains(r.body, week) {
		t.Errorf("GET /dispatch without a week: got %d, want the week after the home period (%s)", r.code, week)
	}
	form := func(kv ...string) url.Values {
		v := url.Values{"region": {demo.Region}, "week": {week}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	if r := an.post("/dispatch/items", form("kind", "indicator", "ref", "retail", "title", "零售额：听取商务局汇报")); r.code != 303 {
		t.Fatalf("add item: got %d %.300s", r.code, r.body)
	}
	if r := an.post("/dispatch/items", form("kind", "indicator", "ref", "no_such")); r.code != 400 || !strings.Contains(r.body, `id="dispatch-error"`) ||
		!strings.Contains(r.body, "指标代码「no_such」不在指标目录中") {
		t.Errorf("add an unknown indicator: got %d, want 400 with the refusal on the page", r.code)
	}
	if r := an.post("/dispatch/items/move", form("kind", "indicator", "ref", "retail", "dir", "up")); r.code != 303 {
		t.Errorf("move: got %d", r.code)
	}
	r = an.post("/dispatch/meetings", form("held_on", "2023-08-07", "chair", "市长", "attendees", "发改局\n统计局",
		"decision_1", "推动零售额回升", "owner_1", demo.ReporterUnit, "deadline_1", "2023-08-20"))
	if r.code != 303 {
		t.Fatalf("record meeting: got %d %.500s", r.code, r.body)
	}
	r = an.get("/dispatch?" + q)
	if !strings.Contains(r.body, "零售额：听取商务局汇报") || !strings.Contains(r.body, `id="meetings"`) {
		t.Errorf("after adding: the page lacks the added item or the meeting")
	}
	mid := regexp.MustCompile(`data-meeting="(\d+)"`).FindStringSubmatch(r.body)
	if mid == nil {
		t.Fatal("no meeting listed")
	}
	if r := an.get("/dispatch/meetings/" + mid[1] + "?region=" + demo.Region); r.code != 200 || !strings.Contains(r.body, "推动零售额回升") || !strings.Contains(r.body, "@page") {
		t.Errorf("minutes: got %d", r.code)
	}
	for _, p := range []string{"/dispatch/agenda.docx?" + q, "/dispatch/meetings/" + mid[1] + "/minutes.docx?region=" + demo.Region} {
		r := an.get(p)
		if r.code != 200 || !strings.HasPrefix(r.body, "PK") || !strings.Contains(r.header.Get("Content-Type"), "wordprocessingml") {
			t.Errorf("GET %s: got %d %s", p, r.code, r.header.Get("Content-Type"))
		}
	}
	if r := an.get("/dispatch/print?" + q); r.code != 200 || !strings.Contains(r.body, `id="print-agenda"`) {
		t.Errorf("print: got %d", r.code)
	}
	if r := an.get("/display?" + q); r.code != 200 || !strings.Contains(r.body, `id="slide-1"`) || !strings.Contains(r.body, "/static/display.js") {
		t.Errorf("display: got %d", r.code)
	}

	// The decision is the reporter's follow-up: reply, then the analyst closes it.
	rep := login(t, base, "demo-reporter", demoPassword)
	r = rep.get("/followups")
	fid := regexp.MustCompile(`data-followup="(\d+)" data-status="(?:open|overdue)"`).FindStringSubmatch(r.body)
	if r.code != 200 || fid == nil || !strings.Contains(r.body, "推动零售额回升") {
		t.Fatalf("reporter's follow-ups: got %d, want the decision (open, or overdue by the machine's clock): %.500s", r.code, r.body)
	}
	if r := rep.post("/followups/"+fid[1]+"/reply", url.Values{"text": {"已组织促销"}}); r.code != 303 {
		t.Errorf("reply: got %d %.300s", r.code, r.body)
	}
	if r := rep.post("/followups/"+fid[1]+"/close", url.Values{}); r.code != 403 {
		t.Errorf("a reporter closing: got %d, want 403", r.code)
	}
	if r := an.post("/followups/"+fid[1]+"/close", url.Values{"text": {"好"}}); r.code != 303 {
		t.Errorf("close: got %d", r.code)
	}
	if r := an.get("/followups"); !strings.Contains(r.body, `data-followup="`+fid[1]+`" data-status="done"`) {
		t.Errorf("after closing: the follow-up is not done")
	}
	if r := rep.get("/dispatch?" + q); r.code != 403 {
		t.Errorf("a reporter on /dispatch: got %d, want 403", r.code)
	}

	// Snapshots: taken, taken again (the same), compared.
	for _, d := range []string{"2023-08-15", "2023-08-31", "2023-08-15"} {
		if r := an.post("/assess", url.Values{"region": {demo.Region}, "date": {d}}); r.code != 303 {
			t.Fatalf("take %s: got %d %.300s", d, r.code, r.body)
		}
	}
	if snaps, _ := s.Snapshots(ctx, demo.Region); len(snaps) != 2 {
		t.Errorf("snapshots: got %d, want 2 (one a day)", len(snaps))
	}
	if r := an.get("/assess?region=" + demo.Region + "&a=2023-08-15&b=2023-08-31"); r.code != 200 || !strings.Contains(r.body, `id="compare-table"`) {
		t.Errorf("compare: got %d", r.code)
	}
	if r := an.post("/assess/notes", url.Values{"region": {demo.Region}, "date": {"2023-08-31"}, "indicator": {"gdp"}, "note": {"三季度冲刺"}}); r.code != 303 {
		t.Errorf("note: got %d", r.code)
	}
	if r := an.get("/assess?region=" + demo.Region + "&date=2023-08-31"); !strings.Contains(r.body, "三季度冲刺") {
		t.Errorf("the note is not on the risk list")
	}
	le := login(t, base, "demo-leader", demoPassword)
	if r := le.get("/assess"); r.code != 200 {
		t.Errorf("a leader reads /assess: got %d", r.code)
	}
	if r := le.post("/assess", url.Values{"date": {"2023-09-15"}}); r.code != 403 {
		t.Errorf("a leader taking a snapshot: got %d, want 403", r.code)
	}
}
