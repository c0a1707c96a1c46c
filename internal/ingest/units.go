package ingest

import (
	"errors"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/store"
)

// UnitsFile is the units file: code,name,region_code,kind[,indicators] — departments and towns
// and what each reports (indicator codes separated by commas, semicolons, 、 or spaces). A unit
// already in the database is kept as it is (renamed on the /units page); its indicators are added.
const UnitsFile Format = "units"

func init() {
	columns[UnitsFile] = struct{ required, optional []string }{
		[]string{"code", "name", "region_code", "kind"}, []string{"indicators"}}
}

// unitKinds are the Chinese names of the unit kinds (units.kind.* in the catalogue), as the
// /units download writes them.
var unitKinds = map[string]string{"部门": domain.UnitDepartment, "镇街": domain.UnitTown, "镇": domain.UnitTown, "街道": domain.UnitTown}

// unitRow reads a units-file row through the units rules of domain (the /units page and
// `pacer unit add` apply the same): the unit, the town to add with it, what it reports.
func (r *rowReader) unitRow() (domain.Unit, *domain.Region, []store.Assignment, bool) {
	u := domain.Unit{Code: r.cell("code"), Name: r.cell("name"), RegionCode: normalise(r.cell("region_code")),
		Kind: strings.ToLower(r.cell("kind"))}
	if k, ok := unitKinds[u.Kind]; ok {
		u.Kind = k
	}
	if u.Kind == "" {
		u.Kind = domain.UnitDepartment
	}
	if err := u.Validate(); err != nil {
		r.unitProblem(err, u)
		return u, nil, nil, false
	}
	reg, ok := r.cat.Regions[u.RegionCode]
	if !ok {
		r.fail("region_code", r.cell("region_code"), "ingest.expect.region")
		return u, nil, nil, false
	}
	var towns []domain.Region
	if u.Kind == domain.UnitTown && reg.Level == domain.LevelCounty {
		for _, t := range r.cat.Regions {
			if t.Parent == reg.Code {
				towns = append(towns, t)
			}
		}
	}
	u, town, err := domain.PlaceUnit(u, reg, towns)
	if err != nil {
		r.unitProblem(err, u)
		return u, nil, nil, false
	}
	if old, ok := r.cat.Units[u.Code]; ok {
		u = old // kept as it is
	}
	var as []store.Assignment
	ok = true
	for _, c := range strings.FieldsFunc(r.cell("indicators"), func(c rune) bool {
		return c == ',' || c == ';' || c == '，' || c == '；' || c == '、' || c == ' ' || c == '|'
	}) {
		c = strings.ToLower(c)
		if _, known := r.cat.Indicators[c]; !known {
			r.fail("indicators", c, "ingest.expect.indicator")
			ok = false
			continue
		}
		as = append(as, store.Assignment{UnitCode: u.Code, IndicatorCode: c, RegionCode: u.RegionCode})
	}
	if old, known := r.cat.Units[u.Code]; known && old.Retired && len(as) > 0 {
		r.fail("code", u.Code, "units.expect.in_use")
		ok = false
	}
	return u, town, as, ok
}

// unitProblem places a refusal of the units rules at the column it is about.
func (r *rowReader) unitProblem(err error, u domain.Unit) {
	var e *domain.Error
	if !errors.As(err, &e) {
		r.fail("code", u.Code, "ingest.expect.code")
		return
	}
	column := "code"
	switch e.Msg.Key {
	case "units.name_missing", "units.name_long":
		column = "name"
	case "units.bad_kind":
		column = "kind"
	case "units.region_missing", "units.town_region", "units.department_region":
		column = "region_code"
	}
	p := Problem{File: r.t.File, Row: r.row + 1, Column: column, Message: e.Msg}
	if r.t.multi {
		p.Sheet = r.t.Sheet
	}
	r.probs = append(r.probs, p)
}

// ownerUnits turns each indicator's owner_unit into what that unit reports, for the unit's
// region: the unit must exist (in the database or in a units file of the same command) and be
// in use. An owner_unit names a unit rather than creating one: a code alone says neither the
// unit's name, nor its region, nor its kind.
func ownerUnits(b *store.Batch, owners []ownerAt, cat Catalogue) Problems {
	var probs Problems
	for _, o := range owners {
		switch u, ok := cat.Units[o.unit]; {
		case !ok:
			o.at.Expected = locale.M("units.expect.owner_unit")
			probs = append(probs, o.at)
		case u.Retired:
			o.at.Expected = locale.M("units.expect.in_use")
			probs = append(probs, o.at)
		default:
			b.Assignments = append(b.Assignments, store.Assignment{UnitCode: u.Code, IndicatorCode: o.indicator, RegionCode: u.RegionCode})
		}
	}
	return probs
}

// ownerAt is an indicator row's owner_unit, with the problem to report when it names no unit.
type ownerAt struct {
	indicator, unit string
	at              Problem
}
