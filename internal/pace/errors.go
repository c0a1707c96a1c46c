package pace

// Error is a sentinel reason why a figure cannot be computed, or a note on how one was derived.
// It carries a message-catalogue key ("reason.no_base"), never text: the edge renders the key in
// the reader's language (locale.T), and Error() returns the key itself. The package returns these
// values themselves, never wrapped, so both == and errors.Is work; a narrower sentinel
// (ErrNoBaseYear) also matches the broader one it refines (ErrNoBase) under errors.Is.
type Error struct {
	key  string
	kind *Error
}

// Error returns the catalogue key.
func (e *Error) Error() string { return e.key }

// Key is the catalogue key (the same as Error()).
func (e *Error) Key() string { return e.key }

// Is reports whether e refines target, so errors.Is(ErrNoBaseYear, ErrNoBase) holds.
func (e *Error) Is(target error) bool { return e.kind != nil && target == error(e.kind) }

var (
	// ErrNoBase: last year's figure needed for this is missing (or zero).
	ErrNoBase = &Error{key: "reason.no_base"}
	// ErrNoBaseYear: last year's full-year figure is missing (or zero); errors.Is(err, ErrNoBase) holds.
	ErrNoBaseYear = &Error{key: "reason.no_base_year", kind: ErrNoBase}
	// ErrNoOpening: a stock's balance at last December (S0) is missing; errors.Is(err, ErrNoBase) holds.
	ErrNoOpening = &Error{key: "reason.no_opening", kind: ErrNoBase}
	// ErrNoRestBase: last year's rest of the year (B_year − B_ytd) is zero or negative, so no
	// growth over it can be computed; errors.Is(err, ErrNoBase) holds. Not "the year is over".
	ErrNoRestBase = &Error{key: "reason.no_rest_base", kind: ErrNoBase}
	// ErrNoValue: this year's (cumulative) value is missing.
	ErrNoValue = &Error{key: "reason.no_value"}
	// ErrNoGrowth: no growth, neither published nor computable.
	ErrNoGrowth = &Error{key: "reason.no_growth"}
	// ErrNoTarget: no target (or a value target that is not positive).
	ErrNoTarget = &Error{key: "reason.no_target"}
	// ErrYearOver: the year has passed (the figure is December's): nothing remains to grow.
	ErrYearOver = &Error{key: "reason.year_over"}
	// ErrBadPeriod: a period is not a valid "YYYY-MM" (month 1..12, year 1900..2999).
	ErrBadPeriod = &Error{key: "reason.bad_period"}

	// ErrLevelNoCompletion: a level (a ratio) has no completion percentage, only a level gap.
	ErrLevelNoCompletion = &Error{key: "reason.level_no_completion"}
	// ErrLevelNoRequired: 需增速 is never computed for a level.
	ErrLevelNoRequired = &Error{key: "reason.level_no_required_growth"}
	// ErrLevelNoProjection: a level is not projected to the year end.
	ErrLevelNoProjection = &Error{key: "reason.level_no_projection"}
	// ErrLevelGrowthPublished: a level's growth is only ever the published one.
	ErrLevelGrowthPublished = &Error{key: "reason.level_growth_published"}
	// ErrComparableGrowth: growth at comparable prices is only ever the published one.
	ErrComparableGrowth = &Error{key: "reason.comparable_growth_published"}
	// ErrStockCeiling: a stock with a ceiling is judged like a level: within the ceiling or not.
	ErrStockCeiling = &Error{key: "reason.stock_ceiling"}
	// ErrStockTargetBelowOpening: a stock's year-end target is not above last December's balance,
	// so there is nothing to complete; it is judged like a level.
	ErrStockTargetBelowOpening = &Error{key: "reason.stock_target_not_above_opening"}
	// ErrStale: the indicator was due at a later period than its figure's: 数据未报.
	ErrStale = &Error{key: "reason.stale"}
)

// Notes saying how a figure was derived, recorded in Derived.Reasons and TierResult.Reasons.
var (
	noteGrowthComputedCurrent = &Error{key: "reason.growth_computed_current"}
	noteGrowthComputed        = &Error{key: "reason.growth_computed"}
	noteBaseImpliedComparable = &Error{key: "reason.base_implied_comparable"}
	noteBaseImplied           = &Error{key: "reason.base_implied"}
	noteLinearFallback        = &Error{key: "reason.linear_fallback"}
	noteStockLinear           = &Error{key: "reason.stock_linear"}
	noteStockGrowthTarget     = &Error{key: "reason.stock_growth_target"}
)

// ReasonKeys lists every catalogue key the package may put in Reasons or return as an error, so
// a test of the catalogue (outside this package) can check each has a text in every language.
func ReasonKeys() []string {
	var keys []string
	for _, e := range []*Error{
		ErrNoBase, ErrNoBaseYear, ErrNoOpening, ErrNoRestBase, ErrNoValue, ErrNoGrowth, ErrNoTarget,
		ErrYearOver, ErrBadPeriod, ErrLevelNoCompletion, ErrLevelNoRequired, ErrLevelNoProjection,
		ErrLevelGrowthPublished, ErrComparableGrowth, ErrStockCeiling, ErrStockTargetBelowOpening, ErrStale,
		noteGrowthComputedCurrent, noteGrowthComputed, noteBaseImpliedComparable, noteBaseImplied,
		noteLinearFallback, noteStockLinear, noteStockGrowthTarget,
	} {
		keys = append(keys, e.key)
	}
	return append(append(keys, PlanReasonKeys()...), SumReasonKeys()...)
}
