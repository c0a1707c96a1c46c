package web

import (
	"net/http"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/review"
)

// reviewRow is one submission on the review page.
type reviewRow struct {
	Sub                                       domain.Submission
	UnitName, RegionName, IndicatorName, Unit string
	Precision                                 int
	Official                                  *domain.Observation
	Locked, Own                               bool
	Same                                      bool // the submission repeats the official figure
	// Previous is this year's previous cumulative; Single the single month the submission
	// implies after it; LastYearSingle last year's same single month (nil: not computable).
	Previous               *review.Figure
	Single, LastYearSingle *float64
	Warnings               []string // in the reader's language
}

type reviewData struct {
	Rows      []reviewRow
	Periods   []review.PeriodState
	State     string
	Flash     string
	Error     string // why the last approve or return was refused
	Region    string
	NewPeriod string
}

// GET /review — submissions by state (submitted first), each with the official figure it would
// revise; periods with lock/open buttons. ?state= filters; ?format=xlsx downloads the table.
func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) {
	s.reviewRender(w, r, http.StatusOK, "")
}

// reviewRender renders the review page with code, and with refusal (when not empty) shown above
// the table: an approve or return that was refused comes back to the page it was made from.
func (s *Server) reviewRender(w http.ResponseWriter, r *http.Request, code int, refusal string) {
	sheet, err := s.Review.Review(r.Context(), userOf(r).Username, r.URL.Query().Get("state"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	lang := langOf(r)
	at, _ := s.homeOf(r) // the periods form names the home region; without one it asks for a code
	d := &reviewData{Region: at.Region, Error: refusal, State: sheet.State, Periods: sheet.Periods}
	for _, x := range sheet.Rows {
		d.Rows = append(d.Rows, reviewRow{Sub: x.Sub, UnitName: x.UnitName, RegionName: x.RegionName,
			IndicatorName: indicatorName(lang, x.Indicator), Unit: locale.Unit(lang, x.Indicator.Unit), Precision: x.Indicator.Precision,
			Official: x.Official, Locked: x.Locked, Own: x.Own, Same: x.Same,
			Previous: x.Around.Previous, Single: x.Single, LastYearSingle: x.Around.LastYearSingle, Warnings: msgsIn(lang, x.Warnings)})
	}
	if done := r.URL.Query().Get("done"); entryDone[done] {
		d.Flash = tr(r, catalogKey("entry.done.", done))
	}
	if wantsXLSX(r) {
		s.writeXLSX(w, r, tr(r, "review.file"), tr(r, "review.title"), reviewRows(r, d))
		return
	}
	s.render(w, r, code, "review.html", d)
}

// msgsIn renders messages in lang.
func msgsIn(lang string, ms []locale.Msg) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.In(lang))
	}
	return out
}

func reviewRows(r *http.Request, d *reviewData) [][]any {
	rows := [][]any{{tr(r, "review.col.id"), tr(r, "review.col.unit"), tr(r, "entry.col.indicator"), tr(r, "entry.col.region"),
		tr(r, "entry.col.period"), tr(r, "entry.col.unit"), tr(r, "entry.col.value"), tr(r, "entry.col.growth"),
		tr(r, "warn.col.previous"), tr(r, "review.col.previous_period"), tr(r, "warn.col.single"), tr(r, "warn.col.last_year"),
		tr(r, "warn.title"), tr(r, "review.col.official_value"), tr(r, "review.col.official_growth"), tr(r, "entry.col.state"),
		tr(r, "review.col.submitted_by"), tr(r, "review.col.submitted_at"), tr(r, "review.col.reviewed_by"), tr(r, "entry.col.reason")}}
	for _, row := range d.Rows {
		var ov, og *float64
		if row.Official != nil {
			ov, og = row.Official.Value, row.Official.Growth
		}
		var prev *float64
		prevPeriod := ""
		if row.Previous != nil {
			prev, prevPeriod = row.Previous.Value, row.Previous.Period
		}
		rows = append(rows, []any{row.Sub.ID, row.UnitName, row.IndicatorName, row.RegionName, row.Sub.Period, row.Unit,
			row.Sub.Value, row.Sub.Growth, prev, prevPeriod, xnum(row.Single, row.Precision), xnum(row.LastYearSingle, row.Precision),
			strings.Join(row.Warnings, "；"), ov, og, tr(r, catalogKey("entry.state.", row.Sub.State)), row.Sub.SubmittedBy,
			row.Sub.SubmittedAt.Format("2006-01-02 15:04"), row.Sub.ReviewedBy, row.Sub.Reason})
	}
	return rows
}

// reviewID reads the {id} of a review route; anything but a positive integer is unknown.
func reviewID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// POST /review/{id}/approve — the figure becomes official (a revision when it changes one).
func (s *Server) reviewApprove(w http.ResponseWriter, r *http.Request) {
	id, ok := reviewID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := s.Review.Approve(r.Context(), actorOf(r), id); err != nil {
		s.reviewRefused(w, r, err)
		return
	}
	http.Redirect(w, r, "/review?done=approved", http.StatusSeeOther)
}

// POST /review/{id}/return — back to the unit with a reason (required).
func (s *Server) reviewReturn(w http.ResponseWriter, r *http.Request) {
	id, ok := reviewID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := s.Review.Return(r.Context(), actorOf(r), id, r.PostFormValue("reason")); err != nil {
		s.reviewRefused(w, r, err)
		return
	}
	http.Redirect(w, r, "/review?done=returned", http.StatusSeeOther)
}

// reviewRefused shows a refused approve or return on the review page; an unknown submission is
// 404 and an internal failure the error page.
func (s *Server) reviewRefused(w http.ResponseWriter, r *http.Request, err error) {
	switch code := status(err); code {
	case http.StatusNotFound, http.StatusInternalServerError:
		s.pageError(w, r, err)
	default:
		s.reviewRender(w, r, code, displayError(r, err))
	}
}
