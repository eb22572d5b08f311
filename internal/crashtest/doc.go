// Package crashtest holds tests that build the real agentlog binary, run
// it over SQLite and PostgreSQL while clients write to it and read from it,
// and stop it the hard way (SIGKILL) or the orderly way (SIGTERM). They
// then require what agentlog promises: every batch answered 2xx is stored,
// each event exactly once; a batch never answered is stored whole or not
// at all; the database is consistent; and an answer cut by a stop is one
// the client can tell from a whole one.
//
// The package has no code of its own: it exists for its tests, which take
// a few seconds each by default. AGENTLOG_CRASH_ROUNDS=N runs N rounds of
// SIGKILL per database instead of 3.
package crashtest
