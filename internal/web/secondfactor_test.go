package web_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"html"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"pacer/internal/app"
	"pacer/internal/auth"
	"pacer/internal/demo"
	"pacer/internal/locale"
	"pacer/internal/store"
	"pacer/internal/web"
)

// webTOTP is this test's own TOTP (RFC 6238, HMAC-SHA1, 30 s, dynamic truncation), apart from
// auth's; checked against the RFC's vectors at the start of the test that uses it.
func webTOTP(secret []byte, at time.Time, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(at.Unix()/30))
	mac := hmac.New(sha1.New, secret)
	mac.Write(msg[:])
	h := mac.Sum(nil)
	o := h[19] & 15
	v := binary.BigEndian.Uint32(h[o:o+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, v%mod)
}

var (
	sfQR     = regexp.MustCompile(`<img src="data:image/png;base64,([A-Za-z0-9+/=&#;]+)"[^>]*id="sf-qr"`)
	sfSecret = regexp.MustCompile(`<code class="sf-secret" id="sf-secret">([A-Z2-7]+)</code>`)
	sfCodes  = regexp.MustCompile(`<li>([a-z2-9]{5}-[a-z2-9]{5})</li>`)
)

// The second factor on the web, where the server enforces it: the sysadmin (a role the default
// policy names) signs in with the password and is sent to enrol before anything else; the page
// shows a QR code (a PNG data: URI, no script) and the secret; a real time-based code computed
// from that secret confirms it and the page shows ten recovery codes once. Then signing in needs
// a code: a real one works, its replay is refused, a recovery code works once. A server that does
// not enforce it (the default) lets the sysadmin in with the password alone.
func TestSecondFactorWeb(t *testing.T) {
	for unix, want := range map[int64]string{59: "94287082", 1111111111: "14050471", 2000000000: "69279037"} {
		if got := webTOTP([]byte("12345678901234567890"), time.Unix(unix, 0), 8); got != want {
			t.Fatalf("the test's TOTP at %d: got %s, want %s (RFC 6238 appendix B)", unix, got, want)
		}
	}
	eachDemoServer(t, func(t *testing.T, s *store.Store, plain string) {
		if r := login(t, plain, "demo-sysadmin", demoPassword).get("/users"); r.code != http.StatusOK {
			t.Errorf("sysadmin on a server not enforcing a second factor: got %d, want 200", r.code)
		}
		svc := app.Services(s)
		svc.Accounts = svc.Accounts.WithSecondFactor(auth.NewSecretKey(), true)
		base := serve(t, &web.Server{Services: svc, HomeRegion: demo.Region, HomePeriod: demo.Period})

		admin := login(t, base, "demo-sysadmin", demoPassword)
		if r := admin.get("/users"); r.code != http.StatusSeeOther || r.location() != "/account/second-factor" {
			t.Fatalf("sysadmin without a second factor: got %d to %q, want 303 to /account/second-factor", r.code, r.location())
		}
		if r := login(t, base, "demo-leader", demoPassword).get("/dashboard"); r.code != http.StatusOK {
			t.Errorf("leader (a role the policy does not name): got %d, want 200 without a second factor", r.code)
		}
		page := admin.get("/account/second-factor")
		qr, sec := sfQR.FindStringSubmatch(page.body), sfSecret.FindStringSubmatch(page.body)
		if page.code != http.StatusOK || qr == nil || sec == nil {
			t.Fatalf("enrolment page: got %d without a QR data: URI or the secret\n%.3000s", page.code, page.body)
		}
		if csp := page.header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data:") || strings.Contains(page.body, "<script") {
			t.Errorf("enrolment page: got CSP %q and script %t, want data: images and no script", csp, strings.Contains(page.body, "<script"))
		}
		raw, err := base64.StdEncoding.DecodeString(html.UnescapeString(qr[1])) // the template writes + as &#43;
		if err != nil {
			t.Fatal(err)
		}
		if img, err := png.Decode(bytes.NewReader(raw)); err != nil || img.Bounds().Dx() < 200 {
			t.Errorf("QR code: got %v, %v; want a PNG at least 200 pixels wide", img, err)
		}
		secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(sec[1])
		if err != nil || len(secret) != 20 {
			t.Fatalf("secret %q: got %d bytes, %v", sec[1], len(secret), err)
		}
		if r := admin.post("/account/second-factor", url.Values{"code": {"123456"}}); r.code != http.StatusBadRequest ||
			!strings.Contains(r.body, locale.T("zh-CN", "second_factor.wrong_code")) {
			t.Errorf("confirming with a wrong code: got %d, want 400 with the message", r.code)
		}
		r := admin.post("/account/second-factor", url.Values{"code": {webTOTP(secret, time.Now(), 6)}})
		codes := sfCodes.FindAllStringSubmatch(r.body, -1)
		if r.code != http.StatusOK || len(codes) != 10 {
			t.Fatalf("confirming with the real code: got %d with %d recovery codes, want 200 with 10\n%.3000s", r.code, len(codes), r.body)
		}
		if r := admin.get("/users"); r.code != http.StatusOK {
			t.Errorf("sysadmin after enrolling: got %d, want 200", r.code)
		}
		if r := admin.get("/account/second-factor"); sfCodes.MatchString(r.body) || !strings.Contains(r.body, `id="sf-state"`) {
			t.Errorf("the page again: want the state and no recovery codes shown again\n%.2000s", r.body)
		}

		try := func(code string) response {
			return newClient(t, base).request(http.MethodPost, "/login",
				url.Values{"username": {"demo-sysadmin"}, "password": {demoPassword}, "code": {code}}, nil)
		}
		// The enrolment took this step's code; the next step's is inside the accepted window.
		code := webTOTP(secret, time.Now().Add(30*time.Second), 6)
		failed, needed := locale.T("zh-CN", "login.failed"), locale.T("zh-CN", "second_factor.code_needed")
		for _, tc := range []struct {
			name, code string
			want       int
			message    string
		}{
			{"no code", "", http.StatusUnauthorized, needed},
			{"a wrong code", "000000", http.StatusUnauthorized, failed},
			{"the real code", code, http.StatusSeeOther, ""},
			{"the same code again", code, http.StatusUnauthorized, failed},
			{"a recovery code", codes[3][1], http.StatusSeeOther, ""},
			{"the same recovery code again", codes[3][1], http.StatusUnauthorized, failed},
		} {
			r := try(tc.code)
			if r.code != tc.want || (tc.message != "" && !strings.Contains(r.body, tc.message)) {
				t.Errorf("sign-in with %s: got %d, want %d %s", tc.name, r.code, tc.want, tc.message)
			}
			if tc.want == http.StatusSeeOther && sessionCookie(t, r) == nil {
				t.Errorf("sign-in with %s: got no session cookie", tc.name)
			}
		}
		var got []string
		for _, e := range auditSince(t, s, 0) {
			if strings.Contains(e.Action, "second_factor") {
				got = append(got, e.Action)
			}
		}
		if strings.Join(got, " ") != "second_factor.enrol auth.second_factor_refused auth.second_factor_refused second_factor.recovery_code auth.second_factor_refused" {
			t.Errorf("audit: got %v", got)
		}
	})
}
