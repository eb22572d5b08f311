package voipcube_test

import (
	"net/http"
	"regexp"
	"testing"

	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

var wireTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

func TestUserStatusesResponse(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv, tenant, key := mustSetup(t, db, "acme")
		mustIngest(t, db, tenant,
			status(1, "Customer visit", "2024-03-01T12:58:19.282+02:00"),
			status(2, "", "2024-03-01T11:24:04Z"),
			status(1, "Lunch", "2024-03-01T11:30:00.5-05:00"),
			status(2, "Late", "2024-03-01T23:59:59.999999999Z"))
		u1, u2 := userID(1), userID(2)
		day := period("2024-03-01", "2024-03-02")
		servertest.Run(t, srv, []servertest.Scenario{
			{Name: "exact body: UTC, three fraction digits, Z, cleared status", Path: day, Headers: key,
				Status: http.StatusOK, ContentType: jsonType,
				Body: servertest.Exact(`[` +
					`{"status":"Customer visit","userId":"` + u1 + `","time":"2024-03-01T10:58:19.282Z"},` +
					`{"status":"","userId":"` + u2 + `","time":"2024-03-01T11:24:04.000Z"},` +
					`{"status":"Lunch","userId":"` + u1 + `","time":"2024-03-01T16:30:00.500Z"},` +
					`{"status":"Late","userId":"` + u2 + `","time":"2024-03-01T23:59:59.999Z"}]`)},
			{Name: "a cleared status is returned as an empty string", Path: period("2024-03-01T11:00:00Z", "2024-03-01T11:25:00Z"),
				Headers: key, Status: http.StatusOK, ContentType: jsonType,
				Contains: []string{`"status":""`}, Check: wantStatuses("")},
			{Name: "every time is UTC with exactly three fraction digits and Z", Path: day, Headers: key,
				Status: http.StatusOK, ContentType: jsonType, Check: func(t *testing.T, body []byte, _ http.Header) {
					list := mustEntries(t, body)
					if len(list) != 4 {
						t.Fatalf("entries: got %d, want 4", len(list))
					}
					for _, e := range list {
						if !wireTime.MatchString(e.Time) {
							t.Errorf("time: got %q, want YYYY-MM-DDThh:mm:ss.mmmZ", e.Time)
						}
					}
				}},
			{Name: "an empty period is exactly []", Path: period("2024-03-02", "2024-03-03"), Headers: key,
				Status: http.StatusOK, ContentType: jsonType, Body: servertest.Exact("[]")},
			{Name: "a tenant without events answers []", Path: period("2020-01-01", "2021-01-01"), Headers: key,
				Status: http.StatusOK, ContentType: jsonType, Body: servertest.Exact("[]")},
		})
	})
}
