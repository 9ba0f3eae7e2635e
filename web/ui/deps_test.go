package ui

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoHTTPFramework checks that the package links no HTTP framework, so that the CLI
// can write HTML reports with it (`fdi diff --format html`) without gin.
func TestNoHTTPFramework(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	out, err := exec.Command(goBin, "list", "-deps", "-test=false", "github.com/fdireview/fdireview/web/ui").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list listed only %d packages: %q", len(deps), deps)
	}
	for _, d := range deps {
		if strings.HasPrefix(d, "github.com/gin-gonic/") || d == "github.com/fdireview/fdireview/web" {
			t.Errorf("web/ui depends on %s", d)
		}
	}
}
