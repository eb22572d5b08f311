package store

import (
	"context"

	"agentlog/internal/activity"
)

// userRefs are the user references of a batch, each with the index of its
// item for error messages.
type userRefs struct {
	refs  []*activity.UserRef
	items []int
}

func (r *userRefs) add(item int, ref *activity.UserRef) {
	r.refs = append(r.refs, ref)
	r.items = append(r.items, item)
}

// resolver maps the ids and logins of one tenant's users, filled from the
// database for just the users a batch names.
type resolver struct {
	loginOf map[string]string // id → login
	idOf    map[string]string // login → id
	created int
}

// resolveUsers gives every reference its user id, creating the users that
// do not exist yet, so that a collector never has to register anyone first.
// An unknown id whose login belongs to another user is the one conflict.
func resolveUsers(ctx context.Context, tx *Tx, tenantID int64, r *userRefs) (int, error) {
	res, err := loadResolver(ctx, tx, tenantID, r.refs)
	if err != nil {
		return 0, err
	}
	if !res.knowsAll(r.refs) && tx.db.dialect == postgresDialect {
		// Concurrent batches may name the same new user: they take turns,
		// and look again once it is their turn.
		if err := lockUsers(ctx, tx, tenantID); err != nil {
			return 0, err
		}
		if res, err = loadResolver(ctx, tx, tenantID, r.refs); err != nil {
			return 0, err
		}
	}
	for i, ref := range r.refs {
		if err := res.resolve(ctx, tx, tenantID, ref); err != nil {
			return 0, itemError(r.items[i], err)
		}
	}
	return res.created, nil
}

func (res *resolver) resolve(ctx context.Context, tx *Tx, tenantID int64, ref *activity.UserRef) error {
	if ref.ID != "" {
		if _, ok := res.loginOf[ref.ID]; ok {
			return nil
		}
		if other, ok := res.idOf[ref.Login]; ok && ref.Login != "" {
			return activity.Errorf(activity.EInvalid, "userId %s is unknown, but login %q belongs to user %s", ref.ID, ref.Login, other)
		}
		login := ref.Login
		if login == "" {
			login = ref.ID // a user known only by id is named by it until renamed
		}
		return res.create(ctx, tx, tenantID, ref.ID, login)
	}
	if id, ok := res.idOf[ref.Login]; ok {
		ref.ID = id
		return nil
	}
	ref.ID = activity.NewUUID()
	return res.create(ctx, tx, tenantID, ref.ID, ref.Login)
}

// knowsAll reports whether every reference names a stored user.
func (res *resolver) knowsAll(refs []*activity.UserRef) bool {
	for _, ref := range refs {
		if ref.ID != "" {
			if _, ok := res.loginOf[ref.ID]; !ok {
				return false
			}
		} else if _, ok := res.idOf[ref.Login]; !ok {
			return false
		}
	}
	return true
}

func (res *resolver) create(ctx context.Context, tx *Tx, tenantID int64, id, login string) error {
	u := activity.User{ID: id, Login: login, Groups: []string{}}
	if err := insertUser(ctx, tx, tenantID, &u); err != nil {
		return err
	}
	res.loginOf[id], res.idOf[login] = login, id
	res.created++
	return nil
}

// resolverChunk bounds the IN lists of the look-ups.
const resolverChunk = 500

func loadResolver(ctx context.Context, tx *Tx, tenantID int64, refs []*activity.UserRef) (*resolver, error) {
	res := &resolver{loginOf: map[string]string{}, idOf: map[string]string{}}
	ids, logins := distinctRefs(refs)
	for _, q := range []struct {
		column string
		values []string
	}{{"id", ids}, {"login", logins}} {
		for start := 0; start < len(q.values); start += resolverChunk {
			chunk := q.values[start:min(start+resolverChunk, len(q.values))]
			if err := res.load(ctx, tx, tenantID, q.column, chunk); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

func (res *resolver) load(ctx context.Context, tx *Tx, tenantID int64, column string, values []string) error {
	w := newWhere()
	w.add("tenant_id = ?", tenantID)
	w.in(column, values)
	rows, err := tx.query(ctx, `SELECT id, login FROM users WHERE `+w.String(), w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, login string
		if err := rows.Scan(&id, &login); err != nil {
			return err
		}
		res.loginOf[id], res.idOf[login] = login, id
	}
	return rows.Err()
}

func distinctRefs(refs []*activity.UserRef) (ids, logins []string) {
	seenID, seenLogin := map[string]bool{}, map[string]bool{}
	for _, r := range refs {
		if r.ID != "" && !seenID[r.ID] {
			seenID[r.ID] = true
			ids = append(ids, r.ID)
		}
		if r.Login != "" && !seenLogin[r.Login] {
			seenLogin[r.Login] = true
			logins = append(logins, r.Login)
		}
	}
	return ids, logins
}
