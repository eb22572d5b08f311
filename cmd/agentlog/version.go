package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is stamped by the build script (.ci/build) with
// -ldflags "-X main.version=v1.2.3". Without it, the version comes from
// the build information Go records: the module's version under
// "go install agentlog/cmd/agentlog@v1.2.3", or the commit of a checkout.
var version string

func (p *Program) version(args []string) error {
	fs := p.newFlags("version", "version")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("version", rest); err != nil {
		return err
	}
	_, err = fmt.Fprintf(p.Stdout, "agentlog %s (%s %s/%s)\n", versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}

// versionString is the stamped version, or the best the build information
// gives: a module version, or devel with the commit and whether the tree
// had changes.
func versionString() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	return fromBuildInfo(info)
}

func fromBuildInfo(info *debug.BuildInfo) string {
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	v := "devel"
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		v += "+" + rev[:min(12, len(rev))]
		if settings["vcs.modified"] == "true" {
			v += "-dirty"
		}
	}
	return v
}
