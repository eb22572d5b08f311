package config

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The constructors below declare one setting each and store its parsed
// value in p when the set is resolved. Each returns the setting, so that a
// declaration can go on with .Mask(...).

// String declares a text setting; any value is accepted.
func (s *Set) String(p *string, name, def, help string) *Setting {
	return s.add(name, def, help, "string", "any text", func(v string) error {
		*p = v
		return nil
	})
}

// Address declares a listen address, host:port (the host may be empty for
// every interface); an empty value is accepted when the default is empty,
// meaning "not at all".
func (s *Set) Address(p *string, name, def, help string) *Setting {
	accepts := "host:port, such as 127.0.0.1:8080, 0.0.0.0:8080 or :8080"
	if def == "" {
		accepts += ", or empty for none"
	}
	return s.add(name, def, help, "string", accepts, func(v string) error {
		if v == "" && def == "" {
			*p = ""
			return nil
		}
		// The form only: whether the address can be listened on is for
		// the listener to say.
		if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
			return errors.New(accepts)
		}
		*p = v
		return nil
	})
}

// Choice declares a text setting that must be one of choices.
func (s *Set) Choice(p *string, name, def, help string, choices ...string) *Setting {
	accepts := "one of " + strings.Join(choices, ", ")
	return s.add(name, def, help, "string", accepts, func(v string) error {
		if !slices.Contains(choices, v) {
			return errors.New(accepts)
		}
		*p = v
		return nil
	})
}

// Int declares an integer setting of at least min.
func (s *Set) Int(p *int, name string, def, min int, help string) *Setting {
	return s.add(name, strconv.Itoa(def), help, "integer", fmt.Sprintf("an integer of at least %d", min),
		func(v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < min {
				return fmt.Errorf("an integer of at least %d", min)
			}
			*p = n
			return nil
		})
}

// Int64 declares a 64-bit integer setting of at least min.
func (s *Set) Int64(p *int64, name string, def, min int64, help string) *Setting {
	return s.add(name, strconv.FormatInt(def, 10), help, "integer", fmt.Sprintf("an integer of at least %d", min),
		func(v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < min {
				return fmt.Errorf("an integer of at least %d", min)
			}
			*p = n
			return nil
		})
}

// Float64 declares a decimal number setting of at least min.
func (s *Set) Float64(p *float64, name string, def, min float64, help string) *Setting {
	accepts := fmt.Sprintf("a number of at least %g", min)
	return s.add(name, strconv.FormatFloat(def, 'g', -1, 64), help, "number", accepts, func(v string) error {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < min || math.IsInf(f, 0) || math.IsNaN(f) {
			return errors.New(accepts)
		}
		*p = f
		return nil
	})
}

// Bool declares a boolean setting.
func (s *Set) Bool(p *bool, name string, def bool, help string) *Setting {
	return s.add(name, strconv.FormatBool(def), help, "boolean", "true or false", func(v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("true or false")
		}
		*p = b
		return nil
	})
}

// Duration declares a duration setting of at least min, written as Go
// durations are (90s, 5m, 1h30m).
func (s *Set) Duration(p *time.Duration, name string, def, min time.Duration, help string) *Setting {
	accepts := fmt.Sprintf("a duration such as 30s, 5m or 1h, of at least %s", min)
	return s.add(name, def.String(), help, "duration", accepts, func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < min {
			return errors.New(accepts)
		}
		*p = d
		return nil
	})
}

// Prefixes declares a comma-separated list of CIDR prefixes (a bare address
// is a prefix of one address).
func (s *Set) Prefixes(p *[]netip.Prefix, name, def, help string) *Setting {
	accepts := "a comma-separated list of IP addresses or CIDR prefixes such as 10.0.0.0/8,::1"
	return s.add(name, def, help, "list", accepts, func(v string) error {
		var out []netip.Prefix
		for _, item := range strings.Split(v, ",") {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			pre, err := parsePrefix(item)
			if err != nil {
				return errors.New(accepts)
			}
			out = append(out, pre)
		}
		*p = out
		return nil
	})
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), nil
}
