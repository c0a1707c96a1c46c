package cli_test

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"pacer/internal/cli"
)

var han = regexp.MustCompile(`\p{Han}`)

// With PACER_LANG=en, what the command says about bad input has no Chinese in it (the inputs
// here hold none, so nothing in the output is a Chinese data value); without it the same runs
// answer in Chinese, so every case reaches a translated message.
func TestEnglishErrorsHaveNoChinese(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lang.db")
	if r := runLang(t, "", "Str0ng-Pass\n", "user", "add", "alice", "--role", "analyst", "--db", db); r.code != 0 {
		t.Fatalf("user add alice: got exit %d, want 0\n%s", r.code, r.stderr)
	}
	bad := writeFile(t, dir, "bad.csv", "region_code,indicator,period,value,growth\n"+
		"440784,retail,2023-06,n/a,5.4\n"+
		"999999,gdp,2023-06,1,\n"+
		"440784,gdp,2023-13,1,\n"+
		"440784,no_such,2023-06,1,\n"+
		"440784,gdp,2023-06,,\n")
	header := writeFile(t, dir, "header.csv", "code,what\nx,y\n")
	latin1 := writeFile(t, dir, "latin1.csv", "region_code,indicator,period,value,growth\n440784,caf\xe9,2023-06,1,2\n") // GBK is read; Latin-1 is not
	notes := writeFile(t, dir, "notes.txt", "hello")
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  string // in the English stderr
	}{
		{"unknown region", "", []string{"scorecard", "--db", db, "--region", "999999", "--period", "2023-06"}, "999999"},
		{"bad period", "", []string{"scorecard", "--db", db, "--region", "440784", "--period", "2023-13"}, "2023-13"},
		{"bad ranking basis", "", []string{"ranking", "--db", db, "--parent", "440700", "--indicator", "retail", "--period", "2023-06", "--by", "speed"}, "speed"},
		{"bad file rows", "", []string{"import", "--db", db, bad}, "bad.csv:6:value"},
		{"unknown header", "", []string{"import", "--db", db, header}, "header.csv:1"},
		{"not UTF-8", "", []string{"import", "--db", db, latin1}, "latin1.csv"},
		{"not a table file", "", []string{"import", "--db", db, notes}, ".txt"},
		{"bad bulletin option", "", []string{"import", "--db", db, "--layout", "auto", "--period", "June", bad}, "--period"},
		{"short password", "short\n", []string{"user", "add", "bob", "--role", "analyst", "--db", db}, "8"},
		{"password with the username", "Bobby-2023x\n", []string{"user", "add", "bobby", "--role", "analyst", "--db", db}, "username"},
		{"no password", "", []string{"user", "add", "carol", "--role", "analyst", "--db", db}, "standard input"},
		{"existing user", "Str0ng-Pass\n", []string{"user", "add", "alice", "--role", "analyst", "--db", db}, "alice"},
		{"unknown user", "", []string{"user", "token", "nobody", "--db", db}, "nobody"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			zh := runLang(t, "", tc.stdin, tc.args...)
			if zh.code != 1 || !han.MatchString(zh.stderr) {
				t.Errorf("zh-CN: got exit %d, stderr %q; want 1 and a message in Chinese", zh.code, zh.stderr)
			}
			en := runLang(t, "en", tc.stdin, tc.args...)
			if en.code != 1 || strings.TrimSpace(en.stderr) == "" || !strings.Contains(en.stderr, tc.want) {
				t.Errorf("en: got exit %d, stderr %q; want 1 and a message naming %q", en.code, en.stderr, tc.want)
			}
			if h := han.FindString(en.stderr); h != "" {
				t.Errorf("en: got %q in stderr %q, want no Chinese", h, en.stderr)
			}
		})
	}
}

// runLang runs `pacer args...` with PACER_LANG=lang and stdin.
func runLang(t *testing.T, lang, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(ctx, cli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return map[string]string{"PACER_LANG": lang}[k] }}, args)
	return result{code, out.String(), errb.String()}
}

// A register file's money column that is not a number: with PACER_LANG=en the message names the
// file, row, column and value, and says the unit in English (100m yuan), never 亿元. The rows'
// other cells are valid Chinese data (a stage, a source region, a level), which the messages do
// not quote.
func TestEnglishRegisterErrorsHaveNoChinese(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lang.db")
	leads := writeFile(t, dir, "leads.csv", "code,name,stage,investment,industry,source_region,team,region_code,signed_date\n"+
		"L1,lead,签约,abc,materials,大湾区,team,440781,2023-08-15\n")
	firms := writeFile(t, dir, "firms.csv", "credit_code,name,region_code,industry,titles,above_scale_date,output,tax\n"+
		"91350100M000100Y43,firm,440781,materials,,,abc,0.1\n")
	projects := writeFile(t, dir, "projects.csv", "code,name,level,category,region_code,stage,total_investment,annual_plan,year\n"+
		"P1,project,省重点,工业,440781,动工,abc,4,2023\n")
	for _, tc := range []struct{ file, want string }{
		{leads, "leads.csv:2:investment"}, {firms, "firms.csv:2:output"}, {projects, "projects.csv:2:total_investment"},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			en := runLang(t, "en", "", "import", "--db", db, tc.file)
			if en.code != 1 || !strings.Contains(en.stderr, tc.want) || !strings.Contains(en.stderr, "100m yuan") {
				t.Errorf("en: got exit %d, stderr %q; want 1 and a message naming %q in 100m yuan", en.code, en.stderr, tc.want)
			}
			if h := han.FindString(en.stderr); h != "" {
				t.Errorf("en: got %q in stderr %q, want no Chinese", h, en.stderr)
			}
			if zh := runLang(t, "", "", "import", "--db", db, tc.file); zh.code != 1 || !strings.Contains(zh.stderr, "亿元") {
				t.Errorf("zh-CN: got exit %d, stderr %q; want 1 and a message in 亿元", zh.code, zh.stderr)
			}
		})
	}
}

// A file whose header the import does not read — a leads file written with Chinese headers —
// is refused with every header it does read, the registers' among them, in either language.
func TestImportUnknownHeaderNamesRegisters(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lang.db")
	f := writeFile(t, dir, "leads.csv", "线索编号,项目名称,阶段,计划投资\nL1,x,签约,5\n")
	for lang, want := range map[string][]string{
		"": {"leads.csv:1", "招商线索 code,name,stage,investment,industry,source_region,team,region_code,signed_date",
			"重点项目 code,name,level", "企业 credit_code", "单位 code,name,region_code,kind", "地区,指标名称,期别,累计值,增速(%)"},
		"en": {"leads.csv:1", "attraction leads code,name,stage,investment,industry,source_region,team,region_code,signed_date",
			"key projects code,name,level", "enterprises credit_code", "units code,name,region_code,kind"},
	} {
		r := runLang(t, lang, "", "import", "--db", db, f)
		for _, w := range want {
			if r.code != 1 || !strings.Contains(r.stderr, w) {
				t.Errorf("lang %q: got exit %d, stderr %q; want 1 and %q", lang, r.code, r.stderr, w)
			}
		}
	}
}
