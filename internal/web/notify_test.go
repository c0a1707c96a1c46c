package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/notify"
)

// TestNotifyPage: the analyst adds subscriptions on /notify (a refused one says why in Chinese;
// a secret is never shown back), sees the outbox's backlog and dead letters, sends a dead letter
// again and removes a subscription; the sysadmin reads the page too; the other roles are refused.
func TestNotifyPage(t *testing.T) {
	eachFixture(t, func(t *testing.T, fx *fixture) {
		hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusBadGateway) }))
		defer hook.Close()
		an := fx.login(t, domain.RoleAnalyst)
		if r := an.get("/notify"); r.code != http.StatusOK || !strings.Contains(r.body, `id="notify-form"`) || !strings.Contains(r.body, "尚无订阅") {
			t.Fatalf("GET /notify: got %d\n%s", r.code, r.body)
		}
		for _, st := range []struct {
			name string
			form url.Values
			code int
			want string
		}{
			{"a DingTalk robot", url.Values{"unit": {"441781-swj"}, "kind": {"followup.overdue"}, "channel": {"dingtalk"},
				"target": {"https://oapi.dingtalk.com/robot/send?access_token=abc"}, "secret": {"SECtopsecret42"}}, http.StatusSeeOther, "钉钉机器人"},
			{"a webhook", url.Values{"unit": {"441781-swj"}, "kind": {"*"}, "channel": {"webhook"}, "target": {hook.URL + "/h"}}, http.StatusSeeOther, "全部事项"},
			{"DingTalk without its secret", url.Values{"unit": {"441781-swj"}, "kind": {"*"}, "channel": {"dingtalk"},
				"target": {"https://oapi.dingtalk.com/robot/send?access_token=abc"}}, http.StatusBadRequest, "须填写签名（加签）密钥"},
			{"a bad address", url.Values{"unit": {"441781-swj"}, "kind": {"*"}, "channel": {"email"}, "target": {"局长"}}, http.StatusBadRequest, "邮箱地址「局长」无效"},
			{"an unknown unit", url.Values{"unit": {"nope"}, "kind": {"*"}, "channel": {"email"}, "target": {"a@b.cn"}}, http.StatusNotFound, "nope"},
		} {
			r := an.post("/notify/subscriptions", st.form)
			if r.code != st.code {
				t.Errorf("%s: got %d, want %d\n%s", st.name, r.code, st.code, r.body)
				continue
			}
			if r.code == http.StatusSeeOther {
				r = an.get("/notify")
			}
			if !strings.Contains(r.body, st.want) {
				t.Errorf("%s: got no %q on the page", st.name, st.want)
			}
			// A refused form keeps what was typed in the address (the analyst's own input), never the secret.
			if strings.Contains(r.body, "SECtopsecret42") || (r.code == http.StatusOK && strings.Contains(r.body, "access_token=abc")) {
				t.Errorf("%s: the secret or the robot's token is shown", st.name)
			}
		}
		page := an.get("/notify")
		if !strings.Contains(page.body, "access_token=***") {
			t.Error("the robot's URL is not shown masked")
		}
		if !strings.Contains(page.body, "已设置（不显示）") {
			t.Error("the signed subscription is not marked as having a secret")
		}
		// A message to the webhook that answers 502 three times becomes a dead letter.
		svc := notify.New(fx.s)
		svc.MaxAttempts = 1
		if n, err := svc.Notify(ctx, domain.Actor{Username: "ana"}, domain.Event{Kind: "data.late", UnitCode: "441781-swj", Subject: "商务局六月报表未报", Text: "x"}); err != nil || n != 1 {
			t.Fatalf("notify: %d, %v", n, err)
		}
		if res, err := svc.Drain(ctx); err != nil || res.Dead != 1 {
			t.Fatalf("drain: %+v, %v", res, err)
		}
		page = an.get("/notify")
		dead, _ := fx.s.OutboxMessages(ctx, domain.OutboxDead, 5)
		if len(dead) != 1 || !strings.Contains(page.body, "HTTP 502") || !strings.Contains(page.body, dead[0].IdempotencyKey) {
			t.Fatalf("dead letter not on the page (%+v)\n%s", dead, page.body)
		}
		if strings.Contains(page.body, "商务局六月报表未报") {
			t.Error("the page shows the message's text; it lists messages by kind, unit and channel only")
		}
		if r := an.post("/notify/outbox/"+strconv.FormatInt(dead[0].ID, 10)+"/retry", nil); r.code != http.StatusSeeOther {
			t.Errorf("retry: got %d\n%s", r.code, r.body)
		}
		if st, _ := fx.s.OutboxStats(ctx, fx.s.Now()); st.Pending != 1 || st.Dead != 0 {
			t.Errorf("after retry: %+v", st)
		}
		subs, _ := fx.s.Subscriptions(ctx, "441781-swj")
		if len(subs) != 2 {
			t.Fatalf("subscriptions: %+v", subs)
		}
		if r := an.post("/notify/subscriptions/"+strconv.FormatInt(subs[0].ID, 10)+"/remove", nil); r.code != http.StatusSeeOther {
			t.Errorf("remove: got %d", r.code)
		}
		if subs, _ := fx.s.Subscriptions(ctx, "441781-swj"); len(subs) != 1 {
			t.Errorf("after removal: %+v", subs)
		}
		if r := fx.login(t, domain.RoleSysadmin).get("/notify"); r.code != http.StatusOK {
			t.Errorf("sysadmin GET /notify: %d", r.code)
		}
		for _, role := range []domain.Role{domain.RoleReporter, domain.RoleLeader, domain.RoleAuditor, domain.RoleSecadmin} {
			if r := fx.login(t, role).get("/notify"); r.code != http.StatusForbidden {
				t.Errorf("%s GET /notify: got %d, want 403", role, r.code)
			}
		}
	})
}
