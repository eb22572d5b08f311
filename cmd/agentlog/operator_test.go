package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// runStdin runs the binary in dir with stdin.
func runStdin(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir, cmd.Env, cmd.Stdin = dir, cleanEnv(), strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("running agentlog %v: %v", args, err)
	}
	return result{out.String(), errOut.String(), code}
}

func TestOperatorCreate(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "tenant", "create", "--slug", "acme")
	ok := runStdin(t, dir, "correct horse battery\n", "operator", "create", "--email", "Ann@Acme.test", "--tenant", "acme", "--role", "admin")
	if ok.code != 0 || !strings.Contains(ok.stderr, "operator ann@acme.test created (admin of tenant acme)") || strings.Contains(ok.stdout+ok.stderr, "horse") {
		t.Fatalf("operator create: exit %d, stdout %q, stderr %q", ok.code, ok.stdout, ok.stderr)
	}
	global := runStdin(t, dir, "another long password", "operator", "create", "--email", "root@example.test")
	if global.code != 0 || !strings.Contains(global.stderr, "(viewer of every tenant)") {
		t.Fatalf("global operator create: exit %d, stderr %q", global.code, global.stderr)
	}
	for _, c := range []struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"correct horse battery\n", []string{"operator", "create", "--email", "ann@acme.test", "--tenant", "acme"}, 1, "exists already"},
		{"short\n", []string{"operator", "create", "--email", "bob@acme.test"}, 2, "the password must have 10 to 1024 characters"},
		{"correct horse battery\n", []string{"operator", "create", "--email", "bob"}, 2, `email "bob" is not an address`},
		{"correct horse battery\n", []string{"operator", "create", "--email", "bob@acme.test", "--role", "root"}, 2, `role "root" is not valid`},
		{"correct horse battery\n", []string{"operator", "create", "--email", "bob@acme.test", "--tenant", "nope"}, 1, `tenant "nope" does not exist`},
		{"", []string{"operator", "create"}, 2, "needs --email"},
		{"", []string{"operator"}, 2, "operator needs a subcommand"},
	} {
		r := runStdin(t, dir, c.stdin, c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("agentlog %v: exit %d, stderr %q; want exit %d and one line with %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
}
