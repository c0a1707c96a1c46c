package web_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"pacer/internal/app"
	"pacer/internal/cli"
	"pacer/internal/sheet"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// TestBrowserWalk is issue 11's story, end to end in Debian's Chromium, for a county that is not
// the demo's: 台山市 (440781, under 江门市 440700), 2023, from an empty migrated database (no
// demo, no fixture) on each database.
//
//  1. The first system administrator is created on the command line (`pacer user add ts_sys
//     --role sysadmin`, the password on standard input) — the one step the README does not do on
//     a page. Every other step is done in the browser, as its user would.
//  2. The sysadmin sets the home county and the year on /setup and creates the analyst on /users.
//  3. The analyst creates the commerce bureau (reports retail) and a town on /units, uploads the
//     targets (CSV) and the January–August figures (.xlsx) as an analyst writes them — Chinese
//     headers, names rather than codes, 2023年1-8月 — through the /import preview and confirm, and
//     opens September on /review.
//  4. The sysadmin creates the bureau's reporter and the leader on /users.
//  5. The reporter (a one-time password, changed at the first sign-in) enters September with a
//     slip (13.04 for 130.40) and submits; the analyst returns it with a reason; the reporter
//     corrects it and submits again; the analyst approves.
//  6. The leader opens /dashboard with no parameter and reads 台山市 2023, 1-9月, the figures,
//     both tiers and the 需增速 sentences, checked against the arithmetic below.
//
// The figures (亿元; retail is a flow with linear time progress, fai a rate: growth only):
//
//	retail 2022: 1-6月 80.10, 1-7月 93.60, 1-8月 107.50, 1-9月 121.30, 1-12月 170.20
//	retail 2023: 1-6月 85.20 (+6.4), 1-7月 99.70 (+6.5), 1-8月 114.80 (+6.8); 1-9月 130.40 (+7.5), entered
//	fai 2023:    1-7月 +6.9, 1-8月 +7.2 (September not yet reported)
//	gdp:         2022年1-6月 231.00, 2022年 480.00; 2023年1-6月 240.50, +4.8 at comparable prices
//	             (quarterly: the third quarter is not out yet in the September round)
//	targets:     gdp 下达 growth 5.5%; retail 下达 growth 6%, 自我加压 185亿元; fai 下达 growth 8%
func TestBrowserWalk(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) { walkTaishan(t, d.Open(t)) })
	}
}

const (
	walkSysadmin = "ts_sys"
	walkAnalyst  = "ts_ana"
	walkReporter = "ts_swj"
	walkLeader   = "ts_lead"
	walkFirst    = "Ts-Sysadm-2023" // the sysadmin's password, given on the command line
	walkOneTime  = "Ts-Temp-2023x"  // the one-time password the sysadmin gives each new account
	walkOwn      = "Ts-Mine-2023y"  // what each new account changes it to at its first sign-in
)

// walkTargetsCSV is the targets file as the analyst writes it: Chinese headers, the county by
// name, indicators by name, the tiers in Chinese.
const walkTargetsCSV = "地区,指标名称,年份,目标层级,目标值,目标增速(%)\n" +
	"台山市,地区生产总值,2023,下达,,5.5\n" +
	"台山市,社会消费品零售总额,2023,下达,,6\n" +
	"台山市,社会消费品零售总额,2023,自我加压,185,\n" +
	"台山市,固定资产投资,2023,下达,,8\n"

// walkFigures is the January–August workbook: 期别 as the bulletin writes it, the value's unit in
// its header, last year's months beside this year's.
func walkFigures() [][]any {
	rows := [][]any{{"地区", "指标名称", "期别", "累计值(亿元)", "增速(%)"}}
	add := func(name, period string, value, growth any) {
		rows = append(rows, []any{"台山市", name, period, value, growth})
	}
	for _, f := range []struct {
		period string
		value  float64
	}{{"2022年1-6月", 80.10}, {"2022年1-7月", 93.60}, {"2022年1-8月", 107.50}, {"2022年1-9月", 121.30}, {"2022年1-12月", 170.20}} {
		add("社会消费品零售总额", f.period, f.value, nil)
	}
	add("地区生产总值", "2022年1-6月", 231.00, nil)
	add("地区生产总值", "2022年1-12月", 480.00, nil)
	add("地区生产总值", "2023年1-6月", 240.50, 4.8)
	add("社会消费品零售总额", "2023年1-6月", 85.20, 6.4)
	add("社会消费品零售总额", "2023年1-7月", 99.70, 6.5)
	add("社会消费品零售总额", "2023年1-8月", 114.80, 6.8)
	add("固定资产投资", "2023年1-7月", nil, 6.9)
	add("固定资产投资", "2023年1-8月", nil, 7.2)
	return rows
}

// pageErrors collects what goes wrong in the tab: a script exception, a console error, a failed
// request or a response of 400 or more.
type pageErrors struct {
	mu   sync.Mutex
	errs []string
}

func (p *pageErrors) add(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.errs = append(p.errs, fmt.Sprintf(format, args...))
}

func (p *pageErrors) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.errs
	p.errs = nil
	return out
}

func watchPageErrors(t *testing.T, tab context.Context) *pageErrors {
	t.Helper()
	pe := &pageErrors{}
	err := chromedp.Listen(tab, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			msg := e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
			pe.add("script exception: %s (%s:%d)", msg, e.ExceptionDetails.URL, e.ExceptionDetails.LineNumber)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				pe.add("console %s: %s", e.Type, strings.Join(parts, " "))
			}
		case *network.EventResponseReceived:
			if e.Response.Status >= 400 && !strings.HasSuffix(e.Response.URL, "/favicon.ico") {
				pe.add("HTTP %d %s", e.Response.Status, e.Response.URL)
			}
		case *network.EventLoadingFailed:
			if !e.Canceled {
				pe.add("request failed: %s (%s)", e.ErrorText, e.Type)
			}
		}
	})
	step(t, tab, "listen to the tab's events", err)
	return pe
}

func walkTaishan(t *testing.T, s *store.Store) {
	// 1. The first account, on the command line, exactly as the README says.
	dsn := storetest.DSN(t, s)
	var out, errOut bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(walkFirst + "\n"), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	if code := cli.Main(ctx, env, []string{"user", "add", walkSysadmin, "--role", "sysadmin", "--db", dsn}); code != 0 {
		t.Fatalf("pacer user add %s --role sysadmin: exit %d\n%s%s", walkSysadmin, code, out.String(), errOut.String())
	}

	// The server as `pacer serve` starts it: no --region, no --period.
	base := serve(t, &web.Server{Services: app.Services(s)})
	tab := browser(t)
	pe := watchPageErrors(t, tab)
	checkErrors := func(where string) {
		t.Helper()
		for _, e := range pe.take() {
			t.Errorf("%s: page error: %s", where, e)
		}
	}
	text := func(sel string) string {
		t.Helper()
		got, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(sel)))
		step(t, tab, "read "+sel, err)
		return strings.Join(strings.Fields(got), " ")
	}
	body := func() string {
		t.Helper()
		got, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.body.innerText`))
		step(t, tab, "read the page", err)
		return strings.Join(strings.Fields(got), " ")
	}
	contains := func(where, got string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: got %q, want it to contain %q", where, got, w)
			}
		}
	}
	open := func(path string, ready string) {
		t.Helper()
		step(t, tab, "open "+path, chromedp.Do(tab, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS(ready))))
	}
	// submit clicks a submit button and waits for the page the form leads to.
	submit := func(what, button, ready string) {
		t.Helper()
		_, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(button)))
		step(t, tab, what, err)
		step(t, tab, what+": the page after", chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(ready))))
	}
	// fill sets a form's fields by name (text inputs and selects).
	fill := func(form string, fields map[string]string) {
		t.Helper()
		for name, v := range fields {
			sel := form + ` [name="` + name + `"]`
			step(t, tab, "fill "+sel, chromedp.Do(tab, chromedp.SetValue(chromedp.CSS(sel), v)))
		}
	}
	logout := func() {
		t.Helper()
		_, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("logout")))
		step(t, tab, "log out", err)
	}
	// firstLogin signs a new account in with its one-time password and changes it.
	firstLogin := func(user string) {
		t.Helper()
		browserLogin(t, tab, base, user, walkOneTime)
		step(t, tab, "the forced password change of "+user, chromedp.Do(tab,
			chromedp.WaitVisible(chromedp.ID("password-submit")),
			chromedp.SendKeys(chromedp.ID("current"), walkOneTime),
			chromedp.SendKeys(chromedp.ID("new"), walkOwn),
			chromedp.SendKeys(chromedp.ID("again"), walkOwn)))
		_, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("password-submit")))
		step(t, tab, "change the password of "+user, err)
		step(t, tab, "after the password change", chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("logout"))))
		if loc, _ := chromedp.Run(tab, chromedp.Location()); strings.Contains(loc, "/account/password") {
			t.Fatalf("%s: still on the password page after changing it:\n%s", user, body())
		}
	}
	addUser := func(user, role, unit, name string) {
		t.Helper()
		open("/users", "#users-form")
		fill("#users-form", map[string]string{"username": user, "display_name": name, "role": role, "unit": unit,
			"password": walkOneTime, "password2": walkOneTime})
		submit("create "+user, "#users-submit", "#users-created")
		contains("/users after creating "+user, text("#users-created"), user)
	}

	// 2. The sysadmin: the home county and year, then the analyst's account.
	browserLogin(t, tab, base, walkSysadmin, walkFirst)
	open("/setup", "#setup-form")
	contains("/setup before the first run", text("#setup-current"), "尚未")
	fill("#setup-form", map[string]string{"region": "440781", "year": "2023"})
	submit("save the settings", "#setup-submit", "#setup-saved")
	contains("/setup saved", text("#setup-saved"), "台山市", "2023")
	contains("the header after setup", text("#home"), "台山市 · 2023 年")
	addUser(walkAnalyst, "analyst", "", "台山市统计局分析员")
	checkErrors("sysadmin: setup and the analyst")
	logout()

	// 3. The analyst: units, the targets and the figures so far, September opened.
	firstLogin(walkAnalyst)
	contains("the analyst's header", text("#home"), "台山市 · 2023 年")
	open("/units", "#units-form")
	fill("#units-form", map[string]string{"code": "440781-swj", "name": "台山市商务局", "kind": "department"})
	step(t, tab, "tick retail", chromedp.Do(tab, chromedp.Click(chromedp.CSS(`#units-form input[name="indicator"][value="retail"]`))))
	submit("add the commerce bureau", "#units-submit", "#units-saved")
	fill("#units-form", map[string]string{"code": "440781100", "name": "台城街道", "kind": "town"})
	step(t, tab, "tick tourists", chromedp.Do(tab, chromedp.Click(chromedp.CSS(`#units-form input[name="indicator"][value="tourists"]`))))
	submit("add the town", "#units-submit", "#units-saved")
	contains("/units: the bureau", text(`tr[data-unit="440781-swj"]`), "部门", "440781", "社会消费品零售总额")
	contains("/units: the town", text(`tr[data-unit="440781100"]`), "镇街", "440781100", "接待游客")
	for code, name := range map[string]string{"440781-swj": "台山市商务局", "440781100": "台城街道"} {
		got, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector('tr[data-unit="`+code+`"] input[name="name"]').value`))
		step(t, tab, "read the name of "+code, err)
		if got != name {
			t.Errorf("/units %s: got the name %q, want %q", code, got, name)
		}
	}
	checkErrors("analyst: units")

	dir := t.TempDir()
	targets := filepath.Join(dir, "台山市2023年目标.csv")
	if err := os.WriteFile(targets, []byte(walkTargetsCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	figures := filepath.Join(dir, "台山市2023年1-8月主要指标.xlsx")
	f, err := os.Create(figures)
	if err != nil {
		t.Fatal(err)
	}
	if err := sheet.WriteXLSX(f, "1-8月", walkFigures()); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	upload := func(path, wantCounts string) {
		t.Helper()
		open("/import", "#import-form")
		step(t, tab, "choose "+path, chromedp.Do(tab, chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{path})))
		step(t, tab, "preview "+path, chromedp.Do(tab, chromedp.Click(chromedp.ID("import-submit")),
			chromedp.WaitVisible(chromedp.CSS("#import-preview"))))
		pageLoaded(t, tab)
		if got := body(); strings.Contains(got, "问题") && !strings.Contains(got, "确认") {
			t.Fatalf("preview of %s: refused:\n%s", filepath.Base(path), got)
		}
		contains("preview of "+filepath.Base(path), text("#import-counts"), wantCounts)
		// the figures agree with each other (85.20/80.10 = +6.37%, 99.70/93.60 = +6.52%,
		// 114.80/107.50 = +6.79%, each within a point of the growth written beside it)
		if n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('#import-warnings').length`)); err != nil || n != 0 {
			t.Errorf("preview of %s: got warnings, want none:\n%s", filepath.Base(path), body())
		}
		submit("confirm "+filepath.Base(path), "#import-confirm-button", "#import-result")
		contains("import of "+filepath.Base(path), text("#import-result"), wantCounts)
	}
	// 4 targets: gdp's, retail's two tiers and fai's; 13 figures: gdp 3, retail 5 of 2022 and 3
	// of 2023, fai 2.
	upload(targets, "新增 4，修订 0，未变 0")
	upload(figures, "新增 13，修订 0，未变 0")
	checkErrors("analyst: imports")

	open("/review", "#period-open")
	fill("form.period-new", map[string]string{"period": "2023-09"})
	submit("open 2023-09", "#period-open", `tr[data-period="2023-09"][data-state="open"]`)
	contains("/review periods", text(`tr[data-period="2023-09"]`), "台山市", "440781")
	checkErrors("analyst: opening September")
	logout()

	// 4. The sysadmin: the bureau's reporter and the leader.
	browserLogin(t, tab, base, walkSysadmin, walkFirst)
	addUser(walkReporter, "reporter", "440781-swj", "商务局统计员")
	addUser(walkLeader, "leader", "", "台山市领导")
	checkErrors("sysadmin: reporter and leader")
	logout()

	// typedWarnings is what the entry page says beside retail's value as it is typed (the message
	// under the input and the list of live warnings, where the page has one).
	typedWarnings := func() string {
		t.Helper()
		got, err := chromedp.Run(tab, chromedp.Evaluate[string](`['msg-value-retail', 'live-warn-retail']
			.map(id => document.getElementById(id)).filter(e => e && !e.hidden).map(e => e.textContent).join(' ').trim()`))
		step(t, tab, "read the typed warnings", err)
		return got
	}

	// 5. The round: the reporter submits September with a slip …
	firstLogin(walkReporter)
	open("/entry", "#value-retail")
	contains("/entry", body(), "台山市商务局", "社会消费品零售总额", "2023-09")
	// the row shows last year's 1-9月 (121.30) and this year's 1-8月 (114.80) beside the inputs
	contains("/entry retail row", text(`tr[data-indicator="retail"]`), "121.30", "114.80")
	step(t, tab, "type September's slip", chromedp.Do(tab,
		chromedp.SendKeys(chromedp.ID("value-retail"), "13.04"),
		chromedp.SendKeys(chromedp.ID("growth-retail"), "7.5")))
	// 13.04 is below August's 114.80: the page says so as it is typed
	if got := typedWarnings(); got == "" {
		t.Errorf("/entry: typed 13.04 after 114.80 and got no warning beside the value")
	}
	submit("submit September", "#submit-retail", `tr[data-indicator="retail"] [data-state="submitted"]`)
	checkErrors("reporter: the first submission")
	logout()

	// … the analyst sees it beside August and returns it with a reason …
	browserLogin(t, tab, base, walkAnalyst, walkOwn)
	row := `tr[data-indicator="retail"][data-state="submitted"]`
	open("/review", row)
	// previous 114.80 (2023-08); implied single month 13.04 − 114.80 = −101.76; last year's
	// September 121.30 − 107.50 = 13.80
	contains("/review the slip", text(row), "台山市商务局", "13.04", "114.80", "2023-08", "-101.76", "13.80")
	if got := text(row + " ul.warn"); got == "" {
		t.Errorf("/review: a cumulative below the previous month's shows no warning")
	}
	const reason = "1-9月累计值小于1-8月（114.80亿元），请核对"
	step(t, tab, "type the reason", chromedp.Do(tab, chromedp.SendKeys(chromedp.CSS(row+` input[name="reason"]`), reason)))
	submit("return the slip", row+" button.return", `tr[data-indicator="retail"][data-state="returned"]`)
	contains("/review returned", text(`tr[data-indicator="retail"][data-state="returned"]`), reason)
	checkErrors("analyst: the return")
	logout()

	// … the reporter reads the reason, corrects and submits again …
	browserLogin(t, tab, base, walkReporter, walkOwn)
	open("/entry", `tr[data-indicator="retail"] [data-state="returned"]`)
	contains("/entry returned", text(`tr[data-indicator="retail"]`), reason)
	step(t, tab, "correct the value", chromedp.Do(tab,
		chromedp.Clear(chromedp.ID("value-retail")),
		chromedp.SendKeys(chromedp.ID("value-retail"), "130.40")))
	// 130.40 after 114.80: September alone 15.60 after August's 15.10; 7.5% as the values give
	if got := typedWarnings(); got != "" {
		t.Errorf("/entry: 130.40 (+7.5%%) after 114.80 got a warning %q, want none", got)
	}
	submit("submit the correction", "#submit-retail", `tr[data-indicator="retail"] [data-state="submitted"]`)
	checkErrors("reporter: the correction")
	logout()

	// … and the analyst approves: 130.40 − 114.80 = 15.60 in September, a year earlier 13.80.
	browserLogin(t, tab, base, walkAnalyst, walkOwn)
	open("/review", row)
	contains("/review the correction", text(row), "130.40", "114.80", "15.60", "13.80")
	submit("approve", row+" button.approve", `tr[data-indicator="retail"][data-state="approved"]`)
	checkErrors("analyst: the approval")
	logout()

	// 6. The leader reads the dashboard, no parameter in the URL.
	firstLogin(walkLeader)
	open("/dashboard", `[data-indicator="retail"]`)
	if loc, _ := chromedp.Run(tab, chromedp.Location()); strings.Contains(loc, "?") {
		t.Errorf("dashboard URL: got %s, want no parameters", loc)
	}
	contains("the leader's header", text("#home"), "台山市 · 2023 年")
	// the latest period held is September's, the one just approved
	contains("dashboard title", text("h1"), "台山市", "2023年1-9月")
	// linear time progress at September: 9/12 = 75.0%
	contains("dashboard time progress", text("main p.muted strong"), "75.0%")
	head := text(`.head-figures[data-indicator="gdp"]`)
	t.Logf("dashboard headline: %s", head)
	// GDP, the headline, is quarterly: at 1-9月 its figure is still the first half's, shown
	// grey as 截至6月 with the arithmetic of June: time progress 6/12 = 50.0%, gap 4.8 − 5.5 =
	// −0.7 个百分点. 需增速 (comparable prices): w = 231.00/480.00 = 0.48125,
	// (5.5 − 0.48125 × 4.8)/(1 − 0.48125) = 3.19/0.51875 = 6.15 → 6.1%.
	contains("dashboard headline", head, "地区生产总值", "240.50", "4.8%", "截至6月", "5.5%", "50.0%", "-0.7")
	contains("dashboard headline sentence", text("ul.required"), "下达", "可比价", "截至6月：下半年需增长6.1%才能完成全年5.5%目标")
	if n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('#headline-no-data').length`)); err != nil || n != 0 {
		t.Errorf("dashboard headline: says there is no data beside GDP's figure")
	}
	retail := text(`[data-indicator="retail"]`)
	t.Logf("dashboard retail: %s", retail)
	// retail 1-9月 130.40, +7.5% (130.40/121.30 − 1 = 7.50%, as published); no other county of 江门
	// has a figure: no rank but 无同级数据.
	contains("dashboard retail", retail, "130.40", "7.5", "无同级数据")
	if got := text(`[data-indicator="retail"] .value`); got != "130.40" {
		t.Errorf("dashboard retail value: got %q, want 130.40", got)
	}
	// 下达 growth 6%: gap 7.5 − 6.0 = +1.5 个百分点, green. 需增速: w = 121.30/170.20 = 0.71269,
	// (6 − 0.71269 × 7.5)/(1 − 0.71269) = 0.65482/0.28731 = 2.28 → 2.3%.
	// 自我加压 185亿元: completion 130.40/185 = 70.49% → 70.5, against 75.0: −4.5 个百分点, yellow
	// (within the tolerance of 5); 需增速 (185 − 130.40)/(170.20 − 121.30) − 1 = 54.60/48.90 − 1
	// = 11.66 → 11.7%.
	contains("dashboard retail tiers", retail, "下达 6.0%", "自我加压 185亿元", "70.5",
		"四季度需增长2.3%才能完成全年6.0%目标", "四季度需增长11.7%才能完成全年185亿元目标")
	// the line's colour is the assigned tier's: +1.5 个百分点, green
	if got := text(`[data-indicator="retail"] .status`); got != "绿" {
		t.Errorf("dashboard retail status: got %q, want 绿 (7.5 against the assigned 6.0)", got)
	}
	// fai's figure is August's: at September it is stale, grey, 截至8月, its growth 7.2.
	fai := text(`[data-indicator="fai"]`)
	t.Logf("dashboard fai: %s", fai)
	contains("dashboard fai", fai, "7.2", "截至8月")
	page := body()
	checkErrors("leader: the dashboard")
	shot, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	step(t, tab, "screenshot", err)
	path := filepath.Join(artifactDir(t, "browser"), "walk-taishan-"+string(s.Dialect())+".png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("dashboard screenshot: %s", path)
	// Nothing on it reads the machine's clock: its year (whatever year the test runs in, unless
	// it is the county's 2023) is nowhere on the page.
	bads := []string{"鹤山", "示例", "缺少参数", "未设置"}
	if year := strconv.Itoa(time.Now().Year()); year != "2023" {
		bads = append(bads, year)
	}
	for _, bad := range bads {
		if strings.Contains(page, bad) {
			t.Errorf("dashboard: got %q on the page:\n%s", bad, page)
		}
	}

	// Each tier on the indicator's page, no parameter either: 下达 growth 7.5 against 6.0, +1.5,
	// 绿; 自我加压 70.5% done against 75.0%, −4.5 个百分点, 黄 (within 5).
	open("/indicators/retail", "section.headline")
	tiers, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll('section.headline tr.tier-row')].map(e => e.innerText.replace(/\s+/g, ' '))`))
	step(t, tab, "read the tier rows", err)
	t.Logf("/indicators/retail tiers: %q", tiers)
	if len(tiers) != 2 {
		t.Fatalf("/indicators/retail: got %d tier rows, want 2 (下达, 自我加压)", len(tiers))
	}
	contains("/indicators/retail 下达", tiers[0], "下达", "6.0%", "+1.5", "2.3", "绿")
	contains("/indicators/retail 自我加压", tiers[1], "自我加压", "185亿元", "70.5", "75.0", "-4.5", "11.7", "黄")
	checkErrors("leader: the indicator page")
}
