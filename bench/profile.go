package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// profile is --cpuprofile: the file a CPU profile of the measured requests
// goes to. The server runs in this process, so the profile is the server's
// (and the client's) work. It covers a workload's first parallel run, the
// requests to the server: not the data building before, nor the raw
// baseline after. With several workloads or databases the last one wins.
var profile string

var (
	profileFile *os.File
	profiled    bool // this workload's requests were profiled already
)

// startProfile starts the CPU profile, if one was asked for and this
// workload has none yet.
func startProfile() {
	if profile == "" || profiled {
		return
	}
	profiled = true
	f, err := os.Create(profile)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fail("--cpuprofile: " + err.Error())
	}
	profileFile = f
}

// stopProfile ends a profile startProfile began.
func stopProfile() {
	if profileFile == nil {
		return
	}
	pprof.StopCPUProfile()
	if err := profileFile.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "bench: --cpuprofile:", err)
	}
	profileFile = nil
}
