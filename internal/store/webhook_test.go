package store_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

func mustWebhook(t *testing.T, db *store.DB, tenantID int64, kinds ...string) (activity.Webhook, string) {
	t.Helper()
	w := activity.Webhook{URL: "https://example.com/hook", Kinds: kinds, Enabled: true}
	secret, err := db.CreateWebhook(t.Context(), tenantID, &w)
	must(t, err)
	return w, secret
}

func TestWebhookCreateReadUpdateDelete(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a := mustTenant(t, db, "acme")
		w, secret := mustWebhook(t, db, a.ID, activity.KindCalls, activity.KindStatusEvents, activity.KindCalls)
		mustEqualSlice(t, "kinds", w.Kinds, []string{activity.KindStatusEvents, activity.KindCalls})
		if !activity.IsUUID(w.ID) || !strings.HasPrefix(secret, "whsec_") || len(secret) != 49 {
			t.Fatalf("id %q, secret %q: want a UUID and whsec_ with 43 characters", w.ID, secret)
		}
		got, err := db.Webhook(t.Context(), a.ID, w.ID)
		must(t, err)
		mustEqual(t, "url", got.URL, w.URL)
		mustEqual(t, "enabled", got.Enabled, true)
		mustTime(t, "createdAt", got.CreatedAt, t0)

		opened, err := db.WebhookSecret(t.Context(), a.ID, w.ID)
		must(t, err)
		mustEqual(t, "secret opened", opened, secret)

		setNow(db, t0.Add(time.Minute))
		url, off := "http://receiver.test:8080/in", false
		kinds := []string{activity.KindSessionEvents}
		got, err = db.UpdateWebhook(t.Context(), a.ID, w.ID, activity.WebhookPatch{URL: &url, Kinds: &kinds, Enabled: &off})
		must(t, err)
		got, err = db.Webhook(t.Context(), a.ID, w.ID)
		must(t, err)
		mustEqual(t, "url after update", got.URL, url)
		mustEqualSlice(t, "kinds after update", got.Kinds, kinds)
		mustEqual(t, "enabled after update", got.Enabled, false)
		mustTime(t, "updatedAt", got.UpdatedAt, t0.Add(time.Minute))

		bad := "ftp://x"
		_, err = db.UpdateWebhook(t.Context(), a.ID, w.ID, activity.WebhookPatch{URL: &bad})
		mustCode(t, err, activity.EInvalid)
		if got, _ := db.Webhook(t.Context(), a.ID, w.ID); got.URL != url {
			t.Fatalf("a refused update changed the url to %q", got.URL)
		}

		must(t, db.DeleteWebhook(t.Context(), a.ID, w.ID))
		_, err = db.Webhook(t.Context(), a.ID, w.ID)
		mustCode(t, err, activity.ENotFound)
		mustCode(t, db.DeleteWebhook(t.Context(), a.ID, w.ID), activity.ENotFound)
	})
}

func TestWebhookRefusesBadInput(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a := mustTenant(t, db, "acme")
		for _, w := range []activity.Webhook{
			{URL: "", Kinds: []string{"calls"}},
			{URL: "example.com/hook", Kinds: []string{"calls"}},
			{URL: "ftp://example.com/hook", Kinds: []string{"calls"}},
			{URL: "https://user:pw@example.com/hook", Kinds: []string{"calls"}},
			{URL: "https:///hook", Kinds: []string{"calls"}},
			{URL: "https://example.com/hook#x", Kinds: []string{"calls"}},
			{URL: "https://example.com/hook", Kinds: nil},
			{URL: "https://example.com/hook", Kinds: []string{"calls", "presence"}},
		} {
			_, err := db.CreateWebhook(t.Context(), a.ID, &w)
			mustCode(t, err, activity.EInvalid)
		}
		list, err := db.Webhooks(t.Context(), a.ID)
		must(t, err)
		mustEqual(t, "webhooks after refusals", len(list), 0)
	})
}

func TestWebhooksOfAnotherTenantAreNotThere(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := mustTenant(t, db, "acme"), mustTenant(t, db, "beta")
		w, _ := mustWebhook(t, db, a.ID, activity.KindCalls)
		list, err := db.Webhooks(t.Context(), b.ID)
		must(t, err)
		mustEqual(t, "beta's webhooks", len(list), 0)
		_, err = db.Webhook(t.Context(), b.ID, w.ID)
		mustCode(t, err, activity.ENotFound)
		url := "https://evil.test/"
		_, err = db.UpdateWebhook(t.Context(), b.ID, w.ID, activity.WebhookPatch{URL: &url})
		mustCode(t, err, activity.ENotFound)
		mustCode(t, db.DeleteWebhook(t.Context(), b.ID, w.ID), activity.ENotFound)
		_, err = db.WebhookAttempts(t.Context(), b.ID, w.ID, 0, 10)
		mustCode(t, err, activity.ENotFound)
		if _, err := db.WebhookSecret(t.Context(), b.ID, w.ID); err == nil {
			t.Fatal("beta opened acme's webhook secret")
		}
		if got, _ := db.Webhook(t.Context(), a.ID, w.ID); got.URL != "https://example.com/hook" {
			t.Fatalf("acme's webhook changed: %+v", got)
		}
	})
}

func TestWebhookLeaseIsHeldByOneOwner(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a := mustTenant(t, db, "acme")
		w, _ := mustWebhook(t, db, a.ID, activity.KindCalls)
		lease := func(owner string) bool {
			held, err := db.LeaseWebhook(t.Context(), a.ID, w.ID, owner, time.Minute)
			must(t, err)
			return held
		}
		mustEqual(t, "one takes a free lease", lease("one"), true)
		mustEqual(t, "two takes one's lease", lease("two"), false)
		mustEqual(t, "one renews", lease("one"), true)
		refs, err := db.EnabledWebhooks(t.Context(), "two")
		must(t, err)
		mustEqual(t, "webhooks two may deliver", len(refs), 0)

		attempt := activity.WebhookAttempt{DeliveryID: "d_1", EventIDs: []string{"calls:x:1"}, Attempt: 1, Time: t0, StatusCode: 200}
		err = db.RecordWebhookAttempt(t.Context(), a.ID, w.ID, "two", &attempt, &store.FeedPosition{Call: 9})
		if !errors.Is(err, store.ErrLeaseLost) {
			t.Fatalf("recording without the lease: got %v, want ErrLeaseLost", err)
		}

		setNow(db, t0.Add(2*time.Minute)) // one's lease has run out
		mustEqual(t, "two takes an expired lease", lease("two"), true)
		mustEqual(t, "one comes back", lease("one"), false)
		must(t, db.ReleaseWebhook(t.Context(), a.ID, w.ID, "two"))
		mustEqual(t, "one takes a released lease", lease("one"), true)
		refs, err = db.EnabledWebhooks(t.Context(), "one")
		must(t, err)
		if len(refs) != 1 || refs[0] != (store.WebhookRef{TenantID: a.ID, ID: w.ID}) {
			t.Fatalf("webhooks one may deliver: %+v", refs)
		}
	})
}

func TestWebhookPositionOnlyGrowsAndAttemptsPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a := mustTenant(t, db, "acme")
		w, _ := mustWebhook(t, db, a.ID, activity.KindStatusEvents, activity.KindCalls)
		_, err := db.LeaseWebhook(t.Context(), a.ID, w.ID, "me", time.Minute)
		must(t, err)
		record := func(n int, code int, acked *store.FeedPosition) {
			at := activity.WebhookAttempt{DeliveryID: fmt.Sprintf("d_%d", n), EventIDs: []string{fmt.Sprintf("status-events:e%d", n)},
				Attempt: n, Time: t0.Add(time.Duration(n) * time.Second), Duration: 15 * time.Millisecond, StatusCode: code}
			if code == 0 {
				at.Error = "connection refused"
			}
			must(t, db.RecordWebhookAttempt(t.Context(), a.ID, w.ID, "me", &at, acked))
			mustEqual(t, "seq", at.Seq, int64(n))
		}
		record(1, 0, nil)
		record(2, 500, nil)
		record(3, 204, &store.FeedPosition{Status: 7, Session: 0, Call: 3})
		record(4, 200, &store.FeedPosition{Status: 5, Session: 0, Call: 4}) // an older status position stays
		target, err := db.WebhookTarget(t.Context(), a.ID, w.ID)
		must(t, err)
		mustEqual(t, "acked", target.Acked, store.FeedPosition{Status: 7, Session: 0, Call: 4})

		var seen []activity.WebhookAttempt
		before := int64(0)
		for range 5 {
			page, err := db.WebhookAttempts(t.Context(), a.ID, w.ID, before, 3)
			must(t, err)
			seen = append(seen, page...)
			if len(page) < 3 {
				break
			}
			before = page[len(page)-1].Seq
		}
		mustEqual(t, "attempts listed", len(seen), 4)
		first := seen[3]
		mustEqual(t, "oldest last", first.DeliveryID, "d_1")
		mustEqual(t, "error", first.Error, "connection refused")
		mustEqual(t, "succeeded", first.Succeeded(), false)
		mustEqual(t, "duration", seen[0].Duration, 15*time.Millisecond)
		mustEqualSlice(t, "event ids", seen[0].EventIDs, []string{"status-events:e4"})
		mustTime(t, "time", seen[0].Time, t0.Add(4*time.Second))
	})
}

func TestWebhookSecretIsStoredSealed(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		must(t, db.Migrate(t.Context()))
		a := mustTenant(t, db, "acme")
		w, secret := mustWebhook(t, db, a.ID, activity.KindCalls)
		var sealed []byte
		must(t, b.sql(t).QueryRowContext(t.Context(), `SELECT secret_sealed FROM webhooks WHERE id = $1`, w.ID).Scan(&sealed))
		if bytes.Contains(sealed, []byte(secret)) || bytes.Contains(sealed, []byte(strings.TrimPrefix(secret, "whsec_"))) {
			t.Fatal("the webhooks table holds the secret in the clear")
		}
		if len(sealed) < len(secret)+16 {
			t.Fatalf("sealed secret of %d bytes, want nonce, ciphertext and tag", len(sealed))
		}
	})
}
