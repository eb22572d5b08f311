// Package odata reads OData v4 system query options ($filter, $search,
// $orderby, $select, $top, $skip, $count) for every report and entity set
// agentlog serves under /xapi/v1, and applies them: in memory over rows
// (Options.Apply) or, for large entity sets, as SQL for SQLite and
// PostgreSQL (Options.SQL). It imports nothing but the standard library.
//
// A request's query string goes through ParseOptions, which lexes and
// parses each option, then checks it against the entity's declared
// properties and types. Every mistake of the client is an *Error with the
// option, the byte offset within its decoded value and what was expected;
// handlers answer it with 400.
//
// # $filter
//
// Comparison (eq ne gt ge lt le), logic (and or not), "in (...)",
// arithmetic (add sub mul div mod), parentheses, and the functions
// contains startswith endswith tolower toupper length indexof substring
// trim concat year month day hour minute second date time now. Literals:
// strings in single quotes (a quote inside doubled), integers, decimals
// (1.5, 1e3), true, false, null, dates (2025-05-01), DateTimeOffsets
// (2025-05-01T08:00:00.123Z, +03:00 or -05:00; seconds optional), times
// of day (08:30:00), durations (duration'PT1H30M') and GUIDs (bare
// 8-4-4-4-12 hex). A filter has at most 4096 tokens and 100 levels of
// nesting.
//
// Decisions where OData leaves a choice or the contract is silent:
//
//   - Precedence, tightest first: unary minus; mul div mod; add sub;
//     lt le gt ge; eq ne in; not; and; or. "not" binds looser than
//     comparisons, so "not Name eq 'x'" is "not (Name eq 'x')".
//   - Keywords, operators and function names are lower case; property
//     names are case-sensitive (a wrong case gets a "did you mean" hint).
//     Option names are case-insensitive ($TOP), as OData 4.01 allows.
//   - Null: null eq null is true; other comparisons with null are false;
//     and/or/not are three-valued; functions and arithmetic of null are
//     null; division and modulo by zero are null.
//   - A DateTimeOffset compared with a Date compares with midnight UTC of
//     that date. year() ... second(), date() and time() of a DateTimeOffset
//     read the offset the value carries in memory, UTC in SQL (which holds
//     UTC milliseconds); now() is UTC.
//   - mod takes integers only; div of two integers truncates.
//   - trim removes spaces; length, indexof and substring count characters;
//     substring clamps a start or length out of range.
//   - Bare durations (PT1H without duration'...') are not accepted: they
//     would read as property names.
//
// String forms are canonical (see printer.go), so that a parsed filter
// printed and parsed again gives the same tree.
//
// # $search
//
// Words and "phrases" (\" and \\ escape inside), AND, OR, NOT (upper case),
// parentheses; adjacent terms are joined by AND. A term matches a row when
// the text form of one of its properties (as JSON shows it) contains the
// term, ignoring case. $search runs in memory only.
//
// # $orderby, $select, $top, $skip, $count
//
// $orderby and $select take properties, not expressions; null sorts first
// ascending and last descending. $select takes * for all; $top and $skip
// take non-negative integers; $count true or false. $expand and every
// other option starting with $ are errors, and so is an option given twice.
package odata
