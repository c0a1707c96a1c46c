package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// A form body that cannot be read whole — "growth=7.3%" sent unencoded by a hand-made request — is
// refused with a message naming what was wrong, not read without the fields it garbled.
func TestGarbledFormRefused(t *testing.T) {
	s := demos.Open(t, "sqlite")
	c := login(t, newServer(t, s), "demo-analyst", demoPassword)
	post := func(body string) response {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, c.base+"/lang", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return c.do(req)
	}
	r := post("csrf=" + c.csrf + "&lang=en&next=/dashboard&growth=7.3%&note=x")
	if r.code != http.StatusBadRequest || !strings.Contains(r.body, "提交的表单数据无法读取") || !strings.Contains(r.body, "「%」不是合法的 URL 编码") {
		t.Errorf("garbled body: got %d, want 400 naming the bad escape\n%.400s", r.code, r.body[max(0, strings.Index(r.body, "<main")):])
	}
	if got := c.get("/dashboard"); !strings.Contains(got.body, `lang="zh-CN"`) {
		t.Errorf("after the refused form: the page's language changed")
	}
	if r := post("csrf=" + c.csrf + "&lang=en&next=/dashboard&growth=7.3%25"); r.code != http.StatusSeeOther {
		t.Errorf("the same form encoded: got %d, want 303", r.code)
	}
}
