package ingest

import (
	"context"
	"fmt"
	"math"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/store"
)

// longWarnings checks the rows of long tables as figureWarnings checks a bulletin's figures,
// against the other figures of the command and what is stored: a cumulative value below the
// previous month's held (外贸 1-9月 13.45 after 1-8月 119.80), and a published growth more than a
// point from the growth computed from last year's same period. Stocks and levels are never
// cumulated and their growth is not computed from values: they are not checked. Each warning
// names the row it was read from.
func (p *prepared) longWarnings(ctx context.Context, s *store.Store) (Warnings, error) {
	var rows []int32 // indexes of batch observations read from long tables
	regions, inds := map[string]bool{}, map[string]bool{}
	var from, to string
	for i := range p.batch.Figures.Len() {
		o := p.batch.Figures.At(i)
		if i >= p.origins.Len() || strings.HasPrefix(p.origins.At(i).file, tokenPrefix) || o.Value == nil {
			continue
		}
		ind, ok := p.cat.Indicators[o.IndicatorCode]
		if !ok || ind.Kind == domain.KindStock || ind.Kind == domain.KindLevel {
			continue
		}
		pp, err := pace.ParsePeriod(o.Period)
		if err != nil {
			continue
		}
		rows = append(rows, int32(i))
		regions[o.RegionCode], inds[o.IndicatorCode] = true, true
		if lo := fmt.Sprintf("%04d-01", pp.Year-1); from == "" || lo < from {
			from = lo
		}
		if to == "" || o.Period > to {
			to = o.Period
		}
	}
	if len(rows) == 0 {
		return nil, nil
	}
	// The stored figures are read an indicator at a time, and only those the command does not
	// give are kept: the command's own are found through Figures.Find, never copied into a map.
	stored := map[obsKeyI]figs{}
	codes := keys(regions)
	for _, ind := range keys(inds) {
		obs, err := s.Observations(ctx, store.ObservationQuery{Regions: codes, Indicators: []string{ind}, From: from, To: to, Brief: true})
		if err != nil {
			return nil, err
		}
		for _, o := range obs {
			k := obsKeyI{o.RegionCode, o.IndicatorCode, o.Period}
			if _, given := p.batch.Figures.Find(k.region, k.indicator, k.period); !given {
				stored[k] = figs{o.Value, o.Growth}
			}
		}
	}
	known := func(k obsKeyI) figs {
		if i, given := p.batch.Figures.Find(k.region, k.indicator, k.period); given {
			o := p.batch.Figures.At(i)
			return figs{o.Value, o.Growth}
		}
		return stored[k]
	}
	var ws Warnings
	for _, i := range rows {
		o, at := p.batch.Figures.At(int(i)), p.origins.At(int(i))
		ind := p.cat.Indicators[o.IndicatorCode]
		warn := func(kind string, msg locale.Msg) {
			ws = append(ws, Warning{Kind: kind, File: at.file, Sheet: at.sheet, Row: int(at.row), RegionCode: o.RegionCode,
				IndicatorCode: o.IndicatorCode, Period: o.Period,
				Message: locale.M("ingest.warn", p.cat.Regions[o.RegionCode].Name, locale.Name{ZH: ind.Name, EN: ind.NameEN}, o.RegionCode, o.IndicatorCode, msg)})
		}
		pp, _ := pace.ParsePeriod(o.Period)
		for m := pp.Month - 1; m >= 1; m-- {
			q := pace.Period{Year: pp.Year, Month: m}.String()
			if prev := known(obsKeyI{o.RegionCode, o.IndicatorCode, q}); prev.value != nil {
				if *o.Value < *prev.value-1e-9 {
					warn(WarnCumulativeDecrease, locale.M("ingest.warn.decrease", num(*o.Value), q, num(*prev.value)))
				}
				break
			}
		}
		if o.Growth == nil {
			continue
		}
		ly := pp.LastYear().String()
		if base := known(obsKeyI{o.RegionCode, o.IndicatorCode, ly}); base.value != nil && *base.value > 0 {
			g := (*o.Value / *base.value - 1) * 100
			if d := math.Abs(*o.Growth - g); d > 1+1e-9 {
				note := locale.Key("ingest.warn.growth_check")
				if ind.ComparablePrice {
					note = "ingest.warn.growth_comparable"
				}
				warn(WarnGrowthMismatch, locale.M("ingest.warn.growth", num(*o.Growth), ly, num(*base.value), num1(g), num1(d), note))
			}
		}
	}
	return ws, nil
}
