package web

import (
	"net/http"
	"strings"

	"agentlog/internal/activity"
)

// AdminStatuses serves GET /admin/statuses: the tenant's status
// definitions (name, category, colour).
func (w *Web) AdminStatuses(rw http.ResponseWriter, r *http.Request, v *Visit) {
	w.showStatuses(rw, r, v, "", nil)
}

func (w *Web) showStatuses(rw http.ResponseWriter, r *http.Request, v *Visit, notice string, failed error) {
	defs, err := w.DB.StatusDefinitions(r.Context(), v.Tenant.ID)
	if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	w.renderAdmin(rw, r, v, "admin_statuses.html", adminPage{Tab: "statuses", Notice: notice, Data: defs}, failed)
}

// PutStatus serves POST /admin/statuses: defines a status, or changes its
// category and colour.
func (w *Web) PutStatus(rw http.ResponseWriter, r *http.Request, v *Visit) {
	d := activity.StatusDefinition{Name: strings.TrimSpace(r.PostFormValue("name")), Category: r.PostFormValue("category"), Color: r.PostFormValue("color")}
	if err := w.DB.PutStatusDefinition(r.Context(), v.Tenant.ID, &d); err != nil {
		w.showStatuses(rw, r, v, "", err)
		return
	}
	w.showStatuses(rw, r, v, "Status "+d.Name+" saved.", nil)
}

// DeleteStatus serves POST /admin/statuses/delete: events keep the status,
// which loses its category and colour.
func (w *Web) DeleteStatus(rw http.ResponseWriter, r *http.Request, v *Visit) {
	name := r.PostFormValue("name")
	if err := w.DB.DeleteStatusDefinition(r.Context(), v.Tenant.ID, name); err != nil {
		w.showStatuses(rw, r, v, "", err)
		return
	}
	w.showStatuses(rw, r, v, "Status "+name+" deleted.", nil)
}
