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
// loaded (issue 12 §7) — 新入库工业企业 from the enterprise register, key projects 88.2亿 at June
// beside the bureau's, attraction 45 projects of 164.25亿 at July beside the bureau's — each
// labelled and linked to the register's list.
func TestDemoFocusCardsShowRegisterFigures(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		c := login(t, base, "demo-leader", demoPassword)
		type want struct {
			card             int // 1-based
			code, period     string
			list             string
			texts            []string
			counted, notText string
		}
		for _, w := range []want{
			// The demo's enterprises are invented (示例) and feed no figure: the card links the list only.
			{1, "new_above_scale_industrial", "2023-07", "/enterprises", []string{"企业培育台账 →"}, "", "计入"},
			{2, "key_project_investment", "2023-06", "/projects", []string{"统计局 88.20亿元 · 台账 88.20亿元", "重点项目台账 →"}, "计入：统计局", ""},
			// The demo's leads are invented (示例) around the article's totals and feed no figure:
			// the bureau's July figures stand, the card links the register.
			{3, "attracted_projects", "2023-07", "/attraction", []string{"招商台账 →"}, "", "台账 45"},
			{3, "attracted_investment", "2023-07", "/attraction", []string{"招商台账 →"}, "", "台账 164"},
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
			for _, x := range append(w.texts, link, w.counted) {
				if !strings.Contains(item, x) {
					t.Errorf("card %d %s at %s: missing %q in\n%s", w.card, w.code, w.period, x, item)
				}
			}
			if w.notText != "" && strings.Contains(item, w.notText) {
				t.Errorf("card %d %s: %q where only the register has a figure", w.card, w.code, w.notText)
			}
		}
	})
}
