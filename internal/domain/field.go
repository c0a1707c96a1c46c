package domain

import (
	"errors"

	"pacer/internal/locale"
)

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

// FieldErrors returns the *FieldError err holds, alone or joined (errors.Join), in order.
func FieldErrors(err error) []*FieldError {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*FieldError
		for _, e := range j.Unwrap() {
			out = append(out, FieldErrors(e)...)
		}
		return out
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return []*FieldError{fe}
	}
	return nil
}
