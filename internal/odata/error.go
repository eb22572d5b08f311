package odata

import "fmt"

// Error is a query error: the client sent an option that is malformed,
// names something unknown or mixes types. Handlers answer it with 400;
// any other error from this package is agentlog's own fault.
type Error struct {
	Option string // the system query option, "$filter"; "" for the query string as a whole
	Pos    int    // byte offset within the option's decoded value; -1 if none
	Msg    string // what is wrong, saying what was expected
}

// Error reads "$filter at position 5: unknown property "Nme" of Call".
func (e *Error) Error() string {
	where := e.Option
	if where == "" {
		where = "query"
	}
	if e.Pos < 0 {
		return where + ": " + e.Msg
	}
	return fmt.Sprintf("%s at position %d: %s", where, e.Pos, e.Msg)
}

func errorf(option string, pos int, format string, args ...any) *Error {
	return &Error{Option: option, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}
