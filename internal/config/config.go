// Package config resolves a command's settings from flags, environment
// variables and a TOML file, in that order of precedence over the
// defaults. Each setting is declared once, with its name, default, help,
// validation and whether it is secret; the flag, the environment variable
// (AGENTLOG_ and the name in upper snake case) and the file key (the name)
// all come from that one declaration, and so do --print-config and the
// configuration reference in docs/.
//
// The standard flag package parses the command line; the resolution across
// sources is written here because no small module does exactly this
// precedence with masked printing. The file is TOML, read with
// github.com/BurntSushi/toml.
package config

import (
	"flag"
	"fmt"
	"strings"
)

// Set is the settings of one command.
type Set struct {
	prefix   string // of environment variables, e.g. "AGENTLOG_"
	settings []*Setting
}

// NewSet makes an empty set whose environment variables start with prefix.
func NewSet(prefix string) *Set { return &Set{prefix: prefix} }

// Setting is one setting: its declaration and, once resolved, its value and
// where the value came from.
type Setting struct {
	Name    string // flag name and file key, e.g. "max-batch"
	Env     string // environment variable, e.g. "AGENTLOG_MAX_BATCH"
	Default string
	Help    string
	Kind    string // string, integer, boolean, duration or list: the value's type in the file
	Accepts string // what a valid value looks like, for error messages
	Secret  bool   // masked by --print-config
	mask    func(string) string
	parse   func(string) error // validates the raw value and stores it

	flag   rawValue
	value  string // the effective raw value
	source string // default, file, env or flag
}

// Settings lists the set's settings in declaration order.
func (s *Set) Settings() []*Setting { return s.settings }

// Lookup finds a setting by name.
func (s *Set) Lookup(name string) *Setting {
	for _, st := range s.settings {
		if st.Name == name {
			return st
		}
	}
	return nil
}

// add declares a setting.
func (s *Set) add(name, def, help, kind, accepts string, parse func(string) error) *Setting {
	if s.Lookup(name) != nil {
		panic("config: setting " + name + " declared twice")
	}
	st := &Setting{Name: name, Env: s.prefix + envName(name), Default: def, Help: help,
		Kind: kind, Accepts: accepts, parse: parse}
	st.flag = rawValue{s: def, boolean: kind == "boolean"}
	s.settings = append(s.settings, st)
	return st
}

// Mask makes the setting secret: --print-config shows it through mask
// (MaskAll hides it whole, MaskDSN only the password in it).
func (st *Setting) Mask(mask func(string) string) *Setting {
	st.Secret, st.mask = true, mask
	return st
}

// Value is the effective raw value and Source where it came from: default,
// file, env or flag.
func (st *Setting) Value() (value, source string) { return st.value, st.source }

// Shown is the value as --print-config shows it: masked when secret.
func (st *Setting) Shown() string {
	if st.mask != nil && st.value != "" {
		return st.mask(st.value)
	}
	return st.value
}

// Flags registers every setting as a flag of fs. Flags only record what was
// given; Resolve parses and validates.
func (s *Set) Flags(fs *flag.FlagSet) {
	for _, st := range s.settings {
		fs.Var(&st.flag, st.Name, fmt.Sprintf("%s (env %s)", st.Help, st.Env))
	}
}

// envName turns max-batch into MAX_BATCH.
func envName(name string) string {
	return strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// rawValue is a flag that keeps its text and whether it was given.
type rawValue struct {
	s       string
	set     bool
	boolean bool
}

func (v *rawValue) String() string { return v.s }

func (v *rawValue) Set(s string) error {
	v.s, v.set = s, true
	return nil
}

// IsBoolFlag lets a boolean setting be given as --demo alone.
func (v *rawValue) IsBoolFlag() bool { return v.boolean }
