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
}
