package ingest

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// Format is the kind of long file, recognised by its header.
type Format string

const (
	Observations Format = "observations"
	Targets      Format = "targets"
	Indicators   Format = "indicators"
)

// columns lists each format's required columns (in the contract order) and optional ones.
var columns = map[Format]struct{ required, optional []string }{
	Observations: {[]string{"region_code", "indicator", "period", "value", "growth"}, []string{"region_name", "indicator_name", "year", "source", "note", "sample"}},
	Targets:      {[]string{"region_code", "indicator", "year", "tier", "value", "growth"}, []string{"region_name", "indicator_name", "source", "sample"}},
	Indicators: {[]string{"code", "name", "unit", "kind", "direction", "precision"},
		[]string{"name_en", "mode", "tolerance", "growth_tolerance", "owner_unit", "comparable_price", "frequency"}},
}

// Catalogue is what validation checks codes against.
type Catalogue struct {
	Regions    map[string]domain.Region
	Indicators map[string]domain.Indicator
	Units      map[string]domain.Unit // retired ones too
	// Home is the home county's code (setting home_region), "" when unset: a region name that
	// fits several regions resolves to the one in the home county's prefecture.
	Home string
	// Scope is the importing account's region scope (issue 16): a row of a region outside it is
	// a problem of that row. The whole deployment when empty.
	Scope domain.Scope
}

// covers reports whether the catalogue's scope covers region code (the scope's region or one
// below it).
func (c Catalogue) covers(code string) bool {
	if c.Scope.Whole() {
		return true
	}
	for range 8 { // province, prefecture, county, town: a chain is never longer
		if code == c.Scope.Region {
			return true
		}
		r, ok := c.Regions[code]
		if !ok || r.Parent == "" {
			return false
		}
		code = r.Parent
	}
	return false
}

// scopeLabel names the catalogue's scope: 新会区（440705）.
func (c Catalogue) scopeLabel() locale.Msg { return c.Scope.Label(c.Regions) }

// LoadCatalogue reads the regions and indicators a store knows.
func LoadCatalogue(ctx context.Context, s *store.Store) (Catalogue, error) {
	c := Catalogue{Regions: map[string]domain.Region{}, Indicators: map[string]domain.Indicator{}, Units: map[string]domain.Unit{},
		Scope: domain.ScopeOf(ctx)}
	regions, err := s.Regions(ctx)
	if err != nil {
		return c, err
	}
	for _, r := range regions {
		c.Regions[r.Code] = r
	}
	inds, err := s.Indicators(ctx)
	if err != nil {
		return c, err
	}
	for _, i := range inds {
		c.Indicators[i.Code] = i
	}
	units, err := s.AllUnits(ctx, "")
	if err != nil {
		return c, err
	}
	for _, u := range units {
		c.Units[u.Code] = u
	}
	settings, err := s.Settings(ctx)
	if err != nil {
		return c, err
	}
	c.Home = settings["home_region"]
	return c, nil
}

// table is one recognised table with its column positions.
type table struct {
	sheet.Table
	format  Format
	col     map[string]int
	multi   bool // the workbook has several tables: name the sheet in problems
	fromXLS bool
}

// Parse checks every table of one command against the catalogue and returns the batch to write,
// or every problem found. Indicator definitions apply to the other tables of the same command.
func Parse(tables []sheet.Table, cat Catalogue) (store.Batch, Problems) {
	b, _, probs := parse(context.Background(), tables, nil, cat)
	b.Observations, b.Figures = b.Figures.All(), nil
	return b, probs
}

// origin is where an observation of a batch was read: its file, sheet (when its workbook has
// several tables) and spreadsheet row.
type origin struct {
	file, sheet string
	row         int32
	multi       bool   // the workbook has several tables (sheet is then named in problems)
	regionName  string // the row's region_name cell, when the table has one
}

// where names the file, sheet and row of o, as seenAt.where does.
func (o origin) where() string {
	w := o.file
	if o.multi {
		w += "[" + o.sheet + "]"
	}
	return w + ":" + strconv.Itoa(int(o.row))
}

// parseCheckEvery is how many rows parse reads between two looks at its context.
const parseCheckEvery = 4096

// origins is where each figure of a batch was read, 12 bytes a figure: its table (file, sheet)
// and region name kept once each.
type origins struct {
	tables []origin // file, sheet and multi of each table read
	names  []string // the region names read; names[0] is ""
	nameID map[string]int32
	rows   []originRow
}

type originRow struct{ table, row, name int32 }

func newOrigins(n int) *origins {
	return &origins{names: []string{""}, nameID: map[string]int32{"": 0}, rows: make([]originRow, 0, n)}
}

// Len says how many figures os tells of.
func (os *origins) Len() int {
	if os == nil {
		return 0
	}
	return len(os.rows)
}

// At returns where the i-th figure was read.
func (os *origins) At(i int) origin {
	r := os.rows[i]
	o := os.tables[r.table]
	o.row, o.regionName = r.row, os.names[r.name]
	return o
}

// add records that the next figure was read at o.
func (os *origins) add(o origin) {
	if n := len(os.tables); n == 0 || os.tables[n-1] != (origin{file: o.file, sheet: o.sheet, multi: o.multi}) {
		os.tables = append(os.tables, origin{file: o.file, sheet: o.sheet, multi: o.multi})
	}
	name, ok := os.nameID[o.regionName]
	if !ok {
		name = int32(len(os.names))
		o.regionName = strings.Clone(o.regionName)
		os.names = append(os.names, o.regionName)
		os.nameID[o.regionName] = name
	}
	os.rows = append(os.rows, originRow{int32(len(os.tables) - 1), o.row, name})
}

// parse is Parse, with the observations as b.Figures (compact, found by key with Find), also
// telling where each was read (origins.At(i) for figure i). It stops when ctx is done (the
// caller tells ctx's error; the batch is then empty).
func parse(ctx context.Context, tables []sheet.Table, later laterRows, cat Catalogue) (store.Batch, *origins, Problems) {
	tables = showPercents(tables) // a growth of 0.058 under 0.0% is 5.8, as the cell shows
	var b store.Batch
	var origins *origins
	var probs Problems
	var recognised []*table
	perFile := map[string]int{}
	for _, t := range tables {
		if !blankTable(t) {
			perFile[t.File]++
		}
	}
	for _, t := range tables {
		if blankTable(t) {
			continue
		}
		rt, p := recognise(t)
		if p != nil {
			probs = append(probs, *p)
			continue
		}
		rt.multi = perFile[t.File] > 1
		recognised = append(recognised, rt)
	}
	// Definitions first, then units, so the other tables of the same command may use them.
	rank := map[Format]int{Indicators: 0, UnitsFile: 1}
	sort.SliceStable(recognised, func(i, j int) bool {
		ri, ok := rank[recognised[i].format]
		if !ok {
			ri = 2
		}
		rj, ok := rank[recognised[j].format]
		if !ok {
			rj = 2
		}
		return ri < rj
	})
	inds := map[string]domain.Indicator{}
	for k, v := range cat.Indicators {
		inds[k] = v
	}
	cat.Indicators = inds
	units := map[string]domain.Unit{}
	for k, v := range cat.Units {
		units[k] = v
	}
	cat.Units = units
	for _, t := range recognised {
		if t.format == UnitsFile {
			cat.Regions = copyRegions(cat.Regions) // a units file may add towns
			break
		}
	}
	var owners []ownerAt
	seen := map[string]seenAt{} // key → where first seen, for duplicates across files
	// The observations are made room for at once, as many as the observation tables have rows:
	// grown by appending, the batch and its origins were, near the end, copied into new
	// arrays twice their size, the old kept until the copy was done.
	n := 0
	for _, t := range recognised {
		if t.format == Observations {
			n += later.count(&t.Table) - 1
		}
	}
	b.Figures, origins = store.NewFigures(n), newOrigins(n)
	obs := &parsedObs{batch: &b, origins: origins, strs: map[string]string{}}
	for k, t := range recognised {
		recognised[k] = nil // the table's rows may go once read: nothing kept refers to them
		rows, p := later.rows(&t.Table)
		if p != nil {
			probs = append(probs, *p)
			continue
		}
		t.Rows = rows
		r := rowReader{t: t, seen: seen, obs: obs, cat: cat, names: indicatorNames(cat), regions: regionsOf(cat)}
		for row := 1; row < len(t.Rows); row++ {
			if row%parseCheckEvery == 0 && ctx.Err() != nil {
				return store.Batch{}, nil, Problems{FileProblem(t.File, ctx.Err())}
			}
			if blankRow(t.Rows[row]) {
				continue
			}
			r.row = row
			switch t.format {
			case Indicators:
				if ind, ok := r.indicator(); ok {
					b.Indicators = append(b.Indicators, ind)
					cat.Indicators[ind.Code] = ind
					if o := r.cell("owner_unit"); o != "" {
						at := Problem{File: t.File, Row: row + 1, Column: "owner_unit", Value: o}
						if t.multi {
							at.Sheet = t.Sheet
						}
						owners = append(owners, ownerAt{indicator: ind.Code, unit: o, at: at})
					}
				}
			case UnitsFile:
				if u, town, as, ok := r.unitRow(); ok {
					if _, dup := cat.Units[u.Code]; !dup {
						b.Units = append(b.Units, u)
						cat.Units[u.Code] = u
					}
					if town != nil {
						if _, known := cat.Regions[town.Code]; !known {
							b.Regions = append(b.Regions, *town)
							cat.Regions[town.Code] = *town
						}
					}
					b.Assignments = append(b.Assignments, as...)
				}
			case Targets:
				if tg, ok := r.target(); ok {
					b.Targets = append(b.Targets, tg)
				}
			case Observations:
				if o, ok := r.observation(); ok {
					sheetName := ""
					if t.multi {
						sheetName = t.Sheet
					}
					b.Figures.Add(o)
					origins.add(origin{t.File, sheetName, int32(row + 1), t.multi, strings.TrimSpace(r.cell("region_name"))})
				}
			}
		}
		probs = append(probs, r.probs...)
	}
	probs = append(probs, ownerUnits(&b, owners, cat)...)
	return b, origins, probs
}

// parsedObs is the observations parse has kept so far, for the rows after them (a figure given
// twice is found in the batch, and named by its origin), and one copy of each period and source
// read: a batch holds no string of the cells it was read from, so the tables read may go once
// parsed.
type parsedObs struct {
	batch   *store.Batch
	origins *origins
	strs    map[string]string
}

// intern returns s, or the equal string kept before.
func (p *parsedObs) intern(s string) string {
	if k, ok := p.strs[s]; ok {
		return k
	}
	s = strings.Clone(s)
	p.strs[s] = s
	return s
}

// clone returns a copy of s not sharing the cell's memory ("" as it is).
func (p *parsedObs) clone(s string) string {
	if s == "" {
		return ""
	}
	return strings.Clone(s)
}

func copyRegions(m map[string]domain.Region) map[string]domain.Region {
	out := make(map[string]domain.Region, len(m)+8)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// IsLongTable reports whether t's header is one the long layout reads (observations, targets,
// indicators, units; English or Chinese headers): a statistics file, whatever register file comes
// with it.
func IsLongTable(t sheet.Table) bool {
	if len(t.Rows) == 0 {
		return false
	}
	_, p := recognise(t)
	return p == nil
}

func recognise(t sheet.Table) (*table, *Problem) {
	header := t.Rows[0]
	col := map[string]int{}
	for i, h := range header {
		h = headerName(h)
		if h != "" {
			if _, dup := col[h]; !dup {
				col[h] = i
			}
		}
	}
	for _, f := range []Format{Observations, Targets, Indicators, UnitsFile} {
		ok := true
		for _, c := range columns[f].required {
			if !hasColumn(col, c) {
				ok = false
				break
			}
		}
		if ok {
			return &table{Table: t, format: f, col: col, fromXLS: t.Sheet != ""}, nil
		}
	}
	return nil, &Problem{File: t.File, Sheet: t.Sheet, Row: 1, Value: strings.Join(header, ","),
		Expected: locale.M("ingest.expect.header")}
}

type rowReader struct {
	t     *table
	row   int
	cat   Catalogue
	seen  map[string]seenAt
	obs   *parsedObs // observations are checked for duplicates against these, not seen
	probs Problems
	// names maps cleaned indicator names and aliases to codes; regions finds regions by name.
	names   map[string]string
	regions *regionIndex
}

// seenAt is where a key was first seen in a command, and with which figures.
type seenAt struct {
	t       *table
	row     int
	figures string
}

func (r *rowReader) cell(name string) string {
	i, ok := r.t.col[name]
	if !ok || i >= len(r.t.Rows[r.row]) {
		return ""
	}
	return strings.TrimSpace(r.t.Rows[r.row][i])
}

// fail records a problem at column of the current row: value, where the catalogue entry key
// (formatted with args) says what was expected.
func (r *rowReader) fail(column, value, key string, args ...any) {
	r.problem(column, value, locale.M(key, args...))
}

func (r *rowReader) problem(column, value string, expected locale.Msg) {
	p := Problem{File: r.t.File, Row: r.row + 1, Column: r.t.written(column), Value: value, Expected: expected}
	if r.t.multi {
		p.Sheet = r.t.Sheet
	}
	r.probs = append(r.probs, p)
}

func (at seenAt) where() string {
	w := at.t.File
	if at.t.multi {
		w += "[" + at.t.Sheet + "]"
	}
	return w + ":" + strconv.Itoa(at.row+1)
}

func (r *rowReader) number(column string) (*float64, bool) {
	v, err := ParseNumber(r.cell(column))
	if err != nil {
		r.fail(column, r.cell(column), "ingest.expect.number")
		return nil, false
	}
	return v, true
}

// inUnit states v in the indicator's unit when the value column's header names another one
// (累计值(万元) for an indicator in 亿元: 1,234,500 → 123.45), the way the bulletin reader does; a
// unit that cannot be converted (千美元 for 亿元) is a problem, never a figure 10,000 times too big.
func (r *rowReader) inUnit(v *float64, ind domain.Indicator) (*float64, bool) {
	i, ok := r.t.col["value"]
	if v == nil || !ok || i >= len(r.t.Rows[0]) {
		return v, true
	}
	u := unitIn(r.t.Rows[0][i])
	if u == "" || u == "%" || ind.Unit == "" || u == ind.Unit {
		return v, true
	}
	shift, ok := convertible(u, ind.Unit)
	if !ok {
		r.fail("value", r.cell("value"), "long.expect.unit", ind.Unit, u)
		return nil, false
	}
	w, err := ParseNumber(shiftDecimal(r.cell("value"), shift))
	if err != nil || w == nil {
		r.fail("value", r.cell("value"), "ingest.expect.number")
		return nil, false
	}
	return w, true
}

func (r *rowReader) figures() (v, g *float64, ok bool) {
	v, okV := r.number("value")
	g, okG := r.number("growth")
	if !okV || !okG {
		return nil, nil, false
	}
	if v == nil && g == nil {
		r.fail("value", "", "ingest.expect.value_or_growth")
		return nil, nil, false
	}
	if g != nil && *g <= -100 {
		r.fail("growth", r.cell("growth"), "ingest.expect.growth")
		return nil, nil, false
	}
	return v, g, true
}

func (r *rowReader) sample() bool {
	switch strings.ToLower(r.cell("sample")) {
	case "1", "true", "yes", "y", "示例", "是":
		return true
	}
	return false
}

func (r *rowReader) source() string {
	if s := r.cell("source"); s != "" {
		return s
	}
	return r.t.File
}

// duplicate reports a key seen before in this command with different figures.
func (r *rowReader) duplicate(key, figures, column, value string) bool {
	if prev, ok := r.seen[key]; ok {
		if prev.figures != figures {
			at := prev.where()
			r.fail(column, value, "ingest.expect.once", at)
		}
		return true
	}
	r.seen[key] = seenAt{r.t, r.row, figures}
	return false
}

func (r *rowReader) observation() (domain.Observation, bool) {
	region, okR := r.region()
	ind, okI := r.indicatorCode()
	period, okP := r.period()
	if !okP {
		r.fail("period", r.cell("period"), "ingest.expect.period_long")
	}
	v, g, okF := r.figures()
	if !okR || !okI || !okP || !okF {
		return domain.Observation{}, false
	}
	if v, okF = r.inUnit(v, ind); !okF {
		return domain.Observation{}, false
	}
	if r.cat.Regions[region].Code == region {
		region = r.cat.Regions[region].Code // the catalogue's own string, not the cell's
	}
	period = r.obs.intern(period)
	if i, seen := r.obs.batch.Figures.Find(region, ind.Code, period); seen {
		if prev := r.obs.batch.Figures.At(i); describe(prev.Value, prev.Growth) != describe(v, g) {
			r.fail("period", r.cell("period"), "ingest.expect.once", r.obs.origins.At(i).where())
		}
		return domain.Observation{}, false
	}
	return domain.Observation{RegionCode: region, IndicatorCode: ind.Code, Period: period, Value: v, Growth: g,
		Source: r.obs.intern(r.source()), Note: r.obs.clone(r.cell("note")), Sample: r.sample()}, true
}

var tiers = map[string]domain.Tier{
	"assigned": domain.Assigned, "下达": domain.Assigned, "下达目标": domain.Assigned,
	"stretch": domain.Stretch, "自我加压": domain.Stretch, "奋斗": domain.Stretch, "奋斗目标": domain.Stretch, "自我加压目标": domain.Stretch,
}

func (r *rowReader) target() (domain.Target, bool) {
	region, okR := r.region()
	ind, okI := r.indicatorCode()
	year, okY := ParseYear(r.cell("year"))
	if !okY {
		r.fail("year", r.cell("year"), "ingest.expect.year")
	}
	tier, okT := tiers[strings.ToLower(strings.TrimSuffix(normalise(r.cell("tier")), "目标"))]
	if !okT {
		tier, okT = tiers[strings.ToLower(normalise(r.cell("tier")))]
	}
	if !okT {
		r.fail("tier", r.cell("tier"), "ingest.expect.tier")
	}
	v, g, okF := r.figures()
	if !okR || !okI || !okY || !okT || !okF {
		return domain.Target{}, false
	}
	if v, okF = r.inUnit(v, ind); !okF {
		return domain.Target{}, false
	}
	t := domain.Target{RegionCode: region, IndicatorCode: ind.Code, Year: year, Tier: tier, Value: v, Growth: g,
		Source: r.source(), Sample: r.sample()}
	if !r.valid(t.Problems(ind)) {
		return domain.Target{}, false
	}
	if r.duplicate(fmt.Sprintf("t\x00%s\x00%s\x00%d\x00%s", region, ind.Code, year, tier), describe(v, g), "tier", r.cell("tier")) {
		return domain.Target{}, false
	}
	return t, true
}

// valid records a problem at the cell of each rule a record breaks (domain's rules, the same the
// forms apply), and reports whether there were none.
func (r *rowReader) valid(errs []*domain.FieldError) bool {
	for _, e := range errs {
		r.problem(e.Field, r.cell(e.Field), e.Expected)
	}
	return len(errs) == 0
}

var codePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

func (r *rowReader) indicator() (domain.Indicator, bool) {
	ok := true
	ind := domain.Indicator{Code: strings.ToLower(r.cell("code")), Name: r.cell("name"), NameEN: r.cell("name_en"),
		Unit: r.cell("unit"), OwnerUnit: r.cell("owner_unit"), Tolerance: 5, GrowthTolerance: 1, Mode: domain.Linear}
	if old, known := r.cat.Indicators[ind.Code]; known {
		ind.Tolerance, ind.GrowthTolerance, ind.Mode, ind.NameEN, ind.OwnerUnit = old.Tolerance, old.GrowthTolerance, old.Mode, old.NameEN, old.OwnerUnit
		ind.ComparablePrice, ind.Frequency = old.ComparablePrice, old.Frequency
		if v := r.cell("name_en"); v != "" {
			ind.NameEN = v
		}
		if v := r.cell("owner_unit"); v != "" {
			ind.OwnerUnit = v
		}
	}
	if !codePattern.MatchString(ind.Code) {
		r.fail("code", r.cell("code"), "ingest.expect.code")
		ok = false
	}
	if ind.Name == "" {
		r.fail("name", "", "ingest.expect.name")
		ok = false
	}
	if ind.Unit == "" {
		r.fail("unit", "", "ingest.expect.unit")
		ok = false
	}
	switch k := domain.IndicatorKind(strings.ToLower(r.cell("kind"))); k {
	case domain.KindFlow, domain.KindCount, domain.KindStock, domain.KindRate, domain.KindLevel:
		ind.Kind = k
	default:
		r.fail("kind", r.cell("kind"), "ingest.expect.kind")
		ok = false
	}
	switch d := domain.Direction(strings.ToLower(r.cell("direction"))); d {
	case domain.Up, domain.Down:
		ind.Direction = d
	default:
		r.fail("direction", r.cell("direction"), "ingest.expect.direction")
		ok = false
	}
	p, err := strconv.Atoi(strings.TrimSuffix(r.cell("precision"), ".0"))
	if err != nil || p < 0 || p > 6 {
		r.fail("precision", r.cell("precision"), "ingest.expect.precision")
		ok = false
	}
	ind.Precision = p
	if m := strings.ToLower(r.cell("mode")); m != "" {
		switch domain.TimeProgressMode(m) {
		case domain.Linear, domain.Seasonal:
			ind.Mode = domain.TimeProgressMode(m)
		default:
			r.fail("mode", r.cell("mode"), "ingest.expect.mode")
			ok = false
		}
	}
	switch f := domain.Frequency(strings.ToLower(r.cell("frequency"))); f {
	case "":
	case domain.Monthly, domain.Quarterly, domain.HalfYearly, domain.Yearly:
		ind.Frequency = f
	default:
		r.fail("frequency", r.cell("frequency"), "ingest.expect.frequency")
		ok = false
	}
	switch strings.ToLower(r.cell("comparable_price")) {
	case "":
	case "1", "true", "yes", "y", "是", "可比价":
		ind.ComparablePrice = true
	case "0", "false", "no", "n", "否", "现价":
		ind.ComparablePrice = false
	default:
		r.fail("comparable_price", r.cell("comparable_price"), "ingest.expect.comparable_price")
		ok = false
	}
	for _, c := range []struct {
		col string
		dst *float64
	}{{"tolerance", &ind.Tolerance}, {"growth_tolerance", &ind.GrowthTolerance}} {
		if v, good := r.number(c.col); !good {
			ok = false
		} else if v != nil {
			if *v < 0 {
				r.fail(c.col, r.cell(c.col), "ingest.expect.tolerance")
				ok = false
			}
			*c.dst = *v
		}
	}
	if ok && r.duplicate("i\x00"+ind.Code, describeIndicator(ind), "code", r.cell("code")) {
		return ind, false
	}
	return ind, ok
}

func describe(v, g *float64) string {
	f := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return strconv.FormatFloat(*p, 'g', -1, 64)
	}
	return f(v) + "/" + f(g)
}

func describeIndicator(i domain.Indicator) string { return fmt.Sprintf("%+v", i) }

func blankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func blankTable(t sheet.Table) bool {
	for _, row := range t.Rows {
		if !blankRow(row) {
			return false
		}
	}
	return true
}
