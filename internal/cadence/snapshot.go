package cadence

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"pacer/internal/domain"
	"pacer/internal/pace"
	"pacer/internal/scorecard"
)

// Snapshot is a semi-monthly assessment (半月研判) as `pacer assess --json` gives it: the
// scorecard's lines frozen on a day (the same fields as the scorecard's JSON), what moved since
// the snapshot before it, and the risk list with the analyst's notes.
type Snapshot struct {
	ID           int64               `json:"id"`
	Region       scorecard.RegionRef `json:"region"`
	Date         string              `json:"date"`
	Period       string              `json:"period"`
	TimeProgress float64             `json:"time_progress"`
	TakenAt      time.Time           `json:"taken_at"`
	TakenBy      string              `json:"taken_by"`
	Indicators   []scorecard.Line    `json:"indicators"`
	Previous     *string             `json:"previous"` // the date of the snapshot Moves compares with
	Moves        []Move              `json:"moves"`
	Risks        []Risk              `json:"risks"`
}

// Move is an indicator whose status changed between two snapshots.
type Move struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	From   string `json:"from"`
	To     string `json:"to"`
	Change string `json:"change"` // better | worse | newly_red
}

// Risk is an indicator on the risk list (red, yellow or stale) with the analyst's latest note.
type Risk struct {
	Code           string   `json:"code"`
	Name           string   `json:"name"`
	Status         string   `json:"status"`
	RequiredGrowth *float64 `json:"required_growth"`
	Note           string   `json:"note"`
	NoteBy         string   `json:"note_by"`
}

// Change kinds of a Move.
const (
	Better   = "better"
	Worse    = "worse"
	NewlyRed = "newly_red"
)

// TakeSnapshot is the semi-monthly job: the snapshot of region on date (YYYY-MM-DD), taken by
// the scheduler. A snapshot for a day is taken once: asking again returns the frozen one.
func (s *Service) TakeSnapshot(ctx context.Context, region, date string) (*Snapshot, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	return s.TakeSnapshotAs(ctx, scheduler, region, date, "zh-CN")
}

// TakeSnapshotAs takes (or returns the frozen) snapshot of region on date as by, its reasons in lang.
// The figures are those whose period ended before the day (the month before its month).
func (s *Service) TakeSnapshotAs(ctx context.Context, by domain.Actor, region, date, lang string) (*Snapshot, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	day, err := domain.ParseDay(date)
	if err != nil {
		return nil, err
	}
	date = day.Format(domain.DayLayout)
	if x, err := s.store.SnapshotOn(ctx, region, date); err == nil {
		return s.view(ctx, x, lang)
	} else if domain.ErrorKind(err) != domain.ENOTFOUND {
		return nil, err
	}
	y, m := domain.PeriodBefore(day)
	period := pace.Period{Year: y, Month: m}.String()
	sc, err := scorecard.Build(ctx, s.store, region, period) // fresh, not the shared cache: it is stored
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(sc)
	if err != nil {
		return nil, err
	}
	x, _, err := s.store.CreateSnapshot(ctx, who(by), domain.Snapshot{RegionCode: region, TakenOn: date, Period: period, Body: body})
	if err != nil {
		return nil, err
	}
	return s.view(ctx, x, lang)
}

// SnapshotOn returns region's frozen snapshot of date, in lang.
func (s *Service) SnapshotOn(ctx context.Context, region, date, lang string) (*Snapshot, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	day, err := domain.ParseDay(date)
	if err != nil {
		return nil, err
	}
	x, err := s.store.SnapshotOn(ctx, region, day.Format(domain.DayLayout))
	if err != nil {
		return nil, err
	}
	return s.view(ctx, x, lang)
}

// Snapshots lists region's snapshots, latest first (without their figures).
func (s *Service) Snapshots(ctx context.Context, region string) ([]domain.Snapshot, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	return s.store.Snapshots(ctx, region)
}

// decode reads a stored snapshot's scorecard, its reasons in lang. A snapshot keeps the figures
// of its day, not its day's labels: a line frozen without an English name (name_en) takes the one
// its indicator has now, so an English reader never reads a frozen Chinese name the catalogue
// can give in English.
func (s *Service) decode(ctx context.Context, x domain.Snapshot, lang string) (*scorecard.Scorecard, error) {
	var sc scorecard.Scorecard
	if err := json.Unmarshal(x.Body, &sc); err != nil {
		return nil, fmt.Errorf("snapshot %d: %w", x.ID, err)
	}
	var names map[string]string
	for i := range sc.Indicators {
		l := &sc.Indicators[i]
		if l.NameEN != "" {
			continue
		}
		if names == nil {
			inds, err := s.store.Indicators(ctx)
			if err != nil {
				return nil, err
			}
			names = map[string]string{}
			for _, ind := range inds {
				names[ind.Code] = ind.NameEN
			}
		}
		l.NameEN = names[l.Code]
	}
	return sc.In(lang), nil
}

// view is a stored snapshot with its moves since the one before it and its risk list.
func (s *Service) view(ctx context.Context, x domain.Snapshot, lang string) (*Snapshot, error) {
	sc, err := s.decode(ctx, x, lang)
	if err != nil {
		return nil, err
	}
	v := &Snapshot{ID: x.ID, Region: sc.Region, Date: x.TakenOn, Period: x.Period, TimeProgress: sc.TimeProgress, TakenAt: x.TakenAt,
		TakenBy: x.TakenBy, Indicators: sc.Indicators, Moves: []Move{}, Risks: []Risk{}}
	all, err := s.store.Snapshots(ctx, x.RegionCode)
	if err != nil {
		return nil, err
	}
	for _, p := range all { // latest first: the first one before this day
		if p.TakenOn < x.TakenOn {
			prev, err := s.store.SnapshotOn(ctx, p.RegionCode, p.TakenOn)
			if err != nil {
				return nil, err
			}
			psc, err := s.decode(ctx, prev, lang)
			if err != nil {
				return nil, err
			}
			d := p.TakenOn
			v.Previous, v.Moves = &d, Compare(psc.Indicators, sc.Indicators, lang)
			break
		}
	}
	notes, err := s.store.SnapshotNotes(ctx, x.ID)
	if err != nil {
		return nil, err
	}
	latest := map[string]domain.SnapshotNote{}
	for _, n := range notes {
		latest[n.IndicatorCode] = n
	}
	for _, l := range sc.Indicators {
		t := PrimaryTier(l)
		if t == nil {
			continue
		}
		st := statusOf(l)
		if st == string(pace.StatusRed) || st == string(pace.StatusYellow) || st == string(pace.StatusStale) {
			n := latest[l.Code]
			v.Risks = append(v.Risks, Risk{Code: l.Code, Name: nameIn(l, lang), Status: st, RequiredGrowth: t.RequiredGrowth, Note: n.Note, NoteBy: n.Actor})
		}
	}
	return v, nil
}

// statusOf is a line's status on the agenda and in snapshots: its primary tier's, stale when its
// figure is (never red for an old figure), "none" without a target.
func statusOf(l scorecard.Line) string {
	t := PrimaryTier(l)
	switch {
	case t == nil:
		return string(pace.StatusNone)
	case l.Stale:
		return string(pace.StatusStale)
	}
	return t.Status
}

func nameIn(l scorecard.Line, lang string) string {
	if lang == "en" && l.NameEN != "" {
		return l.NameEN
	}
	return l.Name
}

// rank orders the judged statuses; the others (stale, none) are not compared.
var rank = map[string]int{string(pace.StatusRed): 0, string(pace.StatusYellow): 1, string(pace.StatusGreen): 2}

// Compare lists the indicators whose status moved from a to b: newly red (red in b, not red in
// a — whatever a was), else better or worse between red, yellow and green.
func Compare(a, b []scorecard.Line, lang string) []Move {
	before := map[string]string{}
	for _, l := range a {
		before[l.Code] = statusOf(l)
	}
	out := []Move{}
	for _, l := range b {
		to := statusOf(l)
		from, had := before[l.Code]
		if !had {
			from = string(pace.StatusNone)
		}
		m := Move{Code: l.Code, Name: nameIn(l, lang), From: from, To: to}
		rf, okf := rank[from]
		rt, okt := rank[to]
		switch {
		case to == string(pace.StatusRed) && from != to:
			m.Change = NewlyRed
		case okf && okt && rt > rf:
			m.Change = Better
		case okf && okt && rt < rf:
			m.Change = Worse
		default:
			continue
		}
		out = append(out, m)
	}
	return out
}

// Comparison is two snapshots side by side: a row per indicator of either.
type Comparison struct {
	A, B *Snapshot
	Rows []ComparisonRow
}

// ComparisonRow is one indicator in two snapshots (a nil line: not in that snapshot).
type ComparisonRow struct {
	Code, Name string
	A, B       *scorecard.Line
	StatusA    string
	StatusB    string
	Change     string // better | worse | newly_red | ""
}

// CompareSnapshots sets region's snapshots of dates a and b side by side.
func (s *Service) CompareSnapshots(ctx context.Context, region, a, b, lang string) (*Comparison, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	sa, err := s.SnapshotOn(ctx, region, a, lang)
	if err != nil {
		return nil, err
	}
	sb, err := s.SnapshotOn(ctx, region, b, lang)
	if err != nil {
		return nil, err
	}
	c := &Comparison{A: sa, B: sb}
	change := map[string]string{}
	for _, m := range Compare(sa.Indicators, sb.Indicators, lang) {
		change[m.Code] = m.Change
	}
	idx := map[string]int{}
	add := func(l *scorecard.Line, isB bool) {
		i, ok := idx[l.Code]
		if !ok {
			i = len(c.Rows)
			idx[l.Code] = i
			c.Rows = append(c.Rows, ComparisonRow{Code: l.Code, Name: nameIn(*l, lang), StatusA: string(pace.StatusNone), StatusB: string(pace.StatusNone)})
		}
		r := &c.Rows[i]
		if isB {
			r.B, r.StatusB, r.Change = l, statusOf(*l), change[l.Code]
		} else {
			r.A, r.StatusA = l, statusOf(*l)
		}
	}
	for i := range sa.Indicators {
		add(&sa.Indicators[i], false)
	}
	for i := range sb.Indicators {
		add(&sb.Indicators[i], true)
	}
	return c, nil
}

// AnnotateRisk appends the analyst's note on an indicator of region's snapshot of date.
func (s *Service) AnnotateRisk(ctx context.Context, by domain.Actor, region, date, indicator, note string) error {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return err
	}
	day, err := domain.ParseDay(date)
	if err != nil {
		return err
	}
	x, err := s.store.SnapshotOn(ctx, region, day.Format(domain.DayLayout))
	if err != nil {
		return err
	}
	if note, err = followUpNote(note); err != nil {
		return err
	}
	return s.store.AddSnapshotNote(ctx, who(by), domain.SnapshotNote{SnapshotID: x.ID, IndicatorCode: indicator, Note: note})
}

// Assessment is the assessment page: region's snapshots, and the one of date shown, or those of
// a and b side by side (the latest shown when neither is asked for).
type Assessment struct {
	Region    domain.Region // whose: the page names it (a prefecture's analyst opens several counties')
	Snapshots []domain.Snapshot
	Shown     *Snapshot
	Compare   *Comparison
}

// Assessment assembles the assessment page of region.
func (s *Service) Assessment(ctx context.Context, region, date, a, b, lang string) (*Assessment, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	reg, err := s.store.Region(ctx, region)
	if err != nil {
		return nil, err
	}
	list, err := s.store.Snapshots(ctx, region)
	if err != nil {
		return nil, err
	}
	v := &Assessment{Region: reg, Snapshots: list}
	switch {
	case a != "" && b != "":
		v.Compare, err = s.CompareSnapshots(ctx, region, a, b, lang)
	case date != "":
		v.Shown, err = s.SnapshotOn(ctx, region, date, lang)
	case len(list) > 0:
		v.Shown, err = s.SnapshotOn(ctx, region, list[0].TakenOn, lang)
	}
	return v, err
}
