package odata

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Options are the parsed system query options of one request, checked
// against an entity. Make them with ParseOptions.
type Options struct {
	Filter  Expr        // $filter; nil if absent
	Search  SearchExpr  // $search; nil if absent
	OrderBy []OrderItem // $orderby, most significant key first
	Select  []string    // $select; nil means all properties
	Top     *int        // $top; nil if absent
	Skip    *int        // $skip; nil if absent
	Count   bool        // $count=true: the client wants @odata.count

	// Now gives the instant of now() in $filter; nil means time.Now.
	// Set it to make results deterministic in tests.
	Now func() time.Time

	entity *Entity
}

// OrderItem is one key of $orderby.
type OrderItem struct {
	Property Property
	Desc     bool
}

// ParseOptions reads the system query options from the raw query string
// of a request (url.URL.RawQuery: names may arrive percent-encoded, as
// %24top, and values URLSearchParams style, + for a space) and checks them
// against e. Option names are case-insensitive (OData 4.01); parameters
// that do not start with $ are not options and are ignored. Unknown
// options, $expand (no entity served has navigation properties), repeated
// options and malformed values are an *Error.
func ParseOptions(rawQuery string, e *Entity) (*Options, error) {
	o := &Options{entity: e}
	seen := map[string]bool{}
	for _, param := range strings.Split(rawQuery, "&") {
		rawName, rawValue, _ := strings.Cut(param, "=")
		if !strings.HasPrefix(rawName, "$") && !strings.HasPrefix(rawName, "%24") {
			continue
		}
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			return nil, errorf("", -1, "malformed percent-encoding in the option name %q", rawName)
		}
		name = strings.ToLower(name)
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return nil, errorf(name, -1, "malformed percent-encoding in the value")
		}
		if seen[name] {
			return nil, errorf(name, -1, "the option is given more than once")
		}
		seen[name] = true
		if err := o.set(name, value); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// set parses the value of one option into o.
func (o *Options) set(name, value string) error {
	var err error
	switch name {
	case "$filter":
		if o.Filter, err = parseFilter(value); err == nil {
			err = check(o.Filter, o.entity)
		}
	case "$search":
		o.Search, err = parseSearch(value)
	case "$orderby":
		o.OrderBy, err = parseOrderBy(value, o.entity)
	case "$select":
		o.Select, err = parseSelect(value, o.entity)
	case "$top":
		o.Top, err = parseNonNegative(name, value)
	case "$skip":
		o.Skip, err = parseNonNegative(name, value)
	case "$count":
		o.Count, err = parseBool(name, value)
	case "$expand":
		err = errorf(name, -1, "$expand is not supported: %s has no navigation properties", o.entity.Name)
	default:
		err = errorf(name, -1, "unknown system query option %s (supported: $filter, $search, $orderby, $select, $top, $skip, $count)", name)
	}
	return err
}

func parseNonNegative(option, value string) (*int, error) {
	if bad := strings.IndexFunc(value, func(r rune) bool { return r < '0' || r > '9' }); bad >= 0 || value == "" {
		return nil, errorf(option, max(bad, 0), "expected a non-negative integer, found %q", value)
	}
	n, err := strconv.Atoi(value)
	if err != nil {
		return nil, errorf(option, 0, "%s is too large", value)
	}
	return &n, nil
}

func parseBool(option, value string) (bool, error) {
	switch value {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, errorf(option, 0, "expected true or false, found %q", value)
}

// now returns the instant now() stands for, in UTC so that in-memory date
// functions agree with SQL, which holds instants as UTC milliseconds.
func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now().UTC()
	}
	return time.Now().UTC()
}
