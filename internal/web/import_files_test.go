package web_test

import (
	"net/http"
	"strings"
	"testing"

	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// A county analyst uploads a targets file and a figures file together: one preview counts both,
// one confirmation writes them as one batch. An upload naming one file twice, or holding more
// files than the page takes, is refused with the reason and nothing kept.
func TestImportSeveralFiles(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			c := cwCountyAnalyst(t, s, fxServe(t, s))
			targets := [2]string{"targets.csv", "地区,指标名称,年份,目标层级,目标值,目标增速(%)\n" + fxName + ",地区生产总值,2025,下达,,5.5\n"}
			figures := [2]string{"figures.csv", "region_code,indicator,period,value,growth\n" + fxRegion + ",gdp,2025-06,130.5,5.1\n"}
			r := irUpload(t, c, targets, figures)
			if r.code != http.StatusSeeOther {
				t.Fatalf("upload of two statistics files: got %d, want 303 to their preview\n%.3000s", r.code, r.body)
			}
			page := c.get(r.header.Get("Location"))
			// One target and one figure, both new (import.counts: 新增 n，修订 n，未变 n).
			for _, want := range []string{"预览：targets.csv, figures.csv", "观测值<br>新增 1，修订 0，未变 0", "目标<br>新增 1，修订 0，未变 0", `id="import-confirm"`} {
				if !strings.Contains(page.body, want) {
					t.Fatalf("preview of two files lacks %q\n%.5000s", want, page.body)
				}
			}
			done := irConfirm(t, c, page)
			if done.code != http.StatusOK || !strings.Contains(done.body, "已导入，批次") {
				t.Fatalf("confirm: got %d, want 200 with one batch\n%.3000s", done.code, done.body)
			}
			obs, err := s.Observations(ctx, store.ObservationQuery{Regions: []string{fxRegion}, Periods: []string{"2025-06"}})
			if err != nil || len(obs) != 1 {
				t.Errorf("figures after the import: %d (%v), want 1", len(obs), err)
			}
			if ts, err := s.Targets(ctx, fxRegion, 2025); err != nil || len(ts) != 1 {
				t.Errorf("targets after the import: %d (%v), want 1", len(ts), err)
			}

			if r := irUpload(t, c, figures, figures); r.code != http.StatusBadRequest || !strings.Contains(r.body, "「figures.csv」选择了两次") {
				t.Errorf("one file twice: got %d, want 400 naming it\n%.2000s", r.code, r.body)
			}
			var many [][2]string
			for i := range 11 {
				many = append(many, [2]string{string(rune('a'+i)) + ".csv", figures[1]})
			}
			if r := irUpload(t, c, many...); r.code != http.StatusBadRequest || !strings.Contains(r.body, "一次最多上传 10 个文件") {
				t.Errorf("11 files: got %d, want 400 with the limit\n%.2000s", r.code, r.body)
			}
		})
	}
}
