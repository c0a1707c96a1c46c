package locale

// unitKeys are the units of measure the catalogue names in each language; the indicators'
// definitions write them in Chinese (亿元, 万人次 …).
var unitKeys = map[string]string{
	"亿元": "dash.unit.yi_yuan", "万元": "dash.unit.wan_yuan", "元": "dash.unit.yuan", "亿千瓦时": "dash.unit.yi_kwh", "万千瓦时": "dash.unit.wan_kwh",
	"万人次": "dash.unit.wan_visits", "个": "dash.unit.count", "家": "dash.unit.firms", "%": "dash.unit.percent", "亩": "dash.unit.mu", "年": "dash.unit.year",
	"万吨标准煤": "display.unit.wan_tce", "吨标准煤/万元": "display.unit.tce_per_wan_yuan",
}

// Unit names a unit of measure in lang; a unit the catalogue does not know is given as it is.
func Unit(lang, u string) string {
	if k, ok := unitKeys[u]; ok {
		return T(lang, k)
	}
	return u
}

// After is a unit written straight after a number: 12亿元 in Chinese, "12 100m yuan" in English
// (a word unit takes a space; % never does).
func After(lang, u string) string {
	t := Unit(lang, u)
	if Match(lang) == "en" && t != "" && t != "%" {
		return " " + t
	}
	return t
}
