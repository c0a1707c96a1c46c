package notify_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// delivery is one request a receiver got.
type delivery struct {
	Path   string
	Query  string
	Header http.Header
	Body   []byte
	Key    string // the Idempotency-Key header
}

// receiver is a real local HTTP server playing the four kinds of endpoint — the generic webhook
// (/hook), WeCom (/wecom), DingTalk (/dingtalk) and Feishu (/feishu) — checking each message the
// way the vendor documents and answering as the vendor does. secrets are the receiver's own
// copies of the signing secrets, by path.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	got      []delivery
	secrets  map[string]string
	fail     int              // answer HTTP 500 to the next fail requests
	onReq    func(n int)      // called with the count of requests so far, before answering
	problems []string         // what the receiver refused, and why
	now      func() time.Time // the receiver's clock, for the robots' one-hour window
}

func newReceiver(t testing.TB, secrets map[string]string) *receiver {
	rc := &receiver{secrets: secrets, now: time.Now}
	rc.Server = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.Close)
	return rc
}

// setHook sets onReq. The handlers of requests still in flight (a killed deliverer's) read it
// under mu: it is set under mu too.
func (rc *receiver) setHook(f func(n int)) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.onReq = f
}

func (rc *receiver) deliveries() []delivery {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]delivery(nil), rc.got...)
}

func (rc *receiver) refused() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]string(nil), rc.problems...)
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	d := delivery{Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body, Key: r.Header.Get("Idempotency-Key")}
	rc.got = append(rc.got, d)
	n := len(rc.got)
	failing := rc.fail > 0
	if failing {
		rc.fail--
	}
	hook := rc.onReq
	rc.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	if failing {
		http.Error(w, "down for maintenance", http.StatusInternalServerError)
		return
	}
	var problem string
	switch r.URL.Path {
	case "/hook":
		problem = rc.checkWebhook(d)
	case "/wecom":
		problem = checkWeCom(d)
		if problem != "" {
			writeJSONAnswer(w, map[string]any{"errcode": 40008, "errmsg": problem})
			rc.refuse(problem)
			return
		}
		writeJSONAnswer(w, map[string]any{"errcode": 0, "errmsg": "ok"})
		return
	case "/dingtalk":
		problem = rc.checkDingTalk(r)
		if problem != "" {
			writeJSONAnswer(w, map[string]any{"errcode": 310000, "errmsg": problem})
			rc.refuse(problem)
			return
		}
		writeJSONAnswer(w, map[string]any{"errcode": 0, "errmsg": "ok"})
		return
	case "/feishu":
		problem = rc.checkFeishu(d)
		if problem != "" {
			writeJSONAnswer(w, map[string]any{"code": 19021, "msg": problem, "data": map[string]any{}})
			rc.refuse(problem)
			return
		}
		writeJSONAnswer(w, map[string]any{"code": 0, "msg": "success", "data": map[string]any{}})
		return
	default:
		problem = "no such endpoint " + r.URL.Path
	}
	if problem != "" {
		rc.refuse(problem)
		http.Error(w, problem, http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) refuse(p string) {
	rc.mu.Lock()
	rc.problems = append(rc.problems, p)
	rc.mu.Unlock()
}

func writeJSONAnswer(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// checkWebhook: the generic JSON with the key in the body equal to the header; when the receiver
// has a secret, X-Pacer-Signature = sha256=hex(HMAC-SHA256(secret, timestamp + "." + body)).
func (rc *receiver) checkWebhook(d delivery) string {
	var m map[string]any
	if err := json.Unmarshal(d.Body, &m); err != nil {
		return "not JSON"
	}
	if m["idempotency_key"] != d.Key || d.Key == "" {
		return fmt.Sprintf("body key %v, header key %q", m["idempotency_key"], d.Key)
	}
	for _, f := range []string{"event", "unit", "subject", "text", "created_at"} {
		if _, ok := m[f].(string); !ok {
			return "missing " + f
		}
	}
	if secret := rc.secrets["/hook"]; secret != "" {
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(d.Header.Get("X-Pacer-Timestamp") + "."))
		mac.Write(d.Body)
		if want := "sha256=" + hex.EncodeToString(mac.Sum(nil)); !hmac.Equal([]byte(want), []byte(d.Header.Get("X-Pacer-Signature"))) {
			return "webhook signature does not match"
		}
	}
	return ""
}

// checkWeCom: {"msgtype":"markdown","markdown":{"content":…}}, content 1–4096 bytes.
func checkWeCom(d delivery) string {
	var m struct {
		MsgType  string `json:"msgtype"`
		Markdown struct {
			Content string `json:"content"`
		} `json:"markdown"`
	}
	if err := json.Unmarshal(d.Body, &m); err != nil || m.MsgType != "markdown" {
		return "wecom: not a markdown message"
	}
	if n := len(m.Markdown.Content); n == 0 || n > 4096 {
		return fmt.Sprintf("wecom: content of %d bytes", n)
	}
	return ""
}

// withinHour is the robots' rule: the timestamp no more than an hour from the receiver's clock.
func (rc *receiver) withinHour(t time.Time) bool {
	d := rc.now().Sub(t)
	return d < time.Hour && d > -time.Hour
}

// checkDingTalk follows DingTalk's documentation for receiving a signed robot message: the query
// carries timestamp (ms) and sign; sign must equal Base64(HmacSHA256(secret, timestamp+"\n"+secret))
// (the query is URL-decoded first), and the timestamp be within an hour.
func (rc *receiver) checkDingTalk(r *http.Request) string {
	ts, sign := r.URL.Query().Get("timestamp"), r.URL.Query().Get("sign")
	ms, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || !rc.withinHour(time.UnixMilli(ms)) {
		return "dingtalk: timestamp " + ts + " not within an hour"
	}
	secret := rc.secrets["/dingtalk"]
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "\n" + secret))
	if want := base64.StdEncoding.EncodeToString(mac.Sum(nil)); want != sign {
		return "dingtalk: sign not match"
	}
	if !strings.Contains(r.URL.RawQuery, "sign="+urlEscape(sign)) {
		return "dingtalk: sign not URL-encoded in the query"
	}
	return ""
}

// urlEscape is the query encoding of a Base64 value: + / = escaped.
func urlEscape(s string) string {
	return strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace(s)
}

// checkFeishu follows Feishu's documentation for a signed custom bot: the body carries timestamp
// (s, a string) and sign = Base64(HmacSHA256 keyed with timestamp+"\n"+secret over an empty
// message), the timestamp within an hour; msg_type text with content.text.
func (rc *receiver) checkFeishu(d delivery) string {
	var m struct {
		Timestamp string `json:"timestamp"`
		Sign      string `json:"sign"`
		MsgType   string `json:"msg_type"`
		Content   struct {
			Text string `json:"text"`
		} `json:"content"`
	}
	if err := json.Unmarshal(d.Body, &m); err != nil || m.MsgType != "text" || m.Content.Text == "" {
		return "feishu: not a text message"
	}
	sec, err := strconv.ParseInt(m.Timestamp, 10, 64)
	if err != nil || !rc.withinHour(time.Unix(sec, 0)) {
		return "feishu: timestamp not within an hour"
	}
	mac := hmac.New(sha256.New, []byte(m.Timestamp+"\n"+rc.secrets["/feishu"]))
	if want := base64.StdEncoding.EncodeToString(mac.Sum(nil)); want != m.Sign {
		return "feishu: sign match fail"
	}
	return ""
}

// smtpServer is a real SMTP listener on 127.0.0.1 speaking enough of RFC 5321 for a client:
// EHLO/HELO, STARTTLS (when it has a certificate), AUTH PLAIN (when it has an account), MAIL,
// RCPT, DATA (with dot-unstuffing), RSET, NOOP, QUIT. It keeps every message it accepted.
type smtpServer struct {
	ln         net.Listener
	tls        *tls.Config
	user, pw   string
	mu         sync.Mutex
	mails      []mailGot
	sawTLS     bool
	sawAuth    bool
	transcript []string
	roots      *x509.CertPool // trusts the server's certificate
}

type mailGot struct {
	From string
	To   []string
	Data string
	TLS  bool
}

func newSMTPServer(t testing.TB, withTLS bool, user, pw string) *smtpServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln, user: user, pw: pw}
	if withTLS {
		cert := selfSigned(t)
		s.tls = &tls.Config{Certificates: []tls.Certificate{cert}}
		leaf, err := x509.ParseCertificate(cert.Certificate[0])
		if err != nil {
			t.Fatal(err)
		}
		s.roots = x509.NewCertPool()
		s.roots.AddCert(leaf)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.session(c)
		}
	}()
	return s
}

func (s *smtpServer) Addr() string { return s.ln.Addr().String() }

func (s *smtpServer) got() []mailGot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]mailGot(nil), s.mails...)
}

func (s *smtpServer) session(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	rd, wr := bufio.NewReader(c), bufio.NewWriter(c)
	say := func(l string) { wr.WriteString(l + "\r\n"); wr.Flush() }
	say("220 127.0.0.1 ESMTP pacer-test")
	var cur mailGot
	secure, authed := false, false
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		s.mu.Lock()
		s.transcript = append(s.transcript, line)
		s.mu.Unlock()
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		arg := strings.TrimSpace(strings.TrimPrefix(line, strings.SplitN(line, " ", 2)[0]))
		switch verb {
		case "EHLO", "HELO":
			wr.WriteString("250-127.0.0.1 hello\r\n")
			if s.tls != nil && !secure {
				wr.WriteString("250-STARTTLS\r\n")
			}
			if s.user != "" {
				wr.WriteString("250-AUTH PLAIN\r\n")
			}
			say("250 8BITMIME")
		case "STARTTLS":
			if s.tls == nil || secure {
				say("502 not offered")
				continue
			}
			say("220 ready to start TLS")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, secure = tc, true
			rd, wr = bufio.NewReader(tc), bufio.NewWriter(tc)
			s.mu.Lock()
			s.sawTLS = true
			s.mu.Unlock()
		case "AUTH":
			f := strings.Fields(arg)
			if len(f) != 2 || !strings.EqualFold(f[0], "PLAIN") {
				say("504 only PLAIN")
				continue
			}
			raw, _ := base64.StdEncoding.DecodeString(f[1])
			parts := strings.Split(string(raw), "\x00")
			if len(parts) != 3 || parts[1] != s.user || parts[2] != s.pw {
				say("535 authentication failed")
				continue
			}
			authed = true
			s.mu.Lock()
			s.sawAuth = true
			s.mu.Unlock()
			say("235 authenticated")
		case "MAIL":
			if s.user != "" && !authed {
				say("530 authentication required")
				continue
			}
			cur = mailGot{From: addrOf(arg), TLS: secure}
			say("250 ok")
		case "RCPT":
			cur.To = append(cur.To, addrOf(arg))
			say("250 ok")
		case "DATA":
			say("354 end with <CRLF>.<CRLF>")
			var b strings.Builder
			for {
				l, err := rd.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			cur.Data = b.String()
			s.mu.Lock()
			s.mails = append(s.mails, cur)
			s.mu.Unlock()
			say("250 queued")
		case "RSET":
			cur = mailGot{}
			say("250 ok")
		case "NOOP":
			say("250 ok")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("500 unknown command")
		}
	}
}

// addrOf is the address of a MAIL FROM:<a> or RCPT TO:<a> argument (parameters after it dropped).
func addrOf(arg string) string {
	_, a, _ := strings.Cut(arg, ":")
	if i := strings.Index(a, ">"); i >= 0 {
		a = a[:i]
	}
	return strings.Trim(a, "< ")
}

// selfSigned makes a certificate for 127.0.0.1, valid for an hour.
func selfSigned(t testing.TB) tls.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}
