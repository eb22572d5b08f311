package odata

import "strings"

// Type is the type of a property or of an expression. The zero Type is
// invalid: every Property must name one.
type Type int

// The types of OData's primitive values that agentlog's entities use.
// Values of each type are held in Go as noted; Row values are converted to
// these forms before they are compared.
const (
	String         Type = iota + 1 // string
	Int                            // int64 (Edm.Int32 and Edm.Int64)
	Decimal                        // float64 (Edm.Decimal, Edm.Double)
	Bool                           // bool
	DateTimeOffset                 // time.Time, an instant with an offset
	Date                           // time.Time, midnight UTC of the day
	TimeOfDay                      // time.Duration since midnight
	Duration                       // time.Duration
	Guid                           // string, lower case
	Null                           // the type of the literal null only
)

var typeNames = map[Type]string{
	String:         "Edm.String",
	Int:            "Edm.Int64",
	Decimal:        "Edm.Decimal",
	Bool:           "Edm.Boolean",
	DateTimeOffset: "Edm.DateTimeOffset",
	Date:           "Edm.Date",
	TimeOfDay:      "Edm.TimeOfDay",
	Duration:       "Edm.Duration",
	Guid:           "Edm.Guid",
	Null:           "null",
}

// String returns the EDM name of t ("Edm.String"), as error messages show it.
func (t Type) String() string {
	if s, ok := typeNames[t]; ok {
		return s
	}
	return "invalid type"
}

// numeric reports whether t takes part in arithmetic as a number.
func (t Type) numeric() bool { return t == Int || t == Decimal }

// heldAsText reports whether SQL holds values of t as text, so that
// ordering them needs a byte-order collation to agree with Apply.
func (t Type) heldAsText() bool {
	return t == String || t == Guid || t == Date || t == TimeOfDay
}

// Property declares one property of an entity.
type Property struct {
	Name     string
	Type     Type
	Nullable bool
}

// Entity declares an entity type: the properties that queries may use.
// Names are case-sensitive, as in OData.
type Entity struct {
	Name       string
	Properties []Property
}

// property returns the declared property called name.
func (e *Entity) property(name string) (Property, bool) {
	for _, p := range e.Properties {
		if p.Name == name {
			return p, true
		}
	}
	return Property{}, false
}

// unknown returns the error for a name that is not a property of e, with a
// hint when only the letter case is wrong: clients often guess the case.
func (e *Entity) unknown(option string, pos int, name string) *Error {
	for _, p := range e.Properties {
		if strings.EqualFold(p.Name, name) {
			return errorf(option, pos, "unknown property %q (did you mean %q?)", name, p.Name)
		}
	}
	return errorf(option, pos, "unknown property %q of %s", name, e.Name)
}
