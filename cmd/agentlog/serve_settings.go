package main

import (
	"time"

	"agentlog/internal/api"
	"agentlog/internal/compat/oneuptime"
	"agentlog/internal/config"
	"agentlog/internal/server"
)

// serveConfig is everything serve is configured with.
type serveConfig struct {
	File        string // the TOML configuration file, if any
	Addr        string
	DB          string
	Demo        bool
	LogFormat   string
	LogLevel    string
	MetricsAddr string
	TLSCert     string
	TLSKey      string
	Server      server.Config // the settings the server itself reads
}

// serveSettings declares every setting of serve, once.
//
// To add a setting: add its field to serveConfig (or to server.Config) and
// one line below. Its flag --name, its environment variable AGENTLOG_NAME,
// its key in the configuration file, its line in --print-config and its
// row in docs/configuration.md all follow from that line; regenerate the
// docs with
//
//	AGENTLOG_UPDATE_DOCS=1 go test ./cmd/agentlog -run TestConfigurationReference
//
// Mark anything that grants access with .Mask(config.MaskAll) (a token, a
// password) or .Mask(config.MaskDSN) (a connection string).
func serveSettings(c *serveConfig) *config.Set {
	s := config.NewSet("AGENTLOG_")
	srv := &c.Server
	s.File(&c.File, "config", "TOML file of settings; flags and environment variables override it")
	s.Address(&c.Addr, "addr", "127.0.0.1:8080", "listen address")
	s.String(&c.DB, "db", "agentlog.db", "SQLite file, or postgres:// URL").Mask(config.MaskDSN)
	s.Bool(&c.Demo, "demo", false, "create tenant demo with an admin key and simulated activity, if it does not exist")
	s.Choice(&c.LogFormat, "log-format", "text", "log format", "text", "json")
	s.Choice(&c.LogLevel, "log-level", "info", "least severe log level written", "debug", "info", "warn", "error")
	s.Int64(&srv.Limits.MaxBodyBytes, "max-body-bytes", api.DefaultLimits.MaxBodyBytes, 1, "largest ingestion request body, in bytes")
	s.Int(&srv.Limits.MaxBatch, "max-batch", api.DefaultLimits.MaxBatch, 1, "most items in one ingestion batch")
	s.Int(&srv.MaxListLimit, "max-list-limit", oneuptime.DefaultMaxLimit, 1, "largest page of OneUptime's call-log get-list")
	s.Duration(&srv.ShutdownGrace, "shutdown-grace", 30*time.Second, time.Second, "how long in-flight requests may take to finish after a stop signal")
	s.Prefixes(&srv.TrustedProxies, "trusted-proxies", "", "reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed for the client address in logs")
	s.String(&srv.MetricsToken, "metrics-token", "", "bearer token that /metrics requires; with it alone, /metrics is served on the main address").Mask(config.MaskAll)
	s.Address(&c.MetricsAddr, "metrics-addr", "", "separate listen address serving /metrics alone (and no longer the main address), without a token unless metrics-token is set; /metrics is off when neither is set")
	s.String(&c.TLSCert, "tls-cert", "", "PEM certificate (chain) file: with tls-key, serve HTTPS directly")
	s.String(&c.TLSKey, "tls-key", "", "PEM private key file of tls-cert")
	s.Float64(&srv.RateLimit, "rate-limit", 0, 0, "requests a second each API key (and the tokens issued for it) may make, per instance; beyond it 429 with Retry-After; 0: no limit")
	s.Int(&srv.RateBurst, "rate-burst", 0, 0, "requests a key may make at once above its rate; 0: one second's worth")
	s.Int(&srv.MaxConcurrent, "max-concurrent", 0, 0, "requests served at once (probes and event streams not counted); more wait 250 ms, then get 503; 0: no limit")
	s.Duration(&srv.ReadTimeout, "read-timeout", 2*time.Minute, time.Second, "longest time to read a request, body included; a body late beyond it is a 408")
	s.Duration(&srv.WriteTimeout, "write-timeout", 5*time.Minute, time.Second, "longest time to write an answer; exports and streams: one write")
	s.Duration(&srv.IdleTimeout, "idle-timeout", 2*time.Minute, time.Second, "how long an idle keep-alive connection stays open")
	s.Int(&srv.MaxHeaderBytes, "max-header-bytes", 64<<10, 1<<10, "largest request header, in bytes; larger is a 431")
	return s
}
