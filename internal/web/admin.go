package web

import (
	"net/http"
	"strings"

	"agentlog/internal/activity"
)

// adminPage is what every administration page shows around its own data:
// the tab, a notice of what was just done, or the error of a refused form.
type adminPage struct {
	Tab    string
	Notice string
	Error  string
	Data   any
}

// renderAdmin answers an administration page; err, when set, is shown on
// the page with its status (a 4xx), or as an error page when internal.
func (w *Web) renderAdmin(rw http.ResponseWriter, r *http.Request, v *Visit, page string, a adminPage, err error) {
	status := http.StatusOK
	if err != nil {
		code := activity.ErrorCode(err)
		if code == activity.EInternal {
			w.fail(rw, r, v, err)
			return
		}
		status, a.Error = statusOf[code], activity.ErrorMessage(err)
	}
	w.render(rw, r, status, page, view{Visit: v, Title: "Administration", Nav: "admin", Data: a})
}

// splitList reads a comma- or space-separated list, dropping empty parts.
func splitList(s string) []string {
	out := []string{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }) {
		out = append(out, part)
	}
	return out
}

// AdminHome serves GET /admin/: the users come first.
func (w *Web) AdminHome(rw http.ResponseWriter, r *http.Request, v *Visit) {
	http.Redirect(rw, r, "/admin/users", http.StatusSeeOther)
}
