package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"pacer/internal/domain"
)

// upload posts a file to the import form and returns the preview.
func (c *client) upload(name, text string) response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		c.t.Fatal(err)
	}
	fw.Write([]byte(text))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+"/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	r := c.do(req)
	if loc := r.header.Get("Location"); r.code == http.StatusSeeOther && strings.HasPrefix(loc, "/import") {
		return c.get(loc)
	}
	return r
}

// The import preview names a target's tier in the page's language, never by its code.
func TestImportPreviewTierNames(t *testing.T) {
	fx := newFixture(t)
	targets := "region_code,indicator,year,tier,value,growth,source\n" +
		"441781,gdp,2024,assigned,,7.8,阳江市下达\n" + // revises 7.5
		"441781,gdp,2024,stretch,330,,阳春市自我加压\n" // unchanged
	for _, tc := range []struct {
		lang        string // the catalogue's en names happen to be the codes: en checks only that zh-CN is absent
		want, never []string
	}{
		{"zh-CN", []string{"2024 下达", "2024 自我加压"}, []string{"assigned", "stretch"}},
		{"en", []string{"2024 assigned", "2024 stretch"}, []string{"下达", "自我加压"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			c := fx.login(t, domain.RoleAnalyst)
			if tc.lang == "en" {
				c.english()
			}
			r := c.upload("targets.csv", targets)
			if r.code != http.StatusOK {
				t.Fatalf("upload: got %d\n%s", r.code, r.body)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("preview: got no %q\n%s", w, r.body)
				}
			}
			for _, n := range tc.never {
				if strings.Contains(r.body, ">2024 "+n) {
					t.Errorf("preview: got the tier %q shown by its code", n)
				}
			}
		})
	}
}

// The 示例 disclaimer is on a page only when the page shows a 示例 figure: the fixture's 示例 is
// 阳春's retail 2023-06 (the base of its 2024-06 growth) and a goal-tree note of 阳春.
func TestSampleDisclaimerOnlyWithSample(t *testing.T) {
	fx := newFixture(t)
	c := fx.login(t, domain.RoleLeader)
	const note = "仅为演示而设"
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"/dashboard?region=441781&period=2024-06", true},
		{"/dashboard?region=441702&period=2024-06", false}, // 江城: no 示例 figure
		{"/scorecard?region=441781&period=2024-06", true},
		{"/scorecard?region=441702&period=2024-06", false},
		{"/indicators/retail?region=441781&period=2024-06", true},
		{"/indicators/gdp?region=441781&period=2024-06", false},
	} {
		r := c.get(tc.path)
		if r.code != http.StatusOK {
			t.Fatalf("GET %s: got %d", tc.path, r.code)
		}
		if got := strings.Contains(r.body, note); got != tc.want {
			t.Errorf("GET %s: got the 示例 disclaimer %v, want %v", tc.path, got, tc.want)
		}
	}
}

// A region ranked alone (no peer has a figure) reads "无同级数据", never "1/1", on the page and in
// its download: at 2024-03 only 阳春 has retail (20.00 +11.1); at 2024-06 its peers do too, and
// by growth 阳春 10.0 > 阳东 9.0 > 江城 8.0 > 阳西 7.0 ranks 1/4.
func TestRankAloneSaysNoPeers(t *testing.T) {
	fx := newFixture(t)
	for _, tc := range []struct {
		lang, period, want, never string
	}{
		{"zh-CN", "2024-03", "无同级数据", "1/1"},
		{"en", "2024-03", "no peers", "1/1"},
		{"zh-CN", "2024-06", "1/4", "无同级数据"},
	} {
		t.Run(tc.lang+"-"+tc.period, func(t *testing.T) {
			c := fx.login(t, domain.RoleLeader)
			if tc.lang == "en" {
				c.english()
			}
			q := "?region=441781&period=" + tc.period
			row := regexp.MustCompile(`(?s)<tr><td[^>]*><a href="/indicators/retail[^"]*">.*?</tr>`)
			for _, page := range []string{"/scorecard", "/dashboard"} {
				r := c.get(page + q)
				if r.code != http.StatusOK {
					t.Fatalf("GET %s%s: got %d", page, q, r.code)
				}
				got := row.FindString(r.body)
				if page == "/dashboard" {
					got = dashElement(t, r.body, "retail")
				}
				if !strings.Contains(got, ">"+tc.want+"<") || strings.Contains(got, ">"+tc.never+"<") {
					t.Errorf("GET %s%s retail: got %q, want the rank %q", page, q, got, tc.want)
				}
			}
			r := c.get("/scorecard" + q + "&format=xlsx")
			_, _, rows := mgXLSX(t, r.header, []byte(r.body))
			found := false
			for _, cells := range rows {
				for _, cell := range cells {
					found = found || cell == tc.want
					if cell == tc.never {
						t.Errorf("scorecard xlsx: got a cell %q", cell)
					}
				}
			}
			if !found {
				t.Errorf("scorecard xlsx: got no cell %q\n%v", tc.want, rows)
			}
		})
	}
}

// Every "—" in a rank, completion or 需增速 cell of the scorecard and the dashboard says why on
// hover, in the page's language, and the download's note column says it too. 阳春's
// attracted_projects has no growth: its rank is "—" because 缺少累计增速.
func TestDashReasonsOnHover(t *testing.T) {
	fx := newFixture(t)
	cell := regexp.MustCompile(`<(?:td|span|div) class="(?:n )?(rank|completion|required)"([^>]*)>—</(?:td|span|div)>`)
	for _, tc := range []struct{ lang, why string }{
		{"zh-CN", "缺少累计增速"},
		{"en", "growth is missing"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			c := fx.login(t, domain.RoleLeader)
			if tc.lang == "en" {
				c.english()
			}
			for _, path := range []string{"/scorecard?region=441781&period=2024-06", "/scorecard?region=441781&period=2024-03",
				"/dashboard?region=441781&period=2024-06"} {
				body := c.get(path).body
				cells := cell.FindAllStringSubmatch(body, -1)
				if len(cells) == 0 {
					t.Fatalf("GET %s: got no \"—\" in a rank, completion or 需增速 cell", path)
				}
				for _, m := range cells {
					title := regexp.MustCompile(`title="([^"]+)"`).FindStringSubmatch(m[2])
					if title == nil {
						t.Errorf("GET %s: got a %s cell \"—\" with no reason: %s", path, m[1], m[0])
						continue
					}
					if tc.lang == "en" && han.MatchString(title[1]) {
						t.Errorf("GET %s in English: got the reason %q", path, title[1])
					}
				}
			}
			r := c.get("/scorecard?region=441781&period=2024-06")
			if !strings.Contains(r.body, `title="`) || !regexp.MustCompile(`attracted_projects(?s:.*?)class="n rank"[^>]*title="[^"]*`+tc.why).MatchString(r.body) {
				t.Errorf("GET /scorecard: got no rank reason %q for attracted_projects", tc.why)
			}
			x := c.get("/scorecard?region=441781&period=2024-06&format=xlsx")
			_, _, rows := mgXLSX(t, x.header, []byte(x.body))
			note := -1
			for i, h := range rows[0] {
				if h == map[string]string{"zh-CN": "说明", "en": "Note"}[tc.lang] {
					note = i
				}
			}
			found := false
			for _, row := range rows[1:] {
				if len(row) > note && note >= 0 && strings.Contains(row[note], tc.why) {
					found = true
				}
			}
			if !found {
				t.Errorf("scorecard xlsx: got no note %q (note column %d)\n%v", tc.why, note, rows)
			}
		})
	}
}

// The login page has a language switch: before signing in, a visitor turns the page to English
// and back, and the next page is kept.
func TestLoginLanguageSwitch(t *testing.T) {
	fx := newFixture(t)
	c := newClient(t, fx.base)
	page := c.get("/login?next=%2Fscorecard")
	if !strings.Contains(page.body, `href="/login?lang=en&amp;next=%2fscorecard"`) {
		t.Fatalf("GET /login: got no switch to English\n%s", page.body)
	}
	for _, tc := range []struct{ lang, want, switchTo string }{
		{"en", "Sign in", "zh-CN"},
		{"zh-CN", "登录", "en"},
	} {
		r := c.get("/login?lang=" + tc.lang + "&next=%2Fscorecard")
		if r.code != http.StatusSeeOther || r.header.Get("Location") != "/login?next=%2Fscorecard" {
			t.Fatalf("GET /login?lang=%s: got %d to %q, want 303 to /login?next=%%2Fscorecard", tc.lang, r.code, r.header.Get("Location"))
		}
		page := c.get(r.header.Get("Location"))
		if !strings.Contains(page.body, `<html lang="`+tc.lang+`"`) || !strings.Contains(page.body, tc.want) ||
			!strings.Contains(page.body, `href="/login?lang=`+tc.switchTo) {
			t.Errorf("GET /login after switching to %s: got no %q page with a switch to %s\n%.1500s", tc.lang, tc.want, tc.switchTo, page.body)
		}
	}
}
