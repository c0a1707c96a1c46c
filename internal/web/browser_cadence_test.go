package web_test

import (
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"pacer/internal/app"
	"pacer/internal/demo"
	"pacer/internal/store"
	"pacer/internal/web"
)

// TestBrowserCadence drives /dispatch and /display in Chromium: the analyst adds an item to the
// week's agenda and moves it up, records a meeting with a decision; the display shows the
// headline first and advances item by item with the arrow keys, at 1920×1080 in its dark theme.
// Screenshots are kept in artifacts/browser/.
func TestBrowserCadence(t *testing.T) {
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
	const week = "2023-W32"
	browserLogin(t, tab, base, "demo-analyst", demoPassword)
	shoot := func(name string) {
		shot, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
		step(t, tab, "screenshot", err)
		if err := os.WriteFile(filepath.Join(artifactDir(t, "browser"), name), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// 1. The agenda: add retail (green items are not on it by themselves), then move it up.
	step(t, tab, "open /dispatch", chromedp.Do(tab,
		chromedp.Navigate(base+"/dispatch?week="+week),
		chromedp.WaitVisible(chromedp.ID("agenda")),
	))
	count := func() int {
		n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('#agenda tbody tr').length`))
		step(t, tab, "count the agenda's items", err)
		return n
	}
	before := count()
	step(t, tab, "fill in the new item", chromedp.Do(tab,
		chromedp.SetValue(chromedp.ID("add-kind"), "indicator"),
		chromedp.SendKeys(chromedp.ID("add-ref"), "retail"),
		chromedp.SendKeys(chromedp.ID("add-title"), "社零：商务局汇报促消费活动"),
	))
	_, err = chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("add-submit")))
	step(t, tab, "add the item", err)
	step(t, tab, "the saved agenda", chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("dispatch-saved"))))
	if n := count(); n != before+1 {
		t.Errorf("agenda items: got %d, want %d (one added)", n, before+1)
	}
	position := func() int {
		i, err := chromedp.Run(tab, chromedp.Evaluate[int](`[...document.querySelectorAll('#agenda tbody tr')].findIndex(r => r.dataset.ref === 'retail')`))
		step(t, tab, "find retail", err)
		return i
	}
	last := position()
	if last != before {
		t.Errorf("the added item: got position %d, want last (%d)", last, before)
	}
	_, err = chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(`tr[data-ref="retail"] button.move-up`)))
	step(t, tab, "move retail up", err)
	step(t, tab, "the page after moving", chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("agenda"))))
	if got := position(); got != last-1 {
		t.Errorf("after moving up: retail at %d, want %d", got, last-1)
	}
	title, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(`tr[data-ref="retail"] td:nth-child(3)`)))
	step(t, tab, "read the added title", err)
	if !strings.Contains(title, "社零：商务局汇报促消费活动") {
		t.Errorf("added item's title: got %q", title)
	}

	// 2. The meeting and its decision.
	step(t, tab, "fill in the meeting", chromedp.Do(tab,
		chromedp.SendKeys(chromedp.ID("meeting-chair"), "市长"),
		chromedp.SendKeys(chromedp.ID("meeting-attendees"), "发改局\n商务局"),
		chromedp.SendKeys(chromedp.ID("decision-1"), "本周内组织汽车促销"),
		chromedp.SetValue(chromedp.ID("owner-1"), demo.ReporterUnit),
		chromedp.SetValue(chromedp.ID("deadline-1"), "2023-08-18"),
	))
	_, err = chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("meeting-submit")))
	step(t, tab, "record the meeting", err)
	step(t, tab, "the meeting listed", chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`#meetings li`))))
	shot, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	step(t, tab, "screenshot /dispatch", err)
	if err := os.WriteFile(filepath.Join(artifactDir(t, "browser"), "dispatch.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	fus, err := s.FollowUps(ctx, store.FollowUpQuery{Region: demo.Region})
	if err != nil || len(fus) != 1 || fus[0].Title != "本周内组织汽车促销" || fus[0].OwnerUnit != demo.ReporterUnit || fus[0].Deadline != "2023-08-18" {
		t.Errorf("follow-ups after the meeting: got %v, %v; want the decision", fus, err)
	}

	// 3. The display at 1920×1080: the headline and focus points first, then item by item.
	step(t, tab, "open /display", chromedp.Do(tab,
		chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate(base+"/display?week="+week),
		chromedp.WaitVisible(chromedp.ID("slide-0")),
	))
	state := func() (cur int, visible string) {
		m, err := chromedp.Run(tab, chromedp.Evaluate[map[string]any](`(() => {
			const on = [...document.querySelectorAll('.dp-slide')].filter(s => getComputedStyle(s).display !== 'none');
			return {cur: document.getElementById('display').dataset.current, on: on.map(s => s.id).join(',')};
		})()`))
		step(t, tab, "read the display", err)
		c, _ := strconv.Atoi(m["cur"].(string))
		return c, m["on"].(string)
	}
	if cur, on := state(); cur != 0 || on != "slide-0" {
		t.Errorf("display at first: got slide %d (%s shown), want the headline alone", cur, on)
	}
	look, err := chromedp.Run(tab, chromedp.Evaluate[map[string]any](`(() => {
		const b = getComputedStyle(document.body), h = getComputedStyle(document.querySelector('#slide-0 h1'));
		return {bg: b.backgroundColor, fg: b.color, h1: parseFloat(h.fontSize), text: parseFloat(getComputedStyle(document.querySelector('.dp')).fontSize),
			header: getComputedStyle(document.querySelector('header.top')).display, focus: document.querySelectorAll('#focus > div').length};
	})()`))
	step(t, tab, "read the display's look", err)
	t.Logf("display: %v", look)
	if look["bg"] != "rgb(11, 18, 32)" || look["header"] != "none" {
		t.Errorf("display theme: got background %v, header %v; want the dark theme without the page header", look["bg"], look["header"])
	}
	// Legible at 3 m: body text at least 40 px and titles at least 60 px on a 1920 px screen.
	if h1, _ := look["h1"].(float64); h1 < 60 {
		t.Errorf("display title: got %.0f px, want ≥ 60", h1)
	}
	if tx, _ := look["text"].(float64); tx < 40 {
		t.Errorf("display text: got %.0f px, want ≥ 40", tx)
	}
	if n, _ := look["focus"].(float64); n != 5 {
		t.Errorf("focus points on the display: got %v, want the five", look["focus"])
	}
	shoot("display-0.png")
	slides, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('.dp-slide').length`))
	step(t, tab, "count slides", err)
	if slides < 3 {
		t.Fatalf("display: got %d slides, want the headline and at least two items", slides)
	}
	key := func(k string) {
		step(t, tab, "press "+k, chromedp.Do(tab, chromedp.KeyEvent(k)))
	}
	key(kb.ArrowRight)
	if cur, on := state(); cur != 1 || on != "slide-1" {
		t.Errorf("after →: got slide %d (%s shown), want slide-1 alone", cur, on)
	}
	shoot("display-1.png")
	key(kb.ArrowRight)
	key(kb.ArrowRight)
	if cur, _ := state(); cur != min(3, slides-1) {
		t.Errorf("after → → →: got slide %d, want %d", cur, min(3, slides-1))
	}
	key(kb.ArrowLeft)
	if cur, _ := state(); cur != min(3, slides-1)-1 {
		t.Errorf("after ←: got slide %d, want %d", cur, min(3, slides-1)-1)
	}
	for range slides + 2 {
		key(kb.ArrowRight)
	}
	if cur, on := state(); cur != slides-1 || on != "slide-"+strconv.Itoa(slides-1) {
		t.Errorf("past the end: got slide %d (%s), want the last, %d", cur, on, slides-1)
	}
	text, err := chromedp.Run(tab, chromedp.Text(chromedp.ID("slide-"+strconv.Itoa(slides-1))))
	step(t, tab, "read the last slide", err)
	if strings.TrimSpace(text) == "" {
		step(t, tab, "the last slide", errors.New("empty"))
	}
}
