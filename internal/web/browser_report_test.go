package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pacer/internal/demo"
	"pacer/internal/domain"
)

// TestBrowserReportEdit: in Debian's Chromium the analyst edits the headline paragraph of the
// demo's June analysis — words added around its number tokens — sees the figures filled back in,
// then marks the report final and finds version 1 listed as 定稿 and current.
func TestBrowserReportEdit(t *testing.T) {
	tab := browser(t)
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	at := "?region=" + demo.Region + "&period=2023-06"
	browserLogin(t, tab, base, "demo-analyst", demoPassword)
	const form = `section[data-key="headline/gdp"] `
	step(t, tab, "open the edit page", chromedp.Do(tab,
		chromedp.Navigate(base+"/report/monthly/edit"+at),
		chromedp.WaitVisible(form+`textarea`),
	))
	tmpl, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector('`+form+`textarea').value`))
	step(t, tab, "read the paragraph's words", err)
	if !strings.Contains(tmpl, "地区生产总值{{3}}亿元") {
		t.Fatalf("the textarea: got %q, want the words with number tokens", tmpl)
	}
	step(t, tab, "edit the words", chromedp.Do(tab, chromedp.SetValue(form+`textarea`, "据初步核算，"+tmpl)))
	_, err = chromedp.RunResponse(tab, chromedp.Click(form+`button.para-save`))
	step(t, tab, "save the paragraph", err)
	loc, err := chromedp.Run(tab, chromedp.Location())
	step(t, tab, "where the save led", err)
	if !strings.Contains(loc, "/report/monthly/edit?region=440784&period=2023-06#p-headline") {
		t.Errorf("after saving: at %s, want the June edit page at the paragraph", loc)
	}
	step(t, tab, "the edited paragraph", chromedp.Do(tab, chromedp.WaitVisible(form+`p.hint`)))
	text, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector('`+form+`p.para-text').innerText`))
	step(t, tab, "read the paragraph", err)
	if !strings.HasPrefix(text, "据初步核算，1–6月，全市地区生产总值223.83亿元，同比增长4.7%") {
		t.Errorf("the paragraph after the edit: got %q", text)
	}
	step(t, tab, "open the versions", chromedp.Do(tab,
		chromedp.Navigate(base+"/report/monthly/versions"+at),
		chromedp.WaitVisible(chromedp.ID("report-nofinal")),
	))
	_, err = chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("report-final")))
	step(t, tab, "mark final", err)
	step(t, tab, "final", chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("report-current"))))
	list, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById('report-versions').innerText`))
	step(t, tab, "read the versions", err)
	if !strings.Contains(list, "定稿") || !strings.Contains(list, "demo-analyst") {
		t.Errorf("versions: got %q, want version 1 final by demo-analyst", list)
	}
	vs, err := s.ReportVersions(ctx, demo.Region, "2023-06")
	if err != nil || len(vs) != 1 || vs[0].State != domain.ReportFinal {
		t.Fatalf("kept: got %+v, %v", vs, err)
	}
	v, err := s.ReportVersion(ctx, vs[0].ID)
	if err != nil || !strings.Contains(docxText(t, v.Docx), "据初步核算，1–6月") {
		t.Errorf("the final .docx lacks the edited words (%v)", err)
	}
}
