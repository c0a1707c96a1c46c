package plans

import (
	"context"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/pace"
)

// PlanEntry is a plan to store: Method shares, mean3 or linear freezes the plan derived now;
// entered takes Months (cumulative, typed by hand); quarters takes Quarters, the four quarters'
// own amounts the prefecture assigned. Approve stores it approved (frozen) at once.
type PlanEntry struct {
	Region, Indicator string
	Year              int
	Tier              domain.Tier
	Method            string
	Months            [12]*float64
	Quarters          [4]*float64
	Source            string
	Sample            bool
	Approve           bool
}

// SavePlan checks the entry (domain.MonthPlan.Validate) and stores it as the next version of its
// plan; an earlier approved version stays frozen.
func (s *Service) SavePlan(ctx context.Context, by domain.Actor, e PlanEntry) (domain.MonthPlan, error) {
	if e.Tier == "" {
		e.Tier = domain.Assigned
	}
	ind, err := s.store.Indicator(ctx, e.Indicator)
	if err != nil {
		return domain.MonthPlan{}, err
	}
	if err := domain.InScope(ctx, s.store, e.Region, ""); err != nil {
		return domain.MonthPlan{}, err
	}
	if _, err := s.store.Region(ctx, e.Region); err != nil {
		return domain.MonthPlan{}, err
	}
	p := domain.MonthPlan{RegionCode: e.Region, IndicatorCode: ind.Code, Year: e.Year, Tier: e.Tier, Method: e.Method,
		Source: e.Source, Sample: e.Sample, State: domain.PlanDraft}
	if e.Approve {
		p.State = domain.PlanApproved
	}
	switch e.Method {
	case domain.PlanEntered:
		p.Months = e.Months
		if ind.Kind == domain.KindStock {
			if p.Opening, err = s.opening(ctx, e.Region, ind.Code, e.Year); err != nil {
				return domain.MonthPlan{}, err
			}
		}
	case domain.PlanQuarters:
		if ind.Kind == domain.KindStock {
			if p.Opening, err = s.opening(ctx, e.Region, ind.Code, e.Year); err != nil {
				return domain.MonthPlan{}, err
			}
		}
		sum := p.Opening
		for q, a := range e.Quarters {
			if a == nil {
				return domain.MonthPlan{}, domain.E(domain.EINVALID, "plans.err.quarter_missing", q+1)
			}
			sum += *a
			v := sum
			p.Months[3*q+2] = &v
		}
	case domain.PlanShares, domain.PlanMean3, domain.PlanLinear:
		v, err := s.Plan(ctx, e.Region, ind.Code, e.Year, Options{Method: e.Method, Tier: e.Tier})
		if err != nil {
			return domain.MonthPlan{}, err
		}
		p.Months, p.Opening, p.Target = v.Plan.Cumulative, v.Plan.Opening, v.Target
		p.Sample = p.Sample || v.Sample
	default:
		return domain.MonthPlan{}, domain.E(domain.EINVALID, "plans.err.method", e.Method)
	}
	if p.Target == 0 && p.Months[11] != nil {
		p.Target = *p.Months[11] // an entered plan reaches its own December
	}
	if err := p.Validate(ind); err != nil {
		return domain.MonthPlan{}, err
	}
	return s.store.SavePlan(ctx, who(by), p)
}

// opening is a stock's balance last December (S0).
func (s *Service) opening(ctx context.Context, region, indicator string, year int) (float64, error) {
	figs, err := s.figures(ctx, region, indicator, year-1, year-1)
	if err != nil {
		return 0, err
	}
	if b := figs.year(year - 1)[11]; b != nil {
		return *b, nil
	}
	return 0, paceErr(pace.ErrNoOpening)
}

// ApprovePlan freezes a draft plan; an approved one is a conflict (revise by saving a new version).
func (s *Service) ApprovePlan(ctx context.Context, by domain.Actor, id int64) (domain.MonthPlan, error) {
	if p, err := s.store.Plan(ctx, id); err != nil {
		return p, err
	} else if err := domain.InScope(ctx, s.store, p.RegionCode, strconv.FormatInt(id, 10)); err != nil {
		return domain.MonthPlan{}, err
	}
	return s.store.ApprovePlan(ctx, who(by), id)
}

// Versions lists every stored version of region's plans for year (one indicator's when
// indicator is not "").
func (s *Service) Versions(ctx context.Context, region, indicator string, year int) ([]domain.MonthPlan, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	return s.store.Plans(ctx, region, indicator, year)
}

// ParseMonths reads a plan's months as a form or the command line gives them: up to twelve
// cumulative values separated by commas (or 、，), January first, "-" or blank where a month is
// not planned.
func ParseMonths(text string) ([12]*float64, error) {
	var out [12]*float64
	fields := splitList(text)
	if len(fields) > 12 {
		return out, domain.E(domain.EINVALID, "plans.err.months_count", len(fields))
	}
	for i, f := range fields {
		if f == "" || f == "-" || f == "—" {
			continue
		}
		x, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return out, domain.E(domain.EINVALID, "plans.err.month_value", i+1, f)
		}
		out[i] = &x
	}
	return out, nil
}

// ParseQuarters reads four quarters' own amounts, separated by commas.
func ParseQuarters(text string) ([4]*float64, error) {
	var out [4]*float64
	fields := splitList(text)
	if len(fields) != 4 {
		return out, domain.E(domain.EINVALID, "plans.err.quarters_count", len(fields))
	}
	for i, f := range fields {
		x, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return out, domain.E(domain.EINVALID, "plans.err.quarter_value", i+1, f)
		}
		out[i] = &x
	}
	return out, nil
}

func splitList(text string) []string {
	text = strings.NewReplacer("，", ",", "、", ",", "；", ",", ";", ",").Replace(strings.TrimSpace(text))
	if text == "" {
		return nil
	}
	fs := strings.Split(text, ",")
	for i := range fs {
		fs[i] = strings.TrimSpace(fs[i])
	}
	return fs
}
