package sheet

import (
	"errors"
	"fmt"
	"strconv"

	"pacer/internal/locale"
)

// Error is a file that cannot be read. errors.Is matches the sentinel it wraps (Err); Msg says
// what is wrong, rendered in the reader's language (sheet.* catalogue keys); Error() gives the
// zh-CN text after the file's base name.
type Error struct {
	File string
	Err  error // a sentinel (or sentinels, errors.Join), or the underlying cause; may be nil
	Msg  locale.Msg
}

func (e *Error) Error() string { return e.File + ": " + e.Msg.In("zh-CN") }

func (e *Error) Unwrap() error { return e.Err }

// fail returns an *Error for file name wrapping err, its message the catalogue entry key.
func fail(name string, err error, key string, args ...any) *Error {
	return &Error{File: name, Err: err, Msg: locale.M(key, args...)}
}

// fail returns an *Error for the builder's file, naming its sheet when there is one.
func (b *rowBuilder) fail(err error, key string, args ...any) *Error {
	e := fail(b.file, err, key, args...)
	if b.sheet != "" {
		e.Msg = locale.M("sheet.in_sheet", b.sheet, e.Msg)
	}
	return e
}

// humanBytes states a size: MB, KB, or bytes.
func humanBytes(n int64) any {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB"
	}
	return locale.M("sheet.bytes", n)
}

// Message is what to tell a user about err, a file that could not be read: the message of an
// *Error or a *PanicError in it; ok is false for any other error.
func Message(err error) (msg locale.Msg, ok bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg, true
	}
	var pe *PanicError
	if errors.As(err, &pe) {
		return locale.M("sheet.internal", Clip(fmt.Sprint(pe.Value))), true
	}
	return locale.Msg{}, false
}
