package config

import (
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Print writes the effective configuration as a TOML file would hold it,
// each line with where its value came from. Secret settings are masked.
// The file setting is shown as a comment, since a file cannot name itself.
func (s *Set) Print(w io.Writer) error {
	for _, st := range s.settings {
		line := fmt.Sprintf("%s = %s", st.Name, st.tomlValue())
		if st.Kind == "file" {
			line = "# " + line
		}
		if _, err := fmt.Fprintf(w, "%-48s # %s\n", line, st.source); err != nil {
			return err
		}
	}
	return nil
}

// tomlValue is the shown value as a TOML literal of the setting's kind.
func (st *Setting) tomlValue() string {
	v := st.Shown()
	switch st.Kind {
	case "integer", "boolean":
		return v
	case "list":
		var items []string
		for _, item := range strings.Split(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				items = append(items, strconv.Quote(item))
			}
		}
		return "[" + strings.Join(items, ", ") + "]"
	}
	return strconv.Quote(v)
}

// Masked is what a masked secret shows instead of its value.
const Masked = "*****"

// MaskAll hides a secret whole.
func MaskAll(string) string { return Masked }

// dsnPassword finds password=... in a key=value connection string or in a
// URL's query.
var dsnPassword = regexp.MustCompile(`(?i)(password=)('[^']*'|[^\s&]*)`)

// MaskDSN hides the password of a database connection string, in any of
// its forms (postgres://user:pw@host, ?password=pw, password=pw host=h),
// and keeps the rest, which an operator needs to see.
func MaskDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), Masked)
			// The URL escapes the mask's asterisks; show them as they are.
			dsn = strings.Replace(u.String(), url.QueryEscape(Masked), Masked, 1)
		}
	}
	return dsnPassword.ReplaceAllString(dsn, "${1}"+Masked)
}

// Reference writes the settings as a Markdown table: the configuration
// reference of docs/configuration.md is this output.
func (s *Set) Reference(w io.Writer) error {
	fmt.Fprintln(w, "| flag | environment | file key | default | meaning |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, st := range s.settings {
		key, def := "`"+st.Name+"`", "`"+st.Default+"`"
		if st.Kind == "file" {
			key = "–"
		}
		if st.Default == "" {
			def = "(none)"
		}
		meaning := st.Help + "; " + st.Accepts
		if st.Secret {
			meaning += "; masked by --print-config"
		}
		if _, err := fmt.Fprintf(w, "| `--%s` | `%s` | %s | %s | %s |\n",
			st.Name, st.Env, key, def, strings.ReplaceAll(meaning, "|", `\|`)); err != nil {
			return err
		}
	}
	return nil
}
