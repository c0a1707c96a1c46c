package domain

import "pacer/internal/locale"

// SameFigure reports whether two optional figures are the same: both absent, or both present and
// equal. Figures are compared exactly: a figure typed or imported again is the same float, and a
// revision is any change at all (rounding for display is the reader's business, not the store's).
func SameFigure(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// FieldError is an *Error about one field of a record: a form field, an import column. Expected
// says, as a noun phrase, what the field should hold (import problems print it after 应为).
type FieldError struct {
	Field    string
	Err      *Error
	Expected locale.Msg
}

func (e *FieldError) Error() string { return e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// fieldError builds a FieldError of kind EINVALID.
func fieldError(field, key, expected string, args ...any) *FieldError {
	return &FieldError{Field: field, Err: E(EINVALID, key, args...), Expected: locale.M(expected)}
}
