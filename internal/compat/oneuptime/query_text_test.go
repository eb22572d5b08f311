package oneuptime_test

// query on text, phone and id columns: every operator that applies, on the
// small data set (data_test.go).

import (
	"strings"
	"testing"
)

func TestQueryText(t *testing.T) {
	st, msg := func(v string) string { return col("status", v) }, func(v string) string { return col("statusMessage", v) }
	forEachServer(t, small, func(t *testing.T, e *env) {
		runMatches(t, e, []match{
			{"plain value is equality", st(`"Success"`), []int{1}},
			{"EqualTo is case-sensitive", st(q("EqualTo", `"Success"`)), []int{1}},
			{"NotEqual", st(q("NotEqual", `"Success"`)), []int{2, 3, 4, 5, 6}},
			{"EqualToOrNull", st(q("EqualToOrNull", `"Busy"`)), []int{4}},
			{"GreaterThan in byte order", st(q("GreaterThan", `"Missed Call"`)), []int{1, 3}},
			{"GreaterThanOrEqual", st(q("GreaterThanOrEqual", `"Missed Call"`)), []int{1, 3, 5}},
			{"LessThan", st(q("LessThan", `"Error"`)), []int{4}},
			{"LessThanOrEqual", st(q("LessThanOrEqual", `"Error"`)), []int{2, 4}},
			{"GreaterThanOrNull", st(q("GreaterThanOrNull", `"Missed Call"`)), []int{1, 3}},
			{"LessThanOrNull", st(q("LessThanOrNull", `"Busy"`)), nil},
			{"InBetween", st(`{"_type":"InBetween","startValue":"Busy","endValue":"Low Balance"}`), []int{2, 4, 6}},
			{"Search ignores case", st(q("Search", `"SUCC"`)), []int{1, 3}},
			{"StartsWith ignores case", st(q("StartsWith", `"s"`)), []int{1, 3}},
			{"EndsWith ignores case", st(q("EndsWith", `"CALL"`)), []int{5}},
			{"NotContains ignores case", st(q("NotContains", `"S"`)), []int{2, 6}},
			{"Includes", st(q("Includes", `["Success","Error"]`)), []int{1, 2}},
			{"IncludesNone", st(q("IncludesNone", `["Success","Error"]`)), []int{3, 4, 5, 6}},
			{"Includes nothing", st(q("Includes", `[]`)), nil},
			{"IncludesNone of nothing", st(q("IncludesNone", `[]`)), all6},
			{"plain array is one of", st(`["Busy","Low Balance"]`), []int{4, 6}},
			{"plain null on a column never null", st(`null`), nil},
			{"NotNull", st(`{"_type":"NotNull"}`), all6},

			{"nullable EqualTo", msg(q("EqualTo", `"TIMEOUT"`)), []int{3}},
			{"nullable EqualToOrNull", msg(q("EqualToOrNull", `"Delivered"`)), []int{1, 2, 6}},
			{"nullable NotEqual excludes null", msg(q("NotEqual", `"Delivered"`)), []int{3, 4, 5}},
			{"nullable GreaterThanOrNull", msg(q("GreaterThanOrNull", `"T"`)), []int{1, 3, 4, 6}},
			{"nullable LessThanOrNull", msg(q("LessThanOrNull", `"D"`)), []int{1, 5, 6}},
			{"nullable GreaterThan excludes null", msg(q("GreaterThan", `"T"`)), []int{3, 4}},
			{"Search lower case", msg(q("Search", `"timeout"`)), []int{3, 4}},
			{"Search upper case", msg(q("Search", `"TIMEOUT"`)), []int{3, 4}},
			{"Search mixed case", msg(q("Search", `"TimeOut"`)), []int{3, 4}},
			{"Search % literally", msg(q("Search", `"%"`)), []int{5}},
			{"Search _ literally", msg(q("Search", `"_"`)), []int{5}},
			{"StartsWith", msg(q("StartsWith", `"time"`)), []int{3, 4}},
			{"EndsWith", msg(q("EndsWith", `"REACHED"`)), []int{4}},
			{"NotContains excludes null", msg(q("NotContains", `"timeout"`)), []int{2, 5}},
			{"IsNull", msg(`{"_type":"IsNull","value":null}`), []int{1, 6}},
			{"IsNull ignores its value", msg(q("IsNull", `"Delivered"`)), []int{1, 6}},
			{"NotNull", msg(`{"_type":"NotNull","value":null}`), []int{2, 3, 4, 5}},
			{"plain null is IsNull", msg(`null`), []int{1, 6}},
			{"IncludesNone excludes null", msg(q("IncludesNone", `["Delivered"]`)), []int{3, 4, 5}},
		})
	})
}

func TestQueryPhone(t *testing.T) {
	to, from := func(v string) string { return col("toNumber", v) }, func(v string) string { return col("fromNumber", v) }
	forEachServer(t, small, func(t *testing.T, e *env) {
		runMatches(t, e, []match{
			{"plain value", to(`"+1-555-0100"`), []int{1}},
			{"Phone", to(q("Phone", `"+1-555-0199"`)), []int{4}},
			{"EqualTo a Phone", to(q("EqualTo", q("Phone", `"+1-555-0199"`))), []int{4}},
			{"NotEqual", to(q("NotEqual", `"+1-555-0199"`)), []int{1, 2, 3, 5, 6}},
			{"Search digits", to(q("Search", `"555"`)), []int{1, 4}},
			{"Search %", to(q("Search", `"%"`)), []int{3}},
			{"Search _", to(q("Search", `"_"`)), []int{3, 5}},
			{"Search %_", to(q("Search", `"%_"`)), []int{3}},
			{"StartsWith %", to(q("StartsWith", `"50%"`)), []int{3}},
			{"EndsWith %_ ignores case", to(q("EndsWith", `"%_OFF"`)), []int{3}},
			{"EndsWith _ ignores case", to(q("EndsWith", `"_OFF"`)), []int{3, 5}},
			{"StartsWith", to(q("StartsWith", `"+4"`)), []int{2, 6}},
			{"EndsWith", to(q("EndsWith", `"99"`)), []int{4}},
			{"NotContains", to(q("NotContains", `"555"`)), []int{2, 3, 5, 6}},
			{"GreaterThan", to(q("GreaterThan", `"+4"`)), []int{2, 3, 5, 6}},
			{"LessThan", to(q("LessThan", `"+2"`)), []int{1, 4}},
			{"InBetween", to(`{"_type":"InBetween","startValue":"+1-555-0100","endValue":"+1-555-0199"}`), []int{1, 4}},
			{"Includes", to(q("Includes", `["+1-555-0100","50x_off"]`)), []int{1, 5}},
			{"fromNumber EqualTo", from(q("EqualTo", `"300"`)), []int{3}},
			{"fromNumber Phone", from(q("Phone", `"600"`)), []int{6}},
			{"fromNumber InBetween", from(`{"_type":"InBetween","startValue":"200","endValue":"400"}`), []int{2, 3, 4}},
			{"fromNumber GreaterThanOrEqual", from(q("GreaterThanOrEqual", `"500"`)), []int{5, 6}},
			{"fromNumber LessThanOrEqual", from(q("LessThanOrEqual", `"200"`)), []int{1, 2}},
			{"fromNumber IncludesNone", from(q("IncludesNone", `["100","600"]`)), []int{2, 3, 4, 5}},
			{"fromNumber IsNull", from(`{"_type":"IsNull"}`), nil},
		})
	})
}

func TestQueryIDs(t *testing.T) {
	id := func(v string) string { return col("_id", v) }
	inc := func(v string) string { return col("incidentId", v) }
	s := func(id string) string { return `"` + id + `"` }
	forEachServer(t, small, func(t *testing.T, e *env) {
		cases := []match{
			{"plain value", id(s(callID(3))), []int{3}},
			{"upper case", id(s(strings.ToUpper(callID(3)))), []int{3}},
			{"ObjectID", id(q("ObjectID", s(callID(3)))), []int{3}},
			{"EqualTo an ObjectID", id(q("EqualTo", q("ObjectID", s(callID(3))))), []int{3}},
			{"NotEqual", id(q("NotEqual", s(callID(3)))), allBut(3)},
			{"EqualToOrNull", id(q("EqualToOrNull", s(callID(3)))), []int{3}},
			{"Includes", id(q("Includes", `[`+s(callID(1))+`,`+s(callID(2))+`]`)), []int{1, 2}},
			{"Includes ObjectIDs", id(q("Includes", `[`+q("ObjectID", s(callID(1)))+`]`)), []int{1}},
			{"IncludesNone", id(q("IncludesNone", `[`+s(callID(1))+`,`+s(callID(2))+`]`)), []int{3, 4, 5, 6}},
			{"plain array", id(`[` + s(callID(6)) + `,` + s(callID(90)) + `]`), []int{6}},
			{"IsNull", id(`{"_type":"IsNull"}`), nil},
			{"NotNull", id(`{"_type":"NotNull"}`), all6},
			{"beta's call is not acme's", id(s(callID(90))), nil},

			{"link ObjectID", inc(q("ObjectID", s(inc1))), []int{1, 5}},
			{"link plain value", inc(s(inc1)), []int{1, 5}},
			{"link NotEqual excludes null", inc(q("NotEqual", s(inc1))), []int{3}},
			{"link EqualToOrNull", inc(q("EqualToOrNull", s(inc2))), []int{2, 3, 4, 6}},
			{"link IsNull", inc(`{"_type":"IsNull","value":null}`), []int{2, 4, 6}},
			{"link NotNull", inc(`{"_type":"NotNull","value":null}`), []int{1, 3, 5}},
			{"link plain null", inc(`null`), []int{2, 4, 6}},
			{"link Includes", inc(q("Includes", `[`+s(inc2)+`]`)), []int{3}},
			{"link IncludesNone excludes null", inc(q("IncludesNone", `[`+s(inc2)+`]`)), []int{1, 5}},
			{"link plain array", inc(`[` + s(inc1) + `,` + s(inc2) + `]`), []int{1, 3, 5}},
			{"monitorId", col("monitorId", q("ObjectID", s(mon1))), []int{1}},
			{"teamId", col("teamId", q("ObjectID", s(team1))), []int{2}},
			{"userId", col("userId", s(user1)), []int{3}},
			{"alertId", col("alertId", q("EqualTo", s(alrt1))), []int{5}},
			{"alertId NotNull", col("alertId", `{"_type":"NotNull"}`), []int{5}},
		}
		for _, name := range []string{"scheduledMaintenanceId", "statusPageId", "statusPageAnnouncementId",
			"onCallDutyPolicyId", "onCallDutyPolicyEscalationRuleId", "onCallDutyPolicyScheduleId"} {
			cases = append(cases, match{name + " IsNull", col(name, `{"_type":"IsNull"}`), all6},
				match{name + " ObjectID", col(name, q("ObjectID", s(inc1))), nil})
		}
		runMatches(t, e, cases)
	})
}
