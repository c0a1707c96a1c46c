package storetest

import (
	"maps"
	"slices"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testSettings: settings written and read back; each change audited, the same value not again.
func testSettings(t *testing.T, s *store.Store) {
	got, err := s.Settings(ctx)
	if err != nil || len(got) != 0 {
		t.Fatalf("a new database: got settings %v, %v; want none", got, err)
	}
	admin := store.Who{Username: "admin", Role: domain.RoleSysadmin}
	steps := []struct {
		set, want map[string]string
		audited   int
	}{
		{map[string]string{"home_region": "440781", "home_year": "2023"}, map[string]string{"home_region": "440781", "home_year": "2023"}, 2},
		{map[string]string{"home_region": "440781", "home_year": "2024"}, map[string]string{"home_region": "440781", "home_year": "2024"}, 1},
		{map[string]string{"home_year": "2024"}, map[string]string{"home_region": "440781", "home_year": "2024"}, 0},
	}
	for i, st := range steps {
		before, _ := s.AuditLog(ctx, 100)
		if err := s.SetSettings(ctx, admin, st.set); err != nil {
			t.Fatal(err)
		}
		after, _ := s.AuditLog(ctx, 100)
		if len(after)-len(before) != st.audited {
			t.Errorf("step %d: got %d audit rows, want %d", i, len(after)-len(before), st.audited)
		}
		got, err := s.Settings(ctx)
		if err != nil || !maps.Equal(got, st.want) {
			t.Errorf("step %d: got %v, %v; want %v", i, got, err, st.want)
		}
	}
}

// testUnitEdits: units created (with a town the catalogue lacks), renamed, retired (not while an
// account uses them), listed with the retired ones; what a unit reports replaced as a set.
func testUnitEdits(t *testing.T, s *store.Store) {
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	town := domain.Region{Code: "440781100", Name: "新镇", Level: domain.LevelTown, Parent: "440781"}
	for _, c := range []struct {
		u    domain.Unit
		town *domain.Region
	}{
		{domain.Unit{Code: "440781-swj", Name: "台山市商务局", RegionCode: "440781", Kind: "department"}, nil},
		{domain.Unit{Code: "440781-tjj", Name: "台山市统计局", RegionCode: "440781", Kind: "department"}, nil},
		{domain.Unit{Code: "440781100", Name: "新镇", RegionCode: "440781100", Kind: "town"}, &town},
	} {
		if err := s.CreateUnit(ctx, ana, c.u, c.town); err != nil {
			t.Fatal(err)
		}
	}
	if r, err := s.Region(ctx, "440781100"); err != nil || r.Parent != "440781" || r.Level != domain.LevelTown {
		t.Errorf("the added town: got %+v, %v; want a town under 440781", r, err)
	}
	if err := s.CreateUnit(ctx, ana, domain.Unit{Code: "440781-swj", Name: "x", RegionCode: "440781", Kind: "department"}, nil); domain.ErrorKind(err) != domain.ECONFLICT {
		t.Errorf("a code taken: got %v, want conflict", err)
	}
	if err := s.RenameUnit(ctx, ana, "440781-swj", "台山市商务局（新）"); err != nil {
		t.Fatal(err)
	}
	if u, err := s.Unit(ctx, "440781-swj"); err != nil || u.Name != "台山市商务局（新）" {
		t.Errorf("renamed: got %+v, %v", u, err)
	}
	if err := s.RenameUnit(ctx, ana, "no-such", "x"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("rename unknown: got %v, want not_found", err)
	}
	if _, err := s.CreateUser(ctx, ana, domain.User{Username: "rep", Role: domain.RoleReporter, UnitCode: "440781-swj", PasswordHash: "h"}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.RetireUnit(ctx, ana, "440781-swj"); err != nil || n != 1 {
		t.Errorf("retire a unit with an account: got %d, %v; want 1 account and nothing written", n, err)
	}
	if n, err := s.RetireUnit(ctx, ana, "440781-tjj"); err != nil || n != 0 {
		t.Errorf("retire: got %d, %v", n, err)
	}
	if _, err := s.RetireUnit(ctx, ana, "no-such"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("retire unknown: got %v, want not_found", err)
	}
	var active, all []string
	us, _ := s.Units(ctx, "440781")
	for _, u := range us {
		active = append(active, u.Code)
	}
	us, _ = s.AllUnits(ctx, "440781")
	for _, u := range us {
		all = append(all, u.Code)
		if u.Retired != (u.Code == "440781-tjj") {
			t.Errorf("%s: got retired %v", u.Code, u.Retired)
		}
	}
	if !slices.Equal(active, []string{"440781-swj", "440781100"}) || !slices.Equal(all, []string{"440781-swj", "440781-tjj", "440781100"}) {
		t.Errorf("units: got %v in use and %v in all, want the retired one only in all", active, all)
	}
	if every, _ := s.AllUnits(ctx, ""); len(every) != 3 {
		t.Errorf("every unit: got %d, want 3", len(every))
	}

	for _, st := range []struct {
		set  []string
		want []string
	}{
		{[]string{"retail", "trade"}, []string{"retail", "trade"}},
		{[]string{"trade", "fai"}, []string{"fai", "trade"}},
		{nil, nil},
	} {
		if err := s.SetAssignments(ctx, ana, "440781-swj", "440781", st.set); err != nil {
			t.Fatal(err)
		}
		as, err := s.Assignments(ctx, "440781-swj")
		var got []string
		for _, a := range as {
			got = append(got, a.IndicatorCode)
		}
		if err != nil || !slices.Equal(got, st.want) {
			t.Errorf("set %v: got %v, %v; want %v", st.set, got, err, st.want)
		}
	}
}
