package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
)

// writeCSV answers a report's table as CSV: the first column, one column
// per series and the total; times in seconds, counts as they are. Cells
// that a spreadsheet would run as a formula are quoted with a leading '.
func writeCSV(rw http.ResponseWriter, filename string, t table) {
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(filename, `"`, "")+`"`)
	out := csv.NewWriter(rw)
	unit := ""
	if t.Hours {
		unit = " (seconds)"
	}
	head := []string{t.First}
	for _, s := range t.Series {
		head = append(head, cell(s.Name)+unit)
	}
	_ = out.Write(append(head, "Total"+unit))
	for _, r := range t.Rows {
		line := []string{cell(r.Label)}
		for _, v := range r.Values {
			line = append(line, strconv.FormatFloat(v, 'f', -1, 64))
		}
		_ = out.Write(append(line, strconv.FormatFloat(r.Total(), 'f', -1, 64)))
	}
	out.Flush()
}

// cell defuses text that a spreadsheet would take for a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func formatCount(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
