package domain

import (
	"strings"
	"unicode/utf8"
)

// MaxGoalTreeText is the longest focus point title or measure text accepted, in characters.
const MaxGoalTreeText = 500

// Headline splits a region's goal tree (focus points in position order) into its headline — 总目标,
// the focus point at position 0 — and the other focus points. head is nil when no focus point
// holds position 0. The dashboard and the goal tree both call it.
func Headline(points []FocusPoint) (head *FocusPoint, rest []FocusPoint) {
	for i := range points {
		if points[i].Position == 0 && head == nil {
			h := points[i]
			head = &h
			continue
		}
		rest = append(rest, points[i])
	}
	return head, rest
}

// HeadlineIndicator is the indicator the dashboard leads with: the headline's first measure that
// moves an indicator known says exists, else GDP.
func HeadlineIndicator(points []FocusPoint, known func(code string) bool) string {
	if head, _ := Headline(points); head != nil {
		for _, m := range head.Measures {
			if m.IndicatorCode != "" && known(m.IndicatorCode) {
				return m.IndicatorCode
			}
		}
	}
	return "gdp"
}

// SaysHeadline reports whether a focus point's title already calls it the headline (总目标…), so
// a page need not label it again.
func (fp FocusPoint) SaysHeadline() bool {
	return strings.HasPrefix(fp.Title, "总目标") || strings.HasPrefix(strings.ToLower(fp.Title), "headline")
}

// Validate checks a focus point: a year of four digits and a title of 1 to MaxGoalTreeText
// characters.
func (fp FocusPoint) Validate() error {
	if fp.Year < 1900 || fp.Year > 9999 {
		return E(EINVALID, "goals.year_invalid", fp.Year)
	}
	return checkText(strings.TrimSpace(fp.Title), "goals.focus.title_empty", "goals.focus.title_long")
}

// Clean trims a measure's fields and lists each owner unit once (codes, comma-separated).
func (m Measure) Clean() Measure {
	m.Text, m.IndicatorCode, m.FigureUnit = strings.TrimSpace(m.Text), strings.TrimSpace(m.IndicatorCode), strings.TrimSpace(m.FigureUnit)
	var owners []string
	seen := map[string]bool{}
	for _, o := range strings.Split(m.OwnerUnits, ",") {
		if o = strings.TrimSpace(o); o != "" && !seen[o] {
			seen[o] = true
			owners = append(owners, o)
		}
	}
	m.OwnerUnits = strings.Join(owners, ",")
	return m
}

// Owners returns the owner unit codes of a measure.
func (m Measure) Owners() []string {
	var out []string
	for _, o := range strings.Split(m.OwnerUnits, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}

// Validate checks a (cleaned) measure: a text of 1 to MaxGoalTreeText characters and a figure unit
// of at most 50 bytes. That its indicator and owner units exist is the workflow's to check.
func (m Measure) Validate() error {
	if err := checkText(m.Text, "goals.measure.text_empty", "goals.measure.text_long"); err != nil {
		return err
	}
	if len(m.FigureUnit) > 50 {
		return E(EINVALID, "goals.measure.figure_unit_long")
	}
	return nil
}

// Edited returns m as an edit of old: a figure the analyst typed (changed) is no longer the
// demo's sample figure.
func (m Measure) Edited(old Measure) Measure {
	m.Sample = old.Sample && SameFigure(old.Figure, m.Figure)
	return m
}

func checkText(text, emptyKey, longKey string) error {
	if text == "" {
		return E(EINVALID, emptyKey)
	}
	if n := utf8.RuneCountInString(text); n > MaxGoalTreeText {
		return E(EINVALID, longKey, n, MaxGoalTreeText)
	}
	return nil
}
