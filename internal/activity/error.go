package activity

import (
	"errors"
	"fmt"
)

// Error codes. Each API surface maps them to its own status codes in one place.
const (
	EInvalid      = "invalid"
	EUnauthorized = "unauthorized"
	EForbidden    = "forbidden"
	ENotFound     = "not found"
	EConflict     = "conflict"
	ETooLarge     = "too large"
	ERateLimited  = "rate limited" // too many requests of one key: try again later
	EInternal     = "internal"
)

// Error is an error a person can act on: Message says what was wrong and,
// where it helps, what is accepted. Errors that are not *Error are internal
// and must not be shown to clients.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EInternal for any error that is not an
// *Error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the message of err if it is an *Error, and a generic
// text otherwise, so internals never reach a client.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
