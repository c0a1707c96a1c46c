package ingest

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// Warning kinds: consistency checks that never block an import.
const (
	WarnCumulativeDecrease = "cumulative_decrease" // a cumulative value below the previous month's
	WarnGrowthMismatch     = "growth_mismatch"     // published growth ≠ growth from last year's value
	WarnTotalMismatch      = "total_mismatch"      // a total row ≠ the sum of the regions
	WarnRankMismatch       = "rank_mismatch"       // a published rank ≠ the computed rank
	WarnMonthlyMismatch    = "monthly_mismatch"    // 本月 ≠ this cumulative − last month's
	WarnGrowthDropped      = "growth_dropped"      // a revision leaves blank a growth that was published
	WarnEarlierColumns     = "earlier_columns"     // columns of an earlier period, set aside
	WarnRegionName         = "region_name"         // a long table's region_name that is not its code's
)

// Warning is a figure that looks inconsistent. It is shown after the import (or in the preview)
// and never stops it.
type Warning struct {
	Kind                              string
	File, Sheet, Cell                 string
	Row                               int // a long table's row (the header is row 1), when Cell is empty
	RegionCode, IndicatorCode, Period string
	Message                           locale.Msg
}

// Format renders the warning as `file:sheet!C7: message` (a long table's row: `file:7: message`,
// `file[sheet]:7: message`) in lang (zh-CN or en).
func (w Warning) Format(lang string) string {
	w.Sheet = sheet.Clip(w.Sheet)
	where := w.File
	switch {
	case w.Cell != "":
		where += ":"
		if w.Sheet != "" {
			where += w.Sheet + "!"
		}
		where += w.Cell
	case w.Row > 0:
		if w.Sheet != "" {
			where += "[" + w.Sheet + "]"
		}
		where += ":" + strconv.Itoa(w.Row)
	}
	return where + ": " + w.Message.In(lang)
}

// Warnings are every warning of one import.
type Warnings []Warning

// Format renders one warning a line.
func (ws Warnings) Format(lang string) string {
	lines := make([]string, len(ws))
	for i, w := range ws {
		lines[i] = w.Format(lang)
	}
	return strings.Join(lines, "\n")
}

type figs struct{ value, growth *float64 }

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func num1(v float64) string { return strconv.FormatFloat(pace.RoundTo(v, 1), 'f', 1, 64) }

// warnings checks the figures that will be written against each other and against what is
// stored: a cumulative value below the previous month's, published growth more than 1 point
// from the growth recomputed from last year's value, a total row that is not the sum of its
// regions, a published rank that is not the computed one, a 本月 figure that is not this
// cumulative minus last month's.
func (p *prepared) warnings(ctx context.Context, s *store.Store) (Warnings, error) {
	ws, err := p.figureWarnings(ctx, s)
	if err != nil {
		return nil, err
	}
	long, err := p.longWarnings(ctx, s)
	ws = append(ws, long...)
	var notes Warnings
	for _, sr := range p.sheets {
		notes = append(notes, sr.notes...)
	}
	notes = append(notes, p.regionNames()...)
	return append(notes, ws...), err
}

// regionNames warns about each long-table row whose region_name is not the name of its
// region_code in the catalogue (a leading part of it, 沙坪 for 沙坪街道, is taken as the same).
func (p *prepared) regionNames() Warnings {
	var ws Warnings
	for i := range p.origins.Len() {
		o := p.origins.At(i)
		if o.regionName == "" || i >= p.batch.Figures.Len() || strings.HasPrefix(o.file, tokenPrefix) {
			continue
		}
		x := p.batch.Figures.At(i)
		r, ok := p.cat.Regions[x.RegionCode]
		if !ok || strings.HasPrefix(r.Name, o.regionName) {
			continue
		}
		ws = append(ws, Warning{Kind: WarnRegionName, File: o.file, Sheet: o.sheet, Row: int(o.row), RegionCode: x.RegionCode,
			IndicatorCode: x.IndicatorCode, Period: x.Period, Message: locale.M("warn.region_name", o.regionName, x.RegionCode, r.Name)})
	}
	return ws
}

func (p *prepared) figureWarnings(ctx context.Context, s *store.Store) (Warnings, error) {
	var live []*figure
	regions, inds := map[string]bool{}, map[string]bool{}
	var from, to string
	siblings := map[string][]domain.Region{}
	for _, f := range p.figures {
		if _, valid := p.batch.Figures.Find(f.region.Code, f.ind.Code, f.period); f.dropped || !valid {
			continue
		}
		live = append(live, f)
		regions[f.region.Code], inds[f.ind.Code] = true, true
		pp, _ := pace.ParsePeriod(f.period)
		if lo := fmt.Sprintf("%04d-01", pp.Year-1); from == "" || lo < from {
			from = lo
		}
		if to == "" || f.period > to {
			to = f.period
		}
		if p.sheets[f.sheetIdx].layout == LayoutIndicatorRows && len(f.ranks) > 0 {
			if _, done := siblings[f.region.Code]; !done {
				sib, err := s.Siblings(ctx, f.region)
				if err != nil {
					return nil, err
				}
				siblings[f.region.Code] = sib
				for _, r := range sib {
					regions[r.Code] = true
				}
			}
		}
	}
	if len(live) == 0 {
		return nil, nil
	}
	stored, err := s.Observations(ctx, store.ObservationQuery{Regions: keys(regions), Indicators: keys(inds), From: from, To: to, Brief: true})
	if err != nil {
		return nil, err
	}
	known := map[obsKeyI]figs{}
	for _, o := range stored {
		known[obsKeyI{o.RegionCode, o.IndicatorCode, o.Period}] = figs{o.Value, o.Growth}
	}
	for i := range p.batch.Figures.Len() {
		o := p.batch.Figures.At(i)
		known[obsKeyI{o.RegionCode, o.IndicatorCode, o.Period}] = figs{o.Value, o.Growth}
	}
	var ws Warnings
	warn := func(kind string, f *figure, cell string, msg locale.Msg) {
		sh := f.sheet
		switch {
		case cell == f.valueRef && cell != "":
			sh = f.valueSheet
		case cell == f.growthRef && cell != "":
			sh = f.growthSheet
		}
		ws = append(ws, Warning{Kind: kind, File: f.file, Sheet: sh, Cell: cell, RegionCode: f.region.Code,
			IndicatorCode: f.ind.Code, Period: f.period, Message: locale.M("ingest.warn", f.region.Name, locale.Name{ZH: f.ind.Name, EN: f.ind.NameEN}, f.region.Code, f.ind.Code, msg)})
	}
	for _, f := range live {
		pp, _ := pace.ParsePeriod(f.period)
		if f.value != nil && f.ind.Kind != domain.KindStock {
			for m := pp.Month - 1; m >= 1; m-- {
				q := pace.Period{Year: pp.Year, Month: m}.String()
				if prev := known[obsKeyI{f.region.Code, f.ind.Code, q}]; prev.value != nil {
					if *f.value < *prev.value-1e-9 {
						warn(WarnCumulativeDecrease, f, f.valueRef, locale.M("ingest.warn.decrease", num(*f.value), q, num(*prev.value)))
					}
					break
				}
			}
		}
		if f.value != nil && f.growth != nil {
			ly := pp.LastYear().String()
			if base := known[obsKeyI{f.region.Code, f.ind.Code, ly}]; base.value != nil && *base.value > 0 {
				g := (*f.value / *base.value - 1) * 100
				if d := math.Abs(*f.growth - g); d > 1+1e-9 {
					note := locale.Key("ingest.warn.growth_check")
					if f.ind.ComparablePrice {
						note = "ingest.warn.growth_comparable"
					}
					warn(WarnGrowthMismatch, f, f.growthRef, locale.M("ingest.warn.growth", num(*f.growth), ly, num(*base.value), num1(g), num1(d), note))
				}
			}
		}
		if f.monthly != nil && f.value != nil {
			var prev *float64
			q := ""
			if pp.Month == 1 {
				zero := 0.0
				prev = &zero
			} else {
				q = pace.Period{Year: pp.Year, Month: pp.Month - 1}.String()
				prev = known[obsKeyI{f.region.Code, f.ind.Code, q}].value
			}
			if prev != nil {
				want := *f.value - *prev
				if d := math.Abs(want - *f.monthly); d > math.Max(0.005*math.Abs(*f.monthly), 0.01) {
					warn(WarnMonthlyMismatch, f, f.monthlyRef,
						locale.M("ingest.warn.monthly", num(*f.monthly), num(pace.RoundTo(want, 6)), num(*f.value), orZero(prev, q)))
				}
			}
		}
	}
	for _, sr := range p.sheets {
		if sr.layout == LayoutRegionRows {
			p.sheetWarnings(sr, live, warn)
		}
	}
	p.siblingRankWarnings(live, siblings, known, warn)
	return ws, nil
}

func orZero(v *float64, q string) any {
	if q == "" {
		return "0"
	}
	return locale.M("ingest.warn.monthly_prev", num(*v), q)
}

// sheetWarnings checks a region-row sheet: the total row against the sum of the regions (flow
// and count indicators), and published ranks against ranks computed among the sheet's regions.
func (p *prepared) sheetWarnings(sr *sheetResult, live []*figure, warn func(string, *figure, string, locale.Msg)) {
	byInd := map[string][]*figure{}
	var order []string
	// The regions that add up to the total and are ranked against each other: the parent's
	// children, and under a province also the prefecture-level cities without counties (东莞市,
	// 中山市) — not the prefecture subtotal rows.
	peer := func(f *figure) bool {
		if f.total {
			return false
		}
		if f.region.Level == sr.childLevel {
			return true
		}
		if sr.parent != nil && sr.parent.Level == domain.LevelProvince && f.region.Level == domain.LevelPrefecture {
			for _, c := range p.rv.children[f.region.Code] {
				if c.Level == domain.LevelCounty {
					return false
				}
			}
			return true
		}
		return false
	}
	children := map[string]bool{} // every peer region in the sheet
	for _, f := range p.figures {
		if p.sheets[f.sheetIdx] == sr && peer(f) {
			children[f.region.Code] = true
		}
	}
	for _, f := range live {
		if p.sheets[f.sheetIdx] != sr {
			continue
		}
		if _, ok := byInd[f.ind.Code]; !ok {
			order = append(order, f.ind.Code)
		}
		byInd[f.ind.Code] = append(byInd[f.ind.Code], f)
	}
	for _, code := range order {
		fs := byInd[code]
		var total *figure
		var kids []*figure
		for _, f := range fs {
			switch {
			case f.total:
				total = f
			case peer(f):
				kids = append(kids, f)
			}
		}
		ind := fs[0].ind
		if total != nil && total.value != nil && (ind.Kind == domain.KindFlow || ind.Kind == domain.KindCount) {
			sum, n := 0.0, 0
			for _, k := range kids {
				if k.value != nil {
					sum += *k.value
					n++
				}
			}
			missing := len(children) - n
			if d := *total.value - sum; n > 0 && math.Abs(d) > math.Max(0.005*math.Abs(*total.value), 0.01)+1e-9 {
				var more any = ""
				if missing > 0 {
					more = locale.M("ingest.warn.total_missing", missing)
				}
				warn(WarnTotalMismatch, total, total.valueRef,
					locale.M("ingest.warn.total", num(*total.value), n, num(pace.RoundTo(sum, 6)), num(pace.RoundTo(d, 6)), more))
			}
		}
		for _, by := range []string{store.RankByGrowth, store.RankByValue} {
			vals := make([]*float64, len(kids))
			any := false
			for i, k := range kids {
				if by == store.RankByGrowth {
					vals[i] = k.growth
				} else {
					vals[i] = k.value
				}
				for _, r := range k.ranks {
					any = any || r.by == by
				}
			}
			if !any {
				continue
			}
			decimals := pace.DefaultGrowthDecimals
			if by == store.RankByValue {
				decimals = ind.Precision
			}
			ranks, n := pace.Rank(vals, decimals, ind.Direction == domain.Down)
			for i, k := range kids {
				for _, r := range k.ranks {
					if r.by != by || ranks[i] == 0 || ranks[i] == r.rank {
						continue
					}
					warn(WarnRankMismatch, k, r.ref, locale.M("ingest.warn.rank_sheet", r.rank, n, locale.Key("ingest.by."+by), ranks[i]))
				}
			}
		}
	}
}

// siblingRankWarnings checks the rank column of an indicator-row bulletin against the rank
// among the region's siblings, from what is stored and what is being imported.
func (p *prepared) siblingRankWarnings(live []*figure, siblings map[string][]domain.Region, known map[obsKeyI]figs,
	warn func(string, *figure, string, locale.Msg)) {
	for _, f := range live {
		sib, ok := siblings[f.region.Code]
		if !ok || p.sheets[f.sheetIdx].layout != LayoutIndicatorRows {
			continue
		}
		for _, r := range f.ranks {
			vals := make([]*float64, len(sib))
			me := -1
			for i, x := range sib {
				k := known[obsKeyI{x.Code, f.ind.Code, f.period}]
				if r.by == store.RankByGrowth {
					vals[i] = k.growth
				} else {
					vals[i] = k.value
				}
				if x.Code == f.region.Code {
					me = i
				}
			}
			decimals := pace.DefaultGrowthDecimals
			if r.by == store.RankByValue {
				decimals = f.ind.Precision
			}
			ranks, n := pace.Rank(vals, decimals, f.ind.Direction == domain.Down)
			if me < 0 || n < 2 || ranks[me] == 0 || ranks[me] == r.rank {
				continue
			}
			warn(WarnRankMismatch, f, r.ref, locale.M("ingest.warn.rank_siblings", r.rank, n, ranks[me]))
		}
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
