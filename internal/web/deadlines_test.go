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

// TestDeadlinesPageAndDashboard: the demo's July 2023 is open and long past its deadline: the
// dashboard lists the units late (迟报/未报: the unit, what is missing, days late) for the
// analyst, not for a reporter; the analyst's deadlines page lists them too, refuses a day of
// 40 naming it, saves the settings and a unit's day; a leader may not open it. Locking the
// month leaves nobody late, and the block is gone.
func TestDeadlinesPageAndDashboard(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		an := login(t, base, "demo-analyst", demoPassword)
		r := an.get("/dashboard")
		block := regexp.MustCompile(`(?s)<aside class="late-data".*?</aside>`).FindString(r.body)
		if r.code != 200 || !strings.Contains(block, `data-unit="`+demo.ReporterUnit+`"`) || !strings.Contains(block, "社会消费品零售总额") ||
			!regexp.MustCompile(`逾期 \d{3,} 天`).MatchString(block) || !strings.Contains(block, `href="/deadlines?region=`+demo.Region) {
			t.Fatalf("GET /dashboard: got %d, late block %q", r.code, block)
		}
		if strings.Contains(block, "地区生产总值") {
			t.Errorf("late block names GDP, which is not due for July: %q", block)
		}
		if r := login(t, base, "demo-reporter", demoPassword).get("/dashboard"); strings.Contains(r.body, `id="late-data"`) {
			t.Errorf("a reporter's dashboard shows the late block")
		}

		r = an.get("/deadlines")
		if r.code != 200 || !strings.Contains(r.body, `id="deadlines-late"`) || !strings.Contains(r.body, `data-unit="`+demo.ReporterUnit+`" data-indicator="retail"`) {
			t.Fatalf("GET /deadlines: got %d %.2000s", r.code, r.body)
		}
		if r := an.post("/deadlines", url.Values{"region": {demo.Region}, "default_day": {"40"}, "escalate_days": {"3"}}); r.code != 400 ||
			!strings.Contains(r.body, "截止日「40」无效") {
			t.Errorf("POST /deadlines day 40: got %d %.500s", r.code, r.body)
		}
		if r := an.post("/deadlines", url.Values{"region": {demo.Region}, "default_day": {"15"}, "escalate_days": {"5"},
			"pack_day": {"6"}, "pack_to": {"leader@heshan.gov.cn"}}); r.code != 303 {
			t.Fatalf("POST /deadlines: got %d %.500s", r.code, r.body)
		}
		if r := an.post("/deadlines/day", url.Values{"region": {demo.Region}, "scope": {"unit"}, "code": {demo.ReporterUnit}, "day": {"20"}}); r.code != 303 {
			t.Fatalf("POST /deadlines/day: got %d %.500s", r.code, r.body)
		}
		r = an.get("/deadlines")
		if !strings.Contains(r.body, `name="default_day" type="number" min="1" max="31" value="15"`) || !strings.Contains(r.body, "leader@heshan.gov.cn") ||
			!regexp.MustCompile(`(?s)data-unit="`+demo.ReporterUnit+`"><td>.*?value="20"`).MatchString(r.body) {
			t.Errorf("GET /deadlines after saving: %.3000s", r.body)
		}
		if r := login(t, base, "demo-leader", demoPassword).get("/deadlines"); r.code != 403 {
			t.Errorf("GET /deadlines as a leader: got %d, want 403", r.code)
		}

		if err := s.SetPeriod(ctx, store.Who{Username: "ana", Role: domain.RoleAnalyst}, demo.Region, demo.OpenPeriod, store.PeriodLocked); err != nil {
			t.Fatal(err)
		}
		if r := an.get("/dashboard"); r.code != 200 || strings.Contains(r.body, `id="late-data"`) {
			t.Errorf("after locking July: got %d, the late block still shown", r.code)
		}
	})
}
