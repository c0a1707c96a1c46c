package ingest

import (
	"testing"

	"pacer/internal/sheet"
)

func TestPeriodText(t *testing.T) {
	for _, c := range []struct {
		in          string
		year, month int
	}{
		{"2023年1-6月江门市各县（市、区）主要经济指标", 2023, 6},
		{"2023年1—6月", 2023, 6},
		{"2023年1～6月", 2023, 6},
		{"2023年1月-6月", 2023, 6},
		{"2023年1至6月", 2023, 6},
		{"2023年上半年鹤山市主要经济指标", 2023, 6},
		{"2023年1-2月", 2023, 2},
		{"2023年1–2月", 2023, 2},
		{"２０２３年１－２月", 2023, 2},
		{"2023年1-3季度", 2023, 9},
		{"2023年前三季度", 2023, 9},
		{"2023年一季度", 2023, 3},
		{"2023年全年", 2023, 12},
		{"2023年6月统计月报", 2023, 6},
		{"2023年6月份", 2023, 6},
		{"鹤山市主要经济指标（2023年7月20日发布）", 2023, 0},
		{"主要经济指标", 0, 0},
	} {
		y, m, _ := periodText(c.in)
		if y != c.year || m != c.month {
			t.Errorf("periodText(%q) = %d, %d; want %d, %d", c.in, y, m, c.year, c.month)
		}
	}
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"  其中：工业投资":    "工业投资",
		"　　其中:工业投资":    "工业投资",
		"#工业投资":        "工业投资",
		"地区生产总值*":      "地区生产总值",
		"一般公共预算收入①":    "一般公共预算收入",
		"地区生产总值（亿元）":   "地区生产总值",
		"地区生产总值(GDP)":  "地区生产总值",
		"固定资产投资（不含农户）": "固定资产投资",
		"社零总额（限上）":     "社零总额(限上)",
		"1.规模以上工业增加值":  "规模以上工业增加值",
		"（一）社会消费品零售总额": "社会消费品零售总额",
		"二、投资":         "投资",
		"蓬 江 区":        "蓬江区",
		"gdp":          "GDP",
		"其中":           "其中",
	} {
		if got := cleanName(in); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIndicatorAliases(t *testing.T) {
	names := map[string]string{}
	for alias, code := range indicatorAliases {
		names[alias] = code
	}
	for _, c := range []struct{ name, code string }{
		{"规上工业增加值", "industry_va"}, {"规模以上工业增加值", "industry_va"}, {"社零总额", "retail"},
		{"社会消费品零售总额", "retail"}, {"固投", "fai"}, {"固定资产投资", "fai"}, {"外贸进出口", "trade"},
		{"进出口总额", "trade"}, {"地区生产总值", "gdp"}, {"GDP", "gdp"}, {"一般公共预算收入", "budget_revenue"},
		{"地方一般公共预算收入", "budget_revenue"}, {"工业投资", "industrial_investment"},
		{cleanName("其中：工业投资"), "industrial_investment"},
	} {
		if names[c.name] != c.code {
			t.Errorf("%s: got %q, want %q", c.name, names[c.name], c.code)
		}
	}
	if base, ok := growthName("规上工业增加值增速"); !ok || base != "规上工业增加值" {
		t.Errorf("growthName: %q %v", base, ok)
	}
}

func TestShiftDecimal(t *testing.T) {
	for _, c := range []struct {
		in    string
		shift int
		want  string
	}{
		{"704256", -4, "70.4256"}, {"25,000", -4, "2.5"}, {"1", -4, "0.0001"}, {"-1234.5", -4, "-0.12345"},
		{"70.13", 4, "701300"}, {"0.5", 1, "5"}, {"12.0", 0, "12.0"}, {"0", -4, "0"}, {"１２３", -2, "1.23"},
	} {
		if got := shiftDecimal(c.in, c.shift); got != c.want {
			t.Errorf("shiftDecimal(%q, %d) = %q, want %q", c.in, c.shift, got, c.want)
		}
	}
	if s, ok := convertible("万元", "亿元"); !ok || s != -4 {
		t.Errorf("万元 → 亿元: %d %v", s, ok)
	}
	if _, ok := convertible("亿美元", "亿元"); ok {
		t.Error("亿美元 → 亿元 must not convert")
	}
}

func TestNotPublished(t *testing.T) {
	for _, s := range []string{"", " ", "—", "——", "-", "－", "--", "/", "…", "— ", "*"} {
		if !notPublished(s) {
			t.Errorf("notPublished(%q) = false", s)
		}
	}
	for _, s := range []string{"0", "-1", "4.7%", "约5", "x"} {
		if notPublished(s) {
			t.Errorf("notPublished(%q) = true", s)
		}
	}
}

func TestSourceName(t *testing.T) {
	for in, want := range map[string]string{
		"江门统计月报2023-06.xlsx":           "江门统计月报",
		"江门统计月报（2023年6月）.xlsx":         "江门统计月报",
		"2023年1-6月鹤山市主要经济指标.xlsx":      "鹤山市主要经济指标",
		"2023年上半年鹤山市主要经济指标.xlsx":       "鹤山市主要经济指标",
		"stats-2023-06.xlsx":           "stats",
		"bulletin_202306.xlsx":         "bulletin",
		"/tmp/x/jiangmen 2023.07.xlsx": "jiangmen",
		"2023-06.xlsx":                 "2023-06",
	} {
		if got := SourceName(in); got != want {
			t.Errorf("SourceName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSubLabel(t *testing.T) {
	for _, s := range []string{"绝对值", "增长(%)", "同比增长（%）", "比上年同期增长", "排名", "位次", "1-6月", "6月", "绝对值（亿元）", "全市排名", "%"} {
		if !subLabel(s) {
			t.Errorf("subLabel(%q) = false", s)
		}
	}
	for _, s := range []string{"地区生产总值", "社零总额", "规上工业增加值增速", "引进亿元以上项目"} {
		if subLabel(s) {
			t.Errorf("subLabel(%q) = true", s)
		}
	}
}

func TestAnalyseWithoutMerges(t *testing.T) {
	// A CSV (or an unmerged sheet): the indicator above a blank header cell carries right.
	tb := sheet.Table{File: "x.csv", Rows: [][]string{
		{"江门市各县（市、区）主要经济指标（2023年1-6月）"},
		{"地区", "地区生产总值", "", "社零总额", ""},
		{"", "绝对值", "增长(%)", "绝对值", "增长(%)"},
		{"蓬江区", "520.3", "4.1", "190.2", "5.1"},
	}}
	s, ok := analyse(&tb)
	if !ok || s.hdr0 != 1 || s.data0 != 3 || s.label != 0 {
		t.Fatalf("analyse: %+v %v", s, ok)
	}
	if got := s.heads[2].text(); got != "地区生产总值/增长(%)" {
		t.Errorf("C: %q", got)
	}
	if got := s.heads[4].text(); got != "社零总额/增长(%)" {
		t.Errorf("E: %q", got)
	}
}
