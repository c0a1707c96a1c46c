package deadlines_test

import (
	"context"
	"testing"
	"time"

	"pacer/internal/deadlines"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var (
	ctx = context.Background()
	ana = domain.Actor{Username: "ana", Role: domain.RoleAnalyst}
)

const (
	county = "440784"
	swj    = "440784-swj" // a department: retail, never submitted
	town   = "440784001"  // a town: fai, submitted before its deadline
)

// fixture: two units of the county, each with one assignment, subscribed to everything; the
// period 2026-10 open (due 2026-11-10 by default); the town submits its figure on time.
func fixture(t *testing.T, st *store.Store) *deadlines.Service {
	t.Helper()
	who := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	if _, err := st.ApplyBatch(ctx, store.Batch{Actor: "ana", Source: "setup", Units: []domain.Unit{
		{Code: swj, Name: "鹤山市商务局", RegionCode: county, Kind: domain.UnitDepartment},
		{Code: town, Name: "沙坪街道", RegionCode: town, Kind: domain.UnitTown},
	}}); err != nil {
		t.Fatal(err)
	}
	if err := st.Assign(ctx, who, []store.Assignment{{UnitCode: swj, IndicatorCode: "retail", RegionCode: county},
		{UnitCode: swj, IndicatorCode: "gdp", RegionCode: county}, // quarterly: due for December, not October
		{UnitCode: town, IndicatorCode: "fai", RegionCode: town}}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"2026-10", "2026-12"} {
		if err := st.SetPeriod(ctx, who, county, p, store.PeriodOpen); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []string{swj, town} {
		if _, err := st.AddSubscription(ctx, who, domain.Subscription{UnitCode: u, EventKind: "*", Channel: domain.ChannelWebhook,
			Target: "http://127.0.0.1:9/" + u}); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"2026-10", "2026-12"} {
		if _, err := st.WriteSubmission(ctx, store.Who{Username: "rep", Role: domain.RoleReporter}, nil, domain.Submission{UnitCode: town,
			RegionCode: town, IndicatorCode: "fai", Period: p, Growth: domain.F(4.2), State: domain.Submitted, SubmittedBy: "rep",
			SubmittedAt: time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC)}, store.PeriodOpen); err != nil {
			t.Fatal(err)
		}
	}
	return deadlines.New(st)
}

func day(s string) time.Time {
	d, err := time.Parse(domain.DayLayout, s)
	if err != nil {
		panic(err)
	}
	return d.Add(9 * time.Hour)
}

// TestRemindOnce: nothing before or on the deadline, nothing for the unit that submitted; the
// day after it one reminder to the late unit, and no second one on a second run or the next
// day; from the escalation delay one escalation to the analyst, once.
func TestRemindOnce(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			st := d.Open(t)
			dl := fixture(t, st)
			if err := dl.SetSettings(ctx, ana, deadlines.Settings{DefaultDay: "10", EscalateDays: "3", EscalateTo: "ana@county.gov.cn"}); err != nil {
				t.Fatal(err)
			}
			// The county's analyst hears of escalations through the account's own subscription too;
			// another county's analyst does not.
			for _, u := range []domain.User{{Username: "ana_hs", Role: domain.RoleAnalyst, RegionCode: county},
				{Username: "ana_ts", Role: domain.RoleAnalyst, RegionCode: "440781"}} {
				u.PasswordHash = "x"
				if _, err := st.CreateUser(ctx, store.Who{Username: "fixture"}, u); err != nil {
					t.Fatal(err)
				}
				if _, err := st.AddSubscription(ctx, store.Who{Username: "fixture"}, domain.Subscription{Username: u.Username, EventKind: "*",
					Channel: domain.ChannelWebhook, Target: "http://127.0.0.1:9/" + u.Username}); err != nil {
					t.Fatal(err)
				}
			}
			steps := []struct {
				day  string
				want deadlines.Sent
			}{
				{"2026-11-09", deadlines.Sent{}},
				{"2026-11-10", deadlines.Sent{}},                            // the deadline itself: not late
				{"2026-11-11", deadlines.Sent{Reminders: 1, Messages: 1}},   // swj's retail; the town submitted
				{"2026-11-11", deadlines.Sent{}},                            // a second run: nothing twice
				{"2026-11-12", deadlines.Sent{}},                            // 2 days: not escalated yet
				{"2026-11-13", deadlines.Sent{Escalations: 1, Messages: 2}}, // 3 days: to the analyst's address and account
				{"2026-11-13", deadlines.Sent{}},
				{"2026-11-20", deadlines.Sent{}},
			}
			for _, s := range steps {
				got, err := dl.Remind(ctx, county, day(s.day))
				if err != nil || got != s.want {
					t.Fatalf("%s: got %+v, %v; want %+v", s.day, got, err, s.want)
				}
			}
			msgs, err := st.OutboxMessages(ctx, "", 10)
			if err != nil || len(msgs) != 3 {
				t.Fatalf("outbox: got %d messages, %v; want 3", len(msgs), err)
			}
			kinds := map[string]domain.OutboxMessage{}
			for _, m := range msgs {
				if m.Username == "ana_hs" {
					if m.EventKind != deadlines.EventLateEscalated || m.Target != "http://127.0.0.1:9/ana_hs" {
						t.Errorf("the analyst's own message: got %+v, want the escalation", m)
					}
					continue
				}
				if m.Username != "" {
					t.Errorf("got a message to %s (%s), want none", m.Username, m.EventKind)
				}
				kinds[m.EventKind] = m
			}
			if m := kinds[deadlines.EventLate]; m.UnitCode != swj || m.Target != "http://127.0.0.1:9/"+swj {
				t.Errorf("reminder: got %+v, want to swj's subscriber", m)
			}
			if m := kinds[deadlines.EventLateEscalated]; m.Channel != domain.ChannelEmail || m.Target != "ana@county.gov.cn" {
				t.Errorf("escalation: got %+v, want to ana@county.gov.cn", m)
			}

			late, err := dl.Late(ctx, county, day("2026-11-13"))
			if err != nil || len(late) != 1 {
				t.Fatalf("late: got %+v, %v; want swj", late, err)
			}
			u := late[0]
			if u.Unit.Code != swj || u.Days != 3 || !u.Escalated || len(u.Items) != 1 || u.Items[0].Indicator.Code != "retail" ||
				u.Items[0].Deadline != "2026-11-10" || u.Items[0].Period != "2026-10" || u.Missing("zh-CN") != u.Items[0].Indicator.Name {
				t.Errorf("late: got %+v, want swj's retail of 2026-10, due 2026-11-10, 3 days late, escalated", u)
			}
			// December's figures (retail, and the quarterly GDP) are due in January of the next year.
			late, err = dl.Late(ctx, county, day("2027-01-11"))
			if err != nil || len(late) != 1 || len(late[0].Items) != 3 || late[0].Items[0].Period != "2026-10" {
				t.Fatalf("in January: got %+v, %v; want 2026-10's retail, 2026-12's retail and GDP", late, err)
			}
			for _, it := range late[0].Items[1:] {
				if it.Period != "2026-12" || it.Deadline != "2027-01-10" || it.Days != 1 {
					t.Errorf("in January: got %+v, want 2026-12 due 2027-01-10, 1 day late", it)
				}
			}
			// The unit's own day wins: swj reports by the 20th.
			if err := dl.SetDay(ctx, ana, domain.DeadlineIndicator, "retail", "12"); err != nil {
				t.Fatal(err)
			}
			if late, _ := dl.Late(ctx, county, day("2026-11-13")); len(late) != 1 || late[0].Days != 1 {
				t.Errorf("retail due on the 12th: got %+v, want 1 day late", late)
			}
			if err := dl.SetDay(ctx, ana, domain.DeadlineUnit, swj, "20"); err != nil {
				t.Fatal(err)
			}
			if late, _ := dl.Late(ctx, county, day("2026-11-13")); len(late) != 0 {
				t.Errorf("swj due on the 20th: got %+v, want nobody late", late)
			}
		})
	}
}

// TestSettingsRefused: a day outside 1–31, a delay outside 1–60, a pack day outside 0–31, a
// recipient neither an address nor a URL, an unknown scope or unit are refused, naming the value.
func TestSettingsRefused(t *testing.T) {
	st := storetest.OpenSQLite(t)
	dl := deadlines.New(st)
	ok := deadlines.Settings{DefaultDay: "10", EscalateDays: "3"}
	for _, c := range []struct {
		name string
		in   deadlines.Settings
	}{
		{"day 32", deadlines.Settings{DefaultDay: "32", EscalateDays: "3"}},
		{"day text", deadlines.Settings{DefaultDay: "十", EscalateDays: "3"}},
		{"delay 0", deadlines.Settings{DefaultDay: "10", EscalateDays: "0"}},
		{"pack day 40", deadlines.Settings{DefaultDay: "10", EscalateDays: "3", PackDay: "40"}},
		{"recipient", deadlines.Settings{DefaultDay: "10", EscalateDays: "3", PackTo: "leader"}},
	} {
		if err := dl.SetSettings(ctx, ana, c.in); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("%s: got %v, want invalid", c.name, err)
		}
	}
	if err := dl.SetSettings(ctx, ana, ok); err != nil {
		t.Fatal(err)
	}
	if err := dl.SetDay(ctx, ana, "region", county, "5"); domain.ErrorKind(err) != domain.EINVALID {
		t.Errorf("scope region: got %v, want invalid", err)
	}
	if err := dl.SetDay(ctx, ana, domain.DeadlineUnit, "no-such", "5"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown unit: got %v, want not found", err)
	}
	if err := dl.SetDay(ctx, ana, domain.DeadlineIndicator, "gdp", "0"); err != nil {
		t.Errorf("removing a day never set: %v", err)
	}
}
