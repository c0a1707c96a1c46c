package storetest

import (
	"context"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// cadenceUnits creates the units the cadence tests hand follow-ups to.
func cadenceUnits(t *testing.T, s *store.Store) store.Who {
	t.Helper()
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	for _, u := range []domain.Unit{{Code: "440784-swj", Name: "商务局", RegionCode: "440784", Kind: "department"},
		{Code: "440784-tjj", Name: "统计局", RegionCode: "440784", Kind: "department"}} {
		if err := s.CreateUnit(ctx, ana, u, nil); err != nil {
			t.Fatal(err)
		}
	}
	return ana
}

// testFollowUps: a follow-up created, changed only from the version read (a stale write is a
// conflict and writes nothing), its history with a photo; each step audited.
func testFollowUps(t *testing.T, s *store.Store) {
	ana := cadenceUnits(t, s)
	f, err := s.CreateFollowUp(ctx, ana, domain.FollowUp{RegionCode: "440784", Title: "零售额追赶", OwnerUnit: "440784-swj",
		Cooperating: []string{"440784-tjj"}, Deadline: "2023-09-08", LinkKind: domain.LinkIndicator, LinkRef: "retail"}, nil)
	if err != nil || f.ID == 0 || f.State != domain.FollowUpOpen || f.Version != 1 {
		t.Fatalf("create: got %+v, %v; want an open follow-up at version 1", f, err)
	}
	if _, err := s.CreateFollowUp(ctx, ana, domain.FollowUp{RegionCode: "440784", Title: "x", OwnerUnit: "no-such", Deadline: "2023-09-08"}, nil); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown owner unit: got %v, want not_found", err)
	}
	got, err := s.FollowUp(ctx, f.ID)
	if err != nil || got.Title != "零售额追赶" || len(got.Cooperating) != 1 || got.LinkRef != "retail" || got.MeetingID != 0 {
		t.Fatalf("read back: got %+v, %v", got, err)
	}
	if _, err := s.FollowUp(ctx, f.ID+100); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown id: got %v, want not_found", err)
	}
	before, _ := s.AuditLog(ctx, 100)
	next := got
	ev, err := next.Reply("440784-swj", "已对接 12 家商贸企业", 1)
	if err != nil {
		t.Fatal(err)
	}
	ev.Photos = []domain.FollowUpPhoto{{Name: "site.png", ContentType: "image/png", Data: []byte("\x89PNG fake")}}
	rep := store.Who{Username: "rep", Role: domain.RoleReporter}
	if err := s.UpdateFollowUp(ctx, rep, got.Version, next, ev); err != nil {
		t.Fatal(err)
	}
	// A second writer that read version 1 too is refused.
	late := got
	lev, _ := late.Close("", s.Now())
	if err := s.UpdateFollowUp(ctx, ana, got.Version, late, lev); domain.ErrorKind(err) != domain.ECONFLICT {
		t.Errorf("stale write: got %v, want conflict", err)
	}
	cur, _ := s.FollowUp(ctx, f.ID)
	if cur.State != domain.FollowUpInProgress || cur.Version != 2 {
		t.Errorf("after the reply: got %s at version %d, want in_progress at 2", cur.State, cur.Version)
	}
	evs, err := s.FollowUpEvents(ctx, f.ID)
	if err != nil || len(evs) != 2 || evs[0].Kind != domain.EventCreate || evs[1].Kind != domain.EventReply || evs[1].Actor != "rep" ||
		len(evs[1].Photos) != 1 || evs[1].Photos[0].Data != nil {
		t.Fatalf("events: got %+v, %v; want create and a reply with one photo (no data in the list)", evs, err)
	}
	p, fid, err := s.FollowUpPhoto(ctx, evs[1].Photos[0].ID)
	if err != nil || fid != f.ID || string(p.Data) != "\x89PNG fake" || p.ContentType != "image/png" {
		t.Errorf("photo: got %+v of %d, %v", p, fid, err)
	}
	if _, _, err := s.FollowUpPhoto(ctx, 9999); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown photo: got %v, want not_found", err)
	}
	after, _ := s.AuditLog(ctx, 100)
	if len(after) != len(before)+1 || after[0].Action != "followup.reply" {
		t.Errorf("audit: got %d new rows (%+v), want one followup.reply", len(after)-len(before), after[0])
	}
	if _, err := s.CreateFollowUp(ctx, ana, domain.FollowUp{RegionCode: "440784", Title: "统计入库", OwnerUnit: "440784-tjj", Deadline: "2023-08-31"}, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		q    store.FollowUpQuery
		want int
	}{
		{store.FollowUpQuery{Region: "440784"}, 2},
		{store.FollowUpQuery{Region: "440784", Unit: "440784-tjj"}, 1},
		{store.FollowUpQuery{Region: "440781"}, 0},
	} {
		if fs, err := s.FollowUps(ctx, tc.q); err != nil || len(fs) != tc.want {
			t.Errorf("%+v: got %d, %v; want %d", tc.q, len(fs), err, tc.want)
		} else if tc.want == 2 && fs[0].Deadline != "2023-08-31" {
			t.Errorf("order: got %s first, want the earliest deadline", fs[0].Deadline)
		}
	}
	cur, _ = s.FollowUp(ctx, f.ID)
	cev, _ := cur.Close("完成", s.Now())
	if err := s.UpdateFollowUp(ctx, ana, 2, cur, cev); err != nil {
		t.Fatal(err)
	}
	if fs, _ := s.FollowUps(ctx, store.FollowUpQuery{Region: "440784", NotDone: true}); len(fs) != 1 || fs[0].OwnerUnit != "440784-tjj" {
		t.Errorf("not done: got %+v, want the statistics bureau's only", fs)
	}
	if done, _ := s.FollowUp(ctx, f.ID); done.ClosedAt == nil || done.State != domain.FollowUpDone {
		t.Errorf("closed: got %+v", done)
	}
}

// testMeetings: a meeting and its decisions in one transaction (a bad decision writes nothing);
// meetings before a day, latest first; its decisions by meeting.
func testMeetings(t *testing.T, s *store.Store) {
	ana := cadenceUnits(t, s)
	m := domain.Meeting{RegionCode: "440784", Week: "2023-W34", HeldOn: "2023-08-21", Chair: "市长", Attendees: []string{"商务局", "统计局"}}
	bad := []domain.FollowUp{{RegionCode: "440784", Title: "a", OwnerUnit: "440784-swj", Deadline: "2023-08-25"},
		{RegionCode: "440784", Title: "b", OwnerUnit: "no-such", Deadline: "2023-08-25"}}
	if _, _, err := s.RecordMeeting(ctx, ana, m, bad, nil); err == nil {
		t.Fatal("a decision for an unknown unit: got no error")
	}
	if ms, _ := s.Meetings(ctx, "440784", ""); len(ms) != 0 {
		t.Fatalf("after a refused meeting: got %d meetings, want 0", len(ms))
	}
	got, ds, err := s.RecordMeeting(ctx, ana, m, bad[:1], nil)
	if err != nil || got.ID == 0 || len(ds) != 1 || ds[0].MeetingID != got.ID || ds[0].ID == 0 {
		t.Fatalf("record: got %+v %+v, %v", got, ds, err)
	}
	m2 := m
	m2.Week, m2.HeldOn = "2023-W35", "2023-08-28"
	if _, _, err := s.RecordMeeting(ctx, ana, m2, nil, nil); err != nil {
		t.Fatal(err)
	}
	ms, err := s.Meetings(ctx, "440784", "2023-08-28")
	if err != nil || len(ms) != 1 || ms[0].HeldOn != "2023-08-21" || len(ms[0].Attendees) != 2 || ms[0].RecordedBy != "ana" {
		t.Errorf("meetings before 08-28: got %+v, %v; want the one of 08-21", ms, err)
	}
	if all, _ := s.Meetings(ctx, "440784", ""); len(all) != 2 || all[0].HeldOn != "2023-08-28" {
		t.Errorf("all meetings: got %+v, want two, latest first", all)
	}
	one, err := s.Meeting(ctx, got.ID)
	if err != nil || one.Chair != "市长" {
		t.Errorf("meeting: got %+v, %v", one, err)
	}
	if _, err := s.Meeting(ctx, 999); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown meeting: got %v", err)
	}
	if fs, _ := s.FollowUps(ctx, store.FollowUpQuery{Region: "440784", MeetingID: got.ID}); len(fs) != 1 || fs[0].Title != "a" {
		t.Errorf("decisions: got %+v", fs)
	}
}

// testAgendaEntries: the analyst's entries replaced as a whole, read back by position.
func testAgendaEntries(t *testing.T, s *store.Store) {
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	set := []store.AgendaEntry{{Kind: "indicator", Ref: "gdp", Position: 2}, {Kind: "followup", Ref: "7", Title: "加开一项", Position: 1, Added: true}}
	if err := s.SetAgendaEntries(ctx, ana, "440784", "2023-W35", set); err != nil {
		t.Fatal(err)
	}
	got, err := s.AgendaEntries(ctx, "440784", "2023-W35")
	if err != nil || len(got) != 2 || got[0].Ref != "7" || !got[0].Added || got[0].Title != "加开一项" || got[1].Ref != "gdp" {
		t.Fatalf("got %+v, %v; want the added follow-up first, then gdp", got, err)
	}
	if err := s.SetAgendaEntries(ctx, ana, "440784", "2023-W35", set[:1]); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.AgendaEntries(ctx, "440784", "2023-W35"); len(got) != 1 {
		t.Errorf("replaced: got %+v, want one entry", got)
	}
	if got, _ := s.AgendaEntries(ctx, "440784", "2023-W36"); len(got) != 0 {
		t.Errorf("another week: got %+v, want none", got)
	}
}

// testSnapshotsFrozen: a snapshot taken once per region and day (asking again returns the first),
// never updated nor deleted, even by raw SQL; notes appended beside it.
func testSnapshotsFrozen(t *testing.T, s *store.Store) {
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	x, created, err := s.CreateSnapshot(ctx, ana, domain.Snapshot{RegionCode: "440784", TakenOn: "2023-08-15", Period: "2023-07", Body: []byte(`{"a":1}`)})
	if err != nil || !created || x.ID == 0 || string(x.Body) != `{"a":1}` || x.TakenBy != "ana" {
		t.Fatalf("first: got %+v, %v, %v", x, created, err)
	}
	y, created, err := s.CreateSnapshot(ctx, ana, domain.Snapshot{RegionCode: "440784", TakenOn: "2023-08-15", Period: "2023-07", Body: []byte(`{"a":2}`)})
	if err != nil || created || y.ID != x.ID || string(y.Body) != `{"a":1}` {
		t.Errorf("again: got %+v, created %v, %v; want the frozen first", y, created, err)
	}
	if _, _, err := s.CreateSnapshot(ctx, ana, domain.Snapshot{RegionCode: "440784", TakenOn: "2023-08-31", Period: "2023-07", Body: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	raw := any(s).(interface {
		ExecForTest(context.Context, string) error
	})
	for _, q := range []string{`UPDATE snapshots SET body = '{"a":3}'`, `DELETE FROM snapshots`} {
		if err := raw.ExecForTest(ctx, q); err == nil {
			t.Errorf("%s: got no error, want the database to refuse", q)
		}
	}
	if got, err := s.SnapshotOn(ctx, "440784", "2023-08-15"); err != nil || string(got.Body) != `{"a":1}` {
		t.Errorf("after tampering: got %+v, %v", got, err)
	}
	if _, err := s.SnapshotOn(ctx, "440784", "2023-09-15"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("no snapshot: got %v, want not_found", err)
	}
	list, err := s.Snapshots(ctx, "440784")
	if err != nil || len(list) != 2 || list[0].TakenOn != "2023-08-31" || list[0].Body != nil {
		t.Errorf("list: got %+v, %v; want two, latest first, without bodies", list, err)
	}
	for _, n := range []string{"加快项目入库", "已约谈"} {
		if err := s.AddSnapshotNote(ctx, ana, domain.SnapshotNote{SnapshotID: x.ID, IndicatorCode: "retail", Note: n}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddSnapshotNote(ctx, ana, domain.SnapshotNote{SnapshotID: 9999, IndicatorCode: "retail", Note: "x"}); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("note on no snapshot: got %v, want not_found", err)
	}
	ns, err := s.SnapshotNotes(ctx, x.ID)
	if err != nil || len(ns) != 2 || ns[1].Note != "已约谈" || ns[1].Actor != "ana" {
		t.Errorf("notes: got %+v, %v", ns, err)
	}
}

// cadenceTimes writes every time column of the cadence's tables, for testTimestamps.
func cadenceTimes(t *testing.T, s *store.Store, by store.Who) {
	t.Helper()
	_, ds, err := s.RecordMeeting(ctx, by, domain.Meeting{RegionCode: "440784", Week: "2023-W34", HeldOn: "2023-08-21", Chair: "c"},
		[]domain.FollowUp{{RegionCode: "440784", Title: "t", OwnerUnit: "440784-tjj", Deadline: "2023-08-25"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := ds[0]
	ev, _ := f.Close("", time.Now())
	if err := s.UpdateFollowUp(ctx, by, f.Version, f, ev); err != nil {
		t.Fatal(err)
	}
	x, _, err := s.CreateSnapshot(ctx, by, domain.Snapshot{RegionCode: "440784", TakenOn: "2023-08-15", Period: "2023-07", Body: []byte("{}")})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddSnapshotNote(ctx, by, domain.SnapshotNote{SnapshotID: x.ID, IndicatorCode: "gdp", Note: "n"}); err != nil {
		t.Fatal(err)
	}
}
