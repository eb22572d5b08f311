package voipcube_test

import (
	"net/http"
	"testing"

	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

func TestUserStatusesUserIDs(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv, tenant, key := mustSetup(t, db, "acme")
		mustIngest(t, db, tenant,
			status(1, "u1-a", "2024-03-01T08:00:00Z"),
			status(2, "u2-a", "2024-03-01T08:01:00Z"),
			status(3, "u3-a", "2024-03-01T08:02:00Z"),
			status(1, "u1-b", "2024-03-01T08:03:00Z"),
			status(2, "u2-b", "2024-03-01T08:04:00Z"))
		day := func(more ...string) string { return period("2024-03-01", "2024-03-02", more...) }
		u1, u2, u3, unknown := userID(1), userID(2), userID(3), userID(99)
		servertest.Run(t, srv, []servertest.Scenario{
			ok("no userIds: every user", day(), key, "u1-a", "u2-a", "u3-a", "u1-b", "u2-b"),
			ok("userIds[] once", day("userIds[]="+u1), key, "u1-a", "u1-b"),
			ok("userIds[] repeated", day("userIds[]="+u1, "userIds[]="+u2), key, "u1-a", "u2-a", "u1-b", "u2-b"),
			ok("userIds[] with encoded brackets", day("userIds%5B%5D="+u3, "userIds%5B%5D="+u2), key, "u2-a", "u3-a", "u2-b"),
			ok("userIds= repeated", day("userIds="+u1, "userIds="+u3), key, "u1-a", "u3-a", "u1-b"),
			ok("userIds[] and userIds= mixed", day("userIds[]="+u2, "userIds="+u3), key, "u2-a", "u3-a", "u2-b"),
			ok("an unknown UUID matches nothing", day("userIds[]="+unknown), key),
			ok("an unknown UUID beside a known one", day("userIds[]="+unknown, "userIds[]="+u3), key, "u3-a"),
			bad("userIds[] not a UUID", day("userIds[]=agent1"), key, http.StatusBadRequest, "userIds", "agent1"),
			bad("userIds= not a UUID", day("userIds=42"), key, http.StatusBadRequest, "userIds", "42"),
			bad("userIds[] empty", day("userIds[]="), key, http.StatusBadRequest, "userIds"),
			bad("a UUID without dashes", day("userIds[]=00000000000040008000000000000001"), key, http.StatusBadRequest, "userIds"),
			bad("one malformed among valid ones", day("userIds[]="+u1, "userIds[]=nope", "userIds="+u2), key, http.StatusBadRequest, "userIds", "nope"),

			ok("unknown parameters are ignored", day("userId="+u1, "limit=1", "sort=desc", "status=u1-a", "foo"), key,
				"u1-a", "u2-a", "u3-a", "u1-b", "u2-b"),
		})
	})
}
