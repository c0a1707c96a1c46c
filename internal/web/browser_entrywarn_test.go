package web_test

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"pacer/internal/app"
	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/web"
)

// TestBrowserEntryWarnsAsTyped: the reporter types July's retail sales and the entry page warns
// before anything is saved, with the review page's rules and words. Official figures around
// 2023-07: June 70.13 (demo), May 58.50 (so June's single month is 70.13 − 58.50 = 11.63) and
// July 2022 76.00.
//   - 65 is below June's 70.13: cumulative down.
//   - 81.25 with growth 6.9: the values give (81.25 / 76 − 1) × 100 = 6.9%: no warning.
//   - 81.25 with growth 2: 4.9 points from 6.9: growth disagrees.
//   - 120 (no growth): implied single month 120 − 70.13 = 49.87 > 3 × 11.63 = 34.89: a jump.
//
// Saving 65 then shows the server's warning, word for word the one shown while typing.
func TestBrowserEntryWarnsAsTyped(t *testing.T) {
	tab := browser(t)
	s := demos.Open(t, "sqlite")
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "test", Source: "browser test", Observations: []domain.Observation{
		{RegionCode: demo.Region, IndicatorCode: "retail", Period: "2023-05", Value: domain.F(58.5), Source: "browser test"},
		{RegionCode: demo.Region, IndicatorCode: "retail", Period: "2022-07", Value: domain.F(76), Source: "browser test"},
	}}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: (&web.Server{Services: app.Services(s), HomeRegion: demo.Region, HomePeriod: demo.Period}).Handler(),
		ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	base := "http://" + ln.Addr().String()

	browserLogin(t, tab, base, "demo-reporter", demoPassword)
	step(t, tab, "open /entry", chromedp.Do(tab,
		chromedp.Navigate(base+"/entry"),
		chromedp.WaitVisible(chromedp.ID("value-retail")),
	))
	live := func() string {
		got, err := chromedp.Run(tab, chromedp.Evaluate[string](
			`Array.from(document.querySelectorAll('#live-warn-retail li')).map(function (l) { return l.textContent; }).join(' | ')`))
		step(t, tab, "read the live warnings", err)
		return got
	}
	for _, c := range []struct{ value, growth, want string }{
		{"65", "", "累计值 65 小于上期累计值 70.13（2023-06）"},
		{"81.25", "6.9", ""},
		{"81.25", "2", "增速 2% 与数值推算的增速 6.9% 相差超过 1 个百分点"},
		{"120", "", "推算当月值 49.87 超过上月当月值的 3 倍（上月 11.63）"},
		{"65", "", "累计值 65 小于上期累计值 70.13（2023-06）"},
	} {
		_, err := chromedp.Run(tab, chromedp.Evaluate[bool](
			`document.getElementById('value-retail').value = ''; document.getElementById('growth-retail').value = ''; true`))
		step(t, tab, "clear the inputs", err)
		typing := []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.ID("value-retail"), c.value)}
		if c.growth != "" {
			typing = append(typing, chromedp.SendKeys(chromedp.ID("growth-retail"), c.growth))
		}
		step(t, tab, "type "+c.value+" / "+c.growth, chromedp.Do(tab, typing...))
		if got := live(); got != c.want {
			t.Errorf("typed %s / %s: got warnings %q, want %q", c.value, c.growth, got, c.want)
		}
		hidden, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.getElementById('live-warn-retail').hidden`))
		step(t, tab, "read whether the warnings show", err)
		if hidden != (c.want == "") {
			t.Errorf("typed %s / %s: warning list hidden %v, want %v", c.value, c.growth, hidden, c.want == "")
		}
	}
	before := live()
	_, err = chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("submit-retail")))
	step(t, tab, "submit 65", err)
	saved, err := chromedp.Run(tab, chromedp.Evaluate[string](
		`Array.from(document.querySelectorAll('#warn-retail li')).map(function (l) { return l.textContent; }).join(' | ')`))
	step(t, tab, "read the saved figure's warnings", err)
	if saved != before || !strings.Contains(saved, "小于上期累计值") {
		t.Errorf("after saving: server warns %q, want what was shown while typing, %q", saved, before)
	}
}
