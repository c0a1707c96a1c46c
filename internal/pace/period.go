package pace

import (
	"cmp"
	"fmt"
)

// Period 期间 is a month, meaning "cumulative from January to the end of that month".
type Period struct{ Year, Month int }

// ParsePeriod reads a strict "YYYY-MM": four digits, a hyphen, two digits, month 01..12,
// year 1900..2999. Anything else is ErrBadPeriod.
func ParsePeriod(s string) (Period, error) {
	if len(s) != 7 || s[4] != '-' {
		return Period{}, ErrBadPeriod
	}
	y, ok1 := digits(s[:4])
	m, ok2 := digits(s[5:])
	p := Period{Year: y, Month: m}
	if !ok1 || !ok2 || !p.Valid() {
		return Period{}, ErrBadPeriod
	}
	return p, nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Valid reports whether p is a period ParsePeriod would accept.
func (p Period) Valid() bool {
	return p.Year >= 1900 && p.Year <= 2999 && p.Month >= 1 && p.Month <= 12
}

// String is "YYYY-MM", e.g. "2023-06".
func (p Period) String() string { return fmt.Sprintf("%04d-%02d", p.Year, p.Month) }

// LastYear is the same month of the previous year (上年同期).
func (p Period) LastYear() Period { return Period{Year: p.Year - 1, Month: p.Month} }

// YearEnd is December of the same year (全年).
func (p Period) YearEnd() Period { return Period{Year: p.Year, Month: 12} }

// Compare orders periods chronologically: -1 if p is before q, 0 if equal, +1 if after.
func (p Period) Compare(q Period) int {
	if c := cmp.Compare(p.Year, q.Year); c != 0 {
		return c
	}
	return cmp.Compare(p.Month, q.Month)
}

// MarshalText writes "YYYY-MM"; an invalid period (including the zero Period) is ErrBadPeriod.
func (p Period) MarshalText() ([]byte, error) {
	if !p.Valid() {
		return nil, ErrBadPeriod
	}
	return []byte(p.String()), nil
}

// UnmarshalText reads a strict "YYYY-MM" as ParsePeriod does.
func (p *Period) UnmarshalText(b []byte) error {
	q, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}
