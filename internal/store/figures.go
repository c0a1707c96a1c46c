package store

import "pacer/internal/domain"

// Figures are observations held compactly, for a batch of millions (a national long-format
// import): each is 40 bytes, its codes, period, source and note kept once each however many
// figures share them, where a domain.Observation is 192 bytes and its strings. The zero value
// and nil are empty.
type Figures struct {
	strs  []string         // strs[0] is ""
	ids   map[string]int32 // index in strs
	rows  []figureRow
	index map[figureKey]int32 // the last figure of each region, indicator and period
}

type figureKey struct{ region, indicator, period int32 }

type figureRow struct {
	value, growth                           float64
	region, indicator, period, source, note int32
	flags                                   uint8
}

const (
	hasValue uint8 = 1 << iota
	hasGrowth
	isSample
)

// NewFigures returns an empty set with room for n figures.
func NewFigures(n int) *Figures {
	return &Figures{strs: []string{""}, ids: map[string]int32{"": 0}, rows: make([]figureRow, 0, n),
		index: make(map[figureKey]int32, n)}
}

// Len says how many figures f holds.
func (f *Figures) Len() int {
	if f == nil {
		return 0
	}
	return len(f.rows)
}

// Add appends o's region, indicator, period, figures, source, note and sample flag (what an
// import writes; the rest of o is not kept).
func (f *Figures) Add(o domain.Observation) {
	if f.ids == nil {
		f.strs, f.ids, f.index = []string{""}, map[string]int32{"": 0}, map[figureKey]int32{}
	}
	r := figureRow{region: f.id(o.RegionCode), indicator: f.id(o.IndicatorCode), period: f.id(o.Period),
		source: f.id(o.Source), note: f.id(o.Note)}
	if o.Value != nil {
		r.value, r.flags = *o.Value, r.flags|hasValue
	}
	if o.Growth != nil {
		r.growth, r.flags = *o.Growth, r.flags|hasGrowth
	}
	if o.Sample {
		r.flags |= isSample
	}
	f.index[figureKey{r.region, r.indicator, r.period}] = int32(len(f.rows))
	f.rows = append(f.rows, r)
}

// Find returns the index of the figure of region, indicator and period (the last added, when
// there are several), and whether there is one.
func (f *Figures) Find(region, indicator, period string) (int, bool) {
	if f.Len() == 0 {
		return 0, false
	}
	r, ok1 := f.ids[region]
	i, ok2 := f.ids[indicator]
	p, ok3 := f.ids[period]
	if !ok1 || !ok2 || !ok3 {
		return 0, false
	}
	at, ok := f.index[figureKey{r, i, p}]
	return int(at), ok
}

func (f *Figures) id(s string) int32 {
	if i, ok := f.ids[s]; ok {
		return i
	}
	i := int32(len(f.strs))
	f.strs = append(f.strs, s)
	f.ids[s] = i
	return i
}

// At returns the i-th figure as an observation. Its Value and Growth point into f: they are not
// to be written through.
func (f *Figures) At(i int) domain.Observation {
	r := &f.rows[i]
	o := domain.Observation{RegionCode: f.strs[r.region], IndicatorCode: f.strs[r.indicator], Period: f.strs[r.period],
		Source: f.strs[r.source], Note: f.strs[r.note], Sample: r.flags&isSample != 0}
	if r.flags&hasValue != 0 {
		o.Value = &r.value
	}
	if r.flags&hasGrowth != 0 {
		o.Growth = &r.growth
	}
	return o
}

// Key returns the region, indicator and period of the i-th figure.
func (f *Figures) Key(i int) (region, indicator, period string) {
	r := &f.rows[i]
	return f.strs[r.region], f.strs[r.indicator], f.strs[r.period]
}

// All returns every figure as an observation.
func (f *Figures) All() []domain.Observation {
	if f.Len() == 0 {
		return nil
	}
	out := make([]domain.Observation, f.Len())
	for i := range out {
		out[i] = f.At(i)
	}
	return out
}

// observations is a batch's observations, Observations then Figures, one at a time.
type observations struct {
	list []domain.Observation
	figs *Figures
}

func (b Batch) observations() observations { return observations{b.Observations, b.Figures} }

func (os observations) Len() int { return len(os.list) + os.figs.Len() }

func (os observations) At(i int) domain.Observation {
	if i < len(os.list) {
		return os.list[i]
	}
	return os.figs.At(i - len(os.list))
}
