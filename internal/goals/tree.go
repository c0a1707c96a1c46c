package goals

import (
	"context"
	"strconv"
	"strings"

	"pacer/internal/domain"
)

// Tree is a region's year of the goal tree: the headline (domain.Headline), the other focus
// points in order, and what the edit forms offer.
type Tree struct {
	Region     domain.Region
	Year       int
	Headline   *domain.FocusPoint
	Focus      []domain.FocusPoint
	Indicators []domain.Indicator // the catalogue, in its order
	Units      []domain.Unit      // the region's units and its towns'
	UnitNames  map[string]string  // every owner unit the tree names → its name (its code when unknown)
}

// Tree reads region's goal tree for year.
func (s *Service) Tree(ctx context.Context, region string, year int) (*Tree, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	r, err := s.store.Region(ctx, region)
	if err != nil {
		return nil, err
	}
	points, err := s.store.GoalTree(ctx, r.Code, year)
	if err != nil {
		return nil, err
	}
	inds, err := s.store.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	units, err := s.store.Units(ctx, r.Code)
	if err != nil {
		return nil, err
	}
	t := &Tree{Region: r, Year: year, Indicators: inds, Units: units, UnitNames: map[string]string{}}
	t.Headline, t.Focus = domain.Headline(points)
	for _, u := range units {
		t.UnitNames[u.Code] = u.Name
	}
	for _, fp := range points {
		for _, m := range fp.Measures {
			for _, o := range m.Owners() {
				if _, ok := t.UnitNames[o]; ok {
					continue
				}
				t.UnitNames[o] = o
				if u, err := s.store.Unit(ctx, o); err == nil {
					t.UnitNames[o] = u.Name
				}
			}
		}
	}
	return t, nil
}

// AddFocus appends a focus point titled title to region's year of the goal tree.
func (s *Service) AddFocus(ctx context.Context, by domain.Actor, region string, year int, title string) (domain.FocusPoint, error) {
	fp := domain.FocusPoint{RegionCode: region, Year: year, Title: strings.TrimSpace(title)}
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return fp, err
	}
	if _, err := s.store.Region(ctx, region); err != nil {
		return fp, err
	}
	if err := fp.Validate(); err != nil {
		return fp, err
	}
	return s.store.AddFocusPoint(ctx, who(by), region, year, fp.Title)
}

// FocusPoint returns a focus point (without its measures); an archived one is not found.
func (s *Service) FocusPoint(ctx context.Context, id int64) (domain.FocusPoint, error) {
	fp, err := s.store.FocusPoint(ctx, id)
	if err == nil {
		err = s.inScope(ctx, fp)
	}
	return fp, err
}

// inScope is nil when ctx's scope covers fp's region, else ENOTFOUND naming it.
func (s *Service) inScope(ctx context.Context, fp domain.FocusPoint) error {
	return domain.InScope(ctx, s.store, fp.RegionCode, strconv.FormatInt(fp.ID, 10))
}

// AddMeasure appends m to focus point focusID. It returns the measure added and the focus point.
func (s *Service) AddMeasure(ctx context.Context, by domain.Actor, focusID int64, m domain.Measure) (domain.Measure, domain.FocusPoint, error) {
	fp, err := s.FocusPoint(ctx, focusID)
	if err != nil {
		return m, fp, err
	}
	m = m.Clean()
	if err := s.checkMeasure(ctx, m); err != nil {
		return m, fp, err
	}
	added, err := s.store.AddMeasure(ctx, who(by), focusID, m)
	return added, fp, err
}

// MeasureFocus returns the focus point measure id belongs to.
func (s *Service) MeasureFocus(ctx context.Context, id int64) (domain.FocusPoint, error) {
	_, fp, err := s.store.Measure(ctx, id)
	if err == nil {
		err = s.inScope(ctx, fp)
	}
	return fp, err
}

// EditMeasure changes measure id to m (its figure stays a sample only while unchanged). It
// returns the focus point the measure belongs to.
func (s *Service) EditMeasure(ctx context.Context, by domain.Actor, id int64, m domain.Measure) (domain.FocusPoint, error) {
	old, fp, err := s.store.Measure(ctx, id)
	if err == nil {
		err = s.inScope(ctx, fp)
	}
	if err != nil {
		return fp, err
	}
	m = m.Clean().Edited(old)
	if err := s.checkMeasure(ctx, m); err != nil {
		return fp, err
	}
	_, err = s.store.EditMeasure(ctx, who(by), id, m)
	return fp, err
}

// ArchiveMeasure takes measure id off the goal tree (the row stays, archived) and returns its
// focus point.
func (s *Service) ArchiveMeasure(ctx context.Context, by domain.Actor, id int64) (domain.FocusPoint, error) {
	if fp, err := s.MeasureFocus(ctx, id); err != nil {
		return fp, err
	}
	return s.store.ArchiveMeasure(ctx, who(by), id)
}

// checkMeasure checks a cleaned measure: domain's rules, and that its indicator and owner units
// exist (the units within the caller's scope).
func (s *Service) checkMeasure(ctx context.Context, m domain.Measure) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if m.IndicatorCode != "" {
		if _, err := s.store.Indicator(ctx, m.IndicatorCode); err != nil {
			if domain.ErrorKind(err) == domain.ENOTFOUND {
				return domain.E(domain.EINVALID, "goals.unknown_indicator", m.IndicatorCode)
			}
			return err
		}
	}
	for _, u := range m.Owners() {
		unit, err := s.store.Unit(ctx, u)
		if err == nil {
			err = domain.InScope(ctx, s.store, unit.RegionCode, u) // another county's unit reads as unknown
		}
		if err != nil {
			if domain.ErrorKind(err) == domain.ENOTFOUND {
				return domain.E(domain.EINVALID, "goals.unknown_unit", u)
			}
			return err
		}
	}
	return nil
}
