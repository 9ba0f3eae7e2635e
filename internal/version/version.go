// Package version says which fdireview a binary is: the release it was cut as (Release,
// the one place the version is written) and what the Go toolchain recorded when building
// it (module version, VCS revision and time, whether the tree was modified).
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Release is the version of this source tree, set when a release is cut (a tag vX.Y.Z
// on the commit that sets it). Between releases it names the last one.
const Release = "v0.1.0"

// Info is what a binary knows of its version.
type Info struct {
	// Release is the Release constant compiled in.
	Release string `json:"release"`
	// Module and ModuleVersion are the main module's path and version as the go command
	// recorded them: "v0.1.0" when installed with go install …@v0.1.0, a pseudo-version
	// or "(devel)" when built from a checkout; empty when the binary has no build info.
	Module        string `json:"module,omitempty"`
	ModuleVersion string `json:"module_version,omitempty"`
	// Revision, Time and Modified are the VCS commit, its time and whether the working
	// tree had changes, when the go command stamped them (go build and go install in a
	// git checkout; not go run, not -buildvcs=false).
	Revision string `json:"revision,omitempty"`
	Time     string `json:"time,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	// Go is the toolchain that built the binary, Platform its GOOS/GOARCH.
	Go       string `json:"go"`
	Platform string `json:"platform"`
}

// Read returns the running binary's Info.
func Read() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return FromBuildInfo(bi)
}

// FromBuildInfo returns the Info recorded in bi (nil: none recorded).
func FromBuildInfo(bi *debug.BuildInfo) Info {
	i := Info{Release: Release, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi == nil {
		return i
	}
	if bi.GoVersion != "" {
		i.Go = bi.GoVersion
	}
	i.Module, i.ModuleVersion = bi.Main.Path, bi.Main.Version
	var goos, goarch string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			i.Revision = s.Value
		case "vcs.time":
			i.Time = s.Value
		case "vcs.modified":
			i.Modified = s.Value == "true"
		case "GOOS":
			goos = s.Value
		case "GOARCH":
			goarch = s.Value
		}
	}
	if goos != "" && goarch != "" {
		i.Platform = goos + "/" + goarch
	}
	return i
}

// Text returns the Info in a few lines for the program name: "NAME RELEASE" first (what a script reads),
// then the module, the revision when known, and the toolchain.
func (i Info) Text(name string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", name, i.Release)
	if i.Module != "" {
		v := i.ModuleVersion
		if v == "" {
			v = "(devel)"
		}
		fmt.Fprintf(&b, "module:   %s %s\n", i.Module, v)
	}
	if i.Revision != "" {
		rev := i.Revision
		var notes []string
		if i.Time != "" {
			notes = append(notes, i.Time)
		}
		if i.Modified {
			notes = append(notes, "modified")
		}
		if len(notes) > 0 {
			rev += " (" + strings.Join(notes, ", ") + ")"
		}
		fmt.Fprintf(&b, "revision: %s\n", rev)
	} else {
		fmt.Fprintf(&b, "revision: unknown (not recorded: built with go run, -buildvcs=false or outside git)\n")
	}
	fmt.Fprintf(&b, "built:    %s %s\n", i.Go, i.Platform)
	return b.String()
}
