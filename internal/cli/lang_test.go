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
