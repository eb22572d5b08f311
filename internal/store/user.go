package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"agentlog/internal/activity"
)

// CreateUser stores a new user. A login or id in use is a conflict.
func (db *DB) CreateUser(ctx context.Context, tenantID int64, u *activity.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := lockUsers(ctx, tx, tenantID); err != nil {
			return err
		}
		if err := checkUserFree(ctx, tx, tenantID, u.ID, u.Login); err != nil {
			return err
		}
		return insertUser(ctx, tx, tenantID, u)
	})
}

// UpdateUser changes the fields of a user that patch holds.
func (db *DB) UpdateUser(ctx context.Context, tenantID int64, id string, patch activity.UserPatch) (activity.User, error) {
	var u activity.User
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if u, err = findUser(ctx, tx.queryRow, tenantID, id); err != nil {
			return err
		}
		if err := loadGroups(ctx, tx.query, tenantID, []*activity.User{&u}); err != nil {
			return err
		}
		oldLogin := u.Login
		if err := u.Apply(patch); err != nil {
			return err
		}
		if u.Login != oldLogin {
			if err := lockUsers(ctx, tx, tenantID); err != nil {
				return err
			}
			if err := checkUserFree(ctx, tx, tenantID, "", u.Login); err != nil {
				return err
			}
		}
		return updateUser(ctx, tx, tenantID, &u)
	})
	return u, err
}

// User finds one user by id.
func (db *DB) User(ctx context.Context, tenantID int64, id string) (activity.User, error) {
	u, err := findUser(ctx, db.read.QueryRowContext, tenantID, id)
	if err != nil {
		return u, err
	}
	err = loadGroups(ctx, db.read.QueryContext, tenantID, []*activity.User{&u})
	return u, err
}

// Users lists a tenant's users by login.
func (db *DB) Users(ctx context.Context, tenantID int64) ([]activity.User, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE tenant_id = $1 ORDER BY login`, tenantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []activity.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ptrs := make([]*activity.User, len(list))
	for i := range list {
		ptrs[i] = &list[i]
	}
	return list, loadGroups(ctx, db.read.QueryContext, tenantID, ptrs)
}

// UserByLogin finds one user by login name.
func (db *DB) UserByLogin(ctx context.Context, tenantID int64, login string) (activity.User, error) {
	row := db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE tenant_id = $1 AND login = $2`, tenantID, login)
	u, err := scanUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return u, activity.Errorf(activity.ENotFound, "user %q does not exist", login)
	}
	if err != nil {
		return u, err
	}
	return u, loadGroups(ctx, db.read.QueryContext, tenantID, []*activity.User{&u})
}

const userColumns = `id, login, name, extension, email`

type queryRowFunc func(ctx context.Context, query string, args ...any) *sql.Row
type queryFunc func(ctx context.Context, query string, args ...any) (*sql.Rows, error)

func findUser(ctx context.Context, queryRow queryRowFunc, tenantID int64, id string) (activity.User, error) {
	if !activity.IsUUID(id) {
		return activity.User{}, activity.Errorf(activity.EInvalid, "user id %q is not a UUID", id)
	}
	row := queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE tenant_id = $1 AND id = $2`, tenantID, activity.CanonicalUUID(id))
	u, err := scanUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return u, activity.Errorf(activity.ENotFound, "user %s does not exist", id)
	}
	return u, err
}

func scanUser(s scanner) (activity.User, error) {
	var u activity.User
	err := s.Scan(&u.ID, &u.Login, &u.Name, &u.Extension, &u.Email)
	u.Groups = []string{}
	return u, err
}

// loadGroups fills the groups of users with one query.
func loadGroups(ctx context.Context, query queryFunc, tenantID int64, users []*activity.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := make(map[string]*activity.User, len(users))
	for _, u := range users {
		byID[u.ID] = u
	}
	sqlText := `SELECT user_id, group_no FROM user_groups WHERE tenant_id = $1`
	args := []any{tenantID}
	if len(users) == 1 {
		sqlText += ` AND user_id = $2`
		args = append(args, users[0].ID)
	}
	rows, err := query(ctx, sqlText+` ORDER BY group_no`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, group string
		if err := rows.Scan(&id, &group); err != nil {
			return err
		}
		if u := byID[id]; u != nil {
			u.Groups = append(u.Groups, group)
		}
	}
	return rows.Err()
}

// lockUsers makes PostgreSQL transactions that create or rename users of a
// tenant take turns until they end, so that the check of a login or id
// before its insert holds: without it, two batches naming the same new user
// would both create it, and one would fail. SQLite's single writer takes
// turns already.
func lockUsers(ctx context.Context, tx *Tx, tenantID int64) error {
	if tx.db.dialect != postgresDialect {
		return nil
	}
	_, err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(4243, ($1::bigint % 2147483647)::integer)`, tenantID)
	return err
}

func checkUserFree(ctx context.Context, tx *Tx, tenantID int64, id, login string) error {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND (id = $2 OR login = $3)`, tenantID, id, login).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return activity.Errorf(activity.EConflict, "a user with id %s or login %q exists already", id, login)
	}
	return nil
}

func insertUser(ctx context.Context, tx *Tx, tenantID int64, u *activity.User) error {
	_, err := tx.exec(ctx, `INSERT INTO users (tenant_id, id, login, name, extension, email, created_ms)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, tenantID, u.ID, u.Login, u.Name, u.Extension, u.Email, tx.now.UnixMilli())
	if err != nil {
		return err
	}
	return insertGroups(ctx, tx, tenantID, u)
}

func updateUser(ctx context.Context, tx *Tx, tenantID int64, u *activity.User) error {
	_, err := tx.exec(ctx, `UPDATE users SET login = $3, name = $4, extension = $5, email = $6 WHERE tenant_id = $1 AND id = $2`,
		tenantID, u.ID, u.Login, u.Name, u.Extension, u.Email)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM user_groups WHERE tenant_id = $1 AND user_id = $2`, tenantID, u.ID); err != nil {
		return err
	}
	return insertGroups(ctx, tx, tenantID, u)
}

func insertGroups(ctx context.Context, tx *Tx, tenantID int64, u *activity.User) error {
	// A sorted copy without duplicates: the user is left as stored, and the
	// caller's slice is not reordered.
	groups := slices.Clone(u.Groups)
	slices.Sort(groups)
	u.Groups = slices.Compact(groups)
	for _, g := range u.Groups {
		if _, err := tx.exec(ctx, `INSERT INTO user_groups (tenant_id, group_no, user_id) VALUES ($1, $2, $3)`, tenantID, g, u.ID); err != nil {
			return err
		}
	}
	return nil
}
