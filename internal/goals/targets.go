package goals

import (
	"context"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Tiers are the two tiers of target, in the order pages show them.
var Tiers = []domain.Tier{domain.Assigned, domain.Stretch}

// TargetSheet is a region's year of targets: every indicator of the catalogue, in its order, with
// its current target at each tier (absent when none).
type TargetSheet struct {
	Region     domain.Region
	Year       int
	Indicators []domain.Indicator
	Current    map[string]map[domain.Tier]domain.Target // indicator → tier → target
}

// Targets returns the target sheet of region's year; region "" (no home region configured) is
// refused.
func (s *Service) Targets(ctx context.Context, region string, year int) (*TargetSheet, error) {
	if region == "" {
		return nil, domain.E(domain.EINVALID, "goals.no_region")
	}
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	r, err := s.store.Region(ctx, region)
	if err != nil {
		return nil, err
	}
	inds, err := s.store.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	targets, err := s.store.Targets(ctx, r.Code, year)
	if err != nil {
		return nil, err
	}
	sh := &TargetSheet{Region: r, Year: year, Indicators: inds, Current: map[string]map[domain.Tier]domain.Target{}}
	for _, t := range targets {
		if sh.Current[t.IndicatorCode] == nil {
			sh.Current[t.IndicatorCode] = map[domain.Tier]domain.Target{}
		}
		sh.Current[t.IndicatorCode][t.Tier] = t
	}
	return sh, nil
}

// TargetEntry is one indicator's target at one tier as a form gives it: both figures blank means
// no target (refused when one exists: targets are revised, never deleted).
type TargetEntry struct {
	Indicator     string
	Tier          domain.Tier
	Value, Growth *float64
	Source        string
}

// TargetError is a refused entry: which indicator and tier, and the field and rule.
type TargetError struct {
	Indicator string
	Tier      domain.Tier
	*domain.FieldError
}

// TargetErrors is every refused entry of one save; as an error it is EINVALID.
type TargetErrors []TargetError

func (es TargetErrors) Error() string {
	var b []string
	for _, e := range es {
		b = append(b, e.Indicator+"/"+string(e.Tier)+": "+e.FieldError.Error())
	}
	return strings.Join(b, "; ")
}

// Unwrap gives the first refusal, so that domain.ErrorKind says EINVALID.
func (es TargetErrors) Unwrap() error {
	if len(es) == 0 {
		return nil
	}
	return es[0].FieldError
}

// Saved counts what a save did.
type Saved struct {
	New, Revised, Unchanged int
}

// CheckTargets checks entries against region's year without writing: the sheet, and
// TargetErrors when any entry breaks a rule.
func (s *Service) CheckTargets(ctx context.Context, region string, year int, entries []TargetEntry) (*TargetSheet, error) {
	sh, err := s.Targets(ctx, region, year)
	if err != nil {
		return nil, err
	}
	_, err = sh.plan(entries)
	return sh, err
}

// SaveTargets checks every entry (domain's Target.Validate, and no clearing an existing target),
// then writes them all as one audited batch (a changed target is a new revision), or nothing. It
// returns the sheet as it was read (for a form shown again) and the counts.
func (s *Service) SaveTargets(ctx context.Context, by domain.Actor, region string, year int, entries []TargetEntry) (*TargetSheet, Saved, error) {
	sh, err := s.Targets(ctx, region, year)
	if err != nil {
		return nil, Saved{}, err
	}
	ts, err := sh.plan(entries)
	if err != nil {
		return sh, Saved{}, err
	}
	res, err := s.store.ApplyBatch(ctx, store.Batch{Actor: by.String(), SourceIP: by.IP, Source: "web /targets", Targets: ts})
	if err != nil {
		return sh, Saved{}, err
	}
	return sh, Saved{New: res.Targets.New, Revised: res.Targets.Revised, Unchanged: res.Targets.Unchanged}, nil
}

// plan turns entries into targets of the sheet's region and year, or refuses them.
func (sh *TargetSheet) plan(entries []TargetEntry) ([]domain.Target, error) {
	byCode := map[string]domain.Indicator{}
	for _, ind := range sh.Indicators {
		byCode[ind.Code] = ind
	}
	var ts []domain.Target
	var errs TargetErrors
	for _, e := range entries {
		ind, ok := byCode[e.Indicator]
		if !ok {
			return nil, domain.E(domain.EINVALID, "goals.unknown_indicator", e.Indicator)
		}
		if e.Value == nil && e.Growth == nil {
			if _, had := sh.Current[e.Indicator][e.Tier]; had {
				errs = append(errs, TargetError{e.Indicator, e.Tier, &domain.FieldError{Field: "value",
					Err: domain.E(domain.EINVALID, "goals.target.clear")}})
			}
			continue
		}
		t := domain.Target{RegionCode: sh.Region.Code, IndicatorCode: e.Indicator, Year: sh.Year, Tier: e.Tier,
			Value: e.Value, Growth: e.Growth, Source: e.Source}
		if ps := t.Problems(ind); len(ps) > 0 {
			for _, p := range ps {
				errs = append(errs, TargetError{e.Indicator, e.Tier, p})
			}
			continue
		}
		ts = append(ts, t)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return ts, nil
}
