package demo

import (
	"bytes"
	"context"

	"pacer/internal/domain"
	"pacer/internal/enterprises"
	"pacer/internal/figures"
	"pacer/internal/leads"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// loadRegisters writes the attraction and enterprise registers of the case through their
// workflows: the article's 45 亿元以上 projects signed by July (164.25亿, 25 teams) and its 54
// 专精特新 applications, every row marked 示例 (the article names no project; the splits, dates
// and firms beyond 德兴环球 and 欣龙隧道 are invented, and those two firms' figures too). Both feed
// their indicators (attracted_projects, attracted_investment, new_above_scale_industrial) as any
// register does; the figures they sum to are marked 示例 because their rows are, and are shown so.
func loadRegisters(ctx context.Context, s *store.Store) error {
	by := domain.Actor{Username: "demo", Role: domain.RoleAnalyst}
	read := func(name string) ([]sheet.Table, error) {
		b, err := data.ReadFile("data/" + name)
		if err != nil {
			return nil, err
		}
		t, err := sheet.ReadCSV(name, bytes.NewReader(b), sheet.DefaultLimits())
		return []sheet.Table{t}, err
	}
	ts, err := read("leads.csv")
	if err != nil {
		return err
	}
	figs := figures.New(s)
	// The leads are the article's July totals (45 projects, 164.25亿) spread over invented (示例)
	// leads and signing dates: the register's July figures equal the bureau's, its earlier months
	// are invented, all of them 示例. The bureau's July figures count (the default basis).
	if _, err := leads.New(s).UseFigures(figs).Import(ctx, by, ts); err != nil {
		return err
	}
	if ts, err = read("enterprises.csv"); err != nil {
		return err
	}
	// The enterprises are all invented (示例) and the article gives no count of new above-scale
	// firms: the register's count is the only figure of new_above_scale_industrial, 示例.
	ew := enterprises.New(s).UseFigures(figs)
	if _, err := ew.Import(ctx, by, ts); err != nil {
		return err
	}
	// 推动上半年申报的54家企业顺利通过省级专精特新评审: the year's approvals goal.
	return ew.SetGoal(ctx, by, Region, Year, enterprises.MeasureApprovals, 54)
}
