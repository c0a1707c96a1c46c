package web_test

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"pacer/internal/app"
	"pacer/internal/demo"
	"pacer/internal/web"
)

// TestBrowserPlans drives the demo in Debian's Chromium at its home period (2023-07): industrial
// investment's approved plan by last year's shares (185 × B_m/154, all 示例), its secured and missed
// months and quarters, the catch-up ("8月需完成"), and the scenario field moving the year-end
// landing live; the dashboard's headline says what GDP's next quarter needs, and its own
// scenario field lands the year. A screenshot is kept
// in artifacts/browser/plan.png.
func TestBrowserPlans(t *testing.T) {
	tab := browser(t)
	s := demos.Open(t, "sqlite")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: (&web.Server{Services: app.Services(s), HomeRegion: demo.Region, HomePeriod: demo.Period}).Handler(),
		ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	base := "http://" + ln.Addr().String()
	browserLogin(t, tab, base, "demo-leader", demoPassword)

	text := func(sel string) string {
		t.Helper()
		got, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(sel)))
		step(t, tab, "read "+sel, err)
		return strings.Join(strings.Fields(got), " ")
	}

	step(t, tab, "open the indicator page", chromedp.Do(tab,
		chromedp.Navigate(base+"/indicators/industrial_investment"),
		chromedp.WaitVisible(chromedp.ID("plan")),
	))
	plan := text("#plan")
	// July: plan 185 × 82/154 = 98.51 against 95.00, missed; the remainder 185 − 95 = 90 over the
	// plan's rest 185 − 98.51 = 86.49, August's share 185 × (94.5 − 82)/154 = 15.02 → 15.63, cumulative 110.63.
	for _, want := range []string{"按上年累计占比", "98.51", "未保住", "已保住", "8月需完成 15.63 亿元（累计达到 110.63）", "示例"} {
		if !strings.Contains(plan, want) {
			t.Errorf("plan section: want %q in\n%s", want, plan)
		}
	}
	// Q1: 32.00 against 185 × 26.2/154 = 31.47, secured; Q2: 80 − 32 = 48.00 against 84.09 − 31.47 = 52.61, missed.
	if q := text(".plan-quarters tbody tr:nth-child(1)"); !strings.Contains(q, "31.47") || !strings.Contains(q, "已保住") {
		t.Errorf("Q1 row: got %q, want 31.47 secured", q)
	}
	if q := text(".plan-quarters tbody tr:nth-child(2)"); !strings.Contains(q, "48.00") || !strings.Contains(q, "未保住") {
		t.Errorf("Q2 row: got %q, want 48.00 missed", q)
	}

	// The scenario field starts at the year-to-date growth (95/82 − 1 = 15.9%): 95 + 72 × 1.159 = 178.45.
	step(t, tab, "the first landing", chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`#scenario-out[data-growth="15.9"]`))))
	if out := text("#scenario-out"); !strings.Contains(out, "全年将达到 178.45 亿元") {
		t.Errorf("scenario at 15.9%%: got %q", out)
	}
	// Typed: the rest of the year at +25% lands at 95 + (154 − 82) × 1.25 = 185.00,
	// 100.00% of the assigned target.
	step(t, tab, "type a growth", chromedp.Do(tab,
		chromedp.Clear(chromedp.ID("scenario-growth")),
		chromedp.SendKeys(chromedp.ID("scenario-growth"), "25"),
		chromedp.WaitVisible(chromedp.CSS(`#scenario-out[data-growth="25"]`)),
	))
	if out := text("#scenario-out"); !strings.Contains(out, "全年将达到 185.00 亿元") || !strings.Contains(out, "完成 100.00%") {
		t.Errorf("scenario at 25%%: got %q", out)
	}
	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	step(t, tab, "screenshot", err)
	if err := os.WriteFile(filepath.Join(artifactDir(t, "browser"), "plan.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	// The dashboard: GDP assigned +8% on 460 (示例) = 496.80, linear by quarter; after June's
	// 223.83 the third quarter needs (496.80 − 223.83)/2 = 136.49.
	step(t, tab, "open the dashboard", chromedp.Do(tab,
		chromedp.Navigate(base+"/dashboard"),
		chromedp.WaitVisible(chromedp.CSS(`ul.needs`)),
	))
	if n := text("ul.needs"); !strings.Contains(n, "9月需完成 136.49 亿元") {
		t.Errorf("dashboard needs: got %q", n)
	}
	// The headline's scenario field: if the second half grows 10.87% (worked example 1), GDP grows
	// 8.0% and lands at 223.83 + (460 − 213.78) × 1.1087 = 496.81, 99.36% of 500.
	step(t, tab, "the headline's scenario", chromedp.Do(tab,
		chromedp.WaitVisible(chromedp.CSS(`#scenario-out[data-growth="4.7"]`)),
		chromedp.Clear(chromedp.ID("scenario-growth")),
		chromedp.SendKeys(chromedp.ID("scenario-growth"), "10.87"),
		chromedp.WaitVisible(chromedp.CSS(`#scenario-out[data-growth="10.87"]`)),
	))
	if out := text("#scenario-out"); !strings.Contains(out, "全年将达到 496.81 亿元，增长 8.0%") || !strings.Contains(out, "完成 99.36%") {
		t.Errorf("headline scenario at 10.87%%: got %q", out)
	}
}
