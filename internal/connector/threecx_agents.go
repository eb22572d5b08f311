package connector

import (
	"context"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// agents finds the user agentlog keeps for an agent 3CX names by extension
// and display name. An extension a user already has names that user (the
// first by login); otherwise the name is the login of a user created with
// that name and extension, so that the reports agentlog answers show the
// agent as 3CX did.
type agents struct {
	byExt   map[string]string // extension → user id
	byLogin map[string]string // login → user id
	missing []activity.User   // to create before the next batch is stored
}

func (x *threeCX) loadAgents(ctx context.Context) (*agents, error) {
	users, err := x.s.cfg.DB.Users(ctx, x.s.cfg.Tenant.ID)
	if err != nil {
		return nil, err
	}
	ag := &agents{byExt: map[string]string{}, byLogin: map[string]string{}}
	for _, u := range users { // ordered by login: the first keeps an extension
		ag.byLogin[u.Login] = u.ID
		if _, taken := ag.byExt[u.Extension]; u.Extension != "" && !taken {
			ag.byExt[u.Extension] = u.ID
		}
	}
	return ag, nil
}

// ref is the user of an agent, or no user when 3CX names neither.
func (ag *agents) ref(ext, name string) activity.UserRef {
	if id, ok := ag.byExt[ext]; ok && ext != "" {
		return activity.UserRef{ID: id}
	}
	if name == "" {
		return activity.UserRef{}
	}
	if id, ok := ag.byLogin[name]; ok {
		return activity.UserRef{ID: id}
	}
	u := activity.User{ID: activity.NewUUID(), Login: name, Name: name, Extension: ext}
	ag.missing = append(ag.missing, u)
	ag.byLogin[name] = u.ID
	if ext != "" {
		ag.byExt[ext] = u.ID
	}
	return activity.UserRef{ID: u.ID}
}

// createAgents stores the users ref made up.
func (x *threeCX) createAgents(ctx context.Context, ag *agents) error {
	if len(ag.missing) == 0 {
		return nil
	}
	n, err := x.s.cfg.DB.EnsureUsers(ctx, x.s.cfg.Tenant.ID, ag.missing)
	if err != nil {
		return x.s.count(store.IngestResult{}, err) // refused data, or the database's failure
	}
	x.s.stats.UsersCreated += n
	ag.missing = ag.missing[:0]
	return nil
}
