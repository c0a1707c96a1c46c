package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Operations: every request gets a request id (X-Request-Id, echoed back and in every log line
// about it), one structured log line when it ends, and its count and latency in the metrics,
// per route pattern (never per raw path: the label set stays bounded).

// latencyBuckets are the histogram's upper bounds in seconds.
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Metrics holds the counters /metrics reports. A Server makes its own (no global state); cli
// serve makes it first and hands ObserveImport and ObserveJob to the import workflow and the
// scheduler as their observer hooks.
type Metrics struct {
	mu      sync.Mutex
	routes  map[string]*routeStats
	timers  map[string]*histogram    // named durations other than requests
	imports map[[2]string]*histogram // by kind and outcome
	jobs    map[[2]string]*histogram // by job and outcome
}

type routeStats struct {
	codes map[int]uint64
	hist  histogram
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; one more for +Inf
	sum    float64
	n      uint64
}

func (h *histogram) observe(sec float64) {
	if h.counts == nil {
		h.counts = make([]uint64, len(latencyBuckets)+1)
	}
	i := sort.SearchFloat64s(latencyBuckets, sec)
	h.counts[i]++
	h.sum += sec
	h.n++
}

// NewMetrics returns empty metrics.
func NewMetrics() *Metrics {
	return &Metrics{routes: map[string]*routeStats{}, timers: map[string]*histogram{},
		imports: map[[2]string]*histogram{}, jobs: map[[2]string]*histogram{}}
}

// ObserveImport records an import's duration by its kind (observations, bulletin, targets,
// projects, registers — several together —, …) and outcome (ok, refused, error): pacer_import_duration_seconds.
func (m *Metrics) ObserveImport(kind, outcome string, d time.Duration) {
	m.observeIn(m.imports, kind, outcome, d)
}

// ObserveJob records a scheduled job's run by the job's name and outcome (ok, error):
// pacer_job_duration_seconds.
func (m *Metrics) ObserveJob(job, outcome string, d time.Duration) {
	m.observeIn(m.jobs, job, outcome, d)
}

func (m *Metrics) observeIn(hs map[[2]string]*histogram, a, b string, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]string{a, b}
	h := hs[k]
	if h == nil {
		h = &histogram{}
		hs[k] = h
	}
	h.observe(d.Seconds())
}

func (m *Metrics) request(route string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	rs := m.routes[route]
	if rs == nil {
		rs = &routeStats{codes: map[int]uint64{}}
		m.routes[route] = rs
	}
	rs.codes[code]++
	rs.hist.observe(d.Seconds())
}

// Observe records a duration under name (e.g. "import", "job_outbox"), reported as
// pacer_duration_seconds{name="…"}.
func (m *Metrics) Observe(name string, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.timers[name]
	if h == nil {
		h = &histogram{}
		m.timers[name] = h
	}
	h.observe(d.Seconds())
}

// Gauge is one value of the moment (database pool use, outbox backlog), with its labels.
type Gauge struct {
	Name   string // metric name without the pacer_ prefix, e.g. "db_connections_in_use"
	Help   string
	Labels map[string]string
	Value  float64
}

// WriteTo writes the metrics in Prometheus' text exposition format, then the gauges.
func (m *Metrics) write(w io.Writer, gauges []Gauge) {
	m.mu.Lock()
	defer m.mu.Unlock()
	routes := make([]string, 0, len(m.routes))
	for r := range m.routes {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	fmt.Fprintln(w, "# HELP pacer_http_requests_total Requests served, by route pattern and status code.")
	fmt.Fprintln(w, "# TYPE pacer_http_requests_total counter")
	for _, r := range routes {
		codes := make([]int, 0, len(m.routes[r].codes))
		for c := range m.routes[r].codes {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		for _, c := range codes {
			fmt.Fprintf(w, "pacer_http_requests_total{route=%s,code=\"%d\"} %d\n", quoteLabel(r), c, m.routes[r].codes[c])
		}
	}
	fmt.Fprintln(w, "# HELP pacer_http_request_duration_seconds Request latency, by route pattern.")
	fmt.Fprintln(w, "# TYPE pacer_http_request_duration_seconds histogram")
	for _, r := range routes {
		writeHistogram(w, "pacer_http_request_duration_seconds", "route", r, &m.routes[r].hist)
	}
	if len(m.timers) > 0 {
		names := make([]string, 0, len(m.timers))
		for n := range m.timers {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintln(w, "# HELP pacer_duration_seconds Durations of work other than requests (imports, scheduled jobs).")
		fmt.Fprintln(w, "# TYPE pacer_duration_seconds histogram")
		for _, n := range names {
			writeHistogram(w, "pacer_duration_seconds", "name", n, m.timers[n])
		}
	}
	writeLabelled(w, "pacer_import_duration_seconds", "Import durations, by kind of import and outcome.", "kind", m.imports)
	writeLabelled(w, "pacer_job_duration_seconds", "Scheduled job durations, by job and outcome.", "job", m.jobs)
	seen := map[string]bool{}
	for _, g := range gauges {
		name := "pacer_" + g.Name
		if !seen[name] {
			seen[name] = true
			fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n", name, g.Help, name)
		}
		fmt.Fprintf(w, "%s%s %s\n", name, labels(g.Labels), formatFloat(g.Value))
	}
}

// writeLabelled writes the histograms of hs, keyed by (label's value, outcome), under metric —
// nothing when there are none (a metric without a sample says nothing).
func writeLabelled(w io.Writer, metric, help, label string, hs map[[2]string]*histogram) {
	if len(hs) == 0 {
		return
	}
	keys := make([][2]string, 0, len(hs))
	for k := range hs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
	})
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s histogram\n", metric, help, metric)
	for _, k := range keys {
		writeHistogramLabels(w, metric, label+"="+quoteLabel(k[0])+",outcome="+quoteLabel(k[1]), hs[k])
	}
}

func writeHistogram(w io.Writer, metric, label, value string, h *histogram) {
	writeHistogramLabels(w, metric, label+"="+quoteLabel(value), h)
}

// writeHistogramLabels writes h's buckets, sum and count under metric with the labels ls
// (written k="v",… already quoted).
func writeHistogramLabels(w io.Writer, metric, ls string, h *histogram) {
	var cum uint64
	for i, le := range latencyBuckets {
		if h.counts != nil {
			cum += h.counts[i]
		}
		fmt.Fprintf(w, "%s_bucket{%s,le=\"%s\"} %d\n", metric, ls, formatFloat(le), cum)
	}
	fmt.Fprintf(w, "%s_bucket{%s,le=\"+Inf\"} %d\n", metric, ls, h.n)
	fmt.Fprintf(w, "%s_sum{%s} %s\n", metric, ls, formatFloat(h.sum))
	fmt.Fprintf(w, "%s_count{%s} %d\n", metric, ls, h.n)
}

func labels(l map[string]string) string {
	if len(l) == 0 {
		return ""
	}
	keys := make([]string, 0, len(l))
	for k := range l {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + quoteLabel(l[k])
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// quoteLabel quotes a label value as the exposition format wants: backslash, quote and newline
// escaped.
func quoteLabel(v string) string {
	v = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(v)
	return `"` + v + `"`
}

func formatFloat(f float64) string {
	if math.IsInf(f, 1) {
		return "+Inf"
	}
	return fmt.Sprintf("%g", f)
}

// metrics serves GET /metrics: the Prometheus text format, only to a caller presenting the
// metrics token (Authorization: Bearer …). Without a configured token, or with a wrong one, the
// route does not exist (404): it says nothing to a stranger.
func (s *Server) metricsPage(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if s.MetricsToken == "" || !ok || subtle.ConstantTimeCompare([]byte(tok), []byte(s.MetricsToken)) != 1 {
		s.notFound(w, r)
		return
	}
	var gauges []Gauge
	if s.Gauges != nil {
		gauges = s.Gauges(r.Context())
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.metrics().write(w, gauges)
}

func (s *Server) metrics() *Metrics {
	s.metricsOnce.Do(func() {
		if s.Metrics == nil {
			s.Metrics = NewMetrics()
		}
	})
	return s.Metrics
}

const requestKey ctxKey = 1

// request is what one request's log line says about it; guard fills in the account.
type request struct {
	id   string
	user string
}

// requestID is the request's id: the caller's X-Request-Id when it is a plain token of up to 64
// characters (a proxy in front may set it), else a new random one.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); id != "" && len(id) <= 64 && strings.Trim(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == "" {
		return id
	}
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe wraps a route's handler: request id, one log line, metrics under the route's pattern.
func (s *Server) observe(route string, next http.Handler) http.Handler {
	m := s.metrics()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		req := &request{id: requestID(r)}
		w.Header().Set("X-Request-Id", req.id)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), requestKey, req)))
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		d := time.Since(start)
		m.request(route, sw.code, d)
		if s.Log == nil {
			return // no access log configured (tests, embedding): errors still go to slog.Default
		}
		s.Log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", req.id), slog.String("method", r.Method), slog.String("route", route),
			slog.String("path", r.URL.Path), slog.Int("status", sw.code),
			slog.Float64("ms", float64(d.Microseconds())/1000), slog.String("user", req.user))
	})
}

// requestOf is the request's log record, if observe made one.
func requestOf(r *http.Request) *request {
	req, _ := r.Context().Value(requestKey).(*request)
	return req
}

// log is the server's logger with the request's id.
func (s *Server) log(r *http.Request) *slog.Logger {
	if req := requestOf(r); req != nil {
		return s.logger().With("request_id", req.id)
	}
	return s.logger()
}
