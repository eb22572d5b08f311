package store

import (
	"context"

	"agentlog/internal/activity"
)

// EnsureUsers creates the users of the list that do not exist yet (by id or
// login) and leaves existing ones as they are. It returns how many it
// created. Simulations and importers use it to register a roster before
// sending its events.
func (db *DB) EnsureUsers(ctx context.Context, tenantID int64, users []activity.User) (int, error) {
	for i := range users {
		if err := users[i].Validate(); err != nil {
			return 0, itemError(i, err)
		}
	}
	created := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		refs := make([]*activity.UserRef, len(users))
		for i, u := range users {
			refs[i] = &activity.UserRef{ID: u.ID, Login: u.Login}
		}
		res, err := loadResolver(ctx, tx, tenantID, refs)
		if err != nil {
			return err
		}
		for i := range users {
			u := &users[i]
			if _, ok := res.loginOf[u.ID]; ok || res.idOf[u.Login] != "" {
				continue
			}
			if err := insertUser(ctx, tx, tenantID, u); err != nil {
				return err
			}
			res.loginOf[u.ID], res.idOf[u.Login] = u.Login, u.ID
			created++
		}
		return nil
	})
	return created, err
}
