package domain

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"time"
)

// FigureBasis says where a figure comes from: the statistics bureau (official) or a register
// (key projects, attraction leads, enterprises). Both are kept for the same region, indicator and
// period; an indicator's basis says which one counts when both exist.
type FigureBasis string

const (
	BasisOfficial FigureBasis = "official" // 统计局: the default
	BasisRegister FigureBasis = "register" // 台账
)

// Valid reports whether b is one of the two bases.
func (b FigureBasis) Valid() bool { return b == BasisOfficial || b == BasisRegister }

// SourceRegister is the Source of a register figure read as an observation (scorecards show it).
const SourceRegister = "register"

// The registers that derive figures.
const (
	RegisterProjects    = "projects"
	RegisterLeads       = "leads"
	RegisterEnterprises = "enterprises"
)

// registerMeasures lists, per register, what a sum may add up, and registerFilters the columns a
// filter may select on.
var registerMeasures = map[string][]string{
	// completed: the cumulative completed investment of the year (亿元); planned: the annual
	// plans of the year (亿元); count: the projects.
	RegisterProjects: {"completed", "planned", "count"},
	// count and investment (亿元) of the leads counted as attracted (at or past 签约, ≥ 1亿,
	// signed in the year up to the period's end; 终止 never).
	RegisterLeads: {"count", "investment"},
	// new_above_scale: firms registered above scale (规上入库) in the year up to the period's end;
	// count: the firms; output and tax (亿元): their sums.
	RegisterEnterprises: {"new_above_scale", "count", "output", "tax"},
}

var registerFilters = map[string][]string{
	RegisterProjects:    {"level", "category", "stage"},
	RegisterLeads:       {"industry", "source_region", "team"},
	RegisterEnterprises: {"industry", "title"},
}

// Registers lists the registers that derive figures.
func Registers() []string { return []string{RegisterProjects, RegisterLeads, RegisterEnterprises} }

// RegisterMeasures lists what a sum over register may add up (nil for an unknown register).
func RegisterMeasures(register string) []string { return registerMeasures[register] }

// RegisterFilterKeys lists the columns a filter over register may select on.
func RegisterFilterKeys(register string) []string { return registerFilters[register] }

// RegisterFigure is a figure a register derives for an indicator: the cumulative value from
// January to Period (YYYY-MM) of Region, in the indicator's unit. It is stored beside the
// bureau's observation of the same key, never in its place; every revision is kept.
type RegisterFigure struct {
	Region    string
	Indicator string
	Period    string
	Value     float64
	Growth    *float64 // a published growth, when the register has one (usually nil)
	Register  string   // projects | leads | enterprises
	Note      string
	Sample    bool // 示例: some row the register summed is marked 示例 (invented, e.g. the demo's)

	// Set when read back.
	Revision   int
	Current    bool
	RecordedAt time.Time
	RecordedBy string
}

var figPeriodRE = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)

// Validate checks a figure before it is recorded.
func (f RegisterFigure) Validate() error {
	switch {
	case f.Region == "":
		return E(EINVALID, "figures.region_missing")
	case f.Indicator == "":
		return E(EINVALID, "figures.indicator_missing")
	case !figPeriodRE.MatchString(f.Period):
		return E(EINVALID, "err.period.invalid", f.Period)
	case registerMeasures[f.Register] == nil:
		return E(EINVALID, "figures.bad_register", f.Register, strings.Join(Registers(), "、"))
	case math.IsNaN(f.Value) || math.IsInf(f.Value, 0):
		return E(EINVALID, "figures.bad_value", f.Indicator, f.Region, f.Period)
	case f.Growth != nil && (math.IsNaN(*f.Growth) || math.IsInf(*f.Growth, 0)):
		return E(EINVALID, "figures.bad_value", f.Indicator, f.Region, f.Period)
	}
	return nil
}

// Observation is f read as an observation with source "register", for the arithmetic.
func (f RegisterFigure) Observation() Observation {
	v := f.Value
	return Observation{RegionCode: f.Region, IndicatorCode: f.Indicator, Period: f.Period, Value: &v, Growth: f.Growth,
		Source: SourceRegister, Note: f.Note, Sample: f.Sample, Revision: f.Revision, Current: f.Current, RecordedAt: f.RecordedAt, RecordedBy: f.RecordedBy}
}

// RegisterSum says that an indicator's register figure is a sum over a register: Measure (what is
// added up, RegisterMeasures) over the rows Filter selects ("" for all; else key=value pairs
// joined by ";", e.g. "category=工业"), for a region including its towns.
type RegisterSum struct {
	Indicator string
	Register  string
	Measure   string
	Filter    string
	BuiltIn   bool // one of BuiltInRegisterSums, not an analyst's link
}

// BuiltInRegisterSums are the sums issue 12 names: the figures the registers always derive.
// An analyst's link for the same indicator replaces the built-in one.
func BuiltInRegisterSums() []RegisterSum {
	return []RegisterSum{
		{Indicator: "key_project_investment", Register: RegisterProjects, Measure: "completed", BuiltIn: true},
		{Indicator: "attracted_projects", Register: RegisterLeads, Measure: "count", BuiltIn: true},
		{Indicator: "attracted_investment", Register: RegisterLeads, Measure: "investment", BuiltIn: true},
		{Indicator: "new_above_scale_industrial", Register: RegisterEnterprises, Measure: "new_above_scale", BuiltIn: true},
	}
}

// RegisterSums is every register sum that feeds an indicator: the built-in ones with links (an
// analyst's), a link replacing the built-in sum of the same indicator; by indicator code.
func RegisterSums(links []RegisterSum) []RegisterSum {
	by := map[string]RegisterSum{}
	for _, b := range BuiltInRegisterSums() {
		by[b.Indicator] = b
	}
	for _, l := range links {
		by[l.Indicator] = l
	}
	out := make([]RegisterSum, 0, len(by))
	for _, v := range by {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Indicator < out[j].Indicator })
	return out
}

// Validate checks a link: a known register, one of its measures, and a filter on its columns.
func (s RegisterSum) Validate() error {
	if s.Indicator == "" {
		return E(EINVALID, "figures.indicator_missing")
	}
	ms := registerMeasures[s.Register]
	if ms == nil {
		return E(EINVALID, "figures.bad_register", s.Register, strings.Join(Registers(), "、"))
	}
	if !figHas(ms, s.Measure) {
		return E(EINVALID, "figures.bad_measure", s.Measure, s.Register, strings.Join(ms, "、"))
	}
	_, err := ParseRegisterFilter(s.Register, s.Filter)
	return err
}

// Conditions is the filter as column → value (empty for all rows).
func (s RegisterSum) Conditions() map[string]string {
	m, _ := ParseRegisterFilter(s.Register, s.Filter)
	return m
}

// ParseRegisterFilter reads a filter over register: "" or key=value pairs joined by ";", each key
// a column of RegisterFilterKeys(register), each once, values not empty.
func ParseRegisterFilter(register, filter string) (map[string]string, error) {
	out := map[string]string{}
	keys := registerFilters[register]
	for _, part := range strings.Split(filter, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || v == "" || !figHas(keys, k) {
			return nil, E(EINVALID, "figures.bad_filter", part, register, strings.Join(keys, "、"))
		}
		if _, dup := out[k]; dup {
			return nil, E(EINVALID, "figures.bad_filter", part, register, strings.Join(keys, "、"))
		}
		out[k] = v
	}
	return out, nil
}

// CanonicalFilter writes conditions back as a filter, keys sorted: the form links are stored in.
func CanonicalFilter(conds map[string]string) string {
	ks := make([]string, 0, len(conds))
	for k := range conds {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = k + "=" + conds[k]
	}
	return strings.Join(parts, ";")
}

// CountingFigure picks, of the official and register figures of one key (either may be absent),
// the one that counts under basis: the chosen basis when it has a figure, else the other.
// It returns the figure and the basis it came from; ok is false when neither exists.
func CountingFigure(basis FigureBasis, official, register *Observation) (Observation, FigureBasis, bool) {
	first, second := official, register
	fb, sb := BasisOfficial, BasisRegister
	if basis == BasisRegister {
		first, second, fb, sb = register, official, BasisRegister, BasisOfficial
	}
	switch {
	case first != nil:
		return *first, fb, true
	case second != nil:
		return *second, sb, true
	}
	return Observation{}, "", false
}

func figHas(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
