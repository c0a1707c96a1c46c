package web_test

import (
	"encoding/base32"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"pacer/internal/app"
	"pacer/internal/auth"
	"pacer/internal/demo"
	"pacer/internal/web"
)

// TestBrowserSecondFactor enrols the sysadmin's second factor in Debian's Chromium on a server
// that enforces it: after signing in with the password the browser lands on the enrolment page,
// whose QR code (a PNG data: URI under the page's CSP, no script) is drawn; the code computed from
// the secret shown confirms it and ten recovery codes appear. A screenshot is kept in
// artifacts/browser/second-factor.png.
func TestBrowserSecondFactor(t *testing.T) {
	tab := browser(t)
	s := demos.Open(t, "sqlite")
	svc := app.Services(s)
	svc.Accounts = svc.Accounts.WithSecondFactor(auth.NewSecretKey(), true)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: (&web.Server{Services: svc, HomeRegion: demo.Region, HomePeriod: demo.Period}).Handler(),
		ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	base := "http://" + ln.Addr().String()

	browserLogin(t, tab, base, "demo-sysadmin", demoPassword)
	look := func(what, js string) string {
		t.Helper()
		got, err := chromedp.Run(tab, chromedp.Evaluate[string](js))
		step(t, tab, what, err)
		return got
	}
	if got := look("where the sign-in led", `location.pathname`); got != "/account/second-factor" {
		t.Fatalf("after signing in: got %s, want /account/second-factor", got)
	}
	step(t, tab, "wait for the QR code", chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("sf-qr"))))
	if got := imageWidth(t, tab, "#sf-qr"); got != 240 {
		t.Errorf("QR code: got natural width %d, want 240 (drawn, not blocked)", got)
	}
	shot, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	step(t, tab, "screenshot", err)
	if err := os.WriteFile(filepath.Join(artifactDir(t, "browser"), "second-factor.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	text := look("the secret", `document.getElementById('sf-secret').textContent`)
	secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(text)
	if err != nil {
		t.Fatalf("secret %q: %v", text, err)
	}
	step(t, tab, "type the code", chromedp.Do(tab, chromedp.SendKeys(chromedp.ID("sf-code"), webTOTP(secret, time.Now(), 6))))
	_, err = chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("sf-submit")))
	step(t, tab, "confirm", err)
	step(t, tab, "wait for the recovery codes", chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("sf-codes"))))
	if got := look("count the recovery codes", `String(document.querySelectorAll('#sf-codes li').length)`); got != "10" {
		t.Errorf("recovery codes: got %s, want 10", got)
	}
}
