package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want []string // lines of Text, in order
	}{
		{
			name: "go install of a release",
			bi: &debug.BuildInfo{GoVersion: "go1.24.3", Main: debug.Module{Path: "github.com/fdireview/fdireview", Version: "v0.1.0"},
				Settings: []debug.BuildSetting{{Key: "GOOS", Value: "linux"}, {Key: "GOARCH", Value: "arm64"}}},
			want: []string{"fdi " + Release, "module:   github.com/fdireview/fdireview v0.1.0", "revision: unknown", "built:    go1.24.3 linux/arm64"},
		},
		{
			name: "go build in a modified checkout",
			bi: &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/fdireview/fdireview", Version: "(devel)"},
				Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0f2e148abc"}, {Key: "vcs.time", Value: "2026-12-04T15:00:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			want: []string{"fdi " + Release, "module:   github.com/fdireview/fdireview (devel)", "revision: 0f2e148abc (2026-12-04T15:00:00Z, modified)", "built:    go1.26.0 "},
		},
		{
			name: "no build info",
			want: []string{"fdi " + Release, "revision: unknown", "built:    go"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := strings.Split(strings.TrimSuffix(FromBuildInfo(tt.bi).Text("fdi"), "\n"), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("got %q, want lines starting %q", lines, tt.want)
			}
			for i := range lines {
				if !strings.HasPrefix(lines[i], tt.want[i]) {
					t.Errorf("line %d: %q, want it to start %q", i+1, lines[i], tt.want[i])
				}
			}
		})
	}
}

// TestRelease: the release is a semantic version with a leading v, as Go modules tag them.
func TestRelease(t *testing.T) {
	parts := strings.Split(strings.TrimPrefix(Release, "v"), ".")
	if !strings.HasPrefix(Release, "v") || len(parts) != 3 {
		t.Errorf("Release %q is not vMAJOR.MINOR.PATCH", Release)
	}
}
