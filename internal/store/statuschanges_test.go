package store_test

import (
	"fmt"
	"strings"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

func TestUserStatusChanges(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := mustTenant(t, db, "a"), mustTenant(t, db, "b")
		_, err := db.IngestStatusEvents(t.Context(), a.ID, []activity.StatusEvent{
			st("1", "ann", "Before", at(9)), // before the period
			st("2", "bob", "Available", at(30)),
			st("3", "ann", "Available", at(10)), // at from: inside
			st("4", "ann", "Lunch", at(20)),
			st("5", "ann", "Break", at(20)), // same millisecond, arrived later: after Lunch
			st("6", "bob", "", at(15)),
			st("7", "cid", "Available", at(12)), // not asked for
			st("8", "ann", "After", at(40)),     // at to: outside
		})
		must(t, err)
		_, err = db.IngestStatusEvents(t.Context(), b.ID, []activity.StatusEvent{st("9", "ann", "Lunch", at(11))})
		must(t, err)
		users, err := db.Users(t.Context(), a.ID)
		must(t, err)
		id := map[string]string{}
		login := map[string]string{}
		for _, u := range users {
			id[u.Login], login[u.ID] = u.ID, u.Login
		}

		read := func(userIDs []string) string {
			var got []string
			err := db.UserStatusChanges(t.Context(), a.ID, at(10), at(40), userIDs, func(userID string, c activity.StatusChange) error {
				got = append(got, fmt.Sprintf("%s %s %s", login[userID], c.Status, activity.FormatTime(c.Time)))
				return nil
			})
			must(t, err)
			return strings.Join(got, ", ")
		}
		ann := []string{"ann Available 2024-03-01T08:10:00.000Z", "ann Lunch 2024-03-01T08:20:00.000Z", "ann Break 2024-03-01T08:20:00.000Z"}
		bob := []string{"bob  2024-03-01T08:15:00.000Z", "bob Available 2024-03-01T08:30:00.000Z"}
		// by user id, whichever order they are asked in
		want := strings.Join(append(ann, bob...), ", ")
		if id["bob"] < id["ann"] {
			want = strings.Join(append(bob, ann...), ", ")
		}
		mustEqual(t, "ann and bob", read([]string{id["bob"], id["ann"]}), want)
		// ids are matched in their canonical form
		mustEqual(t, "ann in upper case", read([]string{strings.ToUpper(id["ann"])}), strings.Join(ann, ", "))
		mustEqual(t, "no users", read([]string{}), "")
		mustEqual(t, "nil users", read(nil), "")
	})
}
