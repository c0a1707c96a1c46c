package domain

import (
	"testing"
	"time"
)

// day is in projects_test.go.

// TestFollowUpTransitions walks the follow-up's states: open → in progress (a reply) → open (returned)
// → done (closed); what each state refuses, and who may reply.
func TestFollowUpTransitions(t *testing.T) {
	now := time.Date(2023, 8, 10, 9, 0, 0, 0, time.UTC)
	type step struct {
		name  string
		do    func(f *FollowUp) (FollowUpEvent, error)
		kind  string // the error's kind, "" for none
		state string // the state after
	}
	steps := []step{
		{"return an open one", func(f *FollowUp) (FollowUpEvent, error) { return f.Return("不行") }, ECONFLICT, FollowUpOpen},
		{"reply by another unit", func(f *FollowUp) (FollowUpEvent, error) { return f.Reply("tjj", "x", 0) }, EFORBIDDEN, FollowUpOpen},
		{"reply without text or photo", func(f *FollowUp) (FollowUpEvent, error) { return f.Reply("swj", " ", 0) }, EINVALID, FollowUpOpen},
		{"reply", func(f *FollowUp) (FollowUpEvent, error) { return f.Reply("swj", "已走访", 0) }, "", FollowUpInProgress},
		{"photo alone", func(f *FollowUp) (FollowUpEvent, error) { return f.Reply("swj", "", 1) }, "", FollowUpInProgress},
		{"return without reason", func(f *FollowUp) (FollowUpEvent, error) { return f.Return("") }, EINVALID, FollowUpInProgress},
		{"return", func(f *FollowUp) (FollowUpEvent, error) { return f.Return("请补充数据") }, "", FollowUpOpen},
		{"extension not later", func(f *FollowUp) (FollowUpEvent, error) { return f.RequestExtension("swj", "2023-08-09", "x") }, EINVALID, FollowUpOpen},
		{"extension by another unit", func(f *FollowUp) (FollowUpEvent, error) { return f.RequestExtension("tjj", "2023-08-31", "x") }, EFORBIDDEN, FollowUpOpen},
		{"decide with nothing asked", func(f *FollowUp) (FollowUpEvent, error) { return f.DecideExtension(true, "") }, ECONFLICT, FollowUpOpen},
		{"extension", func(f *FollowUp) (FollowUpEvent, error) { return f.RequestExtension("swj", "2023-08-31", "改造") }, "", FollowUpOpen},
		{"refuse without reason", func(f *FollowUp) (FollowUpEvent, error) { return f.DecideExtension(false, "") }, EINVALID, FollowUpOpen},
		{"refuse", func(f *FollowUp) (FollowUpEvent, error) { return f.DecideExtension(false, "时间够") }, "", FollowUpOpen},
		{"close", func(f *FollowUp) (FollowUpEvent, error) { return f.Close("", now) }, "", FollowUpDone},
		{"close again", func(f *FollowUp) (FollowUpEvent, error) { return f.Close("", now) }, ECONFLICT, FollowUpDone},
		{"reply when done", func(f *FollowUp) (FollowUpEvent, error) { return f.Reply("swj", "x", 0) }, ECONFLICT, FollowUpDone},
	}
	f := FollowUp{ID: 1, Title: "t", OwnerUnit: "swj", Deadline: "2023-08-09", State: FollowUpOpen}
	for _, st := range steps {
		before := f
		_, err := st.do(&f)
		if got := kindOf(err); got != st.kind {
			t.Errorf("%s: got error %v (%q), want %q", st.name, err, got, st.kind)
		}
		if err != nil {
			f = before // a refused step changes nothing the store would write
		}
		if f.State != st.state {
			t.Errorf("%s: got state %s, want %s", st.name, f.State, st.state)
		}
	}
	if f.Deadline != "2023-08-09" || f.ClosedAt == nil {
		t.Errorf("after a refused extension and close: got deadline %s closed %v, want 2023-08-09 and a close time", f.Deadline, f.ClosedAt)
	}
	g := FollowUp{OwnerUnit: "swj", Deadline: "2023-08-09", State: FollowUpOpen}
	g.RequestExtension("swj", "2023-8-31", "x")
	if _, err := g.DecideExtension(true, ""); err != nil || g.Deadline != "2023-08-31" || g.ExtensionDeadline != "" {
		t.Errorf("grant: got deadline %s pending %q, %v; want 2023-08-31 and none pending", g.Deadline, g.ExtensionDeadline, err)
	}
}

func kindOf(err error) string {
	if err == nil {
		return ""
	}
	return ErrorKind(err)
}

// TestFollowUpOverdue: overdue is the day after the deadline, for a follow-up not done.
func TestFollowUpOverdue(t *testing.T) {
	for _, tc := range []struct {
		state, on, want string
	}{
		{FollowUpOpen, "2023-08-09", FollowUpOpen},
		{FollowUpOpen, "2023-08-10", FollowUpOverdue},
		{FollowUpInProgress, "2023-08-10", FollowUpOverdue},
		{FollowUpDone, "2023-09-10", FollowUpDone},
	} {
		f := FollowUp{Deadline: "2023-08-09", State: tc.state}
		if got := f.StatusOn(day(tc.on)); got != tc.want {
			t.Errorf("%s on %s: got %s, want %s", tc.state, tc.on, got, tc.want)
		}
	}
}

func TestFollowUpValidate(t *testing.T) {
	ok := FollowUp{Title: "t", OwnerUnit: "swj", Deadline: "2023-08-09"}
	for _, tc := range []struct {
		name string
		edit func(*FollowUp)
		bad  bool
	}{
		{"fine", func(*FollowUp) {}, false},
		{"no title", func(f *FollowUp) { f.Title = " " }, true},
		{"no owner", func(f *FollowUp) { f.OwnerUnit = "" }, true},
		{"bad deadline", func(f *FollowUp) { f.Deadline = "2023-02-30" }, true},
		{"link without ref", func(f *FollowUp) { f.LinkKind = LinkProject }, true},
		{"unknown link", func(f *FollowUp) { f.LinkKind, f.LinkRef = "town", "x" }, true},
		{"enterprise link", func(f *FollowUp) { f.LinkKind, f.LinkRef = LinkEnterprise, "91440784X" }, false},
		{"owner cooperates", func(f *FollowUp) { f.Cooperating = []string{"swj"} }, true},
	} {
		f := ok
		tc.edit(&f)
		if err := f.Validate(); (err != nil) != tc.bad {
			t.Errorf("%s: got %v, want error %v", tc.name, err, tc.bad)
		}
	}
}

func TestISOWeek(t *testing.T) {
	for _, w := range []string{"2023-W01", "2023-W35", "2020-W53", "2024-W52"} {
		m, err := ParseISOWeek(w)
		if err != nil || ISOWeek(m) != w || m.Weekday() != time.Monday {
			t.Errorf("%s: got %v (%s), %v", w, m, ISOWeek(m), err)
		}
	}
	if y, m := PeriodBefore(day("2023-08-31")); y != 2023 || m != 7 {
		t.Errorf("PeriodBefore(2023-08-31): got %d-%d, want 2023-7 (August has not ended before its last day)", y, m)
	}
	if y, m := PeriodBefore(day("2024-01-15")); y != 2023 || m != 12 {
		t.Errorf("PeriodBefore(2024-01-15): got %d-%d, want 2023-12", y, m)
	}
	for d, want := range map[string]bool{"2023-08-15": true, "2023-08-31": true, "2024-02-29": true, "2023-02-28": true, "2023-08-30": false, "2023-08-01": false} {
		if got := SnapshotDue(day(d)); got != want {
			t.Errorf("SnapshotDue(%s): got %v, want %v", d, got, want)
		}
	}
}
