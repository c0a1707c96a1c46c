package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pacer/internal/auth"
	"pacer/internal/cadence"
	"pacer/internal/domain"
)

// The weekly dispatch (周调度): a week's agenda drawn from the data, which the analyst orders and
// adds to; the meeting and its decisions (each a follow-up); printable agenda and minutes and
// their .docx (view_cadence reads, manage_cadence writes).

// cadenceAt is the region and week a cadence page is at: ?region= and ?week=, else the home
// region and the first week after its latest period.
func (s *Server) cadenceAt(r *http.Request) (region, week string, err error) {
	q := r.URL.Query()
	region, week = q.Get("region"), q.Get("week")
	if r.Method == http.MethodPost {
		region, week = r.PostFormValue("region"), r.PostFormValue("week")
	}
	if region == "" || week == "" {
		at, err := s.homeOf(r)
		if err != nil {
			return "", "", err
		}
		if region == "" {
			region = at.Region
		}
		if week == "" {
			week = cadence.DefaultWeek(at.Period)
		}
	}
	return region, week, nil
}

type dispatchPage struct {
	Agenda   *cadence.Agenda
	Items    []cadence.ItemView
	Meetings []domain.Meeting
	Prev     string
	Next     string
	CanEdit  bool
	Kinds    []string
	Units    []domain.Unit
	Leaders  []domain.User
	Error    string
	Saved    bool
	Rows     []int // decision rows of the meeting form
}

// GET /dispatch[?region=&week=]
func (s *Server) dispatchPage(w http.ResponseWriter, r *http.Request) {
	s.dispatchRender(w, r, http.StatusOK, &dispatchPage{Saved: r.URL.Query().Has("saved")})
}

func (s *Server) dispatchRender(w http.ResponseWriter, r *http.Request, code int, p *dispatchPage) {
	region, week, err := s.cadenceAt(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v, err := s.Cadence.DispatchView(r.Context(), region, week)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Agenda, p.Meetings, p.Units, p.Leaders, p.Prev, p.Next = v.Agenda, v.Meetings, v.Units, v.Leaders, v.Prev, v.Next
	p.Items = v.Agenda.In(langOf(r)).Items
	p.CanEdit = auth.Can(userOf(r).Role, auth.ManageCadence)
	p.Kinds, p.Rows = cadence.Kinds, []int{1, 2, 3, 4, 5}
	s.render(w, r, code, "dispatch.html", p)
}

// dispatchDone goes back to the week's page after a change, or shows it with the refusal.
func (s *Server) dispatchDone(w http.ResponseWriter, r *http.Request, err error) {
	region, week, _ := s.cadenceAt(r)
	if err == nil {
		http.Redirect(w, r, "/dispatch?"+url.Values{"region": {region}, "week": {week}, "saved": {"1"}}.Encode(), http.StatusSeeOther)
		return
	}
	if status(err) == http.StatusInternalServerError {
		s.pageError(w, r, err)
		return
	}
	r.URL.RawQuery = url.Values{"region": {region}, "week": {week}}.Encode()
	s.dispatchRender(w, r, status(err), &dispatchPage{Error: displayError(r, err)})
}

// POST /dispatch/items: kind, ref, title — an item the analyst adds.
func (s *Server) dispatchAdd(w http.ResponseWriter, r *http.Request) {
	region, week, err := s.cadenceAt(r)
	if err == nil {
		err = s.Cadence.AddItem(r.Context(), actorOf(r), region, week, r.PostFormValue("kind"), r.PostFormValue("ref"), r.PostFormValue("title"))
	}
	s.dispatchDone(w, r, err)
}

// POST /dispatch/items/move: kind, ref, dir (up | down).
func (s *Server) dispatchMove(w http.ResponseWriter, r *http.Request) {
	region, week, err := s.cadenceAt(r)
	if err == nil {
		delta := 1
		if r.PostFormValue("dir") == "up" {
			delta = -1
		}
		err = s.Cadence.MoveItem(r.Context(), actorOf(r), region, week, r.PostFormValue("kind"), r.PostFormValue("ref"), delta)
	}
	s.dispatchDone(w, r, err)
}

// POST /dispatch/items/remove: kind, ref — an item the analyst added.
func (s *Server) dispatchRemove(w http.ResponseWriter, r *http.Request) {
	region, week, err := s.cadenceAt(r)
	if err == nil {
		err = s.Cadence.RemoveItem(r.Context(), actorOf(r), region, week, r.PostFormValue("kind"), r.PostFormValue("ref"))
	}
	s.dispatchDone(w, r, err)
}

// POST /dispatch/meetings: held_on, chair, attendees (a line each), and decision rows
// (decision_N, owner_N, deadline_N, link_kind_N, link_ref_N).
func (s *Server) dispatchMeeting(w http.ResponseWriter, r *http.Request) {
	region, week, err := s.cadenceAt(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	m := domain.Meeting{RegionCode: region, Week: week, HeldOn: r.PostFormValue("held_on"), Chair: r.PostFormValue("chair"),
		Attendees: strings.Split(strings.ReplaceAll(r.PostFormValue("attendees"), "\r", ""), "\n")}
	var ds []cadence.Decision
	for i := 1; i <= 20; i++ {
		n := strconv.Itoa(i)
		d := cadence.Decision{Title: r.PostFormValue("decision_" + n), OwnerUnit: r.PostFormValue("owner_" + n),
			Deadline: r.PostFormValue("deadline_" + n), LinkKind: r.PostFormValue("link_kind_" + n), LinkRef: r.PostFormValue("link_ref_" + n),
			Leader: r.PostFormValue("leader_" + n)}
		if strings.TrimSpace(d.Title) == "" && d.Deadline == "" {
			continue
		}
		ds = append(ds, d)
	}
	_, _, err = s.Cadence.RecordMeeting(r.Context(), actorOf(r), m, ds)
	s.dispatchDone(w, r, err)
}

// GET /dispatch/print[?region=&week=]: the agenda to print.
func (s *Server) dispatchPrint(w http.ResponseWriter, r *http.Request) {
	region, week, err := s.cadenceAt(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	a, err := s.Cadence.WeeklyAgenda(r.Context(), region, week)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "dispatch_print.html", map[string]any{"Agenda": a, "Items": a.In(langOf(r)).Items})
}

// GET /dispatch/agenda.docx[?region=&week=]
func (s *Server) dispatchAgendaDocx(w http.ResponseWriter, r *http.Request) {
	region, week, err := s.cadenceAt(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	b, err := s.Cadence.AgendaDocx(r.Context(), region, week, langOf(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	writeDocx(w, tr(r, "cadence.file.agenda", region, week), b)
}

// meetingOf reads the meeting id of the path.
func meetingOf(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

// GET /dispatch/meetings/{id}: the minutes to print.
func (s *Server) dispatchMinutes(w http.ResponseWriter, r *http.Request) {
	region, _, err := s.cadenceAt(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	m, err := s.Cadence.Minutes(r.Context(), region, meetingOf(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "dispatch_minutes.html", m)
}

// GET /dispatch/meetings/{id}/minutes.docx
func (s *Server) dispatchMinutesDocx(w http.ResponseWriter, r *http.Request) {
	region, _, err := s.cadenceAt(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	b, err := s.Cadence.MinutesDocx(r.Context(), region, meetingOf(r), langOf(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	writeDocx(w, tr(r, "cadence.file.minutes", region, r.PathValue("id")), b)
}

func writeDocx(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", `attachment; filename="pacer.docx"; filename*=UTF-8''`+url.PathEscape(name+".docx"))
	w.Write(b)
}

// GET /display[?region=&week=]: the meeting-room display (大屏).
func (s *Server) displayPage(w http.ResponseWriter, r *http.Request) {
	region, week, err := s.cadenceAt(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d, err := s.Cadence.Display(r.Context(), region, week)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "display.html", map[string]any{"D": d, "Items": d.Agenda.In(langOf(r)).Items, "Focus": d.Focus()})
}
