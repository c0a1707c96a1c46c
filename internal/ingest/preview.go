package ingest

import (
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/store"
)

// RowKind is what a preview row describes.
type RowKind string

const (
	KindObservation RowKind = "observation"
	KindTarget      RowKind = "target"
	KindIndicator   RowKind = "indicator"
)

// longRows are the preview rows of what long-format tables add to the batch — indicator
// definitions, targets, and observations no bulletin sheet read — classified by the store's own
// planning (plan is store.PlanBatch of p.batch), as the write will classify them.
func (p *prepared) longRows(plan store.BatchPlan) []PreviewRow {
	var rows []PreviewRow
	state := func(s store.FigureState) RowState {
		switch s {
		case store.StateNew:
			return RowNew
		case store.StateRevises:
			return RowRevises
		}
		return RowUnchanged
	}
	indicator := func(code string) domain.Indicator {
		for _, ind := range p.batch.Indicators {
			if ind.Code == code {
				return ind
			}
		}
		return p.cat.Indicators[code]
	}
	region := func(code string) domain.Region { return p.cat.Regions[code] }

	for i, ind := range p.batch.Indicators {
		def := ind
		row := PreviewRow{Kind: KindIndicator, IndicatorCode: ind.Code, IndicatorName: ind.Name, Unit: ind.Unit,
			State: state(plan.Indicators[i].State), Definition: &def, OldDefinition: plan.Indicators[i].Old}
		rows = append(rows, row)
	}
	for i, t := range p.batch.Targets {
		ind, reg := indicator(t.IndicatorCode), region(t.RegionCode)
		tp := plan.Targets[i]
		row := PreviewRow{Kind: KindTarget, RegionCode: t.RegionCode, RegionName: reg.Name, IndicatorCode: t.IndicatorCode,
			IndicatorName: ind.Name, Unit: ind.Unit, Year: t.Year, Tier: t.Tier, Value: t.Value, Growth: t.Growth,
			State: state(tp.State)}
		if tp.State != store.StateNew {
			row.OldValue, row.OldGrowth = tp.OldValue, tp.OldGrowth
		}
		rows = append(rows, row)
	}
	read := map[obsKeyI]bool{}
	for _, f := range p.figures {
		read[f.key()] = true
	}
	for i := range p.batch.Figures.Len() {
		o := p.batch.Figures.At(i)
		if read[obsKeyI{o.RegionCode, o.IndicatorCode, o.Period}] {
			continue // a bulletin figure: its row is the sheet's
		}
		ind, reg := indicator(o.IndicatorCode), region(o.RegionCode)
		op := plan.Observations[i]
		row := PreviewRow{Kind: KindObservation, RegionCode: o.RegionCode, RegionName: reg.Name, IndicatorCode: o.IndicatorCode,
			IndicatorName: ind.Name, Unit: ind.Unit, Period: o.Period, Value: o.Value, Growth: o.Growth, State: state(op.State)}
		if op.State != store.StateNew {
			row.OldValue, row.OldGrowth = op.OldValue, op.OldGrowth
		}
		rows = append(rows, row)
	}
	return rows
}

// growthDropped warns about each revision that leaves growth blank where the figure it replaces
// has a published growth, naming the row it was read from and the growth it drops.
func (p *prepared) growthDropped(drops []store.GrowthDrop) Warnings {
	if len(drops) == 0 {
		return nil
	}
	var ws Warnings
	for _, d := range drops {
		k := obsKeyI{d.RegionCode, d.IndicatorCode, d.Period}
		w := Warning{Kind: WarnGrowthDropped, RegionCode: d.RegionCode, IndicatorCode: d.IndicatorCode, Period: d.Period,
			Message: locale.M("ingest.warn.growth_dropped", p.regionName(d.RegionCode), p.indicatorName(d.IndicatorCode), d.Period,
				strconv.FormatFloat(d.Growth, 'f', -1, 64))}
		if i, ok := p.batch.Figures.Find(k.region, k.indicator, k.period); ok && i < p.origins.Len() && !strings.HasPrefix(p.origins.At(i).file, tokenPrefix) {
			o := p.origins.At(i)
			w.File, w.Sheet, w.Row = o.file, o.sheet, int(o.row)
		} else if f := p.figureAt(k); f != nil {
			w.File, w.Sheet, w.Cell = f.file, f.sheet, f.cell()
		}
		ws = append(ws, w)
	}
	return ws
}

func (p *prepared) figureAt(k obsKeyI) *figure {
	for _, f := range p.figures {
		if !f.dropped && f.key() == k {
			return f
		}
	}
	return nil
}

func (p *prepared) regionName(code string) string {
	if r, ok := p.cat.Regions[code]; ok {
		return r.Name
	}
	return code
}

func (p *prepared) indicatorName(code string) string {
	if i, ok := p.cat.Indicators[code]; ok {
		return i.Name
	}
	return code
}
