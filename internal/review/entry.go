package review

import (
	"context"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/store"
)

// Figure is an official figure shown beside an entry for context.
type Figure struct {
	Period        string
	Value, Growth *float64
}

// Key names what a unit enters a figure for.
type Key struct {
	Region, Indicator, Period string
}

// EntryRow is one assignment at one open period: the official figures around it and the unit's
// latest submission (nil when none).
type EntryRow struct {
	Key
	RegionName                   string
	Indicator                    domain.Indicator
	LastYear, Previous, Official *Figure
	Sub                          *domain.Submission
	Warnings                     []locale.Msg // about Sub's figure (Around.Warnings), none refusing it
	Checks                       Checks       // what a figure typed for the row is compared with, as Warnings does
}

// Submitted is one of the unit's submissions, with what it is about.
type Submitted struct {
	Sub        domain.Submission
	RegionName string
	Indicator  domain.Indicator
}

// Entry is a reporter's page: its unit, one row per assignment and open period, and the unit's
// latest submissions (at most 50), newest first.
type Entry struct {
	Unit    domain.Unit
	Rows    []EntryRow
	History []Submitted
	Focus   *Submitted // the submission asked for (EntryAt.Focus)
}

// EntryAt says what else an entry page is asked for.
type EntryAt struct {
	// Focus is one of the unit's submissions to show (0: none); another unit's is not found.
	Focus int64
	// Key, when set, must be one of the unit's assignments in an open period (else not found),
	// and ID, when not 0, the unit's submission for it: the page comes back to a refused entry.
	Key *Key
	ID  int64
}

// Entry assembles u's entry page: for each assignment and open period, last year's same-period
// figure, this year's latest before the period, the period's official figure and the unit's
// latest submission.
func (s *Service) Entry(ctx context.Context, u domain.User, at EntryAt) (*Entry, error) {
	if at.Key != nil {
		if _, err := s.checkKey(ctx, u, *at.Key, at.ID); err != nil {
			return nil, err
		}
	}
	unit, err := s.store.Unit(ctx, u.UnitCode)
	if err != nil {
		return nil, err
	}
	d := &Entry{Unit: unit}
	n, err := s.names(ctx)
	if err != nil {
		return nil, err
	}
	as, err := s.store.Assignments(ctx, u.UnitCode)
	if err != nil {
		return nil, err
	}
	var regions []string
	for _, a := range as {
		regions = append(regions, a.RegionCode)
	}
	open, err := s.store.EntryPeriods(ctx, regions)
	if err != nil {
		return nil, err
	}
	subs, err := s.store.Submissions(ctx, store.SubmissionQuery{Unit: u.UnitCode, Latest: true})
	if err != nil {
		return nil, err
	}
	latest := map[Key]domain.Submission{}
	for _, x := range subs {
		latest[Key{x.RegionCode, x.IndicatorCode, x.Period}] = x
	}
	for _, a := range as {
		ind := n.indicator(a.IndicatorCode)
		for _, period := range open[a.RegionCode] {
			row := EntryRow{Key: Key{a.RegionCode, ind.Code, period}, RegionName: n.region(a.RegionCode), Indicator: ind}
			if err := s.entryContext(ctx, &row); err != nil {
				return nil, err
			}
			a, err := s.around(ctx, row.Region, row.Indicator.Code, row.Period)
			if err != nil {
				return nil, err
			}
			row.Checks = a.Checks()
			if x, ok := latest[row.Key]; ok {
				row.Sub = &x
				row.Warnings = a.Warnings(x.Value, x.Growth)
			}
			d.Rows = append(d.Rows, row)
		}
	}
	for i, x := range subs {
		if i == 50 {
			break
		}
		d.History = append(d.History, Submitted{Sub: x, RegionName: n.region(x.RegionCode), Indicator: n.indicator(x.IndicatorCode)})
	}
	if at.Focus != 0 {
		x, err := s.own(ctx, u, at.Focus)
		if err != nil {
			return nil, err
		}
		for _, h := range d.History {
			if h.Sub.ID == x.ID {
				h := h
				d.Focus = &h
			}
		}
		if d.Focus == nil {
			d.Focus = &Submitted{Sub: x, RegionName: n.region(x.RegionCode), Indicator: n.indicator(x.IndicatorCode)}
		}
	}
	return d, nil
}

// entryContext fills a row's official figures: last year's same period, this year's latest
// before the period, and the period's own current figure.
func (s *Service) entryContext(ctx context.Context, row *EntryRow) error {
	p, err := pace.ParsePeriod(row.Period)
	if err != nil {
		return nil
	}
	obs, err := s.store.Observations(ctx, store.ObservationQuery{Regions: []string{row.Region}, Indicators: []string{row.Indicator.Code},
		From: p.LastYear().String(), To: row.Period})
	if err != nil {
		return err
	}
	yearStart := pace.Period{Year: p.Year, Month: 1}.String()
	for _, o := range obs {
		f := &Figure{Period: o.Period, Value: o.Value, Growth: o.Growth}
		switch {
		case o.Period == p.LastYear().String():
			row.LastYear = f
		case o.Period == row.Period:
			row.Official = f
		case o.Period >= yearStart && o.Period < row.Period:
			row.Previous = f // ordered by period: the last one wins
		}
	}
	return nil
}

// own returns the submission id names when it is u's unit's; any other is as good as unknown.
func (s *Service) own(ctx context.Context, u domain.User, id int64) (domain.Submission, error) {
	x, err := s.store.Submission(ctx, id)
	if err == nil && (u.UnitCode == "" || x.UnitCode != u.UnitCode) {
		err = domain.E(domain.ENOTFOUND, "review.err.not_found", id)
	}
	return x, err
}

// checkKey refuses, as not found, a key outside u's assignments or open periods, and an id that
// is not u's unit's submission for that key. It returns the period's state.
func (s *Service) checkKey(ctx context.Context, u domain.User, k Key, id int64) (string, error) {
	if id != 0 {
		x, err := s.own(ctx, u, id)
		if err != nil {
			return "", err
		}
		if x.RegionCode != k.Region || x.IndicatorCode != k.Indicator || x.Period != k.Period {
			return "", domain.E(domain.ENOTFOUND, "review.err.not_found", id)
		}
	}
	if u.UnitCode == "" {
		return "", domain.E(domain.ENOTFOUND, "review.entry.not_assigned", k.Region, k.Indicator)
	}
	assigned, state, err := s.store.EntryScope(ctx, u.UnitCode, k.Region, k.Indicator, k.Period)
	if err != nil {
		return "", err
	}
	return state, domain.CheckEntry(assigned, k.Region, k.Indicator, k.Period, state)
}

// Entered is what a reporter saves.
type Entered struct {
	Key
	ID            int64 // the submission edited, when the form names one (must be the unit's, for Key)
	Value, Growth *float64
	Note          string
	Draft         bool // save without submitting
}

// Save saves u's figure for in.Key as submitted (or a draft), by domain.Save: a returned, draft or
// submitted one is updated, after an approved one a new submission is made. Outside u's
// assignments or open periods it is not found; invalid figures are *domain.FieldError (joined);
// a submission changed meanwhile is a conflict.
func (s *Service) Save(ctx context.Context, by domain.Actor, u domain.User, in Entered) (domain.Submission, error) {
	state, err := s.checkKey(ctx, u, in.Key, in.ID)
	if err != nil {
		return domain.Submission{}, err
	}
	prev, had, err := s.store.LatestSubmission(ctx, u.UnitCode, in.Region, in.Indicator, in.Period)
	if err != nil {
		return domain.Submission{}, err
	}
	var prevp *domain.Submission
	if had {
		prevp = &prev
	}
	next, changed, err := domain.Save(prevp, domain.Submission{UnitCode: u.UnitCode, RegionCode: in.Region, IndicatorCode: in.Indicator,
		Period: in.Period, Value: in.Value, Growth: in.Growth, Note: in.Note}, in.Draft, by.Username, s.store.Now())
	if err != nil || !changed {
		return next, err
	}
	out, err := s.store.WriteSubmission(ctx, who(by), prevp, next, state)
	return out, stale(err)
}
