// Package setup keeps the deployment's settings, set by the first-run step (`pacer setup`, the
// /setup page): the home county and its current year. Pages open at them when the URL names no
// region or year, at the latest period of that year with data.
package setup

import (
	"context"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/scorecard"
	"pacer/internal/store"
)

// Keys of the settings table.
const (
	KeyRegion   = "home_region"
	KeyYear     = "home_year"
	KeyDraftDay = "report_draft_day" // the day of the month the scheduler drafts the monthly analysis
)

// DefaultDraftDay is the day of the month the monthly analysis is drafted when no setting says:
// the 12th, after the bureau's figures of the month before are out.
const DefaultDraftDay = 12

// DraftDay is the day of the month (1–28) the scheduler drafts the monthly analysis on: the
// setting report_draft_day, else DefaultDraftDay (a setting outside 1–28 too).
func (s *Service) DraftDay(ctx context.Context) (int, error) {
	kv, err := s.store.Settings(ctx)
	if err != nil {
		return DefaultDraftDay, err
	}
	if d, err := strconv.Atoi(kv[KeyDraftDay]); err == nil && d >= 1 && d <= 28 {
		return d, nil
	}
	return DefaultDraftDay, nil
}

// SetDraftDay sets the day of the month (1–28) the monthly analysis is drafted on.
func (s *Service) SetDraftDay(ctx context.Context, by domain.Actor, day int) error {
	if day < 1 || day > 28 {
		return domain.E(domain.EINVALID, "setup.bad_draft_day", day)
	}
	return s.store.SetSettings(ctx, store.Who{Username: by.Username, Role: by.Role, IP: by.IP},
		map[string]string{KeyDraftDay: strconv.Itoa(day)})
}

// Service is the settings workflow over one store. It holds no other state.
type Service struct {
	store *store.Store
	sc    *scorecard.Service
}

// New returns the workflow over st; sc finds the latest period with data (its cache shared).
func New(st *store.Store, sc *scorecard.Service) *Service { return &Service{store: st, sc: sc} }

// Home is where the deployment's pages open: the home county, its current year, and the latest
// period of that year in which the county has a figure ("" when it has none yet).
type Home struct {
	Region domain.Region
	Year   int
	Latest string
}

// Set reports whether the first-run step has been done.
func (h Home) Set() bool { return h.Region.Code != "" && h.Year > 0 }

// Home reads the settings; a zero Home when the first-run step has not been done.
func (s *Service) Home(ctx context.Context) (Home, error) {
	kv, err := s.store.Settings(ctx)
	if err != nil {
		return Home{}, err
	}
	var h Home
	if code := kv[KeyRegion]; code != "" {
		if h.Region, err = s.store.Region(ctx, code); err != nil {
			return Home{}, err
		}
	}
	h.Year, _ = strconv.Atoi(kv[KeyYear])
	if h.Set() {
		if h.Latest, err = s.Latest(ctx, h.Region.Code, h.Year); err != nil {
			return Home{}, err
		}
	}
	return h, nil
}

// At is where pages open for region and year when they are not the settings' (pacer serve's
// overrides): the region, the year and its latest period with data.
// A region outside ctx's scope is ENOTFOUND.
func (s *Service) At(ctx context.Context, region string, year int) (Home, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return Home{}, err
	}
	r, err := s.store.Region(ctx, region)
	if err != nil {
		return Home{}, err
	}
	h := Home{Region: r, Year: year}
	h.Latest, err = s.Latest(ctx, region, year)
	return h, err
}

// Latest is the latest period of year in which region has a figure, "" when it has none.
func (s *Service) Latest(ctx context.Context, region string, year int) (string, error) {
	p, err := s.sc.LatestPeriod(ctx, region, year, "-")
	if p == "-" {
		p = ""
	}
	return p, err
}

// Configure sets the home county and its current year: region must be a county-level (or
// prefecture-level) region of the catalogue, year a four-digit year.
func (s *Service) Configure(ctx context.Context, by domain.Actor, region string, year int) (Home, error) {
	region = strings.TrimSpace(region)
	if err := domain.DeploymentWide(ctx); err != nil {
		return Home{}, err
	}
	if region == "" {
		return Home{}, domain.E(domain.EINVALID, "setup.region_missing")
	}
	r, err := s.store.Region(ctx, region)
	if err != nil {
		return Home{}, err
	}
	if r.Level != domain.LevelCounty && r.Level != domain.LevelPrefecture {
		return Home{}, domain.E(domain.EINVALID, "setup.not_county", r.Code, r.Name)
	}
	if year < 2000 || year > 2999 {
		return Home{}, domain.E(domain.EINVALID, "setup.bad_year", strconv.Itoa(year))
	}
	if err := s.store.SetSettings(ctx, store.Who{Username: by.Username, Role: by.Role, IP: by.IP},
		map[string]string{KeyRegion: r.Code, KeyYear: strconv.Itoa(year)}); err != nil {
		return Home{}, err
	}
	return s.Home(ctx)
}

// FirstRun stores region and year as the settings when none are stored yet (pacer serve's
// --region and --period, the demo): a deployment that has run once keeps what it was set to.
func (s *Service) FirstRun(ctx context.Context, by domain.Actor, region string, year int) error {
	h, err := s.Home(ctx)
	if err != nil || h.Set() || region == "" {
		return err
	}
	_, err = s.Configure(ctx, by, region, year)
	return err
}
