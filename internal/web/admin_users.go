package web

import (
	"net/http"
	"strings"

	"agentlog/internal/activity"
)

type userRow struct {
	activity.User
	Disabled bool
}

// AdminUsers serves GET /admin/users: the tenant's users and a form to
// add one.
func (w *Web) AdminUsers(rw http.ResponseWriter, r *http.Request, v *Visit) {
	w.showUsers(rw, r, v, "", nil)
}

func (w *Web) showUsers(rw http.ResponseWriter, r *http.Request, v *Visit, notice string, failed error) {
	users, err := w.DB.Users(r.Context(), v.Tenant.ID)
	if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	disabled, err := w.DB.DisabledUsers(r.Context(), v.Tenant.ID)
	if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	rows := make([]userRow, len(users))
	for i, u := range users {
		rows[i] = userRow{User: u, Disabled: disabled[u.ID]}
	}
	w.renderAdmin(rw, r, v, "admin_users.html", adminPage{Tab: "users", Notice: notice, Data: rows}, failed)
}

// userForm reads the fields of the user forms.
func userForm(r *http.Request) activity.UserPatch {
	login, name := strings.TrimSpace(r.PostFormValue("login")), strings.TrimSpace(r.PostFormValue("name"))
	ext, email := strings.TrimSpace(r.PostFormValue("extension")), strings.TrimSpace(r.PostFormValue("email"))
	groups := splitList(r.PostFormValue("groups"))
	return activity.UserPatch{Login: &login, Name: &name, Extension: &ext, Email: &email, Groups: &groups}
}

// CreateUser serves POST /admin/users.
func (w *Web) CreateUser(rw http.ResponseWriter, r *http.Request, v *Visit) {
	p := userForm(r)
	u := activity.User{Login: *p.Login, Name: *p.Name, Extension: *p.Extension, Groups: *p.Groups}
	if *p.Email != "" {
		u.Email = p.Email
	}
	if err := w.DB.CreateUser(r.Context(), v.Tenant.ID, &u); err != nil {
		w.showUsers(rw, r, v, "", err)
		return
	}
	w.showUsers(rw, r, v, "User "+u.Login+" created.", nil)
}

// AdminUser serves GET /admin/users/{id}: the form to change one user.
func (w *Web) AdminUser(rw http.ResponseWriter, r *http.Request, v *Visit) {
	w.showUser(rw, r, v, "", nil)
}

func (w *Web) showUser(rw http.ResponseWriter, r *http.Request, v *Visit, notice string, failed error) {
	u, err := w.DB.User(r.Context(), v.Tenant.ID, r.PathValue("id"))
	if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	disabled, err := w.DB.DisabledUsers(r.Context(), v.Tenant.ID)
	if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	row := userRow{User: u, Disabled: disabled[u.ID]}
	w.renderAdmin(rw, r, v, "admin_user.html", adminPage{Tab: "users", Notice: notice, Data: row}, failed)
}

// UpdateUser serves POST /admin/users/{id}: login, name, extension, email
// and groups.
func (w *Web) UpdateUser(rw http.ResponseWriter, r *http.Request, v *Visit) {
	_, err := w.DB.UpdateUser(r.Context(), v.Tenant.ID, r.PathValue("id"), userForm(r))
	if activity.ErrorCode(err) == activity.ENotFound {
		w.fail(rw, r, v, err)
		return
	}
	if err != nil {
		w.showUser(rw, r, v, "", err)
		return
	}
	w.showUser(rw, r, v, "Saved.", nil)
}

// DisableUser serves POST /admin/users/{id}/disable: disabled=1 takes the
// user off the wallboard, disabled=0 brings them back.
func (w *Web) DisableUser(rw http.ResponseWriter, r *http.Request, v *Visit) {
	disable := r.PostFormValue("disabled") == "1"
	if err := w.DB.SetUserDisabled(r.Context(), v.Tenant.ID, r.PathValue("id"), disable); err != nil {
		w.fail(rw, r, v, err)
		return
	}
	notice := "Enabled: the user is back on the wallboard."
	if disable {
		notice = "Disabled: the user keeps their history and leaves the wallboard."
	}
	w.showUser(rw, r, v, notice, nil)
}
