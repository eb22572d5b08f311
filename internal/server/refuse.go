package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"
)

// Answers the server gives itself, before a route's handler runs: text in
// the URL no database can compare, and requests beyond the concurrency
// limit. Each is written in the error format of the surface the path
// belongs to, so that a client of any surface can read it.

// surfaceError names an error for each surface: agentlog's code, OData's
// code and OAuth's error.
type surfaceError struct {
	status             int
	code, odata, oauth string
}

var (
	errBadText     = surfaceError{http.StatusBadRequest, "invalid", "BadRequest", "invalid_request"}
	errUnavailable = surfaceError{http.StatusServiceUnavailable, "unavailable", "ServiceUnavailable", "temporarily_unavailable"}
)

// writeSurfaceError answers e with msg in the format of r's surface:
// /api/v1 {"error","code"}; /xapi/ OData's {"error":{"code","message"}};
// /connect/token OAuth's {"error","error_description"}; the other vendor
// APIs {"error": msg}.
func writeSurfaceError(w http.ResponseWriter, r *http.Request, e surfaceError, msg string) {
	var body any
	switch p := r.URL.Path; {
	case strings.HasPrefix(p, "/api/v1/"):
		body = map[string]string{"error": msg, "code": e.code}
	case strings.HasPrefix(p, "/xapi/"):
		body = map[string]any{"error": map[string]any{"code": e.odata, "message": msg, "details": []any{}}}
		w.Header().Set("OData-Version", "4.0")
	case p == "/connect/token":
		body = map[string]string{"error": e.oauth, "error_description": msg}
	default:
		body = map[string]string{"error": msg}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(e.status)
	_ = json.NewEncoder(w).Encode(body)
}

// apiPrefixes are the paths of the APIs, which refuseBadText guards. The
// web pages check their own input, after sending a stranger to sign in.
var apiPrefixes = []string{"/api/", "/xapi/", "/connect/", "/stats/", "/s/"}

// refuseBadText answers 400 to an API request whose path or query holds a
// NUL character or bytes that are not UTF-8: no API route accepts such
// text, and PostgreSQL refuses to compare it (an internal error, were it
// passed on). Bodies are checked where they are decoded.
func (s *Server) refuseBadText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !slices.ContainsFunc(apiPrefixes, func(p string) bool { return strings.HasPrefix(r.URL.Path, p) }) {
			next.ServeHTTP(w, r)
			return
		}
		if msg := badURLText(r); msg != "" {
			writeSurfaceError(w, r, errBadText, msg)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// badURLText says what of r's path or query is not storable text, or "".
func badURLText(r *http.Request) string {
	if !goodText(r.URL.Path) {
		return "the path holds a NUL character or bytes that are not UTF-8: send UTF-8 text, percent-encoded"
	}
	for name, values := range r.URL.Query() {
		if !goodText(name) {
			return "a query parameter's name holds a NUL character or bytes that are not UTF-8: send UTF-8 text, percent-encoded"
		}
		for _, v := range values {
			if !goodText(v) {
				return fmt.Sprintf("query parameter %q holds a NUL character or bytes that are not UTF-8: send UTF-8 text, percent-encoded", name)
			}
		}
	}
	return ""
}

func goodText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
