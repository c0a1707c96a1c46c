package report

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"pacer/internal/pace"
)

// The check of a report's text against its figures (the statistical offices' rule for release
// text): every number is a figure computed for the report, as displayed, and no comparison word
// contradicts the sign of the difference it qualifies, recomputed from the figures (not from the
// report's gaps). The tests hold the generated report to it; an analyst's edit is held to it too.

// figureSet are the figures computed for a report, as displayed (absolute values: the words carry
// the sign), and the raw differences its comparison words may qualify, signed, by kind (vs,
// growth, required).
type figureSet struct {
	shown map[string]bool
	diffs map[string][]float64
}

func figuresOf(m *Monthly) figureSet {
	shown, diffs := map[string]bool{}, map[string][]float64{}
	put := func(v *float64, decimals int) {
		if v != nil {
			shown[strconv.FormatFloat(math.Abs(pace.RoundTo(*v, decimals)), 'f', decimals, 64)] = true
		}
	}
	diff := func(kind string, v float64) { diffs[kind] = append(diffs[kind], pace.RoundTo(v, 1)) }
	n := func(i int) *float64 { v := float64(i); return &v }
	put(n(m.Year), 0)
	for i := 1; i <= 12; i++ { // the months a span or the rest of the year names
		put(n(i), 0)
	}
	shown[fmt.Sprintf("%02d", m.Month)] = true // the period, 2023-06
	red := 0
	for _, l := range m.Dashboard.Scorecard.Indicators {
		put(l.Value, l.Precision)
		put(l.Growth, 1)
		if l.Growth != nil {
			diff("growth", *l.Growth)
		}
		if l.Rank != nil {
			put(n(*l.Rank), 0)
			put(n(l.Peers), 0)
		}
		isRed := false
		for _, t := range l.Targets {
			put(t.TargetValue, l.Precision)
			put(t.TargetGrowth, 1)
			put(t.Completion, 1)
			put(t.GapPP, 1)
			put(t.GrowthGapPP, 1)
			put(t.LevelGap, l.Precision)
			put(t.RequiredGrowth, 1)
			if t.RequiredGrowth != nil {
				diff("required", *t.RequiredGrowth)
			}
			if l.Growth != nil && t.TargetGrowth != nil {
				diff("vs", *l.Growth-*t.TargetGrowth)
			}
			if t.Completion != nil && t.TimeProgress != nil {
				diff("vs", *t.Completion-*t.TimeProgress)
			}
			if l.Value != nil && t.TargetValue != nil && l.Kind == "level" {
				diff("vs", *l.Value-*t.TargetValue)
			}
			isRed = isRed || t.Status == "red"
		}
		if isRed {
			red++
		}
	}
	put(n(red), 0)
	if p := m.Projects; p != nil {
		put(n(p.Count), 0)
		put(&p.Planned, 2)
		put(&p.Completed, 2)
		put(p.Completion, 1)
		put(p.Gap, 1)
		if p.Completion != nil {
			diff("vs", *p.Completion-p.TimeProgress)
		}
		for _, c := range p.ByCategory {
			put(n(c.Count), 0)
			put(&c.Planned, 2)
			put(&c.Completed, 2)
			put(c.Completion, 1)
		}
	}
	if l := m.Leads; l != nil {
		put(n(l.Projects), 0)
		put(&l.Investment, 2)
		for _, t := range l.Targets {
			put(t.Projects, 0)
			put(t.Investment, 2)
			put(t.CompletionProjects, 1)
			put(t.CompletionInvestment, 1)
		}
	}
	return figureSet{shown, diffs}
}

var (
	// numberRE reads a number as written: ASCII or full-width digits, a decimal part.
	numberRE = regexp.MustCompile(`[0-9０-９]+(?:[.．][0-9０-９]+)?`)
	// a comparison: its word, then (past what it compares with) the magnitude before the clause ends.
	compareRE = regexp.MustCompile(`(高于|低于|快于|慢于)[^，。；]*?(\d+(?:\.\d+)?)(?:个百分点|[^\d，。；（）]*)[，。；]`)
	growthRE  = regexp.MustCompile(`同比(增长|下降)(\d+(?:\.\d+)?)%`)
	requireRE = regexp.MustCompile(`(需增长|降幅不超过|增长不超过|需下降)(\d+(?:\.\d+)?)%`)
)

// Problem is a place where a report's text and its figures disagree: a number no figure holds
// (Phrase empty), or a comparison whose word contradicts the figures (Phrase the words).
type Problem struct {
	Number string
	Phrase string
}

func hasSigned(list []float64, v float64) bool {
	for _, x := range list {
		if math.Abs(x-v) < 1e-9 {
			return true
		}
	}
	return false
}

// CheckText reads text against m's figures: every number must be a figure computed for the
// report (the goal tree's focus titles, quoted not computed, are skipped), and every comparison
// (高于/低于, 快于/慢于, 同比增长/下降, what the rest of the year needs) must match a difference of
// the figures in sign and size. It returns how many comparisons it read, and the problems.
func CheckText(m *Monthly, text string) (compared int, problems []Problem) {
	for _, f := range m.Dashboard.Focus {
		if f.Title != "" {
			text = strings.ReplaceAll(text, f.Title, "")
		}
	}
	fs := figuresOf(m)
	for _, num := range numberRE.FindAllString(text, -1) {
		if !fs.shown[num] {
			problems = append(problems, Problem{Number: num})
		}
	}
	compared, more := fs.comparisons(text)
	return compared, append(problems, more...)
}

// comparisons checks the comparison words of text against the signed differences.
func (fs figureSet) comparisons(text string) (int, []Problem) {
	var problems []Problem
	checked := 0
	read := func(re *regexp.Regexp, kind string, negative ...string) {
		for _, c := range re.FindAllStringSubmatch(text, -1) {
			want, _ := strconv.ParseFloat(c[2], 64)
			for _, w := range negative {
				if c[1] == w {
					want = -want
				}
			}
			if !hasSigned(fs.diffs[kind], want) {
				problems = append(problems, Problem{Number: c[2], Phrase: c[0]})
			}
			checked++
		}
	}
	read(compareRE, "vs", "低于", "慢于")
	read(growthRE, "growth", "下降")
	read(requireRE, "required", "降幅不超过", "需下降")
	return checked, problems
}
