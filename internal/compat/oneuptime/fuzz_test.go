package oneuptime

import (
	"bytes"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"agentlog/internal/activity"
)

// FuzzRequest feeds a Call Log body (query, select, sort, skip, limit)
// through what get-list does with it. Whatever comes in: no panic; a
// refusal is a 400 with a message; an accepted query names only columns of
// the allow-list and hands the store only text PostgreSQL can compare.
func FuzzRequest(f *testing.F) {
	for _, s := range []string{
		`{"query":{},"select":{"_id":true,"fromNumber":true},"sort":{"createdAt":-1},"limit":10,"skip":0}`,
		`{"query":{"fromNumber":{"_type":"Search","value":"+49"},"createdAt":{"_type":"InBetween","startValue":"2024-01-01T00:00:00Z","endValue":"2024-02-01T00:00:00Z"}}}`,
		`{"query":{"status":{"_type":"EqualToOrNull","value":"Completed"},"callCostInUSDCents":{"_type":"GreaterThan","value":10}}}`,
		`{"query":{"callData":{"_type":"Includes","value":["a","b"]},"incidentId":{"_type":"IsNull"}}}`,
		`{"query":{"_id":{"_type":"NotEqual","value":"7c3d9a10-1f2e-4d5c-8b7a-a0a0a0a0a001"},"projectId":"x"}}`,
		`{"query":{"status":"a\u0000b"}}`, `{"query":[]}`, `{"select":{"nope":true}}`, `{"sort":{"status":"up"}}`, `{"limit":-1}`,
		`{"skip":1e400}`, `{"query":{"callData":{"key":"v"}}}`, `[]`, `{`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := readBody(httptest.NewRequest("POST", "/api/call-log/get-list", bytes.NewReader(body)))
		if err == nil {
			_, _, err = paging(url.Values{}, req, DefaultMaxLimit)
		}
		if err == nil {
			var q []column
			var conds []string
			query, selected, perr := parseRead(req)
			err, q = perr, selected
			for _, c := range query.Conditions {
				conds = append(conds, string(c.Field))
				checkStorable(t, body, c.Key)
				for _, v := range c.Values {
					if s, ok := v.(string); ok {
						checkStorable(t, body, s)
					}
				}
			}
			if err == nil {
				for _, c := range q {
					if _, ok := findColumn(c.name); !ok {
						t.Fatalf("body %q selected %q, a column not in the allow-list", body, c.name)
					}
				}
				for _, field := range conds {
					if !slices.ContainsFunc(columns, func(c column) bool { return string(c.field) == field && field != "" }) {
						t.Fatalf("body %q gave a condition on %q, a field of no column", body, field)
					}
				}
			}
		}
		if err == nil {
			return
		}
		if e, ok := err.(*apiError); ok {
			if e.status != 400 || e.message == "" {
				t.Fatalf("body %q: got %d %q, want a 400 with a message", body, e.status, e.message)
			}
			return
		}
		if activity.ErrorCode(err) != activity.EInvalid || activity.ErrorMessage(err) == "" {
			t.Fatalf("body %q: got %v, want a 400 with a message", body, err)
		}
	})
}

func checkStorable(t *testing.T, body []byte, s string) {
	t.Helper()
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		t.Fatalf("body %q gave the store the text %q, which PostgreSQL refuses", body, s)
	}
}
