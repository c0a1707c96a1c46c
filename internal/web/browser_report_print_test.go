package web_test

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pacer/internal/app"
	"pacer/internal/demo"
	"pacer/internal/store"
)

// TestBrowserReportPrint prints the demo's June analysis (鹤山市 2023) to PDF in Debian's
// Chromium, from the dashboard's link 打印视图, on A4 with the page's own CSS size preferred, and
// reads the PDF back with poppler (pdftotext -layout, pdfinfo): A4 pages (595 × 842 pt), more
// than one, each numbered "— N —" by the page's CSS, the county, the headline sentence, and every
// heading and paragraph of the report as composed for the .docx. No page error on the way. The
// PDFs are kept in artifacts/report-print/.
func TestBrowserReportPrint(t *testing.T) {
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found (%v): run scripts/test.sh, which installs poppler-utils", tool, err)
		}
	}
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		blocks, err := app.Services(s).Reports.MonthlyBlocks(ctx, demo.Region, "2023-06", "zh-CN")
		if err != nil {
			t.Fatal(err)
		}
		tab := browser(t)
		pe := watchPageErrors(t, tab)
		browserLogin(t, tab, base, "demo-analyst", demoPassword)
		step(t, tab, "open the dashboard", chromedp.Do(tab,
			chromedp.Navigate(base+"/dashboard?region="+demo.Region+"&period=2023-06"),
			chromedp.WaitVisible(chromedp.ID("report-print-link"))))
		res, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("report-print-link")))
		step(t, tab, "follow 打印视图", err)
		if res.Status != http.StatusOK || !strings.Contains(res.URL, "/report/monthly/print?") {
			t.Fatalf("打印视图: got %d %s, want 200 from /report/monthly/print", res.Status, res.URL)
		}
		loaded, err := chromedp.Run(tab, chromedp.Evaluate[bool](
			`document.fonts.ready.then(() => document.images.length > 0 && [...document.images].every(i => i.complete && i.naturalWidth > 0))`,
			chromedp.EvalAwaitPromise))
		step(t, tab, "wait for the charts and fonts", err)
		if !loaded {
			t.Errorf("the print view's charts did not load")
		}
		// The page's <style> applies (the CSP admits it by its hash): the title centred in 二号 (22 pt).
		title, err := chromedp.Run(tab, chromedp.Evaluate[string](
			`(s => s.textAlign + " " + s.fontSize)(getComputedStyle(document.querySelector("#report-print h1")))`))
		step(t, tab, "read the title's style", err)
		if want := "center 29.3333px"; title != want {
			t.Errorf("the title's style: got %q, want %q (22 pt)", title, want)
		}
		pdf, err := chromedp.Run(tab, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
		step(t, tab, "print to PDF", err)
		file := filepath.Join(artifactDir(t, "report-print"), "monthly-"+demo.Region+"-2023-06-"+filepath.Base(t.Name())+".pdf")
		if err := os.WriteFile(file, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, e := range pe.take() {
			t.Errorf("page error: %s", e)
		}

		info := poppler(t, "pdfinfo", file)
		size := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts`).FindStringSubmatch(info)
		if size == nil {
			t.Fatalf("pdfinfo gives no page size:\n%s", info)
		}
		w, _ := strconv.ParseFloat(size[1], 64)
		h, _ := strconv.ParseFloat(size[2], 64)
		if w < 594.5 || w > 596 || h < 841 || h > 842.5 { // A4: 210 × 297 mm = 595.3 × 841.9 pt
			t.Errorf("page size %s × %s pt, want A4 (595.3 × 841.9)", size[1], size[2])
		}
		m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)
		if m == nil {
			t.Fatalf("pdfinfo gives no page count:\n%s", info)
		}
		pages, _ := strconv.Atoi(m[1])
		if pages < 2 {
			t.Errorf("%d page(s), want more than one", pages)
		}

		// Each page ends with its number (the CSS @bottom-center box); the text without the page
		// numbers and without white space (lines wrap where the page is full) holds the report's.
		// A heading is never a page's last line: it stays with the block it heads.
		headings := map[string]bool{}
		for _, b := range blocks {
			if b.Kind == "heading" || b.Kind == "subheading" {
				headings[strings.Join(strings.Fields(b.Text), "")] = true
			}
		}
		text := poppler(t, "pdftotext", "-layout", file, "-")
		numbers := regexp.MustCompile(`—\s*(\d+)\s*—\s*$`)
		var body strings.Builder
		for i, page := range strings.Split(strings.TrimRight(text, "\f\n"), "\f") {
			page = strings.TrimSpace(page)
			n := numbers.FindStringSubmatch(page)
			if n == nil || n[1] != strconv.Itoa(i+1) {
				t.Errorf("page %d ends %q, want its number — %d —", i+1, tail(page, 40), i+1)
			} else {
				page = strings.TrimSpace(numbers.ReplaceAllString(page, ""))
			}
			if last := page[strings.LastIndex(page, "\n")+1:]; headings[strings.Join(strings.Fields(last), "")] {
				t.Errorf("page %d ends with the heading %q, want it on the next page with its block", i+1, last)
			}
			body.WriteString(page + "\n")
		}
		flat := strings.Join(strings.Fields(body.String()), "")
		for _, want := range []string{"鹤山市", "地区生产总值223.83亿元，同比增长4.7%"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the PDF's text lacks %q", want)
			}
		}
		var checked int
		for _, b := range blocks {
			switch b.Kind {
			case "title", "subtitle", "heading", "subheading", "para":
				checked++
				if want := strings.Join(strings.Fields(b.Text), ""); !strings.Contains(flat, want) {
					t.Errorf("the PDF's text lacks the %s %q", b.Kind, b.Text)
				}
			}
		}
		t.Logf("%s: %d pages of %.1f × %.1f pt, %d blocks of text found in it", file, pages, w, h, checked)
	})
}

// poppler runs a poppler-utils command and returns its output.
func poppler(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return string(out)
}

// tail is the last n runes of s.
func tail(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > n {
		r = r[len(r)-n:]
	}
	return string(r)
}
