package ingest

import (
	"strings"

	"pacer/internal/locale"
	"pacer/internal/sheet"
)

// reading is how one figure cell of a bulletin was read: what it stores, what its number format
// makes it show, and the unit conversion applied. The preview lists it beside the figure.
type reading struct {
	ref    string // the cell (C7)
	head   string // its column's header (社会消费品零售总额/1-9月)
	stored string // the text as stored (0.058)
	format string // its number format when not General (0.0%)
	shown  string // the number as the cell shows it, without % or units (5.8)
	pct    bool   // the format shows a percent: stored × 100
	unit   string // the unit the figure is printed in, "" when none is given
	to     string // the indicator's unit it was converted to, when the unit differs
	shift  int    // the power of ten of that conversion
}

// figureCell reads cell (r, c) as it shows: a number under a percent format is the stored
// number × 100 (0.058 under 0.0% is 5.8), rounded to the decimals the format shows; a unit the
// format prints (0.00"亿元") is the cell's unit. Text cells and General numbers are as stored.
func (g *grid) figureCell(r, c int) reading {
	raw := g.raw(r, c)
	rd := reading{ref: sheet.CellRef(r, c), stored: raw, shown: raw}
	code := g.t.NumFormat(r, c)
	if code == "" {
		return rd
	}
	nf := sheet.ParseNumFormat(code)
	if nf.General || nf.Date || nf.Text {
		return rd
	}
	if v, err := ParseNumber(raw); err != nil || v == nil || strings.Contains(raw, "%") {
		return rd
	}
	rd.format = code
	shift := -nf.Scale
	if nf.Percent {
		shift += 2
		rd.pct = true
	}
	t := shiftDecimal(raw, shift)
	if nf.Decimals >= 0 && !nf.Scientific {
		t = roundDecimal(t, nf.Decimals)
	}
	rd.shown = t
	for _, lit := range []string{nf.Suffix, nf.Prefix} {
		if u := cleanUnit(lit); u != "" && u != "%" {
			rd.unit = u
			break
		}
	}
	return rd
}

// roundDecimal rounds the plain decimal text s (as shiftDecimal returns it) to d digits after
// the point, half away from zero, as Excel shows it.
func roundDecimal(s string, d int) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	ip, fp, _ := strings.Cut(s, ".")
	if len(fp) <= d {
		return sign + s
	}
	digits := []byte(ip + fp[:d])
	up := fp[d] >= '5'
	if up {
		i := len(digits) - 1
		for ; i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
			ip = "x" + ip // one digit longer
		}
	}
	n := len(ip)
	out := strings.TrimLeft(string(digits[:n]), "0")
	if out == "" {
		out = "0"
	}
	if d > 0 {
		if frac := strings.TrimRight(string(digits[n:]), "0"); frac != "" {
			out += "." + frac
		}
	}
	if out == "0" {
		return "0"
	}
	return sign + out
}

// msg says how the cell was read: 「C7 (1-9月) 0.058, shown as 5.8% by its format 0.0%」, and
// the unit conversion (2238300 万元 → 223.83 亿元). final is the figure stored.
func (rd *reading) msg(final string) locale.Msg {
	if rd.ref == "" {
		return locale.Msg{}
	}
	m := locale.M("bulletin.trace.cell", rd.ref, rd.head, rd.stored)
	if rd.format != "" {
		shown := rd.shown
		if rd.pct {
			shown += "%"
		}
		m = locale.M("bulletin.trace.format", m, rd.format, shown)
	}
	if rd.to != "" && rd.unit != "" {
		m = locale.M("bulletin.trace.convert", m, rd.shown, rd.unit, final, rd.to)
	} else if rd.unit != "" {
		m = locale.M("bulletin.trace.unit", m, rd.unit)
	}
	return m
}

// trace says how a figure was read: its value's and its growth's cells, or the stored figure a
// — kept.
func (f *figure) trace() locale.Msg {
	var parts []locale.Msg
	switch {
	case f.keptValue:
		parts = append(parts, locale.M("bulletin.trace.kept_value"))
	case f.valueText != "":
		parts = append(parts, locale.M("bulletin.trace.value", f.valueRd.msg(f.valueText)))
	}
	switch {
	case f.keptGrowth:
		parts = append(parts, locale.M("bulletin.trace.kept_growth"))
	case f.growthText != "":
		parts = append(parts, locale.M("bulletin.trace.growth", f.growthRd.msg(f.growthText)))
	}
	if f.valueSheet != "" && f.valueSheet != f.sheet || f.growthSheet != "" && f.growthSheet != f.sheet {
		parts = append(parts, locale.M("bulletin.trace.completed", f.mergedFrom()))
	}
	if len(parts) == 0 {
		return locale.Msg{}
	}
	m := parts[0]
	for _, p := range parts[1:] {
		m = locale.M("bulletin.trace.and", m, p)
	}
	return m
}

// mergedFrom names the other sheet a figure was completed from.
func (f *figure) mergedFrom() string {
	if f.valueSheet != f.sheet {
		return f.valueSheet
	}
	return f.growthSheet
}

// showPercents returns tables with every number under a percent format written as the cell
// shows it (0.058 under 0.0% is "5.8%"), for the long-format reader; a table with no such cell
// is returned as it is, and the callers' rows are never changed.
func showPercents(tables []sheet.Table) []sheet.Table {
	out := tables
	for i := range tables {
		t := &tables[i]
		type fix struct {
			r, c int
			text string
		}
		var fixes []fix
		parsed := map[string]sheet.NumFormat{}
		t.EachNumFormat(func(r, c int, code string) {
			nf, ok := parsed[code]
			if !ok {
				nf = sheet.ParseNumFormat(code)
				parsed[code] = nf
			}
			raw := strings.TrimSpace(t.Cell(r, c))
			if !nf.Percent || nf.Date || raw == "" || strings.Contains(raw, "%") {
				return
			}
			if v, err := ParseNumber(raw); err != nil || v == nil {
				return
			}
			text := shiftDecimal(raw, 2-nf.Scale)
			if nf.Decimals >= 0 && !nf.Scientific {
				text = roundDecimal(text, nf.Decimals)
			}
			fixes = append(fixes, fix{r, c, text + "%"})
		})
		if len(fixes) == 0 {
			continue
		}
		if &out[0] == &tables[0] {
			out = append([]sheet.Table(nil), tables...)
		}
		rows := make([][]string, len(t.Rows))
		copy(rows, t.Rows)
		for _, f := range fixes {
			if len(rows[f.r]) > 0 && &rows[f.r][0] == &t.Rows[f.r][0] {
				rows[f.r] = append([]string(nil), t.Rows[f.r]...)
			}
			rows[f.r][f.c] = f.text
		}
		out[i].Rows = rows
	}
	return out
}
