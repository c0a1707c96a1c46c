package web

import "net/http"

// Placeholders until the pages of this area land (each answers 501 Not Implemented).
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) indicatorPage(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
func (s *Server) apiSeries(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotImplemented, "not implemented")
}
