package store

import (
	"context"
	"database/sql"

	"pacer/internal/domain"
)

// FigureState is what ApplyBatch would do with one figure (or definition).
type FigureState string

const (
	StateNew       FigureState = "new"
	StateRevises   FigureState = "revises"
	StateUnchanged FigureState = "unchanged"
)

// ObservationPlan is what ApplyBatch would do with one observation, and the current figures it
// would revise.
type ObservationPlan struct {
	State               FigureState
	OldValue, OldGrowth *float64
	OldRevision         int
}

// TargetPlan is what ApplyBatch would do with one target, and the current target it would revise.
type TargetPlan struct {
	State               FigureState
	OldValue, OldGrowth *float64
	OldRevision         int
}

// IndicatorPlan is what ApplyBatch would do with one indicator definition; Old is the stored
// definition when there is one.
type IndicatorPlan struct {
	State FigureState
	Old   *domain.Indicator
}

// RankPlan is what ApplyBatch would do with one published rank.
type RankPlan struct {
	State       FigureState
	OldRank     int
	OldRevision int
}

// BatchPlan is what ApplyBatch would do with each part of a batch, in the batch's order.
type BatchPlan struct {
	Indicators   []IndicatorPlan
	Targets      []TargetPlan
	Observations []ObservationPlan
	Ranks        []RankPlan
}

// PlanBatch tells, for each indicator, target, observation and published rank of b in order,
// what ApplyBatch would do with it now, without writing: it runs ApplyBatch's own planning in a
// read-only transaction. The keys of b must be distinct, as ApplyBatch requires.
func (s *Store) PlanBatch(ctx context.Context, b Batch) (BatchPlan, error) {
	var plan BatchPlan
	tx, err := s.rd(ctx).BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return plan, err
	}
	defer tx.Rollback()
	for _, ind := range b.Indicators {
		ip, err := planIndicator(ctx, tx, ind)
		if err != nil {
			return plan, err
		}
		plan.Indicators = append(plan.Indicators, ip)
	}
	tp, err := planTargets(ctx, tx, b.Targets)
	if err != nil {
		return plan, err
	}
	tfresh, trevised := map[targetKey]bool{}, map[targetKey]bool{}
	for _, t := range tp.fresh {
		tfresh[targetKey{t.RegionCode, t.IndicatorCode, t.Year, t.Tier}] = true
	}
	for _, t := range tp.revised {
		trevised[targetKey{t.RegionCode, t.IndicatorCode, t.Year, t.Tier}] = true
	}
	for _, t := range b.Targets {
		k := targetKey{t.RegionCode, t.IndicatorCode, t.Year, t.Tier}
		cur := tp.old[k]
		p := TargetPlan{State: StateUnchanged, OldValue: cur.value, OldGrowth: cur.growth, OldRevision: cur.revision}
		switch {
		case tfresh[k]:
			p.State = StateNew
		case trevised[k]:
			p.State = StateRevises
		}
		plan.Targets = append(plan.Targets, p)
	}
	op, err := planObservations(ctx, tx, b.observations())
	if err != nil {
		return plan, err
	}
	rp, err := planPublishedRanks(ctx, tx, b.PublishedRanks)
	if err != nil {
		return plan, err
	}
	plan.Observations = make([]ObservationPlan, b.observations().Len())
	for i := range plan.Observations {
		cur, _ := op.current(i)
		plan.Observations[i] = ObservationPlan{State: StateUnchanged, OldValue: cur.value, OldGrowth: cur.growth, OldRevision: cur.revision}
	}
	for _, i := range op.fresh {
		plan.Observations[i].State = StateNew
	}
	for _, i := range op.revised {
		plan.Observations[i].State = StateRevises
	}
	rfresh, rrevised := map[rankKey]bool{}, map[rankKey]bool{}
	for _, r := range rp.fresh {
		rfresh[rankKey{r.RegionCode, r.IndicatorCode, r.Period, r.By}] = true
	}
	for _, r := range rp.revised {
		rrevised[rankKey{r.RegionCode, r.IndicatorCode, r.Period, r.By}] = true
	}
	plan.Ranks = make([]RankPlan, len(b.PublishedRanks))
	for i, r := range b.PublishedRanks {
		k := rankKey{r.RegionCode, r.IndicatorCode, r.Period, r.By}
		cur := rp.old[k]
		plan.Ranks[i] = RankPlan{State: StateUnchanged, OldRank: cur.rank, OldRevision: cur.revision}
		switch {
		case rfresh[k]:
			plan.Ranks[i].State = StateNew
		case rrevised[k]:
			plan.Ranks[i].State = StateRevises
		}
	}
	return plan, tx.Commit()
}
