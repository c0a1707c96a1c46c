package storetest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testSubmissionDeadlines: days set per indicator and unit (audited; the same day writes
// nothing; 0 removes).
func testSubmissionDeadlines(t *testing.T, s *store.Store) {
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	for _, x := range []struct {
		scope, code string
		day         int
	}{{domain.DeadlineIndicator, "gdp", 20}, {domain.DeadlineUnit, "440784-swj", 15}, {domain.DeadlineIndicator, "gdp", 20},
		{domain.DeadlineIndicator, "fai", 12}, {domain.DeadlineIndicator, "fai", 0}} {
		if err := s.SetSubmissionDeadline(ctx, ana, x.scope, x.code, x.day); err != nil {
			t.Fatalf("set %s %s %d: %v", x.scope, x.code, x.day, err)
		}
	}
	got, err := s.SubmissionDeadlines(ctx)
	want := []store.DeadlineDay{{Scope: "indicator", Code: "gdp", Day: 20, ChangedBy: "ana"}, {Scope: "unit", Code: "440784-swj", Day: 15, ChangedBy: "ana"}}
	if err != nil || len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("deadlines: got %+v, %v; want %+v", got, err, want)
	}
	log, _ := s.AuditLog(ctx, 10)
	n := 0
	for _, a := range log {
		if a.Action == "deadline.set" {
			n++
		}
	}
	if n != 4 { // gdp, swj, fai set, fai removed; gdp again writes nothing
		t.Errorf("audited %d deadline.set, want 4", n)
	}
	// A recipients setting's URLs are audited without their query's values (a token).
	if err := s.SetSettings(ctx, ana, map[string]string{"pack_to": "a@county.gov.cn\nhttps://hooks.example/x?token=s3cret"}); err != nil {
		t.Fatal(err)
	}
	log, _ = s.AuditLog(ctx, 1)
	if log[0].Action != "setting.set" || strings.Contains(log[0].NewValue, "s3cret") || !strings.Contains(log[0].NewValue, "token=***") ||
		!strings.Contains(log[0].NewValue, "a@county.gov.cn") {
		t.Errorf("audit of a recipients setting: got %+v, want the token masked", log[0])
	}
	if kv, _ := s.Settings(ctx); kv["pack_to"] != "a@county.gov.cn\nhttps://hooks.example/x?token=s3cret" {
		t.Errorf("the setting itself: got %q, want it as written", kv["pack_to"])
	}
}

// testUnsubmitted: an assignment is unsubmitted for a period until a submission is submitted
// (a draft is not) or an official figure exists; retired units are not listed.
func testUnsubmitted(t *testing.T, s *store.Store) {
	const unit, town = "440784-swj", "440784001"
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "setup",
		Units: []domain.Unit{
			{Code: unit, Name: "鹤山市商务局", RegionCode: "440784", Kind: "department"},
			{Code: town, Name: "沙坪街道", RegionCode: town, Kind: "town"},
		},
		Observations: []domain.Observation{obs("440784", "gdp", "2023-06", domain.F(70.13), domain.F(5.4))},
	}); err != nil {
		t.Fatal(err)
	}
	admin := store.Who{Username: "admin", Role: domain.RoleAnalyst}
	rep := store.Who{Username: "rep", Role: domain.RoleReporter}
	if err := s.Assign(ctx, admin, []store.Assignment{
		{UnitCode: unit, IndicatorCode: "retail", RegionCode: "440784"},
		{UnitCode: unit, IndicatorCode: "gdp", RegionCode: "440784"},
		{UnitCode: town, IndicatorCode: "fai", RegionCode: town},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPeriod(ctx, admin, "440784", "2023-06", store.PeriodOpen); err != nil {
		t.Fatal(err)
	}
	codes := func() []string {
		t.Helper()
		as, err := s.Unsubmitted(ctx, "440784", "2023-06")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range as {
			out = append(out, a.UnitCode+"/"+a.IndicatorCode+"@"+a.RegionCode)
		}
		return out
	}
	// gdp has its official figure: not missing.
	if got := codes(); len(got) != 2 || got[0] != "440784-swj/retail@440784" || got[1] != "440784001/fai@440784001" {
		t.Fatalf("unsubmitted: got %v, want retail of swj and fai of the town", got)
	}
	draft := domain.Submission{UnitCode: town, RegionCode: town, IndicatorCode: "fai", Period: "2023-06", Value: domain.F(3),
		State: domain.Draft, SubmittedBy: "rep", SubmittedAt: time.Now()}
	x, err := s.WriteSubmission(ctx, rep, nil, draft, store.PeriodOpen)
	if err != nil {
		t.Fatal(err)
	}
	if got := codes(); len(got) != 2 {
		t.Errorf("after a draft: got %v, want it still missing", got)
	}
	sent := x
	sent.State = domain.Submitted
	if _, err := s.WriteSubmission(ctx, rep, &x, sent, store.PeriodOpen); err != nil {
		t.Fatal(err)
	}
	if got := codes(); len(got) != 1 || got[0] != "440784-swj/retail@440784" {
		t.Errorf("after submitting: got %v, want swj's retail only", got)
	}
	if as, err := s.Unsubmitted(ctx, "440784", "2023-07"); err != nil || len(as) != 3 {
		t.Errorf("another period: got %v, %v; want all three", as, err)
	}
}

// testEnqueueOnce: a notice is told once per key — a second run, or another notice naming a
// key told, writes nothing; a notice to named recipients goes to them, with its attachments.
func testEnqueueOnce(t *testing.T, s *store.Store) {
	ana := notifyUnit(t, s)
	if _, err := s.AddSubscription(ctx, ana, domain.Subscription{UnitCode: "440784-swj", EventKind: "data.late",
		Channel: domain.ChannelWebhook, Target: "http://127.0.0.1:1/hook"}); err != nil {
		t.Fatal(err)
	}
	remind := store.Notice{Keys: []string{"late.remind:a", "late.remind:b"},
		Event: domain.Event{Kind: "data.late", UnitCode: "440784-swj", Subject: "迟报提醒", Text: "请报送"}}
	pack := store.Notice{Keys: []string{"pack:2026-10:x@county.gov.cn"},
		Event: domain.Event{Kind: "pack.monthly", Subject: "月度材料", Text: "附件",
			To:          []domain.Recipient{{Channel: domain.ChannelEmail, Target: "x@county.gov.cn"}},
			Attachments: []domain.Attachment{{Name: "a.xlsx", ContentType: "application/x", Data: []byte{0, 1, 2}}}}}
	told, msgs, err := s.EnqueueOnce(ctx, ana, remind, pack)
	if err != nil || told != 2 || msgs != 2 {
		t.Fatalf("first: got %d notices, %d messages, %v; want 2, 2", told, msgs, err)
	}
	for i := 0; i < 2; i++ {
		told, msgs, err = s.EnqueueOnce(ctx, ana, remind, pack, store.Notice{Keys: []string{"late.remind:b"}, Event: remind.Event})
		if err != nil || told != 0 || msgs != 0 {
			t.Fatalf("again: got %d notices, %d messages, %v; want none", told, msgs, err)
		}
	}
	done, err := s.NoticesTold(ctx, []string{"late.remind:a", "late.remind:c", "pack:2026-10:x@county.gov.cn"})
	if err != nil || !done["late.remind:a"] || done["late.remind:c"] || !done["pack:2026-10:x@county.gov.cn"] {
		t.Errorf("told: got %v, %v", done, err)
	}
	all, err := s.OutboxMessages(ctx, "", 10)
	if err != nil || len(all) != 2 {
		t.Fatalf("outbox: got %d, %v; want 2", len(all), err)
	}
	var mail domain.OutboxMessage
	for _, m := range all {
		if m.Channel == domain.ChannelEmail {
			mail = m
		}
	}
	var body struct {
		Attachments []domain.Attachment `json:"attachments"`
	}
	if err := json.Unmarshal([]byte(mail.Body), &body); err != nil || mail.Target != "x@county.gov.cn" || mail.SubscriptionID != 0 ||
		len(body.Attachments) != 1 || string(body.Attachments[0].Data) != "\x00\x01\x02" {
		t.Errorf("the pack's message: got %+v (%v), want to x@county.gov.cn with its attachment", mail, err)
	}
}
