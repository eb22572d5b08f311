package web

import (
	"net/http"
	"strconv"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
)

// AdminOperators serves GET /admin/operators: the people who sign in to
// this tenant's pages.
func (w *Web) AdminOperators(rw http.ResponseWriter, r *http.Request, v *Visit) {
	w.showOperators(rw, r, v, "", nil)
}

func (w *Web) showOperators(rw http.ResponseWriter, r *http.Request, v *Visit, notice string, failed error) {
	list, err := w.DB.Operators(r.Context(), v.Tenant.ID)
	if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	w.renderAdmin(rw, r, v, "admin_operators.html", adminPage{Tab: "operators", Notice: notice, Data: list}, failed)
}

// CreateOperator serves POST /admin/operators: a new operator of the
// tenant, with the password the admin gives them.
func (w *Web) CreateOperator(rw http.ResponseWriter, r *http.Request, v *Visit) {
	o := activity.Operator{Email: r.PostFormValue("email"), Role: r.PostFormValue("role")}
	password := r.PostFormValue("password")
	err := o.Validate()
	if err == nil {
		err = activity.ValidatePassword(password)
	}
	if err == nil {
		err = w.DB.CreateOperator(r.Context(), v.Tenant.ID, &o, auth.HashPassword(password))
	}
	if err != nil {
		w.showOperators(rw, r, v, "", err)
		return
	}
	w.showOperators(rw, r, v, "Operator "+o.Email+" created.", nil)
}

// DeleteOperator serves POST /admin/operators/{id}/delete. An operator
// cannot delete themselves, so a tenant never loses its last admin by a
// slip.
func (w *Web) DeleteOperator(rw http.ResponseWriter, r *http.Request, v *Visit) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	switch {
	case err != nil:
		err = activity.Errorf(activity.ENotFound, "operator %q does not exist", r.PathValue("id"))
	case id == v.Operator.ID:
		err = activity.Errorf(activity.EInvalid, "you cannot delete yourself: ask another admin")
	default:
		err = w.DB.DeleteOperator(r.Context(), v.Tenant.ID, id)
	}
	if err != nil {
		w.showOperators(rw, r, v, "", err)
		return
	}
	w.showOperators(rw, r, v, "Operator deleted; their sessions ended.", nil)
}
