package web_test

import (
	"os"
	"path/filepath"
	"testing"

	"pacer/internal/app"
	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// The fixture is a small case of its own for the tests of the dashboard, the scorecard, the
// indicator page and the API: 阳春市 (441781) and its three peers under 阳江市 (441700) in
// 2024, imported through the import workflow from the CSV texts below. The tests assert its
// figures, never the demo's; each expected number in a test carries its derivation.
//
// What it holds (2024-06 unless said; linear time progress at June = 6/12 = 50%):
//
//	gdp (flow, comparable prices, linear): 阳春 150.00 +5.0, last year 2023-06 140.00, 2023-12 300.00;
//	  targets: assigned growth 7.5%, stretch 330亿元.
//	  peers' growth 江城 6.2, 阳东 5.0, 阳西 4.1; values 210.00, 180.00, 95.50.
//	retail (flow, made seasonal by the indicators file): 阳春 2024-03 20.00 +11.1, 2024-06 44.00 +10.0;
//	  last year 2023-03 18.00, 2023-06 40.00 (示例), 2023-12 90.00 → time progress 40/90 = 44.44%;
//	  targets: assigned 95亿元 and growth 8%, stretch 110亿元.
//	  peers' growth 江城 8.0, 阳东 9.0, 阳西 7.0; values 60.00, 30.00, 25.00.
//	fai (rate: growth only): 阳春 +3.0; peers 江城 −2.0, 阳东 4.5, 阳西 3.4; no target.
//	attracted_projects (count): 阳春 12 projects, no growth; targets: assigned 25, stretch 30.
//
// The goal tree of 阳春 2024: 0 总目标 (gdp), 1 促进消费 (retail and a note), 2 精准招商
// (attracted_projects); fai is in no focus point. One account per role, fx-<role>, password
// fxPassword; fx-reporter reports for the commerce bureau 441781-swj.
const (
	fxRegion   = "441781" // 阳春市
	fxName     = "阳春市"
	fxParent   = "441700" // 阳江市
	fxPeriod   = "2024-06"
	fxHome     = "2024-03" // the server's home period: the pages default to the latest month with a figure
	fxPassword = "Fixture-2024x"
	fxSource   = "阳春市统计局月报"
)

const fxIndicatorsCSV = `code,name,unit,kind,direction,precision,mode
retail,社会消费品零售总额,亿元,flow,up,2,seasonal
`

const fxObservationsCSV = `region_code,indicator,period,value,growth,source,note,sample
441781,gdp,2023-06,140.00,,` + fxSource + `,,
441781,gdp,2023-12,300.00,,` + fxSource + `,,
441781,gdp,2024-06,150.00,5.0,` + fxSource + `,上半年,
441702,gdp,2024-06,210.00,6.2,阳江市统计局,,
441704,gdp,2024-06,180.00,5.0,阳江市统计局,,
441721,gdp,2024-06,95.50,4.1,阳江市统计局,,
441781,retail,2023-03,18.00,,` + fxSource + `,,
441781,retail,2023-06,40.00,,` + fxSource + `,,示例
441781,retail,2023-12,90.00,,` + fxSource + `,,
441781,retail,2024-03,20.00,11.1,` + fxSource + `,,
441781,retail,2024-06,44.00,10.0,` + fxSource + `,,
441702,retail,2024-06,60.00,8.0,阳江市统计局,,
441704,retail,2024-06,30.00,9.0,阳江市统计局,,
441721,retail,2024-06,25.00,7.0,阳江市统计局,,
441781,fai,2024-06,,3.0,` + fxSource + `,,
441702,fai,2024-06,,-2.0,阳江市统计局,,
441704,fai,2024-06,,4.5,阳江市统计局,,
441721,fai,2024-06,,3.4,阳江市统计局,,
441781,attracted_projects,2024-06,12,,阳春市投资促进中心,,
`

const fxTargetsCSV = `region_code,indicator,year,tier,value,growth,source,sample
441781,gdp,2024,assigned,,7.5,阳江市下达,
441781,gdp,2024,stretch,330,,阳春市自我加压,
441781,retail,2024,assigned,95,8,阳江市下达,
441781,retail,2024,stretch,110,,阳春市自我加压,
441781,attracted_projects,2024,assigned,25,,阳江市下达,
441781,attracted_projects,2024,stretch,30,,阳春市自我加压,
`

// fxGoalTree is 阳春's goal tree for 2024.
func fxGoalTree() []domain.FocusPoint {
	fp := func(pos int, title string, ms ...domain.Measure) domain.FocusPoint {
		for i := range ms {
			ms[i].Position = i + 1
		}
		return domain.FocusPoint{RegionCode: fxRegion, Year: 2024, Position: pos, Title: title, Measures: ms}
	}
	return []domain.FocusPoint{
		fp(0, "总目标：地区生产总值向330亿元冲刺，全年增长7.5%以上",
			domain.Measure{Text: "上半年地区生产总值150亿元", IndicatorCode: "gdp", Figure: domain.F(150), FigureUnit: "亿元", OwnerUnits: fxRegion + "-tjj"},
			domain.Measure{Text: "一周一调度、一月一分析", OwnerUnits: fxRegion + "-fgj"}),
		fp(1, "促进消费扩容提质",
			domain.Measure{Text: "社会消费品零售总额全年增长8%", IndicatorCode: "retail", Figure: domain.F(8), FigureUnit: "%", OwnerUnits: fxRegion + "-swj"},
			domain.Measure{Text: "培育限上商贸企业20家", Figure: domain.F(20), FigureUnit: "家", OwnerUnits: fxRegion + "-swj", Sample: true}),
		fp(2, "精准招商引资",
			domain.Measure{Text: "引进亿元以上项目25个", IndicatorCode: "attracted_projects", Figure: domain.F(25), FigureUnit: "个", OwnerUnits: fxRegion + "-zsj"}),
	}
}

// fixture is a served store holding the fixture.
type fixture struct {
	s    *store.Store
	base string
}

// fxUser is the fixture's account of role.
func fxUser(role domain.Role) string { return "fx-" + string(role) }

// loadFixture imports the fixture into s (empty and migrated) through the import workflow and
// adds its units, goal tree and accounts.
func loadFixture(t testing.TB, s *store.Store) {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for name, text := range map[string]string{"indicators.csv": fxIndicatorsCSV, "observations.csv": fxObservationsCSV, "targets.csv": fxTargetsCSV} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	res, err := ingest.New(s).ImportFiles(ctx, paths, ingest.BulletinOptions{Options: ingest.Options{Actor: "fixture"}, Layout: ingest.LayoutLong})
	if err != nil {
		t.Fatalf("fixture import: %v", err)
	}
	if res.Observations.New != 19 || res.Targets.New != 6 {
		t.Fatalf("fixture import: got %+v, want 19 new observations and 6 new targets", res)
	}
	b := store.Batch{Actor: "fixture", Source: "fixture", FocusPoints: fxGoalTree()}
	for _, u := range []struct{ code, name string }{{"fgj", "发展和改革局"}, {"tjj", "统计局"}, {"swj", "商务局"}, {"zsj", "投资促进中心"}} {
		b.Units = append(b.Units, domain.Unit{Code: fxRegion + "-" + u.code, Name: fxName + u.name, RegionCode: fxRegion, Kind: "department"})
	}
	if _, err := s.ApplyBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(fxPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range domain.Roles {
		u := domain.User{Username: fxUser(role), DisplayName: "测试" + string(role), Role: role, PasswordHash: hash}
		if role == domain.RoleReporter {
			u.UnitCode = fxRegion + "-swj"
		}
		if _, err := s.CreateUser(ctx, store.Who{Username: "fixture"}, u); err != nil {
			t.Fatal(err)
		}
	}
}

// fxServe serves s (the fixture loaded) with 阳春 as the home region.
func fxServe(t testing.TB, s *store.Store) string {
	t.Helper()
	return serve(t, &web.Server{Services: app.Services(s), HomeRegion: fxRegion, HomePeriod: fxHome})
}

// newFixture is the fixture on a fresh SQLite store, served.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	s := storetest.OpenSQLite(t)
	loadFixture(t, s)
	return &fixture{s: s, base: fxServe(t, s)}
}

// eachFixture runs fn on the fixture served from each database (PostgreSQL fails, never skips,
// when it cannot be reached).
func eachFixture(t *testing.T, fn func(t *testing.T, fx *fixture)) {
	t.Helper()
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			fn(t, &fixture{s: s, base: fxServe(t, s)})
		})
	}
}

// login signs in the fixture's account of role.
func (fx *fixture) login(t testing.TB, role domain.Role) *client {
	t.Helper()
	return login(t, fx.base, fxUser(role), fxPassword)
}
