package web

import "net/http"

// contentPolicy lets a page load only this server's own files: no inline
// script or style, no other origin, no framing. Colours from the tenant's
// status definitions reach the page as SVG fill attributes, which are not
// styles and need no exception.
const contentPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// secureHeaders sets the headers every page and asset carries.
func secureHeaders(rw http.ResponseWriter) {
	h := rw.Header()
	h.Set("Content-Security-Policy", contentPolicy)
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
}

// pageHeaders adds to secureHeaders that a page, which shows a tenant's
// data, is never cached.
func pageHeaders(rw http.ResponseWriter) {
	secureHeaders(rw)
	rw.Header().Set("Cache-Control", "no-store")
}
