package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"pacer/internal/app"
	"pacer/internal/cadence"
	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/review"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// English pages (the UI is Chinese first, English when a user chooses it): every GET page of the
// route table, opened by every role with English chosen on the demo — with what the demo lacks
// made in Chinese first, as a Chinese colleague would (a meeting and its follow-ups, a reply, an
// extension asked, the reporter's figures, one returned; semi-monthly snapshots, one frozen
// before snapshots carried English names, and a risk note; a final report version and a figure
// revised after it; a project problem, agenda items, a follow-up with its leader) — shows no
// Chinese but the data users typed (unit, project, lead, enterprise names, titles, notes, audit
// values as recorded …) and official names with no English in the catalogue (regions; an
// indicator without an English name). The data is read back through the store and the services,
// not listed here; what is left once it is removed is Chinese the page wrote itself, and the
// test names each page and the runs it found.
//
// The walk runs on each database: the objects it plants go through the workflows and the store of
// either (their text is the same; what it reads back, and so what it strips, is the store's).

// enIDs are the demo objects the walk's paths name.
type enIDs struct {
	meeting, report int64
	projects, leads []string // one of each stage
	indicators      []string
}

// enPlant adds the cadence objects the demo lacks, in Chinese, through the workflows.
func enPlant(t *testing.T, s *store.Store, svc web.Services) enIDs {
	t.Helper()
	analyst := domain.Actor{Username: "demo-analyst", Role: domain.RoleAnalyst}
	reporter := domain.Actor{Username: "demo-reporter", Role: domain.RoleReporter}
	var o enIDs
	meeting, fus, err := svc.Cadence.RecordMeeting(ctx, analyst, domain.Meeting{RegionCode: demo.Region, Week: "2023-W29", HeldOn: "2023-07-20",
		Chair: "李主任", Attendees: []string{"王科长", "陈局长"}}, []cadence.Decision{
		{Title: "核对零售额口径", OwnerUnit: demo.ReporterUnit, Deadline: "2023-07-31", LinkKind: domain.LinkIndicator, LinkRef: "retail"},
		{Title: "推动项目动工", OwnerUnit: demo.Region + "-fgj", Deadline: "2023-06-30"},
	})
	if err != nil || len(fus) != 2 {
		t.Fatalf("the demo's meeting: %v, %d follow-ups", err, len(fus))
	}
	o.meeting = meeting.ID
	if err := svc.Cadence.Reply(ctx, reporter, demo.ReporterUnit, demo.Region, fus[0].ID, "已与统计局核对完毕", nil); err != nil {
		t.Fatal(err)
	}
	if err := svc.Cadence.RequestExtension(ctx, reporter, demo.ReporterUnit, demo.Region, fus[0].ID, "2023-08-15", "等待月报数据"); err != nil {
		t.Fatal(err)
	}
	// The reporter's July figures, in Chinese: retail returned with a reason, trade submitted.
	ru, err := s.UserByName(ctx, "demo-reporter")
	if err != nil {
		t.Fatal(err)
	}
	var subs []domain.Submission
	for _, in := range []review.Entered{
		{Key: review.Key{Region: demo.Region, Indicator: "retail", Period: demo.OpenPeriod}, Value: domain.F(82.1), Growth: domain.F(5.6), Note: "含网上零售"},
		{Key: review.Key{Region: demo.Region, Indicator: "trade", Period: demo.OpenPeriod}, Value: domain.F(150.2), Growth: domain.F(3.1)},
	} {
		x, err := svc.Review.Save(ctx, reporter, ru, in)
		if err != nil {
			t.Fatalf("the reporter's %s: %v", in.Indicator, err)
		}
		subs = append(subs, x)
	}
	if err := svc.Review.Return(ctx, analyst, subs[0].ID, "增速与累计值不符，请核对"); err != nil {
		t.Fatal(err)
	}
	for _, date := range []string{"2023-07-01", "2023-07-16"} {
		if _, err := svc.Cadence.TakeSnapshotAs(ctx, analyst, demo.Region, date, "zh-CN"); err != nil {
			t.Fatal(err)
		}
	}
	// A snapshot frozen before its lines carried English names (no name_en in its body): its
	// page names the indicators from the catalogue at view time.
	x, err := s.SnapshotOn(ctx, demo.Region, "2023-07-01")
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal(x.Body, &body); err != nil {
		t.Fatal(err)
	}
	lines, _ := body["indicators"].([]any)
	for _, l := range lines {
		delete(l.(map[string]any), "name_en")
	}
	if len(lines) == 0 {
		t.Fatalf("the snapshot of 2023-07-01 has no lines: %s", x.Body)
	}
	old, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateSnapshot(ctx, store.Who{Username: "demo-analyst"}, domain.Snapshot{RegionCode: demo.Region, TakenOn: "2023-06-16",
		Period: "2023-05", Body: old}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Cadence.AnnotateRisk(ctx, analyst, demo.Region, "2023-07-16", "gdp", "二季度回落，需关注"); err != nil {
		t.Logf("no risk note on gdp (%v)", err)
	}
	v, err := svc.Reports.Finalize(ctx, analyst, demo.Region, demo.Period, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	o.report = v.ID
	// A figure revised after the version was kept: the versions page lists what changed, the
	// version's figures frozen in Chinese, their labels the reader's.
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "demo-analyst", Source: "english test", Observations: []domain.Observation{{
		RegionCode: demo.Region, IndicatorCode: "gdp", Period: "2023-06", Value: domain.F(224.5), Growth: domain.F(4.8), Source: "统计局修订"}}}); err != nil {
		t.Fatal(err)
	}
	ps, err := s.Projects(ctx, []string{demo.Region})
	if err != nil || len(ps) == 0 {
		t.Fatalf("the demo's projects: %v, %d", err, len(ps))
	}
	for i, p := range ps { // every stage once
		if i == 0 || !slices.ContainsFunc(ps[:i], func(q domain.Project) bool { return q.Stage == p.Stage }) {
			o.projects = append(o.projects, p.Code)
		}
	}
	// A problem on a project, and the project and a lead on the week's agenda (the display
	// shows them as slides).
	au, err := s.UserByName(ctx, "demo-analyst")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Projects.AddProblem(ctx, au, "", domain.Problem{ProjectCode: o.projects[0], Description: "土地指标待落实",
		CoordinatingUnit: "自然资源局", Deadline: "2023-08-31"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Cadence.CreateFollowUp(ctx, analyst, demo.Region, cadence.Decision{Title: "协调项目用地", OwnerUnit: demo.Region + "-zrj",
		Deadline: "2023-08-15", LinkKind: domain.LinkProject, LinkRef: o.projects[0], Leader: "demo-leader"}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Cadence.AddItem(ctx, analyst, demo.Region, "2023-W29", "project", o.projects[0], "督促尽快动工"); err != nil {
		t.Fatal(err)
	}
	ls, err := s.Leads(ctx, "")
	if err != nil || len(ls) == 0 {
		t.Fatalf("the demo's leads: %v, %d", err, len(ls))
	}
	for i, l := range ls {
		if i == 0 || !slices.ContainsFunc(ls[:i], func(m domain.Lead) bool { return m.Stage == l.Stage }) {
			o.leads = append(o.leads, l.Code)
		}
	}
	if err := svc.Cadence.AddItem(ctx, analyst, demo.Region, "2023-W29", "lead", o.leads[0], ""); err != nil {
		t.Fatal(err)
	}
	inds, err := s.Indicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ind := range inds {
		o.indicators = append(o.indicators, ind.Code)
	}
	return o
}

// enTyped is the data users typed or official names with no English, longest first: what the
// walk removes from a page before looking for Chinese.
func enTyped(t *testing.T, s *store.Store, svc web.Services) []string {
	t.Helper()
	var out []string
	add := func(xs ...string) {
		for _, x := range xs {
			if han.MatchString(x) {
				out = append(out, x)
			}
		}
	}
	regions, err := s.Regions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range regions { // official names: the catalogue has no English for a region
		if strings.HasPrefix(r.Code, "44") { // the demo's province: its peers, its prefecture's
			add(r.Name)
		}
	}
	units, err := s.AllUnits(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		add(u.Name)
	}
	inds, err := s.Indicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ind := range inds {
		if ind.NameEN == "" {
			add(ind.Name)
		}
	}
	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		add(u.DisplayName)
	}
	ts, err := s.Targets(ctx, demo.Region, demo.Year)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range ts {
		add(x.Source)
	}
	tree, err := s.GoalTree(ctx, demo.Region, demo.Year)
	if err != nil {
		t.Fatal(err)
	}
	for _, fp := range tree {
		add(fp.Title)
		for _, m := range fp.Measures {
			add(m.Text) // its figure's unit is a unit of measure: the page names it in English
		}
	}
	var codes []string
	for _, r := range regions {
		codes = append(codes, r.Code)
	}
	ps, err := s.Projects(ctx, codes)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		add(p.Name, p.Leader, p.OwnerUnit)
	}
	probs, err := s.Problems(ctx, codes)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		add(p.Description, p.CoordinatingUnit)
	}
	obs, err := s.Observations(ctx, store.ObservationQuery{Regions: codes, AllRevisions: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range obs { // where a figure comes from and the importer's note on it
		add(x.Source, x.Note)
	}
	bs, err := s.Benchmarks(ctx, demo.Region, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		add(b.Goal, b.Name, b.Source)
	}
	ls, err := s.Leads(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		add(l.Name, l.Industry, l.Team, l.TerminateReason)
	}
	es, err := s.Enterprises(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		add(e.Name, e.Industry)
	}
	ms, err := s.Meetings(ctx, demo.Region, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		add(m.Chair)
		add(m.Attendees...)
	}
	fus, err := s.FollowUps(ctx, store.FollowUpQuery{Region: demo.Region})
	if err != nil {
		t.Fatal(err)
	}
	for _, fu := range fus {
		add(fu.Title, fu.ExtensionReason)
		evs, err := s.FollowUpEvents(ctx, fu.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			add(ev.Text)
		}
	}
	a, err := svc.Cadence.WeeklyAgenda(ctx, demo.Region, "2023-W29")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range a.Items { // the analyst's own title of an item
		add(it.Custom)
	}
	subs, err := s.Submissions(ctx, store.SubmissionQuery{Under: demo.Region})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range subs {
		add(x.Note, x.Reason)
	}
	xs, err := s.Snapshots(ctx, demo.Region)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range xs {
		notes, err := s.SnapshotNotes(ctx, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range notes {
			add(n.Note)
		}
	}
	audit, err := s.AuditLog(ctx, 100000)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range audit { // an audit record's values as written (the page says so)
		add(a.OldValue, a.NewValue)
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) || len(out[i]) == len(out[j]) && out[i] < out[j] })
	return slices.Compact(out)
}

var (
	// What a reader does not read as the page's text, and the language switch, which names
	// Chinese in Chinese (中文) for the reader who wants it.
	enInvisible = regexp.MustCompile(`(?is)<script\b[^>]*>.*?</script>|<style\b[^>]*>.*?</style>|<!--.*?-->|<button[^>]*id="lang-switch"[^>]*>[^<]*</button>|<a[^>]*id="login-lang"[^>]*>[^<]*</a>`)
	enTag       = regexp.MustCompile(`(?s)<[^>]*>`)
	// The attributes a user reads: a tooltip, a placeholder, an image's text, a label a small
	// screen shows beside a cell (data-label), the data a chart is drawn from (its names, labels
	// and unit: data-chart, data-funnel), the texts and unit a script writes (data-unit,
	// data-landing, data-msg-* …).
	enAttr = regexp.MustCompile(`(?i)\s(?:title|placeholder|alt|aria-label|data-label|data-chart|data-funnel|data-unit|data-landing|data-tier|` +
		`data-tier-assigned|data-tier-stretch|data-required|data-error|data-failed|data-field|data-checking|data-uploading|data-msg-[a-z]+)="([^"]*)"`)
	enRun = regexp.MustCompile(`\p{Han}[\p{Han}\p{P}\d ]*`)
)

// enChinese returns the runs of Chinese a page shows once typed data is removed.
func enChinese(body string, typed []string) []string {
	body = enInvisible.ReplaceAllString(body, " ")
	var text []string
	for _, m := range enAttr.FindAllStringSubmatch(body, -1) {
		text = append(text, m[1])
	}
	text = append(text, enTag.ReplaceAllString(body, "\n"))
	s := []rune(html.UnescapeString(strings.Join(text, "\n")))
	covered := enTypedIn(s, typed)
	var runs []string
	for i := 0; i < len(s); {
		if covered[i] || !unicode.Is(unicode.Han, s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && !covered[j] && s[j] != '\n' && (unicode.Is(unicode.Han, s[j]) || unicode.IsPunct(s[j]) || unicode.IsDigit(s[j]) || s[j] == ' ') {
			j++
		}
		if r := strings.TrimSpace(string(s[i:j])); !slices.Contains(runs, r) {
			runs = append(runs, r)
		}
		i = j
	}
	return runs
}

// enTypedIn marks the runes of s that are typed data: an occurrence of a typed string counts
// when it stands on its own — no Chinese character on either side but one of another occurrence
// that counts — so that a short datum (年, 示例) never hides the page's own Chinese around it.
func enTypedIn(s []rune, typed []string) []bool {
	type span struct{ from, to int }
	var spans []span
	str := string(s)
	for _, x := range typed {
		xr := len([]rune(x))
		for i := 0; ; {
			j := strings.Index(str[i:], x)
			if j < 0 {
				break
			}
			at := utf8.RuneCountInString(str[:i+j])
			spans = append(spans, span{at, at + xr})
			i += j + len(x)
		}
	}
	covered := make([]bool, len(s))
	han := func(k int) bool { return k >= 0 && k < len(s) && unicode.Is(unicode.Han, s[k]) && !covered[k] }
	for changed := true; changed; {
		changed = false
		for _, sp := range spans {
			if covered[sp.from] || han(sp.from-1) || han(sp.to) {
				continue
			}
			for k := sp.from; k < sp.to; k++ {
				covered[k] = true
			}
			changed = true
		}
	}
	return covered
}

func TestEnglishPagesHaveNoChinese(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) { enWalk(t, demos.Open(t, d.Name)) })
	}
}

// enWalk is the walk on the demo store s.
func enWalk(t *testing.T, s *store.Store) {
	svc := app.Services(s)
	o := enPlant(t, s, svc)
	base := newServer(t, s)
	typed := enTyped(t, s, svc)

	rq := "region=" + demo.Region
	at := rq + "&period=" + demo.Period
	week := rq + "&week=2023-W29"
	// paths: every GET route of the table with the demo's parameters; nil for a route that
	// answers no page (a file, JSON, an image, a health check).
	paths := map[string][]string{
		"GET /healthz": nil, "GET /metrics": nil, "GET /static/": nil,
		"GET /login":                               {"/login"},
		"GET /{$}":                                 {"/"},
		"GET /account/password":                    {"/account/password"},
		"GET /account/second-factor":               {"/account/second-factor"},
		"GET /account/tokens":                      {"/account/tokens"},
		"GET /dashboard":                           {"/dashboard?" + at, "/dashboard?" + rq + "&period=2023-06", "/dashboard?region=440784001&period=2023-07"},
		"GET /scorecard":                           {"/scorecard?" + at, "/scorecard?" + rq + "&period=2023-06"},
		"GET /indicators/{code}":                   nil, // below: every indicator
		"GET /goaltree":                            {"/goaltree?" + rq + "&year=2023"},
		"GET /goals/long-range":                    {"/goals/long-range?" + rq},
		"GET /api/v1/scorecard":                    nil,
		"GET /api/v1/ranking":                      nil,
		"GET /api/v1/indicators/{code}/series":     nil,
		"GET /api/v1/openapi.json":                 nil,
		"GET /api/v1/indicators/{code}/scenario":   nil,
		"GET /rollup":                              {"/rollup?" + at, "/rollup?region=440700&period=" + demo.Period},
		"GET /api/v1/rollup":                       nil,
		"GET /entry":                               {"/entry", "/entry?" + rq + "&indicator=retail&period=" + demo.Period},
		"GET /review":                              {"/review", "/review?" + at, "/review?" + rq + "&period=2023-06"},
		"GET /targets":                             {"/targets?" + rq + "&year=2023"},
		"GET /import":                              {"/import"},
		"GET /import/template/{kind}":              nil,
		"GET /units":                               {"/units?" + rq},
		"GET /audit":                               {"/audit"},
		"GET /users":                               {"/users"},
		"GET /policy":                              {"/policy"},
		"GET /roles":                               {"/roles"},
		"GET /users/tokens":                        {"/users/tokens"},
		"GET /projects":                            {"/projects?" + at},
		"GET /projects/{code}":                     nil, // below: a project of each stage
		"GET /projects/{code}/photos/{id}":         nil,
		"GET /attraction":                          {"/attraction?" + at},
		"GET /attraction/leads/{code}":             nil, // below: a lead of each stage
		"GET /api/v1/attraction/summary":           nil,
		"GET /enterprises":                         {"/enterprises?" + at},
		"GET /setup":                               {"/setup"},
		"GET /notify":                              {"/notify"},
		"GET /deadlines":                           {"/deadlines"},
		"GET /dispatch":                            {"/dispatch?" + week},
		"GET /dispatch/print":                      {"/dispatch/print?" + week},
		"GET /dispatch/agenda.docx":                nil,
		"GET /report/monthly":                      nil, // the .docx
		"GET /report/monthly/print":                {"/report/monthly/print?" + at},
		"GET /report/monthly/versions":             {"/report/monthly/versions?" + at},
		"GET /report/monthly/versions/{id}":        nil, // the kept .docx
		"GET /report/monthly/edit":                 {"/report/monthly/edit?" + at},
		"GET /dispatch/meetings/{id}":              {"/dispatch/meetings/" + strconv.FormatInt(o.meeting, 10) + "?" + rq},
		"GET /dispatch/meetings/{id}/minutes.docx": nil,
		"GET /display":                             {"/display?" + week},
		"GET /followups":                           {"/followups?" + rq},
		"GET /followups/photos/{id}":               nil,
		"GET /assess": {"/assess?" + rq, "/assess?" + rq + "&date=2023-07-16",
			"/assess?" + rq + "&date=2023-06-16", "/assess?" + rq + "&a=2023-06-16&b=2023-07-16"},
	}
	for _, code := range o.indicators {
		paths["GET /indicators/{code}"] = append(paths["GET /indicators/{code}"], "/indicators/"+code+"?"+at)
	}
	for _, code := range o.projects {
		paths["GET /projects/{code}"] = append(paths["GET /projects/{code}"], "/projects/"+code+"?period="+demo.Period)
	}
	for _, code := range o.leads {
		paths["GET /attraction/leads/{code}"] = append(paths["GET /attraction/leads/{code}"], "/attraction/leads/"+code)
	}
	var walk []string
	for _, rt := range (&web.Server{}).Routes() {
		if !strings.HasPrefix(rt.Pattern, "GET ") {
			continue
		}
		ps, ok := paths[rt.Pattern]
		if !ok {
			t.Errorf("route %s: no path in the English walk (add the page's paths, or nil when it is no page)", rt.Pattern)
		}
		walk = append(walk, ps...)
	}

	pages := 0
	for _, role := range domain.Roles {
		c := login(t, base, "demo-"+string(role), demoPassword)
		c.english()
		for _, p := range walk {
			r := c.get(p)
			if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
				continue
			}
			if r.code == http.StatusInternalServerError {
				t.Errorf("%s GET %s: 500\n%.1000s", role, p, r.body)
				continue
			}
			pages++
			if runs := enChinese(r.body, typed); len(runs) > 0 {
				t.Errorf("%s GET %s (%d): Chinese on an English page: %q", role, p, r.code, runs)
			}
		}
	}
	t.Logf("%d English pages read, %d paths a role", pages, len(walk))
	if pages < 100 {
		t.Errorf("the walk read %d English pages, want at least 100", pages)
	}
}

// Every fixed word of the registers — what the walk's demo may not hold — has its English name
// in the catalogue (locale.Word), and its Chinese name is the word itself.
func TestRegisterWordsInEnglish(t *testing.T) {
	var words []string
	words = append(words, domain.ProjectLevels...)
	words = append(words, domain.ProjectCategories...)
	words = append(words, domain.ProjectStages...)
	words = append(words, domain.ProblemStates...)
	words = append(words, domain.SourceRegions...)
	words = append(words, domain.Titles...)
	for _, st := range append(domain.LeadStages, domain.LeadTerminated) {
		words = append(words, string(st))
	}
	for _, w := range words {
		if en := locale.Word("en", w); han.MatchString(en) || en == "" {
			t.Errorf("%s: got the English name %q, want one in the catalogue (catalog/*/vocab.json, locale.wordKeys)", w, en)
		}
		if zh := locale.Word("zh-CN", w); zh != w {
			t.Errorf("%s: got the Chinese name %q, want the word itself", w, zh)
		}
	}
}
