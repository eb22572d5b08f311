package activity

import "regexp"

// Status categories, which give a status its meaning in reports and pages.
const (
	CategoryAvailable = "available"
	CategoryBusy      = "busy"
	CategoryAway      = "away"
	CategoryOffline   = "offline"
	CategoryOther     = "other"
)

// StatusDefinition is a status a tenant has defined. Events may carry
// statuses that are not defined; a definition only adds a category and a
// colour.
type StatusDefinition struct {
	Name     string
	Category string
	Color    string // #rrggbb
}

var colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Validate checks a status definition and fills defaults.
func (d *StatusDefinition) Validate() error {
	if err := checkText("status name", d.Name); err != nil {
		return err
	}
	if d.Name == "" || len(d.Name) > maxStatusLen {
		return Errorf(EInvalid, "status name must be 1 to %d characters", maxStatusLen)
	}
	switch d.Category {
	case "":
		d.Category = CategoryOther
	case CategoryAvailable, CategoryBusy, CategoryAway, CategoryOffline, CategoryOther:
	default:
		return Errorf(EInvalid, "category %q is not valid: use available, busy, away, offline or other", d.Category)
	}
	if d.Color == "" {
		d.Color = "#888888"
	}
	if !colorPattern.MatchString(d.Color) {
		return Errorf(EInvalid, "color %q is not valid: use #rrggbb", d.Color)
	}
	return nil
}
