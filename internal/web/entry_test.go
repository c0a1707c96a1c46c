package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"pacer/internal/app"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pacer/internal/auth"
	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

const entryDemoPassword = "Demo-2023x"

// entryDemo serves a fresh store loaded and set up as `pacer demo` does.
func entryDemo(t *testing.T, open func(testing.TB) *store.Store) (*store.Store, string) {
	t.Helper()
	s := open(t)
	bg := context.Background()
	if _, err := demo.Load(bg, s); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SetUp(bg, s, entryDemoPassword); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer((&web.Server{Services: app.Services(s), HomeRegion: demo.Region, HomePeriod: demo.Period}).Handler())
	t.Cleanup(srv.Close)
	return s, srv.URL
}

// entryClient is a browser: a cookie jar, redirects not followed.
type entryClient struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

type entryResponse struct {
	code     int
	body     string
	location string
	header   http.Header
}

func entryLogin(t *testing.T, base, username, password string) *entryClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &entryClient{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	r := c.post("/login", url.Values{"username": {username}, "password": {password}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("login %s: got %d, want 303\n%s", username, r.code, r.body)
	}
	return c
}

var entryCSRFField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (c *entryClient) do(req *http.Request) entryResponse {
	c.t.Helper()
	res, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := entryResponse{code: res.StatusCode, body: string(b), location: res.Header.Get("Location"), header: res.Header}
	if m := entryCSRFField.FindStringSubmatch(r.body); m != nil {
		c.csrf = m[1]
	}
	return r
}

func (c *entryClient) get(path string) entryResponse {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	return c.do(req)
}

// post sends form with the session's CSRF token (read from the last page) unless form has one.
func (c *entryClient) post(path string, form url.Values) entryResponse {
	c.t.Helper()
	if _, ok := form["csrf"]; !ok && c.csrf != "" {
		form.Set("csrf", c.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func entryForm(region, indicator, period, value, growth, action string) url.Values {
	return url.Values{"region": {region}, "indicator": {indicator}, "period": {period}, "value": {value}, "growth": {growth}, "action": {action}}
}

var reviewRowID = regexp.MustCompile(`<tr data-indicator="retail" data-id="(\d+)"`)

func TestEntrySubmitApproveScorecard(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s, base := entryDemo(t, d.Open)
			rep := entryLogin(t, base, "demo-reporter", entryDemoPassword)
			page := rep.get("/entry")
			if page.code != http.StatusOK {
				t.Fatalf("GET /entry: got %d\n%s", page.code, page.body)
			}
			for _, want := range []string{`<tr data-indicator="retail"`, `id="value-retail"`, `id="growth-retail"`, `id="submit-retail"`,
				`<tr data-indicator="trade"`, `name="period" value="2023-07"`, "社会消费品零售总额", "亿元", "70.13", `src="/static/entry.js"`} {
				if !strings.Contains(page.body, want) {
					t.Errorf("GET /entry: got no %q", want)
				}
			}
			for _, not := range []string{`data-indicator="gdp"`, `data-indicator="fai"`, `name="period" value="2023-06"`} {
				if strings.Contains(page.body, not) {
					t.Errorf("GET /entry: got %q, want only the unit's own indicators in open periods", not)
				}
			}
			if js := rep.get("/static/entry.js"); js.code != http.StatusOK || !strings.Contains(js.body, "data-msg-") {
				t.Errorf("GET /static/entry.js: got %d", js.code)
			}

			r := rep.post("/entry", entryForm("440784", "retail", "2023-07", "８１.２５", "5.6%", "submit"))
			if r.code != http.StatusSeeOther || !strings.HasPrefix(r.location, "/entry?done=submitted") {
				t.Fatalf("POST /entry: got %d %q, want a redirect with a flash\n%s", r.code, r.location, r.body)
			}
			if page := rep.get(r.location); !strings.Contains(page.body, "已报送，等待分析员审核") || !strings.Contains(page.body, `data-state="submitted"`) {
				t.Errorf("after submitting: got no flash or submitted state\n%s", page.body)
			}
			if x := rep.get("/entry?format=xlsx"); x.code != http.StatusOK || !strings.Contains(x.header.Get("Content-Type"), "spreadsheetml") {
				t.Errorf("GET /entry?format=xlsx: got %d %s", x.code, x.header.Get("Content-Type"))
			}

			ana := entryLogin(t, base, "demo-analyst", entryDemoPassword)
			if sc := ana.get("/scorecard?region=440784&period=2023-07"); strings.Contains(sc.body, "81.25") {
				t.Errorf("scorecard before approval: shows 81.25, want only approved figures")
			}
			review := ana.get("/review")
			m := reviewRowID.FindStringSubmatch(review.body)
			if review.code != http.StatusOK || m == nil || !strings.Contains(review.body, `class="approve"`) ||
				!strings.Contains(review.body, `class="return"`) || !strings.Contains(review.body, `name="reason"`) ||
				!strings.Contains(review.body, "鹤山市商务局") || !strings.Contains(review.body, "81.25") {
				t.Fatalf("GET /review: got %d without the retail submission and its buttons\n%s", review.code, review.body)
			}
			if x := ana.get("/review?format=xlsx"); x.code != http.StatusOK || !strings.Contains(x.header.Get("Content-Type"), "spreadsheetml") {
				t.Errorf("GET /review?format=xlsx: got %d %s", x.code, x.header.Get("Content-Type"))
			}
			r = ana.post("/review/"+m[1]+"/approve", url.Values{})
			if r.code != http.StatusSeeOther {
				t.Fatalf("approve: got %d\n%s", r.code, r.body)
			}
			if sc := ana.get("/scorecard?region=440784&period=2023-07"); !strings.Contains(sc.body, "81.25") {
				t.Errorf("scorecard after approval: got no 81.25\n%s", sc.body)
			}
			obs, err := s.Observations(context.Background(), store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"}, Periods: []string{"2023-07"}})
			if err != nil || len(obs) != 1 || *obs[0].Value != 81.25 || *obs[0].Growth != 5.6 || obs[0].Source != "填报:440784-swj" {
				t.Errorf("observation: got %+v, %v; want 81.25 / 5.6 from 填报:440784-swj", obs, err)
			}
			if page := rep.get("/entry"); !strings.Contains(page.body, `data-state="approved"`) {
				t.Errorf("reporter after approval: got no approved state")
			}
		})
	}
}

func TestEntryScope(t *testing.T) {
	s, base := entryDemo(t, storetest.OpenSQLite)
	bg := context.Background()
	hash, err := auth.HashPassword("Town-2023x!")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(bg, store.Who{Username: "test"}, domain.User{Username: "town-a", Role: domain.RoleReporter,
		UnitCode: "440784001", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	rep := entryLogin(t, base, "demo-reporter", entryDemoPassword)
	rep.get("/entry")
	if r := rep.post("/entry", entryForm("440784", "retail", "2023-07", "81.25", "", "submit")); r.code != http.StatusSeeOther {
		t.Fatalf("demo-reporter submit: got %d", r.code)
	}
	subs, err := s.Submissions(bg, store.SubmissionQuery{Unit: demo.ReporterUnit})
	if err != nil || len(subs) != 1 {
		t.Fatalf("got %v, %v; want one submission", subs, err)
	}
	other := subs[0].ID

	town := entryLogin(t, base, "town-a", "Town-2023x!")
	page := town.get("/entry")
	if page.code != http.StatusOK || !strings.Contains(page.body, `<tr data-indicator="fai"`) || !strings.Contains(page.body, "沙坪街道") {
		t.Fatalf("town GET /entry: got %d without its own fai row\n%s", page.code, page.body)
	}
	if strings.Contains(page.body, "retail") || strings.Contains(page.body, "龙口镇") {
		t.Errorf("town GET /entry: shows another unit's indicators")
	}
	for name, form := range map[string]url.Values{
		"another town's indicator by form field": entryForm("440784101", "fai", "2023-07", "12", "", "submit"),
		"another unit's indicator":               entryForm("440784", "retail", "2023-07", "12", "", "submit"),
		"own indicator in a locked period":       entryForm("440784001", "fai", "2023-06", "12", "", "submit"),
		"own indicator, a period never opened":   entryForm("440784001", "fai", "2023-09", "12", "", "submit"),
		"another unit's submission id": func() url.Values {
			f := entryForm("440784001", "fai", "2023-07", "12", "", "submit")
			f.Set("id", entryItoa(other))
			return f
		}(),
	} {
		if r := town.post("/entry", form); r.code != http.StatusNotFound {
			t.Errorf("%s: got %d, want 404", name, r.code)
		}
	}
	r := town.get("/entry?id=" + entryItoa(other))
	if r.code != http.StatusNotFound || strings.Contains(r.body, "81.25") {
		t.Errorf("another unit's submission id by URL: got %d, want 404 without its figure", r.code)
	}
	for _, path := range []string{"/entry?region=440784101", "/entry?unit=440784-swj", "/entry?indicator=retail",
		"/entry?unit=440784101&region=440784101&indicator=fai"} {
		if r := town.get(path); r.code != http.StatusNotFound {
			t.Errorf("GET %s as town A: got %d, want 404", path, r.code)
		}
	}
	if r := town.get("/entry?region=440784001&indicator=fai"); r.code != http.StatusOK || !strings.Contains(r.body, `id="value-fai"`) {
		t.Errorf("GET /entry filtered to its own row: got %d", r.code)
	}
	if r := town.get("/entry?id=abc"); r.code != http.StatusNotFound {
		t.Errorf("GET /entry?id=abc: got %d, want 404", r.code)
	}
	if r := town.post("/review/"+entryItoa(other)+"/approve", url.Values{}); r.code != http.StatusForbidden && r.code != http.StatusNotFound {
		t.Errorf("town approving: got %d, want 403/404", r.code)
	}
	if got, _ := s.Submission(bg, other); got.State != domain.Submitted {
		t.Errorf("other unit's submission: got state %s, want untouched", got.State)
	}
	if subs, _ := s.Submissions(bg, store.SubmissionQuery{Unit: "440784101"}); len(subs) != 0 {
		t.Errorf("town 440784101: got %d submissions, want none", len(subs))
	}

	// Its own: submitted, and its own id shows.
	if r := town.post("/entry", entryForm("440784001", "fai", "2023-07", "", "３.２", "submit")); r.code != http.StatusSeeOther {
		t.Fatalf("town submit own: got %d\n%s", r.code, r.body)
	}
	mine, _ := s.Submissions(bg, store.SubmissionQuery{Unit: "440784001"})
	if len(mine) != 1 || *mine[0].Growth != 3.2 || mine[0].Value != nil {
		t.Fatalf("town submission: got %+v", mine)
	}
	if r := town.get("/entry?id=" + entryItoa(mine[0].ID)); r.code != http.StatusOK || !strings.Contains(r.body, "submission-"+entryItoa(mine[0].ID)) {
		t.Errorf("own submission by URL: got %d", r.code)
	}
}

func TestEntryBadNumber(t *testing.T) {
	_, base := entryDemo(t, storetest.OpenSQLite)
	rep := entryLogin(t, base, "demo-reporter", entryDemoPassword)
	rep.get("/entry")
	for _, tc := range []struct {
		value, growth string
		want          []string
	}{
		{"约5", "5.1", []string{"「本期累计值」填写的「约5」不是有效数字", `value="约5"`, `value="5.1"`}},
		{"81.25", "abc%", []string{"「累计增速」填写的「abc%」不是有效数字", `value="81.25"`}},
		{"1,23.4", "", []string{"「本期累计值」填写的「1,23.4」不是有效数字"}},
		{"", "", []string{"本期累计值和累计增速至少填写一项"}},
		{"81", "-120", []string{"增速不能低于或等于 -100"}},
	} {
		r := rep.post("/entry", entryForm("440784", "retail", "2023-07", tc.value, tc.growth, "submit"))
		if r.code != http.StatusBadRequest {
			t.Errorf("value %q growth %q: got %d, want 400", tc.value, tc.growth, r.code)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(r.body, w) {
				t.Errorf("value %q growth %q: got no %q in the page", tc.value, tc.growth, w)
			}
		}
		if !strings.Contains(r.body, `id="value-retail"`) {
			t.Errorf("value %q: the form is not re-rendered", tc.value)
		}
	}
	// Numbers as officials type them pass.
	if r := rep.post("/entry", entryForm("440784", "trade", "2023-07", "1,234.5", "＋4.7％", "draft")); r.code != http.StatusSeeOther ||
		!strings.Contains(r.location, "done=draft") {
		t.Errorf("1,234.5 / ＋4.7％ as a draft: got %d %q", r.code, r.location)
	}
	if page := rep.get("/entry"); !strings.Contains(page.body, `value="1234.5"`) || !strings.Contains(page.body, `data-state="draft"`) {
		t.Errorf("draft: got no 1234.5 draft in the page")
	}
}

func TestEntryCSRF(t *testing.T) {
	_, base := entryDemo(t, storetest.OpenSQLite)
	rep := entryLogin(t, base, "demo-reporter", entryDemoPassword)
	rep.get("/entry")
	f := entryForm("440784", "retail", "2023-07", "81.25", "", "submit")
	f["csrf"] = nil
	if r := rep.post("/entry", f); r.code != http.StatusForbidden {
		t.Errorf("POST /entry without a CSRF token: got %d, want 403", r.code)
	}
	f.Set("csrf", "forged")
	if r := rep.post("/entry", f); r.code != http.StatusForbidden {
		t.Errorf("POST /entry with a wrong CSRF token: got %d, want 403", r.code)
	}
	ana := entryLogin(t, base, "demo-analyst", entryDemoPassword)
	if r := ana.post("/periods", url.Values{"csrf": nil, "region": {"440784"}, "period": {"2023-07"}, "state": {"locked"}}); r.code != http.StatusForbidden {
		t.Errorf("POST /periods without a CSRF token: got %d, want 403", r.code)
	}
}

func TestReviewReturnAndPeriods(t *testing.T) {
	s, base := entryDemo(t, storetest.OpenSQLite)
	bg := context.Background()
	rep := entryLogin(t, base, "demo-reporter", entryDemoPassword)
	rep.get("/entry")
	if r := rep.post("/entry", entryForm("440784", "retail", "2023-07", "81.25", "5.6", "submit")); r.code != http.StatusSeeOther {
		t.Fatalf("submit: got %d", r.code)
	}
	ana := entryLogin(t, base, "demo-analyst", entryDemoPassword)
	review := ana.get("/review")
	m := reviewRowID.FindStringSubmatch(review.body)
	if m == nil {
		t.Fatalf("GET /review: got no retail row\n%s", review.body)
	}
	id := m[1]
	if !strings.Contains(review.body, `data-period="2023-07" data-state="open"`) || !strings.Contains(review.body, `data-period="2023-06" data-state="locked"`) {
		t.Errorf("GET /review: got no periods with their states")
	}
	for _, bad := range []string{"999999", "abc", "0"} {
		if r := ana.post("/review/"+bad+"/approve", url.Values{}); r.code != http.StatusNotFound {
			t.Errorf("approve %s: got %d, want 404", bad, r.code)
		}
		if r := ana.post("/review/"+bad+"/return", url.Values{"reason": {"x"}}); r.code != http.StatusNotFound {
			t.Errorf("return %s: got %d, want 404", bad, r.code)
		}
	}
	if r := ana.post("/review/"+id+"/return", url.Values{"reason": {"  "}}); r.code != http.StatusBadRequest || !strings.Contains(r.body, "退回须填写原因") {
		t.Errorf("return without a reason: got %d, want 400 with a message", r.code)
	}
	if r := ana.post("/review/"+id+"/return", url.Values{"reason": {"与快报不符，请核实"}}); r.code != http.StatusSeeOther {
		t.Fatalf("return: got %d\n%s", r.code, r.body)
	}
	if page := rep.get("/entry"); !strings.Contains(page.body, `data-state="returned"`) || !strings.Contains(page.body, "与快报不符，请核实") {
		t.Errorf("reporter after return: got no returned state with the reason")
	}
	if r := rep.post("/entry", entryForm("440784", "retail", "2023-07", "81.52", "5.6", "submit")); r.code != http.StatusSeeOther {
		t.Fatalf("resubmit: got %d", r.code)
	}

	// A locked period refuses approvals and submissions.
	ana.get("/review")
	if r := ana.post("/periods", url.Values{"region": {"440784"}, "period": {"2023-07"}, "state": {"locked"}}); r.code != http.StatusSeeOther {
		t.Fatalf("lock 2023-07: got %d\n%s", r.code, r.body)
	}
	if st, _ := s.PeriodState(bg, "440784", "2023-07"); st != store.PeriodLocked {
		t.Fatalf("2023-07: got %q, want locked", st)
	}
	if r := ana.post("/review/"+id+"/approve", url.Values{}); r.code != http.StatusConflict || !strings.Contains(r.body, "已锁定") ||
		!strings.Contains(r.body, `id="refusal"`) || !strings.Contains(r.body, `data-period="2023-07"`) {
		t.Errorf("approve in a locked period: got %d, want 409 on the review page with the refusal shown\n%s", r.code, r.body)
	}
	if r := rep.post("/entry", entryForm("440784", "retail", "2023-07", "81.6", "", "submit")); r.code != http.StatusNotFound {
		t.Errorf("submit in a locked period: got %d, want 404", r.code)
	}
	if page := rep.get("/entry"); strings.Contains(page.body, `id="value-retail"`) {
		t.Errorf("reporter: a locked period still offers entry")
	}
	for _, bad := range []url.Values{
		{"region": {"440784"}, "period": {"2023-13"}, "state": {"open"}},
		{"region": {"440784"}, "period": {"2023-08"}, "state": {"closed"}},
	} {
		if r := ana.post("/periods", bad); r.code != http.StatusBadRequest {
			t.Errorf("POST /periods %v: got %d, want 400", bad, r.code)
		}
	}
	if r := ana.post("/periods", url.Values{"region": {"999999"}, "period": {"2023-08"}, "state": {"open"}}); r.code != http.StatusNotFound {
		t.Errorf("POST /periods unknown region: got %d, want 404", r.code)
	}
	if r := ana.post("/periods", url.Values{"region": {"440784"}, "period": {"2023-07"}, "state": {"open"}}); r.code != http.StatusSeeOther {
		t.Fatalf("reopen: got %d", r.code)
	}
	if r := ana.post("/review/"+id+"/approve", url.Values{}); r.code != http.StatusSeeOther {
		t.Fatalf("approve after reopening: got %d\n%s", r.code, r.body)
	}
	obs, _ := s.Observations(bg, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"}, Periods: []string{"2023-07"}})
	if len(obs) != 1 || *obs[0].Value != 81.52 {
		t.Errorf("observation: got %+v, want the resubmitted 81.52", obs)
	}
	// Approving twice is a conflict, and the reporter cannot reach review at all.
	if r := ana.post("/review/"+id+"/approve", url.Values{}); r.code != http.StatusConflict {
		t.Errorf("approve twice: got %d, want 409", r.code)
	}
	if r := rep.get("/review"); r.code != http.StatusForbidden {
		t.Errorf("reporter GET /review: got %d, want 403", r.code)
	}
	if r := ana.get("/entry"); r.code != http.StatusForbidden {
		t.Errorf("analyst GET /entry: got %d, want 403", r.code)
	}
}

func entryItoa(n int64) string { return strconv.FormatInt(n, 10) }
