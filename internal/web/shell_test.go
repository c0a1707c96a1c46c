package web

import (
	"bytes"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/locale"
)

// The shell of the layout, with a request's values written between its parts, is the page the
// layout itself renders from those values — for every role and language, with a path and form
// token that need escaping; and a page title is not escaped twice.
func TestShellMatchesLayout(t *testing.T) {
	v := renderedPage{Title: "鹤山市 · 2023-06", Head: `<style>x{}</style>`, Before: `<p id="before">逾期</p>`,
		Content: `<section id="content">看板</section>`}
	for _, lang := range locale.Languages {
		for _, role := range append(domain.Roles, "") {
			page := Page{Lang: lang, Home: "鹤山市 2023 年", CSRF: `tok"en<&>'`, Path: `/dashboard?region=440784&period=2023-06&x="><script>`}
			if role != "" {
				page.User = domain.User{Username: "ana-" + string(role), Role: role}
			}
			want := layoutOf(t, lang, page, v)
			sh, err := makeShell(lang, Page{Lang: lang, User: page.User, Home: page.Home})
			if err != nil {
				t.Fatal(err)
			}
			got := string(fill(sh, v, page.CSRF, page.Path))
			if got != want {
				t.Errorf("%s, %q: the shell's page differs from the layout's\n got: %.600s\nwant: %.600s", lang, role, got, want)
			}
			if strings.Contains(got, "<script>") || strings.Contains(got, slotMark) {
				t.Errorf("%s, %q: the path is written unescaped, or a marker is left: %.600s", lang, role, got)
			}
		}
	}
	sh, err := makeShell("zh-CN", Page{Lang: "zh-CN"})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(fill(sh, renderedPage{Title: "计划 &amp; 实际"}, "", "/")); !strings.Contains(got, "<title>计划 &amp; 实际 · Pacer</title>") {
		t.Errorf("title: got %.300s, want the block's own escaping kept once", got)
	}
}

// layoutOf renders cached.html the slow way, as render does.
func layoutOf(t *testing.T, lang string, page Page, v renderedPage) string {
	t.Helper()
	page.Data = v
	var buf bytes.Buffer
	if err := pageSets()[lang]["cached.html"].Execute(&buf, page); err != nil {
		t.Fatal(err)
	}
	// The slow way escapes the title block's output a second time; the page blocks used here
	// have nothing to escape, so both agree.
	return buf.String()
}
