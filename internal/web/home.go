package web

import (
	"net/http"
	"strconv"
	"time"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/setup"
)

// homeAt is where pages open when the URL names no region, year or period: the deployment's
// settings (the first-run step), under the overrides the server was started with (HomeRegion,
// HomePeriod: pacer serve's --region and --period).
type homeAt struct {
	Region string
	Name   string
	Year   int
	Period string // the latest period of Year with a figure of Region, else HomePeriod, else ""
}

// homeOf reads where pages open; a deployment without a home region is refused with a message
// saying how to set it.
func (s *Server) homeOf(r *http.Request) (homeAt, error) {
	ctx := r.Context()
	h, err := cached(s, ctx, "home", func() (setup.Home, error) { return s.Setup.Home(ctx) })
	if err != nil {
		return homeAt{}, err
	}
	region, year := h.Region.Code, h.Year
	if s.HomeRegion != "" {
		region = s.HomeRegion
	}
	if p, err := pace.ParsePeriod(s.HomePeriod); err == nil {
		year = p.Year
	}
	if region == "" {
		return homeAt{}, domain.E(domain.EINVALID, "setup.needed")
	}
	if year == 0 {
		year = time.Now().Year()
	}
	sc := domain.ScopeOf(ctx)
	if region != h.Region.Code || year != h.Year || !sc.Whole() {
		key := "home\x00" + region + "\x00" + strconv.Itoa(year)
		at := func() (setup.Home, error) { return s.Setup.At(ctx, region, year) }
		h, err = cached(s, ctx, key, at)
		if domain.ErrorKind(err) == domain.ENOTFOUND && !sc.Whole() && region != sc.Region {
			// The home county is outside the account's scope: its pages open at its own region.
			region = sc.Region
			h, err = cached(s, ctx, "home\x00"+region+"\x00"+strconv.Itoa(year), at)
		}
		if err != nil {
			return homeAt{}, err
		}
	}
	at := homeAt{Region: region, Name: h.Region.Name, Year: year, Period: h.Latest}
	if at.Period == "" {
		at.Period = s.homePeriodOf(year)
	}
	return at, nil
}

// homePeriodOf is the server's home period (pacer serve --period) when it is of year, else "".
func (s *Server) homePeriodOf(year int) string {
	if p, err := pace.ParsePeriod(s.HomePeriod); err == nil && p.Year == year {
		return s.HomePeriod
	}
	return ""
}

// latest is the latest period of year in which region has a figure; else the server's home
// period when it is of that year; else "".
func (s *Server) latest(r *http.Request, region string, year int) (string, error) {
	ctx := r.Context()
	return cached(s, ctx, "latest\x00"+region+"\x00"+strconv.Itoa(year), func() (string, error) {
		p, err := s.Setup.Latest(ctx, region, year)
		if p == "" {
			p = s.homePeriodOf(year)
		}
		return p, err
	})
}

// homeLabel is the header's "台山市 · 2023 年", "" when the deployment has no home yet.
func (s *Server) homeLabel(r *http.Request, lang string) string {
	at, err := s.homeOf(r)
	if err != nil {
		return ""
	}
	name := at.Name
	if name == "" {
		name = at.Region
	}
	return locale.T(lang, "setup.header", name, at.Year)
}
