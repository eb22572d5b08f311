package voipcube_test

import (
	"net/http"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

func TestUserStatusesAuth(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv, acme, acmeKey := mustSetup(t, db, "acme")
		mustIngest(t, db, acme, status(1, "a-1", "2024-03-01T08:00:00Z"), status(2, "a-2", "2024-03-01T09:00:00Z"))
		beta := storetest.MustTenant(t, db, "beta")
		mustIngest(t, db, beta, status(9, "b-9", "2024-03-01T08:30:00Z"))

		key := acmeKey["Key"]
		betaKey := storetest.MustKey(t, db, beta, activity.ScopeStatusesRead)
		sessionsKey := storetest.MustKey(t, db, acme, activity.ScopeSessionsRead)
		adminKey := storetest.MustKey(t, db, acme, activity.ScopeAdmin, activity.ScopeIngest)
		revoked := mustRevokedKey(t, db, acme, activity.ScopeStatusesRead)
		expired := mustExpiredKey(t, db, acme, activity.ScopeStatusesRead)
		id, _, _ := auth.SplitKey(key)
		wrongSecret := id + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

		day := func(more ...string) string { return period("2024-03-01", "2024-03-02", more...) }
		keyHeader := func(k string) map[string]string { return map[string]string{"Key": k} }
		bearer := func(k string) map[string]string { return map[string]string{"Authorization": "Bearer " + k} }
		servertest.Run(t, srv, []servertest.Scenario{
			ok("Key header", day(), keyHeader(key), "a-1", "a-2"),
			ok("Authorization: Bearer", day(), bearer(key), "a-1", "a-2"),

			bad("no key", day(), nil, http.StatusUnauthorized),
			bad("empty Key header", day(), keyHeader(""), http.StatusUnauthorized),
			bad("Authorization not Bearer", day(), map[string]string{"Authorization": "Basic " + key}, http.StatusUnauthorized),
			bad("unknown key", day(), keyHeader("al_aaaaaaaaaaaaaaaa.secret"), http.StatusUnauthorized),
			bad("not a key at all", day(), keyHeader("letmein"), http.StatusUnauthorized),
			bad("known id, wrong secret", day(), keyHeader(wrongSecret), http.StatusUnauthorized),
			bad("revoked key", day(), keyHeader(revoked), http.StatusUnauthorized),
			bad("revoked key as Bearer", day(), bearer(revoked), http.StatusUnauthorized),
			bad("expired key", day(), keyHeader(expired), http.StatusUnauthorized),
			bad("key without statuses:read", day(), keyHeader(sessionsKey), http.StatusForbidden),
			bad("admin key without statuses:read", day(), keyHeader(adminKey), http.StatusForbidden),

			// The key decides the tenant; nothing in the request widens it.
			ok("another tenant's key sees its own tenant only", day(), keyHeader(betaKey), "b-9"),
			ok("another tenant's key with the first tenant's userIds", day("userIds[]="+userID(1), "userIds="+userID(2)), keyHeader(betaKey)),
			ok("another tenant's key with both tenants' userIds", day("userIds[]="+userID(1), "userIds[]="+userID(9)), keyHeader(betaKey), "b-9"),
			ok("a tenant parameter widens nothing", day("tenant=acme", "workspace=acme", "tenantId=1"), keyHeader(betaKey), "b-9"),
			ok("a key sees none of another tenant's users", day("userIds[]="+userID(9)), keyHeader(key)),
		})
	})
}
