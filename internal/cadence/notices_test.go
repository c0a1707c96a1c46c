package cadence_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"pacer/internal/cadence"
	"pacer/internal/domain"
	"pacer/internal/notify"
	"pacer/internal/store"
)

// TestFollowUpNotices: each change of a follow-up users expect a message for reaches a real local
// HTTP receiver — the owner unit hears of the follow-up assigned, a reply returned (with the
// reason), an extension refused (with the reason) and granted (with the new deadline); a leader
// named hears of it on his own subscription, and the meeting's decisions are assigned too. A reply
// and a close raise no message; a cooperating unit hears nothing.
func TestFollowUpNotices(t *testing.T) {
	eachStore(t, func(t *testing.T, s *store.Store, c *cadence.Service) {
		var mu sync.Mutex
		got := map[string][]string{} // path → subject|text
		rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			var m struct{ Subject, Text string }
			if err := json.Unmarshal(b, &m); err != nil {
				t.Errorf("receiver: %v", err)
			}
			mu.Lock()
			got[r.URL.Path] = append(got[r.URL.Path], m.Subject+"|"+m.Text)
			mu.Unlock()
		}))
		defer rc.Close()
		if _, err := s.CreateUser(ctx, store.Who{Username: "test"}, domain.User{Username: "li", DisplayName: "李副市长",
			Role: domain.RoleLeader, PasswordHash: "x", Lang: "zh-CN"}); err != nil {
			t.Fatal(err)
		}
		nt := notify.New(s)
		for _, sub := range []domain.Subscription{
			{UnitCode: "440781-swj", EventKind: "*", Channel: domain.ChannelWebhook, Target: rc.URL + "/owner"},
			{UnitCode: "440781-tjj", EventKind: "*", Channel: domain.ChannelWebhook, Target: rc.URL + "/coop"},
			{Username: "li", EventKind: "*", Channel: domain.ChannelWebhook, Target: rc.URL + "/leader"},
		} {
			if _, err := nt.Subscribe(ctx, ana, sub); err != nil {
				t.Fatal(err)
			}
		}
		drain := func() {
			t.Helper()
			if _, err := nt.Drain(ctx); err != nil {
				t.Fatal(err)
			}
		}
		rep := domain.Actor{Username: "rep", Role: domain.RoleReporter}
		fu, err := c.CreateFollowUp(ctx, ana, region, cadence.Decision{Title: "推动零售额回升", OwnerUnit: "440781-swj",
			Cooperating: []string{"440781-tjj"}, Deadline: "2023-08-09"})
		if err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			name string
			do   func() error
		}{
			{"reply", func() error { return c.Reply(ctx, rep, "440781-swj", region, fu.ID, "已走访", nil) }},
			{"return", func() error { return c.Return(ctx, ana, region, fu.ID, "请补充数据") }},
			{"ask", func() error {
				return c.RequestExtension(ctx, rep, "440781-swj", region, fu.ID, "2023-08-31", "商场改造")
			}},
			{"refuse", func() error { return c.DecideExtension(ctx, ana, region, fu.ID, false, "时间过长") }},
			{"ask again", func() error {
				return c.RequestExtension(ctx, rep, "440781-swj", region, fu.ID, "2023-08-20", "商场改造")
			}},
			{"grant", func() error { return c.DecideExtension(ctx, ana, region, fu.ID, true, "") }},
			{"leader", func() error { return c.SetLeader(ctx, ana, region, fu.ID, "li") }},
			{"close", func() error { return c.Close(ctx, ana, region, fu.ID, "已回升") }},
		}
		for _, st := range steps {
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
		}
		drain()
		want := []string{"新的督办事项：推动零售额回升", "督办回复被退回：推动零售额回升|督办事项「推动零售额回升」的进展回复被退回，理由：请补充数据",
			"督办延期未获批准", "理由：时间过长", "督办延期已批准", "新的办理期限为 2023-08-20", "挂点督办事项：推动零售额回升"}
		owner := strings.Join(got["/owner"], "\n")
		if len(got["/owner"]) != 5 {
			t.Errorf("owner unit: got %d messages, want 5 (assigned, returned, refused, granted, leader named):\n%s", len(got["/owner"]), owner)
		}
		for _, w := range want {
			if !strings.Contains(owner, w) {
				t.Errorf("owner unit's messages lack %q:\n%s", w, owner)
			}
		}
		if l := got["/leader"]; len(l) != 1 || !strings.Contains(l[0], "您已被确定为督办事项「推动零售额回升」的挂点领导") {
			t.Errorf("leader: got %q, want the one notice of his naming", l)
		}
		if len(got["/coop"]) != 0 {
			t.Errorf("cooperating unit: got %q, want nothing", got["/coop"])
		}
		if err := c.SetLeader(ctx, ana, region, fu.ID, "rep"); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("a leader who is no leader's account: got %v, want invalid", err)
		}
		// A meeting's decision is assigned too, with its leader told.
		if _, _, err := c.RecordMeeting(ctx, ana, domain.Meeting{RegionCode: region, Week: "2023-W32", HeldOn: "2023-08-07", Chair: "市长"},
			[]cadence.Decision{{Title: "组织促消费活动", OwnerUnit: "440781-swj", Deadline: "2023-08-31", Leader: "li"}}); err != nil {
			t.Fatal(err)
		}
		drain()
		if o, l := got["/owner"], got["/leader"]; len(o) != 6 || !strings.Contains(o[5], "新的督办事项：组织促消费活动") || len(l) != 2 ||
			!strings.Contains(l[1], "组织促消费活动") {
			t.Errorf("after the meeting: owner %q, leader %q; want the decision assigned to both", o, l)
		}
	})
}
