package domain

import (
	"errors"
	"strings"
	"time"

	"pacer/internal/locale"
)

// Period states: a region's reporting period is open for submissions or locked. A period never
// opened has the state "".
const (
	PeriodOpen   = "open"
	PeriodLocked = "locked"
)

// MaxNoteBytes is the longest note a unit may attach to a submission.
const MaxNoteBytes = 500

// CheckPeriodState refuses a state that is neither open nor locked.
func CheckPeriodState(state string) error {
	if state != PeriodOpen && state != PeriodLocked {
		return E(EINVALID, "review.period.bad_state", state)
	}
	return nil
}

// CheckEntry says whether a unit may enter a figure for a (region, indicator) at a period:
// assigned says the pair is one of its assignments, periodState is the period's state for the
// region. Refusals are ENOTFOUND: a reporter learns nothing about what is not its own.
func CheckEntry(assigned bool, region, indicator, period, periodState string) error {
	if !assigned {
		return E(ENOTFOUND, "review.entry.not_assigned", region, indicator)
	}
	switch periodState {
	case PeriodOpen:
		return nil
	case PeriodLocked:
		return E(ENOTFOUND, "review.entry.locked", period)
	}
	return E(ENOTFOUND, "review.entry.not_open", period)
}

// Validate checks the figures a unit enters: a value or a growth (not neither), a growth above
// -100, a note of at most MaxNoteBytes. Each error is a *FieldError ("value", "growth", or "" for
// the row); all of them are joined.
func (x Submission) Validate() error {
	var errs []error
	if x.Growth != nil && *x.Growth <= -100 {
		errs = append(errs, fieldError("growth", "review.entry.growth_range", "review.entry.expected.growth_range", figureText(x.Growth)))
	}
	if x.Value == nil && x.Growth == nil {
		errs = append(errs, fieldError("", "review.entry.both_blank", "review.entry.expected.both_blank"))
	}
	if len(x.Note) > MaxNoteBytes {
		errs = append(errs, fieldError("", "review.entry.note_long", "review.entry.expected.note_long"))
	}
	return errors.Join(errs...)
}

// Save returns what saving in's figures and note (as a draft, or submitted) makes of prev, the
// unit's latest submission for the same unit, region, indicator and period (nil when there is
// none). changed is false when prev already says the same; next.ID is 0 when a new submission
// is to be made — there was none, or the last was approved (the approved figure stays official
// until the new one is approved); otherwise prev (draft, submitted or returned) is updated, and
// submitting clears a previous review.
func Save(prev *Submission, in Submission, draft bool, by string, now time.Time) (next Submission, changed bool, err error) {
	in.Note = strings.TrimSpace(in.Note)
	if err := in.Validate(); err != nil {
		return Submission{}, false, err
	}
	state := Submitted
	if draft {
		state = Draft
	}
	if prev != nil && prev.State == state && prev.Note == in.Note && SameFigure(prev.Value, in.Value) && SameFigure(prev.Growth, in.Growth) {
		return *prev, false, nil
	}
	if prev == nil || prev.State == Approved {
		return Submission{UnitCode: in.UnitCode, RegionCode: in.RegionCode, IndicatorCode: in.IndicatorCode, Period: in.Period,
			Value: in.Value, Growth: in.Growth, Note: in.Note, State: state, SubmittedBy: by, SubmittedAt: now}, true, nil
	}
	next = *prev
	next.Value, next.Growth, next.Note, next.State, next.SubmittedBy, next.SubmittedAt = in.Value, in.Growth, in.Note, state, by, now
	if state == Submitted {
		next.ReviewedBy, next.ReviewedAt, next.Reason = "", nil, ""
	}
	return next, true, nil
}

// reviewable checks that by may review x: x is submitted (not a draft, nor already reviewed)
// and by did not submit it.
func (x *Submission) reviewable(by string) error {
	if x.State != Submitted {
		return E(ECONFLICT, "review.err.not_submitted", locale.Key("entry.state."+x.State))
	}
	if strings.EqualFold(x.SubmittedBy, by) {
		return E(EFORBIDDEN, "review.err.own")
	}
	return nil
}

// Approve marks a submitted figure approved by by at now; periodState is the state of its
// period for its region, and nothing is approved in a locked period. Nobody approves their own
// submission.
func (x *Submission) Approve(by, periodState string, now time.Time) error {
	if err := x.reviewable(by); err != nil {
		return err
	}
	if periodState == PeriodLocked {
		return E(ECONFLICT, "review.err.locked", x.Period)
	}
	t := now
	x.State, x.ReviewedBy, x.ReviewedAt, x.Reason = Approved, by, &t, ""
	return nil
}

// Return sends a submitted figure back to its unit with a reason (required). Nobody returns
// their own submission.
func (x *Submission) Return(by, reason string, now time.Time) error {
	if err := x.reviewable(by); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return E(EINVALID, "review.err.reason_required")
	}
	t := now
	x.State, x.ReviewedBy, x.ReviewedAt, x.Reason = Returned, by, &t, reason
	return nil
}
