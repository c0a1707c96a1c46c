// Package units keeps the departments and towns (单位) that report figures: created, renamed and
// retired by analysts, and the indicators each reports. Every entry point — the /units page,
// `pacer unit`, the units file and an indicators file's owner_unit — goes through it.
package units

import (
	"context"
	"slices"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Service is the units workflow over one store. It holds no other state.
type Service struct {
	store *store.Store
}

// New returns the workflow over st.
func New(st *store.Store) *Service { return &Service{store: st} }

func who(a domain.Actor) store.Who { return store.Who{Username: a.Username, Role: a.Role, IP: a.IP} }

// NewUnit is a unit as an analyst gives it. Region is the county of a department; for a town,
// the town itself, or its county when the town is named by Name (from the catalogue) or is new
// (Code its 9-digit code).
type NewUnit struct {
	Code, Name, Region, Kind string
	Indicators               []string // what it reports (optional)
}

// Add creates a unit: a town of the county comes from the catalogue where it has one of that
// name or code, else it is added as a new town region.
func (s *Service) Add(ctx context.Context, by domain.Actor, n NewUnit) (domain.Unit, error) {
	u, town, err := s.plan(ctx, n)
	if err != nil {
		return u, err
	}
	region := u.RegionCode
	if town != nil {
		region = town.Parent // a new town: its county must be in scope
	}
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return u, err
	}
	if err := s.checkIndicators(ctx, n.Indicators); err != nil {
		return u, err
	}
	if err := s.store.CreateUnit(ctx, who(by), u, town); err != nil {
		return u, err
	}
	if len(n.Indicators) > 0 {
		if err := s.store.SetAssignments(ctx, who(by), u.Code, u.RegionCode, n.Indicators); err != nil {
			return u, err
		}
	}
	return u, nil
}

// plan validates n and resolves its region: the unit to create, and the town region to add
// with it when the catalogue lacks it.
func (s *Service) plan(ctx context.Context, n NewUnit) (domain.Unit, *domain.Region, error) {
	u := domain.Unit{Code: strings.TrimSpace(n.Code), Name: strings.TrimSpace(n.Name), RegionCode: strings.TrimSpace(n.Region),
		Kind: strings.TrimSpace(n.Kind)}
	if u.Kind == "" {
		u.Kind = domain.UnitDepartment
	}
	if err := u.Validate(); err != nil {
		return u, nil, err
	}
	r, err := s.store.Region(ctx, u.RegionCode)
	if err != nil {
		return u, nil, err
	}
	var towns []domain.Region
	if u.Kind == domain.UnitTown && r.Level == domain.LevelCounty {
		all, err := s.store.Regions(ctx)
		if err != nil {
			return u, nil, err
		}
		for _, t := range all {
			if t.Parent == r.Code {
				towns = append(towns, t)
			}
		}
	}
	return domain.PlaceUnit(u, r, towns)
}

func (s *Service) checkIndicators(ctx context.Context, codes []string) error {
	if len(codes) == 0 {
		return nil
	}
	inds, err := s.store.Indicators(ctx)
	if err != nil {
		return err
	}
	for _, c := range codes {
		if !slices.ContainsFunc(inds, func(i domain.Indicator) bool { return i.Code == c }) {
			return domain.E(domain.EINVALID, "units.unknown_indicator", c)
		}
	}
	return nil
}

// Rename gives a unit a new name.
func (s *Service) Rename(ctx context.Context, by domain.Actor, code, name string) error {
	name = strings.TrimSpace(name)
	if err := domain.CheckUnitName(name); err != nil {
		return err
	}
	if _, err := s.unit(ctx, code); err != nil {
		return err
	}
	return s.store.RenameUnit(ctx, who(by), code, name)
}

// Retire retires a unit: it reports no more and takes no new account. A unit an account still
// uses (not disabled) is refused.
func (s *Service) Retire(ctx context.Context, by domain.Actor, code string) error {
	if _, err := s.unit(ctx, code); err != nil {
		return err
	}
	n, err := s.store.RetireUnit(ctx, who(by), code)
	if err != nil {
		return err
	}
	if n > 0 {
		return domain.E(domain.ECONFLICT, "units.has_accounts", code, n)
	}
	return nil
}

// SetIndicators makes codes exactly what a unit in use reports (for its own region).
func (s *Service) SetIndicators(ctx context.Context, by domain.Actor, code string, codes []string) error {
	u, err := s.unit(ctx, code)
	if err != nil {
		return err
	}
	if u.Retired {
		return domain.E(domain.EINVALID, "units.retired", code)
	}
	if err := s.checkIndicators(ctx, codes); err != nil {
		return err
	}
	return s.store.SetAssignments(ctx, who(by), code, u.RegionCode, codes)
}

// Row is a unit with what it reports.
type Row struct {
	domain.Unit
	Indicators []string // indicator codes, by code
}

// Register is the units page: the units of a region (retired ones too) and the indicators one
// may assign.
type Register struct {
	Region     domain.Region
	Units      []Row
	Indicators []domain.Indicator
}

// List returns the units of region and of its towns (retired ones too), with what each reports;
// every unit when region is "".
func (s *Service) List(ctx context.Context, region string) (*Register, error) {
	reg := &Register{}
	if region != "" {
		if err := domain.InScope(ctx, s.store, region, ""); err != nil {
			return nil, err
		}
	} else {
		region = domain.ScopeOf(ctx).Region // every unit the scope covers
	}
	if region != "" {
		r, err := s.store.Region(ctx, region)
		if err != nil {
			return nil, err
		}
		reg.Region = r
	}
	us, err := s.store.AllUnits(ctx, region)
	if err != nil {
		return nil, err
	}
	for _, u := range us {
		as, err := s.store.Assignments(ctx, u.Code)
		if err != nil {
			return nil, err
		}
		row := Row{Unit: u}
		for _, a := range as {
			row.Indicators = append(row.Indicators, a.IndicatorCode)
		}
		reg.Units = append(reg.Units, row)
	}
	if reg.Indicators, err = s.store.Indicators(ctx); err != nil {
		return nil, err
	}
	return reg, nil
}

// unit is unit code when ctx's scope covers its region, else ENOTFOUND.
func (s *Service) unit(ctx context.Context, code string) (domain.Unit, error) {
	u, err := s.store.Unit(ctx, code)
	if err == nil {
		err = domain.InScope(ctx, s.store, u.RegionCode, code)
	}
	return u, err
}
