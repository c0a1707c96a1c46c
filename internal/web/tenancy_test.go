package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"pacer/internal/accounts"
	"pacer/internal/app"
	"pacer/internal/auth"
	"pacer/internal/cadence"
	"pacer/internal/domain"
	"pacer/internal/plans"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// Tenancy by region (issue 16): the fixture's 阳春市 (county A, 441781) and its peer 江城区
// (county B, 441702), both under 阳江市. B's private objects — a unit, targets, a goal-tree point
// and measure, a submission, a project, a lead, a meeting and its follow-up, a plan, an API token,
// an account, audit rows — carry tnSecret; B's published figures (the fixture's bureau figures)
// do not. Every route of the table is walked as A's accounts (each route by a role the
// permission table lets in, so the answer is the scope's, not the guard's) against B's objects.
const (
	tnB      = "441702" // 江城区
	tnSecret = "江城机密TN7Q"
)

// tnObjects are the ids of B's objects, for the probes' paths.
type tnObjects struct {
	focus, measure, submission, meeting, followUp, plan, token, report int64
	project, lead, unit, account                                       string
}

// tnPlant adds B's private objects through the workflows and the store, as a deployment-wide
// actor (no scope in the context).
func tnPlant(t *testing.T, s *store.Store, svc web.Services) tnObjects {
	t.Helper()
	o := tnObjects{project: "JC-TN-1", lead: "JC-LEAD-1", unit: tnB + "-tn", account: "b-analyst"}
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "fixture", Source: "tenancy",
		Units:       []domain.Unit{{Code: o.unit, Name: tnSecret + "单位", RegionCode: tnB, Kind: "department"}},
		Targets:     []domain.Target{{RegionCode: tnB, IndicatorCode: "gdp", Year: 2024, Tier: domain.Assigned, Growth: domain.F(9.9), Source: tnSecret}},
		Assignments: []store.Assignment{{UnitCode: o.unit, IndicatorCode: "retail", RegionCode: tnB}},
	}); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(fxPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, store.Who{Username: "fixture"}, domain.User{Username: o.account, DisplayName: tnSecret + "账号",
		Role: domain.RoleAnalyst, RegionCode: tnB, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	bActor := domain.Actor{Username: o.account, Role: domain.RoleAnalyst}
	fp, err := svc.Goals.AddFocus(ctx, bActor, tnB, 2024, tnSecret+"重点")
	if err != nil {
		t.Fatal(err)
	}
	o.focus = fp.ID
	m, _, err := svc.Goals.AddMeasure(ctx, bActor, fp.ID, domain.Measure{Text: tnSecret + "举措"})
	if err != nil {
		t.Fatal(err)
	}
	o.measure = m.ID
	if err := s.SetPeriod(ctx, store.Who{Username: "fixture"}, tnB, "2024-06", store.PeriodOpen); err != nil {
		t.Fatal(err)
	}
	sub, err := s.WriteSubmission(ctx, store.Who{Username: "b-reporter"}, nil, domain.Submission{UnitCode: o.unit, RegionCode: tnB,
		IndicatorCode: "retail", Period: "2024-06", Value: domain.F(61.5), Note: tnSecret, State: domain.Submitted, SubmittedBy: "b-reporter",
		SubmittedAt: s.Now()}, store.PeriodOpen)
	if err != nil {
		t.Fatal(err)
	}
	o.submission = sub.ID
	if _, err := s.ApplyProjects(ctx, store.ProjectBatch{Actor: "fixture", Source: "tenancy", Projects: []domain.Project{{Code: o.project,
		Name: tnSecret + "项目", Level: "省重点", Category: "工业", RegionCode: tnB, Stage: "动工", TotalInvestment: 10, OwnerUnit: o.unit}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveLeads(ctx, store.Who{Username: "fixture"}, []domain.Lead{{Code: o.lead, Name: tnSecret + "线索", Stage: domain.LeadTalks,
		Investment: 3, Industry: "装备", SourceRegion: domain.SourceRegions[0], Team: "招商1组", RegionCode: tnB, ReceivedDate: "2024-03-01"}}); err != nil {
		t.Fatal(err)
	}
	meeting, fus, err := svc.Cadence.RecordMeeting(ctx, bActor, domain.Meeting{RegionCode: tnB, Week: "2024-W24", HeldOn: "2024-06-14",
		Chair: tnSecret + "主持"}, []cadence.Decision{{Title: tnSecret + "事项", OwnerUnit: o.unit, Deadline: "2024-06-30"}})
	if err != nil || len(fus) != 1 {
		t.Fatalf("B's meeting: %v, %d follow-ups", err, len(fus))
	}
	o.meeting, o.followUp = meeting.ID, fus[0].ID
	months := [12]*float64{}
	for i := range months {
		months[i] = domain.F(float64(i+1) * 10)
	}
	if pl, err := svc.Plans.SavePlan(ctx, bActor, plansEntry(tnB, months)); err == nil {
		o.plan = pl.ID
	} else {
		t.Logf("B's plan not saved (%v): the approve probe uses an unknown id", err)
		o.plan = 999999
	}
	_, tok, err := svc.Accounts.CreateToken(ctx, domain.Who{Username: "fixture"}, accounts.NewToken{Username: o.account, Label: tnSecret + "令牌"})
	if err != nil {
		t.Fatal(err)
	}
	o.token = tok.ID
	if v, err := svc.Reports.Finalize(ctx, bActor, tnB, "2024-06", "zh-CN"); err == nil {
		o.report = v.ID
	} else {
		t.Logf("B's report not kept (%v): the version probe uses an unknown id", err)
		o.report = 999999
	}
	return o
}

// tnProbe is one request of the walk.
type tnProbe struct {
	method, path string
	form         url.Values
	// open: the route is not about a region's objects (an account's own pages, sign-in, static
	// files) or lists only what the scope covers: any status, but never B's data.
	open bool
	// upload sends form as multipart with a CSV file of B's targets.
	upload bool
	// fresh runs it on a session of its own (sign-out, password change).
	fresh bool
}

func tnProbes(o tnObjects) map[string]tnProbe {
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	get := func(p string) tnProbe { return tnProbe{method: "GET", path: p} }
	post := func(p string, kv ...string) tnProbe {
		f := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			f.Add(kv[i], kv[i+1])
		}
		return tnProbe{method: "POST", path: p, form: f}
	}
	open := func(p tnProbe) tnProbe { p.open = true; return p }
	rq := "region=" + tnB
	return map[string]tnProbe{
		"GET /healthz":                           open(get("/healthz")),
		"GET /metrics":                           open(get("/metrics")),
		"GET /static/":                           open(get("/static/app.css")),
		"GET /login":                             open(get("/login")),
		"POST /login":                            open(post("/login", "username", o.account, "password", "wrong")),
		"POST /logout":                           {method: "POST", path: "/logout", open: true, fresh: true},
		"POST /lang":                             open(post("/lang", "lang", "zh-CN", "next", "/")),
		"GET /{$}":                               open(get("/")),
		"GET /account/password":                  open(get("/account/password")),
		"POST /account/password":                 {method: "POST", path: "/account/password", form: url.Values{"current": {"x"}}, open: true, fresh: true},
		"GET /account/second-factor":             open(get("/account/second-factor")),
		"POST /account/second-factor":            open(post("/account/second-factor", "code", "000000")),
		"GET /account/tokens":                    open(get("/account/tokens")),
		"POST /account/tokens/{id}/revoke":       post("/account/tokens/" + id(o.token) + "/revoke"),
		"GET /dashboard":                         get("/dashboard?" + rq + "&period=2024-06"),
		"GET /scorecard":                         get("/scorecard?" + rq + "&period=2024-06"),
		"GET /indicators/{code}":                 get("/indicators/gdp?" + rq + "&period=2024-06"),
		"POST /indicators/{code}/basis":          post("/indicators/gdp/basis", "basis", "register", "region", tnB),
		"GET /goaltree":                          get("/goaltree?" + rq + "&year=2024"),
		"GET /goals/long-range":                  get("/goals/long-range?" + rq),
		"GET /api/v1/scorecard":                  get("/api/v1/scorecard?" + rq + "&period=2024-06"),
		"GET /api/v1/ranking":                    get("/api/v1/ranking?parent=440700&indicator=gdp&period=2024-06"),
		"GET /api/v1/indicators/{code}/series":   get("/api/v1/indicators/gdp/series?" + rq + "&period=2024-06"),
		"GET /api/v1/openapi.json":               open(get("/api/v1/openapi.json")),
		"GET /api/v1/indicators/{code}/scenario": get("/api/v1/indicators/gdp/scenario?" + rq + "&period=2024-06&growth=5"),
		"POST /goaltree/focus":                   post("/goaltree/focus", "region", tnB, "year", "2024", "title", "A写入"),
		"POST /goals/long-range":                 post("/goals/long-range", "region", tnB, "indicator", "gdp", "year", "2027", "kind", "value", "value", "500", "label", "A写入"),
		"POST /plans":                            post("/plans", "region", tnB, "indicator", "gdp", "year", "2024", "tier", "assigned", "months", "10,20,30,40,50,60,70,80,90,100,110,120"),
		"POST /plans/{id}/approve":               post("/plans/" + id(o.plan) + "/approve"),
		"POST /goaltree/measures":                post("/goaltree/measures", "focus", id(o.focus), "text", "A写入"),
		"POST /goaltree/measures/{id}":           post("/goaltree/measures/"+id(o.measure), "text", "A写入"),
		"POST /goaltree/measures/{id}/archive":   post("/goaltree/measures/" + id(o.measure) + "/archive"),
		"GET /entry":                             get("/entry?" + rq + "&indicator=retail&period=2024-06&id=" + id(o.submission)),
		"POST /entry":                            post("/entry", "region", tnB, "indicator", "retail", "period", "2024-06", "value", "1", "id", id(o.submission)),
		"GET /review":                            open(get("/review")),
		"POST /review/{id}/approve":              post("/review/" + id(o.submission) + "/approve"),
		"POST /review/{id}/return":               post("/review/"+id(o.submission)+"/return", "reason", "A退回"),
		"POST /periods":                          post("/periods", "region", tnB, "period", "2024-06", "state", "locked"),
		"GET /targets":                           get("/targets?" + rq + "&year=2024"),
		"POST /targets":                          post("/targets", "region", tnB, "year", "2024"),
		"GET /import":                            open(get("/import")),
		// A row of B's is a problem of that row in the upload's preview (nothing written: tnUnchanged).
		"POST /import":                             {method: "POST", path: "/import", upload: true, open: true},
		"POST /import/confirm":                     open(post("/import/confirm", "token", "x")),
		"GET /import/template/{kind}":              open(get("/import/template/observations?" + rq + "&period=2024-06")), // the home region's
		"GET /units":                               get("/units?" + rq),
		"POST /units":                              post("/units", "region", tnB, "code", tnB+"-a", "name", "A写入", "kind", "department"),
		"POST /units/{code}/rename":                post("/units/"+o.unit+"/rename", "name", "A写入"),
		"POST /units/{code}/retire":                post("/units/" + o.unit + "/retire"),
		"POST /units/{code}/indicators":            post("/units/"+o.unit+"/indicators", "indicator", "gdp"),
		"GET /audit":                               open(get("/audit")),
		"GET /users":                               open(get("/users")),
		"POST /users":                              post("/users", "username", "a-made", "role", "analyst", "region", tnB, "password", "Tn-2024-abcXYZ", "password2", "Tn-2024-abcXYZ"),
		"POST /users/{username}/disable":           post("/users/" + o.account + "/disable"),
		"POST /users/{username}/enable":            post("/users/" + o.account + "/enable"),
		"GET /policy":                              open(get("/policy")),
		"POST /policy":                             post("/policy", "password_min_length", "12"),
		"GET /roles":                               open(get("/roles")),
		"POST /roles/{username}":                   post("/roles/"+o.account, "role", "leader"),
		"GET /users/tokens":                        open(get("/users/tokens")),
		"POST /users/tokens/{id}/revoke":           post("/users/tokens/" + id(o.token) + "/revoke"),
		"GET /projects":                            get("/projects?" + rq + "&period=2024-06"),
		"GET /projects/{code}":                     get("/projects/" + o.project + "?period=2024-06"),
		"GET /projects/{code}/photos/{id}":         get("/projects/" + o.project + "/photos/1"),
		"POST /projects/{code}":                    post("/projects/"+o.project, "name", "A写入"),
		"POST /projects/{code}/progress":           post("/projects/"+o.project+"/progress", "period", "2024-06", "completed", "1"),
		"POST /projects/{code}/milestones":         post("/projects/"+o.project+"/milestones", "milestone", "开工", "planned", "2024-06-01"),
		"POST /projects/{code}/problems":           post("/projects/"+o.project+"/problems", "description", "A写入"),
		"POST /projects/{code}/problems/{id}":      post("/projects/"+o.project+"/problems/1", "state", "已解决"),
		"POST /projects/{code}/photos":             post("/projects/" + o.project + "/photos"),
		"GET /attraction":                          get("/attraction?" + rq + "&period=2024-06"),
		"GET /attraction/leads/{code}":             get("/attraction/leads/" + o.lead),
		"POST /attraction/leads/{code}":            post("/attraction/leads/"+o.lead, "name", "A写入", "region", tnB, "stage", "洽谈"),
		"POST /attraction/leads/{code}/project":    post("/attraction/leads/"+o.lead+"/project", "project_code", "A-P"),
		"GET /api/v1/attraction/summary":           get("/api/v1/attraction/summary?" + rq + "&period=2024-06"),
		"GET /enterprises":                         get("/enterprises?" + rq + "&period=2024-06"),
		"GET /setup":                               open(get("/setup")),
		"POST /setup":                              post("/setup", "region", tnB, "year", "2024"),
		"GET /notify":                              open(get("/notify")),
		"POST /notify/subscriptions":               post("/notify/subscriptions", "unit", o.unit, "kind", "followup.overdue", "channel", "webhook", "target", "https://example.com/hook"),
		"POST /notify/subscriptions/{id}/remove":   post("/notify/subscriptions/1/remove"),
		"POST /notify/outbox/{id}/retry":           post("/notify/outbox/1/retry"),
		"GET /dispatch":                            get("/dispatch?" + rq + "&week=2024-W24"),
		"GET /dispatch/print":                      get("/dispatch/print?" + rq + "&week=2024-W24"),
		"GET /dispatch/agenda.docx":                get("/dispatch/agenda.docx?" + rq + "&week=2024-W24"),
		"GET /report/monthly":                      get("/report/monthly?" + rq + "&period=2024-06"),
		"GET /dispatch/meetings/{id}":              get("/dispatch/meetings/" + id(o.meeting) + "?" + rq),
		"GET /dispatch/meetings/{id}/minutes.docx": get("/dispatch/meetings/" + id(o.meeting) + "/minutes.docx?" + rq),
		"POST /dispatch/items":                     post("/dispatch/items", "region", tnB, "week", "2024-W24", "kind", "note", "title", "A写入"),
		"POST /dispatch/items/move":                post("/dispatch/items/move", "region", tnB, "week", "2024-W24", "kind", "note", "ref", "x", "delta", "1"),
		"POST /dispatch/items/remove":              post("/dispatch/items/remove", "region", tnB, "week", "2024-W24", "kind", "note", "ref", "x"),
		"POST /dispatch/meetings":                  post("/dispatch/meetings", "region", tnB, "week", "2024-W24", "held_on", "2024-06-14", "chair", "A写入"),
		"GET /display":                             get("/display?" + rq + "&week=2024-W24"),
		"GET /followups":                           get("/followups?" + rq),
		"GET /followups/photos/{id}":               get("/followups/photos/1?" + rq),
		"POST /followups":                          post("/followups", "region", tnB, "title", "A写入", "owner_unit", o.unit, "deadline", "2024-07-30"),
		"POST /followups/{id}/reply":               post("/followups/"+id(o.followUp)+"/reply", "region", tnB, "text", "A写入"),
		"POST /followups/{id}/extension":           post("/followups/"+id(o.followUp)+"/extension", "region", tnB, "deadline", "2024-08-30", "reason", "A写入"),
		"POST /followups/{id}/close":               post("/followups/"+id(o.followUp)+"/close", "region", tnB, "text", "A写入"),
		"POST /followups/{id}/return":              post("/followups/"+id(o.followUp)+"/return", "region", tnB, "reason", "A写入"),
		"POST /followups/{id}/extension/decide":    post("/followups/"+id(o.followUp)+"/extension/decide", "region", tnB, "grant", "1"),
		"GET /assess":                              get("/assess?" + rq + "&date=2024-06-16"),
		"POST /assess":                             post("/assess", "region", tnB, "date", "2024-06-16"),
		"POST /assess/notes":                       post("/assess/notes", "region", tnB, "date", "2024-06-16", "indicator", "gdp", "note", "A写入"),
		// A county account sees no roll-up of its prefecture: the counties' targets and rounds are theirs.
		"GET /rollup":                       get("/rollup?region=441700&period=2024-06"),
		"GET /api/v1/rollup":                get("/api/v1/rollup?region=441700&period=2024-06"),
		"GET /deadlines":                    open(get("/deadlines")), // lists only what the scope covers
		"POST /deadlines":                   post("/deadlines", "default_day", "12", "escalate_days", "5"),
		"POST /deadlines/day":               post("/deadlines/day", "scope", "unit", "code", o.unit, "day", "20"),
		"GET /report/monthly/print":         get("/report/monthly/print?" + rq + "&period=2024-06"),
		"GET /report/monthly/versions":      get("/report/monthly/versions?" + rq + "&period=2024-06"),
		"GET /report/monthly/versions/{id}": get("/report/monthly/versions/" + id(o.report) + "?" + rq + "&period=2024-06"),
		"GET /report/monthly/edit":          get("/report/monthly/edit?" + rq + "&period=2024-06"),
		"POST /report/monthly/edit":         post("/report/monthly/edit?"+rq+"&period=2024-06", "key", "headline", "text", "A写入"),
		"POST /report/monthly/final":        post("/report/monthly/final?" + rq + "&period=2024-06"),
		"POST /followups/{id}/leader":       post("/followups/"+id(o.followUp)+"/leader", "region", tnB, "leader", ""),
	}
}

// TestTenancyWalk walks every route of the table as county A's accounts against county B's
// objects, on both databases: each region-bound request answers 404 or 403, and no answer holds
// B's private data; a route without a probe fails the test. Then A still sees its own data and
// the ranking among its peers, B's published figures included.
func TestTenancyWalk(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			svc := app.Services(s)
			o := tnPlant(t, s, svc)
			// The deployment's home is B: a page without a region opens at A for A's accounts.
			srv := &web.Server{Services: svc, HomeRegion: tnB, HomePeriod: fxHome}
			base := serve(t, srv)
			hash, err := auth.HashPassword(fxPassword)
			if err != nil {
				t.Fatal(err)
			}
			aUser := func(role domain.Role) string { return "a-" + string(role) }
			for _, role := range domain.Roles {
				u := domain.User{Username: aUser(role), Role: role, RegionCode: fxRegion, PasswordHash: hash}
				if role == domain.RoleReporter {
					u.UnitCode = fxRegion + "-swj"
				}
				if _, err := s.CreateUser(ctx, store.Who{Username: "fixture"}, u); err != nil {
					t.Fatal(err)
				}
			}
			clients := map[domain.Role]*client{}
			clientOf := func(role domain.Role) *client {
				if c := clients[role]; c != nil {
					return c
				}
				clients[role] = login(t, base, aUser(role), fxPassword)
				return clients[role]
			}
			probes := tnProbes(o)
			for _, rt := range srv.Routes() {
				p, ok := probes[rt.Pattern]
				if !ok {
					t.Errorf("route %s has no probe in the tenancy walk: add one (B's object or region)", rt.Pattern)
					continue
				}
				role := domain.RoleAnalyst
				if rt.Action != auth.Public && !auth.Can(role, rt.Action) {
					for _, r := range domain.Roles {
						if auth.Can(r, rt.Action) {
							role = r
							break
						}
					}
				}
				c := clientOf(role)
				if p.fresh {
					c = login(t, base, aUser(role), fxPassword)
				}
				var r response
				switch {
				case p.upload:
					r = tnUpload(t, c, p.path)
				case p.method == http.MethodGet:
					r = c.get(p.path)
				default:
					r = c.post(p.path, p.form)
				}
				if strings.Contains(r.body, tnSecret) {
					t.Errorf("%s %s as %s: the answer (%d) holds B's private data\n%.2000s", p.method, p.path, aUser(role), r.code, r.body)
				}
				if !p.open && r.code != http.StatusNotFound && r.code != http.StatusForbidden {
					t.Errorf("%s %s as %s: got %d, want 404 or 403\n%.1500s", p.method, p.path, aUser(role), r.code, r.body)
				}
			}
			for pattern := range probes {
				found := false
				for _, rt := range srv.Routes() {
					found = found || rt.Pattern == pattern
				}
				if !found {
					t.Errorf("probe %s names no route", pattern)
				}
			}
			tnUnchanged(t, s, o)
			tnOwnData(t, clientOf(domain.RoleAnalyst))
			tnPrefectureTargets(t, s, base)
		})
	}
}

// tnPrefectureTargets: the prefecture's analyst opens and sets a county's targets (/targets
// names the county; the deployment's home is B, so without the name the page would be B's),
// which a county's analyst cannot do for its neighbour (the walk above).
func tnPrefectureTargets(t *testing.T, s *store.Store, base string) {
	t.Helper()
	c := cwScoped(t, s, base, "p-analyst", domain.RoleAnalyst, fxParent)
	if r := c.get("/targets?region=" + fxRegion + "&year=2024"); r.code != http.StatusOK || !strings.Contains(r.body, fxName) ||
		!strings.Contains(r.body, `name="region" value="`+fxRegion+`"`) {
		t.Fatalf("the prefecture's analyst on A's targets: got %d, want 200 naming A and carrying its code\n%.1500s", r.code, r.body)
	}
	r := c.post("/targets", url.Values{"region": {fxRegion}, "year": {"2024"}, "gdp.assigned.growth": {"7.5"}, "gdp.source": {"市下达"}})
	if r.code != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "region="+fxRegion) {
		t.Fatalf("the prefecture's analyst saving A's targets: got %d → %s, want a redirect to A's sheet\n%.1500s", r.code, r.header.Get("Location"), r.body)
	}
	ts, err := s.Targets(ctx, fxRegion, 2024)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tg := range ts {
		found = found || (tg.IndicatorCode == "gdp" && tg.Tier == domain.Assigned && tg.Growth != nil && *tg.Growth == 7.5)
	}
	if !found {
		t.Errorf("A's gdp target after the prefecture set it: got %+v, want assigned growth 7.5", ts)
	}
}

// tnUnchanged: none of A's requests changed B's objects.
func tnUnchanged(t *testing.T, s *store.Store, o tnObjects) {
	t.Helper()
	if x, err := s.Submission(ctx, o.submission); err != nil || x.State != domain.Submitted {
		t.Errorf("B's submission after the walk: %+v, %v; want it still submitted", x, err)
	}
	if u, err := s.Unit(ctx, o.unit); err != nil || u.Retired || !strings.Contains(u.Name, tnSecret) {
		t.Errorf("B's unit after the walk: %+v, %v; want it unchanged", u, err)
	}
	if u, err := s.UserByName(ctx, o.account); err != nil || u.Disabled || u.Role != domain.RoleAnalyst {
		t.Errorf("B's account after the walk: %+v, %v; want it unchanged", u, err)
	}
	if ts, err := s.Targets(ctx, tnB, 2024); err != nil {
		t.Fatal(err)
	} else {
		for _, tg := range ts {
			if tg.Source == "A写入" {
				t.Errorf("B's targets after the walk: %+v was written by A's upload", tg)
			}
		}
	}
	if _, err := s.UserByName(ctx, "a-made"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("an account made by A in B's region: got %v, want none", err)
	}
}

// tnOwnData: A sees its own scorecard, and the ranking among its peers holds B's published
// figure (江城 gdp 210.00, +6.2).
func tnOwnData(t *testing.T, c *client) {
	t.Helper()
	if r := c.get("/scorecard?region=" + fxRegion + "&period=2024-06"); r.code != http.StatusOK || !strings.Contains(r.body, fxName) {
		t.Errorf("A's own scorecard: got %d, want 200 naming %s\n%.1500s", r.code, fxName, r.body)
	}
	if r := c.get("/dashboard"); r.code != http.StatusOK || !strings.Contains(r.body, fxName) {
		t.Errorf("A's dashboard (home): got %d, want 200 naming %s\n%.1500s", r.code, fxName, r.body)
	}
	rk := c.getJSON("/api/v1/ranking?parent="+fxParent+"&indicator=gdp&period=2024-06", http.StatusOK)
	rows, _ := rk["rows"].([]any)
	seen := map[string]float64{}
	for _, x := range rows {
		row := x.(map[string]any)
		g, _ := row["growth"].(float64)
		seen[fmt.Sprint(row["code"])] = g
	}
	if g, ok := seen[tnB]; !ok || g != 6.2 || len(rows) != 4 {
		t.Errorf("the ranking among A's peers: got %v, want 4 rows with %s at +6.2 (its published figure)", seen, tnB)
	}
}

// tnUpload posts a targets file of B to path: the preview of another region's targets.
func tnUpload(t *testing.T, c *client, path string) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf)
	fw, err := mw.CreateFormFile("file", "targets.csv")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(fw, "region_code,indicator,year,tier,value,growth,source,sample\n%s,gdp,2024,assigned,,5.5,A写入,\n", tnB)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.base+path, &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func plansEntry(region string, months [12]*float64) plans.PlanEntry {
	return plans.PlanEntry{Region: region, Indicator: "gdp", Year: 2024, Tier: domain.Assigned, Method: domain.PlanEntered, Months: months, Source: tnSecret}
}
