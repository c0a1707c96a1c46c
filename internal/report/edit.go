package report

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"pacer/internal/domain"
	"pacer/internal/locale"
)

// Editing (issue 14 §3): the analyst edits the words of a paragraph, never its numbers. The edit
// page shows a paragraph with its numbers as tokens ({{1}}, {{2}} …) bound to the figures the
// paragraph was generated from; an edit is kept with its tokens, so the report always shows the
// figures of the moment. A number typed as a figure of the paragraph becomes its token; any other
// number, or a comparison word that contradicts the figures, is refused. An edit applies while
// the figures still give the generated words it was made on (its base); when a new figure changes
// them (低于 becomes 高于, a rank appears) the generated paragraph is shown again and the edit
// page says the edit no longer applies.

// MaxEditRunes is the longest edited paragraph accepted.
const MaxEditRunes = 2000

var tokenRE = regexp.MustCompile(`\{\{(\d+)\}\}`)

// Tokenize is a generated paragraph with each number replaced by a token, {{1}} for the first,
// and the numbers, in order.
func Tokenize(text string) (string, []string) {
	var figs []string
	out := numberRE.ReplaceAllStringFunc(text, func(n string) string {
		figs = append(figs, n)
		return "{{" + strconv.Itoa(len(figs)) + "}}"
	})
	return out, figs
}

// Fill is text with each token replaced by its figure; a token past figs stays as written.
func Fill(text string, figs []string) string {
	return tokenRE.ReplaceAllStringFunc(text, func(tok string) string {
		i, _ := strconv.Atoi(tok[2 : len(tok)-2])
		if i < 1 || i > len(figs) {
			return tok
		}
		return figs[i-1]
	})
}

// applyEdits gives each paragraph with a current edit the edit's words, its tokens filled with
// the figures of now — while the generated words are still those the edit was made on.
func applyEdits(blocks []Block, edits map[string]domain.ReportEdit) []Block {
	if len(edits) == 0 {
		return blocks
	}
	for i, b := range blocks {
		e, ok := edits[b.Key]
		if b.Kind != "para" || !ok {
			continue
		}
		skel, figs := Tokenize(b.Text)
		if skel != e.Base {
			blocks[i].Edit = "stale"
			continue
		}
		blocks[i].Text, blocks[i].Edit = Fill(e.Text, figs), "edited"
	}
	return blocks
}

// Paragraph is an editable paragraph of a report as the edit page shows it.
type Paragraph struct {
	Key       string
	Heading   string   // the heading it sits under
	Generated string   // the paragraph as the figures give it
	Text      string   // as the report reads now (the edit's words when one applies)
	Template  string   // the words to edit: numbers as tokens
	Figures   []string // the tokens' figures: {{1}} is Figures[0]
	Edit      string   // "" | edited | stale (see Block.Edit)
	EditedBy  string
	EditedAt  time.Time
}

// Paragraphs lists the paragraphs of region's report at period in lang, with their edits.
func (s *Service) Paragraphs(ctx context.Context, region, period, lang string) ([]Paragraph, error) {
	m, err := s.Monthly(ctx, region, period)
	if err != nil {
		return nil, err
	}
	return paragraphsOf(m, lang), nil
}

func paragraphsOf(m *Monthly, lang string) []Paragraph {
	gen := compose(m, lang, false) // the paragraphs only: no chart drawn
	edits := m.Edits[locale.Match(lang)]
	now := applyEdits(append([]Block(nil), gen...), edits)
	var out []Paragraph
	heading := ""
	for i, b := range gen {
		if b.Kind == "heading" || b.Kind == "subheading" {
			heading = b.Text
		}
		if b.Kind != "para" {
			continue
		}
		skel, figs := Tokenize(b.Text)
		p := Paragraph{Key: b.Key, Heading: heading, Generated: b.Text, Text: now[i].Text, Template: skel, Figures: figs, Edit: now[i].Edit}
		if e, ok := edits[b.Key]; ok {
			p.EditedBy, p.EditedAt = e.EditedBy, e.EditedAt
			if p.Edit == "edited" {
				p.Template = e.Text
			}
		}
		out = append(out, p)
	}
	return out
}

// Edit checks an analyst's words for the paragraph key of region's report at period in lang and
// keeps them (audited): numbers as tokens, or typed as figures of the paragraph (kept as their
// tokens); any other number, a token the paragraph has not, or a comparison word the figures
// contradict is refused, naming it. Empty words restore the generated paragraph.
func (s *Service) Edit(ctx context.Context, by domain.Actor, region, period, lang, key, text string) (Paragraph, error) {
	if s.store == nil {
		return Paragraph{}, domain.E(domain.EINVALID, "report.edit.unavailable")
	}
	m, err := s.Monthly(ctx, region, period)
	if err != nil {
		return Paragraph{}, err
	}
	var p *Paragraph
	for _, q := range paragraphsOf(m, lang) {
		if q.Key == key {
			p = &q
			break
		}
	}
	if p == nil {
		return Paragraph{}, domain.E(domain.ENOTFOUND, "report.edit.unknown", key)
	}
	stored, err := checkEdit(m, *p, strings.TrimSpace(text))
	if err != nil {
		return *p, err
	}
	if _, err := s.store.AddReportEdit(ctx, who(by), domain.ReportEdit{
		Region: region, Period: period, Lang: locale.Match(lang), Key: key, Base: p.Template0(), Text: stored}); err != nil {
		return *p, err
	}
	m, err = s.Monthly(ctx, region, period)
	if err != nil {
		return Paragraph{}, err
	}
	for _, q := range paragraphsOf(m, lang) {
		if q.Key == key {
			return q, nil
		}
	}
	return *p, nil
}

// Template0 is the generated paragraph's words with its numbers as tokens: the base an edit is
// made on.
func (p Paragraph) Template0() string {
	skel, _ := Tokenize(p.Generated)
	return skel
}

// checkEdit returns text as kept — its numbers as tokens — or why it is refused.
func checkEdit(m *Monthly, p Paragraph, text string) (string, error) {
	if text == "" {
		return "", nil
	}
	if n := utf8.RuneCountInString(text); n > MaxEditRunes {
		return "", domain.E(domain.EINVALID, "report.edit.too_long", n, MaxEditRunes)
	}
	opening := opening(p.Generated)
	list := strings.Join(p.Figures, "、")
	for _, tok := range tokenRE.FindAllStringSubmatch(text, -1) {
		if i, _ := strconv.Atoi(tok[1]); i < 1 || i > len(p.Figures) {
			return "", domain.E(domain.EINVALID, "report.edit.token", opening, tok[0], len(p.Figures))
		}
	}
	// Numbers typed between the tokens: a figure of the paragraph becomes its token.
	var err error
	var b strings.Builder
	last := 0
	for _, loc := range tokenRE.FindAllStringIndex(text, -1) {
		b.WriteString(tokenizeTyped(text[last:loc[0]], p.Figures, &err))
		b.WriteString(text[loc[0]:loc[1]])
		last = loc[1]
	}
	b.WriteString(tokenizeTyped(text[last:], p.Figures, &err))
	if err != nil {
		return "", domain.E(domain.EINVALID, "report.edit.number", opening, err.Error(), list)
	}
	kept := b.String()
	filled := Fill(kept, p.Figures)
	// A token written against a digit reads as another number ("{{1}}0"): every number of the
	// words as they will read must be one of the paragraph's.
	for _, n := range numberRE.FindAllString(filled, -1) {
		if !contains(p.Figures, n) {
			return "", domain.E(domain.EINVALID, "report.edit.number", opening, n, list)
		}
	}
	if _, problems := figuresOf(m).comparisons(filled); len(problems) > 0 {
		return "", domain.E(domain.EINVALID, "report.edit.compare", opening, problems[0].Phrase)
	}
	return kept, nil
}

// typedNumber is a number typed that is not a figure of the paragraph.
type typedNumber string

func (t typedNumber) Error() string { return string(t) }

// tokenizeTyped replaces each number of s that is one of figs by its token; the first that is
// not is reported in *err.
func tokenizeTyped(s string, figs []string, err *error) string {
	return numberRE.ReplaceAllStringFunc(s, func(n string) string {
		for i, f := range figs {
			if f == n {
				return "{{" + strconv.Itoa(i+1) + "}}"
			}
		}
		if *err == nil {
			*err = typedNumber(n)
		}
		return n
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// opening is a paragraph's first words, naming it in a message.
func opening(text string) string {
	r := []rune(text)
	if len(r) > 24 {
		return string(r[:24]) + "…"
	}
	return text
}
