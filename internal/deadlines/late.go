package deadlines

import (
	"context"
	"slices"
	"strings"
	"time"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/store"
)

// LateItem is one figure a unit has not submitted by its deadline: an indicator of a region for
// a period.
type LateItem struct {
	Indicator domain.Indicator
	Region    string
	Period    string
	Deadline  string // YYYY-MM-DD
	Days      int    // whole days past the deadline (1 the day after it)
}

// LateUnit is a unit late with figures (迟报/未报), its longest-late item first.
type LateUnit struct {
	Unit      domain.Unit
	Items     []LateItem
	Days      int  // the longest delay of its items
	Escalated bool // Days reached the escalation delay
}

// Missing names the unit's late indicators, joined as the dashboard lists them.
func (u LateUnit) Missing(lang string) string {
	var names []string
	seen := map[string]bool{}
	for _, it := range u.Items {
		n := it.Indicator.Name
		if lang == "en" && it.Indicator.NameEN != "" {
			n = it.Indicator.NameEN
		}
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return strings.Join(names, locale.T(lang, "display.list_sep"))
}

// Late lists the units of region (and of its towns) late on day: for each period open for an
// assignment's region at which its indicator is published (a quarterly one at quarter ends, a
// monthly one not in January alone: pace.Frequency.Due), the assignments with neither a
// submitted (or approved) figure nor an official one once their deadline has passed. The
// longest late first.
func (s *Service) Late(ctx context.Context, region string, day time.Time) ([]LateUnit, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	c, err := s.Config(ctx)
	if err != nil {
		return nil, err
	}
	return s.late(ctx, c, region, day)
}

// Now is the store's time: the day the dashboard lists late units on.
func (s *Service) Now() time.Time { return s.store.Now() }

func (s *Service) late(ctx context.Context, c Config, region string, day time.Time) ([]LateUnit, error) {
	open, err := s.store.EntryPeriods(ctx, []string{region})
	if err != nil {
		return nil, err
	}
	var missing []store.Assignment
	var periods []string
	for _, p := range open[region] {
		as, err := s.store.Unsubmitted(ctx, region, p)
		if err != nil {
			return nil, err
		}
		for range as {
			periods = append(periods, p)
		}
		missing = append(missing, as...)
	}
	if len(missing) == 0 {
		return nil, nil
	}
	// A town may have its own period states: an assignment is late only in a period open for its
	// own region.
	var regions []string
	for _, a := range missing {
		if !slices.Contains(regions, a.RegionCode) {
			regions = append(regions, a.RegionCode)
		}
	}
	openFor, err := s.store.EntryPeriods(ctx, regions)
	if err != nil {
		return nil, err
	}
	units, err := s.store.Units(ctx, region)
	if err != nil {
		return nil, err
	}
	byCode := map[string]domain.Unit{}
	for _, u := range units {
		byCode[u.Code] = u
	}
	inds, err := s.store.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	indByCode := map[string]domain.Indicator{}
	for _, i := range inds {
		indByCode[i.Code] = i
	}
	var out []LateUnit
	at := map[string]int{}
	for i, a := range missing {
		p := periods[i]
		if !slices.Contains(openFor[a.RegionCode], p) {
			continue
		}
		ind, ok := indByCode[a.IndicatorCode]
		if !ok {
			ind = domain.Indicator{Code: a.IndicatorCode, Name: a.IndicatorCode}
		}
		pp, err := pace.ParsePeriod(p)
		if err != nil || !pace.Frequency(ind.Frequency).Due(pp.Month) {
			continue // a figure not published for the month (GDP in October, most in January) is nobody's late
		}
		dl := domain.Deadline(pp.Year, pp.Month, c.Rule.Day(a.UnitCode, a.IndicatorCode))
		days := domain.DaysLate(dl, day)
		if days == 0 {
			continue
		}
		k, ok := at[a.UnitCode]
		if !ok {
			k = len(out)
			at[a.UnitCode] = k
			out = append(out, LateUnit{Unit: byCode[a.UnitCode]})
		}
		u := &out[k]
		u.Items = append(u.Items, LateItem{Indicator: ind, Region: a.RegionCode, Period: p, Deadline: dl.Format(domain.DayLayout), Days: days})
		u.Days = max(u.Days, days)
		u.Escalated = u.Days >= c.EscalateDays
	}
	for i := range out {
		slices.SortStableFunc(out[i].Items, func(a, b LateItem) int { return b.Days - a.Days })
	}
	slices.SortStableFunc(out, func(a, b LateUnit) int {
		if a.Days != b.Days {
			return b.Days - a.Days
		}
		return strings.Compare(a.Unit.Code, b.Unit.Code)
	})
	return out, nil
}

// Sent counts what a run of Remind told.
type Sent struct {
	Reminders, Escalations int // notices (one per unit and stage, naming the figures new to it)
	Messages               int // outbox messages written
}

// Event kinds of late data: the reminder to the unit's subscribers, the escalation to the
// analyst's recipients.
const (
	EventLate          = "data.late"
	EventLateEscalated = "data.late.escalated"
)

// Remind is the daily late_data job: each unit late on day (see Late) is reminded once of each
// figure it owes (its subscribers of data.late), and once a figure is the configured number of
// days late it is escalated once to the analyst's recipients (none configured: nothing is sent,
// and the dashboard and agenda still list it). A figure reminded or escalated before is not told
// again, so running the job twice sends nothing twice.
func (s *Service) Remind(ctx context.Context, region string, day time.Time) (Sent, error) {
	c, err := s.Config(ctx)
	if err != nil {
		return Sent{}, err
	}
	late, err := s.late(ctx, c, region, day)
	if err != nil || len(late) == 0 {
		return Sent{}, err
	}
	var keys []string
	key := func(stage string, u domain.Unit, it LateItem) string {
		return "late." + stage + ":" + u.Code + "/" + it.Region + "/" + it.Indicator.Code + "/" + it.Period
	}
	for _, u := range late {
		for _, it := range u.Items {
			keys = append(keys, key("remind", u.Unit, it), key("escalate", u.Unit, it))
		}
	}
	told, err := s.store.NoticesTold(ctx, keys)
	if err != nil {
		return Sent{}, err
	}
	analysts, err := s.analysts(ctx, region)
	if err != nil {
		return Sent{}, err
	}
	escalate := len(c.EscalateTo) > 0 || len(analysts) > 0
	var reminders, escalations []store.Notice
	for _, u := range late {
		var rKeys, eKeys []string
		var rItems, eItems []LateItem
		for _, it := range u.Items {
			if k := key("remind", u.Unit, it); !told[k] {
				rKeys, rItems = append(rKeys, k), append(rItems, it)
			}
			if k := key("escalate", u.Unit, it); !told[k] && it.Days >= c.EscalateDays && escalate {
				eKeys, eItems = append(eKeys, k), append(eItems, it)
			}
		}
		if len(rItems) > 0 {
			reminders = append(reminders, store.Notice{Keys: rKeys, Event: lateEvent(EventLate, region, u.Unit, rItems, nil, nil)})
		}
		if len(eItems) > 0 {
			escalations = append(escalations, store.Notice{Keys: eKeys, Event: lateEvent(EventLateEscalated, region, u.Unit, eItems, c.EscalateTo, analysts)})
		}
	}
	var sent Sent
	if len(reminders)+len(escalations) == 0 {
		return sent, nil
	}
	n, msgs, err := s.store.EnqueueOnce(ctx, who(scheduler), reminders...)
	if err != nil {
		return sent, err
	}
	sent.Reminders, sent.Messages = n, msgs
	n, msgs, err = s.store.EnqueueOnce(ctx, who(scheduler), escalations...)
	sent.Escalations, sent.Messages = n, sent.Messages+msgs
	return sent, err
}

// analysts are the enabled analyst accounts whose scope covers region: an escalation reaches them
// through their own subscriptions (set on /notify).
func (s *Service) analysts(ctx context.Context, region string) ([]string, error) {
	users, err := s.store.Users(ctx)
	if err != nil {
		return nil, err
	}
	chain, err := s.store.RegionChain(ctx, region)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, u := range users {
		if u.Role == domain.RoleAnalyst && !u.Disabled && (domain.Scope{Region: u.RegionCode}).Covers(chain) {
			out = append(out, u.Username)
		}
	}
	return out, nil
}

// lateEvent tells of a unit's late figures: to its subscribers (to and analysts nil), or the
// escalation to the analyst's recipients (to) and the analysts' own subscriptions.
func lateEvent(kind, region string, u domain.Unit, items []LateItem, to []domain.Recipient, analysts []string) domain.Event {
	var lines []string
	var codes []string
	days := 0
	for _, it := range items {
		lines = append(lines, locale.T("zh-CN", "late.line", it.Indicator.Name, it.Period, it.Deadline, it.Days))
		codes = append(codes, it.Indicator.Code)
		days = max(days, it.Days)
	}
	subject, text := "late.remind.subject", "late.remind.text"
	if kind == EventLateEscalated {
		subject, text = "late.escalate.subject", "late.escalate.text"
	}
	return domain.Event{Kind: kind, UnitCode: u.Code, To: to, Accounts: analysts, NotUnit: kind == EventLateEscalated,
		Subject: locale.T("zh-CN", subject, u.Name),
		Text:    locale.T("zh-CN", text, u.Name, len(items)) + "\n" + strings.Join(lines, "\n"),
		Data: map[string]any{"region": region, "unit": u.Code, "period": items[0].Period, "indicators": codes,
			"deadline": items[0].Deadline, "days_late": days}}
}
