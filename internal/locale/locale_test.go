package locale

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Every key exists in every language, taking the same arguments: the same verbs in the same
// order, or, where a translation numbers them explicitly (%[2]s: to reorder them, or to use
// other ones, such as a code in English where Chinese shows a name), the same kind of verb for
// each argument both use. %s and %q are one kind.
func TestCatalogsComplete(t *testing.T) {
	for _, a := range Languages {
		for _, b := range Languages {
			for _, k := range Keys(a) {
				v, ok := catalogs[b][k]
				if !ok {
					t.Errorf("key %q is in %s but missing in %s", k, a, b)
					continue
				}
				if msg := sameArgs(catalogs[a][k], v); msg != "" {
					t.Errorf("key %q: %s %q and %s %q: %s", k, a, catalogs[a][k], b, v, msg)
				}
			}
		}
	}
}

var verb = regexp.MustCompile(`%%|%[-+# 0]*(?:\[(\d+)\])?[0-9]*(?:\.[0-9]*)?([a-zA-Z])`)

// args lists the argument kinds a format takes (index 0 = argument 1) and whether it numbers
// them explicitly. A "%" not followed by a verb is literal text (a key used without arguments).
func args(format string) (kinds map[int]string, explicit bool, max int) {
	kinds = map[int]string{}
	n := 0
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		if m[0] == "%%" {
			continue
		}
		if m[1] != "" {
			explicit = true
			i, _ := strconv.Atoi(m[1])
			n = i - 1
		}
		kind := m[2]
		switch kind {
		case "q", "v":
			kind = "s"
		case "g", "e":
			kind = "f"
		}
		kinds[n] = kind
		n++
		if n > max {
			max = n
		}
	}
	return kinds, explicit, max
}

// sameArgs says how two formats differ in the arguments they take ("" when they do not).
func sameArgs(a, b string) string {
	ka, ea, na := args(a)
	kb, eb, nb := args(b)
	if na != nb && !ea && !eb {
		return fmt.Sprintf("%d arguments against %d", na, nb)
	}
	for i, k := range ka {
		if o, ok := kb[i]; ok && o != k {
			return fmt.Sprintf("argument %d is %%%s against %%%s", i+1, k, o)
		} else if !ok && !ea && !eb {
			return fmt.Sprintf("argument %d is unused in one", i+1)
		}
	}
	return ""
}

func TestSameArgs(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"「%s」— 应为%s", "%q — expected %s", true},
		{"%s 与 %d", "%d and %s", false},
		{"与 %s 的 %s 冲突", "conflicts with %[2]s at %[1]s", true},
		{"%[1]s %[2]s：%[5]s", "%[3]s %[4]s: %[5]s", true},
		{"%s %d", "%s", false},
		{"增速 %s%% 与 %s", "growth %s%% against %s", true},
		{"数字（如 4.7%），未公布请留空", "a number (e.g. 4.7%), or blank", true},
		{"第 %d 行", "row %s", false},
	} {
		if got := sameArgs(tc.a, tc.b) == ""; got != tc.same {
			t.Errorf("sameArgs(%q, %q): got same=%v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

// Every key the templates and Go code anywhere under internal/ use is in the catalogs: `T "key"`
// in templates; in Go T(lang, "key"), tr(r, "key"), domain.E(kind, "key"…), locale.M("key"…),
// locale.Key("key"), the key given to a helper that builds a message (fail, skip, checkText:
// its first dotted literal) and a key held in a variable (key, why, note, what).
func TestUsedKeysExist(t *testing.T) {
	uses := regexp.MustCompile(`(?:\bT\s+"|\bT\(\s*[a-zA-Z.()]+,\s*"|\btr\(\s*r,\s*"|\bE\(\s*[\w.]+,\s*"|\bM\(\s*"|\bKey\(\s*"|` +
		`\b(?:key|why|note|what)\s*:?=\s*"|\b(?:fail|skip|checkText)\([^\n]*?")([a-z0-9_]+\.[a-z0-9_.\-]*)"`)
	seen := 0
	root := ".."
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		if !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".go") {
			return nil
		}
		b, _ := os.ReadFile(p)
		for _, m := range uses.FindAllStringSubmatch(string(b), -1) {
			if strings.HasSuffix(m[1], ".") { // a prefix completed at run time ("status."+s)
				continue
			}
			seen++
			for _, lang := range Languages {
				if _, ok := catalogs[lang][m[1]]; !ok {
					t.Errorf("%s uses key %q, missing in %s", p, m[1], lang)
				}
			}
		}
		return nil
	})
	if seen < 500 {
		t.Errorf("found %d uses of catalogue keys under internal/, want at least 500 (is the pattern still right?)", seen)
	}
}

func TestMatch(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "en-US": "en", "zh-CN": "zh-CN", "": "zh-CN", "fr": "zh-CN"} {
		if got := Match(in); got != want {
			t.Errorf("Match(%q): got %q, want %q", in, got, want)
		}
	}
}

func TestAccept(t *testing.T) {
	for _, tc := range []struct {
		header, want string
		ok           bool
	}{
		{"en", "en", true},
		{"en-US,en;q=0.9", "en", true},
		{"zh-CN,zh;q=0.9,en;q=0.8", "zh-CN", true},
		{"fr-FR, en;q=0.5, zh;q=0.7", "zh-CN", true},
		{"fr, EN-gb;q=0.3", "en", true},
		{"en;q=0, zh-TW;q=0.1", "zh-CN", true},
		{"fr, de", "", false},
		{"", "", false},
		{"*", "", false},
		{"english", "", false},
	} {
		if got, ok := Accept(tc.header); got != tc.want || ok != tc.ok {
			t.Errorf("Accept(%q): got %q %v, want %q %v", tc.header, got, ok, tc.want, tc.ok)
		}
	}
}
