// Package demo builds the reference case: Heshan (鹤山市) in 2023, from the Jiangmen Daily article
// in shared/seed. Every figure of the article is loaded as it stands there; any other figure
// (last year's bases, peer counties, July's figures, and one indicator of each kind the article
// does not cover — a level 城镇调查失业率, a stock 存款余额, a ceiling 能源消费总量) is marked 示例
// (sample) in the data.
package demo

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/figures"
	"pacer/internal/ingest"
	"pacer/internal/projects"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

//go:embed data/*.csv
var data embed.FS

// Region and Period are what the demo shows first. Period is July, the month of the article's
// latest figures (引进亿元以上项目, 1–7月), so that its pages read well under the staleness rule
// (DESIGN.md §4a): GDP and energy are quarterly, June's figures current in July; the indicators
// with a target have 示例 July figures beside the article's June ones; the article's other June
// figures (retail, tourism, …) read 截至6月 in grey until July's are entered.
const (
	Region = "440784"
	Period = "2023-07"
	Year   = 2023
)

var departments = []struct{ code, name string }{
	{"fgj", "发展和改革局"}, {"tjj", "统计局"}, {"gxj", "工业和信息化局"}, {"zsj", "投资促进中心"},
	{"czj", "财政局"}, {"zrj", "自然资源局"}, {"zjj", "住房和城乡建设局"}, {"swj", "商务局"},
	{"wlj", "文化广电旅游体育局"}, {"nyj", "农业农村局"},
}

// Load writes the demo case into s as one batch. A store that already holds a goal tree for
// Heshan's year (the demo loaded before) is refused with a conflict: the goal tree is added,
// never merged, so loading twice would duplicate it.
func Load(ctx context.Context, s *store.Store) (store.BatchResult, error) {
	if tree, err := s.GoalTree(ctx, Region, Year); err != nil {
		return store.BatchResult{}, err
	} else if len(tree) > 0 {
		return store.BatchResult{}, domain.E(domain.ECONFLICT, "err.demo.loaded", Year)
	}
	var tables []sheet.Table
	for _, name := range []string{"indicators.csv", "observations.csv", "targets.csv"} {
		b, err := data.ReadFile("data/" + name)
		if err != nil {
			return store.BatchResult{}, err
		}
		t, err := sheet.ReadCSV(name, bytes.NewReader(b), sheet.DefaultLimits())
		if err != nil {
			return store.BatchResult{}, err
		}
		tables = append(tables, t)
	}
	cat, err := ingest.LoadCatalogue(ctx, s)
	if err != nil {
		return store.BatchResult{}, err
	}
	batch, probs := ingest.Parse(tables, cat)
	if len(probs) > 0 {
		return store.BatchResult{}, fmt.Errorf("demo data: %w", probs)
	}
	batch.Actor, batch.Source = "demo", "Heshan 2023 demo (shared/seed)"
	for _, d := range departments {
		batch.Units = append(batch.Units, domain.Unit{Code: Region + "-" + d.code, Name: "鹤山市" + d.name, RegionCode: Region, Kind: "department"})
	}
	regions, err := s.Regions(ctx)
	if err != nil {
		return store.BatchResult{}, err
	}
	for _, r := range regions {
		if r.Parent == Region && r.Level == domain.LevelTown {
			batch.Units = append(batch.Units, domain.Unit{Code: r.Code, Name: r.Name, RegionCode: r.Code, Kind: "town"})
		}
	}
	if batch.FocusPoints, err = goalTree(); err != nil {
		return store.BatchResult{}, err
	}
	res, err := s.ApplyBatch(ctx, batch)
	if err != nil {
		return res, err
	}
	if err := loadProjects(ctx, s); err != nil {
		return res, err
	}
	if err := loadPlans(ctx, s); err != nil {
		return res, err
	}
	return res, loadRegisters(ctx, s)
}

// loadProjects imports the key-project register (data/projects.csv and the files referring to
// it) through the projects workflow: the article's 84 provincial and municipal key projects,
// 88.2亿 completed by June of a 135.28亿 annual plan (65.2%), and its stage lists (25 not started
// awaiting listing or land, 7 with new land to start, 8 started not yet in the library). The
// article names some projects (隆基绿能, 信义玻璃 …); every per-project figure, date and the other
// names are 示例 (sample).
func loadProjects(ctx context.Context, s *store.Store) error {
	var tables []sheet.Table
	for _, name := range []string{"projects.csv", "project_progress.csv", "project_milestones.csv"} {
		b, err := data.ReadFile("data/" + name)
		if err != nil {
			return err
		}
		t, err := sheet.ReadCSV(name, bytes.NewReader(b), sheet.DefaultLimits())
		if err != nil {
			return err
		}
		tables = append(tables, t)
	}
	if _, err := projects.New(s).UseFigures(figures.New(s)).ImportTables(ctx, tables, projects.Options{Actor: "demo"}); err != nil {
		return fmt.Errorf("demo key projects: %w", err)
	}
	return nil
}

func goalTree() ([]domain.FocusPoint, error) {
	b, err := data.ReadFile("data/goaltree.csv")
	if err != nil {
		return nil, err
	}
	t, err := sheet.ReadCSV("goaltree.csv", bytes.NewReader(b), sheet.DefaultLimits())
	if err != nil {
		return nil, err
	}
	var fps []domain.FocusPoint
	for i, row := range t.Rows[1:] {
		if len(row) < 7 {
			return nil, fmt.Errorf("goaltree.csv:%d: want 8 columns", i+2)
		}
		pos, err := strconv.Atoi(row[0])
		if err != nil {
			return nil, fmt.Errorf("goaltree.csv:%d: focus %q", i+2, row[0])
		}
		if len(fps) == 0 || fps[len(fps)-1].Position != pos {
			fps = append(fps, domain.FocusPoint{RegionCode: Region, Year: Year, Position: pos, Title: row[1]})
		}
		fig, err := ingest.ParseNumber(row[4])
		if err != nil {
			return nil, fmt.Errorf("goaltree.csv:%d: figure %q", i+2, row[4])
		}
		var owners []string
		for _, o := range strings.Split(row[6], ";") {
			if o = strings.TrimSpace(o); o != "" {
				if _, err := strconv.Atoi(o); err != nil {
					o = Region + "-" + o
				}
				owners = append(owners, o)
			}
		}
		fp := &fps[len(fps)-1]
		fp.Measures = append(fp.Measures, domain.Measure{Position: len(fp.Measures) + 1, Text: row[2], IndicatorCode: row[3],
			Figure: fig, FigureUnit: row[5], OwnerUnits: strings.Join(owners, ","), Sample: len(row) > 7 && row[7] == "示例"})
	}
	return fps, nil
}
