package web

import (
	"net/http"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/enterprises"
	"pacer/internal/goals"
	"pacer/internal/ingest"
	"pacer/internal/leads"
	"pacer/internal/pace"
	"pacer/internal/projects"
	"pacer/internal/sheet"
	"pacer/internal/units"
)

// Templates (模板) the import page offers: .xlsx files in the long format with the headers
// `pacer import` reads (in the page's language: Chinese on a Chinese page), the home county's
// indicators and codes filled in, so that an analyst fills in the figures and uploads the file
// back. An unfilled row is refused with the row named (a row must give a value or a growth):
// delete the rows you do not fill.
//
//   - observations: one row per indicator for the home county at the period after the latest
//     one with a figure (?period= sets it);
//   - figures: the home county's current figures at its latest period with one (?period=):
//     the figures held, which upload back unchanged, or revised where edited;
//   - targets: one row per indicator and tier (下达, 自我加压) for the home year (?year=);
//   - units: the units file (the county's units in use, as /units?format=xlsx);
//   - indicators: the indicator list — codes, names, the other names the import reads, units,
//     kinds — for reference (not an import file).
//   - projects, leads, enterprises: the registers' files — headers only (Chinese on a Chinese
//     page, the columns' names on an English one), as each register's import reads them; the
//     key-project template has three sheets: projects with their annual plans, monthly progress
//     and milestones.

// GET /import/template/{kind}
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) {
	kind := r.PathValue("kind")
	switch kind {
	case "observations", "figures", "targets", "units", "indicators":
	case "projects", "leads", "enterprises":
		s.registerTemplate(w, r, kind)
		return
	default:
		s.notFound(w, r)
		return
	}
	at, err := s.homeOf(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if kind == "units" {
		reg, err := s.Units.List(r.Context(), at.Region)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		s.writeXLSX(w, r, tr(r, "tpl.file.units")+"-"+reg.Region.Name, tr(r, "tpl.file.units"), unitRows(r, reg))
		return
	}
	period := ""
	switch kind {
	case "observations":
		period = tplNextPeriod(at)
	case "figures":
		period = at.Period
	}
	if p, err := pace.ParsePeriod(r.URL.Query().Get("period")); err == nil && (kind == "observations" || kind == "figures") {
		period = p.String()
	}
	tpl, err := s.Imports.Template(r.Context(), at.Region, period)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	name := tr(r, "tpl.file."+kind) + "-" + tpl.Region.Name
	var rows [][]any
	switch kind {
	case "observations", "figures":
		rows, name = tplObservations(r, tpl, period, kind == "figures"), name+"-"+period
	case "targets":
		year := at.Year
		if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 1990 && y <= 2100 {
			year = y
		}
		rows, name = tplTargets(r, tpl, year), name+"-"+strconv.Itoa(year)
	case "indicators":
		rows = tplIndicators(r, tpl.Indicators)
	}
	s.writeXLSX(w, r, name, tr(r, "tpl.file."+kind), rows)
}

// registerTemplate writes the template of a register: its header as the register's import
// reads it, a sheet a table (key projects: projects, progress, milestones).
func (s *Server) registerTemplate(w http.ResponseWriter, r *http.Request, kind string) {
	chinese := langOf(r) != "en" // the default language, Chinese, unless the user chose English
	var sheets []sheet.Sheet
	switch kind {
	case "projects":
		for _, t := range projects.Template(chinese) {
			sheets = append(sheets, sheet.Sheet{Name: tr(r, "tpl.sheet."+string(t.Kind)), Rows: [][]any{t.Header}})
		}
	case "leads":
		sheets = []sheet.Sheet{{Name: tr(r, "tpl.file.leads"), Rows: [][]any{leads.TemplateHeader(chinese)}}}
	case "enterprises":
		sheets = []sheet.Sheet{{Name: tr(r, "tpl.file.enterprises"), Rows: [][]any{enterprises.TemplateHeader(chinese)}}}
	}
	s.writeSheets(w, r, tr(r, "tpl.file."+kind), sheets)
}

// tplNextPeriod is the month after the home county's latest period with a figure (January of
// the home year when it has none; December stays December).
func tplNextPeriod(at homeAt) string {
	p, err := pace.ParsePeriod(at.Period)
	if err != nil {
		return pace.Period{Year: at.Year, Month: 1}.String()
	}
	if p.Month < 12 {
		p.Month++
	}
	return p.String()
}

func tplHeader(r *http.Request, keys ...string) []any {
	head := make([]any, len(keys))
	for i, k := range keys {
		head[i] = tr(r, k)
	}
	return head
}

// tplObservations is the figures template at period: a row per indicator with the region's
// current figure where it has one. held keeps only the rows with a current figure: the figures
// held, which upload back unchanged.
func tplObservations(r *http.Request, tpl *ingest.Template, period string, held bool) [][]any {
	rows := [][]any{tplHeader(r, "long.col.region_code", "long.col.region_name", "long.col.indicator", "long.col.indicator_name",
		"long.col.unit", "tpl.col.period", "tpl.col.value", "tpl.col.growth", "tpl.col.note", "long.col.sample")}
	for _, ind := range tpl.Indicators {
		var v, g any
		note, sample := "", ""
		o, ok := tpl.Current[ind.Code]
		if ok {
			v, g, note = figureCell(o.Value), figureCell(o.Growth), o.Note
			if o.Sample {
				sample = tr(r, "long.col.sample_yes")
			}
		} else if held {
			continue
		}
		rows = append(rows, []any{tpl.Region.Code, tpl.Region.Name, ind.Code, ind.Name, ind.Unit, period, v, g, note, sample})
	}
	return rows
}

// figureCell is a stored figure as a cell: the number as stored, or an empty cell.
func figureCell(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func tplTargets(r *http.Request, tpl *ingest.Template, year int) [][]any {
	rows := [][]any{tplHeader(r, "long.col.region_code", "long.col.region_name", "long.col.indicator", "long.col.indicator_name",
		"long.col.unit", "long.col.year", "long.col.tier", "long.col.value", "long.col.growth", "long.col.source")}
	for _, ind := range tpl.Indicators {
		for _, tier := range goals.Tiers {
			rows = append(rows, []any{tpl.Region.Code, tpl.Region.Name, ind.Code, ind.Name, ind.Unit, year,
				tr(r, "tier."+string(tier)), nil, nil, nil})
		}
	}
	return rows
}

// unitRows is the units file of a register: its units in use, with the headers and kind names
// the units file reads, and what each reports by indicator code.
func unitRows(r *http.Request, reg *units.Register) [][]any {
	rows := [][]any{tplHeader(r, "tpl.col.unit_code", "tpl.col.unit_name", "long.col.region_code", "tpl.col.unit_kind",
		"tpl.col.unit_indicators")}
	for _, u := range reg.Units {
		if u.Retired {
			continue
		}
		rows = append(rows, []any{u.Code, u.Name, u.RegionCode, tr(r, "units.kind."+u.Kind), strings.Join(u.Indicators, "、")})
	}
	return rows
}

func tplIndicators(r *http.Request, inds []domain.Indicator) [][]any {
	rows := [][]any{tplHeader(r, "long.col.indicator", "long.col.indicator_name", "tpl.col.name_en", "tpl.col.aliases",
		"long.col.unit", "tpl.col.kind", "tpl.col.direction", "tpl.col.precision", "tpl.col.comparable", "tpl.col.owner")}
	for _, ind := range inds {
		comparable := ""
		if ind.ComparablePrice {
			comparable = tr(r, "long.col.sample_yes")
		}
		rows = append(rows, []any{ind.Code, ind.Name, ind.NameEN, strings.Join(ingest.Aliases(ind.Code), "、"), ind.Unit,
			tr(r, "tpl.kind."+string(ind.Kind)), tr(r, "tpl.direction."+string(ind.Direction)), ind.Precision, comparable, ind.OwnerUnit})
	}
	return rows
}
