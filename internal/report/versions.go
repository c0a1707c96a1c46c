package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/store"
)

// Versions (issue 14 §3, §7): the analyst marks the report final — a version kept with its .docx
// as downloaded and the figures it was written from; the scheduler keeps a draft each month. A
// report whose figures moved after its last final version is out of date: the page says which
// figures, from what to what.

// Figures are the figures a report is written from, as displayed, each with a key and a label in
// lang: every indicator's value, growth and rank, each tier's target, completion and required
// growth, the registers' sums.
func Figures(m *Monthly, lang string) []domain.ReportFigure {
	var out []domain.ReportFigure
	add := func(key, label, value string) {
		if value != "" && value != display.Absent {
			out = append(out, domain.ReportFigure{Key: key, Label: label, Value: value})
		}
	}
	for _, l := range m.Dashboard.Scorecard.Indicators {
		name := nameOf(lang, l)
		add(l.Code+".value", locale.T(lang, "report.fig.value", name, locale.Unit(lang, l.Unit)), display.Value(l.Value, l.Precision))
		add(l.Code+".growth", locale.T(lang, "report.fig.growth", name), display.Growth(l.Growth))
		if l.Rank != nil {
			add(l.Code+".rank", locale.T(lang, "report.fig.rank", name), strconv.Itoa(*l.Rank)+"/"+strconv.Itoa(l.Peers))
		}
		for _, t := range l.Targets {
			tier := locale.T(lang, "tier."+t.Tier)
			k := l.Code + "." + t.Tier
			target := display.Value(t.TargetValue, l.Precision)
			if t.TargetValue == nil {
				target = display.Growth(t.TargetGrowth)
			}
			add(k+".target", locale.T(lang, "report.fig.target", name, tier), target)
			add(k+".completion", locale.T(lang, "report.fig.completion", name, tier), display.Percent(t.Completion))
			add(k+".required", locale.T(lang, "report.fig.required", name, tier), display.Growth(t.RequiredGrowth))
		}
	}
	if p := m.Projects; p != nil {
		add("projects.count", locale.T(lang, "report.fig.projects_count"), strconv.Itoa(p.Count))
		add("projects.completed", locale.T(lang, "report.fig.projects_completed"), money(p.Completed))
		add("projects.completion", locale.T(lang, "report.fig.projects_completion"), display.Percent(p.Completion))
	}
	if l := m.Leads; l != nil {
		add("leads.projects", locale.T(lang, "report.fig.leads_projects"), strconv.Itoa(l.Projects))
		add("leads.investment", locale.T(lang, "report.fig.leads_investment"), money(l.Investment))
	}
	return out
}

// Fingerprint names a set of figures: equal figures, equal fingerprints.
func Fingerprint(figs []domain.ReportFigure) string {
	h := sha256.New()
	for _, f := range figs {
		h.Write([]byte(f.Key + "=" + f.Value + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Change is a figure that moved since a version: its label, the value the version was written
// from and the value now ("—" for a figure one of them lacks).
type Change struct {
	Key, Label, Old, New string
}

// Changes lists the figures of now that differ from then, in now's order, then those gone.
func Changes(then, now []domain.ReportFigure) []Change {
	old := map[string]domain.ReportFigure{}
	for _, f := range then {
		old[f.Key] = f
	}
	var out []Change
	seen := map[string]bool{}
	for _, f := range now {
		seen[f.Key] = true
		o, ok := old[f.Key]
		switch {
		case !ok:
			out = append(out, Change{f.Key, f.Label, display.Absent, f.Value})
		case o.Value != f.Value:
			out = append(out, Change{f.Key, f.Label, o.Value, f.Value})
		}
	}
	for _, f := range then {
		if !seen[f.Key] {
			out = append(out, Change{f.Key, f.Label, f.Value, display.Absent})
		}
	}
	return out
}

// Status is a report's versions and whether its last final version is out of date.
type Status struct {
	Region, Period string
	Name           string                 // the region's name
	Versions       []domain.ReportVersion // newest first, without their .docx
	Final          *domain.ReportVersion  // the last final version, nil before one
	OutOfDate      bool                   // figures moved since Final (已过期)
	Changes        []Change               // which, from what to what
	Edits          int                    // paragraphs edited now
}

// Status reads region's report at period: its versions, and what changed since the last final.
func (s *Service) Status(ctx context.Context, region, period, lang string) (*Status, error) {
	if s.store == nil {
		return nil, domain.E(domain.EINVALID, "report.edit.unavailable")
	}
	m, err := s.Monthly(ctx, region, period)
	if err != nil {
		return nil, err
	}
	vs, err := s.store.ReportVersions(ctx, m.Dashboard.Scorecard.Region.Code, period)
	if err != nil {
		return nil, err
	}
	st := &Status{Region: m.Dashboard.Scorecard.Region.Code, Name: m.Dashboard.Scorecard.Region.Name, Period: period, Versions: vs, Edits: len(m.Edits[locale.Match(lang)])}
	for i := range vs {
		if vs[i].State == domain.ReportFinal {
			st.Final = &vs[i]
			break
		}
	}
	if st.Final != nil {
		// Compared in the version's language, labelled in the reader's (the catalogue's at view time).
		st.Changes = Changes(st.Final.Figures, Figures(m, st.Final.Lang))
		if l := locale.Match(lang); l != st.Final.Lang {
			labels := map[string]string{}
			for _, f := range Figures(m, l) {
				labels[f.Key] = f.Label
			}
			for i, c := range st.Changes {
				if label, ok := labels[c.Key]; ok {
					st.Changes[i].Label = label
				}
			}
		}
		st.OutOfDate = len(st.Changes) > 0
	}
	return st, nil
}

// Finalize marks region's report at period final as it reads now in lang (the analysts' edits
// applied): a version kept with its .docx and figures, audited.
func (s *Service) Finalize(ctx context.Context, by domain.Actor, region, period, lang string) (domain.ReportVersion, error) {
	return s.keep(ctx, by, region, period, lang, domain.ReportFinal, nil)
}

// keep writes the report as it reads now and stores it as a version of state, with events'
// messages (events builds them from the version numbered) in the same transaction.
func (s *Service) keep(ctx context.Context, by domain.Actor, region, period, lang, state string,
	events func(domain.ReportVersion) []domain.Event) (domain.ReportVersion, error) {
	if s.store == nil {
		return domain.ReportVersion{}, domain.E(domain.EINVALID, "report.edit.unavailable")
	}
	m, err := s.Monthly(ctx, region, period)
	if err != nil {
		return domain.ReportVersion{}, err
	}
	b, err := Render(Compose(m, lang))
	if err != nil {
		return domain.ReportVersion{}, err
	}
	figs := Figures(m, lang)
	v := domain.ReportVersion{Region: m.Dashboard.Scorecard.Region.Code, Period: period, State: state, Lang: locale.Match(lang),
		Fingerprint: Fingerprint(figs), Figures: figs, Docx: b}
	var evs []domain.Event
	if events != nil {
		last, err := s.store.ReportVersions(ctx, v.Region, period)
		if err != nil {
			return v, err
		}
		next := v
		next.Number = 1
		if len(last) > 0 {
			next.Number = last[0].Number + 1
		}
		evs = events(next)
	}
	return s.store.AddReportVersion(ctx, who(by), v, evs...)
}

// Draft keeps region's report at period as a draft (the scheduler's monthly job) and tells the
// units tell (their subscribers of report.draft) and the accounts analysts (their own
// subscriptions) that it is ready. A report whose figures are
// those of a version already kept (draft or final) is not kept again and nobody is told: it
// returns that version and false.
func (s *Service) Draft(ctx context.Context, by domain.Actor, region, period string, tell, analysts []string) (domain.ReportVersion, bool, error) {
	if s.store == nil {
		return domain.ReportVersion{}, false, domain.E(domain.EINVALID, "report.edit.unavailable")
	}
	const lang = "zh-CN"
	m, err := s.Monthly(ctx, region, period)
	if err != nil {
		return domain.ReportVersion{}, false, err
	}
	vs, err := s.store.ReportVersions(ctx, m.Dashboard.Scorecard.Region.Code, period)
	if err != nil {
		return domain.ReportVersion{}, false, err
	}
	fp := Fingerprint(Figures(m, lang))
	for _, v := range vs {
		if v.Fingerprint == fp {
			return v, false, nil
		}
	}
	title := locale.T(lang, "report.title", m.Dashboard.Scorecard.Region.Name, m.Year, Span(lang, m.Month))
	v, err := s.keep(ctx, by, region, period, lang, domain.ReportDraft, func(v domain.ReportVersion) []domain.Event {
		var out []domain.Event
		ev := func(unit string, accounts []string) domain.Event {
			return domain.Event{Kind: "report.draft", UnitCode: unit, Accounts: accounts,
				Subject: locale.T(lang, "report.draft.subject", title),
				Text:    locale.T(lang, "report.draft.text", title, v.Number),
				Data:    map[string]any{"region": v.Region, "period": period, "number": v.Number}}
		}
		for _, u := range tell {
			out = append(out, ev(u, nil))
		}
		if len(analysts) > 0 {
			out = append(out, ev("", analysts))
		}
		return out
	})
	return v, err == nil, err
}

// Version returns version id of region's report at period with its .docx; a version of another
// report is not found.
func (s *Service) Version(ctx context.Context, region, period string, id int64) (domain.ReportVersion, error) {
	if s.store == nil {
		return domain.ReportVersion{}, domain.E(domain.EINVALID, "report.edit.unavailable")
	}
	v, err := s.store.ReportVersion(ctx, id)
	if err != nil {
		return v, err
	}
	if err := domain.InScope(ctx, s.store, v.Region, strconv.FormatInt(id, 10)); err != nil {
		return domain.ReportVersion{}, err
	}
	if v.Region != region || v.Period != period {
		return domain.ReportVersion{}, domain.E(domain.ENOTFOUND, "report.version.unknown", id)
	}
	return v, nil
}

func who(a domain.Actor) store.Who { return store.Who{Username: a.Username, Role: a.Role, IP: a.IP} }
