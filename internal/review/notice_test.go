package review_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/notify"
	"pacer/internal/review"
	"pacer/internal/store"
)

// TestReturnTellsTheUnit: a returned submission is told to the reporter's unit (its subscriber
// of submission.returned), delivered to a real local HTTP receiver with the reason; a unit that
// does not subscribe hears nothing and an approval raises no such message.
func TestReturnTellsTheUnit(t *testing.T) {
	eachStore(t, func(t *testing.T, s *review.Service, st *store.Store) {
		var mu sync.Mutex
		var got []map[string]any
		rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Errorf("receiver: %v in %s", err, b)
			}
			mu.Lock()
			got = append(got, m)
			mu.Unlock()
		}))
		defer rc.Close()
		nt := notify.New(st)
		if _, err := nt.Subscribe(ctx, analyst, domain.Subscription{UnitCode: dept, EventKind: domain.NoticeSubmissionReturned,
			Channel: domain.ChannelWebhook, Target: rc.URL + "/hook"}); err != nil {
			t.Fatal(err)
		}
		sub, err := s.Save(ctx, repActor, reporter, entered("2023-06", domain.F(70.31), domain.F(5.4)))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Return(ctx, analyst, sub.ID, "与快报不符，请核实"); err != nil {
			t.Fatal(err)
		}
		res, err := nt.Drain(ctx)
		if err != nil || res.Sent != 1 {
			t.Fatalf("drain: got %+v, %v; want 1 sent", res, err)
		}
		if len(got) != 1 {
			t.Fatalf("receiver: got %d messages, want 1", len(got))
		}
		text, _ := got[0]["text"].(string)
		data, _ := got[0]["data"].(map[string]any)
		if !strings.Contains(text, "与快报不符，请核实") || !strings.Contains(text, "2023-06") || data["indicator"] != "retail" {
			t.Errorf("message: got %v, want the reason, the period and the indicator", got[0])
		}
		// Resubmitted and approved: no submission.returned message more.
		again, err := s.Save(ctx, repActor, reporter, entered("2023-06", domain.F(70.31), domain.F(5.5)))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Approve(ctx, analyst, again.ID); err != nil {
			t.Fatal(err)
		}
		if msgs, _ := st.OutboxMessages(ctx, "", 10); len(msgs) != 1 {
			t.Errorf("after approval: %d messages, want still 1", len(msgs))
		}
	})
}
