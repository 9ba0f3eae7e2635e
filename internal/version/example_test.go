package version_test

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/fdireview/fdireview/internal/version"
)

func ExampleFromBuildInfo() {
	bi := &debug.BuildInfo{GoVersion: "go1.24.3", Main: debug.Module{Path: "github.com/fdireview/fdireview", Version: "v0.1.1-0.20261204150000-0f2e148abcde"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0f2e148"}, {Key: "GOOS", Value: "linux"}, {Key: "GOARCH", Value: "amd64"}}}
	fmt.Print(strings.ReplaceAll(version.FromBuildInfo(bi).Text("fdi"), version.Release, "vX.Y.Z"))
	// Output:
	// fdi vX.Y.Z
	// module:   github.com/fdireview/fdireview v0.1.1-0.20261204150000-0f2e148abcde
	// revision: 0f2e148
	// built:    go1.24.3 linux/amd64
}
