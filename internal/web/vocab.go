package web

import (
	"fmt"
	"strings"

	"pacer/internal/locale"
)

// vocab names a register's fixed word in lang (locale.Word): a form's option keeps the Chinese
// word as its value.
func vocab(lang string, word any) string { return locale.Word(lang, fmt.Sprint(word)) }

// vocabJSON names the fixed words of a stored register revision (its JSON as it was saved) in
// lang: a revision keeps its values, the words are the catalogue's at view time. Typed values
// stay as they were written.
func vocabJSON(lang, body string) string {
	if locale.Match(lang) != "en" {
		return body
	}
	locale.Words(func(w, k string) {
		body = strings.ReplaceAll(body, `"`+w+`"`, `"`+locale.T(lang, k)+`"`)
	})
	return body
}
