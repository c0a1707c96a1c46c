package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/store"
)

// TestFollowUpLeaderPages: the analyst names a leader in charge when creating a follow-up; the
// follow-ups page and the dashboard's overdue block name him; the analyst changes him to none
// (POST /followups/{id}/leader) and the name is gone; a reporter may not change him; an account
// that is no leader's is refused with the message naming it. The notifications page takes a
// subscription of the leader's own account.
func TestFollowUpLeaderPages(t *testing.T) {
	s := demos.Open(t, "sqlite")
	for _, u := range []domain.User{
		{Username: "wang", DisplayName: "王副县长", Role: domain.RoleLeader, PasswordHash: "x", Lang: "zh-CN"},
	} {
		if _, err := s.CreateUser(ctx, store.Who{Username: "test"}, u); err != nil {
			t.Fatal(err)
		}
	}
	base := newServer(t, s)
	an := login(t, base, "demo-analyst", demoPassword)
	const title = "督促重点项目按期开工"
	if r := an.post("/followups", url.Values{"region": {demo.Region}, "title": {title}, "owner": {demo.ReporterUnit},
		"deadline": {"2023-08-01"}, "leader": {"demo-analyst"}}); r.code != 400 || !strings.Contains(r.body, "「demo-analyst」不是可用的领导账号") {
		t.Errorf("an analyst as leader in charge: got %d, want 400 naming the account: %.500s", r.code, r.body)
	}
	if r := an.post("/followups", url.Values{"region": {demo.Region}, "title": {title}, "owner": {demo.ReporterUnit},
		"deadline": {"2023-08-01"}, "leader": {"wang"}}); r.code != 303 {
		t.Fatalf("create follow-up: got %d %.300s", r.code, r.body)
	}
	page := an.get("/followups?region=" + demo.Region)
	if page.code != 200 || !strings.Contains(page.body, "挂点领导：王副县长") || !strings.Contains(page.body, `<option value="wang">王副县长</option>`) {
		t.Fatalf("GET /followups: got %d, want the leader named and offered: %.3000s", page.code, page.body)
	}
	m := regexp.MustCompile(`id="followup-(\d+)"[^>]*>\s*<h3>#\d+ ` + title).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatal("follow-up id not found on the page")
	}
	dash := an.get("/dashboard")
	if !strings.Contains(dash.body, `<span class="overdue-leader">挂点领导 王副县长</span>`) {
		t.Errorf("dashboard: the overdue block does not name the leader: %.3000s", dash.body)
	}
	rep := login(t, base, "demo-reporter", demoPassword)
	if r := rep.post("/followups/"+m[1]+"/leader", url.Values{"region": {demo.Region}, "leader": {""}}); r.code != 403 {
		t.Errorf("a reporter changing the leader: got %d, want 403", r.code)
	}
	if r := an.post("/followups/"+m[1]+"/leader", url.Values{"region": {demo.Region}, "leader": {""}}); r.code != 303 {
		t.Fatalf("clear the leader: got %d %.300s", r.code, r.body)
	}
	if dash := an.get("/dashboard"); strings.Contains(dash.body, "overdue-leader") || !strings.Contains(dash.body, title) {
		t.Errorf("dashboard after clearing the leader: still named, or the follow-up gone")
	}
	if page := an.get("/followups?region=" + demo.Region); !strings.Contains(page.body, "确定挂点领导") {
		t.Errorf("the follow-up's history lacks the leader change")
	}
	// A meeting's decision names its leader on the dispatch page's form.
	if d := an.get("/dispatch?region=" + demo.Region + "&week=2023-W32"); !strings.Contains(d.body, `<select name="leader_1"`) {
		t.Errorf("dispatch page: no leader choice for a decision")
	}
	if r := an.post("/dispatch/meetings?region="+demo.Region+"&week=2023-W32", url.Values{"region": {demo.Region}, "week": {"2023-W32"},
		"held_on": {"2023-08-07"}, "chair": {"市长"}, "decision_1": {"组织促消费活动"}, "owner_1": {demo.ReporterUnit},
		"deadline_1": {"2023-08-20"}, "leader_1": {"wang"}}); r.code != 303 {
		t.Fatalf("record meeting: got %d %.500s", r.code, r.body)
	}
	if page := an.get("/followups?region=" + demo.Region); !regexp.MustCompile(`组织促消费活动</h3>\s*<p>.*挂点领导：王副县长`).MatchString(page.body) {
		t.Errorf("the meeting's decision lacks its leader on /followups")
	}
	// The leader's own subscription: the account chosen takes it instead of the unit.
	if r := an.post("/notify/subscriptions", url.Values{"unit": {demo.ReporterUnit}, "account": {"wang"}, "kind": {"followup.overdue"},
		"channel": {"email"}, "target": {"wang@example.gov.cn"}}); r.code != 303 {
		t.Fatalf("subscribe wang: got %d %.500s", r.code, r.body)
	}
	subs, err := s.Subscriptions(ctx, "")
	if err != nil || len(subs) != 1 || subs[0].Username != "wang" || subs[0].UnitCode != "" {
		t.Errorf("subscriptions: got %+v, %v; want wang's own", subs, err)
	}
	if r := an.get("/notify"); !strings.Contains(r.body, "<td>@wang</td>") {
		t.Errorf("GET /notify: wang's subscription not listed as his")
	}
}
