package server

import (
	"net/http"

	"agentlog/internal/activity"
	"agentlog/internal/compat/oneuptime"
)

// route is one entry of the route table.
type route struct {
	pattern string
	handler http.Handler
}

// routes is the route table: every path agentlog serves, in one place.
func (s *Server) routes() []route {
	a := s.api
	read := activity.ReadScopes
	admin, ingest := activity.ScopeAdmin, activity.ScopeIngest
	return []route{
		{"GET /healthz", http.HandlerFunc(s.healthz)},
		{"GET /readyz", http.HandlerFunc(s.readyz)},
		{"GET /metrics", s.metricsRoute()},

		{"POST /api/v1/status-events", a.Need(a.IngestStatusEvents, ingest)},
		{"POST /api/v1/session-events", a.Need(a.IngestSessionEvents, ingest)},
		{"POST /api/v1/calls", a.Need(a.IngestCalls, ingest)},
		{"GET /api/v1/status-events", a.Need(a.ListStatusEvents, activity.ScopeStatusesRead)},
		{"GET /api/v1/session-events", a.Need(a.ListSessionEvents, activity.ScopeSessionsRead)},
		{"GET /api/v1/calls", a.Need(a.ListCalls, activity.ScopeCallsRead)},
		{"GET /api/v1/export/{kind}", a.Need(a.Export, activity.ScopeStatusesRead, activity.ScopeSessionsRead, activity.ScopeCallsRead)},
		{"GET /api/v1/presence", a.Need(a.Presence, read...)},
		{"GET /api/v1/stream", a.Need(a.Stream, activity.ScopeStatusesRead, activity.ScopeSessionsRead, activity.ScopeCallsRead)},

		{"GET /api/v1/reports/status-time", a.Need(a.StatusTime, activity.ScopeReportsRead)},
		{"GET /api/v1/reports/sessions", a.Need(a.Sessions, activity.ScopeReportsRead)},
		{"GET /api/v1/reports/calls", a.Need(a.Calls, activity.ScopeReportsRead)},

		{"GET /api/v1/users", a.Need(a.ListUsers, read...)},
		{"POST /api/v1/users", a.Need(a.CreateUser, admin)},
		{"GET /api/v1/users/{id}", a.Need(a.GetUser, read...)},
		{"PATCH /api/v1/users/{id}", a.Need(a.UpdateUser, admin)},
		{"GET /api/v1/status-definitions", a.Need(a.ListStatusDefinitions, read...)},
		{"PUT /api/v1/status-definitions/{name}", a.Need(a.PutStatusDefinition, admin)},
		{"DELETE /api/v1/status-definitions/{name}", a.Need(a.DeleteStatusDefinition, admin)},
		{"GET /api/v1/keys", a.Need(a.ListKeys, admin)},
		{"POST /api/v1/keys", a.Need(a.CreateKey, admin)},
		{"DELETE /api/v1/keys/{id}", a.Need(a.RevokeKey, admin)},
		{"GET /api/v1/webhooks", a.Need(a.ListWebhooks, admin)},
		{"POST /api/v1/webhooks", a.Need(a.CreateWebhook, admin)},
		{"GET /api/v1/webhooks/{id}", a.Need(a.GetWebhook, admin)},
		{"PATCH /api/v1/webhooks/{id}", a.Need(a.UpdateWebhook, admin)},
		{"DELETE /api/v1/webhooks/{id}", a.Need(a.DeleteWebhook, admin)},
		{"GET /api/v1/webhooks/{id}/deliveries", a.Need(a.ListWebhookDeliveries, admin)},

		{"GET /api/v1/openapi.json", http.HandlerFunc(a.OpenAPI)},
		{"GET /api/v1/docs", http.HandlerFunc(a.Docs)},

		// Vendor-compatible APIs: each authenticates and answers in its
		// vendor's way.
		{"GET /stats/user-statuses", http.HandlerFunc(s.voipcube.UserStatuses)},
		{"GET /s/{workspace}/capi/custom/logio", http.HandlerFunc(s.cention.Logio)},
		{"POST /api/call-log/get-list", http.HandlerFunc(s.oneuptime.GetList)},
		{"GET /api/call-log/get-list", http.HandlerFunc(s.oneuptime.GetList)},
		{"POST /api/call-log/{id}/get-item", http.HandlerFunc(s.oneuptime.GetItem)},
		{"GET /api/call-log/{id}/get-item", http.HandlerFunc(s.oneuptime.GetItem)},
		{"POST /api/call-log/count", http.HandlerFunc(s.oneuptime.Count)},
		{"POST /api/call-log", oneuptime.Refuse("create")},
		{"PUT /api/call-log/{id}", oneuptime.Refuse("update")},
		{"POST /api/call-log/{id}/update-item", oneuptime.Refuse("update")},
		{"GET /api/call-log/{id}/update-item", oneuptime.Refuse("update")},
		{"DELETE /api/call-log/{id}", oneuptime.Refuse("delete")},
		{"POST /api/call-log/{id}/delete-item", oneuptime.Refuse("delete")},
		{"GET /api/call-log/{id}/delete-item", oneuptime.Refuse("delete")},
		{"DELETE /api/call-log/{id}/delete-item", oneuptime.Refuse("delete")},
		{"POST /connect/token", http.HandlerFunc(s.xapi.Token)},
		{"GET /xapi/v1/$metadata", http.HandlerFunc(s.xapi.Metadata)},
		{"GET /xapi/v1/ReportUserActivity/{function}", http.HandlerFunc(s.xapi.ReportUserActivity)},
		{"GET /xapi/v1/ReportCallDistribution/{function}", http.HandlerFunc(s.xapi.ReportCallDistribution)},
		{"GET /xapi/v1/ReportAgentLoginHistory/{function}", http.HandlerFunc(s.xapi.ReportAgentLoginHistory)},
		{"GET /xapi/v1/ReportExtensionStatistics/{function}", http.HandlerFunc(s.xapi.ReportExtensionStatistics)},
		{"GET /xapi/v1/CallHistoryView", http.HandlerFunc(s.xapi.CallHistoryView)},
		{"GET /xapi/v1/CallHistoryView/{function}", http.HandlerFunc(s.xapi.CallHistoryViewFunction)},

		// The web pages: a session cookie instead of a key; every POST
		// carries its CSRF token; administration is for admins.
		{"GET /{$}", s.web.Page(s.web.Home)},
		{"GET /login", http.HandlerFunc(s.web.SignInForm)},
		{"POST /login", http.HandlerFunc(s.web.SignIn)},
		{"POST /logout", s.web.Page(s.web.SignOut)},
		{"POST /tenant", s.web.Page(s.web.SwitchTenant)},
		{"GET /static/", http.HandlerFunc(s.web.Static)},
		{"GET /wallboard", s.web.Page(s.web.Wallboard)},
		{"GET /wallboard/events", s.web.Page(s.web.WallboardEvents)},
		{"GET /agents/{id}", s.web.Page(s.web.AgentDay)},
		{"GET /reports/status-time", s.web.Page(s.web.StatusTimeReport)},
		{"GET /reports/sessions", s.web.Page(s.web.SessionsReport)},
		{"GET /reports/calls", s.web.Page(s.web.CallsReport)},
		{"GET /calls", s.web.Page(s.web.CallLog)},
		{"GET /calls/{id}", s.web.Page(s.web.CallDetail)},
		{"GET /admin/{$}", s.web.Admin(s.web.AdminHome)},
		{"GET /admin/users", s.web.Admin(s.web.AdminUsers)},
		{"POST /admin/users", s.web.Admin(s.web.CreateUser)},
		{"GET /admin/users/{id}", s.web.Admin(s.web.AdminUser)},
		{"POST /admin/users/{id}", s.web.Admin(s.web.UpdateUser)},
		{"POST /admin/users/{id}/disable", s.web.Admin(s.web.DisableUser)},
		{"GET /admin/statuses", s.web.Admin(s.web.AdminStatuses)},
		{"POST /admin/statuses", s.web.Admin(s.web.PutStatus)},
		{"POST /admin/statuses/delete", s.web.Admin(s.web.DeleteStatus)},
		{"GET /admin/keys", s.web.Admin(s.web.AdminKeys)},
		{"POST /admin/keys", s.web.Admin(s.web.CreateKey)},
		{"POST /admin/keys/{id}/revoke", s.web.Admin(s.web.RevokeKey)},
		{"GET /admin/operators", s.web.Admin(s.web.AdminOperators)},
		{"POST /admin/operators", s.web.Admin(s.web.CreateOperator)},
		{"POST /admin/operators/{id}/delete", s.web.Admin(s.web.DeleteOperator)},
	}
}

// healthz answers as long as the process serves HTTP.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz answers 200 only while the database answers, so that a load
// balancer sends no traffic to an instance that cannot serve it.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.db.Ping(r.Context()); err != nil {
		s.log.Warn("not ready", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}
