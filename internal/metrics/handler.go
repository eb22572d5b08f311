package metrics

import (
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Handler serves the metrics of Registry and of the given database pools
// (database/sql's DBStats, labelled db_name) in Prometheus text format.
// When token is not empty, a request must carry it as
// "Authorization: Bearer <token>"; otherwise it is answered 401.
func Handler(pools map[string]*sql.DB, token string) http.Handler {
	local := prometheus.NewRegistry()
	for name, db := range pools {
		local.MustRegister(collectors.NewDBStatsCollector(db, name))
	}
	h := promhttp.HandlerFor(prometheus.Gatherers{Registry, local}, promhttp.HandlerOpts{})
	if token == "" {
		return h
	}
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		given, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		got := sha256.Sum256([]byte(given))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "metrics need Authorization: Bearer <metrics token>", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}
