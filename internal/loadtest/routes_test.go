package loadtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"time"
)

// request is one request of the load: a method, a path with its query, a
// body and the headers that carry the credentials.
type request struct {
	method, path, body string
	headers            map[string]string
}

// route is one kind of request of the mix, with a weight (how many of the
// mix's draws it gets) and a maker of its next request.
type route struct {
	name   string
	weight int
	next   func(r *rand.Rand) request
}

// world is what the routes need: the tenant, its credentials and the
// period of the simulated activity.
type world struct {
	slug, key, token string
	end              time.Time // the simulation ends here, UTC midnight
	seq              atomic.Int64
}

// day returns the query fragment of a random one-day period of the
// simulated week.
func (w *world) day(r *rand.Rand) (from, to time.Time) {
	from = w.end.AddDate(0, 0, -1-r.IntN(7))
	return from, from.AddDate(0, 0, 1)
}

func iso(t time.Time) string { return t.Format("2006-01-02T15:04:05.000Z") }

// routes is the mix: a quarter ingestion, the rest reads of every API.
func (w *world) routes() []route {
	bearer := map[string]string{"Authorization": "Bearer " + w.key}
	get := func(path func(r *rand.Rand) string, headers map[string]string) func(*rand.Rand) request {
		return func(r *rand.Rand) request { return request{method: "GET", path: path(r), headers: headers} }
	}
	period := func(base string) func(r *rand.Rand) string {
		return func(r *rand.Rand) string {
			from, to := w.day(r)
			return fmt.Sprintf("%sfrom=%s&to=%s", base, iso(from), iso(to))
		}
	}
	week := func(base string) func(*rand.Rand) string {
		return func(*rand.Rand) string {
			return fmt.Sprintf("%sfrom=%s&to=%s", base, iso(w.end.AddDate(0, 0, -7)), iso(w.end))
		}
	}
	xapiBearer := map[string]string{"Authorization": "Bearer " + w.token}
	return []route{
		{"POST status-events", 4, w.ingest("status-events", bearer, statusItem)},
		{"POST session-events", 2, w.ingest("session-events", bearer, sessionItem)},
		{"POST calls", 3, w.ingest("calls", bearer, callItem)},
		{"GET status-events", 2, get(period("/api/v1/status-events?limit=100&"), bearer)},
		{"GET session-events", 1, get(period("/api/v1/session-events?limit=100&"), bearer)},
		{"GET calls", 2, get(period("/api/v1/calls?limit=100&"), bearer)},
		{"GET users", 1, get(fixed("/api/v1/users"), bearer)},
		{"GET presence", 2, get(fixed("/api/v1/presence"), bearer)},
		{"GET reports/status-time", 1, get(week("/api/v1/reports/status-time?bucket=1d&"), bearer)},
		{"GET reports/sessions", 1, get(week("/api/v1/reports/sessions?bucket=1d&"), bearer)},
		{"GET reports/calls", 1, get(week("/api/v1/reports/calls?bucket=1h&"), bearer)},
		{"GET export", 1, get(period("/api/v1/export/status-events?"), bearer)},
		{"GET voipcube", 2, get(period("/stats/user-statuses?page=1&size=25&"), map[string]string{"Key": w.key})},
		{"GET cention", 1, get(func(r *rand.Rand) string {
			from, to := w.day(r)
			return fmt.Sprintf("/s/%s/capi/custom/logio?format=json&from=%d&to=%d", w.slug, from.Unix(), to.Unix())
		}, bearer)},
		{"POST oneuptime get-list", 2, func(r *rand.Rand) request {
			return request{method: "POST", path: "/api/call-log/get-list?limit=50&skip=" + fmt.Sprint(50*r.IntN(10)),
				body:    `{"query":{"status":"Completed"},"select":{"toNumber":true,"createdAt":true},"sort":{"createdAt":-1}}`,
				headers: map[string]string{"ApiKey": w.key, "Content-Type": "application/json"}}
		}},
		{"POST oneuptime count", 1, func(*rand.Rand) request {
			return request{method: "POST", path: "/api/call-log/count", body: `{"query":{}}`,
				headers: map[string]string{"ApiKey": w.key, "Content-Type": "application/json"}}
		}},
		{"GET xapi user activity", 1, get(func(r *rand.Rand) string {
			from, to := w.day(r)
			return fmt.Sprintf("/xapi/v1/ReportUserActivity/Pbx.GetUserActivity(clientTimeZone='UTC',periodFrom=%s,periodTo=%s,"+
				"groupNumber='',extensionDns='',waitInterval='0:00:00',includeQueueCalls=true,callArea=0,groupingType=0)", iso(from), iso(to))
		}, xapiBearer)},
		{"GET xapi CallHistoryView", 1, get(func(r *rand.Rand) string {
			return fmt.Sprintf("/xapi/v1/CallHistoryView?$top=50&$skip=%d&$count=true", 50*r.IntN(10))
		}, xapiBearer)},
	}
}

func fixed(path string) func(*rand.Rand) string { return func(*rand.Rand) string { return path } }

// ingest makes batches of 25 new items of one kind, at times of the
// simulated week.
func (w *world) ingest(kind string, headers map[string]string, item func(w *world, r *rand.Rand, id int64) string) func(*rand.Rand) request {
	return func(r *rand.Rand) request {
		items := make([]string, 25)
		for i := range items {
			items[i] = item(w, r, w.seq.Add(1))
		}
		h := map[string]string{"Content-Type": "application/json"}
		for k, v := range headers {
			h[k] = v
		}
		return request{method: "POST", path: "/api/v1/" + kind, body: "[" + strings.Join(items, ",") + "]", headers: h}
	}
}

func (w *world) at(r *rand.Rand) string {
	return iso(w.end.Add(-time.Duration(r.Int64N(int64(7 * 24 * time.Hour)))).Truncate(time.Millisecond))
}

func statusItem(w *world, r *rand.Rand, id int64) string {
	return fmt.Sprintf(`{"id":"load-s%d","login":"load%02d","status":%q,"time":%q}`,
		id, r.IntN(30), []string{"Available", "Lunch", "Break", ""}[r.IntN(4)], w.at(r))
}

func sessionItem(w *world, r *rand.Rand, id int64) string {
	return fmt.Sprintf(`{"id":"load-e%d","login":"load%02d","action":%q,"time":%q,"queue":"800"}`,
		id, r.IntN(30), []string{"login", "logout"}[r.IntN(2)], w.at(r))
}

func callItem(w *world, r *rand.Rand, id int64) string {
	return fmt.Sprintf(`{"id":"00000000-0000-4000-8000-%012d","direction":"inbound","login":"load%02d","startedAt":%q,"status":"Completed"}`,
		id, r.IntN(30), w.at(r))
}
