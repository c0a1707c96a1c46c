package web_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"net"
	"net/http"
	"os"
	"pacer/internal/app"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/web"
)

// chromiumPath is Debian's Chromium, which scripts/test.sh installs (PACER_CHROMIUM overrides).
func chromiumPath() string {
	if p := os.Getenv("PACER_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// artifactDir returns <repository root>/artifacts/<name>, created.
func artifactDir(t *testing.T, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
	out := filepath.Join(dir, "artifacts", name)
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	return out
}

// browser starts a headless Chromium with a fresh profile and returns a tab's context.
func browser(t *testing.T) context.Context {
	t.Helper()
	exe := chromiumPath()
	if _, err := os.Stat(exe); err != nil {
		t.Fatalf("Chromium not found at %s (%v): run scripts/test.sh, which installs Debian's chromium and a CJK font "+
			"(apt-get install -y chromium fonts-noto-cjk fonts-wqy-microhei)", exe, err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, cancelTab := chromedp.NewContext(alloc, chromedp.WithLogf(t.Logf))
	tab, cancelTimeout := context.WithTimeout(tab, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc() })
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium %s: %v (run scripts/test.sh)", exe, err)
	}
	// PACER_BROWSER_THROTTLE=<bytes per second> slows the tab's downloads (and adds 20 ms to
	// each request), so that a test reading a page before it has arrived fails every time
	// rather than once in a while on a busy machine: pages then arrive and parse in pieces.
	if bps, _ := strconv.Atoi(os.Getenv("PACER_BROWSER_THROTTLE")); bps > 0 {
		throttle := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
				MatchedNetworkConditions: []*network.Conditions{{Latency: 20, DownloadThroughput: float64(bps), UploadThroughput: -1}}})
			return err
		})
		if err := chromedp.Do(tab, throttle); err != nil {
			t.Fatalf("throttle the tab: %v", err)
		}
	}
	return tab
}

// step fails the test with what the page shows when a browser action fails.
func step(t *testing.T, tab context.Context, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	loc, _ := chromedp.Run(tab, chromedp.Location())
	body, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	t.Fatalf("%s: %v\nat %s\n%.1500s", what, err, loc, body)
}

// imageWidth waits until the first image matching sel has finished loading (or failed to) and
// returns its natural width: 0 for an image the browser could not draw. Reading it at once after
// the page shows races the image's own request.
func imageWidth(t *testing.T, tab context.Context, sel string) int {
	t.Helper()
	got, err := chromedp.Run(tab, chromedp.Poll[int](
		`(() => { const i = document.querySelector(`+strconv.Quote(sel)+`); return i && i.complete ? i.naturalWidth + 1 : 0; })()`,
		chromedp.WithPollingTimeout(15*time.Second)))
	step(t, tab, "wait for the image "+sel, err)
	return got - 1
}

// pageLoaded waits until the tab's document has loaded. A page that script navigates to (the
// import's upload, sent by XMLHttpRequest) is not waited for by RunResponse's click; once an
// element of it is visible, the rest of it may still be being parsed.
func pageLoaded(t *testing.T, tab context.Context) {
	t.Helper()
	_, err := chromedp.Run(tab, chromedp.Poll[bool](`document.readyState === "complete"`, chromedp.WithPollingTimeout(30*time.Second)))
	step(t, tab, "wait for the page to load", err)
}

// browserLogin fills in and submits the login form and waits for the page it leads to.
func browserLogin(t *testing.T, tab context.Context, base, username, password string) {
	t.Helper()
	step(t, tab, "open /login", chromedp.Do(tab,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), password),
	))
	res, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("login-submit")))
	step(t, tab, "log in as "+username, err)
	if res.Status != http.StatusOK || strings.HasSuffix(strings.SplitN(res.URL, "?", 2)[0], "/login") {
		step(t, tab, "log in as "+username, errors.New("still on the login page (status "+http.StatusText(int(res.Status))+")"))
	}
	step(t, tab, "page after login", chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("logout"))))
}

// TestBrowser drives the real server in Debian's Chromium: the reporter submits a figure, the
// analyst approves it, and the dashboard shows the new figure with its status and rank, in
// Chinese — a screenshot is kept in artifacts/browser/dashboard.png.
func TestBrowser(t *testing.T) {
	tab := browser(t)

	s := demos.Open(t, "sqlite")
	// The demo gives retail sales no target; give it one (6% growth, marked 示例) so its line has
	// a red/yellow/green status to show.
	six := 6.0
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "test", Source: "browser test", Targets: []domain.Target{{RegionCode: demo.Region,
		IndicatorCode: "retail", Year: demo.Year, Tier: domain.Assigned, Growth: &six, Source: "browser test", Sample: true}}}); err != nil {
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

	// 1. The reporter of the commerce bureau enters July's retail sales and submits them.
	browserLogin(t, tab, base, "demo-reporter", demoPassword)
	step(t, tab, "open /entry", chromedp.Do(tab,
		chromedp.Navigate(base+"/entry"),
		chromedp.WaitVisible(chromedp.ID("value-retail")),
		chromedp.SendKeys(chromedp.ID("value-retail"), "82.64"),
		chromedp.SendKeys(chromedp.ID("growth-retail"), "6.1"),
	))
	_, err = chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("submit-retail")))
	step(t, tab, "submit retail", err)
	state, err := chromedp.Run(tab, chromedp.Evaluate[string](
		`(document.querySelector('tr[data-indicator="retail"] [data-state]') || {}).dataset?.state || ""`))
	step(t, tab, "read the row's state", err)
	if state != "submitted" {
		step(t, tab, "after submitting", errors.New("the retail row's state is "+state+", want submitted"))
	}
	res, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("logout")))
	step(t, tab, "log out", err)
	if !strings.Contains(res.URL, "/login") {
		t.Errorf("after logout: got %s, want the login page", res.URL)
	}

	// 2. The analyst approves it; until then the dashboard shows June's official figure.
	browserLogin(t, tab, base, "demo-analyst", demoPassword)
	step(t, tab, "open /dashboard before approval", chromedp.Do(tab,
		chromedp.Navigate(base+"/dashboard"),
		chromedp.WaitVisible(chromedp.CSS(`[data-indicator="retail"] .value`)),
	))
	if v, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(`[data-indicator="retail"] .value`))); err != nil || strings.TrimSpace(v) != "70.13" {
		t.Errorf("dashboard retail before approval: got %q (%v), want June's 70.13 (a submitted figure does not count)", v, err)
	}
	approve := chromedp.CSS(`tr[data-indicator="retail"][data-state="submitted"] button.approve`)
	step(t, tab, "open /review", chromedp.Do(tab,
		chromedp.Navigate(base+"/review"),
		chromedp.WaitVisible(approve),
	))
	_, err = chromedp.RunResponse(tab, chromedp.Click(approve))
	step(t, tab, "approve retail", err)
	step(t, tab, "the approved row", chromedp.Do(tab, chromedp.WaitReady(chromedp.CSS(`tr[data-indicator="retail"][data-state="approved"]`))))

	// 3. The dashboard shows the approved figure (it moves to the latest period, 2023-07), a
	// status and a rank.
	step(t, tab, "open /dashboard", chromedp.Do(tab,
		chromedp.Navigate(base+"/dashboard"),
		chromedp.WaitVisible(chromedp.CSS(`[data-indicator="retail"] .value`)),
	))
	read := func(sel string) string {
		txt, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(sel)))
		step(t, tab, "read "+sel, err)
		return strings.TrimSpace(txt)
	}
	value, status, rank := read(`[data-indicator="retail"] .value`), read(`[data-indicator="retail"] .status`), read(`[data-indicator="retail"] .rank`)
	t.Logf("dashboard retail: value %q, status %q, rank %q", value, status, rank)
	if value != "82.64" {
		t.Errorf("dashboard retail value: got %q, want 82.64 (the approved figure)", value)
	}
	class, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector('[data-indicator="retail"] .status').className`))
	step(t, tab, "read the status class", err)
	if want := map[string]string{"绿": "green", "黄": "yellow", "红": "red"}[status]; want == "" || !strings.Contains(class, want) {
		t.Errorf("dashboard retail status: got %q (class %q), want 绿, 黄 or 红 with its colour class", status, class)
	}
	m := regexp.MustCompile(`^(\d+)\s*/\s*(\d+)$`).FindStringSubmatch(rank)
	switch alone := rank == "无同级数据"; { // no peer has a figure: ranked alone, never "1/1"
	case alone:
	case m == nil:
		t.Errorf("dashboard retail rank: got %q, want N/M or 无同级数据", rank)
	default:
		if n, _ := strconv.Atoi(m[1]); n < 1 || n > func() int { p, _ := strconv.Atoi(m[2]); return p }() {
			t.Errorf("dashboard retail rank: got %q, want 1 ≤ N ≤ M", rank)
		}
	}

	// 3b. Focus cards 1 and 3 (manufacturing, attraction) show the figures their registers derive
	// — new above-scale firms (the register's the only figure), projects attracted (beside the
	// bureau's) — each visibly labelled 示例 (the demo's register rows are) with its list's link.
	cards, err := chromedp.Run(tab, chromedp.Evaluate[[]map[string]any](`[...document.querySelectorAll('section.focus-card')].map((card, i) => {
		const code = {0: 'new_above_scale_industrial', 2: 'attracted_projects'}[i];
		const item = code && card.querySelector('[data-indicator="' + code + '"]');
		if (!item) return {card: i + 1};
		const text = (sel) => { const e = item.querySelector(sel); return e && e.offsetParent !== null ? e.innerText.trim() : ''; };
		return {card: i + 1, code: code, value: text('.value'), sample: text('.register-sample'), basis: text('.figures-basis'),
			link: (item.querySelector('a.register-list') || {}).pathname || ''};
	}).filter(c => c.code)`))
	step(t, tab, "read focus cards 1 and 3", err)
	wantCards := map[float64]struct{ code, link, basis string }{
		1: {"new_above_scale_industrial", "/enterprises", "计入：台账"},
		3: {"attracted_projects", "/attraction", "统计局 45个 · 台账 45个"},
	}
	if len(cards) != 2 {
		t.Errorf("focus cards 1 and 3: got %v, want both with their register items", cards)
	}
	for _, c := range cards {
		w := wantCards[c["card"].(float64)]
		value, _ := c["value"].(string)
		sample, _ := c["sample"].(string)
		basis, _ := c["basis"].(string)
		t.Logf("focus card %v %v: value %q, basis %q, label %q, link %v", c["card"], c["code"], value, basis, sample, c["link"])
		if c["code"] != w.code || !regexp.MustCompile(`^\d+$`).MatchString(value) || value == "0" {
			t.Errorf("focus card %v %v: value %q, want a count from the register", c["card"], c["code"], value)
		}
		if !strings.Contains(sample, "示例") || !strings.Contains(basis, w.basis) || c["link"] != w.link {
			t.Errorf("focus card %v %v: label %q, basis %q, link %v; want a visible 示例 label, %q and a link to %s",
				c["card"], c["code"], sample, basis, c["link"], w.basis, w.link)
		}
	}

	// 4. Chinese renders as glyphs, not boxes: in the page's own font, two different Chinese
	// characters draw differently from each other and from a character no font has (which
	// draws as the missing-glyph box).
	glyphs, err := chromedp.Run(tab, chromedp.Evaluate[map[string]any](`(() => {
		const font = '32px ' + getComputedStyle(document.body).fontFamily;
		const draw = (ch) => {
			const c = document.createElement('canvas'); c.width = 48; c.height = 48;
			const g = c.getContext('2d'); g.font = font; g.fillStyle = '#000'; g.textBaseline = 'top';
			g.fillText(ch, 4, 4);
			const d = g.getImageData(0, 0, 48, 48).data; let s = 0, ink = 0;
			for (let i = 3; i < d.length; i += 4) { s = (s * 31 + d[i]) >>> 0; if (d[i] > 0) ink++; }
			return {hash: s, ink: ink, width: g.measureText(ch).width};
		};
		return {font: font, he: draw('鹤'), ya: draw('鸭'), tofu: draw('\u{10FFFF}'),
			noto: document.fonts.check('16px "Noto Sans CJK SC"'), title: document.title};
	})()`))
	step(t, tab, "measure glyphs", err)
	he, _ := glyphs["he"].(map[string]any)
	ya, _ := glyphs["ya"].(map[string]any)
	tofu, _ := glyphs["tofu"].(map[string]any)
	t.Logf("glyphs in %v: 鹤 %v, 鸭 %v, U+10FFFF %v", glyphs["font"], he, ya, tofu)
	if he["ink"] == 0.0 || he["hash"] == ya["hash"] || he["hash"] == tofu["hash"] {
		t.Errorf("Chinese does not render (鹤 %v, 鸭 %v, missing glyph %v): install a CJK font (scripts/test.sh installs fonts-noto-cjk)", he, ya, tofu)
	}
	if title, _ := glyphs["title"].(string); !regexp.MustCompile(`\p{Han}`).MatchString(title) {
		t.Errorf("dashboard title: got %q, want Chinese", title)
	}

	// 5. A full-page screenshot of the dashboard.
	shot, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	step(t, tab, "screenshot", err)
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("screenshot: not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 600 {
		t.Errorf("screenshot: got %v, want at least 800×600", b)
	}
	path := filepath.Join(artifactDir(t, "browser"), "dashboard.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("dashboard screenshot: %s", path)
}
