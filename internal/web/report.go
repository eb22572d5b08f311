package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/web/chart"
)

// reportForm is the report pickers as the GET form sends them.
type reportForm struct {
	From, To  string // YYYY-MM-DD, both days included
	TZ        string
	Bucket    string
	Group     string
	View      string // user or bucket: what each bar is
	Direction string // calls only
}

// reportParams is a checked reportForm.
type reportParams struct {
	form     reportForm
	from, to time.Time // the half-open period
	zone     *time.Location
	unit     activity.Unit
	whole    bool // bucket "all": the period is one bucket
	users    []activity.User
	starts   []time.Time // bucket starts
}

var bucketUnits = map[string]activity.Unit{"15m": activity.Quarter, "30m": activity.HalfHour, "1h": activity.Hour,
	"1d": activity.Day, "1w": activity.Week, "1M": activity.Month}

// Bounds of a report page: a chart of more columns, or a period longer
// than this, is for the API's CSV, not a page.
const (
	maxPageBuckets = 2000
	maxPageDays    = 400
)

// readReport reads and checks the pickers; defaults are the last seven
// days, in the tenant's zone.
func (w *Web) readReport(ctx context.Context, q url.Values, v *Visit, defaultBucket, defaultView string) (reportParams, error) {
	f := reportForm{From: q.Get("from"), To: q.Get("to"), TZ: q.Get("tz"), Bucket: q.Get("bucket"), Group: q.Get("group"),
		View: q.Get("view"), Direction: q.Get("direction")}
	p := reportParams{form: f}
	var err error
	if f.TZ == "" {
		p.form.TZ = v.Tenant.TimeZone
	}
	if p.zone, err = activity.ParseZone(p.form.TZ); err != nil {
		return p, err
	}
	if err := p.readPeriod(w.DB.Now()); err != nil {
		return p, err
	}
	if err := p.readBucket(defaultBucket); err != nil {
		return p, err
	}
	if p.form.View == "" {
		p.form.View = defaultView
	}
	if p.form.View != "user" && p.form.View != "bucket" {
		return p, activity.Errorf(activity.EInvalid, "view %q is not valid: use user or bucket", f.View)
	}
	users, err := w.DB.Users(ctx, v.Tenant.ID)
	if err != nil {
		return p, err
	}
	for _, u := range users {
		if f.Group == "" || slices.Contains(u.Groups, f.Group) {
			p.users = append(p.users, u)
		}
	}
	return p, nil
}

func (p *reportParams) readPeriod(now time.Time) error {
	today := now.In(p.zone).Format("2006-01-02")
	if p.form.To == "" {
		p.form.To = today
	}
	to, err := dayParam(p.form.To, p.zone, now)
	if err != nil {
		return activity.Errorf(activity.EInvalid, "to %q is not valid: use YYYY-MM-DD", p.form.To)
	}
	if p.form.From == "" {
		p.form.From = to.AddDate(0, 0, -6).Format("2006-01-02")
	}
	if p.from, err = dayParam(p.form.From, p.zone, now); err != nil {
		return activity.Errorf(activity.EInvalid, "from %q is not valid: use YYYY-MM-DD", p.form.From)
	}
	p.to = to.AddDate(0, 0, 1)
	if !p.to.After(p.from) {
		return activity.Errorf(activity.EInvalid, "from must not be after to")
	}
	if p.to.Sub(p.from) > maxPageDays*24*time.Hour {
		return activity.Errorf(activity.EInvalid, "the period is longer than %d days: choose a shorter one, or use the API for more", maxPageDays)
	}
	return nil
}

func (p *reportParams) readBucket(def string) error {
	if p.form.Bucket == "" {
		p.form.Bucket = def
	}
	if p.form.Bucket == "all" {
		p.whole, p.starts = true, []time.Time{p.from}
		return nil
	}
	unit, ok := bucketUnits[p.form.Bucket]
	if !ok {
		return activity.Errorf(activity.EInvalid, "bucket %q is not valid: use 15m, 30m, 1h, 1d, 1w, 1M or all", p.form.Bucket)
	}
	p.unit = unit
	if n := len(activity.Buckets(p.from, p.to, p.zone, unit)); n > maxPageBuckets {
		return activity.Errorf(activity.EInvalid, "the period holds %d buckets of %s, more than a page shows (%d): choose a larger bucket or a shorter period", n, p.form.Bucket, maxPageBuckets)
	}
	p.starts = activity.Buckets(p.from, p.to, p.zone, unit)
	return nil
}

func (p reportParams) period() activity.Span { return activity.Span{Start: p.from, End: p.to} }

func (p reportParams) userIDs() []string {
	ids := make([]string, len(p.users))
	for i, u := range p.users {
		ids[i] = u.ID
	}
	return ids
}

// bucketLabel writes a bucket's start as precisely as its size needs.
func (p reportParams) bucketLabel(i int) string {
	if p.whole {
		return p.form.From + " – " + p.form.To
	}
	t := p.starts[i].In(p.zone)
	switch p.unit {
	case activity.Month:
		return t.Format("2006-01")
	case activity.Day, activity.Week:
		return t.Format("Mon 01-02")
	}
	if p.to.Sub(p.from) <= 24*time.Hour {
		return t.Format("15:04")
	}
	return t.Format("01-02 15:04")
}

// table is what a report page shows, draws and downloads: one row per
// user or bucket, one column per series.
type table struct {
	First  string // heading of the first column: Agent or Bucket
	Series []chart.Series
	Rows   []tableRow
	Hours  bool // values are seconds shown as hours; else counts
}

type tableRow struct {
	Label, Href string
	Values      []float64
}

// Total is the sum of the row's values.
func (r tableRow) Total() float64 {
	sum := 0.0
	for _, v := range r.Values {
		sum += v
	}
	return sum
}

// chart draws the table; times are drawn in hours, so that the axis falls
// on round hours.
func (t table) chart(label string, horizontal bool) template.HTML {
	c := chart.Stacked{Series: t.Series, Label: label, Format: formatCount}
	unit := 1.0
	if t.Hours {
		unit = 3600
		c.Format = func(h float64) string { return strconv.FormatFloat(h, 'f', 1, 64) + " h" }
	}
	for _, r := range t.Rows {
		values := make([]float64, len(r.Values))
		for i, v := range r.Values {
			values[i] = v / unit
		}
		c.Bars = append(c.Bars, chart.Bar{Label: r.Label, Href: r.Href, Values: values})
	}
	if horizontal {
		return c.Horizontal()
	}
	return c.Vertical()
}

// Format writes a value as the table shows it.
func (t table) Format(v float64) string { return t.format(v) }

func (t table) format(v float64) string {
	if t.Hours {
		return funcs["hours"].(func(float64) string)(v) + " h"
	}
	return formatCount(v)
}

// reportPage is the data of reports.html.
type reportPage struct {
	Kind       string // status-time, sessions or calls
	Form       reportForm
	Groups     []string
	Chart      template.HTML
	Table      table
	CSV        string // this report as CSV
	Error      string
	Horizontal bool
}

// groupsOf lists the groups the tenant's users belong to.
func (w *Web) groupsOf(ctx context.Context, tenantID int64) ([]string, error) {
	users, err := w.DB.Users(ctx, tenantID)
	seen := map[string]bool{}
	var out []string
	for _, u := range users {
		for _, g := range u.Groups {
			if !seen[g] {
				seen[g] = true
				out = append(out, g)
			}
		}
	}
	sort.Strings(out)
	return out, err
}

// serveReport runs one report and answers its page, or its CSV with
// format=csv. A wrong picker shows the form again with the error.
func (w *Web) serveReport(rw http.ResponseWriter, r *http.Request, v *Visit, kind, defaultBucket, defaultView string,
	run func(context.Context, reportParams) (table, error)) {
	ctx := r.Context()
	groups, err := w.groupsOf(ctx, v.Tenant.ID)
	if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	p, err := w.readReport(ctx, r.URL.Query(), v, defaultBucket, defaultView)
	page := reportPage{Kind: kind, Form: p.form, Groups: groups}
	var t table
	if err == nil {
		t, err = run(ctx, p)
	}
	if code := activity.ErrorCode(err); code == activity.EInvalid {
		page.Error = activity.ErrorMessage(err)
		w.render(rw, r, http.StatusBadRequest, "reports.html", view{Visit: v, Title: "Reports", Nav: "reports", Data: page})
		return
	} else if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	if r.URL.Query().Get("format") == "csv" {
		writeCSV(rw, kind+"-"+p.form.From+"-"+p.form.To+".csv", t)
		return
	}
	q := r.URL.Query()
	q.Set("format", "csv")
	page.CSV = r.URL.Path + "?" + q.Encode()
	page.Table = t
	page.Horizontal = p.form.View == "user"
	page.Chart = t.chart(kind, page.Horizontal)
	w.render(rw, r, http.StatusOK, "reports.html", view{Visit: v, Title: "Reports", Nav: "reports", Data: page})
}
