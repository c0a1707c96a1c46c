package locale

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every key exists in every language, with the same formatting verbs.
func TestCatalogsComplete(t *testing.T) {
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)
	for _, a := range Languages {
		for _, b := range Languages {
			for _, k := range Keys(a) {
				v, ok := catalogs[b][k]
				if !ok {
					t.Errorf("key %q is in %s but missing in %s", k, a, b)
					continue
				}
				if got, want := verbs.FindAllString(v, -1), verbs.FindAllString(catalogs[a][k], -1); strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("key %q: %s has verbs %v, %s has %v", k, b, got, a, want)
				}
			}
		}
	}
}

// Every key the templates and Go code use is in the catalogs: `T "key"` in templates and
// T(lang, "key") / tr(r, "key") in Go.
func TestUsedKeysExist(t *testing.T) {
	uses := regexp.MustCompile(`(?:\bT\s+"|\bT\(\s*[a-zA-Z.()]+,\s*"|\btr\(\s*r,\s*")([a-z0-9_.]+)"`)
	root := filepath.Join("..", "web")
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
			for _, lang := range Languages {
				if _, ok := catalogs[lang][m[1]]; !ok {
					t.Errorf("%s uses key %q, missing in %s", p, m[1], lang)
				}
			}
		}
		return nil
	})
}

func TestMatch(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "en-US": "en", "zh-CN": "zh-CN", "": "zh-CN", "fr": "zh-CN"} {
		if got := Match(in); got != want {
			t.Errorf("Match(%q): got %q, want %q", in, got, want)
		}
	}
}
