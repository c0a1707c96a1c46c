package cli_test

import (
	"path/filepath"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// TestUserAddRegion: `pacer user add NAME --role ROLE --region CODE` gives the account its scope
// (issue 16); without --region the account sees the whole deployment; an unknown region is
// refused; a reporter's scope is its unit's region whatever --region says.
func TestUserAddRegion(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	const pw = "Str0ng-Pass"
	if r := runIn(t, pw+"\n", "user", "add", "heshan", "--role", "analyst", "--region", "440784", "--db", db); r.code != 0 {
		t.Fatalf("user add --region 440784: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, pw+"\n", "user", "add", "root", "--role", "sysadmin", "--db", db); r.code != 0 {
		t.Fatalf("user add without --region: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, pw+"\n", "user", "add", "nowhere", "--role", "analyst", "--region", "999999", "--db", db); r.code == 0 || !strings.Contains(r.stderr, "999999") {
		t.Errorf("user add --region 999999: got exit %d\n%s, want a refusal naming 999999", r.code, r.stderr)
	}
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "test", Units: []domain.Unit{
		{Code: "440784001", Name: "沙坪街道", RegionCode: "440784001", Kind: "town"}}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if r := runIn(t, pw+"\n", "user", "add", "shaping", "--role", "reporter", "--unit", "440784001", "--region", "440700", "--db", db); r.code != 0 {
		t.Fatalf("user add reporter: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	s, err = store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for name, want := range map[string]string{"heshan": "440784", "root": "", "shaping": "440784001"} {
		u, err := s.UserByName(ctx, name)
		if err != nil || u.RegionCode != want {
			t.Errorf("%s: region %q, %v; want %q", name, u.RegionCode, err, want)
		}
	}
	if _, err := s.UserByName(ctx, "nowhere"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("nowhere: got %v, want no such account", err)
	}
}
