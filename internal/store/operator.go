package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"agentlog/internal/activity"
)

// CreateOperator stores a new operator of a tenant (0: a global operator)
// with the hash of its password, and sets its ID and CreatedAt. An email
// may belong to one operator only.
func (db *DB) CreateOperator(ctx context.Context, tenantID int64, o *activity.Operator, passwordHash string) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM operators WHERE email = $1`, o.Email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return activity.Errorf(activity.EConflict, "an operator with email %q exists already", o.Email)
		}
		o.TenantID, o.CreatedAt = tenantID, tx.now
		return tx.queryRow(ctx, `INSERT INTO operators (tenant_id, email, password_hash, role, created_ms)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			nullTenant(tenantID), o.Email, passwordHash, o.Role, o.CreatedAt.UnixMilli()).Scan(&o.ID)
	})
}

const operatorColumns = `o.id, o.tenant_id, o.email, o.role, o.created_ms`

// OperatorByEmail finds an operator and its password hash by email. Like a
// key's public id, the email is what decides the tenant.
func (db *DB) OperatorByEmail(ctx context.Context, email string) (activity.Operator, string, error) {
	probe := activity.Operator{Email: email, Role: activity.RoleViewer}
	if err := probe.Validate(); err != nil {
		return probe, "", activity.Errorf(activity.EUnauthorized, "no operator has this email")
	}
	row := db.read.QueryRowContext(ctx, `SELECT `+operatorColumns+`, o.password_hash FROM operators o WHERE o.email = $1`, probe.Email)
	var hash string
	o, err := scanOperator(row, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return o, "", activity.Errorf(activity.EUnauthorized, "no operator has this email")
	}
	return o, hash, err
}

// Operators lists the operators of a tenant by email.
func (db *DB) Operators(ctx context.Context, tenantID int64) ([]activity.Operator, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+operatorColumns+` FROM operators o WHERE o.tenant_id = $1 ORDER BY o.email`, tenantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []activity.Operator{}
	for rows.Next() {
		o, err := scanOperator(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, o)
	}
	return list, rows.Err()
}

// DeleteOperator removes an operator of a tenant, and with it its sessions.
func (db *DB) DeleteOperator(ctx context.Context, tenantID, id int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM web_sessions WHERE operator_id IN
			(SELECT id FROM operators WHERE tenant_id = $1 AND id = $2)`, tenantID, id); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `DELETE FROM operators WHERE tenant_id = $1 AND id = $2`, tenantID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return activity.Errorf(activity.ENotFound, "operator %d does not exist", id)
		}
		return nil
	})
}

func scanOperator(s scanner, extra ...any) (activity.Operator, error) {
	var o activity.Operator
	var tenant sql.NullInt64
	var created int64
	if err := s.Scan(append([]any{&o.ID, &tenant, &o.Email, &o.Role, &created}, extra...)...); err != nil {
		return o, err
	}
	o.TenantID, o.CreatedAt = tenant.Int64, activity.FromMillis(created)
	return o, nil
}

func nullTenant(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// WebSession is an operator's signed-in session. Only the hash of its
// token is stored; the token itself lives in the operator's cookie.
type WebSession struct {
	TokenHash  []byte
	Operator   activity.Operator
	TenantID   int64  // the tenant looked at: the operator's own, or one a global operator chose
	CSRFSecret []byte // keys the session's CSRF tokens
	ExpiresAt  time.Time
}

// CreateWebSession stores a new session and drops the expired ones of
// every operator, so that the table never grows with old sign-ins.
func (db *DB) CreateWebSession(ctx context.Context, s *WebSession) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM web_sessions WHERE expires_ms <= $1`, tx.now.UnixMilli()); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO web_sessions (token_hash, operator_id, tenant_id, csrf_secret, created_ms, expires_ms)
			VALUES ($1, $2, $3, $4, $5, $6)`,
			s.TokenHash, s.Operator.ID, nullTenant(s.TenantID), s.CSRFSecret, tx.now.UnixMilli(), s.ExpiresAt.UnixMilli())
		return err
	})
}

// WebSessionByToken finds an unexpired session by the hash of its token.
func (db *DB) WebSessionByToken(ctx context.Context, tokenHash []byte) (WebSession, error) {
	row := db.read.QueryRowContext(ctx, `SELECT `+operatorColumns+`, s.tenant_id, s.csrf_secret, s.expires_ms
		FROM web_sessions s JOIN operators o ON o.id = s.operator_id
		WHERE s.token_hash = $1 AND s.expires_ms > $2`, tokenHash, db.now().UnixMilli())
	s := WebSession{TokenHash: tokenHash}
	var tenant sql.NullInt64
	var expires int64
	o, err := scanOperator(row, &tenant, &s.CSRFSecret, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return s, activity.Errorf(activity.EUnauthorized, "the session is unknown or has expired")
	}
	s.Operator, s.TenantID, s.ExpiresAt = o, tenant.Int64, activity.FromMillis(expires)
	if !o.Global() {
		s.TenantID = o.TenantID // never another tenant than the operator's own
	}
	return s, err
}

// SetWebSessionTenant changes the tenant a global operator's session looks
// at.
func (db *DB) SetWebSessionTenant(ctx context.Context, tokenHash []byte, tenantID int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE web_sessions SET tenant_id = $1 WHERE token_hash = $2`, nullTenant(tenantID), tokenHash)
		return err
	})
}

// DeleteWebSession ends a session (signing out).
func (db *DB) DeleteWebSession(ctx context.Context, tokenHash []byte) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM web_sessions WHERE token_hash = $1`, tokenHash)
		return err
	})
}
