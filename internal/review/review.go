package review

import (
	"context"
	"strings"
	"time"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/store"
)

// ReviewRow is one submission on the analyst's list, with the official figure it would revise.
type ReviewRow struct {
	Sub                  domain.Submission
	UnitName, RegionName string
	Indicator            domain.Indicator
	Official             *domain.Observation
	Locked               bool // its period is locked for its region
	Own                  bool // the reader submitted it (and may not review it)
	Same                 bool // it repeats the official figure
	// Around is the official context: previous cumulative, last year's same month; Single is
	// the single month the submitted cumulative implies (nil when not computable).
	Around   Around
	Single   *float64
	Warnings []locale.Msg // what the figure should be looked at twice for (Around.Warnings)
}

// ReviewSheet is the analyst's review page: submissions (submitted first, then returned and
// approved; latest of each key, at most 500) and every region's periods.
type ReviewSheet struct {
	Rows    []ReviewRow
	Periods []PeriodState
	State   string // the state the list is narrowed to ("" for all)
}

// PeriodState is a region's reporting period, its state and its last change.
type PeriodState struct {
	Region, RegionName, Period, State, ChangedBy string
	ChangedAt                                    time.Time
}

// States are the submission states the review page lists, in its order.
var States = []string{domain.Submitted, domain.Returned, domain.Approved}

// Review lists, for reader, the submissions in state (one of States; anything else: all of them)
// with the official figures they would revise, and the periods.
func (s *Service) Review(ctx context.Context, reader, state string) (*ReviewSheet, error) {
	d := &ReviewSheet{}
	states := States
	for _, x := range States {
		if x == state {
			states, d.State = []string{state}, state
		}
	}
	// The scope's own rows, 500 at most (the scope in the query, so another county's rows never
	// take the places of its own).
	subs, err := s.store.Submissions(ctx, store.SubmissionQuery{States: states, Latest: true, Limit: 500, Under: domain.ScopeOf(ctx).Region})
	if err != nil {
		return nil, err
	}
	subs, err = inScope(ctx, s.store, subs, func(x domain.Submission) string { return x.RegionCode })
	if err != nil {
		return nil, err
	}
	n, err := s.names(ctx)
	if err != nil {
		return nil, err
	}
	periods, err := s.store.Periods(ctx)
	if err != nil {
		return nil, err
	}
	if periods, err = inScope(ctx, s.store, periods, func(p store.PeriodRow) string { return p.Region }); err != nil {
		return nil, err
	}
	locked := map[[2]string]bool{}
	for _, p := range periods {
		locked[[2]string{p.Region, p.Period}] = p.State == domain.PeriodLocked
		d.Periods = append(d.Periods, PeriodState{Region: p.Region, RegionName: n.region(p.Region), Period: p.Period, State: p.State,
			ChangedBy: p.ChangedBy, ChangedAt: p.ChangedAt})
	}
	var q store.ObservationQuery
	seen := map[string]bool{}
	add := func(list *[]string, kind, v string) {
		if !seen[kind+v] {
			seen[kind+v] = true
			*list = append(*list, v)
		}
	}
	for _, x := range subs {
		add(&q.Regions, "r", x.RegionCode)
		add(&q.Indicators, "i", x.IndicatorCode)
		add(&q.Periods, "p", x.Period)
	}
	official := map[[3]string]domain.Observation{}
	if len(subs) > 0 {
		obs, err := s.store.Observations(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, o := range obs {
			official[[3]string{o.RegionCode, o.IndicatorCode, o.Period}] = o
		}
	}
	for _, x := range subs {
		row := ReviewRow{Sub: x, UnitName: n.unit(x.UnitCode), RegionName: n.region(x.RegionCode), Indicator: n.indicator(x.IndicatorCode),
			Own: strings.EqualFold(x.SubmittedBy, reader), Locked: locked[[2]string{x.RegionCode, x.Period}]}
		if o, ok := official[[3]string{x.RegionCode, x.IndicatorCode, x.Period}]; ok {
			row.Official = &o
			row.Same = domain.SameFigure(o.Value, x.Value) && domain.SameFigure(o.Growth, x.Growth)
		}
		a, err := s.around(ctx, x.RegionCode, x.IndicatorCode, x.Period)
		if err != nil {
			return nil, err
		}
		row.Around, row.Single, row.Warnings = a, a.Implied(x.Value), a.Warnings(x.Value, x.Growth)
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

// Approve makes submission id official ((*domain.Submission).Approve: submitted, not by's own,
// its period not locked): the figure is written as an import writes it, a revision when it
// changes the official one.
func (s *Service) Approve(ctx context.Context, by domain.Actor, id int64) error {
	x, err := s.submission(ctx, id)
	if err != nil {
		return err
	}
	state, err := s.store.PeriodState(ctx, x.RegionCode, x.Period)
	if err != nil {
		return err
	}
	if err := x.Approve(by.Username, state, s.store.Now()); err != nil {
		return err
	}
	_, err = s.store.ApproveSubmission(ctx, who(by), x, state)
	return stale(err)
}

// Return sends submission id back to its unit with a reason ((*domain.Submission).Return:
// submitted, not by's own, a reason given).
func (s *Service) Return(ctx context.Context, by domain.Actor, id int64, reason string) error {
	x, err := s.submission(ctx, id)
	if err != nil {
		return err
	}
	if err := x.Return(by.Username, reason, s.store.Now()); err != nil {
		return err
	}
	name := x.IndicatorCode
	if ind, err := s.store.Indicator(ctx, x.IndicatorCode); err == nil {
		name = ind.Name
	}
	// The reporter's unit hears of it (its subscribers of submission.returned), in the same
	// transaction as the return.
	notice := domain.Event{Kind: domain.NoticeSubmissionReturned, UnitCode: x.UnitCode,
		Subject: locale.T("zh-CN", "submission.notice.returned.subject", x.Period, name),
		Text:    locale.T("zh-CN", "submission.notice.returned.text", name, x.Period, x.Reason),
		Data: map[string]any{"submission": x.ID, "region": x.RegionCode, "indicator": x.IndicatorCode, "period": x.Period,
			"reason": x.Reason}}
	return stale(s.store.ReturnSubmission(ctx, who(by), x, notice))
}

// SetPeriod opens or locks a region's period (state domain.PeriodOpen or PeriodLocked); period is
// YYYY-MM.
func (s *Service) SetPeriod(ctx context.Context, by domain.Actor, region, period, state string) error {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return err
	}
	if _, err := s.store.Region(ctx, region); err != nil {
		return err
	}
	if err := domain.CheckPeriodState(state); err != nil {
		return err
	}
	return s.store.SetPeriod(ctx, who(by), region, period, state)
}

// submission is submission id when ctx's scope covers its region, else ENOTFOUND.
func (s *Service) submission(ctx context.Context, id int64) (domain.Submission, error) {
	x, err := s.store.Submission(ctx, id)
	if err == nil && domain.InScope(ctx, s.store, x.RegionCode, "") != nil {
		err = domain.E(domain.ENOTFOUND, "review.err.not_found", id)
	}
	return x, err
}

// inScope keeps the items whose region (region of each) ctx's scope covers.
func inScope[T any](ctx context.Context, st *store.Store, items []T, region func(T) string) ([]T, error) {
	if domain.ScopeOf(ctx).Whole() {
		return items, nil
	}
	out := items[:0:0]
	for _, x := range items {
		err := domain.InScope(ctx, st, region(x), "")
		if domain.ErrorKind(err) == domain.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}
