package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"pacer/internal/domain"
)

// On a phone (375 px wide) a wide table scrolls sideways inside its container: the page itself
// is no wider than the screen, and the table's last column can be scrolled to, never cut off.
func TestPhoneTablesScroll(t *testing.T) {
	fx := newFixture(t)
	tab := browser(t)
	step(t, tab, "phone viewport", chromedp.Do(tab, chromedp.EmulateViewport(375, 800)))
	browserLogin(t, tab, fx.base, fxUser(domain.RoleLeader), fxPassword)
	for _, path := range []string{"/scorecard?region=441781&period=2024-06", "/dashboard?region=441781&period=2024-06",
		"/indicators/retail?region=441781&period=2024-06"} {
		step(t, tab, "open "+path, chromedp.Do(tab, chromedp.Navigate(fx.base+path), chromedp.WaitReady("body")))
		got, err := chromedp.Run(tab, chromedp.Evaluate[phoneTables](`(() => {
				const tables = [...document.querySelectorAll("main table")];
				const wrap = t => t.closest(".table-wrap");
				const wraps = tables.map(wrap).filter(w => w && getComputedStyle(w).overflowX === "auto");
				return {Page: document.documentElement.scrollWidth, Screen: window.innerWidth,
					Wraps: wraps.length, Unwrapped: tables.length - wraps.length,
					Scroll: wraps.filter(w => w.scrollWidth > w.clientWidth).length};
			})()`))
		step(t, tab, "measure "+path, err)
		if got.Page > got.Screen {
			t.Errorf("%s at 375 px: got a page %v px wide, want no wider than the screen (%v px)", path, got.Page, got.Screen)
		}
		if got.Unwrapped != 0 || got.Wraps == 0 {
			t.Errorf("%s: got %d tables outside a scrolling container (%d inside), want all inside", path, got.Unwrapped, got.Wraps)
		}
		if path[:10] == "/scorecard" && got.Scroll == 0 {
			t.Errorf("%s at 375 px: got the scorecard table not scrolling sideways (it is wider than the screen)", path)
		}
	}
}

type phoneTables struct {
	Page, Screen             float64
	Wraps, Unwrapped, Scroll int
}
