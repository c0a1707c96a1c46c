package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"pacer/internal/app"
	"pacer/internal/cadence"
	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/schedule"
	"pacer/internal/store"
	"pacer/internal/web"
)

// hookReceiver is a real local HTTP server taking generic webhooks: each message it got, by path.
type hookReceiver struct {
	*httptest.Server
	mu  sync.Mutex
	got map[string][]hookMessage
}

type hookMessage struct {
	Subject, Text string
	Data          map[string]any
	Key           string
}

func newHookReceiver(t *testing.T) *hookReceiver {
	rc := &hookReceiver{got: map[string][]hookMessage{}}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m hookMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Errorf("receiver: %v in %s", err, b)
		}
		m.Key = r.Header.Get("Idempotency-Key")
		rc.mu.Lock()
		rc.got[r.URL.Path] = append(rc.got[r.URL.Path], m)
		rc.mu.Unlock()
	}))
	t.Cleanup(rc.Close)
	return rc
}

// messages lists what path got, in order (the receiver sees bodies: tests match the subjects).
func (rc *hookReceiver) messages(path string) []hookMessage {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]hookMessage(nil), rc.got[path]...)
}

// TestFollowUpOverdueJob: the daily followup_overdue job escalates an overdue follow-up once per
// overdue episode — to its owner unit (its subscription) and to its leader in charge (his
// account's own subscription), delivered to a real local receiver — not again on the same day,
// nor the next, nor after a restart; a granted extension starts a new episode, escalated again
// when the new deadline passes. The leader defaults from the linked key project's leader in
// charge; the dashboard's list and the agenda name him. Along the way the owner unit hears of
// the follow-up assigned and of the extension granted.
func TestFollowUpOverdueJob(t *testing.T) {
	ctx := context.Background()
	eachDemo(t, func(t *testing.T, st *store.Store, sv web.Services) {
		by := domain.Actor{Username: "test", Role: domain.RoleAnalyst}
		if err := sv.Setup.FirstRun(ctx, by, demo.Region, 2023); err != nil {
			t.Fatal(err)
		}
		reg, err := sv.Units.List(ctx, demo.Region)
		if err != nil || len(reg.Units) == 0 {
			t.Fatalf("demo units: %v (%d)", err, len(reg.Units))
		}
		owner := reg.Units[0].Code
		if _, err := st.CreateUser(ctx, store.Who{Username: "test"}, domain.User{Username: "wang", DisplayName: "王副县长",
			Role: domain.RoleLeader, PasswordHash: "x", Lang: "zh-CN"}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ApplyProjects(ctx, store.ProjectBatch{Actor: "test", Source: "test", Projects: []domain.Project{{
			Code: "T-LEADER", Name: "测试项目", Level: "county", Category: "industry", RegionCode: demo.Region, Stage: "construction",
			TotalInvestment: 1, OwnerUnit: owner, Leader: "王副县长"}}}); err != nil {
			t.Fatal(err)
		}
		rc := newHookReceiver(t)
		for _, sub := range []domain.Subscription{
			{UnitCode: owner, EventKind: "*", Channel: domain.ChannelWebhook, Target: rc.URL + "/unit"},
			{Username: "WANG", EventKind: domain.NoticeFollowUpOverdue, Channel: domain.ChannelWebhook, Target: rc.URL + "/leader"},
		} {
			if _, err := sv.Notify.Subscribe(ctx, by, sub); err != nil {
				t.Fatal(err)
			}
		}
		late, err := sv.Cadence.CreateFollowUp(ctx, by, demo.Region, cadence.Decision{Title: "推动项目开工", OwnerUnit: owner,
			Deadline: "2023-08-01", LinkKind: domain.LinkProject, LinkRef: "T-LEADER"})
		if err != nil {
			t.Fatal(err)
		}
		if late.Leader != "wang" {
			t.Errorf("leader from the linked project: got %q, want wang", late.Leader)
		}
		if _, err := sv.Cadence.CreateFollowUp(ctx, by, demo.Region, cadence.Decision{Title: "未到期事项", OwnerUnit: owner,
			Deadline: "2023-12-31", Leader: "nobody"}); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("a leader that is no leader's account: got %v, want invalid", err)
		}
		if _, err := sv.Cadence.CreateFollowUp(ctx, by, demo.Region, cadence.Decision{Title: "未到期事项", OwnerUnit: owner, Deadline: "2023-12-31"}); err != nil {
			t.Fatal(err)
		}
		var job schedule.Job
		for _, j := range app.Jobs(sv) {
			if j.Name == "followup_overdue" {
				job = j
			}
		}
		if job.Run == nil {
			t.Fatal("job followup_overdue not in app.Jobs")
		}
		deliver := func() {
			t.Helper()
			if _, err := sv.Notify.Drain(ctx); err != nil {
				t.Fatal(err)
			}
		}
		sch := schedule.New(st, []schedule.Job{job})
		pass := func(sch *schedule.Scheduler, at time.Time) {
			t.Helper()
			sch.Now = func() time.Time { return at }
			ran, err := sch.RunDue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range ran {
				if r.Err != nil {
					t.Fatalf("%s@%s: %v", r.Job, r.Slot, r.Err)
				}
			}
			deliver()
		}
		deliver()
		if got := rc.messages("/unit"); len(got) != 2 || !strings.Contains(got[0].Subject+got[1].Subject, "新的督办事项：推动项目开工") {
			t.Fatalf("after creating two follow-ups: unit got %+v, want two followup.assigned", got)
		}
		pass(sch, time.Date(2023, 8, 10, 7, 30, 0, 0, time.Local))
		if got := rc.messages("/leader"); len(got) != 0 {
			t.Errorf("before 08:00: the leader got %d messages, want none", len(got))
		}
		pass(sch, time.Date(2023, 8, 10, 8, 30, 0, 0, time.Local))
		unit, leader := rc.messages("/unit"), rc.messages("/leader")
		if len(unit) != 3 || len(leader) != 1 {
			t.Fatalf("after the first run: unit %d, leader %d messages; want 3 and 1", len(unit), len(leader))
		}
		for who, m := range map[string]hookMessage{"unit": unit[2], "leader": leader[0]} {
			if !strings.Contains(m.Subject, "督办事项逾期："+late.Title) || !strings.Contains(m.Text, "2023-08-01") ||
				!strings.Contains(m.Text, "已逾期 9 天") || !strings.Contains(m.Text, "挂点领导：王副县长") || m.Data["leader"] != "wang" || m.Key == "" {
				t.Errorf("%s's message %+v: want the overdue notice of %q, due 2023-08-01, 9 days, naming 王副县长", who, m, late.Title)
			}
		}
		if unit[2].Key == leader[0].Key {
			t.Error("the unit's and the leader's messages share an idempotency key")
		}
		pass(sch, time.Date(2023, 8, 10, 17, 0, 0, 0, time.Local))
		pass(sch, time.Date(2023, 8, 11, 8, 0, 0, 0, time.Local))
		// A restart: new services, a new scheduler over the same database.
		sv = app.Services(st)
		sch2 := schedule.New(st, []schedule.Job{job})
		pass(sch2, time.Date(2023, 8, 12, 8, 0, 0, 0, time.Local))
		if u, l := rc.messages("/unit"), rc.messages("/leader"); len(u) != 3 || len(l) != 1 {
			t.Errorf("the same episode, later and after a restart: unit %d, leader %d messages; want still 3 and 1", len(u), len(l))
		}
		// The dashboard's list and the agenda of the week name the leader.
		esc, err := sv.Cadence.Escalation(ctx, demo.Region, time.Date(2023, 8, 12, 0, 0, 0, 0, time.UTC))
		if err != nil || len(esc) != 1 || esc[0].LeaderName != "王副县长" || esc[0].Days != 11 {
			t.Errorf("escalation list: got %+v, %v; want the follow-up, 11 days, 王副县长", esc, err)
		}
		ag, err := sv.Cadence.WeeklyAgenda(ctx, demo.Region, "2023-W33")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, it := range ag.Items {
			if it.Kind == cadence.KindFollowUp && it.Ref == itoa(late.ID) {
				found = true
				// An item's title takes its subject first (cadence.Item).
				title := locale.M(it.Title.Key, append([]any{it.Subject}, it.Title.Args...)...).In("zh-CN")
				if it.Status != domain.FollowUpOverdue || !strings.Contains(title, "挂点领导 王副县长") {
					t.Errorf("agenda item: status %s, title %q; want overdue naming 王副县长", it.Status, title)
				}
			}
		}
		if !found {
			t.Errorf("agenda 2023-W33: follow-up %d missing from %d items", late.ID, len(ag.Items))
		}
		// An extension granted: the unit hears of it; the new deadline's passing is a new episode.
		rep := domain.Actor{Username: "rep", Role: domain.RoleReporter}
		if err := sv.Cadence.RequestExtension(ctx, rep, owner, demo.Region, late.ID, "2023-08-20", "征地未完成"); err != nil {
			t.Fatal(err)
		}
		if err := sv.Cadence.DecideExtension(ctx, by, demo.Region, late.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		deliver()
		if u := rc.messages("/unit"); len(u) != 4 || !strings.Contains(u[3].Subject, "延期已批准") || !strings.Contains(u[3].Text, "2023-08-20") {
			t.Errorf("after the extension: unit got %d messages, the last %+v; want the extension granted to 2023-08-20", len(u), u[len(u)-1])
		}
		pass(sch2, time.Date(2023, 8, 20, 8, 0, 0, 0, time.Local))
		if l := rc.messages("/leader"); len(l) != 1 {
			t.Errorf("on the new deadline: leader got %d messages, want still 1 (not overdue yet)", len(l))
		}
		pass(sch2, time.Date(2023, 8, 21, 8, 0, 0, 0, time.Local))
		u, l := rc.messages("/unit"), rc.messages("/leader")
		if len(u) != 5 || len(l) != 2 || !strings.Contains(l[1].Text, "2023-08-20") || !strings.Contains(l[1].Text, "已逾期 1 天") {
			t.Errorf("the second episode: unit %d, leader %d messages (last %+v); want 5 and 2, overdue 1 day since 2023-08-20", len(u), len(l), l[len(l)-1])
		}
	})
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
