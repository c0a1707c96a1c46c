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

// TestBrowserKinds drives the demo in Debian's Chromium at its home period (2023-07) and reads
// what a leader sees of each kind of indicator (DESIGN.md §4a), on the dashboard and on each
// indicator's page: a level (城镇调查失业率, ceiling 5.5%) by its gap in 个百分点 and no
// completion; a stock (存款余额) by its completion against linear time progress; a ceiling (能源消费
// 总量, cap 108) by the most the second half may grow; and a stale figure (retail, June's in July)
// in grey as 截至6月. Screenshots are kept in artifacts/browser/.
func TestBrowserKinds(t *testing.T) {
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

	// text is the visible text of the first element sel matches, spaces collapsed.
	text := func(sel string) string {
		t.Helper()
		got, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(sel)))
		step(t, tab, "read "+sel, err)
		return strings.Join(strings.Fields(got), " ")
	}
	// look evaluates a JavaScript expression giving a string.
	look := func(what, js string) string {
		t.Helper()
		got, err := chromedp.Run(tab, chromedp.Evaluate[string](js))
		step(t, tab, what, err)
		return got
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
		step(t, tab, "screenshot "+name, err)
		path := filepath.Join(artifactDir(t, "browser"), name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}

	step(t, tab, "open /dashboard", chromedp.Do(tab,
		chromedp.Navigate(base+"/dashboard"),
		chromedp.WaitVisible(chromedp.CSS(`[data-indicator="energy_consumption"]`))))
	if got := text("h1 small"); got != "2023年1-7月" {
		t.Errorf("dashboard period: got %q, want 2023年1-7月 (the demo's home period)", got)
	}
	for _, tc := range []struct {
		name, sel string
		want      []string
	}{
		// unemployment 5.2 under a 5.5 ceiling: 5.5 − 5.2 = +0.3 个百分点; a year earlier 5.4
		{"level", `[data-indicator="unemployment"]`, []string{"5.2 %", "比上年同期-0.2个百分点", "不超过5.5%", "差距 +0.3个百分点", "绿",
			"水平类指标不计完成率，看与目标的差距", "水平类指标不计需增速"}},
		// deposits S0 600 → 633.6 of 660: 56.0% (against 7/12 = 58.3%: −2.3, yellow); 660/633.6 − 1 = 4.17%
		{"stock", `[data-indicator="deposits"]`, []string{"633.60", "660亿元", "56.0", "黄", "现价 全年剩余5个月需增长4.2%才能完成全年660亿元目标"}},
		// energy (quarterly, June current in July): 55 of 108 = 50.9% against 50%; (108 − 55)/(100 − 50) − 1 = 6.0% at most
		{"ceiling", `[data-indicator="energy_consumption"]`, []string{"55.00", "不超过108万吨标准煤", "50.9", "黄",
			"下半年增速不超过6.0%才能控制在全年108万吨标准煤以内"}},
	} {
		got := text(tc.sel)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("dashboard %s %s: got %q, want it to contain %q", tc.name, tc.sel, got, w)
			}
		}
	}
	if got := text(`[data-indicator="unemployment"] .value`); got != "5.2" {
		t.Errorf("dashboard level value: got %q, want 5.2", got)
	}
	if strings.Contains(text(`[data-indicator="unemployment"]`), "需增长") {
		t.Errorf("dashboard level: got a 需增速 sentence, want none (never computed for a level)")
	}
	// The time progress the stock is judged against is the linear one, shown at the top.
	if got := text(`main p.muted strong`); got != "58.3%" {
		t.Errorf("dashboard time progress: got %q, want 58.3%% (7/12)", got)
	}

	// A stale figure: retail's is June's in July — grey, 截至6月, never a colour.
	stale := `[data-indicator="retail"] .status`
	if got := text(stale); got != "截至6月" {
		t.Errorf("dashboard stale retail status: got %q, want 截至6月", got)
	}
	class := look("status class", `document.querySelector('`+stale+`').className`)
	bg := look("status colour", `getComputedStyle(document.querySelector('`+stale+`')).backgroundColor`)
	if !strings.Contains(class, "stale") || bg != "rgb(226, 226, 226)" {
		t.Errorf("dashboard stale retail status: got class %q, background %s; want stale, grey rgb(226, 226, 226)", class, bg)
	}
	if title := look("status title", `document.querySelector('`+stale+`').title`); title != "数据未报，显示最近一期" {
		t.Errorf("dashboard stale retail status title: got %q, want 数据未报，显示最近一期", title)
	}
	shot("dashboard-kinds.png")

	// The scorecard table: the stale rows grey 截至6月, the level's gap in 个百分点, the ceiling's ≤.
	step(t, tab, "open /scorecard", chromedp.Do(tab,
		chromedp.Navigate(base+"/scorecard"),
		chromedp.WaitVisible(chromedp.CSS(`table`))))
	table := text(`table`)
	for _, w := range []string{"截至6月", "+0.3个百分点", "≤6.0", "水平类指标不计完成率，看与目标的差距"} {
		if !strings.Contains(table, w) {
			t.Errorf("/scorecard: got %q, want it to contain %q", table, w)
		}
	}
	shot("scorecard-kinds.png")

	// The goal tree: retail's figure (June's, in July) is marked 截至6月 beside its measure.
	step(t, tab, "open /goaltree", chromedp.Do(tab,
		chromedp.Navigate(base+"/goaltree"),
		chromedp.WaitVisible(chromedp.CSS(`.gt-focus`))))
	if got := look("retail in the goal tree", `[...document.querySelectorAll('.gt-ind')].map(e => e.innerText).find(s => s.includes('社会消费品零售总额')) || ''`); !strings.Contains(got, "2023-06 截至6月 70.13") {
		t.Errorf("/goaltree retail: got %q, want 2023-06 截至6月 70.13", got)
	}
	shot("goaltree-kinds.png")

	// Each indicator page: the tier row and the sentences under it.
	for _, tc := range []struct {
		code string
		row  []string // the assigned tier's row
		more []string // elsewhere on the headline
	}{
		{"unemployment", []string{"下达", "不超过5.5%", "—", "+0.3个百分点", "绿", "水平类指标不计完成率"},
			[]string{"比上年同期-0.2个百分点"}},
		{"deposits", []string{"下达", "660亿元", "56.0", "58.3", "-2.3", "现价 4.2", "黄"},
			[]string{"现价 全年剩余5个月需增长4.2%才能完成全年660亿元目标"}},
		{"energy_consumption", []string{"下达", "不超过108万吨标准煤", "50.9", "50.0", "-0.9", "≤6.0", "黄"},
			[]string{"下半年增速不超过6.0%才能控制在全年108万吨标准煤以内"}},
		{"retail", nil, []string{"截至6月", "数据未报，显示最近一期"}},
	} {
		step(t, tab, "open /indicators/"+tc.code, chromedp.Do(tab,
			chromedp.Navigate(base+"/indicators/"+tc.code),
			chromedp.WaitVisible(chromedp.CSS(`section.headline`))))
		head := text(`section.headline`)
		if tc.row != nil {
			row := text(`section.headline tr.tier-row`)
			for _, w := range tc.row {
				if !strings.Contains(row, w) {
					t.Errorf("/indicators/%s tier row: got %q, want it to contain %q", tc.code, row, w)
				}
			}
		}
		for _, w := range tc.more {
			if !strings.Contains(head, w) {
				t.Errorf("/indicators/%s: got %q, want it to contain %q", tc.code, head, w)
			}
		}
		if tc.code == "energy_consumption" {
			shot("indicator-ceiling.png")
		}
	}
}
