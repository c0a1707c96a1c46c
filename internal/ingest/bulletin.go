package ingest

// Bulletins: the statistics bureau's own workbooks (统计月报, 各县（市、区）主要经济指标), read as
// they arrive. Two layouts are recognised:
//
//   - indicator rows: one row per indicator of one region, the period in the title, columns
//     本月 | 同比增长(%) | 1-本月 | 同比增长(%) (or 1-N月 | 增长(%), 累计 | 增长), units in a
//     单位 column or note;
//   - region rows: one row per county-level unit (plus a 全市 total, the parent region itself),
//     indicators across the top as two-level merged headers (indicator → 绝对值 / 增长(%) /
//     排名).
//
// Names are mapped to codes (built-in names and aliases, --map name=code, and mappings
// remembered per source), figures are converted to the indicator's unit, and the result is
// checked by the very same path as a long-format file (Parse) and written by ApplyBatch in one
// transaction. Nothing is written while any name is unmapped or any cell is wrong.

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// Layout says how a sheet is laid out.
type Layout string

const (
	LayoutLong          Layout = "long"           // the long formats of the foundation import
	LayoutAuto          Layout = "auto"           // recognised per sheet
	LayoutIndicatorRows Layout = "indicator-rows" // one row per indicator of one region
	LayoutRegionRows    Layout = "region-rows"    // one row per region, indicators across the top
)

// ParseLayout reads a --layout value.
func ParseLayout(s string) (Layout, bool) {
	switch l := Layout(strings.ToLower(strings.TrimSpace(s))); l {
	case LayoutLong, LayoutAuto, LayoutIndicatorRows, LayoutRegionRows:
		return l, true
	}
	return "", false
}

// BulletinOptions says how to read bulletins.
type BulletinOptions struct {
	Options
	// Layout: LayoutAuto (the default when empty), LayoutIndicatorRows or LayoutRegionRows for
	// every sheet, or LayoutLong (the long import, unchanged).
	Layout Layout
	// Maps are "name=code" entries: an indicator or region code, or "-" to skip the name. They
	// win over remembered mappings and built-in names, and are remembered under the source of
	// each file once the import succeeds.
	Maps []string
	// Source names the kind of workbook whose mappings are remembered; empty: each file's
	// SourceName.
	Source string
	// Region is the region of an indicator-row bulletin, or the parent of the regions of a
	// region-row one, when the title does not name it.
	Region string
	// Period (YYYY-MM) overrides the period read from titles.
	Period string
}

// RowState is what an import does with one row of a preview.
type RowState string

const (
	RowNew       RowState = "new"
	RowRevises   RowState = "revises"
	RowUnchanged RowState = "unchanged"
	RowSkipped   RowState = "skipped"
)

// PreviewRow is one figure of a bulletin (a region, an indicator, a period) and what importing
// it would do, or a row or cell that is skipped and why.
type PreviewRow struct {
	Kind              RowKind
	File, Sheet, Cell string // Cell: the value's cell, else the growth's, else the row's name
	Label             string // the row's name as printed
	RegionCode        string
	RegionName        string
	IndicatorCode     string
	IndicatorName     string
	Unit              string // the indicator's unit, which Value is in
	Period            string
	Value, Growth     *float64
	Rank              *int   // a published rank, when the sheet has one
	RankBy            string // store.RankByGrowth | store.RankByValue
	State             RowState
	// OldValue and OldGrowth are the current figures a revision replaces.
	OldValue, OldGrowth *float64
	// Reason says why a row is skipped.
	Reason locale.Msg
	// KeptValue, KeptGrowth: the bulletin does not publish this figure (—), so the one stored
	// before is kept (and shown in Value or Growth).
	KeptValue, KeptGrowth bool
	// Targets (Kind target): the year and tier; Value and Growth are the target's.
	Year int
	Tier domain.Tier
	// Indicator definitions (Kind indicator): the definition read, and the stored one it revises.
	Definition, OldDefinition *domain.Indicator
	// Read says how a bulletin figure was read: the cells of its value and growth, the column
	// each is under, the number format that made a stored number show otherwise (0.058 under
	// 0.0% is 5.8%) and the unit conversion (2238300 万元 → 223.83 亿元).
	Read locale.Msg
}

// UnmappedName is a name that maps to no code: it must be given with --map name=code (or
// name=- to skip it) before anything is written.
type UnmappedName struct {
	Kind              string // "indicator" | "region"
	Name              string // as printed
	Key               string // as matched (and remembered)
	File, Sheet, Cell string
}

// SheetInfo is how one sheet was read.
type SheetInfo struct {
	File, Sheet string
	Layout      Layout // "" when skipped
	Source      string // the source its mappings are remembered under
	RegionCode  string // indicator rows: the region; region rows: the parent (may be empty)
	RegionName  string
	Period      string
	// Blank: the sheet holds nothing (a preview lists it as skipped).
	Blank bool
	// Encoding: the encoding a CSV file was converted from (GBK, GB18030); "" for UTF-8 and xlsx.
	Encoding string
	// Skipped says why a sheet was not read (auto layout: neither a bulletin nor a long file).
	Skipped locale.Msg
}

// Preview is what importing would do, computed without writing.
type Preview struct {
	Sheets   []SheetInfo
	Rows     []PreviewRow
	Problems Problems // when any, nothing can be written
	Unmapped []UnmappedName
	// Choices are the catalogue's indicators, for mapping the unmapped names (set when there are any).
	Choices  []domain.Indicator
	Warnings Warnings
	// Encodings are the files read from another encoding than UTF-8 (GBK CSV), as "file: GBK".
	Encodings []string
	// Counts of Rows by state, and what would happen to published ranks.
	New, Revises, Unchanged, Skipped int
	Ranks                            store.Counts
}

// BulletinResult is what ImportBulletin did.
type BulletinResult struct {
	store.BatchResult
	Sheets     []SheetInfo
	Warnings   Warnings
	Remembered int      // mappings newly remembered or changed
	Sources    []string // the sources --map entries were remembered under
	Encodings  []string // files read from another encoding than UTF-8, as "file: GBK"
}

// encodings lists the files of tables read from another encoding than UTF-8.
func encodings(tables []sheet.Table) []string {
	var out []string
	for _, t := range tables {
		if t.Encoding != "" {
			out = append(out, t.File+": "+t.Encoding)
		}
	}
	return out
}

// figure is one region × indicator × period read from a bulletin.
type figure struct {
	file, sheet         string
	label, labelRef     string
	region              domain.Region
	total               bool
	ind                 domain.Indicator
	period              string
	periodRef           string
	value, growth       *float64 // in the indicator's unit
	valueText           string   // what the long-format check reads
	growthText          string
	valueRaw, growthRaw string
	valueRef, growthRef string
	valueRd, growthRd   reading // how each cell was read
	// valueSheet and growthSheet are the sheets of valueRef and growthRef: another sheet's when
	// a figure read twice was completed from its second reading.
	valueSheet, growthSheet string
	ranks                   []rankCell
	monthly                 *float64
	monthlyRef              string
	sheetIdx                int
	keptValue               bool   // not published: the stored value is kept
	keptGrowth              bool   // not published: the stored growth is kept
	dropped                 bool   // the same figure was read before
	mergedInto              string // where a dropped figure's extra figures went
}

type rankCell struct {
	rank    int
	by, ref string
	raw     string
}

// cell is where the figure is in its own sheet: its value, else its growth, else its rank, else
// its name.
func (f *figure) cell() string {
	switch {
	case f.valueRef != "" && f.value != nil && f.valueSheet == f.sheet:
		return f.valueRef
	case f.growthRef != "" && f.growth != nil && f.growthSheet == f.sheet:
		return f.growthRef
	case len(f.ranks) > 0:
		return f.ranks[0].ref
	}
	return f.labelRef
}

func (f *figure) key() obsKeyI { return obsKeyI{f.region.Code, f.ind.Code, f.period} }

type obsKeyI struct{ region, indicator, period string }

// sheetResult is what one sheet gave.
type sheetResult struct {
	t        *sheet.Table
	info     SheetInfo
	layout   Layout
	figures  []*figure
	skipped  []PreviewRow
	problems Problems
	unmapped []UnmappedName
	seen     map[string]bool // unmapped names already listed
	parent   *domain.Region  // region rows
	// region rows: which regions sum to the total (the level of the parent's children)
	childLevel domain.RegionLevel
	// notes are warnings about how the sheet was read (columns set aside)
	notes Warnings
}

func (sr *sheetResult) fail(ref, value, key string, args ...any) {
	sr.problems = append(sr.problems, Problem{File: sr.t.File, Sheet: sr.t.Sheet, Cell: ref, Value: value, Expected: locale.M(key, args...)})
}

func (sr *sheetResult) unmappedName(kind, name, key, ref string) {
	if sr.seen[kind+"\x00"+key] {
		return
	}
	sr.seen[kind+"\x00"+key] = true
	sr.unmapped = append(sr.unmapped, UnmappedName{Kind: kind, Name: name, Key: key, File: sr.t.File, Sheet: sr.t.Sheet, Cell: ref})
	what := locale.Key("ingest.what.indicator_name")
	if kind == store.MappingRegion {
		what = "ingest.what.region_name"
	}
	sr.fail(ref, name, "ingest.expect.unmapped", what, sheet.Clip(key), sheet.Clip(key))
}

func (sr *sheetResult) skip(r int, label, ref, key string) {
	sr.skipped = append(sr.skipped, PreviewRow{File: sr.t.File, Sheet: sr.t.Sheet, Cell: ref, Label: label,
		Period: sr.info.Period, State: RowSkipped, Reason: locale.M(key)})
}

type mapTo struct{ kind, code string }

// resolver maps names to codes.
type resolver struct {
	cat        Catalogue
	indNames   map[string]string
	all        *regionIndex
	byCode     map[string]domain.Region
	children   map[string][]domain.Region
	explicit   map[string]mapTo
	remembered map[string]map[string]mapTo // source → name → mapping
}

func newResolver(cat Catalogue) *resolver {
	rv := &resolver{cat: cat, indNames: indicatorNames(cat), byCode: cat.Regions, children: map[string][]domain.Region{},
		explicit: map[string]mapTo{}, remembered: map[string]map[string]mapTo{}}
	var regions []domain.Region
	for _, r := range cat.Regions {
		regions = append(regions, r)
		if r.Parent != "" {
			rv.children[r.Parent] = append(rv.children[r.Parent], r)
		}
	}
	sort.Slice(regions, func(i, j int) bool { return regions[i].Code < regions[j].Code })
	rv.all = newRegionIndex(regions)
	return rv
}

func (rv *resolver) mapped(source, name string) (mapTo, bool) {
	if m, ok := rv.explicit[name]; ok {
		return m, true
	}
	m, ok := rv.remembered[source][name]
	return m, ok
}

// indicator resolves a cleaned indicator name. growthOnly: the name is of a growth
// (规上工业增加值增速). skip: mapped to "-".
func (rv *resolver) indicator(source, name string) (ind domain.Indicator, growthOnly, skip, ok bool) {
	look := func(n string) (domain.Indicator, bool, bool) {
		if m, ok := rv.mapped(source, n); ok {
			switch m.kind {
			case store.MappingSkip:
				return domain.Indicator{}, true, true
			case store.MappingIndicator:
				if ind, ok := rv.cat.Indicators[m.code]; ok {
					return ind, false, true
				}
			}
		}
		if code, ok := rv.indNames[n]; ok {
			return rv.cat.Indicators[code], false, true
		}
		return domain.Indicator{}, false, false
	}
	if ind, skip, ok := look(name); ok {
		return ind, false, skip, true
	}
	if base, g := growthName(name); g {
		if ind, skip, ok := look(base); ok {
			return ind, true, skip, true
		}
	}
	return domain.Indicator{}, false, false, false
}

// candidates are the regions the rows of a region-row sheet may name: the parent's children
// (for a province, its county-level units and its prefectures); without a parent, every
// county-level unit and prefecture.
func (rv *resolver) candidates(parent *domain.Region) (*regionIndex, domain.RegionLevel) {
	var rs []domain.Region
	level := domain.LevelCounty
	switch {
	case parent == nil:
		for _, r := range rv.byCode {
			if r.Level == domain.LevelCounty || r.Level == domain.LevelPrefecture {
				rs = append(rs, r)
			}
		}
	case parent.Level == domain.LevelProvince:
		for _, r := range rv.byCode {
			if (r.Level == domain.LevelCounty && strings.HasPrefix(r.Code, parent.Code[:2])) ||
				(r.Level == domain.LevelPrefecture && r.Parent == parent.Code) {
				rs = append(rs, r)
			}
		}
	default:
		rs = rv.children[parent.Code]
		if len(rs) > 0 {
			level = rs[0].Level
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Code < rs[j].Code })
	return newRegionIndex(rs), level
}

// rowRegion resolves the name of a row of a region-row sheet. lastPref is the prefecture of the
// nearest prefecture row above, to tell apart two counties of a province with the same name.
func (rv *resolver) rowRegion(source, name string, parent *domain.Region, cands *regionIndex, lastPref string) (r domain.Region, total, skip bool, amb []domain.Region, ok bool) {
	if m, found := rv.mapped(source, name); found {
		switch m.kind {
		case store.MappingSkip:
			return r, false, true, nil, true
		case store.MappingRegion:
			if reg, known := rv.byCode[m.code]; known {
				return reg, parent != nil && reg.Code == parent.Code, false, nil, true
			}
		}
	}
	if parent != nil {
		pn := cleanName(parent.Name)
		if totalNames[name] || name == pn || (regionStem(pn) != "" && name == regionStem(pn)) {
			return *parent, true, false, nil, true
		}
	}
	rs := cands.find(name)
	if len(rs) > 1 && lastPref != "" {
		var in []domain.Region
		for _, x := range rs {
			if x.Parent == lastPref {
				in = append(in, x)
			}
		}
		if len(in) == 1 {
			rs = in
		}
	}
	switch len(rs) {
	case 0:
		return r, false, false, nil, false
	case 1:
		return rs[0], false, false, nil, true
	}
	return r, false, false, rs, false
}

// SplitMap splits a --map entry name=code at its last = (a name may hold one:
// 居民消费价格指数(上年同期=100)=-). The name may be quoted ("…", '…', 「…」) to make that plain.
func SplitMap(e string) (name, code string, ok bool) {
	e = strings.TrimSpace(e)
	i := max(strings.LastIndex(e, "="), strings.LastIndex(e, "＝"))
	if i <= 0 {
		return "", "", false
	}
	sep := 1
	if strings.HasPrefix(e[i:], "＝") {
		sep = len("＝")
	}
	name, code = strings.TrimSpace(e[:i]), strings.TrimSpace(e[i+sep:])
	for _, q := range [][2]string{{`"`, `"`}, {"'", "'"}, {"「", "」"}, {"“", "”"}} {
		if len(name) >= len(q[0])+len(q[1]) && strings.HasPrefix(name, q[0]) && strings.HasSuffix(name, q[1]) {
			name = name[len(q[0]) : len(name)-len(q[1])]
			break
		}
	}
	if name == "" || code == "" || strings.ContainsAny(code, " \t") {
		return "", "", false
	}
	return name, code, true
}

// loadMappings reads --map entries (validated against the catalogue) and the mappings
// remembered for each source.
func (rv *resolver) loadMappings(ctx context.Context, s *store.Store, maps []string, sources []string) (Problems, []store.NameMapping, error) {
	var probs Problems
	var keep []store.NameMapping
	for _, e := range maps {
		n, code, ok := SplitMap(e)
		if !ok {
			probs = append(probs, Problem{File: "--map", Value: e, Expected: locale.M("ingest.expect.map")})
			continue
		}
		name := cleanName(n)
		var to mapTo
		switch {
		case code == "-" || code == "－" || code == "—":
			to = mapTo{store.MappingSkip, ""}
		case rv.cat.Indicators[strings.ToLower(code)].Code != "":
			to = mapTo{store.MappingIndicator, strings.ToLower(code)}
		case rv.byCode[code].Code != "":
			to = mapTo{store.MappingRegion, code}
		default:
			probs = append(probs, Problem{File: "--map", Value: e, Expected: locale.M("ingest.expect.map_code")})
			continue
		}
		if name == "" {
			probs = append(probs, Problem{File: "--map", Value: e, Expected: locale.M("ingest.expect.map_name")})
			continue
		}
		rv.explicit[name] = to
		keep = append(keep, store.NameMapping{Name: name, Kind: to.kind, Code: to.code})
	}
	for _, src := range sources {
		if _, done := rv.remembered[src]; done {
			continue
		}
		ms, err := s.NameMappings(ctx, src)
		if err != nil {
			return nil, nil, err
		}
		rv.remembered[src] = map[string]mapTo{}
		for _, m := range ms {
			rv.remembered[src][m.Name] = mapTo{m.Kind, m.Code}
		}
	}
	return probs, keep, nil
}

// prepared is a command's bulletins read, checked and turned into a batch.
type prepared struct {
	batch    store.Batch
	origins  *origins // where each observation of batch was read (batch.Figures)
	figures  []*figure
	sheets   []*sheetResult
	problems Problems
	unmapped []UnmappedName
	maps     []store.NameMapping
	sources  []string
	cat      Catalogue
	rv       *resolver
}

func (opt BulletinOptions) sourceOf(file string) string {
	if opt.Source != "" {
		return opt.Source
	}
	return SourceName(file)
}

const tokenPrefix = "\x00bulletin"

// prepare reads every table of one command: long-format tables as the long import does,
// bulletin sheets as figures, all checked together by Parse.
func prepare(ctx context.Context, s *store.Store, tables []sheet.Table, later laterRows, opt BulletinOptions) (*prepared, error) {
	if opt.Layout == "" {
		opt.Layout = LayoutAuto
	}
	cat, err := LoadCatalogue(ctx, s)
	if err != nil {
		return nil, err
	}
	p := &prepared{cat: cat, rv: newResolver(cat)}
	seenSrc := map[string]bool{}
	for _, t := range tables {
		if src := opt.sourceOf(t.File); !seenSrc[src] {
			seenSrc[src] = true
			p.sources = append(p.sources, src)
		}
	}
	probs, maps, err := p.rv.loadMappings(ctx, s, opt.Maps, p.sources)
	if err != nil {
		return nil, err
	}
	p.problems, p.maps = append(p.problems, probs...), maps
	var fixedRegion *domain.Region
	if opt.Region != "" {
		r, ok := cat.Regions[strings.TrimSpace(opt.Region)]
		if !ok {
			p.problems = append(p.problems, Problem{File: "--region", Value: opt.Region, Expected: locale.M("ingest.expect.region")})
		} else {
			fixedRegion = &r
		}
	}
	if opt.Period != "" {
		if _, err := pace.ParsePeriod(opt.Period); err != nil {
			p.problems = append(p.problems, Problem{File: "--period", Value: opt.Period, Expected: locale.M("ingest.expect.period")})
			opt.Period = ""
		}
	}

	var long []sheet.Table
	var unread []*sheetResult
	for i := range tables {
		t := &tables[i]
		if blankTable(*t) {
			continue
		}
		if opt.Layout == LayoutLong {
			long = append(long, *t)
			continue
		}
		if opt.Layout == LayoutAuto {
			if _, prob := recognise(*t); prob == nil {
				long = append(long, *t)
				continue
			}
		}
		sr := &sheetResult{t: t, seen: map[string]bool{}, info: SheetInfo{File: t.File, Sheet: t.Sheet, Source: opt.sourceOf(t.File), Encoding: t.Encoding}}
		sc := &sheetCtx{rv: p.rv, opt: &opt, source: sr.info.Source, res: sr, region: fixedRegion}
		if !sc.read(len(p.sheets)) {
			unread = append(unread, sr)
		}
		p.sheets = append(p.sheets, sr)
	}
	// A sheet that is neither a bulletin nor a long file is skipped, unless nothing was read.
	read := len(long)
	for _, sr := range p.sheets {
		if sr.layout != "" {
			read++
		}
	}
	for _, sr := range unread {
		if read == 0 || opt.Layout != LayoutAuto {
			value := sr.t.Sheet
			if value == "" && len(sr.t.Rows) > 0 && len(sr.t.Rows[0]) > 0 {
				value = sr.t.Rows[0][0] // a CSV file: what its A1 holds
			}
			sr.fail("A1", value, "ingest.expect.table")
		}
	}
	for _, sr := range p.sheets {
		p.problems = append(p.problems, sr.problems...)
		p.unmapped = append(p.unmapped, sr.unmapped...)
		p.figures = append(p.figures, sr.figures...)
	}
	ranks := p.dedupe()
	if err := p.keepStored(ctx, s); err != nil {
		return nil, err
	}

	var names []string
	seen := map[string]bool{}
	for _, t := range tables {
		if !seen[t.File] {
			seen[t.File] = true
			names = append(names, t.File)
		}
	}
	// The long-format check: long tables as they are, then one synthetic long table per sheet.
	// Nothing here holds the tables once parse is done with them (they may go as it goes).
	synth, refs := p.synthesise()
	b, origins, parseProbs := parse(ctx, append(long, synth...), later, cat)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p.origins = origins
	p.problems = append(p.problems, p.remap(parseProbs, refs)...)
	b.PublishedRanks = ranks
	b.Actor, b.SourceIP = opt.Actor, opt.SourceIP
	b.Source = strings.Join(names, ", ")
	p.batch = b
	return p, nil
}

// dedupe merges figures read more than once (the same region, indicator and period in two
// sheets): complementary figures are merged, contradicting ones are a problem. It returns the
// published ranks to store.
func (p *prepared) dedupe() []store.PublishedRank {
	first := map[obsKeyI]*figure{}
	type rk struct {
		obsKeyI
		by string
	}
	rankAt := map[rk]rankCell{}
	var ranks []store.PublishedRank
	for _, f := range p.figures {
		sr := p.sheets[f.sheetIdx]
		if g, ok := first[f.key()]; ok {
			conflict := func(a, b *float64) bool { return a != nil && b != nil && *a != *b }
			if conflict(g.value, f.value) || conflict(g.growth, f.growth) {
				where := g.file + ":" + g.sheet + "!" + g.cell()
				sr.problems = append(sr.problems, Problem{File: f.file, Sheet: f.sheet, Cell: f.cell(), Value: describeRaw(f),
					Expected: locale.M("ingest.expect.once_at", sheet.Clip(where), describeRaw(g))})
				p.problems = append(p.problems, sr.problems[len(sr.problems)-1])
			} else {
				if g.value == nil && f.value != nil {
					g.value, g.valueText, g.valueRaw, g.valueRef, g.valueSheet, g.valueRd = f.value, f.valueText, f.valueRaw, f.valueRef, f.valueSheet, f.valueRd
					f.mergedInto = g.sheet + "!" + g.cell()
				}
				if g.growth == nil && f.growth != nil {
					g.growth, g.growthText, g.growthRaw, g.growthRef, g.growthSheet, g.growthRd = f.growth, f.growthText, f.growthRaw, f.growthRef, f.growthSheet, f.growthRd
					f.mergedInto = g.sheet + "!" + g.cell()
				}
			}
			f.dropped = true
		} else {
			first[f.key()] = f
		}
		for _, r := range f.ranks {
			k := rk{f.key(), r.by}
			if prev, ok := rankAt[k]; ok {
				if prev.rank != r.rank {
					sr.fail(r.ref, r.raw, "ingest.expect.rank_once", prev.ref, prev.rank)
					p.problems = append(p.problems, sr.problems[len(sr.problems)-1])
				}
				continue
			}
			rankAt[k] = r
			ranks = append(ranks, store.PublishedRank{RegionCode: f.region.Code, IndicatorCode: f.ind.Code, Period: f.period,
				By: r.by, Rank: r.rank, Source: f.file})
		}
	}
	return ranks
}

func describeRaw(f *figure) string {
	d := func(p *float64) string {
		if p == nil {
			return "—"
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	return d(f.value) + " / " + d(f.growth) + "%"
}

// keepStored completes figures with what is stored: a bulletin that does not publish a value
// (—) or a growth leaves the stored one as it is, rather than revising it to nothing.
func (p *prepared) keepStored(ctx context.Context, s *store.Store) error {
	regions, inds, periods := map[string]bool{}, map[string]bool{}, map[string]bool{}
	var partial []*figure
	for _, f := range p.figures {
		if f.dropped || (f.valueText == "" && f.growthText == "") || (f.valueText != "" && f.growthText != "") {
			continue
		}
		partial = append(partial, f)
		regions[f.region.Code], inds[f.ind.Code], periods[f.period] = true, true, true
	}
	if len(partial) == 0 {
		return nil
	}
	stored, err := s.Observations(ctx, store.ObservationQuery{Regions: keys(regions), Indicators: keys(inds), Periods: keys(periods), Brief: true})
	if err != nil {
		return err
	}
	cur := map[obsKeyI]domain.Observation{}
	for _, o := range stored {
		cur[obsKeyI{o.RegionCode, o.IndicatorCode, o.Period}] = o
	}
	for _, f := range partial {
		o, ok := cur[f.key()]
		if !ok {
			continue
		}
		if f.valueText == "" && o.Value != nil {
			f.value, f.valueText, f.keptValue = o.Value, strconv.FormatFloat(*o.Value, 'f', -1, 64), true
		}
		if f.growthText == "" && o.Growth != nil {
			f.growth, f.growthText, f.keptGrowth = o.Growth, strconv.FormatFloat(*o.Growth, 'f', -1, 64), true
		}
	}
	return nil
}

var synthHeader = []string{"region_code", "indicator", "period", "value", "growth", "source"}

// synthesise writes each sheet's figures as a long observation table for Parse, and the cells
// each synthetic cell came from.
func (p *prepared) synthesise() ([]sheet.Table, [][][]string) {
	var out []sheet.Table
	var refs [][][]string
	for i, sr := range p.sheets {
		t := sheet.Table{File: tokenPrefix + strconv.Itoa(i), Rows: [][]string{synthHeader}}
		var rr [][]string
		for _, f := range sr.figures {
			if f.dropped || (f.valueText == "" && f.growthText == "") {
				continue
			}
			t.Rows = append(t.Rows, []string{f.region.Code, f.ind.Code, f.period, f.valueText, f.growthText, f.file})
			rr = append(rr, []string{f.labelRef, f.labelRef, f.periodRef, f.valueRef, f.growthRef, f.labelRef})
		}
		if len(t.Rows) > 1 {
			out = append(out, t)
			refs = append(refs, rr)
		} else {
			out = append(out, sheet.Table{File: t.File}) // blank: Parse skips it
			refs = append(refs, nil)
		}
	}
	return out, refs
}

var synthWhere = regexp.MustCompile(regexp.QuoteMeta(tokenPrefix) + `(\d+):(\d+)`)

// remap turns problems Parse found in synthetic tables into problems at the bulletin's cells.
func (p *prepared) remap(probs Problems, refs [][][]string) Problems {
	cellOf := func(sheetIdx, row, col int) (*sheetResult, string) {
		sr := p.sheets[sheetIdx]
		if row-2 < 0 || row-2 >= len(refs[sheetIdx]) {
			return sr, ""
		}
		r := refs[sheetIdx][row-2]
		if col < 0 || col >= len(r) || r[col] == "" {
			return sr, r[0]
		}
		return sr, r[col]
	}
	replace := func(m locale.Msg) locale.Msg { // the places a message names
		args := make([]any, len(m.Args))
		for i, a := range m.Args {
			if s, ok := a.(string); ok {
				a = synthWhere.ReplaceAllStringFunc(s, func(m string) string {
					sm := synthWhere.FindStringSubmatch(m)
					i, _ := strconv.Atoi(sm[1])
					row, _ := strconv.Atoi(sm[2])
					sr, ref := cellOf(i, row, 0)
					return sr.t.File + ":" + sr.t.Sheet + "!" + ref
				})
			}
			args[i] = a
		}
		return locale.M(m.Key, args...)
	}
	out := make(Problems, 0, len(probs))
	for _, pr := range probs {
		idx, ok := strings.CutPrefix(pr.File, tokenPrefix)
		if !ok {
			pr.Expected = replace(pr.Expected)
			out = append(out, pr)
			continue
		}
		i, _ := strconv.Atoi(idx)
		col := -1
		for k, h := range synthHeader {
			if h == pr.Column {
				col = k
			}
		}
		sr, ref := cellOf(i, pr.Row, col)
		value := pr.Value
		if col == 3 || col == 4 { // show the cell as printed, not as converted
			if row := pr.Row - 2; row >= 0 {
				for _, f := range sr.figures {
					if f.valueRef == ref && col == 3 {
						value = f.valueRaw
					}
					if f.growthRef == ref && col == 4 {
						value = f.growthRaw
					}
				}
			}
		}
		out = append(out, Problem{File: sr.t.File, Sheet: sr.t.Sheet, Cell: ref, Value: value,
			Expected: replace(pr.Expected)})
	}
	return out
}

// PreviewBulletin reads tables as ImportBulletin would and tells, without writing, what would be
// new, what would revise an earlier figure (old → new), what is unchanged and what is skipped
// and why, with every problem, unmapped name and consistency warning. The classification is
// ApplyBatch's own (store.PlanBatch). An error is returned only when the database fails.
func PreviewBulletin(ctx context.Context, s *store.Store, tables []sheet.Table, opt BulletinOptions) (*Preview, error) {
	p, err := prepare(ctx, s, tables, nil, opt)
	if err != nil {
		return nil, err
	}
	pv := &Preview{Problems: p.problems, Unmapped: p.unmapped, Encodings: encodings(tables)}
	for _, sr := range p.sheets {
		pv.Sheets = append(pv.Sheets, sr.info)
	}
	for _, t := range tables {
		if blankTable(t) {
			pv.Sheets = append(pv.Sheets, SheetInfo{File: t.File, Sheet: t.Sheet, Blank: true})
		}
	}
	if len(pv.Unmapped) > 0 {
		if pv.Choices, err = s.Indicators(ctx); err != nil {
			return nil, err
		}
	}
	if err := checkScope(ctx, s, p.batch); err != nil {
		return nil, err // the preview would show another region's targets
	}
	plan, err := s.PlanBatch(ctx, p.batch)
	if err != nil {
		return nil, err
	}
	planOf := map[obsKeyI]store.ObservationPlan{}
	for i := range p.batch.Figures.Len() {
		o := p.batch.Figures.At(i)
		planOf[obsKeyI{o.RegionCode, o.IndicatorCode, o.Period}] = plan.Observations[i]
	}
	for _, rp := range plan.Ranks {
		switch rp.State {
		case store.StateNew:
			pv.Ranks.New++
		case store.StateRevises:
			pv.Ranks.Revised++
		default:
			pv.Ranks.Unchanged++
		}
	}
	for _, sr := range p.sheets {
		for _, f := range sr.figures {
			row := PreviewRow{Kind: KindObservation, File: f.file, Sheet: f.sheet, Cell: f.cell(), Label: f.label, RegionCode: f.region.Code,
				RegionName: f.region.Name, IndicatorCode: f.ind.Code, IndicatorName: f.ind.Name, Unit: f.ind.Unit,
				Period: f.period, Value: f.value, Growth: f.growth}
			row.KeptValue, row.KeptGrowth = f.keptValue, f.keptGrowth
			row.Read = f.trace()
			if len(f.ranks) > 0 {
				r := f.ranks[0].rank
				row.Rank, row.RankBy = &r, f.ranks[0].by
			}
			plan, ok := planOf[f.key()]
			switch {
			case f.dropped && f.mergedInto != "":
				row.State, row.Reason = RowSkipped, locale.M("ingest.skip.merged", f.mergedInto)
			case f.dropped:
				row.State, row.Reason = RowSkipped, locale.M("ingest.skip.duplicate")
			case !ok && f.valueText == "" && f.growthText == "":
				row.State, row.Reason = RowSkipped, locale.M("ingest.skip.rank_only")
			case !ok:
				row.State, row.Reason = RowSkipped, locale.M("ingest.skip.problem")
			case plan.State == store.StateNew:
				row.State = RowNew
			case plan.State == store.StateRevises:
				row.State, row.OldValue, row.OldGrowth = RowRevises, plan.OldValue, plan.OldGrowth
			default:
				row.State = RowUnchanged
			}
			pv.Rows = append(pv.Rows, row)
		}
		pv.Rows = append(pv.Rows, sr.skipped...)
	}
	pv.Rows = append(pv.Rows, p.longRows(plan)...)
	var drops []store.GrowthDrop
	for i := range p.batch.Figures.Len() {
		o := p.batch.Figures.At(i)
		if op := plan.Observations[i]; op.State == store.StateRevises && o.Growth == nil && op.OldGrowth != nil {
			drops = append(drops, store.GrowthDrop{RegionCode: o.RegionCode, IndicatorCode: o.IndicatorCode, Period: o.Period, Growth: *op.OldGrowth})
		}
	}
	for _, r := range pv.Rows {
		switch r.State {
		case RowNew:
			pv.New++
		case RowRevises:
			pv.Revises++
		case RowUnchanged:
			pv.Unchanged++
		default:
			pv.Skipped++
		}
	}
	if pv.Warnings, err = p.warnings(ctx, s); err != nil {
		return nil, err
	}
	pv.Warnings = append(pv.Warnings, p.growthDropped(drops)...)
	return pv, nil
}

// ImportBulletin reads tables (bulletins in the layout opt says, and long-format tables) and
// writes them as one batch, or returns Problems (unmapped names among them) and writes
// nothing. Consistency warnings never block; they are returned with the result. --map entries
// are remembered under each file's source once the write succeeds.
func ImportBulletin(ctx context.Context, s *store.Store, tables []sheet.Table, opt BulletinOptions) (*BulletinResult, error) {
	return importBulletin(ctx, s, tables, nil, opt)
}

// importBulletin is ImportBulletin, with the rows of the tables in later read when parse comes
// to them.
func importBulletin(ctx context.Context, s *store.Store, tables []sheet.Table, later laterRows, opt BulletinOptions) (*BulletinResult, error) {
	res := &BulletinResult{Encodings: encodings(tables)}
	p, err := prepare(ctx, s, tables, later, opt)
	if err != nil {
		return nil, err
	}
	if len(p.problems) > 0 {
		return nil, p.problems
	}
	for _, sr := range p.sheets {
		res.Sheets = append(res.Sheets, sr.info)
	}
	if res.Warnings, err = p.warnings(ctx, s); err != nil {
		return nil, err
	}
	if err := checkScope(ctx, s, p.batch); err != nil {
		return nil, err
	}
	if res.BatchResult, err = s.ApplyBatch(ctx, p.batch); err != nil {
		return nil, err
	}
	res.Warnings = append(res.Warnings, p.growthDropped(res.GrowthDropped)...)
	if len(p.maps) > 0 {
		var sources []string // of the sheets read as bulletins
		seen := map[string]bool{}
		for _, sr := range p.sheets {
			if sr.layout != "" && !seen[sr.info.Source] {
				seen[sr.info.Source] = true
				sources = append(sources, sr.info.Source)
			}
		}
		for _, src := range sources {
			ms := make([]store.NameMapping, len(p.maps))
			for i, m := range p.maps {
				m.Source = src
				ms[i] = m
			}
			n, err := s.RememberMappings(ctx, src, opt.Actor, opt.SourceIP, ms)
			if err != nil {
				return res, fmt.Errorf("数据已写入，但记住名称对应关系失败: %w", err)
			}
			res.Remembered += n
		}
		res.Sources = sources
	}
	return res, nil
}

// ImportBulletinFiles reads files and imports them with ImportBulletin; a file that cannot be
// read is a problem and nothing is written.
func ImportBulletinFiles(ctx context.Context, s *store.Store, paths []string, opt BulletinOptions) (*BulletinResult, error) {
	layout := opt.Layout
	if layout == "" {
		layout = LayoutAuto
	}
	var later laterRows
	if layout == LayoutLong || layout == LayoutAuto {
		later = laterRows{}
	}
	tables, err := readFilesLater(ctx, paths, opt.Limits, later)
	if err != nil {
		return nil, err
	}
	return importBulletin(ctx, s, tables, later, opt)
}

// laterRows are the long-format CSV tables of an import whose rows are read again when parse
// comes to them, by their header row: the table read first keeps its header only. So a national
// import's files (millions of rows, 140 bytes a row as text) are never all in memory at once,
// only the file being checked.
type laterRows map[*[]string]laterFile

// laterFile is where a table of laterRows is read again from, and how many rows it had.
type laterFile struct {
	path string
	rows int
	lim  sheet.Limits
}

// rows reads t's rows again, or returns a problem when the file is no longer what was read
// first (another header or number of rows) or cannot be read.
func (l laterRows) rows(t *sheet.Table) ([][]string, *Problem) {
	at, ok := l[&t.Rows[0]]
	if !ok {
		return t.Rows, nil
	}
	ts, err := sheet.ReadFile(at.path, at.lim)
	if err != nil {
		p := FileProblem(t.File, err)
		return nil, &p
	}
	if len(ts) != 1 || len(ts[0].Rows) != at.rows || !slices.Equal(ts[0].Rows[0], t.Rows[0]) {
		return nil, &Problem{File: t.File, Message: locale.M("ingest.file.changed")}
	}
	return ts[0].Rows, nil
}

// count says how many rows t has, those to be read again too.
func (l laterRows) count(t *sheet.Table) int {
	if at, ok := l[&t.Rows[0]]; ok {
		return at.rows
	}
	return len(t.Rows)
}

// readFilesLater is readFiles, keeping in later (when not nil) the long-format observation CSV
// tables to read again when parsed, with their header only.
func readFilesLater(ctx context.Context, paths []string, lim sheet.Limits, later laterRows) ([]sheet.Table, error) {
	if lim == (sheet.Limits{}) {
		lim = sheet.DefaultLimits()
	}
	var tables []sheet.Table
	var probs Problems
	for _, path := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ts, err := sheet.ReadFile(path, lim)
		if err != nil {
			probs = append(probs, FileProblem(filepath.Base(path), err))
			continue
		}
		if later != nil && len(ts) == 1 && ts[0].Sheet == "" && len(ts[0].Rows) > 1 {
			if rt, prob := recognise(ts[0]); prob == nil && rt.format == Observations {
				// A new array of one row: the header sliced from the rows read would keep them all.
				n := len(ts[0].Rows)
				ts[0].Rows = [][]string{ts[0].Rows[0]}
				later[&ts[0].Rows[0]] = laterFile{path: path, rows: n, lim: lim}
			}
		}
		tables = append(tables, ts...)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return tables, nil
}

func readFiles(ctx context.Context, paths []string, lim sheet.Limits) ([]sheet.Table, error) {
	return readFilesLater(ctx, paths, lim, nil)
}
