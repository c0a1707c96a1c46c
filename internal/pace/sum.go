package pace

// Sums across regions (汇总): a prefecture's counties added up, beside the prefecture's own
// published figure. What adds up is a cumulative value (a flow, a count) or a balance (a stock);
// a rate publishes only a growth and a level is a ratio, so neither adds. The growth of a sum is
// the growth of the summed values over the summed last-year values — never an average of the
// parts' growths.

var (
	// ErrNotAdditive: the indicator does not add up across regions (a rate or a level).
	ErrNotAdditive = &Error{key: "reason.sum_not_additive"}
	// ErrSumIncomplete: some region has no figure, so the sum is partial and its growth and its
	// difference from the whole's own figure are not computed.
	ErrSumIncomplete = &Error{key: "reason.sum_incomplete"}
	// ErrSumNone: no region has a figure, so there is no sum at all (not a missing value of the
	// whole's own: 下级地区均未报); errors.Is(err, ErrNoValue) holds.
	ErrSumNone = &Error{key: "reason.sum_none", kind: ErrNoValue}
	// ErrSumNoBase: some region's last-year figure is missing (neither stored nor implied by a
	// published growth), so the growth of the sum is not computed; errors.Is(err, ErrNoBase) holds.
	ErrSumNoBase = &Error{key: "reason.sum_no_base", kind: ErrNoBase}

	noteSumBaseImplied           = &Error{key: "reason.sum_base_implied"}
	noteSumBaseImpliedComparable = &Error{key: "reason.sum_base_implied_comparable"}
)

// SumReasonKeys lists the catalogue keys of sums across regions (see ReasonKeys).
func SumReasonKeys() []string {
	return []string{ErrNotAdditive.key, ErrSumIncomplete.key, ErrSumNone.key, ErrSumNoBase.key, noteSumBaseImplied.key,
		noteSumBaseImpliedComparable.key}
}

// Additive reports whether figures of kind k add up across regions: a flow or a count (their
// cumulative values) and a stock (its balances) do; a rate and a level do not.
func Additive(k Kind) bool {
	switch k {
	case KindFlow, "", KindCount, KindStock:
		return true
	}
	return false
}

// Part is one region's figures at the period of a sum. Nil means not published / not stored.
type Part struct {
	Value  *float64 // cumulative value (a stock's balance)
	Growth *float64 // published growth, percent
	Base   *float64 // stored last-year same-period value
}

// Sum is regions' figures added up at one period.
type Sum struct {
	Parts    int      // regions in the sum
	Reported int      // regions with a value
	Value    *float64 // Σ values of the regions with one; nil when none has one or the kind does not add up
	// Base is Σ last-year values and Growth (ΣV / ΣB − 1) × 100: only when every region has a
	// value and a last-year value.
	Base, Growth *float64
	// BaseImplied: some region's last-year value is implied by its published growth, V / (1 + g).
	BaseImplied bool
	// Reasons maps "value", "growth" to why it is absent or how it was derived (catalogue keys).
	Reasons map[string]string
}

// Complete reports whether every region of the sum has a value.
func (s Sum) Complete() bool { return s.Parts > 0 && s.Reported == s.Parts }

// SumAcross adds up parts of an indicator of kind k. Each region's last-year value is its stored
// one, else the one its published growth implies (ImpliedBase); for an indicator published at
// comparable prices (GDP, value added) only the implied one, so the growth of the sum is at
// comparable prices too and never from nominal values.
func SumAcross(k Kind, comparablePrice bool, parts []Part) Sum {
	s := Sum{Parts: len(parts), Reasons: map[string]string{}}
	if !Additive(k) {
		s.Reasons["value"], s.Reasons["growth"] = ErrNotAdditive.Error(), ErrNotAdditive.Error()
		return s
	}
	var value, base float64
	bases := 0
	for _, p := range parts {
		v := finiteOrNil(p.Value)
		if v == nil {
			continue
		}
		s.Reported++
		value += *v
		b := finiteOrNil(p.Base) // a region's zero is a figure: only the summed base must be positive
		if comparablePrice {
			b = nil
		}
		if b == nil && finiteOrNil(p.Growth) != nil {
			if ib, err := ImpliedBase(*v, *p.Growth); err == nil && ib > 0 {
				b, s.BaseImplied = &ib, true
			}
		}
		if b != nil {
			base += *b
			bases++
		}
	}
	if s.Reported == 0 {
		s.Reasons["value"], s.Reasons["growth"] = ErrSumNone.Error(), ErrSumNone.Error()
		return s
	}
	s.Value = ptr(value)
	switch {
	case s.Reported < s.Parts:
		s.Reasons["growth"] = ErrSumIncomplete.Error()
		s.BaseImplied = false
	case bases < s.Reported:
		s.Reasons["growth"] = ErrSumNoBase.Error()
		if comparablePrice {
			s.Reasons["growth"] = ErrComparableGrowth.Error()
		}
		s.BaseImplied = false
	default:
		g, err := CumulativeGrowth(value, base)
		if err != nil {
			s.Reasons["growth"] = ErrSumNoBase.Error()
			s.BaseImplied = false
			break
		}
		s.Base, s.Growth = ptr(base), ptr(g)
		if s.BaseImplied {
			s.Reasons["growth"] = noteSumBaseImplied.Error()
			if comparablePrice {
				s.Reasons["growth"] = noteSumBaseImpliedComparable.Error()
			}
		}
	}
	if s.Reported < s.Parts {
		s.Reasons["value"] = ErrSumIncomplete.Error()
	}
	return s
}

// SumGap compares a whole's own figures (a prefecture's published value and growth) with the sum
// of its parts: the value by which the whole exceeds the sum, in the indicator's unit, and its
// growth above the sum's, in percentage points. Each is nil unless both sides have it and the sum
// is complete (a partial sum says nothing about the whole).
func SumGap(wholeValue, wholeGrowth *float64, s Sum) (value, growthPP *float64) {
	if !s.Complete() {
		return nil, nil
	}
	if w := finiteOrNil(wholeValue); w != nil && s.Value != nil {
		value = ptr(*w - *s.Value)
	}
	if g := finiteOrNil(wholeGrowth); g != nil && s.Growth != nil {
		growthPP = ptr(*g - *s.Growth)
	}
	return value, growthPP
}
