package server

import (
	"net/http"
	"strings"
)

// probeMethods are the methods tried to tell a wrong method (405) from a
// wrong path (404).
var probeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// apiFallback answers requests under /api/ that match no route in the API's
// JSON error format, as the standard mux would in plain text: 405 with an
// Allow header when the path has other methods, 404 otherwise. Under
// /xapi/ the answer is an OData error: no such entity set or function.
func (s *Server) apiFallback(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		switch {
		case strings.HasPrefix(r.URL.Path, "/xapi/"):
			s.xapi.NotFound(w, r)
			return
		case !strings.HasPrefix(r.URL.Path, "/api/"):
			mux.ServeHTTP(w, r)
			return
		}
		if allowed := allowedMethods(mux, r); len(allowed) > 0 {
			s.api.MethodNotAllowed(w, r, allowed)
			return
		}
		s.api.NotFound(w, r)
	})
}

func allowedMethods(mux *http.ServeMux, r *http.Request) []string {
	var allowed []string
	for _, m := range probeMethods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" {
			allowed = append(allowed, m)
		}
	}
	return allowed
}
