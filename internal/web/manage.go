package web

import "net/http"

// Placeholders until the pages of this area land (each answers 501 Not Implemented).
func (s *Server) targetsPage(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) targetsSave(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) importPage(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) importConfirm(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) usersCreate(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
