package xapi

import (
	"time"

	"agentlog/internal/odata"
	"agentlog/internal/store"
)

// CallHistoryView is the entity set of every call segment of the tenant.
// agentlog keeps one record per call, so a segment is a call: from its
// start to its end, between the party that called (Src) and the party that
// was called (Dst), one of which is the agent or extension that handled
// it. Queries run in the database: the options compile to SQL through
// internal/odata over the expressions of store's call view.

// callHistoryColumn is one property of Pbx.CallHistoryView and its SQL.
type callHistoryColumn struct {
	odata.Property
	sql string
}

// Properties agentlog has no data for: 3CX's internal ids (0: the schema
// requires a number) and recordings (null). Cast, because ORDER BY reads a
// bare integer as a column's position.
const (
	zero     = "CAST(0 AS BIGINT)"
	nullText = "CAST(NULL AS TEXT)"
	nullInt  = "CAST(NULL AS BIGINT)"
)

var (
	srcExternal = store.CallViewColumn(store.ViewSrcExternal)
	dstExternal = store.CallViewColumn(store.ViewDstExternal)
)

// callHistoryColumns are the properties in 3CX's order. A DnType is 1 for
// an outside party (3CX's external line) and 0 for an extension.
var callHistoryColumns = []callHistoryColumn{
	{odata.Property{Name: "SegmentId", Type: odata.Int}, store.CallViewColumn(store.ViewSeq)},
	{odata.Property{Name: "SegmentStartTime", Type: odata.DateTimeOffset}, store.CallViewColumn(store.ViewStart)},
	{odata.Property{Name: "SegmentEndTime", Type: odata.DateTimeOffset}, store.CallViewColumn(store.ViewEnd)},
	{odata.Property{Name: "SegmentActionId", Type: odata.Int}, zero},
	{odata.Property{Name: "SegmentType", Type: odata.Int}, zero},
	{odata.Property{Name: "SrcId", Type: odata.Int}, zero},
	{odata.Property{Name: "SrcExtendedDisplayName", Type: odata.String, Nullable: true}, nullText},
	{odata.Property{Name: "SrcDisplayName", Type: odata.String, Nullable: true}, store.CallViewColumn(store.ViewSrcName)},
	{odata.Property{Name: "SrcInternal", Type: odata.Bool}, "(NOT " + srcExternal + ")"},
	{odata.Property{Name: "SrcExternal", Type: odata.Bool}, srcExternal},
	{odata.Property{Name: "SrcDnType", Type: odata.Int}, "(CASE WHEN " + srcExternal + " THEN 1 ELSE 0 END)"},
	{odata.Property{Name: "SrcDn", Type: odata.String, Nullable: true}, store.CallViewColumn(store.ViewSrcDn)},
	{odata.Property{Name: "SrcCallerNumber", Type: odata.String, Nullable: true}, store.CallViewColumn(store.ViewSrcNumber)},
	{odata.Property{Name: "SrcParticipantId", Type: odata.Int}, zero},
	{odata.Property{Name: "SrcRecId", Type: odata.Int, Nullable: true}, nullInt},
	{odata.Property{Name: "DstId", Type: odata.Int}, zero},
	{odata.Property{Name: "DstExtendedDisplayName", Type: odata.String, Nullable: true}, nullText},
	{odata.Property{Name: "DstDisplayName", Type: odata.String, Nullable: true}, store.CallViewColumn(store.ViewDstName)},
	{odata.Property{Name: "DstInternal", Type: odata.Bool}, "(NOT " + dstExternal + ")"},
	{odata.Property{Name: "DstExternal", Type: odata.Bool}, dstExternal},
	{odata.Property{Name: "DstDnType", Type: odata.Int}, "(CASE WHEN " + dstExternal + " THEN 1 ELSE 0 END)"},
	{odata.Property{Name: "DstDn", Type: odata.String, Nullable: true}, store.CallViewColumn(store.ViewDstDn)},
	{odata.Property{Name: "DstCallerNumber", Type: odata.String, Nullable: true}, store.CallViewColumn(store.ViewDstNumber)},
	{odata.Property{Name: "DstParticipantId", Type: odata.Int}, zero},
	{odata.Property{Name: "DstRecId", Type: odata.Int, Nullable: true}, nullInt},
	{odata.Property{Name: "CallTime", Type: odata.Duration}, store.CallViewColumn(store.ViewDuration)},
	{odata.Property{Name: "CallAnswered", Type: odata.Bool, Nullable: true}, store.CallViewColumn(store.ViewAnswered)},
}

// callHistoryView declares Pbx.CallHistoryView; callHistorySQL maps its
// properties to SQL; callHistorySelect reads them all, in order.
var callHistoryView, callHistorySQL, callHistorySelect = func() (*odata.Entity, odata.Columns, []string) {
	e := &odata.Entity{Name: "CallHistoryView"}
	cols := odata.Columns{}
	var sel []string
	for _, c := range callHistoryColumns {
		e.Properties = append(e.Properties, c.Property)
		cols[c.Name] = c.sql
		sel = append(sel, c.sql)
	}
	return e, cols, sel
}()

// callHistoryRow turns the values of callHistorySelect, as the driver gives
// them, into a row of the types internal/odata expects.
func callHistoryRow(values []any) odata.Row {
	row := make(odata.Row, len(values))
	for i, c := range callHistoryColumns {
		row[c.Name] = typedValue(c.Type, values[i])
	}
	return row
}

func typedValue(t odata.Type, v any) any {
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	n, isInt := asInt(v)
	switch {
	case v == nil:
		return nil
	case t == odata.Bool && isInt:
		return n != 0 // SQLite's 0/1
	case t == odata.DateTimeOffset && isInt:
		return time.UnixMilli(n).UTC()
	case t == odata.Duration && isInt:
		return time.Duration(n) * time.Millisecond
	case t == odata.Int && isInt:
		return n
	}
	return v
}

func asInt(v any) (int64, bool) {
	switch v := v.(type) {
	case int64:
		return v, true
	case int32:
		return int64(v), true
	case int:
		return int64(v), true
	}
	return 0, false
}

// presentCallHistory writes a row's times as UTC with milliseconds and its
// durations as ISO 8601.
func presentCallHistory(row odata.Row) odata.Row {
	for name, v := range row {
		switch v := v.(type) {
		case time.Time:
			row[name] = v.UTC().Format("2006-01-02T15:04:05.000Z")
		case time.Duration:
			row[name] = isoDuration(v)
		}
	}
	return row
}
