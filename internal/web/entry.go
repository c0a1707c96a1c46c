package web

import "net/http"

// Placeholders until the pages of this area land (each answers 501 Not Implemented).
func (s *Server) entryPage(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) entrySave(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) reviewApprove(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) reviewReturn(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) periodSet(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
