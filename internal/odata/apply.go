package odata

import "slices"

// Apply evaluates the options over rows in memory, for entity sets small
// enough to compute whole: $filter and $search select rows, then
// $orderby sorts them (stably: rows with equal keys keep their order, so
// give the rows in a stable order), $skip and $top cut the page, and
// $select keeps the selected properties of each row. It returns the page
// and the count of rows after $filter and $search, before $skip and $top
// (@odata.count). Rows are not modified; selected rows are copies.
func (o *Options) Apply(rows []Row) (page []Row, count int) {
	ev := evaluator{now: o.now()}
	var out []Row
	for _, row := range rows {
		if o.Filter != nil && !ev.test(o.Filter, row) {
			continue
		}
		if o.Search != nil && !o.Search.match(rowTexts(o.entity, row)) {
			continue
		}
		out = append(out, row)
	}
	count = len(out)
	o.sort(out)
	return o.project(o.page(out)), count
}

func (o *Options) sort(rows []Row) {
	if len(o.OrderBy) == 0 {
		return
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		for _, key := range o.OrderBy {
			p := key.Property
			c := compareNullsFirst(normalize(p.Type, a[p.Name]), normalize(p.Type, b[p.Name]))
			if key.Desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

func (o *Options) page(rows []Row) []Row {
	if o.Skip != nil {
		rows = rows[min(*o.Skip, len(rows)):]
	}
	if o.Top != nil {
		rows = rows[:min(*o.Top, len(rows))]
	}
	return rows
}

func (o *Options) project(rows []Row) []Row {
	if o.Select == nil {
		return rows
	}
	out := make([]Row, len(rows))
	for i, row := range rows {
		out[i] = make(Row, len(o.Select))
		for _, name := range o.Select {
			if v, ok := row[name]; ok {
				out[i][name] = v
			}
		}
	}
	return out
}
