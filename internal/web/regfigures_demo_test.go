package web_test

import (
	"strings"
	"testing"

	"pacer/internal/store"
)

// focusCards are the dashboard's focus-point cards, in order.
func focusCards(body string) []string {
	parts := strings.Split(body, `<section class="card focus-card">`)
	var out []string
	for _, p := range parts[1:] {
		card, _, _ := strings.Cut(p, `</section>`)
		out = append(out, card)
	}
	return out
}

// dashItem is the item of indicator code in a card, up to the next item.
func dashItemOf(card, code string) string {
	i := strings.Index(card, `data-indicator="`+code+`"`)
	if i < 0 {
		return ""
	}
	rest := card[i:]
	if j := strings.Index(rest[1:], `<div class="item" data-indicator=`); j >= 0 {
		return rest[:j+1]
	}
	return rest
}

// The demo's dashboard: focus cards 1–3 show the figures the registers recorded when the demo
// loaded (issue 12 §7) — 新入库工业企业 from the enterprise register (the only figure, counted),
// key projects 88.2亿 at June beside the bureau's, attraction 45 projects of 164.25亿 at July
// beside the bureau's — each labelled with which counts, linked to the register's list, and
// marked 示例: every row of the demo's registers is (issue 12 §10), so every figure they sum to is.
// The scorecard's JSON says the same (register_sample; sample where the register's figure counts),
// and so does the indicator page (beside the figure, in the register figures' revisions).
func TestDemoFocusCardsShowRegisterFigures(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		c := login(t, base, "demo-leader", demoPassword)
		type want struct {
			card             int // 1-based
			code, period     string
			list             string
			texts            []string
			counted, notText string
			// lineSample: whether the line is 示例 beside its name — yes where the register's 示例
			// figure counts, no for the key projects in June (the bureau's figure and base are the
			// article's); "" not checked (the attraction lines' bases last year are 示例 anyway).
			lineSample string
		}
		sampleLabel := `<span class="sample register-sample" title="台账数为示例（由示例数据汇总）">台账数 示例</span>`
		for _, w := range []want{
			{1, "new_above_scale_industrial", "2023-07", "/enterprises", []string{"企业培育台账 →"}, "计入：台账", "统计局", "yes"},
			{2, "key_project_investment", "2023-06", "/projects", []string{"统计局 88.20亿元 · 台账 88.20亿元", "重点项目台账 →"}, "计入：统计局", "", "no"},
			{3, "attracted_projects", "2023-07", "/attraction", []string{"统计局 45个 · 台账 45个", "招商台账 →"}, "计入：统计局", "", ""},
			{3, "attracted_investment", "2023-07", "/attraction", []string{"统计局 164.25亿元 · 台账 164.25亿元", "招商台账 →"}, "计入：统计局", "", ""},
		} {
			r := c.get("/dashboard?region=440784&period=" + w.period)
			if r.code != 200 {
				t.Fatalf("dashboard %s: %d", w.period, r.code)
			}
			cards := focusCards(r.body)
			if len(cards) < 3 {
				t.Fatalf("dashboard %s: %d focus cards", w.period, len(cards))
			}
			item := dashItemOf(cards[w.card-1], w.code)
			if item == "" {
				t.Errorf("card %d at %s: no item %s\n%s", w.card, w.period, w.code, cards[w.card-1])
				continue
			}
			link := `<a class="register-list" href="` + w.list + `?region=440784&amp;period=` + w.period + `"`
			basis := figBetween(item, "figures-basis", "</div>")
			for _, x := range append(w.texts, link, w.counted, sampleLabel) {
				if !strings.Contains(item, x) {
					t.Errorf("card %d %s at %s: missing %q in\n%s", w.card, w.code, w.period, x, item)
				}
			}
			if !strings.Contains(basis, sampleLabel) {
				t.Errorf("card %d %s: the 示例 label is not beside the register figure in\n%s", w.card, w.code, basis)
			}
			if w.notText != "" && strings.Contains(basis, w.notText) {
				t.Errorf("card %d %s: %q where only the register has a figure", w.card, w.code, w.notText)
			}
			head := figBetween(item, `class="item-head"`, "</div>")
			if got := strings.Contains(head, `<span class="sample">示例</span>`); w.lineSample != "" && got != (w.lineSample == "yes") {
				t.Errorf("card %d %s: 示例 beside the name %v, want %s\n%s", w.card, w.code, got, w.lineSample, head)
			}
			sc := c.getJSON("/api/v1/scorecard?region=440784&period="+w.period, 200)
			lines, _ := sc["indicators"].([]any)
			found := false
			for _, x := range lines {
				l, _ := x.(map[string]any)
				if l["code"] != w.code {
					continue
				}
				found = true
				if l["register_sample"] != true || w.lineSample != "" && l["sample"] != (w.lineSample == "yes") {
					t.Errorf("scorecard JSON %s at %s: register_sample %v sample %v, want true and %s", w.code, w.period, l["register_sample"], l["sample"], w.lineSample)
				}
			}
			if !found {
				t.Errorf("scorecard JSON at %s: no line %s in %v", w.period, w.code, sc)
			}
			// The indicator page: the same label beside the register figure, and every revision
			// of the register's figures marked 示例 in its history.
			ip := c.get("/indicators/" + w.code + "?region=440784&period=" + w.period)
			hist := figBetween(ip.body, `<table class="register-revisions">`, "</table>")
			if ip.code != 200 || !strings.Contains(figBetween(ip.body, "figures-basis", "</div>"), sampleLabel) ||
				hist == "" || strings.Count(hist, "<tr") != strings.Count(hist, `<span class="sample">示例</span>`)+1 {
				t.Errorf("indicator page %s at %s (%d): want the 示例 label beside the register figure and on every revision in\n%s", w.code, w.period, ip.code, hist)
			}
		}
	})
}
