package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Register figures on the pages: the attraction register says 14 projects where the bureau's
// figure (the fixture's) is 12, both for 阳春 2024-06. The official figure counts until an
// analyst chooses the register on the indicator page; both are shown, labelled 统计局 and 台账,
// with a link to the register's list, on the indicator page and the dashboard's focus card.
func TestRegisterFiguresOnPages(t *testing.T) {
	eachFixture(t, func(t *testing.T, fx *fixture) {
		// Before the register has a figure: the card links the register's list, nothing more.
		before := fx.login(t, domain.RoleLeader).get("/dashboard?region=" + fxRegion + "&period=" + fxPeriod)
		if card := figBetween(before.body, `data-indicator="attracted_projects"`, `</section>`); !strings.Contains(card, `<a class="register-list" href="/attraction?region=`+fxRegion) ||
			strings.Contains(card, "basis-both") || strings.Contains(card, "basis-counts") {
			t.Errorf("dashboard before any register figure: want the list's link alone, got\n%s", card)
		}
		if _, err := fx.s.RecordRegisterFigures(ctx, store.Who{Username: "leads"}, []domain.RegisterFigure{{Region: fxRegion,
			Indicator: "attracted_projects", Period: fxPeriod, Value: 14, Register: domain.RegisterLeads, Note: "签约项目"}}); err != nil {
			t.Fatal(err)
		}
		ana := fx.login(t, domain.RoleAnalyst)
		page := "/indicators/attracted_projects?region=" + fxRegion + "&period=" + fxPeriod
		r := ana.get(page)
		if r.code != http.StatusOK {
			t.Fatalf("indicator page: got %d\n%s", r.code, r.body)
		}
		for _, want := range []string{
			`data-basis="official"`, "计入：统计局", "统计局 12个 · 台账 14个",
			`href="/attraction?region=` + fxRegion + `&amp;period=` + fxPeriod + `"`, "招商台账 →", "台账汇总：招商台账，口径 count",
			`class="register-revisions"`, "招商台账", "签约项目",
			`action="/indicators/attracted_projects/basis"`, `value="official" checked`,
		} {
			if !strings.Contains(r.body, want) {
				t.Errorf("indicator page, official basis: missing %q", want)
			}
		}
		if !strings.Contains(r.body, `<span class="value">12</span>`) {
			t.Errorf("indicator page: want the bureau's 12 as the figure")
		}
		dash := ana.get("/dashboard?region=" + fxRegion + "&period=" + fxPeriod)
		if card := figBetween(dash.body, `data-indicator="attracted_projects"`, `</section>`); !strings.Contains(card, "统计局 12个 · 台账 14个") ||
			!strings.Contains(card, `href="/attraction?region=`+fxRegion) {
			t.Errorf("dashboard focus card: want both figures and the list's link, got\n%s", card)
		}
		// gdp is fed by no register: no register line, no link.
		if card := figBetween(dash.body, `data-indicator="gdp"`, `</section>`); card == "" || strings.Contains(card, "figures-basis") {
			t.Errorf("dashboard, gdp: got a register line or no card\n%s", card)
		}

		// A leader reads the basis but may not change it.
		lead := fx.login(t, domain.RoleLeader)
		if r := lead.get(page); r.code != http.StatusOK || strings.Contains(r.body, "basis-form") || !strings.Contains(r.body, `class="basis-current">统计局`) {
			t.Errorf("leader: got %d, want the basis shown without a form", r.code)
		}
		if r := lead.post("/indicators/attracted_projects/basis", url.Values{"basis": {"register"}}); r.code != http.StatusForbidden {
			t.Errorf("leader sets the basis: got %d, want 403", r.code)
		}

		// The analyst chooses the register: it counts, both still shown.
		r = ana.post("/indicators/attracted_projects/basis", url.Values{"basis": {"register"}, "region": {fxRegion}, "period": {fxPeriod}})
		if r.code != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "basis_saved=1") {
			t.Fatalf("set basis: got %d %s\n%s", r.code, r.header.Get("Location"), r.body)
		}
		r = ana.get(r.header.Get("Location"))
		for _, want := range []string{`id="basis-saved"`, `data-basis="register"`, "计入：台账", "统计局 12个 · 台账 14个",
			`<span class="value">14</span>`, `value="register" checked`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("indicator page, register basis: missing %q", want)
			}
		}
		sc := ana.getJSON("/api/v1/scorecard?region="+fxRegion+"&period="+fxPeriod, http.StatusOK)
		for _, l := range sc["indicators"].([]any) {
			if m := l.(map[string]any); m["code"] == "attracted_projects" {
				if m["value"] != 14.0 || m["basis"] != "register" || m["official_value"] != 12.0 || m["register_value"] != 14.0 || m["register"] != "leads" {
					t.Errorf("API line: got value %v basis %v official %v register %v (%v)", m["value"], m["basis"], m["official_value"], m["register_value"], m["register"])
				}
			} else if m["basis"] != "official" || m["register_value"] != nil {
				t.Errorf("API line %v: got basis %v register %v, want official alone", m["code"], m["basis"], m["register_value"])
			}
		}
		// The dashboard's download says it too, in the note.
		sheet := dashSheet(t, ana.get("/dashboard?region="+fxRegion+"&period="+fxPeriod+"&format=xlsx").body)
		noted := 0
		for _, row := range sheet {
			if len(row) > 13 && row[0] == "引进亿元以上项目" {
				if !strings.Contains(row[13], "计入：台账 · 统计局 12个 · 台账 14个") || row[3] != "14" {
					t.Errorf("dashboard sheet row %v: want the register's 14 and the note naming both", row)
				}
				noted++
			}
		}
		if noted != 2 {
			t.Errorf("dashboard sheet: got %d rows of attracted_projects, want 2 (one per tier)", noted)
		}
		if r := ana.post("/indicators/attracted_projects/basis", url.Values{"basis": {"both"}}); r.code != http.StatusBadRequest || !strings.Contains(r.body, "计数口径「both」无效") {
			t.Errorf("a bad basis: got %d, want 400 naming it\n%s", r.code, r.body)
		}
		audit, err := fx.s.AuditLog(ctx, 50)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range audit {
			if e.Action == "indicator.figure_basis" && e.Object == "indicator:attracted_projects" && e.OldValue == "official" && e.NewValue == "register" &&
				strings.HasPrefix(e.Actor, fxUser(domain.RoleAnalyst)) {
				found = true
			}
		}
		if !found {
			t.Error("the basis change is not in the audit log")
		}
	})
}

// between is the part of s from the first from to the next to after it ("" when absent).
func figBetween(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], to)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j]
}
