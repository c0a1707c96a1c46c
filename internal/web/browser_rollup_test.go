package web_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pacer/internal/domain"
)

// TestBrowserRollup: the leader opens the roll-up of 阳江市 (the fixture's prefecture) in Debian's
// Chromium, on a phone's width. The table renders with the figures as officials write them
// (亿元 with two decimals, growth with one, completion in percent, 个百分点), the region column
// stays in view while the table scrolls sideways, a heading sorts the counties, and the page
// raises no script error, no console error and no failed request.
func TestBrowserRollup(t *testing.T) {
	fx := newFixture(t)
	rollupAssign(t, fx.s)
	tab := browser(t)
	pe := watchPageErrors(t, tab)
	step(t, tab, "phone viewport", chromedp.Do(tab, chromedp.EmulateViewport(375, 800)))
	browserLogin(t, tab, fx.base, fxUser(domain.RoleLeader), fxPassword)
	pe.take() // the sign-in's own requests are not this page's

	step(t, tab, "open the roll-up from the menu", chromedp.Do(tab,
		chromedp.Navigate(fx.base+"/dashboard?region="+fxRegion+"&period="+fxPeriod),
		chromedp.WaitVisible(chromedp.ID("nav-rollup")),
	))
	_, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("nav-rollup")))
	step(t, tab, "click 下级对比", err)
	step(t, tab, "the table", chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("rollup-table"))))

	text := func(sel string) string {
		t.Helper()
		got, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(sel)))
		step(t, tab, "read "+sel, err)
		return strings.Join(strings.Fields(got), " ")
	}
	if h := text("#rollup-heading"); h != "阳江市（441700）2024年1-6月下级地区主要指标对比" {
		t.Errorf("heading: got %q", h)
	}
	yc := `#rollup-table tr[data-region="` + fxRegion + `"] `
	for _, tc := range []struct{ sel, want string }{
		{yc + `td.value[data-indicator="retail"]`, "44.00 示例"}, // 亿元, two decimals; its 2023-06 base is 示例
		{yc + `td.value[data-indicator="gdp"]`, "150.00"},
		{yc + `th`, "阳春市"},
		{`#rollup-whole-table tr[data-indicator="retail"] td.sum`, "159.00"},
		{`#rollup-whole-table tr[data-indicator="retail"] td.sum-growth`, "8.6"}, // 159 / 146.44 − 1, one decimal
		{`#rollup-round-table tr[data-region="` + fxRegion + `"] td.owed`, "阳春市商务局 · 外贸进出口总额（未报）"},
	} {
		if got := text(tc.sel); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.sel, got, tc.want)
		}
	}
	// 阳春's tiers: the first green one is retail's assigned, 44 / 95 = 46.3%; GDP's assigned is a
	// growth target, its cell the gap 5.0 − 7.5 = −2.5 个百分点, red.
	if got := text(yc + `td.tier.assigned.green`); got != "46.3%" {
		t.Errorf("阳春市 retail assigned: got %q, want 46.3%%", got)
	}
	if got := text(yc + `td.tier.assigned.red`); got != "-2.5个百分点" {
		t.Errorf("阳春市 gdp assigned: got %q, want -2.5个百分点", got)
	}

	// On a phone the table scrolls inside its container and the region column stays in view.
	type layout struct {
		Page, Screen, WrapScroll, WrapWidth float64
		NameLeftBefore, NameLeftAfter       float64
		Sticky                              string
	}
	got, err := chromedp.Run(tab, chromedp.Evaluate[layout](`(() => {
		const wrap = document.querySelector('.rollup-wrap');
		const name = document.querySelector('#rollup-table tbody th');
		const before = name.getBoundingClientRect().left;
		wrap.scrollLeft = 400;
		return {Page: document.documentElement.scrollWidth, Screen: window.innerWidth,
			WrapScroll: wrap.scrollWidth, WrapWidth: wrap.clientWidth,
			NameLeftBefore: before, NameLeftAfter: name.getBoundingClientRect().left,
			Sticky: getComputedStyle(name).position};
	})()`))
	step(t, tab, "measure the table", err)
	if got.Page > got.Screen {
		t.Errorf("at 375 px: the page is %v px wide, want no wider than the screen (%v px)", got.Page, got.Screen)
	}
	if got.WrapScroll <= got.WrapWidth {
		t.Errorf("at 375 px: the table (%v px) does not scroll inside its container (%v px)", got.WrapScroll, got.WrapWidth)
	}
	// Scrolled 400 px: a column that scrolled with the table would have moved by as much; the
	// sticky one moves by at most its half border.
	if got.Sticky != "sticky" || math.Abs(got.NameLeftAfter-got.NameLeftBefore) > 1 {
		t.Errorf("the region column: position %s, left %v before scrolling 400 px and %v after, want it to stay", got.Sticky, got.NameLeftBefore, got.NameLeftAfter)
	}

	// Sorting: retail's growth column, highest first (10.0 阳春, 9.0 阳东, 8.0 江城, 7.0 阳西), then
	// the other way.
	order := func() string {
		t.Helper()
		o, err := chromedp.Run(tab, chromedp.Evaluate[string](
			`[...document.querySelectorAll('#rollup-table tbody tr')].map(r => r.dataset.region).join(',')`))
		step(t, tab, "read the order", err)
		return o
	}
	col, err := chromedp.Run(tab, chromedp.Evaluate[int](`(() => {
		const cells = [...document.querySelector('#rollup-table tbody tr').cells];
		const i = cells.findIndex(c => c.dataset.indicator === 'retail');
		return i + 1; // the growth column follows the value's
	})()`))
	step(t, tab, "find retail's growth column", err)
	head := `#rollup-table thead tr:nth-child(2) th:nth-child(` + strconv.Itoa(col) + `)`
	step(t, tab, "sort by retail's growth", chromedp.Do(tab, chromedp.Click(chromedp.CSS(head))))
	if got := order(); got != "441781,441704,441702,441721" {
		t.Errorf("sorted by retail growth: got %s, want 441781,441704,441702,441721 (10.0, 9.0, 8.0, 7.0)", got)
	}
	step(t, tab, "sort again", chromedp.Do(tab, chromedp.Click(chromedp.CSS(head))))
	if got := order(); got != "441721,441702,441704,441781" {
		t.Errorf("sorted again: got %s, want the other way", got)
	}
	for _, e := range pe.take() {
		t.Errorf("page error: %s", e)
	}
}
