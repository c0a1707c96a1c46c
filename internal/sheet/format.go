package sheet

import (
	"bufio"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// View is how an xlsx sheet shows its cells, beyond their stored text: the number formats of
// numeric cells (a growth stored 0.058 under 0.0% shows 5.8%) and the hidden rows and columns.
// It is read for sheets of up to mergeRowsLimit rows (bulletins); Table.View is nil otherwise
// and for CSV.
type View struct {
	formats    map[[2]int]string // 0-based row, column → number format code, numeric cells not General
	hiddenRows map[int]bool
	hiddenCols map[int]bool
}

// NumFormat returns the number format code of the numeric cell at 0-based row r and column c
// (e.g. "0.0%", `0.00"亿元"`, "#,##0"), or "" when the cell is General, text, or unknown.
func (t *Table) NumFormat(r, c int) string {
	if t.View == nil {
		return ""
	}
	return t.View.formats[[2]int{r, c}]
}

// RowHidden reports whether 0-based row r is hidden.
func (t *Table) RowHidden(r int) bool { return t.View != nil && t.View.hiddenRows[r] }

// ColHidden reports whether 0-based column c is hidden.
func (t *Table) ColHidden(c int) bool { return t.View != nil && t.View.hiddenCols[c] }

// SetNumFormat sets the number format code of cell (r, c) (for tests and callers building
// tables by hand).
func (t *Table) SetNumFormat(r, c int, code string) {
	if t.View == nil {
		t.View = &View{}
	}
	if t.View.formats == nil {
		t.View.formats = map[[2]int]string{}
	}
	t.View.formats[[2]int{r, c}] = code
}

// builtinFormats are the number formats Excel does not write into styles.xml (ECMA-376
// 18.8.30); the East Asian date formats (27–36, 50–58) are all dates.
var builtinFormats = map[int]string{
	1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
	14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm",
	21: "h:mm:ss", 22: "m/d/yy h:mm", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
	40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}

func builtinFormat(id int) string {
	if (id >= 27 && id <= 36) || (id >= 50 && id <= 58) {
		return "yyyy-mm-dd"
	}
	return builtinFormats[id]
}

// styles are the number format codes of a workbook's cell styles (index = the s attribute).
type styles []string

// readStyles reads xl/styles.xml (or the part the workbook's relationships name) into the
// format code of each cell style.
func (m *mergeReader) readStyles() styles {
	part := "xl/styles.xml"
	var rels struct {
		Rels []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if m.unmarshal("xl/_rels/workbook.xml.rels", &rels) == nil {
		for _, r := range rels.Rels {
			if strings.HasSuffix(r.Type, "/styles") {
				if t := r.Target; strings.HasPrefix(t, "/") {
					part = strings.TrimPrefix(t, "/")
				} else {
					part = path.Join("xl", t)
				}
			}
		}
	}
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if m.unmarshal(part, &st) != nil {
		return nil
	}
	custom := map[int]string{}
	for _, f := range st.NumFmts {
		custom[f.ID] = f.Code
	}
	out := make(styles, len(st.Xfs))
	for i, xf := range st.Xfs {
		if code, ok := custom[xf.NumFmtID]; ok {
			out[i] = code
		} else {
			out[i] = builtinFormat(xf.NumFmtID)
		}
		if strings.EqualFold(out[i], "General") {
			out[i] = ""
		}
	}
	return out
}

// view scans one sheet's part for the style of each numeric cell and the hidden rows and
// columns. It streams the part once and keeps only what differs from the default.
func (m *mergeReader) view(sheet string, st styles) *View {
	part, ok := m.parts[sheet]
	if !ok || part == "" || m.zr == nil {
		return nil
	}
	rc, err := m.open(part)
	if err != nil {
		return nil
	}
	defer rc.Close()
	v := &View{}
	br := bufio.NewReaderSize(io.LimitReader(rc, m.max), 64<<10)
	row, col := -1, -1
	var tag []byte
	for {
		if _, err := br.ReadSlice('<'); err == bufio.ErrBufferFull {
			continue
		} else if err != nil {
			break
		}
		tag = tag[:0]
		for {
			b, err := br.ReadSlice('>')
			tag = append(tag, b...)
			if err != bufio.ErrBufferFull {
				break
			}
		}
		name, attrs := splitTag(tag)
		switch name {
		case "row":
			if n, err := strconv.Atoi(tagAttr(attrs, "r")); err == nil && n > 0 {
				row = n - 1
			} else {
				row++
			}
			col = -1
			if h := tagAttr(attrs, "hidden"); h == "1" || h == "true" {
				if v.hiddenRows == nil {
					v.hiddenRows = map[int]bool{}
				}
				v.hiddenRows[row] = true
			}
		case "c":
			col++
			if ref := tagAttr(attrs, "r"); ref != "" {
				if c, r, ok := cellCoords(ref); ok {
					col, row = c, r
				}
			}
			if t := tagAttr(attrs, "t"); t != "" && t != "n" {
				continue
			}
			s, err := strconv.Atoi(tagAttr(attrs, "s"))
			if err != nil || s <= 0 || s >= len(st) || st[s] == "" {
				continue
			}
			if v.formats == nil {
				v.formats = map[[2]int]string{}
			}
			v.formats[[2]int{row, col}] = st[s]
		case "col":
			if h := tagAttr(attrs, "hidden"); h == "1" || h == "true" {
				lo, err1 := strconv.Atoi(tagAttr(attrs, "min"))
				hi, err2 := strconv.Atoi(tagAttr(attrs, "max"))
				if err1 != nil || err2 != nil || lo < 1 || hi < lo {
					continue
				}
				if v.hiddenCols == nil {
					v.hiddenCols = map[int]bool{}
				}
				for c := lo; c <= min(hi, lo+16384); c++ {
					v.hiddenCols[c-1] = true
				}
			}
		case "/sheetData":
			return v
		}
	}
	return v
}

// splitTag splits the text after '<' up to and including '>' into the local name (with a
// leading '/' for an end tag) and the attribute text.
func splitTag(tag []byte) (string, []byte) {
	tag = []byte(strings.TrimSuffix(string(tag), ">"))
	i := 0
	for i < len(tag) && tag[i] != ' ' && tag[i] != '\t' && tag[i] != '\n' && tag[i] != '\r' && tag[i] != '/' {
		i++
	}
	if i == 0 && len(tag) > 0 && tag[0] == '/' {
		j := 1
		for j < len(tag) && tag[j] != ' ' && tag[j] != '>' {
			j++
		}
		n := string(tag[1:j])
		if k := strings.LastIndexByte(n, ':'); k >= 0 {
			n = n[k+1:]
		}
		return "/" + n, nil
	}
	n := string(tag[:i])
	if k := strings.LastIndexByte(n, ':'); k >= 0 {
		n = n[k+1:]
	}
	return n, tag[i:]
}

// tagAttr returns the value of attribute key (without a namespace prefix) in attrs.
func tagAttr(attrs []byte, key string) string {
	s := string(attrs)
	for len(s) > 0 {
		s = strings.TrimLeft(s, " \t\r\n/")
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			return ""
		}
		k := strings.TrimSpace(s[:eq])
		rest := strings.TrimLeft(s[eq+1:], " \t\r\n")
		if rest == "" || (rest[0] != '"' && rest[0] != '\'') {
			return ""
		}
		end := strings.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return ""
		}
		if i := strings.LastIndexByte(k, ':'); i >= 0 {
			k = k[i+1:]
		}
		if k == key {
			return rest[1 : 1+end]
		}
		s = rest[end+2:]
	}
	return ""
}

// cellCoords reads an A1 reference into 0-based column and row.
func cellCoords(ref string) (c, r int, ok bool) {
	i := 0
	col := 0
	for i < len(ref) {
		b := ref[i] | 0x20
		if b < 'a' || b > 'z' {
			break
		}
		col = col*26 + int(b-'a'+1)
		if col > 16384 {
			return 0, 0, false
		}
		i++
	}
	n, err := strconv.Atoi(ref[i:])
	if i == 0 || err != nil || n < 1 {
		return 0, 0, false
	}
	return col - 1, n - 1, true
}

// NumFormat is what a number format code does to the number it shows, as far as reading
// figures needs: its first (positive) section.
type NumFormat struct {
	Code      string
	General   bool // General (or no format): the number as stored
	Percent   bool // shows the number × 100 followed by %
	Decimals  int  // digits shown after the decimal point (General: -1)
	Thousands bool // #,##0
	// Scale is the power of ten the shown number is divided by: each comma after the last digit
	// placeholder (#,##0,) divides by 1,000 (Scale 3).
	Scale int
	// Prefix and Suffix are the literal text the format prints before and after the number
	// (0.00"亿元" → Suffix 亿元), without spaces.
	Prefix, Suffix string
	Date           bool // a date or time format
	Text           bool // @: text
	Scientific     bool // 0.00E+00
}

// ParseNumFormat reads a number format code.
func ParseNumFormat(code string) NumFormat {
	f := NumFormat{Code: code, Decimals: -1}
	sec := firstSection(code)
	if strings.TrimSpace(sec) == "" || strings.EqualFold(strings.TrimSpace(sec), "General") {
		f.General = true
		return f
	}
	digits, afterPoint, point := 0, 0, false
	var lit strings.Builder
	pendingCommas := 0
	flushLit := func() {
		s := strings.Join(strings.Fields(lit.String()), "")
		lit.Reset()
		if s == "" {
			return
		}
		if digits == 0 {
			f.Prefix += s
		} else {
			f.Suffix += s
		}
	}
	for i := 0; i < len(sec); {
		r, size := utf8.DecodeRuneInString(sec[i:])
		switch {
		case r == '"':
			end := strings.IndexByte(sec[i+1:], '"')
			if end < 0 {
				end = len(sec) - i - 1
			}
			lit.WriteString(sec[i+1 : i+1+end])
			i += end + 2
			continue
		case r == '\\':
			if i+1 < len(sec) {
				r2, s2 := utf8.DecodeRuneInString(sec[i+1:])
				lit.WriteRune(r2)
				i += 1 + s2
				continue
			}
		case r == '_' || r == '*':
			_, s2 := utf8.DecodeRuneInString(sec[min(i+1, len(sec)):])
			i += 1 + s2
			continue
		case r == '[':
			end := strings.IndexByte(sec[i:], ']')
			if end < 0 {
				end = len(sec) - i - 1
			}
			inner := sec[i+1 : i+end]
			if strings.HasPrefix(inner, "$") { // [$¥-804]: a currency symbol
				sym, _, _ := strings.Cut(inner[1:], "-")
				lit.WriteString(sym)
			} else if l := strings.ToLower(inner); strings.Trim(l, "hms") == "" && l != "" {
				f.Date = true // [h] elapsed time
			}
			i += end + 1
			continue
		case r == '0' || r == '#' || r == '?':
			if digits == 0 {
				flushLit()
			}
			if pendingCommas > 0 {
				f.Thousands = true
				pendingCommas = 0
			}
			digits++
			if point {
				afterPoint++
			}
		case r == '.':
			point = true
			if pendingCommas > 0 {
				f.Scale += 3 * pendingCommas
				pendingCommas = 0
			}
		case r == ',':
			if digits > 0 {
				pendingCommas++
			} else {
				lit.WriteRune(r)
			}
		case r == '%':
			f.Percent = true
		case r == '@':
			f.Text = true
		case (r == 'E' || r == 'e') && i+1 < len(sec) && (sec[i+1] == '+' || sec[i+1] == '-') && digits > 0:
			f.Scientific = true
			i += 2
			continue
		case strings.ContainsRune("yYmMdDhHsSeEbBgG", r) && digits == 0:
			f.Date = true
		case strings.ContainsRune("aA", r) && strings.HasPrefix(strings.ToUpper(sec[i:]), "AM/PM"):
			f.Date = true
			i += 5
			continue
		default:
			if digits > 0 && pendingCommas > 0 {
				f.Scale += 3 * pendingCommas
				pendingCommas = 0
			}
			lit.WriteRune(r)
		}
		i += size
	}
	if pendingCommas > 0 {
		f.Scale += 3 * pendingCommas
	}
	flushLit()
	if digits > 0 {
		f.Decimals = afterPoint
	} else if !f.Date && !f.Text {
		f.General = f.Prefix == "" && f.Suffix == ""
	}
	if f.Date {
		f.Decimals, f.Percent, f.Thousands, f.Scale = -1, false, false, 0
	}
	return f
}

// firstSection is the part of a format code before its first unquoted ';'.
func firstSection(code string) string {
	quoted := false
	for i := 0; i < len(code); i++ {
		switch code[i] {
		case '"':
			quoted = !quoted
		case '\\':
			i++
		case ';':
			if !quoted {
				return code[:i]
			}
		}
	}
	return code
}

// sheetView is view with the workbook's styles, read once.
func (m *mergeReader) sheetView(sheet string) *View {
	if m.zr == nil {
		return nil
	}
	if !m.stylesRead {
		m.styles, m.stylesRead = m.readStyles(), true
	}
	return m.view(sheet, m.styles)
}

// EachNumFormat calls fn for every numeric cell of the sheet whose number format is not
// General, with its 0-based row and column and its format code, in no particular order.
func (t *Table) EachNumFormat(fn func(r, c int, code string)) {
	if t.View == nil {
		return
	}
	for k, code := range t.View.formats {
		fn(k[0], k[1], code)
	}
}
