package config

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Error is a setting with a value that is not accepted. Its message is one
// line naming the setting, the value (masked when secret), where it came
// from and what is accepted.
type Error struct {
	Setting, Value, Source, Accepts string
}

func (e *Error) Error() string {
	return fmt.Sprintf("invalid configuration: %s = %q (from %s): want %s", e.Setting, e.Value, e.Source, e.Accepts)
}

// File declares the setting that names the configuration file. It comes
// from its flag or environment variable only, and is read before the other
// settings are resolved.
func (s *Set) File(p *string, name, help string) *Setting {
	st := s.String(p, name, "", help)
	st.Kind = "file"
	return st
}

// Resolve gives every setting its value, from the first of: its flag, its
// environment variable (when not empty), the configuration file, its
// default; then validates and stores each. The first invalid value is
// returned as an *Error; an unreadable file or an unknown key in it as a
// plain error.
func (s *Set) Resolve(getenv func(string) string) error {
	var file map[string]string
	for _, st := range s.settings {
		if st.Kind != "file" {
			continue
		}
		st.pick(getenv, nil)
		if err := st.parse(st.value); err != nil {
			return err
		}
		var err error
		if file, err = s.readFile(st.value); err != nil {
			return err
		}
	}
	for _, st := range s.settings {
		if st.Kind == "file" {
			continue
		}
		st.pick(getenv, file)
		if err := st.parse(st.value); err != nil {
			return &Error{Setting: st.Name, Value: st.Shown(), Source: st.sourceName(), Accepts: err.Error()}
		}
	}
	return nil
}

// pick chooses the raw value by precedence.
func (st *Setting) pick(getenv func(string) string, file map[string]string) {
	switch fv, inFile := file[st.Name]; {
	case st.flag.set:
		st.value, st.source = st.flag.s, "flag"
	case getenv(st.Env) != "":
		st.value, st.source = getenv(st.Env), "env"
	case inFile:
		st.value, st.source = fv, "file"
	default:
		st.value, st.source = st.Default, "default"
	}
}

func (st *Setting) sourceName() string {
	switch st.source {
	case "flag":
		return "flag --" + st.Name
	case "env":
		return "environment variable " + st.Env
	case "file":
		return "the configuration file"
	}
	return "the default"
}

// readFile reads a TOML file of settings as raw values. Its keys must be
// names of settings.
func (s *Set) readFile(path string) (map[string]string, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the configuration file: %w", err)
	}
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("configuration file %s is not valid TOML: %s", path, oneLine(err))
	}
	out := make(map[string]string, len(doc))
	for key, v := range doc {
		st := s.Lookup(key)
		if st == nil || st.Kind == "file" {
			return nil, fmt.Errorf("configuration file %s: unknown setting %q (known: %s)", path, key, s.names())
		}
		raw, err := rawFromTOML(v)
		if err != nil {
			return nil, fmt.Errorf("configuration file %s: setting %q: %v", path, key, err)
		}
		out[key] = raw
	}
	return out, nil
}

// rawFromTOML turns a TOML value into the text a flag would hold.
func rawFromTOML(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case bool:
		return strconv.FormatBool(v), nil
	case []any:
		parts := make([]string, len(v))
		for i, item := range v {
			s, ok := item.(string)
			if !ok {
				return "", errors.New("a list must hold strings")
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("a %T is not accepted: use a string, integer, boolean or list of strings", v)
}

func (s *Set) names() string {
	var names []string
	for _, st := range s.settings {
		if st.Kind != "file" {
			names = append(names, st.Name)
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
