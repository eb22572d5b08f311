package oneuptime_test

// query on dates, numbers and callData, projectId, and combinations, on
// the small data set (data_test.go).

import "testing"

func TestQueryDates(t *testing.T) {
	c := func(v string) string { return col("createdAt", v) }
	between := func(a, b string) string {
		return c(`{"_type":"InBetween","startValue":"` + a + `","endValue":"` + b + `"}`)
	}
	forEachServer(t, small, func(t *testing.T, e *env) {
		runMatches(t, e, []match{
			{"date-only is midnight UTC, GreaterThan excludes it", c(q("GreaterThan", `"2024-01-02"`)), []int{3, 4, 5, 6}},
			{"GreaterThanOrEqual includes midnight", c(q("GreaterThanOrEqual", `"2024-01-02"`)), []int{2, 3, 4, 5, 6}},
			{"LessThan excludes midnight", c(q("LessThan", `"2024-01-03"`)), []int{1, 2, 3}},
			{"LessThanOrEqual includes midnight", c(q("LessThanOrEqual", `"2024-01-03"`)), []int{1, 2, 3, 4}},
			{"InBetween dates, both ends included", between("2024-01-02", "2024-01-03"), []int{2, 3, 4}},
			{"InBetween timestamps, both ends included", between("2024-01-03T00:00:00.000Z", "2024-01-03T23:59:59.999Z"), []int{4, 5}},
			{"InBetween a millisecond inside the ends", between("2024-01-03T00:00:00.001Z", "2024-01-03T23:59:59.998Z"), nil},
			{"EqualTo timestamp", c(q("EqualTo", `"2024-01-02T12:00:00.000Z"`)), []int{3}},
			{"EqualTo date-only", c(q("EqualTo", `"2024-01-02"`)), []int{2}},
			{"DateTime", c(q("DateTime", `"2024-01-02T12:00:00.000Z"`)), []int{3}},
			{"EqualTo a DateTime", c(q("EqualTo", q("DateTime", `"2024-01-03T23:59:59.999Z"`))), []int{5}},
			{"plain value without fraction", c(`"2024-01-02T12:00:00Z"`), []int{3}},
			{"plain value with an offset", c(`"2024-01-02T13:00:00+01:00"`), []int{3}},
			{"NotEqual", c(q("NotEqual", `"2024-01-02"`)), allBut(2)},
			{"EqualToOrNull", c(q("EqualToOrNull", `"2024-01-01T10:00:00.000Z"`)), []int{1}},
			{"Includes", c(q("Includes", `["2024-01-02","2024-01-03T00:00:00.000Z"]`)), []int{2, 4}},
			{"IncludesNone", c(q("IncludesNone", `["2024-01-02","2024-01-03T00:00:00.000Z"]`)), []int{1, 3, 5, 6}},
			{"GreaterThanOrNull", c(q("GreaterThanOrNull", `"2024-01-03"`)), []int{5, 6}},
			{"LessThanOrNull", c(q("LessThanOrNull", `"2024-01-02"`)), []int{1}},
			{"IsNull", c(`{"_type":"IsNull"}`), nil},
			{"NotNull", c(`{"_type":"NotNull"}`), all6},
			{"created without a start is when it arrived", c(q("EqualTo", `"2024-01-05T08:00:00.000Z"`)), []int{6}},
			{"updatedAt LessThan", col("updatedAt", q("LessThan", `"2024-02-01T00:00:03Z"`)), []int{4, 5, 6}},
			{"updatedAt GreaterThan date-only", col("updatedAt", q("GreaterThan", `"2024-01-31"`)), []int{1, 2, 3, 4, 5}},
		})
	})
}

func TestQueryNumbers(t *testing.T) {
	c := func(v string) string { return col("callCostInUSDCents", v) }
	forEachServer(t, small, func(t *testing.T, e *env) {
		runMatches(t, e, []match{
			{"plain number", c(`100`), []int{2}},
			{"plain number as a string", c(`"100"`), []int{2}},
			{"EqualTo a string", c(q("EqualTo", `"250"`)), []int{3}},
			{"EqualTo zero", c(q("EqualTo", `0`)), []int{1}},
			{"NotEqual", c(q("NotEqual", `0`)), []int{2, 3, 4, 5, 6}},
			{"GreaterThan a string", c(q("GreaterThan", `"250"`)), []int{4, 5}},
			{"GreaterThanOrEqual a string", c(q("GreaterThanOrEqual", `"100"`)), []int{2, 3, 4, 5}},
			{"LessThan a string", c(q("LessThan", `"50"`)), []int{1, 6}},
			{"LessThanOrEqual a number", c(q("LessThanOrEqual", `30`)), []int{1, 6}},
			{"InBetween numbers, both ends included", c(`{"_type":"InBetween","startValue":100,"endValue":500}`), []int{2, 3, 4}},
			{"InBetween strings", c(`{"_type":"InBetween","startValue":"30","endValue":"100"}`), []int{2, 6}},
			{"Includes", c(q("Includes", `[0,"500"]`)), []int{1, 4}},
			{"IncludesNone", c(q("IncludesNone", `[0]`)), []int{2, 3, 4, 5, 6}},
			{"plain array", c(`[30,501]`), []int{5, 6}},
			{"GreaterThanOrNull", c(q("GreaterThanOrNull", `500`)), []int{5}},
			{"LessThanOrNull", c(q("LessThanOrNull", `0`)), nil},
			{"EqualToOrNull", c(q("EqualToOrNull", `30`)), []int{6}},
			{"IsNull", c(`{"_type":"IsNull"}`), nil},
			{"a fraction: GreaterThan", c(q("GreaterThan", `99.5`)), []int{2, 3, 4, 5}},
			{"a fraction: LessThan", c(q("LessThan", `"100.5"`)), []int{1, 2, 6}},
			{"a fraction: EqualTo matches no whole number", c(q("EqualTo", `100.5`)), nil},
			{"a fraction: GreaterThanOrEqual", c(q("GreaterThanOrEqual", `"100.5"`)), []int{3, 4, 5}},
			{"a huge number", c(q("LessThan", `1e30`)), all6},
			{"Includes a fraction", c(q("Includes", `[100.5,0]`)), []int{1}},
			{"IncludesNone a fraction", c(q("IncludesNone", `["100.5"]`)), all6},
			{"Includes a huge number", c(q("Includes", `[1e30]`)), nil},
		})
	})
}

func TestQueryCallData(t *testing.T) {
	c := func(v string) string { return col("callData", v) }
	forEachServer(t, small, func(t *testing.T, e *env) {
		runMatches(t, e, []match{
			{"a string", c(`{"message":"hello"}`), []int{1, 6}},
			{"a string is case-sensitive", c(`{"message":"Hello"}`), []int{5}},
			{"a number", c(`{"n":1}`), []int{1}},
			{"a number spelled 1.0", c(`{"n":1.0}`), []int{1}},
			{"a number is not a string", c(`{"n":"1"}`), []int{5}},
			{"two keys", c(`{"message":"hello","n":1}`), []int{1}},
			{"a nested object", c(`{"obj":{"a":1,"b":2}}`), []int{3}},
			{"a nested object in another key order", c(`{"obj":{"b":2,"a":1}}`), []int{3}},
			{"a string with & and <", c(`{"message":"R&D <x>"}`), []int{2}},
			{"a string spelled with an escape", c(`{"message":"h\u0065llo"}`), []int{1, 6}},
			{"no such value", c(`{"message":"bye"}`), nil},
			{"no such key", c(`{"nope":"hello"}`), nil},
			{"IsNull", c(`{"_type":"IsNull"}`), []int{4}},
			{"NotNull", c(`{"_type":"NotNull"}`), []int{1, 2, 3, 5, 6}},
			{"plain null", c(`null`), []int{4}},
		})
	})
}

func TestQueryProjectAndCombinations(t *testing.T) {
	forEachServer(t, small, func(t *testing.T, e *env) {
		runMatches(t, e, []match{
			{"projectId of another project is replaced", col("projectId", `"`+e.beta.UUID+`"`), all6},
			{"projectId as an ObjectID of another project", col("projectId", q("ObjectID", `"`+e.beta.UUID+`"`)), all6},
			{"projectId of the key's project", `{"projectId":"` + e.acme.UUID + `","status":"Success"}`, []int{1}},
			{"projectId that is no id at all", col("projectId", `"nope"`), all6},
			{"empty query", `{}`, all6},
			{"null query", `null`, all6},
			{"two columns", `{"status":{"_type":"Search","value":"success"},"callCostInUSDCents":{"_type":"GreaterThan","value":"0"}}`, []int{3}},
			{"four columns", `{"status":{"_type":"Includes","value":["Success","success","Busy","Error"]},` +
				`"callCostInUSDCents":{"_type":"GreaterThan","value":"0"},"createdAt":{"_type":"LessThan","value":"2024-01-03"},` +
				`"statusMessage":{"_type":"NotNull"}}`, []int{2, 3}},
			{"columns that exclude each other", `{"status":"Busy","incidentId":{"_type":"NotNull"}}`, nil},
		})
		// beta's key sees beta's call only, whatever projectId it names.
		betaKey := map[string]string{"ApiKey": mustKey(t, e, e.beta)}
		r := byID(col("projectId", `"`+e.acme.UUID+`"`))
		r.headers = betaKey
		runScenarios(t, e, []scenario{
			{name: "beta naming acme's project sees beta's call", req: r, ids: []int{90}, count: 1},
			{name: "beta counts its own", req: request{target: "/api/call-log/count", body: `{"query":{"projectId":"` + e.acme.UUID + `"}}`,
				headers: betaKey}, count: 1, countSet: true},
		})
	})
}
