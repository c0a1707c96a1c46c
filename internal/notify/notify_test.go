package notify_test

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"strings"
	"sync"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/notify"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var (
	ctx  = context.Background()
	ana  = domain.Actor{Username: "ana", Role: domain.RoleAnalyst}
	unit = "440784-swj"
)

// each runs fn on a fresh store of each database.
func each(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			st := d.Open(t)
			if err := st.CreateUnit(ctx, store.Who{Username: "ana", Role: domain.RoleAnalyst},
				domain.Unit{Code: unit, Name: "鹤山市商务局", RegionCode: "440784", Kind: "department"}, nil); err != nil {
				t.Fatal(err)
			}
			fn(t, st)
		})
	}
}

func subscribe(t *testing.T, svc *notify.Service, subs ...domain.Subscription) {
	t.Helper()
	for _, sub := range subs {
		if sub.UnitCode == "" {
			sub.UnitCode = unit
		}
		if _, err := svc.Subscribe(ctx, ana, sub); err != nil {
			t.Fatalf("subscribe %+v: %v", sub, err)
		}
	}
}

func overdue(subject string) domain.Event {
	return domain.Event{Kind: "followup.overdue", UnitCode: unit, Subject: subject, Text: "**鹤山市商务局**：督办事项已逾期 3 天，请于本周五前回复进展。",
		Data: map[string]any{"followup_id": 7}}
}

// TestChannels: one event to five subscribers — generic webhook (signed), WeCom, DingTalk
// (signed), Feishu (signed), e-mail over STARTTLS with AUTH PLAIN — each received once by a real
// local receiver that checks the vendor's format and signature, each with its own idempotency
// key in the header and in the body; a second drain sends nothing.
func TestChannels(t *testing.T) {
	each(t, func(t *testing.T, st *store.Store) {
		rc := newReceiver(t, map[string]string{"/hook": "whsec-1", "/dingtalk": "SEC0123456789abcdef", "/feishu": "fs-secret"})
		ms := newSMTPServer(t, true, "pacer", "mail-pw")
		svc := notify.New(st).WithMail(notify.Mail{Addr: ms.Addr(), From: "pacer@heshan.gov.cn", Username: "pacer", Password: "mail-pw",
			TLS: &tls.Config{RootCAs: ms.roots}})
		subscribe(t, svc,
			domain.Subscription{EventKind: "followup.overdue", Channel: domain.ChannelWebhook, Target: rc.URL + "/hook", Secret: "whsec-1"},
			domain.Subscription{EventKind: "*", Channel: domain.ChannelWeCom, Target: rc.URL + "/wecom?key=693a91f6"},
			domain.Subscription{EventKind: "followup.overdue", Channel: domain.ChannelDingTalk, Target: rc.URL + "/dingtalk?access_token=tok1", Secret: "SEC0123456789abcdef"},
			domain.Subscription{EventKind: "followup.overdue", Channel: domain.ChannelFeishu, Target: rc.URL + "/feishu", Secret: "fs-secret"},
			domain.Subscription{EventKind: "followup.overdue", Channel: domain.ChannelEmail, Target: "zhang@heshan.gov.cn"},
			domain.Subscription{EventKind: "data.late", Channel: domain.ChannelWebhook, Target: rc.URL + "/hook"}, // another kind: not sent
		)
		n, err := svc.Notify(ctx, ana, overdue("督办事项逾期：规上工业增加值"))
		if err != nil || n != 5 {
			t.Fatalf("notify: got %d, %v; want 5 messages", n, err)
		}
		res, err := svc.Drain(ctx)
		if err != nil || res != (notify.Result{Sent: 5}) {
			t.Fatalf("drain: got %+v, %v; want 5 sent; receiver refused %v", res, err, rc.refused())
		}
		if p := rc.refused(); len(p) > 0 {
			t.Fatalf("receiver refused: %v", p)
		}
		msgs, _ := st.OutboxMessages(ctx, "", 10)
		keyOf := map[string]string{}
		for _, m := range msgs {
			if m.State != domain.OutboxSent || m.Attempts != 1 {
				t.Errorf("message %d: %s after %d attempts, want sent after 1", m.ID, m.State, m.Attempts)
			}
			keyOf[m.Channel] = m.IdempotencyKey
		}
		seen := map[string]bool{}
		for _, d := range rc.deliveries() {
			ch := map[string]string{"/hook": "webhook", "/wecom": "wecom", "/dingtalk": "dingtalk", "/feishu": "feishu"}[d.Path]
			if seen[ch] {
				t.Errorf("%s received twice", ch)
			}
			seen[ch] = true
			if d.Key == "" || d.Key != keyOf[ch] {
				t.Errorf("%s: header key %q, want the outbox's %q", ch, d.Key, keyOf[ch])
			}
			if !strings.Contains(string(d.Body), d.Key) {
				t.Errorf("%s: the key is not in the body: %s", ch, d.Body)
			}
			switch ch {
			case "webhook":
				var m struct {
					Event, Unit, Subject string
					Data                 map[string]any
				}
				json.Unmarshal(d.Body, &m)
				if m.Event != "followup.overdue" || m.Unit != unit || m.Subject != "督办事项逾期：规上工业增加值" || m.Data["followup_id"] != 7.0 {
					t.Errorf("webhook body: %s", d.Body)
				}
				if d.Header.Get("X-Pacer-Signature") == "" {
					t.Error("webhook: not signed")
				}
			case "wecom":
				if !strings.Contains(d.Query, "key=693a91f6") || !strings.Contains(string(d.Body), "**督办事项逾期：规上工业增加值**") {
					t.Errorf("wecom: query %q body %s", d.Query, d.Body)
				}
			case "dingtalk":
				if !strings.Contains(d.Query, "access_token=tok1") || !strings.Contains(string(d.Body), `"title":"督办事项逾期：规上工业增加值"`) {
					t.Errorf("dingtalk: query %q body %s", d.Query, d.Body)
				}
			}
		}
		if len(seen) != 4 {
			t.Errorf("HTTP receivers: got %v, want webhook, wecom, dingtalk, feishu", seen)
		}
		mails := ms.got()
		if len(mails) != 1 {
			t.Fatalf("mails: got %d, want 1", len(mails))
		}
		m := mails[0]
		if !m.TLS || !ms.sawAuth || m.From != "pacer@heshan.gov.cn" || len(m.To) != 1 || m.To[0] != "zhang@heshan.gov.cn" {
			t.Errorf("mail envelope: %+v (auth %t)", m, ms.sawAuth)
		}
		key := keyOf["email"]
		if !strings.Contains(m.Data, "Idempotency-Key: "+key+"\r\n") || !strings.Contains(m.Data, "Message-ID: <"+key+"@pacer>") {
			t.Errorf("mail headers lack the key %s:\n%s", key, m.Data)
		}
		head, body, _ := strings.Cut(m.Data, "\r\n\r\n")
		var subject string
		for _, l := range strings.Split(head, "\r\n") {
			if v, ok := strings.CutPrefix(l, "Subject: "); ok {
				subject, _ = new(mime.WordDecoder).DecodeHeader(v)
			}
		}
		text, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(body, "\r\n", ""))
		if subject != "督办事项逾期：规上工业增加值" || err != nil || !strings.Contains(string(text), "督办事项已逾期 3 天") || !strings.Contains(string(text), key) {
			t.Errorf("mail: subject %q, text %q (%v)", subject, text, err)
		}
		if res, err := svc.Drain(ctx); err != nil || res != (notify.Result{}) || len(rc.deliveries()) != 4 || len(ms.got()) != 1 {
			t.Errorf("second drain: %+v, %v; %d deliveries", res, err, len(rc.deliveries()))
		}
	})
}

// TestPlainSMTP: a server that offers neither STARTTLS nor AUTH gets the mail in the clear.
func TestPlainSMTP(t *testing.T) {
	each(t, func(t *testing.T, st *store.Store) {
		ms := newSMTPServer(t, false, "", "")
		svc := notify.New(st).WithMail(notify.Mail{Addr: ms.Addr(), From: "pacer@heshan.gov.cn"})
		subscribe(t, svc, domain.Subscription{EventKind: "*", Channel: domain.ChannelEmail, Target: "li@heshan.gov.cn"})
		if _, err := svc.Notify(ctx, ana, overdue("测试")); err != nil {
			t.Fatal(err)
		}
		if res, err := svc.Drain(ctx); err != nil || res.Sent != 1 {
			t.Fatalf("drain: %+v, %v", res, err)
		}
		if got := ms.got(); len(got) != 1 || got[0].TLS || ms.sawTLS {
			t.Errorf("got %+v", got)
		}
	})
}

// TestRetryThenDead: a robot refusing the signature (HTTP 200, errcode 310000) and a webhook
// answering 500 are failures: retried after the backoff, not before, dead after MaxAttempts;
// a dead message retried by hand goes out — every time with the same key.
func TestRetryThenDead(t *testing.T) {
	each(t, func(t *testing.T, st *store.Store) {
		rc := newReceiver(t, map[string]string{"/dingtalk": "SECright"})
		var clock time.Time // set past the messages' creation once they are queued
		var mu sync.Mutex
		now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
		advance := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }
		rc.now = now
		svc := notify.New(st).WithClock(now)
		svc.MaxAttempts = 3
		subscribe(t, svc,
			domain.Subscription{EventKind: "*", Channel: domain.ChannelDingTalk, Target: rc.URL + "/dingtalk?access_token=t", Secret: "SECwrong"},
			domain.Subscription{EventKind: "*", Channel: domain.ChannelWebhook, Target: rc.URL + "/hook"})
		rc.fail = 1 // the first request: 500
		if _, err := svc.Notify(ctx, ana, overdue("重试")); err != nil {
			t.Fatal(err)
		}
		// The messages are due from their creation, on the store's clock: the deliverer's starts a
		// second after it (set before queueing, a slow queueing would leave them not yet due).
		mu.Lock()
		clock = time.Now().Add(time.Second)
		mu.Unlock()
		// One of the two gets the 500 (whichever is first), the robot refuses the signature.
		res, err := svc.Drain(ctx)
		if err != nil || res.Sent+res.Failed != 2 || res.Failed < 1 {
			t.Fatalf("first drain: %+v, %v", res, err)
		}
		if res, _ := svc.Drain(ctx); res != (notify.Result{}) {
			t.Errorf("before the backoff: got %+v, want nothing tried", res)
		}
		stats, _ := st.OutboxStats(ctx, now())
		if stats.Pending < 1 || stats.Due != 0 {
			t.Errorf("stats before the backoff: %+v", stats)
		}
		var dead int
		for attempt := 1; attempt < 3; attempt++ {
			advance(notify.Backoff(attempt))
			r, err := svc.Drain(ctx)
			if err != nil {
				t.Fatal(err)
			}
			dead += r.Dead
		}
		if dead != 1 {
			t.Fatalf("after 3 attempts: %d dead, want the robot's message", dead)
		}
		stats, _ = st.OutboxStats(ctx, now())
		if stats != (domain.OutboxStats{Sent: 1, Dead: 1}) {
			t.Fatalf("stats: %+v, want 1 sent (the webhook, after its 500) and 1 dead", stats)
		}
		ds, _ := st.OutboxMessages(ctx, domain.OutboxDead, 5)
		if len(ds) != 1 || !strings.Contains(ds[0].LastError, "310000") || ds[0].Attempts != 3 {
			t.Fatalf("dead letter: %+v", ds)
		}
		if err := svc.Retry(ctx, ana, ds[0].ID); err != nil {
			t.Fatal(err)
		}
		rc.mu.Lock()
		rc.secrets["/dingtalk"] = "SECwrong" // the robot's secret now matches the subscription's
		rc.mu.Unlock()
		advance(time.Second)
		if res, err := svc.Drain(ctx); err != nil || res != (notify.Result{Sent: 1}) {
			t.Fatalf("after retry: %+v, %v", res, err)
		}
		keys := map[string]map[string]bool{}
		for _, d := range rc.deliveries() {
			if keys[d.Path] == nil {
				keys[d.Path] = map[string]bool{}
			}
			keys[d.Path][d.Key] = true
		}
		if len(keys["/dingtalk"]) != 1 || len(keys["/hook"]) != 1 {
			t.Errorf("keys by endpoint: %v, want one key each, however many attempts", keys)
		}
	})
}

// TestCrashBetweenSendAndMark: the deliverer dies (its context ends) while the receiver holds a
// message it has accepted; the database is closed and opened again (a restart); a new deliverer,
// once the lease has run out, sends what was not marked. The receiver sees some message twice,
// always with the same key; every message arrives; all end sent.
func TestCrashBetweenSendAndMark(t *testing.T) {
	each(t, func(t *testing.T, st *store.Store) {
		const total = 60
		rc := newReceiver(t, nil)
		svc := notify.New(st)
		svc.Batch, svc.Workers = 10, 4
		subscribe(t, svc, domain.Subscription{EventKind: "*", Channel: domain.ChannelWebhook, Target: rc.URL + "/hook"})
		var evs []domain.Event
		for i := range total {
			evs = append(evs, overdue(fmt.Sprintf("消息%03d", i)))
		}
		if n, err := svc.Notify(ctx, ana, evs...); err != nil || n != total {
			t.Fatalf("notify: %d, %v", n, err)
		}
		dctx, kill := context.WithCancel(ctx)
		rc.setHook(func(n int) {
			if n == 25 {
				kill() // the 25th is received, its deliverer dies before the answer
			}
		})
		if _, err := svc.Drain(dctx); err == nil {
			t.Fatal("the killed deliverer reported no error")
		}
		rc.setHook(nil)
		received := len(rc.deliveries())
		stats, _ := st.OutboxStats(ctx, time.Now())
		if stats.Pending == 0 || stats.Sent >= total {
			t.Fatalf("after the kill: %+v, want some still pending", stats)
		}

		// Restart: the database opened anew, a new deliverer whose clock is past the lease.
		st2, err := store.Open(ctx, storetest.DSN(t, st))
		if err != nil {
			t.Fatal(err)
		}
		defer st2.Close()
		later := notify.New(st2).WithClock(func() time.Time { return time.Now().Add(svc.ClaimLease() + time.Second) })
		if later.Owner() == svc.Owner() {
			t.Fatal("the new deliverer has the old one's name")
		}
		res, err := later.Drain(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if stats, _ := st2.OutboxStats(ctx, time.Now()); stats != (domain.OutboxStats{Sent: total}) {
			t.Fatalf("after the new deliverer: %+v (it sent %+v), want all %d sent", stats, res, total)
		}
		keysOf := map[string]map[string]bool{}
		dup := 0
		for _, d := range rc.deliveries() {
			var m struct{ Subject string }
			json.Unmarshal(d.Body, &m)
			if keysOf[m.Subject] == nil {
				keysOf[m.Subject] = map[string]bool{}
			} else {
				dup++
			}
			keysOf[m.Subject][d.Key] = true
		}
		if len(keysOf) != total {
			t.Errorf("received %d distinct messages, want %d: lost some", len(keysOf), total)
		}
		for s, ks := range keysOf {
			if len(ks) != 1 {
				t.Errorf("%s arrived with %d different keys: %v", s, len(ks), ks)
			}
		}
		if dup == 0 {
			t.Errorf("no message arrived twice (%d received before the kill): the crash window was not exercised", received)
		}
		t.Logf("%d received before the kill, %d deliveries in all, %d duplicates (same key)", received, len(rc.deliveries()), dup)
	})
}

// TestSubscribeValidates: what the page refuses, with its message key.
func TestSubscribeValidates(t *testing.T) {
	each(t, func(t *testing.T, st *store.Store) {
		svc := notify.New(st)
		for _, c := range []struct {
			sub domain.Subscription
			key string
		}{
			{domain.Subscription{UnitCode: unit, EventKind: "*", Channel: "sms", Target: "13800000000"}, "notify.bad_channel"},
			{domain.Subscription{UnitCode: unit, EventKind: "*", Channel: "webhook", Target: "ftp://x"}, "notify.bad_url"},
			{domain.Subscription{UnitCode: unit, EventKind: "*", Channel: "dingtalk", Target: "https://oapi.dingtalk.com/robot/send?access_token=x"}, "notify.secret_missing"},
			{domain.Subscription{UnitCode: unit, EventKind: "*", Channel: "email", Target: "张三 <z@x.cn>"}, "notify.bad_address"},
			{domain.Subscription{UnitCode: unit, EventKind: "Follow Up", Channel: "webhook", Target: "https://x.cn/h"}, "notify.bad_kind"},
			{domain.Subscription{EventKind: "*", Channel: "webhook", Target: "https://x.cn/h"}, "notify.unit_missing"},
		} {
			_, err := svc.Subscribe(ctx, ana, c.sub)
			var e *domain.Error
			if !asError(err, &e) || e.Msg.Key != c.key {
				t.Errorf("%+v: got %v, want %s", c.sub, err, c.key)
			}
		}
		if _, err := svc.Notify(ctx, ana, domain.Event{Kind: "x", UnitCode: unit}); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("an event without a subject: %v", err)
		}
		ov, err := svc.Overview(ctx, 10)
		if err != nil || len(ov.Subscriptions) != 0 || len(ov.Units) != 1 {
			t.Errorf("overview: %+v, %v", ov, err)
		}
	})
}

func asError(err error, e **domain.Error) bool {
	x, ok := err.(*domain.Error)
	*e = x
	return ok
}

func TestBackoff(t *testing.T) {
	for attempts, want := range map[int]time.Duration{1: 30 * time.Second, 2: time.Minute, 3: 2 * time.Minute, 8: 64 * time.Minute,
		10: 256 * time.Minute, 11: 6 * time.Hour, 50: 6 * time.Hour} {
		if got := notify.Backoff(attempts); got != want {
			t.Errorf("Backoff(%d): got %v, want %v", attempts, got, want)
		}
	}
	svc := notify.New(nil)
	if l := svc.ClaimLease(); l < time.Duration((svc.Batch+svc.Workers-1)/svc.Workers)*20*time.Second {
		t.Errorf("a claim lasts %v: shorter than a batch of %d sends timing out %d at a time", l, svc.Batch, svc.Workers)
	}
}
