package web_test

import (
	"regexp"
	"strings"
	"testing"

	"pacer/internal/domain"
)

// Probe 8: indicator links on the dashboard and the scorecard page keep the
// region and period as a query (they were escaped a second time: `?region%3d441781%26…`), so
// following one lands on the same region and period.
func TestProbe8_IndicatorLinksKeepRegionAndPeriod(t *testing.T) {
	fx := newFixture(t)
	c := fx.login(t, domain.RoleLeader)
	link := regexp.MustCompile(`href="(/indicators/retail[^"]*)"`)
	for _, page := range []string{"/dashboard?region=441781&period=2024-03", "/scorecard?region=441781&period=2024-03"} {
		r := c.get(page)
		m := link.FindStringSubmatch(r.body)
		if r.code != 200 || m == nil {
			t.Errorf("GET %s: got %d and no link to the retail page", page, r.code)
			continue
		}
		if want := "/indicators/retail?region=441781&amp;period=2024-03"; m[1] != want {
			t.Errorf("GET %s: link got %q, want %q", page, m[1], want)
		}
		// Retail's cumulative at 2024-03 is 20.00 (its June figure is 44.00).
		if ind := c.get(strings.ReplaceAll(m[1], "&amp;", "&")); !strings.Contains(ind.body, `<span class="value">20.00</span>`) {
			t.Errorf("following the link of %s: got no March figure 20.00, want the page at the linking page's period", page)
		}
	}
}
