package cention_test

import (
	"net/http"
	"strings"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

func TestLogioAuth(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv, acme, acmeAuth := mustSetup(t, db, "acme")
		const s = 1554108462
		mustIngest(t, db, acme, session("sysadmin", activity.Logout, unixMilli(s, 0)))
		beta := storetest.MustTenant(t, db, "beta")
		mustIngest(t, db, beta, // the same login in another tenant
			session("sysadmin", activity.Login, unixMilli(s+5, 0)),
			session("betaonly", activity.Login, unixMilli(s+6, 0)))

		key := strings.TrimPrefix(acmeAuth["Authorization"], "Bearer ")
		betaAuth := bearer(storetest.MustKey(t, db, beta, activity.ScopeSessionsRead))
		statusesOnly := bearer(storetest.MustKey(t, db, acme, activity.ScopeStatusesRead))
		revoked := bearer(mustRevokedKey(t, db, acme, activity.ScopeSessionsRead))
		expired := bearer(mustExpiredKey(t, db, acme, activity.ScopeSessionsRead))
		id, _, _ := auth.SplitKey(key)
		wrongSecret := bearer(id + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")

		q := period(s-10, s+10)
		const acmeCSV = "1,sysadmin,1554108462,Logout\n"
		unauthorized := http.StatusUnauthorized
		servertest.Run(t, srv, []servertest.Scenario{
			csvOK("Bearer with sessions:read on its own workspace", logio("acme", q...), acmeAuth, acmeCSV),

			bad("no Authorization", logio("acme", q...), nil, unauthorized),
			bad("the key in a Key header only", logio("acme", q...), map[string]string{"Key": key}, unauthorized),
			bad("Basic", logio("acme", q...), map[string]string{"Authorization": "Basic " + key}, unauthorized),
			bad("Bearer with nothing", logio("acme", q...), map[string]string{"Authorization": "Bearer"}, unauthorized),
			bad("Bearer and a space", logio("acme", q...), map[string]string{"Authorization": "Bearer "}, unauthorized),
			bad("the key without Bearer", logio("acme", q...), map[string]string{"Authorization": key}, unauthorized),
			bad("unknown token", logio("acme", q...), bearer("al_aaaaaaaaaaaaaaaa.secret"), unauthorized),
			bad("not a key at all", logio("acme", q...), bearer("letmein"), unauthorized),
			bad("known id, wrong secret", logio("acme", q...), wrongSecret, unauthorized),
			bad("revoked key", logio("acme", q...), revoked, unauthorized),
			bad("expired key", logio("acme", q...), expired, unauthorized),
			bad("an unknown token on a workspace that does not exist", logio("nowhere", q...), bearer("al_aaaaaaaaaaaaaaaa.secret"), unauthorized),

			bad("key without sessions:read", logio("acme", q...), statusesOnly, http.StatusForbidden),
			bad("another tenant's key on this workspace", logio("acme", q...), betaAuth, http.StatusForbidden),
			bad("a key on another tenant's workspace", logio("beta", q...), acmeAuth, http.StatusForbidden),
			bad("a workspace that does not exist is 403, not 404", logio("nowhere", q...), acmeAuth, http.StatusForbidden),
			bad("the workspace is the exact slug", logio("ACME", q...), acmeAuth, http.StatusForbidden),

			csvOK("tenant B's key on B's workspace sees only B", logio("beta", q...), betaAuth,
				"1,sysadmin,1554108467,Login\n2,betaonly,1554108468,Login\n"),
			csvOK("a name shared with another tenant", logio("beta", with(q, "name=sysadmin")...), betaAuth,
				"1,sysadmin,1554108467,Login\n"),
			csvOK("a name only another tenant has", logio("acme", with(q, "name=betaonly")...), acmeAuth, ""),
		})
	})
}
