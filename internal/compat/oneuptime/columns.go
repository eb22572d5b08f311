package oneuptime

import (
	"fmt"
	"strings"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// kind is what a column holds, which decides the operators and values it
// takes.
type kind int

const (
	kindID       kind = iota // a UUID
	kindText                 // free text
	kindPhone                // a phone number, text
	kindDate                 // a time
	kindNumber               // an integer
	kindJSON                 // callData, a JSON object
	kindProject              // projectId: always the key's own tenant
	kindRelation             // an object known only by its id
)

// column is one column of OneUptime's Call Log as agentlog serves it.
type column struct {
	name     string
	kind     kind
	field    store.CallField // for the columns the store filters and sorts on
	link     string          // relations and link ids: the name in activity.LinkNames
	nullable bool
}

// columns is the allow-list, in the order the vendor lists them.
var columns = buildColumns()

func buildColumns() []column {
	list := []column{
		{name: "_id", kind: kindID, field: store.FieldID},
		{name: "createdAt", kind: kindDate, field: store.FieldCreated},
		{name: "updatedAt", kind: kindDate, field: store.FieldUpdated},
		{name: "projectId", kind: kindProject},
		{name: "project", kind: kindRelation},
		{name: "toNumber", kind: kindPhone, field: store.FieldToNumber},
		{name: "fromNumber", kind: kindPhone, field: store.FieldFromNumber},
		{name: "callData", kind: kindJSON, field: store.FieldCallData, nullable: true},
		{name: "statusMessage", kind: kindText, field: store.FieldStatusMessage, nullable: true},
		{name: "status", kind: kindText, field: store.FieldStatus},
		{name: "callCostInUSDCents", kind: kindNumber, field: store.FieldCost},
	}
	for _, link := range activity.LinkNames {
		list = append(list,
			column{name: link + "Id", kind: kindID, field: store.LinkField(link), link: link, nullable: true},
			column{name: link, kind: kindRelation, link: link, nullable: true})
	}
	return list
}

func findColumn(name string) (column, bool) {
	for _, c := range columns {
		if c.name == name {
			return c, true
		}
	}
	return column{}, false
}

func columnNames() string {
	names := make([]string, len(columns))
	for i, c := range columns {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

func (k kind) String() string {
	return [...]string{"an id (UUID)", "text", "a phone number", "a date", "a number", "a JSON object", "a project id", "a relation"}[k]
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
