package voipcube

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// defaultSize is the page size when only page is given, as VoIPcube
// documents.
const defaultSize = 25

// parseQuery reads from, to, userIds[] and page/size into a filter.
// Unknown parameters are ignored.
func parseQuery(q url.Values) (store.EventFilter, error) {
	var f store.EventFilter
	var err error
	if f.From, err = requiredTime(q, "from"); err != nil {
		return f, err
	}
	if f.To, err = requiredTime(q, "to"); err != nil {
		return f, err
	}
	if err := checkPeriod(f.From, f.To); err != nil {
		return f, err
	}
	if f.UserIDs, err = userIDs(q); err != nil {
		return f, err
	}
	f.Limit, f.Offset = paging(q)
	return f, nil
}

func requiredTime(q url.Values, name string) (time.Time, error) {
	s := q.Get(name)
	if s == "" {
		return time.Time{}, activity.Errorf(activity.EInvalid, "%s is missing: give it as %s", name, activity.TimeForms)
	}
	t, ok := activity.ParseTime(s)
	if !ok {
		return t, activity.Errorf(activity.EInvalid, "%s %q is not a date or time: accepted are %s", name, s, activity.TimeForms)
	}
	return t, nil
}

// checkPeriod refuses a reversed period and one longer than a calendar
// year.
func checkPeriod(from, to time.Time) error {
	if to.Before(from) {
		return activity.Errorf(activity.EInvalid, "to (%s) is before from (%s)", activity.FormatTime(to), activity.FormatTime(from))
	}
	if limit := oneYearAfter(from); to.After(limit) {
		return activity.Errorf(activity.EInvalid, "the period is longer than one year: to may be at most %s for this from", activity.FormatTime(limit))
	}
	return nil
}

// oneYearAfter is the same calendar date and time a year later (UTC); from
// 29 February it is 28 February, as calendar libraries count a year.
func oneYearAfter(t time.Time) time.Time {
	next := t.AddDate(1, 0, 0)
	if next.Day() != t.Day() { // 29 February rolled over into March
		next = next.AddDate(0, 0, -next.Day())
	}
	return next
}

// userIDs reads userIds[] (and userIds, which clients send too). A value
// that is not a UUID is refused; one that matches no user matches nothing.
func userIDs(q url.Values) ([]string, error) {
	values := append(q["userIds[]"], q["userIds"]...)
	if len(values) == 0 {
		return nil, nil
	}
	ids := make([]string, len(values))
	for i, v := range values {
		if !activity.IsUUID(v) {
			return nil, activity.Errorf(activity.EInvalid, "userIds[] %q is not a user id: give UUIDs such as 0d00ae63-5b5d-45b9-a7c0-88f9cfb26b5e", v)
		}
		ids[i] = v
	}
	return ids, nil
}

// paging turns pagination on when page or size is present. Invalid values
// are not errors: they fall back to page 1 and size 25, as VoIPcube does.
func paging(q url.Values) (limit, offset int) {
	_, hasPage := q["page"]
	_, hasSize := q["size"]
	if !hasPage && !hasSize {
		return 0, 0
	}
	page, size := positive(q.Get("page"), 1), positive(q.Get("size"), defaultSize)
	return size, (page - 1) * size
}

// maxPaging caps page and size, far beyond any real list, so that
// page × size cannot overflow an offset.
const maxPaging = 1 << 30

func positive(s string, fallback int) int {
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(s, "-"):
		return maxPaging // a whole number, only too large to hold
	case err != nil || n < 1:
		return fallback
	}
	return int(min(n, maxPaging))
}
