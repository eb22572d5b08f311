package web

import (
	"net/http"
	"strconv"

	"agentlog/internal/activity"
)

// Home serves GET /: the wallboard is where a team lead starts.
func (w *Web) Home(rw http.ResponseWriter, r *http.Request, v *Visit) {
	http.Redirect(rw, r, "/wallboard", http.StatusSeeOther)
}

// SwitchTenant serves POST /tenant: a global operator picks the tenant to
// look at. Other operators have only their own.
func (w *Web) SwitchTenant(rw http.ResponseWriter, r *http.Request, v *Visit) {
	if !v.Operator.Global() {
		w.fail(rw, r, v, activity.Errorf(activity.EForbidden, "only a global operator may switch tenants"))
		return
	}
	id, err := strconv.ParseInt(r.PostFormValue("tenant"), 10, 64)
	found := false
	for _, t := range v.Tenants {
		found = found || t.ID == id
	}
	if err != nil || !found {
		w.fail(rw, r, v, activity.Errorf(activity.EInvalid, "tenant %q is not one of the tenants: pick one from the list", r.PostFormValue("tenant")))
		return
	}
	if err := w.DB.SetWebSessionTenant(r.Context(), v.session.TokenHash, id); err != nil {
		w.fail(rw, r, v, err)
		return
	}
	http.Redirect(rw, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}
