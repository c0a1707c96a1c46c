package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pacer/internal/demo"
)

// TestDashboardOverdueFollowUps: a follow-up past its deadline is on the dashboard (count, title,
// days overdue, a link to /followups) for the analyst; once closed it is gone — the block is
// rendered per request, not kept with the cached page.
func TestDashboardOverdueFollowUps(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	an := login(t, base, "demo-analyst", demoPassword)
	if r := an.get("/dashboard"); r.code != 200 || strings.Contains(r.body, `id="overdue-followups"`) {
		t.Fatalf("GET /dashboard before any follow-up: got %d, overdue block shown: %v", r.code, strings.Contains(r.body, `id="overdue-followups"`))
	}
	const title = "督促限上企业按期报送"
	if r := an.post("/followups", url.Values{"region": {demo.Region}, "title": {title}, "owner": {demo.ReporterUnit},
		"deadline": {"2023-08-01"}}); r.code != 303 {
		t.Fatalf("create follow-up: got %d %.300s", r.code, r.body)
	}
	r := an.get("/dashboard")
	if r.code != 200 || !strings.Contains(r.body, `id="overdue-followups"`) || !strings.Contains(r.body, title) ||
		!strings.Contains(r.body, "共 1 项督办事项已逾期") || !strings.Contains(r.body, `href="/followups?region=`+demo.Region) {
		t.Fatalf("GET /dashboard with an overdue follow-up: got %d %.3000s", r.code, r.body)
	}
	m := regexp.MustCompile(`data-followup="(\d+)".*?<span class="overdue-days">逾期 (\d+) 天</span>`).FindStringSubmatch(r.body)
	if m == nil || m[2] == "0" {
		t.Fatalf("overdue follow-up without its days overdue: %v", m)
	}
	if r := an.post("/followups/"+m[1]+"/close", url.Values{"region": {demo.Region}, "text": {"已办结"}}); r.code != 303 {
		t.Fatalf("close: got %d %.300s", r.code, r.body)
	}
	if r := an.get("/dashboard"); r.code != 200 || strings.Contains(r.body, `id="overdue-followups"`) {
		t.Errorf("after closing: got %d, the overdue block still shown", r.code)
	}
}
