package locale

// Key is a catalogue key used as an argument of another message: T renders it in the reader's
// language before formatting ("%s 日期无效" with Key("audit.from") reads 起始日期 / From).
type Key string

// Name is a value that has a name in each language — an indicator's Chinese name and its English
// one (domain.Indicator.NameEN) — used as an argument: T gives an English reader the English name
// when there is one, anyone else the Chinese.
type Name struct{ ZH, EN string }

// String is the Chinese name, for a message formatted outside T.
func (n Name) String() string { return n.ZH }

// In is the name in lang.
func (n Name) In(lang string) string {
	if Match(lang) == "en" && n.EN != "" {
		return n.EN
	}
	return n.ZH
}

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
