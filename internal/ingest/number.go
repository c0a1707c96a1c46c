// Package ingest turns files into validated batches for the store: long-format CSV and xlsx of
// observations, targets and indicator definitions. A command's files are checked together and
// written in one transaction, or not at all.
package ingest

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fullWidth maps the characters officials type on a Chinese keyboard to their ASCII forms.
var fullWidth = strings.NewReplacer(
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	"．", ".", "，", ",", "％", "%", "－", "-", "＋", "+", "−", "-", "　", " ", "\u00a0", " ",
)

// normalise maps full-width characters to ASCII and trims spaces. ASCII text, the usual case,
// has nothing to map and skips the replacer.
func normalise(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.TrimSpace(fullWidth.Replace(s))
		}
	}
	return strings.TrimSpace(s)
}

var thousands = regexp.MustCompile(`^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$`)

var errNotNumber = errors.New("not a number")

// ParseNumber reads a number as officials type it: "1,234.5", full-width digits, "4.7%", a
// leading "+". Blank means absent (nil, nil). Anything else — "—", "-", "/", "约5" — is an error,
// never a zero.
func ParseNumber(s string) (*float64, error) {
	s = normalise(s)
	if s == "" {
		return nil, nil
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	if strings.Contains(s, ",") {
		if !thousands.MatchString(s) {
			return nil, errNotNumber
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	for _, r := range s {
		if !(unicode.IsDigit(r) || r == '.' || r == '-' || r == '+' || r == 'e' || r == 'E') {
			return nil, errNotNumber
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return nil, errNotNumber
	}
	return &v, nil
}

var yearDotMonth = regexp.MustCompile(`^\d{4}\.\d+$`)

var periodForms = []*regexp.Regexp{
	regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$`), // 2023-06, 2023-6, 2023/06, 2023年6月
	regexp.MustCompile(`^(\d{4})(\d{2})$`),                    // 202306
}

// ParsePeriod reads a period and returns it as YYYY-MM. Besides YYYY-MM it takes the forms
// people and spreadsheets produce: 2023-6, 2023/06, 2023年6月, 202306, and — from xlsx, where
// Excel turns "2023-06" into a date — a date serial number.
func ParsePeriod(s string, fromXLSX bool) (string, bool) {
	return parsePeriod(s, fromXLSX, false)
}

// parsePeriod is ParsePeriod for a cell of a workbook that may use the 1904 date system, whose
// serial numbers count from 1904-01-01 (serial 1462 of the 1900 system).
func parsePeriod(s string, fromXLSX, date1904 bool) (string, bool) {
	s = normalise(s)
	if isCanonicalPeriod(s) {
		return s, true
	}
	if fromXLSX && yearDotMonth.MatchString(s) {
		// A number cell: Excel stored 2023.10 as 2023.1, so October and January look alike.
		return "", false
	}
	for _, re := range periodForms {
		if m := re.FindStringSubmatch(s); m != nil {
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			if y < 1900 || y > 2999 || mo < 1 || mo > 12 {
				return "", false
			}
			return strconv.Itoa(y) + "-" + twoDigits(mo), true
		}
	}
	if fromXLSX {
		if serial, err := strconv.ParseFloat(s, 64); err == nil && serial >= 1 && serial < 2958466 && serial == math.Trunc(serial) {
			if date1904 {
				serial += 1462
			}
			y, mo := excelSerialMonth(int(serial))
			if y >= 1900 && y <= 2999 {
				return strconv.Itoa(y) + "-" + twoDigits(mo), true
			}
		}
	}
	return "", false
}

// isCanonicalPeriod reports whether s is already YYYY-MM with a year from 1900 to 2999 and a
// month from 01 to 12 (the common case, checked without a regular expression).
func isCanonicalPeriod(s string) bool {
	if len(s) != 7 || s[4] != '-' || s[0] < '1' || s[0] > '2' || (s[0] == '1' && s[1] != '9') {
		return false
	}
	for _, i := range []int{1, 2, 3, 5, 6} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return (s[5] == '0' && s[6] != '0') || (s[5] == '1' && s[6] <= '2')
}

// excelSerialMonth converts an Excel 1900-system date serial to its year and month.
func excelSerialMonth(serial int) (int, int) {
	// Serial 25569 is 1970-01-01; Excel's fictitious 1900-02-29 only shifts serials below 61.
	days := serial - 25569
	y, m, _ := unixDay(days)
	return y, m
}

// unixDay returns the civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
func unixDay(z int) (int, int, int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// ParseYear reads a four-digit year (xlsx may store it as "2023" or "2023.0").
func ParseYear(s string) (int, bool) {
	s = strings.TrimSuffix(normalise(s), ".0")
	s = strings.TrimSuffix(s, "年")
	y, err := strconv.Atoi(s)
	return y, err == nil && y >= 1900 && y <= 2999
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
