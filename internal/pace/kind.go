package pace

// Kind says how an indicator accumulates over the year (DESIGN.md §4), and so which arithmetic
// of §4a applies. The zero value is a flow.
type Kind string

const (
	KindFlow  Kind = "flow"  // year-to-date cumulative (GDP, investment, retail)
	KindCount Kind = "count" // things counted over the year, cumulated like a flow
	KindStock Kind = "stock" // a balance at the end of the period (存款余额): never cumulated
	KindRate  Kind = "rate"  // a flow of which only growth is published at this level
	KindLevel Kind = "level" // a ratio or percentage level (失业率, 能耗强度): never cumulated
)

// Frequency is how often an indicator is published. The zero value is monthly.
type Frequency string

const (
	Monthly    Frequency = "monthly"     // every month; January is not due on its own (1–2月)
	Quarterly  Frequency = "quarterly"   // 03, 06, 09, 12
	HalfYearly Frequency = "half-yearly" // 06, 12
	Yearly     Frequency = "yearly"      // 12
)

// Due reports whether a figure of freq is due for month (1..12). A monthly indicator is due every
// month but January: many are published for January and February together (1–2月), so a year
// that starts at February is not late, and a December figure is still current in January.
func (freq Frequency) Due(month int) bool {
	switch freq {
	case Quarterly:
		return month%3 == 0
	case HalfYearly:
		return month == 6 || month == 12
	case Yearly:
		return month == 12
	}
	return month >= 2 && month <= 12
}

// LastDue is the last period at or before p at which a figure of freq is due (possibly in the
// previous year: quarterly at 2023-02 is 2022-12).
func (freq Frequency) LastDue(p Period) Period {
	q := p
	for i := 0; i < 24; i++ {
		if freq.Due(q.Month) {
			return q
		}
		q.Month--
		if q.Month == 0 {
			q = Period{Year: q.Year - 1, Month: 12}
		}
	}
	return p // unreachable for any frequency: December is always due
}

// Stale reports whether a figure for period figure, shown at period at, is out of date: its
// period is earlier than the last period ≤ at at which the indicator is due (DESIGN.md §4a).
// GDP (quarterly) for June is current in July and August and stale at September; a monthly
// figure for January is stale at March.
func Stale(figure, at Period, freq Frequency) bool {
	return figure.Compare(freq.LastDue(at)) < 0
}
