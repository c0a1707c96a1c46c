package web_test

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"pacer/internal/app"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"pacer/internal/auth"
	"pacer/internal/catalog"
	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// provinceStore fills s with a province-sized database: every county-level unit of Guangdong
// (440000) × the 18 built-in indicators × monthly cumulative figures 2021-01 … 2023-12, with
// targets for 2023, written through store.ApplyBatch; then the Heshan demo on top (its goal
// tree, and its article figures as revisions). It returns the number of counties.
func provinceStore(t testing.TB, s *store.Store) int {
	t.Helper()
	regions, err := catalog.Regions()
	if err != nil {
		t.Fatal(err)
	}
	var counties []string
	for _, r := range regions {
		if r.Level == domain.LevelCounty && strings.HasPrefix(r.Code, "44") {
			counties = append(counties, r.Code)
		}
	}
	inds := catalog.Indicators()
	rng := rand.New(rand.NewPCG(2023, 440000))
	b := store.Batch{Actor: "bench", Source: "synthetic province (bench_test.go)"}
	for _, region := range counties {
		for _, ind := range inds {
			base := 20 + rng.Float64()*480 // a full year's value, 2021
			if ind.Kind == domain.KindCount {
				base = float64(10 + rng.IntN(90))
			}
			yearGrowth := 0.0
			var full2022 float64
			for year := 2021; year <= 2023; year++ {
				yearGrowth = -2 + rng.Float64()*12
				for month := 1; month <= 12; month++ {
					v := base * math.Pow(1.05, float64(year-2021)) * float64(month) / 12 * (0.95 + rng.Float64()*0.1)
					v = math.Round(v*math.Pow10(ind.Precision)) / math.Pow10(ind.Precision)
					g := math.Round((yearGrowth+rng.Float64()-0.5)*10) / 10
					o := domain.Observation{RegionCode: region, IndicatorCode: ind.Code, Period: fmt.Sprintf("%d-%02d", year, month),
						Growth: &g, Source: "synthetic", Sample: true}
					if ind.Kind != domain.KindRate {
						o.Value = &v
					}
					if year == 2022 && month == 12 {
						full2022 = v
					}
					b.Observations = append(b.Observations, o)
				}
			}
			growth := math.Round(4+rng.Float64()*6) * 1.0
			b.Targets = append(b.Targets, domain.Target{RegionCode: region, IndicatorCode: ind.Code, Year: 2023,
				Tier: domain.Assigned, Growth: &growth, Source: "synthetic", Sample: true})
			if ind.Kind != domain.KindRate {
				stretch := math.Round(full2022 * 1.12)
				b.Targets = append(b.Targets, domain.Target{RegionCode: region, IndicatorCode: ind.Code, Year: 2023,
					Tier: domain.Stretch, Value: &stretch, Source: "synthetic", Sample: true})
			}
		}
	}
	start := time.Now()
	res, err := s.ApplyBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	t.Logf("province: %d counties × %d indicators × 36 months = %d observations, %d targets, loaded in %v",
		len(counties), len(inds), res.Observations.New, res.Targets.New, time.Since(start).Round(time.Millisecond))
	return len(counties)
}

// loadResult is what one run of the load driver measured.
type loadResult struct {
	requests, errors int
	elapsed          time.Duration
	p50, p99, max    time.Duration
}

func (r loadResult) rps() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// hammer sends GET url from clients concurrent clients (each waits for its answer before the
// next request, over kept-alive connections) for d, after a warm-up, and measures.
func hammer(url string, header http.Header, clients int, warmup, d time.Duration) loadResult {
	tr := &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2, MaxConnsPerHost: clients * 2,
		DisableCompression: true, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	run := func(until time.Time, record bool) {
		var wg sync.WaitGroup
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []time.Duration
				bad := 0
				for time.Now().Before(until) {
					req, _ := http.NewRequest(http.MethodGet, url, nil)
					req.Header = header.Clone()
					t0 := time.Now()
					res, err := hc.Do(req)
					if err == nil {
						_, err = io.Copy(io.Discard, res.Body)
						res.Body.Close()
						if res.StatusCode != http.StatusOK {
							err = fmt.Errorf("status %d", res.StatusCode)
						}
					}
					if err != nil {
						bad++
						continue
					}
					mine = append(mine, time.Since(t0))
				}
				if record {
					mu.Lock()
					lat = append(lat, mine...)
					errs += bad
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
	}
	run(time.Now().Add(warmup), false)
	start := time.Now()
	run(start.Add(d), true)
	elapsed := time.Since(start)
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(math.Ceil(p*float64(len(lat))))-1)]
	}
	r := loadResult{requests: len(lat), errors: errs, elapsed: elapsed, p50: pct(0.50), p99: pct(0.99)}
	if len(lat) > 0 {
		r.max = lat[len(lat)-1]
	}
	return r
}

// staticTwin serves body (with its content type) as a static file, as Go's file server would.
func staticTwin(t testing.TB, body []byte, contentType string) string {
	t.Helper()
	mod := time.Now()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		http.ServeContent(w, r, "", mod, bytes.NewReader(body))
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// TestWebLoad (issue 3, acceptance 8) measures the dashboard page and the scorecard API on a
// province-sized database at 64 concurrent clients, against Go serving the same bytes as a static
// file under the same load; the goal is throughput ≥ 0.25 of the static file's and p99 ≤ 50 ms.
// It runs only with PACER_BENCH_WEB=1 (scripts/bench-web.sh): it takes about a minute.
// PACER_BENCH_SECONDS (default 5) is the length of each measurement, PACER_BENCH_CLIENTS (64)
// the number of clients, PACER_BENCH_DIALECTS ("sqlite") the databases.
func TestWebLoad(t *testing.T) {
	if os.Getenv("PACER_BENCH_WEB") == "" {
		t.Skip("a load benchmark: run scripts/bench-web.sh (PACER_BENCH_WEB=1)")
	}
	clients := envInt("PACER_BENCH_CLIENTS", 64)
	d := time.Duration(envInt("PACER_BENCH_SECONDS", 5)) * time.Second
	warmup := d / 5
	dialects := strings.Fields(os.Getenv("PACER_BENCH_DIALECTS"))
	if len(dialects) == 0 {
		dialects = []string{"sqlite"}
	}
	for _, dl := range storetest.Dialects {
		if !slices.Contains(dialects, dl.Name) {
			continue
		}
		t.Run(dl.Name, func(t *testing.T) {
			s := dl.Open(t)
			counties := provinceStore(t, s)
			if counties != 122 {
				t.Errorf("got %d county-level units of Guangdong in the catalogue, want 122", counties)
			}
			const pw = "Bench-2023x"
			hash, err := auth.HashPassword(pw)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreateUser(ctx, store.Who{Username: "bench"}, domain.User{Username: "bench-analyst", Role: domain.RoleAnalyst, PasswordHash: hash}); err != nil {
				t.Fatal(err)
			}
			base := serve(t, &web.Server{Services: app.Services(s), HomeRegion: demo.Region, HomePeriod: demo.Period})
			browser := login(t, base, "bench-analyst", pw)
			api := apiClient(t, s, base, "bench-analyst")

			dashboard := "/dashboard?region=440784"
			cookie := http.Header{"Cookie": {"pacer_session=" + browser.cookie("pacer_session")}}
			bearer := http.Header{"Authorization": {"Bearer " + api.bearer}}
			fmt.Printf("\nPacer web load (%s): %d counties × 18 indicators × 36 months; %d clients, %v each, GOMAXPROCS %d\n",
				dl.Name, counties, clients, d, runtime.GOMAXPROCS(0))
			fmt.Printf("%-48s %9s %9s %9s %9s %8s %7s %7s\n", "request", "bytes", "req/s", "p50 ms", "p99 ms", "max ms", "ratio", "goal")
			for _, tc := range []struct {
				name, path string
				c          *client
				header     http.Header
			}{
				{"GET " + dashboard + " (session)", dashboard, browser, cookie},
				{"GET /api/v1/scorecard?…2023-06 (token)", "/api/v1/scorecard?region=440784&period=2023-06", api, bearer},
			} {
				first := tc.c.get(tc.path)
				if first.code != http.StatusOK {
					t.Fatalf("GET %s: got %d, want 200\n%.500s", tc.path, first.code, first.body)
				}
				app := hammer(base+tc.path, tc.header, clients, warmup, d)
				static := hammer(staticTwin(t, []byte(first.body), first.header.Get("Content-Type"))+tc.path, http.Header{}, clients, warmup, d)
				ratio := app.rps() / static.rps()
				met := ratio >= 0.25 && app.p99 <= 50*time.Millisecond && app.errors == 0
				verdict := "met"
				if !met {
					verdict = "MISSED"
				}
				ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
				fmt.Printf("%-48s %9d %9.0f %9.2f %9.2f %8.1f %7.3f %7s\n", tc.name, len(first.body), app.rps(), ms(app.p50), ms(app.p99), ms(app.max), ratio, verdict)
				fmt.Printf("%-48s %9d %9.0f %9.2f %9.2f %8.1f\n", "  same bytes as a static file", len(first.body), static.rps(), ms(static.p50), ms(static.p99), ms(static.max))
				if app.errors > 0 || static.errors > 0 {
					t.Errorf("%s: %d failed requests (static: %d)", tc.name, app.errors, static.errors)
				}
				if !met {
					t.Errorf("%s: throughput ratio %.3f (goal ≥ 0.25), p99 %.1f ms (goal ≤ 50 ms)", tc.name, ratio, ms(app.p99))
				}
			}
		})
	}
}

// TestNationalLoad (issue 16, acceptance 3) is TestWebLoad's driver aimed at a running `pacer
// serve` on the national database (scripts/bench-national.sh): it signs in as
// PACER_BENCH_USER / PACER_BENCH_PASSWORD at PACER_BENCH_NATIONAL_URL and puts
// PACER_BENCH_CLIENTS (64) clients on PACER_BENCH_PATH (the dashboard), then on a static file
// served by the same server (/static/charts.js) and on the dashboard's own bytes served as a
// static file by Go in this process, PACER_BENCH_SECONDS (5) each. Goal: throughput ≥ 0.25 of
// the static file's and p99 ≤ 50 ms.
func TestNationalLoad(t *testing.T) {
	base := os.Getenv("PACER_BENCH_NATIONAL_URL")
	if base == "" {
		t.Skip("a load benchmark: run scripts/bench-national.sh (PACER_BENCH_NATIONAL_URL)")
	}
	base = strings.TrimRight(base, "/")
	clients := envInt("PACER_BENCH_CLIENTS", 64)
	d := time.Duration(envInt("PACER_BENCH_SECONDS", 5)) * time.Second
	path := os.Getenv("PACER_BENCH_PATH")
	browser := login(t, base, os.Getenv("PACER_BENCH_USER"), os.Getenv("PACER_BENCH_PASSWORD"))
	cookie := http.Header{"Cookie": {"pacer_session=" + browser.cookie("pacer_session")}}
	first := browser.get(path)
	if first.code != http.StatusOK {
		t.Fatalf("GET %s: got %d, want 200\n%.500s", path, first.code, first.body)
	}
	asset := browser.get("/static/charts.js")
	if asset.code != http.StatusOK {
		t.Fatalf("GET /static/charts.js: got %d", asset.code)
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	fmt.Printf("\nPacer national load (%s): %d clients, %v each, driver GOMAXPROCS %d\n", base, clients, d, runtime.GOMAXPROCS(0))
	fmt.Printf("%-52s %9s %9s %9s %9s %8s\n", "request", "bytes", "req/s", "p50 ms", "p99 ms", "max ms")
	row := func(name string, size int, r loadResult) {
		fmt.Printf("%-52s %9d %9.0f %9.2f %9.2f %8.1f\n", name, size, r.rps(), ms(r.p50), ms(r.p99), ms(r.max))
		if r.errors > 0 {
			t.Errorf("%s: %d failed requests", name, r.errors)
		}
	}
	app := hammer(base+path, cookie, clients, d/5, d)
	row("GET "+path+" (session)", len(first.body), app)
	same := hammer(base+"/static/charts.js", http.Header{}, clients, d/5, d)
	row("  GET /static/charts.js, same server", len(asset.body), same)
	twin := hammer(staticTwin(t, []byte(first.body), first.header.Get("Content-Type"))+path, http.Header{}, clients, d/5, d)
	row("  the dashboard's bytes as a static file (Go, here)", len(first.body), twin)
	for _, c := range []struct {
		name   string
		static loadResult
	}{{"the same server's static file", same}, {"the same bytes as a static file", twin}} {
		ratio := app.rps() / c.static.rps()
		verdict := "met"
		if ratio < 0.25 || app.p99 > 50*time.Millisecond {
			verdict = "MISSED"
			t.Errorf("dashboard against %s: throughput ratio %.3f (goal ≥ 0.25), p99 %.1f ms (goal ≤ 50 ms)", c.name, ratio, ms(app.p99))
		}
		fmt.Printf("ratio against %-36s %.3f, dashboard p99 %.1f ms: %s\n", c.name+":", ratio, ms(app.p99), verdict)
	}
}

// BenchmarkDashboardRequest is one signed-in request for the demo's dashboard, served from the
// caches (the view, the rendered blocks, the layout's shell) as under load: what every request
// still pays — the session lookup, the guard, writing the page. -benchmem gives its allocations,
// which the garbage collector pays for under load.
//
//	go test ./internal/web/ -run '^$' -bench DashboardRequest -benchmem
func BenchmarkDashboardRequest(b *testing.B) {
	for _, dl := range storetest.Dialects {
		b.Run(dl.Name, func(b *testing.B) {
			s := demoStore(b, dl.Open(b))
			srv := &web.Server{Services: app.Services(s), HomeRegion: demo.Region, HomePeriod: demo.Period}
			base := serve(b, srv)
			c := login(b, base, "demo-analyst", demoPassword)
			cookie := "pacer_session=" + c.cookie("pacer_session")
			h := srv.Handler()
			path := "/dashboard?region=" + demo.Region + "&period=" + demo.Period
			do := func() int {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.Header.Set("Cookie", cookie)
				w := &discardWriter{header: http.Header{}}
				h.ServeHTTP(w, req)
				return w.code
			}
			if code := do(); code != http.StatusOK {
				b.Fatalf("GET %s: %d", path, code)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				do()
			}
		})
	}
}

// discardWriter is a ResponseWriter that keeps the status and drops the body, as a socket
// would take it: the benchmark's allocations are then the server's own.
type discardWriter struct {
	header http.Header
	code   int
}

func (w *discardWriter) Header() http.Header { return w.header }
func (w *discardWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}
func (w *discardWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(b), nil
}
