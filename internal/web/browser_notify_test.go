package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"pacer/internal/domain"
	"pacer/internal/notify"
)

// TestBrowserNotify: in Debian's Chromium the analyst adds a WeCom robot for the commerce bureau
// on /notify (the robot's key masked in the list), an event is queued and delivered to a real
// local robot endpoint, and the page then counts it sent and lists it with its idempotency key.
// A screenshot is kept in artifacts/browser/notify.png.
func TestBrowserNotify(t *testing.T) {
	tab := browser(t)
	fx := newFixture(t)
	var mu sync.Mutex
	var contents []string
	robot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct {
			Markdown struct{ Content string } `json:"markdown"`
		}
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &m)
		mu.Lock()
		contents = append(contents, m.Markdown.Content)
		mu.Unlock()
		w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	defer robot.Close()
	browserLogin(t, tab, fx.base, fxUser(domain.RoleAnalyst), fxPassword)
	step(t, tab, "open /notify and fill the form", chromedp.Do(tab,
		chromedp.Navigate(fx.base+"/notify"),
		chromedp.WaitVisible(chromedp.ID("notify-form")),
		chromedp.SetValue(`#notify-form select[name=unit]`, "441781-swj"),
		chromedp.SetValue(`#notify-form input[name=kind]`, "followup.overdue"),
		chromedp.SetValue(`#notify-form select[name=channel]`, "wecom"),
		chromedp.SendKeys(`#notify-form input[name=target]`, robot.URL+"/cgi-bin/webhook/send?key=robot-key-123"),
	))
	_, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("notify-submit")))
	step(t, tab, "add the subscription", err)
	step(t, tab, "saved", chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("notify-saved"))))
	list, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById('notify-subscriptions').innerText`))
	step(t, tab, "read the subscriptions", err)
	if !strings.Contains(list, "企业微信机器人") || !strings.Contains(list, "key=***") || strings.Contains(list, "robot-key-123") {
		t.Errorf("subscriptions: got %q, want the WeCom robot with its key masked", list)
	}

	svc := notify.New(fx.s)
	if n, err := svc.Notify(ctx, domain.Actor{Username: "ana"}, domain.Event{Kind: "followup.overdue", UnitCode: "441781-swj",
		Subject: "督办事项逾期", Text: "社会消费品零售总额督办事项已逾期"}); err != nil || n != 1 {
		t.Fatalf("notify: %d, %v", n, err)
	}
	if res, err := svc.Drain(ctx); err != nil || res.Sent != 1 {
		t.Fatalf("drain: %+v, %v", res, err)
	}
	msgs, _ := fx.s.OutboxMessages(ctx, "", 1)
	step(t, tab, "reload", chromedp.Do(tab, chromedp.Navigate(fx.base+"/notify"), chromedp.WaitVisible(chromedp.ID("notify-stats"))))
	stats, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById('notify-stats').innerText`))
	step(t, tab, "read the stats", err)
	recent, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById('notify-recent').innerText`))
	step(t, tab, "read the latest", err)
	if !strings.Contains(strings.Join(strings.Fields(stats), " "), "已发送 1") || len(msgs) != 1 || !strings.Contains(recent, msgs[0].IdempotencyKey) {
		t.Errorf("after delivery: stats %q, latest %q", stats, recent)
	}
	mu.Lock()
	got := append([]string(nil), contents...)
	mu.Unlock()
	if len(got) != 1 || !strings.Contains(got[0], "**督办事项逾期**") || !strings.Contains(got[0], msgs[0].IdempotencyKey) {
		t.Errorf("the robot got %q", got)
	}
	shot, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	step(t, tab, "screenshot", err)
	if err := os.WriteFile(filepath.Join(artifactDir(t, "browser"), "notify.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
}
