package oneuptime_test

// query that must be refused: unknown columns and _types, operators on
// columns they do not apply to, values of the wrong type. Each is a 400
// naming the column, on get-list and on count, and never a 500.

import (
	"net/http"
	"testing"
)

func TestQueryRefused(t *testing.T) {
	forEachServer(t, small, func(t *testing.T, e *env) {
		for _, name := range []string{"foo", "createdat", "callcost", "deletedAt", "version"} {
			want := "Invalid column on Call Log - " + name + ". Column does not exist."
			runScenarios(t, e, []scenario{
				{name: "unknown column " + name + " on get-list", req: byID(col(name, `"x"`)), status: http.StatusBadRequest, err: want},
				{name: "unknown column " + name + " on count", status: http.StatusBadRequest, err: want,
					req: request{target: "/api/call-log/count", body: `{"query":` + col(name, `1`) + `}`}},
			})
		}
		runRefusals(t, e, []refusal{
			{"unknown _type on text", col("status", q("Like", `"x"`)), []string{"status"}},
			{"unknown _type on a date", col("createdAt", q("After", `"2024-01-01"`)), []string{"createdAt"}},
			{"unknown _type on a number", col("callCostInUSDCents", q("Between", `1`)), []string{"callCostInUSDCents"}},
			{"unknown _type on an id", col("_id", q("Uuid", `"`+callID(1)+`"`)), []string{"_id"}},
			{"unknown _type on callData", col("callData", q("Contains", `"hello"`)), []string{"callData"}},
			{"_type in the wrong case", col("status", q("equalto", `"Busy"`)), []string{"status"}},

			{"GreaterThan on _id", col("_id", q("GreaterThan", `"`+callID(1)+`"`)), []string{"_id"}},
			{"InBetween on a link id", col("incidentId", `{"_type":"InBetween","startValue":"`+inc1+`","endValue":"`+inc2+`"}`), []string{"incidentId"}},
			{"LessThanOrNull on a link id", col("teamId", q("LessThanOrNull", `"`+team1+`"`)), []string{"teamId"}},
			{"Search on _id", col("_id", q("Search", `"0000"`)), []string{"_id"}},
			{"Search on a link id", col("incidentId", q("Search", `"1111"`)), []string{"incidentId"}},
			{"Search on a date", col("createdAt", q("Search", `"2024"`)), []string{"createdAt"}},
			{"Search on a number", col("callCostInUSDCents", q("Search", `"10"`)), []string{"callCostInUSDCents"}},
			{"StartsWith on a date", col("updatedAt", q("StartsWith", `"2024"`)), []string{"updatedAt"}},
			{"EndsWith on a number", col("callCostInUSDCents", q("EndsWith", `"0"`)), []string{"callCostInUSDCents"}},
			{"NotContains on a link id", col("teamId", q("NotContains", `"4"`)), []string{"teamId"}},
			{"EqualTo on callData", col("callData", q("EqualTo", `"hello"`)), []string{"callData"}},
			{"Includes on callData", col("callData", q("Includes", `["hello"]`)), []string{"callData"}},
			{"GreaterThan on callData", col("callData", q("GreaterThan", `"a"`)), []string{"callData"}},
			{"Search on callData", col("callData", q("Search", `"hello"`)), []string{"callData"}},
			{"a plain string on callData", col("callData", `"hello"`), []string{"callData"}},
			{"a plain number on callData", col("callData", `5`), []string{"callData"}},
			{"a plain array on callData", col("callData", `["hello"]`), []string{"callData"}},
			{`a callData key holding "`, col("callData", `{"a\"b":"x"}`), []string{"callData"}},
			{"ObjectID on text", col("status", q("ObjectID", `"`+inc1+`"`)), []string{"status"}},
			{"ObjectID on a phone", col("toNumber", q("ObjectID", `"`+inc1+`"`)), []string{"toNumber"}},
			{"ObjectID on a date", col("createdAt", q("ObjectID", `"`+inc1+`"`)), []string{"createdAt"}},
			{"ObjectID on a number", col("callCostInUSDCents", q("ObjectID", `"`+inc1+`"`)), []string{"callCostInUSDCents"}},
			{"Phone on text", col("status", q("Phone", `"+1-555-0100"`)), []string{"status"}},
			{"Phone on _id", col("_id", q("Phone", `"+1-555-0100"`)), []string{"_id"}},
			{"DateTime on text", col("status", q("DateTime", `"2024-01-02"`)), []string{"status"}},
			{"DateTime on a number", col("callCostInUSDCents", q("DateTime", `"2024-01-02"`)), []string{"callCostInUSDCents"}},

			{"a non-UUID for _id", col("_id", `"abc"`), []string{"_id"}},
			{"a number for _id", col("_id", `5`), []string{"_id"}},
			{"a non-UUID for a link id", col("incidentId", `"123"`), []string{"incidentId"}},
			{"a non-UUID ObjectID", col("teamId", q("ObjectID", `"team-1"`)), []string{"teamId"}},
			{"a non-UUID in Includes", col("_id", q("Includes", `["`+callID(1)+`","abc"]`)), []string{"_id"}},
			{"a UUID one character short", col("monitorId", `"`+mon1[:35]+`"`), []string{"monitorId"}},
			{"a non-date", col("createdAt", `"yesterday"`), []string{"createdAt"}},
			{"a number for a date", col("createdAt", q("GreaterThan", `1704067200000`)), []string{"createdAt"}},
			{"an impossible date", col("createdAt", q("LessThan", `"2024-13-45"`)), []string{"createdAt"}},
			{"a non-date InBetween end", col("updatedAt", `{"_type":"InBetween","startValue":"2024-01-01","endValue":"soon"}`), []string{"updatedAt"}},
			{"a non-number", col("callCostInUSDCents", `"abc"`), []string{"callCostInUSDCents"}},
			{"a non-number in a comparison", col("callCostInUSDCents", q("GreaterThan", `"1O0"`)), []string{"callCostInUSDCents"}},
			{"a boolean for a number", col("callCostInUSDCents", `true`), []string{"callCostInUSDCents"}},
			{"a non-number InBetween start", col("callCostInUSDCents", `{"_type":"InBetween","startValue":"x","endValue":5}`), []string{"callCostInUSDCents"}},
			{"InBetween without an end", col("callCostInUSDCents", `{"_type":"InBetween","startValue":5}`), []string{"callCostInUSDCents"}},
			{"a number for text", col("status", `5`), []string{"status"}},
			{"a number for text in EqualTo", col("statusMessage", q("EqualTo", `5`)), []string{"statusMessage"}},
			{"a number for a phone", col("toNumber", `5551234`), []string{"toNumber"}},
			{"a number to Search", col("status", q("Search", `5`)), []string{"status"}},
			{"a boolean for text", col("status", `true`), []string{"status"}},
			{"Includes without an array", col("status", q("Includes", `"Success"`)), []string{"status"}},
			{"EqualTo without a value", col("status", `{"_type":"EqualTo"}`), []string{"status"}},
			{"an object without _type", col("status", `{"value":"Success"}`), []string{"status"}},
		})
		runScenarios(t, e, []scenario{
			{name: "query that is an array", req: byID(`[]`), status: http.StatusBadRequest},
			{name: "query that is a string", req: byID(`"status"`), status: http.StatusBadRequest},
		})
	})
}
