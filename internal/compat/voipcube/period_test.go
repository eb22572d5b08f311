package voipcube_test

import (
	"net/http"
	"testing"

	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// periodEvents are placed on both sides of the instants the period tables
// name, a millisecond apart.
func periodEvents() []string {
	return []string{
		"before-midnight", "2024-02-29T23:59:59.999Z",
		"midnight", "2024-03-01T00:00:00Z",
		"before-ten", "2024-03-01T09:59:59.999Z",
		"ten", "2024-03-01T10:00:00Z",
		"ten-281", "2024-03-01T10:00:00.281Z",
		"ten-282", "2024-03-01T10:00:00.282Z",
		"next-day", "2024-03-02T00:00:00Z",
	}
}

var allPeriodStatuses = []string{"before-midnight", "midnight", "before-ten", "ten", "ten-281", "ten-282", "next-day"}

func TestUserStatusesPeriod(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv, tenant, key := mustSetup(t, db, "acme")
		pairs := periodEvents()
		for i := 0; i < len(pairs); i += 2 {
			mustIngest(t, db, tenant, status(1, pairs[i], pairs[i+1]))
		}
		forms := []string{"2023-05-29", "+02:00"} // every parameter error names the accepted forms
		servertest.Run(t, srv, []servertest.Scenario{
			// Each accepted form, with events a millisecond either side.
			ok("date only is 00:00 UTC", period("2024-03-01", "2024-03-02"), key,
				"midnight", "before-ten", "ten", "ten-281", "ten-282"),
			ok("Z", period("2024-03-01T10:00:00Z", "2024-03-02T00:00:00Z"), key,
				"ten", "ten-281", "ten-282"),
			ok("fraction .282", period("2024-03-01T10:00:00.282Z", "2024-03-01T10:00:01Z"), key,
				"ten-282"),
			ok("offset +02:00", period("2024-03-01T12:00:00%2B02:00", "2024-03-01T12:00:00.282%2B02:00"), key,
				"ten", "ten-281"),
			ok("negative offset -05:00", period("2024-03-01T05:00:00-05:00", "2024-03-01T05:00:00.282-05:00"), key,
				"ten", "ten-281"),

			// The period is half-open.
			ok("an event at from is in, one at to is out", period("2024-03-01T10:00:00.281Z", "2024-03-01T10:00:00.282Z"), key,
				"ten-281"),
			ok("from == to is empty, even with an event at that instant", period("2024-03-01T10:00:00.282Z", "2024-03-01T10:00:00.282Z"), key),
			ok("from == to as dates is empty", period("2024-03-01", "2024-03-01"), key),

			// Missing, malformed and reversed.
			bad("from missing", statusesPath+"?to=2024-03-02", key, http.StatusBadRequest, append([]string{"from"}, forms...)...),
			bad("from empty", period("", "2024-03-02"), key, http.StatusBadRequest, append([]string{"from"}, forms...)...),
			bad("to missing", statusesPath+"?from=2024-03-01", key, http.StatusBadRequest, append([]string{"to"}, forms...)...),
			bad("to empty", period("2024-03-01", ""), key, http.StatusBadRequest, append([]string{"to"}, forms...)...),
			bad("both missing", statusesPath, key, http.StatusBadRequest, forms...),
			bad("from a word", period("yesterday", "2024-03-02"), key, http.StatusBadRequest, append([]string{"from"}, forms...)...),
			bad("from not a date", period("2024-13-45", "2024-03-02"), key, http.StatusBadRequest, append([]string{"from"}, forms...)...),
			bad("from unix seconds", period("1709251200", "2024-03-02"), key, http.StatusBadRequest, append([]string{"from"}, forms...)...),
			bad("from with a space for T", period("2024-03-01%2010:00:00Z", "2024-03-02"), key, http.StatusBadRequest, append([]string{"from"}, forms...)...),
			bad("to not a time", period("2024-03-01", "2024-03-01T25:00:00Z"), key, http.StatusBadRequest, append([]string{"to"}, forms...)...),
			bad("to a word", period("2024-03-01", "tomorrow"), key, http.StatusBadRequest, append([]string{"to"}, forms...)...),
			bad("to before from", period("2024-03-02", "2024-03-01"), key, http.StatusBadRequest),
			bad("to a millisecond before from", period("2024-03-01T10:00:00.001Z", "2024-03-01T10:00:00Z"), key, http.StatusBadRequest),

			// At most one calendar year.
			ok("exactly one year", period("2024-01-15T00:00:00Z", "2025-01-15T00:00:00Z"), key, allPeriodStatuses...),
			ok("exactly one year as dates", period("2024-01-15", "2025-01-15"), key, allPeriodStatuses...),
			bad("one year and a millisecond", period("2024-01-15T00:00:00Z", "2025-01-15T00:00:00.001Z"), key, http.StatusBadRequest),
			ok("from 29 February, a year is to 28 February", period("2024-02-29T00:00:00Z", "2025-02-28T00:00:00Z"), key, allPeriodStatuses...),
			bad("from 29 February, a millisecond past 28 February", period("2024-02-29T00:00:00Z", "2025-02-28T00:00:00.001Z"), key, http.StatusBadRequest),
			bad("from 29 February, 1 March is too far", period("2024-02-29", "2025-03-01"), key, http.StatusBadRequest),
			ok("a leap year of 366 days is one calendar year", period("2023-03-01", "2024-03-01"), key, "before-midnight"),
			bad("a leap year and a millisecond", period("2023-03-01T00:00:00Z", "2024-03-01T00:00:00.001Z"), key, http.StatusBadRequest),
			ok("one year counted in UTC from an offset", period("2024-03-01T10:00:00.282%2B02:00", "2025-03-01T08:00:00.282Z"), key,
				"before-ten", "ten", "ten-281", "ten-282", "next-day"),
			bad("one year and a millisecond from an offset", period("2024-03-01T10:00:00.282%2B02:00", "2025-03-01T08:00:00.283Z"), key, http.StatusBadRequest),
		})
	})
}
