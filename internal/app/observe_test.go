package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"pacer/internal/app"
	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/registers"
	"pacer/internal/schedule"
	"pacer/internal/sheet"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// TestMetricsImportAndJobDurations: with the metrics wired as pacer serve wires them
// (app.Observe), an import that lands, one refused, a register's (leads) refused, an import of
// registers together refused and a scheduler pass show on GET /metrics as
// pacer_import_duration_seconds{kind,outcome} and pacer_job_duration_seconds{job,outcome}
// histograms whose counts are the runs made, whose +Inf bucket equals the count and whose sum is
// a sane duration.
func TestMetricsImportAndJobDurations(t *testing.T) {
	ctx := context.Background()
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			st := d.Open(t)
			sv := app.Services(st)
			m := web.NewMetrics()
			sch := schedule.New(st, app.Jobs(sv))
			app.Observe(m, sv, sch)
			dir := t.TempDir()
			file := func(name, text string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				return p
			}
			good := file("june.csv", "region_code,indicator,period,value,growth\r\n440784,retail,2023-06,70.13,5.4\r\n")
			bad := file("bad.csv", "region_code,indicator,period,value,growth\r\n440784,no-such-indicator,2023-06,1,1\r\n")
			if _, err := sv.Imports.ImportFiles(ctx, []string{good}, ingest.BulletinOptions{Layout: ingest.LayoutLong}); err != nil {
				t.Fatal(err)
			}
			if _, err := sv.Imports.ImportFiles(ctx, []string{bad}, ingest.BulletinOptions{Layout: ingest.LayoutLong}); err == nil {
				t.Fatal("an unknown indicator: imported, want refused")
			}
			// A leads file without the register's columns: refused, nothing written.
			if _, err := sv.Leads.Import(ctx, domain.Actor{Username: "ana", Role: domain.RoleAnalyst},
				[]sheet.Table{{File: "leads.csv", Rows: [][]string{{"名称"}, {"某项目"}}}}); err == nil {
				t.Fatal("a leads file without its columns: imported, want refused")
			}
			// The registers of one import together (the /import page's and pacer import's path): a
			// lead at an unknown stage refuses them all.
			lt := sheet.Table{File: "l.csv", Rows: [][]string{{"code", "name", "stage", "investment", "industry", "source_region", "team", "region_code", "signed_date"},
				{"L1", "某项目", "无此阶段", "1", "装备", "大湾区", "甲", "440784", ""}}}
			if _, err := sv.Registers.Import(ctx, registers.Files{Leads: []sheet.Table{lt}}, registers.Options{Actor: domain.Actor{Username: "ana", Role: domain.RoleAnalyst}}); err == nil {
				t.Fatal("a lead at an unknown stage: imported, want refused")
			}
			// 04:00 local: the every-minute outbox and the 03:00 outbox_prune are due; the 08:00
			// follow-up escalation is not.
			sch.Now = func() time.Time { return time.Date(2030, 1, 7, 4, 0, 0, 0, time.Local) }
			ran, err := sch.RunDue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			runs := map[string]int{}
			for _, r := range ran {
				if r.Err != nil {
					t.Fatalf("%s: %v", r.Job, r.Err)
				}
				runs[r.Job]++
			}
			if runs["outbox"] != 1 || runs["outbox_prune"] != 1 {
				t.Fatalf("ran %v, want outbox and outbox_prune once", runs)
			}
			srv := httptest.NewServer((&web.Server{Services: sv, MetricsToken: "tok", Metrics: m}).Handler())
			defer srv.Close()
			req, _ := http.NewRequest("GET", srv.URL+"/metrics", nil)
			req.Header.Set("Authorization", "Bearer tok")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("GET /metrics: %d", resp.StatusCode)
			}
			text := string(body)
			for _, c := range []struct {
				metric, labels string
				count          int
			}{
				{"pacer_import_duration_seconds", `kind="observations",outcome="ok"`, 1},
				{"pacer_import_duration_seconds", `kind="observations",outcome="refused"`, 1},
				{"pacer_import_duration_seconds", `kind="leads",outcome="refused"`, 1},
				{"pacer_import_duration_seconds", `kind="registers",outcome="refused"`, 1},
				{"pacer_job_duration_seconds", `job="outbox",outcome="ok"`, 1},
				{"pacer_job_duration_seconds", `job="outbox_prune",outcome="ok"`, 1},
			} {
				count := sample(t, text, c.metric+"_count{"+c.labels+"}")
				inf := sample(t, text, c.metric+`_bucket{`+c.labels+`,le="+Inf"}`)
				sum := sample(t, text, c.metric+"_sum{"+c.labels+"}")
				if count != float64(c.count) || inf != count || sum <= 0 || sum > 60 {
					t.Errorf("%s{%s}: count %g, +Inf %g, sum %gs; want count %d, +Inf = count, 0 < sum ≤ 60 s", c.metric, c.labels, count, inf, sum, c.count)
				}
			}
			for _, want := range []string{"# TYPE pacer_import_duration_seconds histogram", "# TYPE pacer_job_duration_seconds histogram"} {
				if !regexp.MustCompile(regexp.QuoteMeta(want)).MatchString(text) {
					t.Errorf("metrics lack %q", want)
				}
			}
			if regexp.MustCompile(`pacer_job_duration_seconds_count\{job="followup_overdue"`).MatchString(text) {
				t.Error("followup_overdue was not due, yet has a duration")
			}
		})
	}
}

// sample is the value of the series line (name and labels as written) in the exposition text.
func sample(t *testing.T, text, series string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(text)
	if m == nil {
		t.Errorf("no series %s", series)
		return -1
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Errorf("%s: %v", series, err)
	}
	return v
}
