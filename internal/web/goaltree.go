package web

import "net/http"

// Placeholders until the pages of this area land (each answers 501 Not Implemented).
func (s *Server) goalTreePage(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) goalTreeAddFocus(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) goalTreeAddMeasure(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) goalTreeEditMeasure(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) goalTreeArchiveMeasure(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
