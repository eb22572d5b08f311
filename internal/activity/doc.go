// Package activity is agentlog's domain: tenants, users, status definitions,
// the three kinds of events (status, session, call), API keys and their
// scopes, validation and the one error type every surface maps to its own
// wire format.
//
// It uses the standard library only and knows nothing of SQL or HTTP, so the
// rules here hold whichever database or API a request arrives through.
package activity
