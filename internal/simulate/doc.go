// Package simulate generates a synthetic contact center: agents with
// groups, queues and extensions, their daily shifts (login and logout per
// queue), the statuses they pass through (Available, breaks, lunch,
// meetings, training, …) and the calls they take or place, with a daily
// arrival profile, log-normal talk times and realistic shares of missed,
// abandoned, busy and failed calls. It feeds demos, load tests and
// benchmarks with data that looks like a real day's work.
//
// The output is deterministic: every random draw comes from a PCG seeded
// from Config.Seed together with the simulated local date and the agent's
// index, and every id is a name-based UUID of the same coordinates. So the
// same Seed and End give byte-identical output, and, because a day does not
// depend on the days before it or on End, a later run with a later End
// repeats the history it shares with an earlier one with the same ids; an
// ingest of both stores each item once. Nothing reads the clock: End says
// what "now" is, and nothing after it is emitted, so a demo fed with
// End = now looks live, with agents logged in and on shift.
//
// Run streams the data to a Sink in batches, day by day, reusing its batch
// slices, so memory stays flat however many days are simulated.
package simulate
