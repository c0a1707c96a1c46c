package domain

import (
	"errors"
	"strings"
	"testing"
)

func unitKey(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg.Key
	}
	return ""
}

func TestUnitValidate(t *testing.T) {
	ok := Unit{Code: "440781-swj", Name: "台山市商务局", RegionCode: "440781", Kind: UnitDepartment}
	for _, c := range []struct {
		name string
		edit func(*Unit)
		want string
	}{
		{"valid", func(*Unit) {}, ""},
		{"town", func(u *Unit) { u.Kind = UnitTown }, ""},
		{"blank code", func(u *Unit) { u.Code = "" }, "units.bad_code"},
		{"code with a space", func(u *Unit) { u.Code = "440781 swj" }, "units.bad_code"},
		{"code of 33", func(u *Unit) { u.Code = strings.Repeat("a", 33) }, "units.bad_code"},
		{"blank name", func(u *Unit) { u.Name = "  " }, "units.name_missing"},
		{"name of 41", func(u *Unit) { u.Name = strings.Repeat("局", 41) }, "units.name_long"},
		{"kind", func(u *Unit) { u.Kind = "bureau" }, "units.bad_kind"},
		{"no region", func(u *Unit) { u.RegionCode = "" }, "units.region_missing"},
	} {
		u := ok
		c.edit(&u)
		if got := unitKey(u.Validate()); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestPlaceUnit(t *testing.T) {
	taishan := Region{Code: "440781", Name: "台山市", Level: LevelCounty, Parent: "440700"}
	heshan := Region{Code: "440784", Name: "鹤山市", Level: LevelCounty, Parent: "440700"}
	shaping := Region{Code: "440784001", Name: "沙坪街道", Level: LevelTown, Parent: "440784"}
	towns := []Region{shaping}
	for _, c := range []struct {
		name       string
		u          Unit
		r          Region
		wantRegion string
		wantNew    bool
		wantKey    string
	}{
		{"a department of its county", Unit{Code: "440781-swj", Kind: UnitDepartment}, taishan, "", false, ""},
		{"a department of a town", Unit{Code: "x", Kind: UnitDepartment}, shaping, "", false, "units.department_region"},
		{"a town unit of its town", Unit{Code: "440784001", Name: "沙坪街道", Kind: UnitTown, RegionCode: "440784001"}, shaping, "440784001", false, ""},
		{"a town by name under its county", Unit{Code: "hs-sp", Name: "沙坪街道", Kind: UnitTown}, heshan, "440784001", false, ""},
		{"a new town under its county", Unit{Code: "440781001", Name: "台城街道", Kind: UnitTown}, taishan, "440781001", true, ""},
		{"a new town, code of another county", Unit{Code: "440784999", Name: "新镇", Kind: UnitTown}, taishan, "", false, "units.town_code"},
		{"a new town, code not digits", Unit{Code: "44078100x", Name: "新镇", Kind: UnitTown}, taishan, "", false, "units.town_code"},
		{"a town unit of a prefecture", Unit{Code: "x", Name: "x", Kind: UnitTown}, Region{Code: "440700", Level: LevelPrefecture}, "", false, "units.town_region"},
	} {
		u, town, err := PlaceUnit(c.u, c.r, towns)
		if got := unitKey(err); got != c.wantKey {
			t.Errorf("%s: got %q (%v), want %q", c.name, got, err, c.wantKey)
			continue
		}
		if c.wantKey != "" {
			continue
		}
		if c.wantRegion != "" && u.RegionCode != c.wantRegion {
			t.Errorf("%s: got region %s, want %s", c.name, u.RegionCode, c.wantRegion)
		}
		if (town != nil) != c.wantNew || (town != nil && (town.Parent != c.r.Code || town.Name != c.u.Name || town.Level != LevelTown)) {
			t.Errorf("%s: got new town %+v, want one: %v", c.name, town, c.wantNew)
		}
	}
}
