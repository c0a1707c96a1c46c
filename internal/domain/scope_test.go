package domain

import (
	"context"
	"testing"
)

func TestScope(t *testing.T) {
	r := func(code string, level RegionLevel) Region { return Region{Code: code, Level: level} }
	prov, pref := r("440000", LevelProvince), r("440700", LevelPrefecture)
	heshan, kaiping := r("440784", LevelCounty), r("440783", LevelCounty)
	town := r("440784001", LevelTown)
	yangchun := r("441781", LevelCounty)
	yangjiang := r("441700", LevelPrefecture)
	bj, dongcheng, xicheng := r("110000", LevelProvince), r("110101", LevelCounty), r("110102", LevelCounty)
	chain := func(rs ...Region) []Region { return rs }

	heshanScope := Scope{Region: "440784", Chain: chain(heshan, pref, prov)}
	prefScope := Scope{Region: "440700", Chain: chain(pref, prov)}
	dongchengScope := Scope{Region: "110101", Chain: chain(dongcheng, bj)}
	for _, tc := range []struct {
		name          string
		s             Scope
		target        []Region
		covers, peers bool
	}{
		{"whole deployment covers a county", Scope{}, chain(heshan, pref, prov), true, true},
		{"a county covers itself", heshanScope, chain(heshan, pref, prov), true, true},
		{"a county covers its towns", heshanScope, chain(town, heshan, pref, prov), true, true},
		{"a county does not cover its peer, shares its prefecture", heshanScope, chain(kaiping, pref, prov), false, true},
		{"a county does not cover its prefecture, shares it", heshanScope, chain(pref, prov), false, true},
		{"a county does not cover its province, nor shares a prefecture", heshanScope, chain(prov), false, false},
		{"a county and another prefecture's county", heshanScope, chain(yangchun, yangjiang, prov), false, false},
		{"a county and another prefecture", heshanScope, chain(yangjiang, prov), false, false},
		{"a prefecture covers its counties", prefScope, chain(kaiping, pref, prov), true, true},
		{"a prefecture covers its counties' towns", prefScope, chain(town, heshan, pref, prov), true, true},
		{"a prefecture and a peer prefecture's county", prefScope, chain(yangchun, yangjiang, prov), false, false},
		{"a municipality's districts are peers", dongchengScope, chain(xicheng, bj), false, true},
		{"a municipality's district and another province", dongchengScope, chain(heshan, pref, prov), false, false},
		{"an empty chain (unknown region)", heshanScope, nil, false, false},
	} {
		if got := tc.s.Covers(tc.target); got != tc.covers {
			t.Errorf("%s: Covers = %v, want %v", tc.name, got, tc.covers)
		}
		if got := tc.s.SharesPrefecture(tc.target); got != tc.peers {
			t.Errorf("%s: SharesPrefecture = %v, want %v", tc.name, got, tc.peers)
		}
		err := tc.s.Check(tc.target, "P1")
		if (err == nil) != tc.covers || (err != nil && ErrorKind(err) != ENOTFOUND) {
			t.Errorf("%s: Check = %v, want nil iff covered, else ENOTFOUND", tc.name, err)
		}
	}
	if !ScopeOf(context.Background()).Whole() {
		t.Error("a context without a scope is not the whole deployment")
	}
	if got := ScopeOf(WithScope(context.Background(), heshanScope)); got.Region != "440784" {
		t.Errorf("ScopeOf(WithScope(440784)) = %+v", got)
	}
}
