// Package metrics defines every Prometheus metric agentlog exports, in one
// place, with github.com/prometheus/client_golang.
//
// The counters, histograms and gauges are package variables registered in
// Registry, as is usual with Prometheus: a process runs one server, and a
// feature counts with one line where the event happens, without a handle
// passed through every layer. Tests that start several servers in one
// process see the sums and compare values before and after.
//
// To count something new: declare it below with newCounterVec and friends
// (name agentlog_<what>_<unit>, help saying what one increment means, a
// few labels with a small, fixed set of values) and count where it
// happens:
//
//	metrics.WebhookDeliveries.WithLabelValues("delivered").Inc()
//	metrics.RateLimited.WithLabelValues("key").Inc()
//
// What belongs to one server rather than the process (its database pools)
// is collected by the registry Handler makes.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Registry holds the process-wide metrics: those below, and the Go runtime
// and process collectors.
var Registry = prometheus.NewRegistry()

var (
	// Requests counts answered HTTP requests by route (the route table's
	// pattern, such as "GET /api/v1/users/{id}", or "unmatched") and
	// status code.
	Requests = newCounterVec("agentlog_http_requests_total",
		"HTTP requests answered, by route pattern and status code.", "route", "status")

	// RequestDuration is the time from a request's arrival to the end of
	// its answer, by route pattern.
	RequestDuration = register(prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "agentlog_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
	}, []string{"route"}))

	// IngestedEvents counts events of ingestion batches that were
	// committed, by kind (status, session, call) and result: new, or known
	// (sent before, so not stored twice).
	IngestedEvents = newCounterVec("agentlog_ingested_events_total",
		"Events of committed ingestion batches, by kind (status, session, call) and result (new, known).", "kind", "result")

	// RowsStreamed counts rows written by streaming answers, by stream:
	// export (GET /api/v1/export), voipcube (user statuses), cention
	// (logio).
	RowsStreamed = newCounterVec("agentlog_rows_streamed_total",
		"Rows written by streaming answers, by stream (export, voipcube, cention).", "stream")

	// SSESubscribers is the number of open /api/v1/stream connections.
	SSESubscribers = register(prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "agentlog_sse_subscribers",
		Help: "Open server-sent-event streams (/api/v1/stream).",
	}))

	// WebhookDeliveries counts attempts to deliver a webhook batch, by
	// result: delivered (acknowledged by the receiver) or failed (any other
	// answer, or none; the batch is tried again).
	WebhookDeliveries = newCounterVec("agentlog_webhook_deliveries_total",
		"Webhook delivery attempts, by result (delivered, failed).", "result")

	// RateLimited counts requests refused by a limit, by the limit that
	// refused them (key: the per-key rate, a 429; concurrency: too many
	// requests in flight, a 503).
	RateLimited = newCounterVec("agentlog_rate_limited_requests_total",
		"Requests refused by a limit (key: 429, concurrency: 503).", "limit")
)

func init() {
	Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Series that exist from the start, at zero, so that a dashboard or an
	// alert on rate() sees them before the first event.
	for _, kind := range []string{"status", "session", "call"} {
		for _, result := range []string{"new", "known"} {
			IngestedEvents.WithLabelValues(kind, result)
		}
	}
	for _, stream := range []string{"export", "voipcube", "cention"} {
		RowsStreamed.WithLabelValues(stream)
	}
	for _, result := range []string{"delivered", "failed"} {
		WebhookDeliveries.WithLabelValues(result)
	}
	for _, limit := range []string{"key", "concurrency"} {
		RateLimited.WithLabelValues(limit)
	}
}

func newCounterVec(name, help string, labels ...string) *prometheus.CounterVec {
	return register(prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels))
}

func register[C prometheus.Collector](c C) C {
	Registry.MustRegister(c)
	return c
}
