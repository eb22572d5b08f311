package api

import (
	_ "embed"
	"net/http"
)

// openAPIDocument is the OpenAPI 3.1 description of /api/v1. It is written
// by hand; openapi_test.go checks it against the route table and validates
// the server's real answers against it.
//
//go:embed openapi.json
var openAPIDocument []byte

// OpenAPI serves GET /api/v1/openapi.json: the document, to anyone, without
// a key.
func (a *API) OpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(openAPIDocument)
}
