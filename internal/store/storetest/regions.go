package storetest

import (
	"slices"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testRegions: the whole catalogue by code, and the siblings a region is ranked against.
func testRegions(t *testing.T, s *store.Store) {
	all, err := s.Regions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 3000 || !slices.IsSortedFunc(all, func(a, b domain.Region) int {
		switch {
		case a.Code < b.Code:
			return -1
		case a.Code > b.Code:
			return 1
		}
		return 0
	}) {
		t.Errorf("regions: got %d, want the national catalogue by code", len(all))
	}
	heshan, err := s.Region(ctx, "440784")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		r        domain.Region
		n        int
		has, not string
	}{
		{heshan, 7, "440703", "440700"},
		{domain.Region{Code: "440000", Level: domain.LevelProvince}, 31, "110000", "440700"},
	} {
		got, err := s.Siblings(ctx, tc.r)
		if err != nil {
			t.Fatal(err)
		}
		codes := []string{}
		for _, r := range got {
			codes = append(codes, r.Code)
		}
		if len(got) != tc.n || !slices.Contains(codes, tc.r.Code) || !slices.Contains(codes, tc.has) || slices.Contains(codes, tc.not) {
			t.Errorf("siblings of %s: got %v, want %d with %s and %s, without %s", tc.r.Code, codes, tc.n, tc.r.Code, tc.has, tc.not)
		}
	}
	testRegionChains(t, s)
}

// testRegionChains: a region's chain (itself, then its ancestors) and an account's scope, the
// region stored with it (issue 16).
func testRegionChains(t *testing.T, s *store.Store) {
	for _, tc := range []struct {
		code string
		want []string
	}{
		{"440784001", []string{"440784001", "440784", "440700", "440000"}},
		{"440784", []string{"440784", "440700", "440000"}},
		{"110101", []string{"110101", "110000"}},
		{"440000", []string{"440000"}},
	} {
		for range 2 { // the second answer is the one kept
			chain, err := s.RegionChain(ctx, tc.code)
			var got []string
			for _, r := range chain {
				got = append(got, r.Code)
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("RegionChain(%s): got %v, %v; want %v", tc.code, got, err, tc.want)
			}
		}
	}
	if _, err := s.RegionChain(ctx, "999999"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("RegionChain(999999): got %v, want ENOTFOUND", err)
	}
	by := store.Who{Username: "test"}
	u, err := s.CreateUser(ctx, by, domain.User{Username: "county-a", Role: domain.RoleAnalyst, RegionCode: "440784", PasswordHash: "h"})
	if err != nil || u.RegionCode != "440784" {
		t.Fatalf("CreateUser with region 440784: got %+v, %v", u, err)
	}
	if got, err := s.UserByName(ctx, "county-a"); err != nil || got.RegionCode != "440784" {
		t.Errorf("UserByName(county-a): region %q, %v; want 440784", got.RegionCode, err)
	}
	if _, err := s.CreateUser(ctx, by, domain.User{Username: "nowhere", Role: domain.RoleAnalyst, RegionCode: "999999", PasswordHash: "h"}); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("CreateUser with region 999999: got %v, want ENOTFOUND", err)
	}
	whole, err := s.CreateUser(ctx, by, domain.User{Username: "whole", Role: domain.RoleSysadmin, PasswordHash: "h"})
	if err != nil || whole.RegionCode != "" {
		t.Errorf("CreateUser without region: got %q, %v; want the whole deployment (empty)", whole.RegionCode, err)
	}
	// A region's audit trail: the rows of its accounts only (audit.Service passes them).
	rows, _, err := s.SearchAudit(ctx, store.AuditQuery{Actors: []string{"TEST"}, Action: "user.create"})
	if err != nil || len(rows) != 2 {
		t.Errorf("SearchAudit(actors test, user.create): got %d rows, %v; want 2 (county-a, whole)", len(rows), err)
	}
	if rows, _, err := s.SearchAudit(ctx, store.AuditQuery{Actors: []string{}}); err != nil || len(rows) != 0 {
		t.Errorf("SearchAudit(no actors): got %d rows, %v; want none", len(rows), err)
	}
}
