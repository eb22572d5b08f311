package oneuptime

import (
	"bytes"
	"encoding/json"

	"agentlog/internal/activity"
)

// render writes a call as OneUptime answers it: _id and the selected
// columns, in allow-list order. An empty value is null.
func render(c activity.Call, tenant activity.Tenant, selected []column) json.RawMessage {
	var b bytes.Buffer
	b.WriteString(`{"_id":`)
	writeValue(&b, c.ID)
	for _, col := range selected {
		b.WriteByte(',')
		writeValue(&b, col.name)
		b.WriteByte(':')
		writeValue(&b, value(c, tenant, col))
	}
	b.WriteByte('}')
	return b.Bytes()
}

func writeValue(b *bytes.Buffer, v any) {
	out, _ := json.Marshal(v) // strings, numbers, raw JSON and small maps always marshal
	b.Write(out)
}

// value is the JSON value of one column of a call.
func value(c activity.Call, tenant activity.Tenant, col column) any {
	switch col.name {
	case "createdAt":
		return activity.FormatTime(c.CreatedAt)
	case "updatedAt":
		return activity.FormatTime(c.UpdatedAt)
	case "projectId":
		return tenant.UUID
	case "project":
		return map[string]string{"_id": tenant.UUID}
	case "toNumber":
		return orNull(c.ToNumber)
	case "fromNumber":
		return orNull(c.FromNumber)
	case "callData":
		if c.CallData == nil {
			return nil
		}
		return json.RawMessage(c.CallData)
	case "statusMessage":
		if c.StatusMessage == nil {
			return nil
		}
		return orNull(*c.StatusMessage)
	case "status":
		return orNull(c.Status)
	case "callCostInUSDCents":
		return c.CostCents
	}
	return linkValue(c, col)
}

// linkValue is a link id, or a relation known by its id.
func linkValue(c activity.Call, col column) any {
	id, ok := c.Links[col.link]
	switch {
	case !ok:
		return nil
	case col.kind == kindRelation:
		return map[string]string{"_id": id}
	}
	return id
}

func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}
