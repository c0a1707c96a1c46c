package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pacer/internal/app"
	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// TestEmptyCountyPages: a deployment just set up (台山市, 2023) and holding no figure yet. Every
// page a new analyst or leader opens first answers 200 — the dashboard saying, by the county's
// name, that there is no data yet and how to get some — never an error status, which is for a
// bad request.
func TestEmptyCountyPages(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			services := app.Services(s)
			if _, err := services.Setup.Configure(ctx, domain.Actor{Username: "test"}, "440781", 2023); err != nil {
				t.Fatal(err)
			}
			hash, err := auth.HashPassword(fxPassword)
			if err != nil {
				t.Fatal(err)
			}
			for _, role := range []domain.Role{domain.RoleAnalyst, domain.RoleLeader} {
				if _, err := s.CreateUser(ctx, store.Who{Username: "test"}, domain.User{Username: fxUser(role), Role: role, PasswordHash: hash}); err != nil {
					t.Fatal(err)
				}
			}
			base := serve(t, &web.Server{Services: services})
			for _, role := range []domain.Role{domain.RoleAnalyst, domain.RoleLeader} {
				c := login(t, base, fxUser(role), fxPassword)
				r := c.get("/dashboard")
				if r.code != http.StatusOK || !strings.Contains(r.body, "「台山市」2023 年还没有数据") || !strings.Contains(r.body, "台山市 · 2023 年") {
					t.Errorf("%s GET /dashboard on an empty county: got %d, want 200 saying 「台山市」2023 年还没有数据\n%.3000s", role, r.code, r.body)
				}
				paths := []string{"/goaltree", "/units"}
				if role == domain.RoleAnalyst {
					paths = append(paths, "/targets", "/import", "/review")
				}
				for _, p := range paths {
					if r := c.get(p); r.code != http.StatusOK {
						t.Errorf("%s GET %s on an empty county: got %d, want 200\n%.3000s", role, p, r.code, r.body)
					}
				}
			}
			// The first figure, retail's; GDP, the headline, has none yet: the headline says so in
			// words, not only in dashes.
			dir := t.TempDir()
			f := filepath.Join(dir, "retail.csv")
			if err := os.WriteFile(f, []byte("地区,指标名称,期别,累计值,增速(%)\n台山市,社会消费品零售总额,2023年1-8月,114.80,6.8\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := services.Imports.ImportFiles(ctx, []string{f}, ingest.BulletinOptions{Layout: ingest.LayoutAuto}); err != nil {
				t.Fatal(err)
			}
			r := login(t, base, fxUser(domain.RoleLeader), fxPassword).get("/dashboard")
			if r.code != http.StatusOK || !strings.Contains(r.body, "2023年1-8月") || !strings.Contains(r.body, `id="headline-no-data">截至本期尚无数据`) {
				t.Errorf("GET /dashboard with retail but no GDP: got %d, want 200, 2023年1-8月 and the headline saying 截至本期尚无数据\n%.4000s", r.code, r.body)
			}
		})
	}
}
