package web

import (
	"encoding/base64"
	"html/template"
	"net/http"

	"github.com/skip2/go-qrcode"

	"pacer/internal/accounts"
	"pacer/internal/domain"
)

// The second factor (TOTP): each account enrols on /account/second-factor — a QR code of the
// otpauth:// URI, rendered here as a PNG data: URI (the CSP allows img-src data: and no script),
// and the secret as text — and confirms with a first code; the recovery codes are shown once,
// in the answer to that confirmation.

type sfPage struct {
	accounts.SecondFactorView
	QR    template.URL // data:image/png;base64,… of the enrolment's URI
	Codes []string     // the recovery codes, on the confirmation's answer only
	Error string
}

func (s *Server) sfRender(w http.ResponseWriter, r *http.Request, code int, p sfPage) {
	if p.Enrolment.URI != "" {
		png, err := qrcode.Encode(p.Enrolment.URI, qrcode.Medium, 240)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		p.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	}
	s.render(w, r, code, "secondfactor.html", p)
}

// GET /account/second-factor
func (s *Server) secondFactorPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.Accounts.SecondFactorView(r.Context(), userOf(r), s.policy(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.sfRender(w, r, http.StatusOK, sfPage{SecondFactorView: v})
}

// POST /account/second-factor: code confirms the waiting enrolment.
func (s *Server) secondFactorConfirm(w http.ResponseWriter, r *http.Request) {
	codes, err := s.Accounts.ConfirmEnrolment(r.Context(), who(r), userOf(r), r.PostFormValue("code"))
	if domain.ErrorKind(err) == domain.EINVALID {
		v, verr := s.Accounts.SecondFactorView(r.Context(), userOf(r), s.policy(r))
		if verr != nil {
			s.pageError(w, r, verr)
			return
		}
		s.sfRender(w, r, http.StatusBadRequest, sfPage{SecondFactorView: v, Error: displayError(r, err)})
		return
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.sfRender(w, r, http.StatusOK, sfPage{Codes: codes})
}
