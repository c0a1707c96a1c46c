package catalog

import (
	"testing"

	"pacer/internal/domain"
)

func TestRegions(t *testing.T) {
	rs, err := Regions()
	if err != nil {
		t.Fatal(err)
	}
	byCode := make(map[string]domain.Region, len(rs))
	for i, r := range rs {
		if _, dup := byCode[r.Code]; dup {
			t.Errorf("duplicate code %s", r.Code)
		}
		if i > 0 && rs[i-1].Code >= r.Code {
			t.Errorf("not sorted by code: %s before %s", rs[i-1].Code, r.Code)
		}
		byCode[r.Code] = r
	}
	wantParentLevel := map[domain.RegionLevel]domain.RegionLevel{
		domain.LevelPrefecture: domain.LevelProvince,
		domain.LevelTown:       domain.LevelCounty,
	}
	perLevel := map[domain.RegionLevel]int{}
	for _, r := range rs {
		perLevel[r.Level]++
		if r.Level == domain.LevelProvince {
			continue
		}
		p, ok := byCode[r.Parent]
		if !ok {
			t.Errorf("%s %s: parent %q not in the catalogue", r.Code, r.Name, r.Parent)
			continue
		}
		if p.Code >= r.Code {
			t.Errorf("%s %s: parent %s sorts after it", r.Code, r.Name, p.Code)
		}
		if r.Code[:2] != p.Code[:2] {
			t.Errorf("%s %s: parent %s is in another province", r.Code, r.Name, p.Code)
		}
		if want, ok := wantParentLevel[r.Level]; ok && p.Level != want {
			t.Errorf("%s %s (%s): parent %s is a %s, want %s", r.Code, r.Name, r.Level, p.Code, p.Level, want)
		}
		// A county hangs off a prefecture, or off a municipality (北京, 天津, 上海, 重庆).
		if r.Level == domain.LevelCounty && p.Level != domain.LevelPrefecture &&
			!(p.Level == domain.LevelProvince && map[string]bool{"11": true, "12": true, "31": true, "50": true}[p.Code[:2]]) {
			t.Errorf("county %s %s: parent %s is a %s", r.Code, r.Name, p.Code, p.Level)
		}
	}
	t.Logf("per level: %v", perLevel)
	if perLevel[domain.LevelProvince] != 31 {
		t.Errorf("%d provinces, want 31", perLevel[domain.LevelProvince])
	}

	heshan := domain.Region{Code: "440784", Name: "鹤山市", Level: domain.LevelCounty, Parent: "440700"}
	if got := byCode["440784"]; got != heshan {
		t.Errorf("440784 = %+v, want %+v", got, heshan)
	}
	if got := byCode["440700"]; got.Name != "江门市" || got.Level != domain.LevelPrefecture || got.Parent != "440000" {
		t.Errorf("440700 = %+v", got)
	}

	var jiangmen []string
	counties, guangdong, heshanTowns := 0, 0, 0
	for _, r := range rs {
		switch r.Level {
		case domain.LevelCounty:
			counties++
			if r.Code[:2] == "44" {
				guangdong++
			}
			if r.Parent == "440700" {
				jiangmen = append(jiangmen, r.Code+" "+r.Name)
			}
		case domain.LevelTown:
			if r.Parent == "440784" {
				heshanTowns++
			}
		}
	}
	if guangdong != 122 {
		t.Errorf("Guangdong has %d county-level units, want 122", guangdong)
	}
	if counties < 2800 || counties > 2900 {
		t.Errorf("%d county-level units nationally, want 2800..2900", counties)
	}
	wantJiangmen := []string{"440703 蓬江区", "440704 江海区", "440705 新会区", "440781 台山市", "440783 开平市", "440784 鹤山市", "440785 恩平市"}
	if len(jiangmen) != len(wantJiangmen) {
		t.Errorf("Jiangmen counties = %v, want %v", jiangmen, wantJiangmen)
	} else {
		for i := range jiangmen {
			if jiangmen[i] != wantJiangmen[i] {
				t.Errorf("Jiangmen counties = %v, want %v", jiangmen, wantJiangmen)
				break
			}
		}
	}
	if heshanTowns < 10 {
		t.Errorf("鹤山市 has %d towns, want at least 10", heshanTowns)
	}
	for code, name := range map[string]string{"440784001": "沙坪街道", "440784101": "龙口镇", "440784112": "双合镇"} {
		if got := byCode[code]; got.Name != name || got.Level != domain.LevelTown || got.Parent != "440784" {
			t.Errorf("%s = %+v, want %s town under 440784", code, got, name)
		}
	}

	// Municipalities' districts hang off the province; 省直辖 units off the xx9000 pseudo prefecture.
	for code, parent := range map[string]string{"110105": "110000", "500101": "500000", "500240": "500000", "419001": "419000", "429004": "429000", "469002": "469000", "659001": "659000"} {
		if got := byCode[code]; got.Parent != parent {
			t.Errorf("%s %s: parent %q, want %q", code, got.Name, got.Parent, parent)
		}
	}
}

func TestRegionsReturnsCopy(t *testing.T) {
	a, err := Regions()
	if err != nil {
		t.Fatal(err)
	}
	a[0].Name = "changed"
	b, err := Regions()
	if err != nil {
		t.Fatal(err)
	}
	if b[0].Name == "changed" {
		t.Error("Regions shares its slice between callers")
	}
}

func TestParseRegionsRejectsBadInput(t *testing.T) {
	for name, text := range map[string]string{
		"header":       "code\tname\n",
		"fields":       regionsHeader + "\n440000\t广东省\tprovince\n",
		"level":        regionsHeader + "\n440000\t广东省\tstate\t\n",
		"orphan":       regionsHeader + "\n440700\t江门市\tprefecture\t\n",
		"province-par": regionsHeader + "\n440000\t广东省\tprovince\t11\n",
	} {
		if _, err := parseRegions(text); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
