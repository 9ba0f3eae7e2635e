package depcheck

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// heavy are module path prefixes that a program importing only the library packages must
// never compile: the web framework and its transitive HTTP/3, BSON and codec stacks, the
// templating engine and the browser driver.
var heavy = []string{
	"github.com/gin-gonic/",
	"github.com/gin-contrib/",
	"github.com/a-h/templ",
	"github.com/chromedp/",
	"github.com/quic-go/",
	"go.mongodb.org/",
	"github.com/bytedance/",
}

// goList runs `go list` with args in dir ("" is this package's directory) and returns its
// output lines.
func goList(t *testing.T, dir string, env []string, args ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = env
	}
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	return strings.Fields(string(out))
}

// heavyIn returns the entries of list that belong to a heavy module.
func heavyIn(list []string) []string {
	var bad []string
	for _, p := range list {
		for _, h := range heavy {
			if strings.HasPrefix(p, h) {
				bad = append(bad, p)
				break
			}
		}
	}
	return bad
}

// TestLibraryDeps lists every package that importing a library package compiles (its tests
// excluded: a user never builds them) and fails if the web stack is among them.
func TestLibraryDeps(t *testing.T) {
	const mod = "github.com/fdireview/fdireview/"
	for _, pkg := range []string{"rawform", "diff", "accept", "roma", "roma/romatest", "schema", "taskset", "textconv"} {
		t.Run(pkg, func(t *testing.T) {
			deps := goList(t, "", nil, "-deps", mod+pkg)
			if len(deps) < 2 {
				t.Fatalf("go list -deps %s listed %d packages; want the package and its imports", pkg, len(deps))
			}
			if bad := heavyIn(deps); len(bad) > 0 {
				t.Errorf("importing %s compiles %v", pkg, bad)
			}
		})
	}
}

// TestHeavyIsSeen guards the test above: the viewer package does link the web stack, so
// the check must find it there. (Without this, a typo in heavy would pass silently.)
func TestHeavyIsSeen(t *testing.T) {
	needWorkspace(t)
	deps := goList(t, "", nil, "-deps", "github.com/fdireview/fdireview/web")
	for _, want := range []string{"github.com/gin-gonic/", "github.com/a-h/templ"} {
		if bad := heavyIn(deps); !strings.Contains(strings.Join(bad, " "), want) {
			t.Errorf("go list -deps web: no %s package found; the check would miss it", want)
		}
	}
}

// TestCLIDeps: the fdi binary links no web framework. --format html renders with web/ui
// (templ components, no HTTP server), so templ is allowed; gin and what it brings (HTTP/3,
// BSON, codecs: most of a 25 MB binary and ~20 ms of package init) are not.
func TestCLIDeps(t *testing.T) {
	needWorkspace(t)
	deps := goList(t, "", nil, "-deps", "github.com/fdireview/fdireview/cmd/fdi")
	var bad []string
	for _, p := range heavyIn(deps) {
		if !strings.HasPrefix(p, "github.com/a-h/templ") {
			bad = append(bad, p)
		}
	}
	if len(bad) > 0 {
		t.Errorf("cmd/fdi links %v", bad)
	}
}

// needWorkspace skips a test that looks at the web or cmd module, which only the
// repository's go.work puts beside this one.
func needWorkspace(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("../../go.work"); err != nil || os.Getenv("GOWORK") == "off" {
		t.Skip("needs the repository's go.work (the web and cmd modules)")
	}
}

// TestLibraryModule: the library's go.mod asks nothing of an importer beyond its own
// code's needs: go 1.24, no toolchain line, no tool directive (templ is the web module's
// tool) and no requirement on the web stack.
func TestLibraryModule(t *testing.T) {
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if got := modLines(gomod, "go "); len(got) != 1 || got[0] != "go 1.24" {
		t.Errorf("go.mod: %q, want go 1.24", got)
	}
	for _, p := range []string{"toolchain", "tool "} {
		if got := modLines(gomod, p); len(got) > 0 {
			t.Errorf("go.mod has %q", got)
		}
	}
	if bad := heavyIn(requirements(gomod)); len(bad) > 0 {
		t.Errorf("go.mod requires %v", bad)
	}
}
