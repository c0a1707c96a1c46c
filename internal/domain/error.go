package domain

import (
	"errors"

	"pacer/internal/locale"
)

// Error kinds: a small vocabulary every layer shares; the web layer maps them to HTTP statuses.
const (
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	ECONFLICT  = "conflict"
	EFORBIDDEN = "forbidden"
	EINTERNAL  = "internal"
)

// Error is an error a user may see: Kind for programs, Msg (a catalogue key and its arguments)
// for people, rendered in the reader's language at the edge (Message). Error() gives zh-CN, for
// logs and tests.
type Error struct {
	Kind string
	Msg  locale.Msg
}

func (e *Error) Error() string { return e.Msg.In("zh-CN") }

// E returns an *Error of the given kind whose text is the catalogue entry key formatted with
// args (fmt verbs; a locale.Key argument is itself translated).
func E(kind, key string, args ...any) *Error {
	return &Error{Kind: kind, Msg: locale.M(key, args...)}
}

// ErrorKind returns the kind of err, EINTERNAL when it is not an *Error.
func ErrorKind(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return EINTERNAL
}

// Message renders err for a reader of lang: an *Error's own message, otherwise the generic
// internal-error text (the cause goes to the log, never to the user).
func Message(lang string, err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg.In(lang)
	}
	return locale.T(lang, "error.internal")
}
