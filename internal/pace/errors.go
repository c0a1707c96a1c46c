package pace

import "errors"

// Error is a sentinel reason why a figure cannot be computed. Error() is the short Chinese phrase
// shown to users; ReasonEN gives the English. The package returns these values themselves, never
// wrapped, so both == and errors.Is work; a narrower sentinel (ErrNoBaseYear) also matches the
// broader one it refines (ErrNoBase) under errors.Is.
type Error struct {
	zh, en string
	kind   *Error
}

func (e *Error) Error() string { return e.zh }

// Is reports whether e refines target, so errors.Is(ErrNoBaseYear, ErrNoBase) holds.
func (e *Error) Is(target error) bool { return e.kind != nil && target == error(e.kind) }

var (
	// ErrNoBase: last year's figure needed for this is missing (or zero).
	ErrNoBase = &Error{zh: "缺少上年同期基数", en: "last year's same-period figure is missing"}
	// ErrNoBaseYear: last year's full-year figure is missing (or zero); errors.Is(err, ErrNoBase) holds.
	ErrNoBaseYear = &Error{zh: "缺少上年全年基数", en: "last year's full-year figure is missing", kind: ErrNoBase}
	// ErrNoValue: this year's (cumulative) value is missing.
	ErrNoValue = &Error{zh: "缺少本年累计值", en: "this year's value is missing"}
	// ErrNoGrowth: no growth, neither published nor computable.
	ErrNoGrowth = &Error{zh: "缺少累计增速", en: "growth is missing"}
	// ErrNoTarget: no target (or a target that is not positive).
	ErrNoTarget = &Error{zh: "缺少目标", en: "no target is set"}
	// ErrYearOver: no part of the year remains (w >= 1 or month 12).
	ErrYearOver = &Error{zh: "全年已过，无剩余月份", en: "no part of the year remains"}
	// ErrBadPeriod: a period is not a valid "YYYY-MM" (month 1..12, year 1900..2999).
	ErrBadPeriod = &Error{zh: "期间应为 YYYY-MM", en: "period must be YYYY-MM"}
)

// Notes saying how a figure was derived, recorded in Derived.Reasons and TierResult.Reasons.
var (
	noteGrowthComputed = &Error{zh: "按上年同期值计算（现价）", en: "computed from last year's same-period value (current prices)"}
	noteBaseImplied    = &Error{zh: "由公布增速推算（可比价）", en: "implied by the published growth (comparable prices)"}
	noteLinearFallback = &Error{zh: "缺少上年基数，按线性时序进度", en: "last year's figures are missing; linear time progress used"}
)

var english = func() map[string]string {
	m := map[string]string{}
	for _, e := range []*Error{
		ErrNoBase, ErrNoBaseYear, ErrNoValue, ErrNoGrowth, ErrNoTarget, ErrYearOver, ErrBadPeriod,
		noteGrowthComputed, noteBaseImplied, noteLinearFallback,
	} {
		m[e.zh] = e.en
	}
	return m
}()

// ReasonEN is the English text for one of the package's errors ("" for nil). Any other error
// yields its own Error() text.
func ReasonEN(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.en
	}
	return err.Error()
}

// ReasonTextEN is the English for a Chinese reason text found in Derived.Reasons or
// TierResult.Reasons; text it does not know is returned unchanged.
func ReasonTextEN(zh string) string {
	if en, ok := english[zh]; ok {
		return en
	}
	return zh
}
