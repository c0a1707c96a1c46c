package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pacer/internal/app"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// TestUnitsPage: the analyst's /units page lists the fixture's four departments of 阳春 and
// adds, renames, retires (not while fx-reporter belongs to it) and sets what a unit reports;
// the leader reads it without forms; the others are refused by the permission table.
func TestUnitsPage(t *testing.T) {
	eachFixture(t, func(t *testing.T, fx *fixture) {
		an := fx.login(t, domain.RoleAnalyst)
		page := an.get("/units")
		if page.code != http.StatusOK {
			t.Fatalf("GET /units: got %d\n%s", page.code, page.body)
		}
		for _, code := range []string{"441781-fgj", "441781-swj", "441781-tjj", "441781-zsj"} {
			if !strings.Contains(page.body, `data-unit="`+code+`"`) {
				t.Errorf("GET /units: got no row of %s", code)
			}
		}
		if !strings.Contains(page.body, `id="units-form"`) || !strings.Contains(page.body, "阳春市 · 2024 年") {
			t.Errorf("GET /units: got no add form or no header 阳春市 · 2024 年")
		}
		if err := fx.s.SetPeriod(ctx, store.Who{Username: "ana"}, fxRegion, "2024-07", store.PeriodOpen); err != nil {
			t.Fatal(err)
		}
		rep := fx.login(t, domain.RoleReporter)
		if e := rep.get("/entry"); e.code != http.StatusOK || strings.Contains(e.body, "社会消费品零售总额") {
			t.Errorf("entry before the unit reports anything: got %d, want no retail on it", e.code)
		}
		steps := []struct {
			name, path string
			form       url.Values
			code       int
			want       string // in the page after the redirect, or in the refusal
		}{
			{"add a department", "/units", url.Values{"code": {"441781-gxj"}, "name": {"阳春市工业和信息化局"}, "region": {"441781"},
				"kind": {"department"}, "indicator": {"industry_va", "industrial_investment"}}, http.StatusSeeOther, "阳春市工业和信息化局"},
			{"add a new town", "/units", url.Values{"code": {"441781001"}, "name": {"春城街道"}, "region": {"441781"}, "kind": {"town"}},
				http.StatusSeeOther, `data-unit="441781001"`},
			{"add a taken code", "/units", url.Values{"code": {"441781-swj"}, "name": {"x"}, "region": {"441781"}, "kind": {"department"}},
				http.StatusConflict, "单位代码「441781-swj」已存在"},
			{"add without a name", "/units", url.Values{"code": {"441781-x"}, "region": {"441781"}}, http.StatusBadRequest, "请填写单位名称"},
			{"rename", "/units/441781-zsj/rename", url.Values{"name": {"阳春市投资促进局"}}, http.StatusSeeOther, "阳春市投资促进局"},
			{"retire a unit with a reporter", "/units/441781-swj/retire", nil, http.StatusConflict, "还有 1 个在用的填报账号"},
			{"retire", "/units/441781-fgj/retire", nil, http.StatusSeeOther, "已撤销"},
			{"what the commerce bureau reports", "/units/441781-swj/indicators", url.Values{"indicator": {"retail", "trade"}}, http.StatusSeeOther, "社会消费品零售总额"},
			{"an unknown indicator", "/units/441781-swj/indicators", url.Values{"indicator": {"nope"}}, http.StatusBadRequest, "未知指标「nope」"},
		}
		for _, st := range steps {
			r := an.post(st.path, st.form)
			if r.code != st.code {
				t.Errorf("%s: got %d, want %d\n%s", st.name, r.code, st.code, r.body)
				continue
			}
			if r.code == http.StatusSeeOther {
				if r.location() != "/units" {
					t.Errorf("%s: got redirect to %q, want /units", st.name, r.location())
				}
				r = an.get("/units")
			}
			if !strings.Contains(r.body, st.want) {
				t.Errorf("%s: got no %q on the page", st.name, st.want)
			}
		}
		if as, err := fx.s.Assignments(ctx, "441781-swj"); err != nil || len(as) != 2 {
			t.Errorf("the commerce bureau reports: got %+v, %v; want retail and trade", as, err)
		}
		if r, err := fx.s.Region(ctx, "441781001"); err != nil || r.Parent != fxRegion {
			t.Errorf("the new town: got %+v, %v; want a town of 阳春", r, err)
		}

		// The reporter's entry page lists what its unit reports, in the open period.
		if e := rep.get("/entry"); e.code != http.StatusOK || !strings.Contains(e.body, "社会消费品零售总额") {
			t.Errorf("entry after assigning retail: got %d, want the unit's retail on it", e.code)
		}

		le := fx.login(t, domain.RoleLeader)
		if r := le.get("/units"); r.code != http.StatusOK || strings.Contains(r.body, `id="units-form"`) || !strings.Contains(r.body, "441781-gxj") {
			t.Errorf("leader GET /units: got %d (form shown %v), want the list without forms", r.code, strings.Contains(r.body, `id="units-form"`))
		}
		if r := le.post("/units", url.Values{"code": {"441781-y"}, "name": {"y"}, "region": {"441781"}}); r.code != http.StatusForbidden {
			t.Errorf("leader POST /units: got %d, want 403", r.code)
		}
		for _, role := range []domain.Role{domain.RoleReporter, domain.RoleSysadmin, domain.RoleAuditor} {
			if r := fx.login(t, role).get("/units"); r.code != http.StatusForbidden {
				t.Errorf("%s GET /units: got %d, want 403", role, r.code)
			}
		}
	})
}

// TestFirstRunPages: a server started without --region or --period. Before the first-run step
// the analyst's pages say what to do and the sysadmin lands on /setup; after it every page
// opens without URL parameters at the home county's year and its latest period with data
// (2024-06 in the fixture), which the header names.
func TestFirstRunPages(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			base := serve(t, &web.Server{Services: app.Services(s)})
			an := login(t, base, fxUser(domain.RoleAnalyst), fxPassword)
			for _, path := range []string{"/dashboard", "/goaltree", "/targets", "/units"} {
				if r := an.get(path); r.code != http.StatusBadRequest || !strings.Contains(r.body, "尚未完成首次设置") {
					t.Errorf("before setup, %s: got %d, want 400 saying the first-run step is needed\n%s", path, r.code, r.body)
				}
			}
			sy := login(t, base, fxUser(domain.RoleSysadmin), fxPassword)
			if r := sy.get("/"); r.location() != "/setup" {
				t.Errorf("sysadmin before setup: got redirect to %q, want /setup", r.location())
			}
			for _, c := range []struct {
				form url.Values
				code int
				want string
			}{
				{url.Values{"region": {"441700"}, "year": {"20x4"}}, http.StatusBadRequest, "年份「20x4」无效"},
				{url.Values{"region": {"440784001"}, "year": {"2024"}}, http.StatusBadRequest, "不是县级或地级地区"},
				{url.Values{"region": {fxRegion}, "year": {"2024"}}, http.StatusSeeOther, ""},
			} {
				r := sy.post("/setup", c.form)
				if r.code != c.code || !strings.Contains(r.body, c.want) {
					t.Errorf("POST /setup %v: got %d, want %d and %q", c.form, r.code, c.code, c.want)
				}
			}
			if r := sy.get("/setup"); !strings.Contains(r.body, "当前：阳春市（441781），2024 年") || !strings.Contains(r.body, "有数据的最新一期：2024-06") {
				t.Errorf("GET /setup after saving: got no current setting\n%s", r.body)
			}
			if r := sy.get("/"); r.location() != "/users" {
				t.Errorf("sysadmin after setup: got redirect to %q, want /users", r.location())
			}
			for _, c := range []struct{ path, want string }{
				{"/dashboard", "2024-06"},
				{"/goaltree", "2024-06"}, // 截至 the latest period held, not 2024-12
				{"/targets", "阳江市下达"},
				{"/units", "441781-swj"},
				{"/review", fxRegion},
			} {
				r := an.get(c.path)
				if r.code != http.StatusOK || !strings.Contains(r.body, c.want) || !strings.Contains(r.body, "阳春市 · 2024 年") {
					t.Errorf("after setup, %s: got %d, want 200 with %q and the header 阳春市 · 2024 年", c.path, r.code, c.want)
				}
			}
			if r := an.get("/goaltree"); strings.Contains(r.body, "2024-12") {
				t.Errorf("goal tree: got 2024-12 on it, want 截至 2024-06 (the data ends there)")
			}
		})
	}
}
