// Package webhook delivers a tenant's events to the URLs its webhook
// subscriptions name: signed, in batches, at least once, retried with
// back-off, every attempt logged.
//
// # How events get out
//
// Ingestion does not know about webhooks and is not slowed by them. A
// Deliverer, started by the server, looks for enabled subscriptions every
// Timing.Scan and runs one worker per subscription. The worker follows the
// tenant's change feed (store.Feed, the same one /api/v1/stream reads)
// from the position the receiver last acknowledged, which is kept in the
// subscription's row: it reads up to Timing.Batch events of the kinds
// subscribed, POSTs them, and only once the receiver answers 2xx does it
// store the position after them, in the same transaction that logs the
// attempt. A server that stops (or dies) before that goes on, after its
// restart, from the last acknowledged position: an event acknowledged by
// ingestion is never skipped, though a batch the receiver took just before
// the stop may come again. A new subscription starts at the end of the feed
// when it is made (on PostgreSQL, a batch whose ingestion is committing at
// that very moment may fall before that end, as for a new /api/v1/stream);
// a kind added later starts at the end of the feed then.
// Disabling a subscription pauses it, and enabling it again goes on where
// it paused.
//
// A failed attempt (no connection, a time-out, an answer other than 2xx,
// including a redirect, which is not followed) is retried with the same
// body: after Timing.RetryBase, then twice as long each time up to
// Timing.RetryMax (each wait up to 20 % shorter, at random, so that
// subscriptions failing together do not retry together), forever: agentlog does not drop
// events. The delivery log (GET /api/v1/webhooks/{id}/deliveries) shows every
// attempt; disable or delete the subscription to stop. The log keeps the
// latest 1000 attempts of each subscription; an attempt cut short by the
// server stopping is not logged (its batch is sent again after the restart).
//
// Several agentlog instances over one PostgreSQL take a lease on a
// subscription (its row names the instance and until when) before
// delivering it, renew it while they work, and give it back when they stop,
// so that one instance at a time delivers each subscription, in order. An
// instance that loses its lease (it stalled longer than Timing.Lease) stops
// that subscription and records nothing more for it; a batch it had in
// flight then may reach the receiver twice.
//
// # What the receiver gets
//
//	POST <url>
//	Content-Type: application/json
//	Agentlog-Webhook-Id: <subscription id>
//	Agentlog-Delivery-Id: d_<32 hex digits>
//	Agentlog-Attempt: <1, 2, ...>
//	Agentlog-Timestamp: <Unix time in seconds of this attempt>
//	Agentlog-Signature: v1=<hex HMAC-SHA256>
//
//	{"webhookId":"…","deliveryId":"d_…","events":[
//	  {"id":"status-events:e-1","kind":"status-events","data":{…}},
//	  {"id":"calls:5f0d…:42","kind":"calls","data":{…}}]}
//
// Each event's data is the item as the API lists it (GET /api/v1/status-events,
// /session-events, /calls). Within a batch, status events come first, then
// session events, then calls, each kind in the order it was written; a call
// changed several times before it was read comes once, as it is then.
//
// Event ids are stable: "status-events:<event id>", "session-events:<event
// id>", and "calls:<call id>:<version>" where the version grows each time
// the call is replaced, so a changed call is a new event. They are the same
// on every attempt and after a restart: deduplicate on them. The delivery
// id is derived from the webhook id and the event ids of the batch, so it
// is the same on every attempt of one batch; a batch formed again after a
// restart may hold more events and get a new one.
//
// # Verifying a delivery
//
// The signature is the HMAC-SHA256, keyed with the subscription's secret
// (the whole string "whsec_…" shown when the subscription was made, as
// UTF-8 bytes), of the Agentlog-Timestamp value, a full stop, and the raw
// body exactly as received:
//
//	expected = hex(HMAC-SHA256(secret, timestamp + "." + body))
//
// A receiver compares "v1=" + expected with Agentlog-Signature in constant
// time, refuses timestamps far from its clock (five minutes, say) to stop
// replays, and answers 2xx once it has kept the events. Each attempt is
// signed anew with its own timestamp.
//
// # The secret
//
// agentlog makes the secret (32 random bytes) and shows it once, in the
// answer that creates the subscription. It cannot be hashed like an API
// key, since every delivery is signed with it: the store keeps it sealed
// with AES-256-GCM under an installation key held in the database (see
// store.WebhookSecret), which keeps it out of listings, logs and copies of
// the webhooks table, but not from someone who holds the whole database.
//
// agentlog POSTs wherever an admin of the tenant points a subscription,
// private addresses included; run it where that is acceptable.
//
// Standard library only: signing is crypto/hmac, sealing crypto/cipher,
// delivery net/http. A job-queue module would bring a second store for what
// the change feed and one row per subscription already hold.
package webhook
