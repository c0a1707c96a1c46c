package demo

import (
	"context"

	"pacer/internal/domain"
	"pacer/internal/plans"
	"pacer/internal/scorecard"
	"pacer/internal/store"
)

// loadPlans stores what the article implies but does not give, all 示例: industrial investment's
// monthly plan by last year's cumulative shares (last year's months are 示例 too), approved and so
// frozen; and the long-range goals' benchmarks (the article names the goals — 2025 全国工业百强县,
// 2026 main indicators at the 全国百强县 entry level — not their thresholds).
func loadPlans(ctx context.Context, s *store.Store) error {
	w := plans.New(s, scorecard.New(s))
	by := domain.Actor{Username: "demo"}
	if _, err := w.SavePlan(ctx, by, plans.PlanEntry{Region: Region, Indicator: "industrial_investment", Year: Year, Tier: domain.Assigned,
		Method: domain.PlanShares, Source: "示例：按上年各月累计占比分解全年185亿元", Sample: true, Approve: true}); err != nil {
		return err
	}
	for _, b := range []domain.Benchmark{
		{Goal: "2026年经济社会发展主要指标达到全国百强县入围水平", Name: "全国百强县入围门槛（地区生产总值，示例）", IndicatorCode: "gdp",
			Year: 2026, Value: 700, ThresholdGrowth: 4, Source: "示例：入围门槛为演示而设，非公布数"},
		{Goal: "2025年建成全国工业百强县", Name: "全国工业百强县入围门槛（工业投资，示例）", IndicatorCode: "industrial_investment",
			Year: 2025, Value: 260, Source: "示例：门槛为演示而设，非公布数"},
	} {
		b.RegionCode, b.Sample = Region, true
		if _, err := w.SaveBenchmark(ctx, by, b); err != nil {
			return err
		}
	}
	return nil
}
