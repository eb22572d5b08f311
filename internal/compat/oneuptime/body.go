package oneuptime

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
)

// maxBody bounds a request body: a query, a select and a sort.
const maxBody = 1 << 20

// request is the body of a Call Log request. Every part is optional.
type request struct {
	Query  json.RawMessage `json:"query"`
	Select json.RawMessage `json:"select"`
	Sort   json.RawMessage `json:"sort"`
	Skip   json.RawMessage `json:"skip"`
	Limit  json.RawMessage `json:"limit"`
}

// readBody reads the JSON body, which a GET may carry too. An empty body is
// an empty request.
func readBody(r *http.Request) (request, error) {
	var req request
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return req, err
	}
	if len(body) > maxBody {
		return req, badRequest("Invalid JSON body: larger than %d bytes", maxBody)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return req, nil
	}
	if firstByte(body) != '{' {
		return req, badRequest("Invalid JSON body: expected an object such as {\"query\":{},\"select\":{}}")
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return req, badRequest("Invalid JSON body: %s", jsonProblem(err))
	}
	return req, nil
}

// jsonProblem words a JSON decoding error for a person.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return sprintf("%s (at byte %d)", syntax.Error(), syntax.Offset)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// paging reads skip and limit from the query string first, then from the
// body, the way OneUptime's server does: parsed like JavaScript's parseInt,
// limit 0 or not a number meaning 10, skip not a number meaning 0.
func paging(q url.Values, req request, maxLimit int) (skip, limit int, err error) {
	limitN, limitOK := pagingValue(q, "limit", req.Limit)
	skipN, skipOK := pagingValue(q, "skip", req.Skip)
	if !limitOK || limitN == 0 {
		limitN = 10
	}
	if !skipOK {
		skipN = 0
	}
	switch {
	case limitN < 0:
		return 0, 0, badRequest("limit cannot be less than 0")
	case skipN < 0:
		return 0, 0, badRequest("skip cannot be less than 0")
	case limitN > int64(maxLimit):
		return 0, 0, badRequest("Limit should be less than or equal to %d", maxLimit)
	}
	return int(min(skipN, math.MaxInt32)), int(limitN), nil
}

func pagingValue(q url.Values, name string, body json.RawMessage) (int64, bool) {
	if q.Has(name) {
		return parseInt(q.Get(name))
	}
	if isAbsent(body) {
		return 0, false
	}
	var s string
	if json.Unmarshal(body, &s) == nil {
		return parseInt(s)
	}
	var f float64
	if json.Unmarshal(body, &f) != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	if f >= 1e18 { // too large to hold: still a number, and too large
		return math.MaxInt64, true
	}
	if f <= -1e18 {
		return math.MinInt64, true
	}
	return int64(f), true // parseInt(5.9) is 5, parseInt(-5.9) is -5
}

// parseInt reads the leading integer of s as JavaScript's parseInt does:
// spaces skipped, an optional sign, decimal digits (or hexadecimal after
// 0x), the rest ignored; no digits at all is not a number.
func parseInt(s string) (int64, bool) {
	s = strings.TrimLeft(s, " \t\n\r\v\f")
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg, s = s[0] == '-', s[1:]
	}
	base := int64(10)
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		base, s = 16, s[2:]
	}
	var n int64
	digits := 0
	for _, c := range s {
		d := digitValue(c)
		if d < 0 || d >= base || n > math.MaxInt64/base-base {
			break
		}
		n, digits = n*base+d, digits+1
	}
	if neg {
		n = -n
	}
	return n, digits > 0
}

func digitValue(c rune) int64 {
	switch {
	case c >= '0' && c <= '9':
		return int64(c - '0')
	case c >= 'a' && c <= 'f':
		return int64(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int64(c-'A') + 10
	}
	return -1
}
