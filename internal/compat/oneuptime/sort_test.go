package oneuptime_test

// sort: directions in every spelling, the default, several keys in the
// order written, NULLs as the largest values, text in byte order, and the
// refusals. Costs of the small data set, by call: 1:0 2:100 3:250 4:500
// 5:501 6:30.

import (
	"net/http"
	"testing"
)

func sorted(name, sort string, want ...int) scenario {
	body := `{"sort":` + sort + `}`
	if sort == "" {
		body = ""
	}
	return scenario{name: name, req: request{target: listPath, body: body}, ids: want, count: 6}
}

func TestSort(t *testing.T) {
	byCost := []int{1, 6, 2, 3, 4, 5}
	byCostDesc := []int{5, 4, 3, 2, 6, 1}
	newest := []int{6, 5, 4, 3, 2, 1}
	forEachServer(t, small, func(t *testing.T, e *env) {
		var list []scenario
		for _, dir := range []string{`"ASC"`, `"asc"`, `"Asc"`, `1`, `"1"`} {
			list = append(list, sorted("ascending "+dir, `{"callCostInUSDCents":`+dir+`}`, byCost...))
		}
		for _, dir := range []string{`"DESC"`, `"desc"`, `"dEsC"`, `-1`, `"-1"`} {
			list = append(list, sorted("descending "+dir, `{"callCostInUSDCents":`+dir+`}`, byCostDesc...))
		}
		list = append(list,
			sorted("no sort: createdAt descending", "", newest...),
			sorted("empty sort: createdAt descending", `{}`, newest...),
			sorted("null sort: createdAt descending", `null`, newest...),
			sorted("empty sort with a space: createdAt descending", `{ }`, newest...),
			sorted("createdAt ascending", `{"createdAt":"ASC"}`, 1, 2, 3, 4, 5, 6),
			sorted("updatedAt ascending", `{"updatedAt":"ASC"}`, 6, 5, 4, 3, 2, 1),
			sorted("_id descending", `{"_id":"DESC"}`, 6, 5, 4, 3, 2, 1),
			sorted("text in byte order", `{"status":"ASC"}`, 4, 2, 6, 5, 1, 3),
			sorted("text in byte order, descending", `{"status":"DESC"}`, 3, 1, 5, 6, 2, 4),
			sorted("phone numbers", `{"toNumber":"ASC"}`, 1, 4, 2, 6, 3, 5),
			sorted("fromNumber descending", `{"fromNumber":"DESC"}`, 6, 5, 4, 3, 2, 1),
			sorted("nulls last ascending", `{"statusMessage":"ASC"}`, 5, 2, 3, 4, 1, 6),
			sorted("nulls first descending", `{"statusMessage":"DESC"}`, 1, 6, 4, 3, 2, 5),
			sorted("two keys in the order written", `{"incidentId":"ASC","createdAt":"DESC"}`, 5, 1, 3, 6, 4, 2),
			sorted("the same keys the other way round", `{"createdAt":"DESC","incidentId":"ASC"}`, newest...),
			sorted("nulls first, then cost", `{"incidentId":"DESC","callCostInUSDCents":"ASC"}`, 6, 2, 4, 3, 1, 5),
			sorted("ties broken by _id", `{"monitorId":"ASC"}`, 1, 2, 3, 4, 5, 6),
			sorted("ties broken by _id, descending", `{"alertId":"DESC"}`, 1, 2, 3, 4, 6, 5),
		)
		for _, c := range []struct{ name, sort, column string }{
			{"unknown column", `{"colour":"ASC"}`, "colour"},
			{"unknown direction", `{"createdAt":"UP"}`, "createdAt"},
			{"direction 0", `{"createdAt":0}`, "createdAt"},
			{"direction true", `{"createdAt":true}`, "createdAt"},
			{"direction 2", `{"createdAt":2}`, "createdAt"},
			{"empty direction", `{"createdAt":""}`, "createdAt"},
			{"callData", `{"callData":"ASC"}`, "callData"},
			{"a relation", `{"incident":"ASC"}`, "incident"},
			{"a good key then a bad one", `{"createdAt":"ASC","colour":"DESC"}`, "colour"},
		} {
			list = append(list, scenario{name: "refused: " + c.name, req: request{target: listPath, body: `{"sort":` + c.sort + `}`},
				status: http.StatusBadRequest, errHas: []string{c.column}})
		}
		list = append(list, scenario{name: "refused: sort that is an array", req: request{target: listPath, body: `{"sort":["createdAt"]}`},
			status: http.StatusBadRequest})
		runScenarios(t, e, list)
	})
}
