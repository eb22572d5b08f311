package web

import (
	"net/http"
	"testing"

	"agentlog/internal/activity"
)

// TestEveryErrorCodeHasAStatus: each of the domain's error codes answers a
// page with its own status; a code missing here once made WriteHeader(0)
// panic.
func TestEveryErrorCodeHasAStatus(t *testing.T) {
	want := map[string]int{
		activity.EInvalid: 400, activity.EUnauthorized: 401, activity.EForbidden: 403, activity.ENotFound: 404,
		activity.EConflict: 409, activity.ETooLarge: 413, activity.ERateLimited: 429, activity.EInternal: 500,
	}
	for code, status := range want {
		if statusOf[code] != status {
			t.Errorf("%s: status %d, want %d", code, statusOf[code], status)
		}
		if http.StatusText(status) == "" {
			t.Errorf("%s: %d has no text", code, status)
		}
	}
	if len(statusOf) != len(want) {
		t.Errorf("statusOf has %d codes, the test knows %d: add the new one here", len(statusOf), len(want))
	}
}
