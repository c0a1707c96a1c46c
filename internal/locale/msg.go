package locale

// Key is a catalogue key used as an argument of another message: T renders it in the reader's
// language before formatting ("%s 日期无效" with Key("audit.from") reads 起始日期 / From).
type Key string

// Msg is a message not yet rendered: a catalogue key and its arguments. Errors, reasons and
// import problems carry a Msg; the edge (page, API, CLI) renders it in the reader's language.
type Msg struct {
	Key  string
	Args []any
}

// M builds a Msg.
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// In renders m in lang.
func (m Msg) In(lang string) string { return T(lang, m.Key, m.Args...) }

// IsZero reports whether m is empty.
func (m Msg) IsZero() bool { return m.Key == "" }
