// Package loadtest holds a test that runs a sustained mixed load against
// the real server on loopback: ingestion of every kind together with every
// read API (native lists, reports, presence, export, and the VoIPcube,
// Cention, OneUptime and 3CX XAPI surfaces). It requires no error, no
// growth of the live heap or of goroutines from the first third of the run
// to the last beyond a stated allowance, and logs each route's latency.
//
// The package has no code of its own. The run lasts
// AGENTLOG_LOAD_DURATION (a Go duration, such as 5m) per database, 10 s by
// default.
package loadtest
