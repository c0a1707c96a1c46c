package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"

	"pacer/internal/auth"
	"pacer/internal/cadence"
	"pacer/internal/domain"
)

// Follow-ups (督办事项): the analyst creates, closes, returns them and decides extensions; the
// owner unit's reporter replies (text, photos) and asks for extensions; leaders read. A
// reporter sees only its own unit's.

type followupsPage struct {
	*cadence.FollowUpList
	CanManage, CanReply bool
	MyUnit              string
	Error               string
	Saved               bool
	LinkKinds           []string
}

// followupsUnit is the unit whose follow-ups the user sees: a reporter's own, "" for the others.
func followupsUnit(r *http.Request) string {
	if u := userOf(r); u.Role == domain.RoleReporter {
		if u.UnitCode == "" {
			return "\x00" // a reporter without a unit sees nothing
		}
		return u.UnitCode
	}
	return ""
}

// GET /followups[?region=]
func (s *Server) followupsPage(w http.ResponseWriter, r *http.Request) {
	s.followupsRender(w, r, http.StatusOK, &followupsPage{Saved: r.URL.Query().Has("saved")})
}

func (s *Server) followupsRender(w http.ResponseWriter, r *http.Request, code int, p *followupsPage) {
	region, _, err := s.cadenceAt(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	list, err := s.Cadence.FollowUps(r.Context(), region, followupsUnit(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	role := userOf(r).Role
	p.FollowUpList, p.MyUnit = list, userOf(r).UnitCode
	p.CanManage, p.CanReply = auth.Can(role, auth.ManageCadence), auth.Can(role, auth.ReplyFollowup)
	p.LinkKinds = []string{domain.LinkIndicator, domain.LinkProject, domain.LinkLead, domain.LinkEnterprise}
	s.render(w, r, code, "followups.html", p)
}

func (s *Server) followupsDone(w http.ResponseWriter, r *http.Request, err error) {
	region, _, _ := s.cadenceAt(r)
	if err == nil {
		http.Redirect(w, r, "/followups?"+url.Values{"region": {region}, "saved": {"1"}}.Encode()+"#followup-"+r.PathValue("id"), http.StatusSeeOther)
		return
	}
	if status(err) == http.StatusInternalServerError {
		s.pageError(w, r, err)
		return
	}
	r.URL.RawQuery = url.Values{"region": {region}}.Encode()
	s.followupsRender(w, r, status(err), &followupsPage{Error: displayError(r, err)})
}

func followUpID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

// POST /followups: title, owner, cooperating (repeated), deadline, link_kind, link_ref, leader
// (a leader's username; "" for the linked project's leader in charge, if any).
func (s *Server) followupsCreate(w http.ResponseWriter, r *http.Request) {
	region, _, err := s.cadenceAt(r)
	if err == nil {
		var fu domain.FollowUp
		fu, err = s.Cadence.CreateFollowUp(r.Context(), actorOf(r), region, cadence.Decision{Title: r.PostFormValue("title"),
			OwnerUnit: r.PostFormValue("owner"), Cooperating: r.PostForm["cooperating"], Deadline: r.PostFormValue("deadline"),
			LinkKind: r.PostFormValue("link_kind"), LinkRef: r.PostFormValue("link_ref"), Leader: r.PostFormValue("leader")})
		r.SetPathValue("id", strconv.FormatInt(fu.ID, 10)) // the redirect lands on the new follow-up
	}
	s.followupsDone(w, r, err)
}

// POST /followups/{id}/leader: leader (a username; "" for none).
func (s *Server) followupsLeader(w http.ResponseWriter, r *http.Request) {
	region, _, err := s.cadenceAt(r)
	if err == nil {
		err = s.Cadence.SetLeader(r.Context(), actorOf(r), region, followUpID(r), r.PostFormValue("leader"))
	}
	s.followupsDone(w, r, err)
}

// POST /followups/{id}/reply: text and photo (up to cadence.MaxPhotos files), multipart.
func (s *Server) followupsReply(w http.ResponseWriter, r *http.Request) {
	region, _, err := s.cadenceAt(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var photos []domain.FollowUpPhoto
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["photo"] {
			if fh.Size == 0 {
				continue
			}
			f, err := fh.Open()
			if err != nil {
				s.followupsDone(w, r, err)
				return
			}
			data, err := io.ReadAll(io.LimitReader(f, cadence.MaxPhotoBytes+1))
			f.Close()
			if err != nil {
				s.followupsDone(w, r, err)
				return
			}
			photos = append(photos, domain.FollowUpPhoto{Name: fh.Filename, Data: data})
		}
	}
	s.followupsDone(w, r, s.Cadence.Reply(r.Context(), actorOf(r), userOf(r).UnitCode, region, followUpID(r), r.PostFormValue("text"), photos))
}

// POST /followups/{id}/close: text (optional).
func (s *Server) followupsClose(w http.ResponseWriter, r *http.Request) {
	region, _, err := s.cadenceAt(r)
	if err == nil {
		err = s.Cadence.Close(r.Context(), actorOf(r), region, followUpID(r), r.PostFormValue("text"))
	}
	s.followupsDone(w, r, err)
}

// POST /followups/{id}/return: reason.
func (s *Server) followupsReturn(w http.ResponseWriter, r *http.Request) {
	region, _, err := s.cadenceAt(r)
	if err == nil {
		err = s.Cadence.Return(r.Context(), actorOf(r), region, followUpID(r), r.PostFormValue("reason"))
	}
	s.followupsDone(w, r, err)
}

// POST /followups/{id}/extension: deadline, reason (the owner unit's request).
func (s *Server) followupsExtension(w http.ResponseWriter, r *http.Request) {
	region, _, err := s.cadenceAt(r)
	if err == nil {
		err = s.Cadence.RequestExtension(r.Context(), actorOf(r), userOf(r).UnitCode, region, followUpID(r), r.PostFormValue("deadline"), r.PostFormValue("reason"))
	}
	s.followupsDone(w, r, err)
}

// POST /followups/{id}/extension/decide: decision (grant | refuse), text.
func (s *Server) followupsDecide(w http.ResponseWriter, r *http.Request) {
	region, _, err := s.cadenceAt(r)
	if err == nil {
		err = s.Cadence.DecideExtension(r.Context(), actorOf(r), region, followUpID(r), r.PostFormValue("decision") == "grant", r.PostFormValue("text"))
	}
	s.followupsDone(w, r, err)
}

// GET /followups/photos/{id}
func (s *Server) followupsPhoto(w http.ResponseWriter, r *http.Request) {
	region, _, err := s.cadenceAt(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p, err := s.Cadence.Photo(r.Context(), region, followupsUnit(r), followUpID(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", p.ContentType)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Write(p.Data)
}
