package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"agentlog/internal/activity"
)

// linkColumns maps each of activity.LinkNames to its column.
var linkColumns = map[string]string{
	"incident": "incident_id", "user": "link_user_id", "alert": "alert_id", "monitor": "monitor_id",
	"scheduledMaintenance": "scheduled_maintenance_id", "statusPage": "status_page_id",
	"statusPageAnnouncement": "status_page_announcement_id", "onCallDutyPolicy": "on_call_duty_policy_id",
	"onCallDutyPolicyEscalationRule": "on_call_duty_policy_escalation_rule_id",
	"onCallDutyPolicySchedule":       "on_call_duty_policy_schedule_id", "team": "team_id",
}

// callColumns are the columns a call is written with, links last in
// activity.LinkNames order.
var callColumns = append([]string{"id", "direction", "from_number", "to_number", "user_id", "extension", "queue",
	"started_ms", "answered_ms", "ended_ms", "updated_ms", "created_ms", "received_ms",
	"status", "status_message", "outcome", "cost_cents", "call_data"}, linkColumnList()...)

func linkColumnList() []string {
	cols := make([]string, len(activity.LinkNames))
	for i, name := range activity.LinkNames {
		cols[i] = linkColumns[name]
	}
	return cols
}

// callUpsert replaces a stored call by a re-sent one unless the stored one
// is newer. A call's arrival time stays its first; a replaced call takes a
// new seq, its place in the change order.
func callUpsert() string {
	set := []string{"seq = excluded.seq"}
	for _, c := range callColumns[1:] {
		switch c {
		case "received_ms":
		case "created_ms":
			set = append(set, "created_ms = COALESCE(excluded.started_ms, calls.created_ms)")
		default:
			set = append(set, c+" = excluded."+c)
		}
	}
	return "ON CONFLICT (tenant_id, id) DO UPDATE SET " + strings.Join(set, ", ") +
		" WHERE calls.updated_ms <= excluded.updated_ms"
}

// IngestCalls validates a batch of calls and stores it in one transaction.
// A call whose id is stored already replaces it unless the stored one has a
// later updatedAt; within the batch, the latest version of each id wins.
func (db *DB) IngestCalls(ctx context.Context, tenantID int64, calls []activity.Call) (IngestResult, error) {
	res := IngestResult{Received: len(calls)}
	now := db.now()
	var refs userRefs
	for i := range calls {
		if err := calls[i].Validate(now); err != nil {
			return res, itemError(i, err)
		}
		if calls[i].User != (activity.UserRef{}) {
			refs.add(i, &calls[i].User)
		}
	}
	reset := snapshot(db, calls)
	err := db.retryTx(ctx, reset, func() error {
		return db.inTx(ctx, func(tx *Tx) error {
			var err error
			if res.UsersCreated, err = resolveUsers(ctx, tx, tenantID, &refs); err != nil {
				return err
			}
			for i := range calls {
				if calls[i].ID == "" {
					calls[i].ID = calls[i].DerivedID()
				}
			}
			latest := latestVersions(calls)
			// In id order: concurrent batches that share calls (through
			// several instances, or re-sent) then lock them in one order
			// and wait for each other instead of deadlocking. The calls
			// of one batch change together, so their seqs may follow any
			// order.
			slices.SortFunc(latest, func(a, b int) int { return strings.Compare(calls[a].ID, calls[b].ID) })
			known := 0
			if db.dialect == sqliteDialect { // exact: SQLite has one writer
				if known, err = existingCalls(ctx, tx, tenantID, latest, calls); err != nil {
					return err
				}
			}
			w, err := tx.insertBatch(ctx, tenantID, callBatch(calls, latest, tx.now.UnixMilli()))
			if w.inserted < 0 {
				w.inserted = int64(len(latest) - known)
			}
			res.New, res.Replaced = int(w.inserted), int(w.rows-w.inserted)
			return err
		})
	})
	if err != nil {
		return IngestResult{Received: len(calls)}, err
	}
	res.Known = res.Received - res.New
	return res, nil
}

// latestVersions returns the index of the newest version of each call id in
// the batch, in batch order: PostgreSQL refuses to change one row twice in
// one statement.
func latestVersions(calls []activity.Call) []int {
	pos := make(map[string]int, len(calls))
	var keep []int
	for i := range calls {
		j, seen := pos[calls[i].ID]
		if !seen {
			pos[calls[i].ID] = len(keep)
			keep = append(keep, i)
			continue
		}
		if !calls[i].UpdatedAt.Before(calls[keep[j]].UpdatedAt) {
			keep[j] = i
		}
	}
	return keep
}

func existingCalls(ctx context.Context, tx *Tx, tenantID int64, indexes []int, calls []activity.Call) (int, error) {
	known := 0
	for start := 0; start < len(indexes); start += resolverChunk {
		chunk := indexes[start:min(start+resolverChunk, len(indexes))]
		ids := make([]string, len(chunk))
		for i, idx := range chunk {
			ids[i] = calls[idx].ID
		}
		w := newWhere()
		w.add("tenant_id = ?", tenantID)
		w.in("id", ids)
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM calls WHERE `+w.String(), w.args...).Scan(&n); err != nil {
			return 0, err
		}
		known += n
	}
	return known, nil
}

func callBatch(calls []activity.Call, indexes []int, received int64) batch {
	return batch{
		table:     "calls",
		columns:   callColumns,
		conflict:  callUpsert(),
		sequenced: true,
		n:         len(indexes),
		row:       func(i int) []any { return callValues(&calls[indexes[i]], received) },
	}
}

func callValues(c *activity.Call, received int64) []any {
	var data any
	if c.CallData != nil {
		data = string(c.CallData)
	}
	v := []any{c.ID, c.Direction, c.FromNumber, c.ToNumber, nullString(c.User.ID), c.Extension, c.Queue,
		activity.MillisPtr(c.StartedAt), activity.MillisPtr(c.AnsweredAt), activity.MillisPtr(c.EndedAt),
		c.UpdatedAt.UnixMilli(), c.CreatedAt.UnixMilli(), received,
		c.Status, c.StatusMessage, c.Outcome, c.CostCents, data}
	for _, name := range activity.LinkNames {
		v = append(v, nullString(c.Links[name]))
	}
	return v
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Call finds one call by id.
func (db *DB) Call(ctx context.Context, tenantID int64, id string) (activity.Call, error) {
	if !activity.IsUUID(id) {
		return activity.Call{}, activity.Errorf(activity.EInvalid, "call id %q is not a UUID", id)
	}
	var c activity.Call
	found := false
	err := db.eachCall(ctx, `e.tenant_id = $1 AND e.id = $2`, []any{tenantID, activity.CanonicalUUID(id)}, "", func(row activity.Call) error {
		c, found = row, true
		return nil
	})
	if err == nil && !found {
		err = activity.Errorf(activity.ENotFound, "call %s does not exist", id)
	}
	return c, err
}

// Calls streams the calls that f selects to fn, ordered by creation time
// (the start time, or the arrival of a call without one), then id.
func (db *DB) Calls(ctx context.Context, tenantID int64, f EventFilter, fn func(activity.Call) error) error {
	w := newWhere()
	w.add("e.tenant_id = ?", tenantID)
	f.addPeriod(w, "e.created_ms")
	if f.Statuses != nil {
		w.in("e.status", f.Statuses)
	}
	if f.Queue != nil {
		w.add("e.queue = ?", *f.Queue)
	}
	if f.Direction != "" {
		w.add("e.direction = ?", f.Direction)
	}
	if f.Number != "" {
		pattern := likePattern(OpContains, f.Number)
		w.add("("+db.likeCondition("e.from_number", OpContains)+" OR "+db.likeCondition("e.to_number", OpContains)+")", pattern, pattern)
	}
	order := " ORDER BY e.created_ms, e.id"
	switch {
	case f.Newest && f.After != nil:
		w.add("(e.created_ms < ? OR (e.created_ms = ? AND e.id < ?))", f.After.Time, f.After.Time, f.After.ID)
	case f.After != nil:
		w.add("(e.created_ms > ? OR (e.created_ms = ? AND e.id > ?))", f.After.Time, f.After.Time, f.After.ID)
	}
	if f.Newest {
		order = " ORDER BY e.created_ms DESC, e.id DESC"
	}
	order += limitClause(w, f)
	return db.eachCall(ctx, w.String(), w.args, order, fn)
}

// limitClause writes the LIMIT and OFFSET of f. An offset needs a limit.
func limitClause(w *where, f EventFilter) string {
	if f.Limit <= 0 {
		return ""
	}
	clause := " LIMIT " + w.arg(f.Limit)
	if f.Offset > 0 {
		clause += " OFFSET " + w.arg(f.Offset)
	}
	return clause
}

func (db *DB) eachCall(ctx context.Context, cond string, args []any, order string, fn func(activity.Call) error) error {
	cols := "e." + strings.Join(callColumns, ", e.")
	query := `SELECT ` + cols + `, u.login FROM calls e
		LEFT JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.user_id WHERE ` + cond + order
	return db.each(ctx, query, args, func(rows *sql.Rows) error {
		c, err := scanCall(rows)
		if err != nil {
			return err
		}
		return fn(c)
	})
}

// scanCall reads the columns eachCall selects, then into extra any columns
// selected after them.
func scanCall(rows *sql.Rows, extra ...any) (activity.Call, error) {
	var c activity.Call
	var userID, data, login sql.NullString
	var started, answered, ended *int64
	var updated, created, received int64
	links := make([]sql.NullString, len(activity.LinkNames))
	dest := []any{&c.ID, &c.Direction, &c.FromNumber, &c.ToNumber, &userID, &c.Extension, &c.Queue,
		&started, &answered, &ended, &updated, &created, &received,
		&c.Status, &c.StatusMessage, &c.Outcome, &c.CostCents, &data}
	for i := range links {
		dest = append(dest, &links[i])
	}
	if err := rows.Scan(append(append(dest, &login), extra...)...); err != nil {
		return c, err
	}
	c.User = activity.UserRef{ID: userID.String, Login: login.String}
	c.StartedAt, c.AnsweredAt, c.EndedAt = activity.FromMillisPtr(started), activity.FromMillisPtr(answered), activity.FromMillisPtr(ended)
	c.UpdatedAt, c.CreatedAt = activity.FromMillis(updated), activity.FromMillis(created)
	if data.Valid {
		c.CallData = []byte(data.String)
	}
	c.Links = map[string]string{}
	for i, name := range activity.LinkNames {
		if links[i].Valid {
			c.Links[name] = links[i].String
		}
	}
	return c, nil
}
