package web_test

import (
	"context"
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

// TestBrowserAttraction drives the attraction and enterprise pages in Chromium: the funnel chart
// draws, the headline reads the article's 45 projects and 164.25亿, the team filter narrows the
// list, an edit of a lead is saved; on a phone (375 px) the pages are no wider than the screen.
// Screenshots are kept in artifacts/browser/.
func TestBrowserAttraction(t *testing.T) {
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

	browserLogin(t, tab, base, "demo-analyst", demoPassword)
	step(t, tab, "open /attraction", chromedp.Do(tab,
		chromedp.Navigate(base+"/attraction?today=2023-07-31"),
		chromedp.WaitVisible(chromedp.CSS(`#attraction-funnel[data-rendered="1"]`)),
	))
	read := func(sel string) string {
		txt, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(sel)))
		step(t, tab, "read "+sel, err)
		return strings.TrimSpace(txt)
	}
	if p, i := read("#attraction-projects"), read("#attraction-investment"); p != "45" || i != "164.25" {
		t.Errorf("headline: got %s projects, %s亿; want 45, 164.25", p, i)
	}
	canvas, err := chromedp.Run(tab, chromedp.Evaluate[bool](`!!document.querySelector("#attraction-funnel canvas")`))
	step(t, tab, "the funnel's canvas", err)
	if !canvas {
		t.Error("the funnel chart drew no canvas")
	}
	leadsShot(t, tab, "attraction.png")

	// Filter by team through the form.
	step(t, tab, "filter by team", chromedp.Do(tab,
		chromedp.SetValue(chromedp.CSS(`#attraction-filters select[name="team"]`), "招商三组"),
	))
	_, err = chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("attraction-filter")))
	step(t, tab, "submit the filter", err)
	teams, err := chromedp.Run(tab, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("#attraction-leads tr[data-lead] td:nth-child(5)")].map(td => td.innerText)`))
	step(t, tab, "read the list's teams", err)
	if len(teams) == 0 {
		t.Error("team filter: got no lead")
	}
	for _, tm := range teams {
		if tm != "招商三组" {
			t.Errorf("team filter: got a lead of %s", tm)
		}
	}

	// Edit a lead in hand: it is signed (with its date) and the headline moves.
	step(t, tab, "open a lead", chromedp.Do(tab,
		chromedp.Navigate(base+"/attraction/leads/ZS2023-061"),
		chromedp.WaitVisible(chromedp.ID("lead-form")),
		chromedp.SetValue(chromedp.CSS(`#lead-form select[name="stage"]`), "签约"),
		chromedp.SetValue(chromedp.CSS(`#lead-form input[name="signed_date"]`), "2023-07-28"),
	))
	_, err = chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("lead-submit")))
	step(t, tab, "save the lead", err)
	step(t, tab, "saved", chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("lead-saved"))))
	if st := read("#lead-stage"); st != "签约" {
		t.Errorf("after the edit: stage %q, want 签约", st)
	}
	step(t, tab, "reopen /attraction", chromedp.Do(tab,
		chromedp.Navigate(base+"/attraction"), chromedp.WaitVisible(chromedp.ID("attraction-projects"))))
	if p := read("#attraction-projects"); p != "46" {
		t.Errorf("after signing a lead of ≥1亿: got %s projects, want 46", p)
	}

	// The enterprise ladder.
	step(t, tab, "open /enterprises", chromedp.Do(tab,
		chromedp.Navigate(base+"/enterprises"), chromedp.WaitVisible(chromedp.ID("enterprises-ladder"))))
	if n := read(`#enterprises-funnel tr[data-measure="applications"] td:nth-child(2)`); n != "54" {
		t.Errorf("applications: got %s, want 54", n)
	}
	leadsShot(t, tab, "enterprises.png")

	// On a phone: no page wider than the screen.
	step(t, tab, "phone viewport", chromedp.Do(tab, chromedp.EmulateViewport(375, 800)))
	for _, path := range []string{"/attraction", "/attraction/leads/ZS2023-001", "/enterprises"} {
		step(t, tab, "open "+path, chromedp.Do(tab, chromedp.Navigate(base+path), chromedp.WaitReady("body")))
		w, err := chromedp.Run(tab, chromedp.Evaluate[[]float64](`[document.documentElement.scrollWidth, window.innerWidth]`))
		step(t, tab, "measure "+path, err)
		if w[0] > w[1] {
			t.Errorf("%s at 375 px: page %v px wide, want no wider than %v", path, w[0], w[1])
		}
	}
	leadsShot(t, tab, "attraction-phone.png")
}

// leadsShot keeps a full-page screenshot in artifacts/browser/.
func leadsShot(t *testing.T, tab context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	step(t, tab, "screenshot "+name, err)
	if err := os.WriteFile(filepath.Join(artifactDir(t, "browser"), name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
