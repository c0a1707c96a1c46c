// Package locale holds the user-interface text: one catalog per language, each split into files
// by area (catalog/<lang>/<area>.json) so pages can add keys without touching each other.
// zh-CN is the default; en is second.
package locale

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

//go:embed catalog
var files embed.FS

// Languages lists the supported languages, default first.
var Languages = []string{"zh-CN", "en"}

var catalogs = load()

func load() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, lang := range Languages {
		out[lang] = map[string]string{}
		entries, err := fs.ReadDir(files, path.Join("catalog", lang))
		if err != nil {
			panic(err)
		}
		for _, e := range entries {
			b, err := files.ReadFile(path.Join("catalog", lang, e.Name()))
			if err != nil {
				panic(err)
			}
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				panic(fmt.Sprintf("locale: %s/%s: %v", lang, e.Name(), err))
			}
			for k, v := range m {
				if _, dup := out[lang][k]; dup {
					panic(fmt.Sprintf("locale: %s: key %q defined twice", lang, k))
				}
				out[lang][k] = v
			}
		}
	}
	return out
}

// Match returns the supported language for a requested one ("en-US" → "en"; anything else → zh-CN).
func Match(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "en") {
		return "en"
	}
	return "zh-CN"
}

// Accept returns the supported language an Accept-Language header prefers ("en-GB,en;q=0.9" →
// en; "fr, zh;q=0.5" → zh-CN): the tag of highest weight that is English or Chinese. ok is false
// when the header names neither.
func Accept(header string) (lang string, ok bool) {
	best := 0.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			if v, found := strings.CutPrefix(strings.TrimSpace(p), "q="); found {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				}
			}
		}
		var l string
		switch {
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			l = "en"
		case tag == "zh" || strings.HasPrefix(tag, "zh-"):
			l = "zh-CN"
		default:
			continue
		}
		if q > best {
			best, lang, ok = q, l, true
		}
	}
	return lang, ok
}

// T returns the text of key in lang, formatted with args (fmt verbs). A missing key returns the
// key itself in brackets, so it shows in a page; the catalog test fails on it first.
func T(lang, key string, args ...any) string {
	s, ok := catalogs[Match(lang)][key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) > 0 {
		args = append([]any(nil), args...) // the caller's Msg may be rendered again in another language
		for i, a := range args {
			switch a := a.(type) {
			case Key:
				args[i] = T(lang, string(a))
			case Msg:
				args[i] = a.In(lang)
			case Name:
				args[i] = a.In(lang)
			}
		}
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Keys returns the keys of lang's catalog.
func Keys(lang string) []string {
	var out []string
	for k := range catalogs[lang] {
		out = append(out, k)
	}
	return out
}
