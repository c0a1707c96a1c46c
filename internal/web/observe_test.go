package web_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"pacer/internal/app"
	"pacer/internal/domain"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// syncBuffer is a log destination the server's goroutines may write to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

const metricsToken = "metrics-token-0123456789"

// TestMetricsAndRequestLog: /metrics answers only to its token (else 404, like a page that does
// not exist), counts requests per route pattern (not per raw path) with their latency, reports
// the database pools; every request has an id, echoed in X-Request-Id and in its JSON log line
// with the account that made it.
func TestMetricsAndRequestLog(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			var logs syncBuffer
			base := serve(t, &web.Server{Services: app.Services(s), HomeRegion: fxRegion, HomePeriod: fxHome,
				Log: slog.New(slog.NewJSONHandler(&logs, nil)), MetricsToken: metricsToken, Gauges: app.Gauges(s)})

			anon := newClient(t, base)
			if r := anon.get("/metrics"); r.code != 404 {
				t.Errorf("/metrics without a token: %d, want 404", r.code)
			}
			if r := anon.request("GET", "/metrics", nil, map[string]string{"Authorization": "Bearer wrong-token-0123456789"}); r.code != 404 {
				t.Errorf("/metrics with a wrong token: %d, want 404", r.code)
			}
			c := login(t, base, fxUser(domain.RoleAnalyst), fxPassword)
			for _, code := range []string{"gdp", "retail"} {
				if r := c.get("/indicators/" + code + "?region=" + fxRegion + "&year=2024"); r.code != 200 {
					t.Fatalf("/indicators/%s: %d", code, r.code)
				}
			}
			r := c.request("GET", "/dashboard", nil, map[string]string{"X-Request-Id": "probe-42"})
			if got := r.header.Get("X-Request-Id"); got != "probe-42" {
				t.Errorf("X-Request-Id echoed: %q, want probe-42", got)
			}
			if got := c.request("GET", "/dashboard", nil, map[string]string{"X-Request-Id": "bad id <script>"}).header.Get("X-Request-Id"); len(got) != 16 || strings.ContainsAny(got, " \n") {
				t.Errorf("a malformed X-Request-Id must be replaced by a fresh one, got %q", got)
			}
			// A raw user of the token sees nothing else: healthz says nothing private.
			if h := anon.get("/healthz"); h.code != 200 || strings.Contains(h.body, fxRegion) || strings.Contains(h.body, "postgres://") {
				t.Errorf("/healthz: %d %s", h.code, h.body)
			}

			// A request is counted when its handler returns, which may be a moment after the
			// client has read the whole answer (it has a Content-Length): ask until it shows.
			var m response
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				m = anon.request("GET", "/metrics", nil, map[string]string{"Authorization": "Bearer " + metricsToken})
				if strings.Contains(m.body, `pacer_http_requests_total{route="GET /dashboard",code="200"} 2`) || time.Now().After(deadline) {
					break
				}
			}
			if m.code != 200 || !strings.HasPrefix(m.header.Get("Content-Type"), "text/plain") {
				t.Fatalf("/metrics with the token: %d %s", m.code, m.header.Get("Content-Type"))
			}
			for _, want := range []string{
				`pacer_http_requests_total{route="GET /indicators/{code}",code="200"} 2`,
				`pacer_http_requests_total{route="GET /dashboard",code="200"} 2`,
				`pacer_http_requests_total{route="GET /metrics",code="404"} 2`,
				`pacer_http_request_duration_seconds_count{route="GET /indicators/{code}"} 2`,
				`pacer_http_request_duration_seconds_bucket{route="GET /dashboard",le="+Inf"} 2`,
				"# TYPE pacer_db_connections_open gauge",
				"pacer_db_connections_in_use{pool=",
				`pacer_outbox_messages{state="dead"} 0`,
			} {
				if !strings.Contains(m.body, want) {
					t.Errorf("/metrics lacks %q:\n%s", want, m.body)
				}
			}
			if strings.Contains(m.body, "/indicators/gdp") {
				t.Error("/metrics labels a raw path: labels must be route patterns")
			}

			var found bool
			for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
				var rec map[string]any
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Fatalf("log line is not JSON: %q", line)
				}
				if rec["msg"] == "request" && rec["request_id"] == "probe-42" {
					found = true
					if rec["route"] != "GET /dashboard" || rec["status"] != float64(200) || rec["user"] != fxUser(domain.RoleAnalyst) {
						t.Errorf("request log line: %v", rec)
					}
					if _, ok := rec["ms"].(float64); !ok {
						t.Errorf("request log line without its duration: %v", rec)
					}
				}
			}
			if !found {
				t.Errorf("no log line for request probe-42 in:\n%s", logs.String())
			}
		})
	}
}
