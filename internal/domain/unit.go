package domain

import (
	"strings"
	"unicode/utf8"
)

// Unit kinds: a department of the county (统计局, 商务局 …) or a town (镇街).
const (
	UnitDepartment = "department"
	UnitTown       = "town"
)

// MaxUnitName is the longest unit name, in characters.
const MaxUnitName = 40

// Validate checks a unit as written by an analyst: a code of letters, digits, '-' and '_'
// (at most 32), a name, a kind, a region.
func (u Unit) Validate() error {
	if u.Code == "" || len(u.Code) > 32 || strings.IndexFunc(u.Code, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_')
	}) >= 0 {
		return E(EINVALID, "units.bad_code", u.Code)
	}
	if err := CheckUnitName(u.Name); err != nil {
		return err
	}
	if u.Kind != UnitDepartment && u.Kind != UnitTown {
		return E(EINVALID, "units.bad_kind", u.Kind)
	}
	if u.RegionCode == "" {
		return E(EINVALID, "units.region_missing")
	}
	return nil
}

// CheckUnitName checks a unit's name: not blank, at most MaxUnitName characters.
func CheckUnitName(name string) error {
	if strings.TrimSpace(name) == "" {
		return E(EINVALID, "units.name_missing")
	}
	if utf8.RuneCountInString(name) > MaxUnitName {
		return E(EINVALID, "units.name_long", MaxUnitName)
	}
	return nil
}

// FitsRegion checks that the unit's kind fits the level of its region: a department belongs to
// a county (or a prefecture), a town unit to a town.
func (u Unit) FitsRegion(r Region) error {
	switch {
	case u.Kind == UnitTown && r.Level != LevelTown:
		return E(EINVALID, "units.town_region", r.Code, r.Name)
	case u.Kind == UnitDepartment && r.Level != LevelCounty && r.Level != LevelPrefecture:
		return E(EINVALID, "units.department_region", r.Code, r.Name)
	}
	return nil
}

// NewTown is the town region a town unit adds when the catalogue does not have it: its code is
// the county's six digits followed by three (GB/T 10114), under that county.
func NewTown(county Region, code, name string) (Region, error) {
	if county.Level != LevelCounty {
		return Region{}, E(EINVALID, "units.town_region", county.Code, county.Name)
	}
	if len(code) != 9 || !strings.HasPrefix(code, county.Code) || strings.IndexFunc(code, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return Region{}, E(EINVALID, "units.town_code", code, county.Name, county.Code)
	}
	return Region{Code: code, Name: name, Level: LevelTown, Parent: county.Code}, nil
}

// PlaceUnit settles the region of a unit that names r: a town unit naming its county takes the
// county's town of the same code or name among towns (the catalogue's towns of r), else a new
// town (NewTown), returned to be added with the unit. The unit's kind must then fit its region.
func PlaceUnit(u Unit, r Region, towns []Region) (Unit, *Region, error) {
	if u.Kind != UnitTown || r.Level != LevelCounty {
		return u, nil, u.FitsRegion(r)
	}
	for _, t := range towns {
		if t.Parent == r.Code && t.Level == LevelTown && (t.Code == u.Code || t.Name == u.Name) {
			u.RegionCode = t.Code
			return u, nil, nil
		}
	}
	t, err := NewTown(r, u.Code, u.Name)
	if err != nil {
		return u, nil, err
	}
	u.RegionCode = t.Code
	return u, &t, nil
}
