package scorecard

import (
	"context"

	"pacer/internal/cache"
	"pacer/internal/domain"
	"pacer/internal/pace"
	"pacer/internal/store"
)

// Dashboard is a region's scorecard at a period arranged by its goal tree: the headline, each
// focus point with the indicators its measures move, and the indicators no measure names.
type Dashboard struct {
	Scorecard     *Scorecard
	Year          int
	HeadlineTitle string // the headline focus point's title (总目标…), "" when the tree has none
	Headline      *Item  // the headline indicator: the headline focus point's first, else GDP
	HeadlineRest  *Focus // the headline focus point's other measures
	Focus         []Focus
	Others        []Item // scorecard lines no measure names
	Sample        bool   // some figure shown is 示例
}

// Item is one indicator on the dashboard. Known is false when the region has neither figure nor
// target for it at the period (Line then carries only the catalogue's definition).
type Item struct {
	Line          Line
	Known         bool
	Measure       string // the goal-tree measure that links it
	MeasureSample bool
	Register      string // the register whose sum feeds the indicator (domain.RegisterSums), "" for none
}

// Focus is a focus point (着力点): the indicators its measures move, and its other measures.
type Focus struct {
	Title string
	Items []Item
	Notes []Note
}

// Note is a measure shown as text: it links no indicator, or one already shown above.
type Note struct {
	Text      string
	Figure    *float64
	Unit      string
	Sample    bool
	Indicator string
}

// Dashboard builds the dashboard of region at period. The result is shared: read only.
func (s *Service) Dashboard(ctx context.Context, region, period string) (*Dashboard, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	return cache.Get(s.cache, ctx, region+"\x00"+period, func() (*Dashboard, error) {
		sc, err := s.Scorecard(ctx, region, period)
		if err != nil {
			return nil, err
		}
		return arrange(ctx, s.store, sc)
	})
}

func arrange(ctx context.Context, st *store.Store, sc *Scorecard) (*Dashboard, error) {
	p, err := pace.ParsePeriod(sc.Period)
	if err != nil {
		return nil, badPeriod(sc.Period)
	}
	tree, err := st.GoalTree(ctx, sc.Region.Code, p.Year)
	if err != nil {
		return nil, err
	}
	inds, err := st.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	catalogue := map[string]domain.Indicator{}
	for _, i := range inds {
		catalogue[i.Code] = i
	}
	lines := map[string]Line{}
	for _, l := range sc.Indicators {
		lines[l.Code] = l
	}
	links, err := st.RegisterSumLinks(ctx)
	if err != nil {
		return nil, err
	}
	fedBy := map[string]string{}
	for _, sum := range domain.RegisterSums(links) {
		fedBy[sum.Indicator] = sum.Register
	}
	d := &Dashboard{Scorecard: sc, Year: p.Year}
	seen := map[string]bool{}
	item := func(code string, m *domain.Measure) (Item, bool) {
		l, known := lines[code]
		if !known {
			ind, ok := catalogue[code]
			if !ok {
				return Item{}, false
			}
			l = DefinitionLine(ind)
		}
		it := Item{Line: l, Known: known, Register: fedBy[code]}
		if m != nil {
			it.Measure, it.MeasureSample = m.Text, m.Sample
		}
		seen[code] = true
		return it, true
	}
	focus := func(fp domain.FocusPoint) Focus {
		f := Focus{Title: fp.Title}
		for _, m := range fp.Measures {
			if m.IndicatorCode != "" && !seen[m.IndicatorCode] {
				if it, ok := item(m.IndicatorCode, &m); ok {
					f.Items = append(f.Items, it)
					continue
				}
			}
			f.Notes = append(f.Notes, Note{Text: m.Text, Figure: m.Figure, Unit: m.FigureUnit, Sample: m.Sample, Indicator: m.IndicatorCode})
		}
		return f
	}

	head, rest := domain.Headline(tree)
	if head != nil {
		hf := focus(*head)
		d.HeadlineTitle = hf.Title
		if len(hf.Items) > 0 {
			it := hf.Items[0]
			d.Headline, hf.Items = &it, hf.Items[1:]
		}
		d.HeadlineRest = &hf
	}
	if d.Headline == nil {
		code := domain.HeadlineIndicator(tree, func(code string) bool { _, ok := catalogue[code]; return ok })
		if it, ok := item(code, nil); ok {
			d.Headline = &it
		}
	}
	tree = rest
	for _, fp := range tree {
		d.Focus = append(d.Focus, focus(fp))
	}
	for _, l := range sc.Indicators {
		if !seen[l.Code] {
			d.Others = append(d.Others, Item{Line: l, Known: true})
		}
		d.Sample = d.Sample || l.Sample || l.RegisterSample
	}
	return d, nil
}

// DefinitionLine is the scorecard line of an indicator without figures or targets: its
// catalogue definition only.
func DefinitionLine(ind domain.Indicator) Line {
	return Line{Code: ind.Code, Name: ind.Name, NameEN: ind.NameEN, Unit: ind.Unit, Kind: string(ind.Kind),
		Precision: ind.Precision, TimeProgressMode: string(ind.Mode), Targets: []TierLine{}}
}

// LatestPeriod is the period a region's pages show by default: the latest month of year in
// which the region has a figure (approving a figure of a new month moves the pages on to it),
// else fallback.
func (s *Service) LatestPeriod(ctx context.Context, region string, year int, fallback string) (string, error) {
	q := store.ObservationQuery{Regions: []string{region}, Brief: true}
	if year > 0 {
		q.From, q.To = pace.Period{Year: year, Month: 1}.String(), pace.Period{Year: year, Month: 12}.String()
	}
	obs, err := s.store.Observations(ctx, q)
	if err != nil {
		return "", err
	}
	latest := ""
	for _, o := range obs {
		if o.Period > latest {
			latest = o.Period
		}
	}
	if latest == "" {
		latest = fallback
	}
	if latest == "" {
		return "", domain.E(domain.EINVALID, "scorecard.period_missing")
	}
	return latest, nil
}
