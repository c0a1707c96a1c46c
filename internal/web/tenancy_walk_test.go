package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"pacer/internal/app"
	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/notify"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// A county's analyst walking a shared deployment as a user would (the countywalk notes): the
// findings that were bugs, one regression test each.

// cwCountyAnalyst adds an analyst scoped to 阳春市 (the fixture's county A) and signs it in.
func cwCountyAnalyst(t *testing.T, s *store.Store, base string) *client {
	t.Helper()
	return cwScoped(t, s, base, "cw-analyst", domain.RoleAnalyst, fxRegion)
}

// cwScoped adds the account username of role scoped to region and signs it in.
func cwScoped(t *testing.T, s *store.Store, base, username string, role domain.Role, region string) *client {
	t.Helper()
	hash, err := auth.HashPassword(fxPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, store.Who{Username: "fixture"}, domain.User{Username: username, Role: role,
		RegionCode: region, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	return login(t, base, username, fxPassword)
}

// cwUpload posts a file named name holding text to /import, as the page's form does.
func cwUpload(t *testing.T, c *client, name, text string) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(text))
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.base+"/import", &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// A county analyst uploading a long file with a row of its neighbour (江城区 441702) sees it as a
// problem of that row in the preview — file, row, column, the code and the scope expected, in
// Chinese — not a bare 404 page reading 没有找到「441702」; and nothing is written.
func TestImportOutsideScopeSaysWhy(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			c := cwCountyAnalyst(t, s, fxServe(t, s))
			csv := fmt.Sprintf("region_code,indicator,period,value,growth\n%s,gdp,2024-09,260.5,5.1\n%s,gdp,2024-09,330.1,5.0\n", fxRegion, tnB)
			r := cwUpload(t, c, "mixed.csv", csv)
			if r.code != http.StatusSeeOther {
				t.Fatalf("upload with another county's row: got %d, want 303 to its preview\n%.1500s", r.code, r.body)
			}
			r = c.get(r.header.Get("Location"))
			for _, want := range []string{"mixed.csv", "441702", "mixed.csv:3:region_code: 「441702」— 应为本账号地区范围内的地区：" + fxName + "（" + fxRegion + "）及其下级"} {
				if !strings.Contains(r.body, want) {
					t.Errorf("the preview of a file with another county's row lacks %q\n%.3000s", want, r.body)
				}
			}
			xs, err := s.Observations(ctx, store.ObservationQuery{Regions: []string{fxRegion, tnB}, Periods: []string{"2024-09"}, AllRevisions: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(xs) != 0 {
				t.Errorf("figures of 2024-09 after a refused upload: got %+v, want none", xs)
			}
		})
	}
}

// A new follow-up's redirect lands on it (#followup-<id>), not on "#followup-" (the create route
// has no {id}); linked to an indicator, it shows the indicator's name (社会消费品零售总额), not its
// code (retail).
func TestFollowUpCreateLandsOnIt(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			c := cwCountyAnalyst(t, s, fxServe(t, s))
			r := c.post("/followups", url.Values{"region": {fxRegion}, "title": {"核对零售数据"}, "owner": {fxRegion + "-swj"}, "deadline": {"2024-08-15"},
				"link_kind": {domain.LinkIndicator}, "link_ref": {"retail"}})
			loc := r.header.Get("Location")
			_, id, ok := strings.Cut(loc, "#followup-")
			if r.code != http.StatusSeeOther || !ok || id == "" {
				t.Fatalf("POST /followups: got %d → %q, want a redirect to #followup-<id>\n%.1500s", r.code, loc, r.body)
			}
			page := c.get(loc)
			if !strings.Contains(page.body, `id="followup-`+id+`"`) {
				t.Errorf("GET %s: the page has no follow-up %s\n%.1500s", loc, id, page.body)
			}
			if want := "指标 社会消费品零售总额"; !strings.Contains(page.body, want) || strings.Contains(page.body, "指标 retail") {
				t.Errorf("GET %s: want the link shown as %q, not the code\n%.3000s", loc, want, page.body)
			}
		})
	}
}

// A county analyst whose county has no towns yet follows the nav's 下级对比 (/rollup): an empty
// state saying how towns come in (200), not a 400 reading only 没有下级地区可对比.
func TestRollupCountyWithoutTowns(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			c := cwCountyAnalyst(t, s, fxServe(t, s))
			r := c.get("/rollup")
			if r.code != http.StatusOK || !strings.Contains(r.body, "「"+fxName+"」还没有下级地区可对比") || !strings.Contains(r.body, "镇街") {
				t.Errorf("GET /rollup as %s's analyst, no towns: got %d, want 200 saying how towns are added\n%.2000s", fxName, r.code, r.body)
			}
		})
	}
}

// A county starting from nothing opens its registers: each says it has none yet and how they
// come in (the command line's pacer import), not 没有符合条件的… as though a filter hid them; with
// a filter, the filter's wording stays.
func TestRegistersEmptyState(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			c := cwCountyAnalyst(t, s, fxServe(t, s))
			for path, want := range map[string]string{
				"/projects":             "「" + fxName + "」还没有重点项目",
				"/attraction":           "「" + fxName + "」还没有招商线索",
				"/enterprises":          "「" + fxName + "」还没有企业名录",
				"/projects?stage=动工":    "没有符合条件的项目",
				"/attraction?overdue=1": "没有符合条件的线索",
			} {
				r := c.get(path)
				if r.code != http.StatusOK || !strings.Contains(r.body, want) {
					t.Errorf("GET %s as %s's analyst: got %d, want 200 with %q\n%.2000s", path, fxName, r.code, want, r.body)
				}
				if !strings.Contains(want, "符合条件") && !strings.Contains(r.body, "pacer import") {
					t.Errorf("GET %s: the empty state does not say how the register comes in (pacer import)", path)
				}
			}
		})
	}
}

// The prefecture's analyst opening a county's semi-monthly assessment (/assess?region=) reads
// whose it is in the heading, as on the other cadence pages (周调度 · 县名, 督办事项 · 县名): the
// layout's header names the deployment's home county, not the one shown.
func TestAssessNamesItsRegion(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			svc := app.Services(s)
			base := serve(t, &web.Server{Services: svc, HomeRegion: tnB, HomePeriod: fxHome}) // the home is the neighbour
			c := cwScoped(t, s, base, "p-analyst", domain.RoleAnalyst, fxParent)
			r := c.get("/assess?region=" + fxRegion)
			if want := "半月研判 · " + fxName + "</h1>"; r.code != http.StatusOK || !strings.Contains(r.body, want) {
				t.Errorf("GET /assess?region=%s as the prefecture's analyst: got %d, want 200 with %q\n%.2000s", fxRegion, r.code, want, r.body)
			}
		})
	}
}

// A county's analyst on /deadlines: the settings every region shares are shown, not offered as
// forms that always answer 403 (这是全部地区共用的设置…); its units' days stay editable. A
// deployment-wide analyst keeps every form.
func TestDeadlinesSharedSettingsReadOnly(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			base := fxServe(t, s)
			county := cwCountyAnalyst(t, s, base)
			r := county.get("/deadlines")
			if r.code != http.StatusOK || !strings.Contains(r.body, `id="deadlines-shared"`) || strings.Contains(r.body, `id="deadlines-submit"`) ||
				strings.Contains(r.body, `name="scope" value="indicator"`) || !strings.Contains(r.body, `name="scope" value="unit"`) {
				t.Errorf("GET /deadlines as %s's analyst: got %d, want the shared settings read-only and the units' days editable\n%.3000s", fxName, r.code, r.body)
			}
			if r := county.post("/deadlines/day", url.Values{"region": {fxRegion}, "scope": {"unit"}, "code": {fxRegion + "-swj"}, "day": {"8"}}); r.code != http.StatusSeeOther {
				t.Errorf("POST /deadlines/day for its own unit: got %d, want 303\n%.1500s", r.code, r.body)
			}
			whole := login(t, base, fxUser(domain.RoleAnalyst), fxPassword)
			r = whole.get("/deadlines")
			if strings.Contains(r.body, `id="deadlines-shared"`) || !strings.Contains(r.body, `id="deadlines-submit"`) || !strings.Contains(r.body, `name="scope" value="indicator"`) {
				t.Errorf("GET /deadlines as a deployment-wide analyst: want every form\n%.3000s", r.body)
			}
		})
	}
}

// A county's security administrator (the home page sends a security administrator to /policy)
// reads the policy every region shares, without a save button that always answers 403.
func TestPolicyReadOnlyForCounty(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			base := fxServe(t, s)
			county := cwScoped(t, s, base, "cw-secadmin", domain.RoleSecadmin, fxRegion)
			r := county.get("/policy")
			if r.code != http.StatusOK || !strings.Contains(r.body, `id="policy-shared"`) || strings.Contains(r.body, `id="policy-submit"`) {
				t.Errorf("GET /policy as %s's security administrator: got %d, want the policy read-only with a note\n%.3000s", fxName, r.code, r.body)
			}
			r = login(t, base, fxUser(domain.RoleSecadmin), fxPassword).get("/policy")
			if strings.Contains(r.body, `id="policy-shared"`) || !strings.Contains(r.body, `id="policy-submit"`) {
				t.Errorf("GET /policy as a deployment-wide security administrator: want the form\n%.3000s", r.body)
			}
		})
	}
}

// A county's system administrator (the home page sends a system administrator to /users): the
// new-account form says an empty region is its own county, not 空为全部地区; /setup shows the
// shared home read-only, without a save button that always answers 403.
func TestSysadminCountyForms(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			base := fxServe(t, s)
			c := cwScoped(t, s, base, "cw-sysadmin", domain.RoleSysadmin, fxRegion)
			if r := c.get("/users"); r.code != http.StatusOK || !strings.Contains(r.body, "留空即为本账号的范围（"+fxRegion+"）") || strings.Contains(r.body, "空为全部地区") {
				t.Errorf("GET /users as %s's system administrator: got %d, want the region hint naming %s\n%.3000s", fxName, r.code, fxRegion, r.body)
			}
			if r := c.get("/setup"); r.code != http.StatusOK || !strings.Contains(r.body, `id="setup-shared"`) || strings.Contains(r.body, `id="setup-submit"`) {
				t.Errorf("GET /setup as %s's system administrator: got %d, want the home read-only\n%.3000s", fxName, r.code, r.body)
			}
			whole := login(t, base, fxUser(domain.RoleSysadmin), fxPassword)
			if r := whole.get("/setup"); strings.Contains(r.body, `id="setup-shared"`) || !strings.Contains(r.body, `id="setup-submit"`) {
				t.Errorf("GET /setup as a deployment-wide system administrator: want the form\n%.3000s", r.body)
			}
			if r := whole.get("/users"); !strings.Contains(r.body, "空为全部地区") {
				t.Errorf("GET /users as a deployment-wide system administrator: want the hint 空为全部地区\n%.3000s", r.body)
			}
		})
	}
}

// A county's analyst on an indicator's page reads its figure basis (official or register) with
// a note, without the form that always answered 403 (the basis is every region's).
func TestIndicatorBasisReadOnlyForCounty(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			base := fxServe(t, s)
			r := cwCountyAnalyst(t, s, base).get("/indicators/gdp?region=" + fxRegion + "&period=2024-06")
			if r.code != http.StatusOK || strings.Contains(r.body, `action="/indicators/gdp/basis"`) || !strings.Contains(r.body, `id="basis-shared"`) {
				t.Errorf("GET /indicators/gdp as %s's analyst: got %d, want the basis read-only with a note\n%.3000s", fxName, r.code, r.body)
			}
			r = login(t, base, fxUser(domain.RoleAnalyst), fxPassword).get("/indicators/gdp?region=" + fxRegion + "&period=2024-06")
			if !strings.Contains(r.body, `action="/indicators/gdp/basis"`) {
				t.Errorf("GET /indicators/gdp as a deployment-wide analyst: want the basis form\n%.3000s", r.body)
			}
		})
	}
}

// The monthly analysis downloads as 441781_2024-06_经济运行分析.docx, as its versions do
// (…_第N版), not 4417812024-06经济运行分析.docx with the code and the period run together.
func TestMonthlyReportFileName(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			r := cwCountyAnalyst(t, s, fxServe(t, s)).get("/report/monthly?region=" + fxRegion + "&period=2024-06")
			want := url.PathEscape(fxRegion + "_2024-06_经济运行分析.docx")
			if cd := r.header.Get("Content-Disposition"); r.code != http.StatusOK || !strings.Contains(cd, want) {
				t.Errorf("GET /report/monthly: got %d, Content-Disposition %q, want it naming %s", r.code, cd, want)
			}
		})
	}
}

// A county's analyst sees its units' dead letters on /notify without a 重新发送 button that
// always answered 403 (the outbox is the deployment's); a deployment-wide analyst keeps it.
func TestNotifyRetryOnlyDeploymentWide(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			base := fxServe(t, s)
			hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusBadGateway) }))
			defer hook.Close()
			svc := notify.New(s)
			svc.MaxAttempts = 1
			if _, err := svc.Subscribe(ctx, domain.Actor{Username: "ana"}, domain.Subscription{UnitCode: fxRegion + "-swj", EventKind: "*",
				Channel: domain.ChannelWebhook, Target: hook.URL + "/h"}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Notify(ctx, domain.Actor{Username: "ana"}, domain.Event{Kind: "data.late", UnitCode: fxRegion + "-swj", Subject: "未报", Text: "x"}); err != nil {
				t.Fatal(err)
			}
			if res, err := svc.Drain(ctx); err != nil || res.Dead != 1 {
				t.Fatalf("drain: %+v, %v", res, err)
			}
			r := cwCountyAnalyst(t, s, base).get("/notify")
			if r.code != http.StatusOK || !strings.Contains(r.body, "HTTP 502") || strings.Contains(r.body, "/retry") || !strings.Contains(r.body, "由全部地区范围的账号重新发送") {
				t.Errorf("GET /notify as %s's analyst: got %d, want its dead letter without the retry form\n%.3000s", fxName, r.code, r.body)
			}
			if r := login(t, base, fxUser(domain.RoleAnalyst), fxPassword).get("/notify"); !strings.Contains(r.body, "/retry") {
				t.Errorf("GET /notify as a deployment-wide analyst: want the retry form\n%.3000s", r.body)
			}
		})
	}
}
