package units_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"pacer/internal/accounts"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/units"
)

var ctx = context.Background()

var analyst = domain.Actor{Username: "ana", Role: domain.RoleAnalyst, IP: "10.0.0.3"}

// eachStore runs fn on a fresh SQLite store and a fresh PostgreSQL schema (the built-in
// catalogue gives the regions — 台山市 440781 without towns, 鹤山市 440784 with its towns — and
// the indicators).
func eachStore(t *testing.T, fn func(t *testing.T, w *units.Service, st *store.Store)) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			st := d.Open(t)
			fn(t, units.New(st), st)
		})
	}
}

func keyOf(err error) string {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Msg.Key
	}
	return ""
}

// TestAdd: departments of a county; towns from the catalogue (by name or code) or added when it
// lacks them; every refusal with its message key, and nothing written by a refused one.
func TestAdd(t *testing.T) {
	eachStore(t, func(t *testing.T, w *units.Service, st *store.Store) {
		for _, c := range []struct {
			name       string
			in         units.NewUnit
			wantRegion string // the unit's region, or "" when refused
			wantKey    string
		}{
			{"department", units.NewUnit{Code: "440781-swj", Name: "台山市商务局", Region: "440781", Indicators: []string{"retail", "trade"}}, "440781", ""},
			{"town of the catalogue by name", units.NewUnit{Code: "hs-shaping", Name: "沙坪街道", Region: "440784", Kind: "town"}, "440784001", ""},
			{"town of the catalogue by its code", units.NewUnit{Code: "440784101", Name: "龙口镇", Region: "440784101", Kind: "town"}, "440784101", ""},
			{"new town of a county the catalogue has no towns of", units.NewUnit{Code: "440781001", Name: "台城街道", Region: "440781", Kind: "town", Indicators: []string{"fai"}}, "440781001", ""},
			{"code taken", units.NewUnit{Code: "440781-swj", Name: "又一个", Region: "440781"}, "", "units.exists"},
			{"bad code", units.NewUnit{Code: "商务局", Name: "商务局", Region: "440781"}, "", "units.bad_code"},
			{"no name", units.NewUnit{Code: "440781-x", Name: " ", Region: "440781"}, "", "units.name_missing"},
			{"bad kind", units.NewUnit{Code: "440781-x", Name: "x", Region: "440781", Kind: "office"}, "", "units.bad_kind"},
			{"no region", units.NewUnit{Code: "440781-x", Name: "x"}, "", "units.region_missing"},
			{"unknown region", units.NewUnit{Code: "440781-x", Name: "x", Region: "999999"}, "", "err.region.unknown"},
			{"a department of a town", units.NewUnit{Code: "440781-x", Name: "x", Region: "440784001"}, "", "units.department_region"},
			{"a new town's code outside its county", units.NewUnit{Code: "440784999", Name: "新镇", Region: "440781", Kind: "town"}, "", "units.town_code"},
			{"a new town without a 9-digit code", units.NewUnit{Code: "ts-new", Name: "新镇", Region: "440781", Kind: "town"}, "", "units.town_code"},
			{"unknown indicator", units.NewUnit{Code: "440781-y", Name: "y", Region: "440781", Indicators: []string{"no_such"}}, "", "units.unknown_indicator"},
		} {
			u, err := w.Add(ctx, analyst, c.in)
			if c.wantKey != "" {
				if keyOf(err) != c.wantKey {
					t.Errorf("%s: got %v, want %s", c.name, err, c.wantKey)
				}
				if got, err := st.Unit(ctx, c.in.Code); err == nil && c.wantKey != "units.exists" {
					t.Errorf("%s: got unit %+v written, want none", c.name, got)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: got %v", c.name, err)
				continue
			}
			got, err := st.Unit(ctx, c.in.Code)
			if err != nil || got.RegionCode != c.wantRegion || u.RegionCode != c.wantRegion {
				t.Errorf("%s: got %+v (returned %+v), %v; want region %s", c.name, got, u, err, c.wantRegion)
			}
		}
		if r, err := st.Region(ctx, "440781001"); err != nil || r.Name != "台城街道" || r.Level != domain.LevelTown || r.Parent != "440781" {
			t.Errorf("the town added with its unit: got %+v, %v", r, err)
		}
		reg, err := w.List(ctx, "440781")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, u := range reg.Units {
			got = append(got, u.Code+":"+u.RegionCode+":"+strings.Join(u.Indicators, ","))
		}
		if want := []string{"440781-swj:440781:retail,trade", "440781001:440781001:fai"}; !slices.Equal(got, want) {
			t.Errorf("units of 台山: got %v, want %v (department first, each with what it reports)", got, want)
		}
	})
}

// TestRenameRetire: a unit renamed; retired only when no account in use belongs to it; a retired
// unit reports nothing new and takes no reporter; a reporter needs an existing unit.
func TestRenameRetire(t *testing.T) {
	eachStore(t, func(t *testing.T, w *units.Service, st *store.Store) {
		for _, code := range []string{"440781-swj", "440781-tjj"} {
			if _, err := w.Add(ctx, analyst, units.NewUnit{Code: code, Name: "局 " + code, Region: "440781"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Rename(ctx, analyst, "440781-swj", " 台山市商务局 "); err != nil {
			t.Fatal(err)
		}
		if u, _ := st.Unit(ctx, "440781-swj"); u.Name != "台山市商务局" {
			t.Errorf("renamed: got %q, want 台山市商务局", u.Name)
		}
		for _, c := range []struct {
			name, code, to, key string
		}{
			{"blank", "440781-swj", "", "units.name_missing"},
			{"unknown unit", "no-such", "x", "err.unit.unknown"},
		} {
			if err := w.Rename(ctx, analyst, c.code, c.to); keyOf(err) != c.key {
				t.Errorf("rename %s: got %v, want %s", c.name, err, c.key)
			}
		}

		acc := accounts.New(st)
		admin := domain.Who{Username: "admin", Role: domain.RoleSysadmin}
		reporter := func(name, unit string) error {
			_, err := acc.Create(ctx, admin, accounts.NewAccount{Username: name, Role: domain.RoleReporter, Unit: unit,
				Password: "Str0ng-Pass-1", Again: "Str0ng-Pass-1"})
			return err
		}
		if err := reporter("ts_swj", "440781-swj"); err != nil {
			t.Fatal(err)
		}
		if err := w.Retire(ctx, analyst, "440781-swj"); keyOf(err) != "units.has_accounts" {
			t.Errorf("retire a unit with a reporter: got %v, want units.has_accounts", err)
		}
		if err := w.Retire(ctx, analyst, "440781-tjj"); err != nil {
			t.Fatal(err)
		}
		if err := w.Retire(ctx, analyst, "440781-tjj"); err != nil {
			t.Errorf("retire again: got %v, want nothing to do", err)
		}
		for _, c := range []struct {
			name string
			err  error
			key  string
		}{
			{"indicators of a retired unit", w.SetIndicators(ctx, analyst, "440781-tjj", []string{"gdp"}), "units.retired"},
			{"a reporter of a retired unit", reporter("ts_tjj", "440781-tjj"), "units.retired"},
			{"a reporter of an unknown unit", reporter("ts_x", "440781-xxx"), "accounts.unknown_unit"},
			{"a reporter without a unit", reporter("ts_y", ""), "users.err.unit_needed"},
		} {
			if !containsKey(c.err, c.key) {
				t.Errorf("%s: got %v, want %s", c.name, c.err, c.key)
			}
		}
		if u, _ := st.Unit(ctx, "440781-swj"); u.Retired {
			t.Error("the unit with a reporter: got retired, want in use")
		}
		if units, _ := st.Units(ctx, "440781"); len(units) != 1 || units[0].Code != "440781-swj" {
			t.Errorf("units in use: got %+v, want 440781-swj only", units)
		}
	})
}

// containsKey reports whether err, or one of the problems it joins, carries key.
func containsKey(err error, key string) bool {
	for _, p := range accounts.Problems(err) {
		if keyOf(p) == key {
			return true
		}
	}
	return keyOf(err) == key
}

// TestSetIndicators: what a unit reports is replaced as a set, for its own region.
func TestSetIndicators(t *testing.T) {
	eachStore(t, func(t *testing.T, w *units.Service, st *store.Store) {
		if _, err := w.Add(ctx, analyst, units.NewUnit{Code: "440781-swj", Name: "商务局", Region: "440781", Indicators: []string{"retail"}}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			set  []string
			want []string
			key  string
		}{
			{[]string{"trade", "retail"}, []string{"retail", "trade"}, ""},
			{[]string{"trade"}, []string{"trade"}, ""},
			{[]string{"trade", "no_such"}, []string{"trade"}, "units.unknown_indicator"},
			{nil, nil, ""},
		} {
			err := w.SetIndicators(ctx, analyst, "440781-swj", c.set)
			if keyOf(err) != c.key {
				t.Errorf("set %v: got %v, want %q", c.set, err, c.key)
			}
			as, _ := st.Assignments(ctx, "440781-swj")
			var got []string
			for _, a := range as {
				got = append(got, a.IndicatorCode)
				if a.RegionCode != "440781" {
					t.Errorf("set %v: got region %s, want the unit's 440781", c.set, a.RegionCode)
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("set %v: got %v, want %v", c.set, got, c.want)
			}
		}
	})
}
