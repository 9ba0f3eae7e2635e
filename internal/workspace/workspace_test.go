package workspace

import (
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// nested are the workspace's other modules, relative to the repository root, whose
// packages `go test ./...` at the root does not reach.
var nested = []string{"./cmd/...", "./web/..."}

// TestNestedModules runs `go test` on the nested modules from the repository root (the
// workspace), forwarding this run's flags.
func TestNestedModules(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.work")); err != nil {
		t.Skipf("no go.work at %s (not a checkout): the nested modules are not here", root)
	}
	if os.Getenv("GOWORK") == "off" {
		t.Skip("GOWORK=off: the nested modules are tested from their own directories")
	}
	// The go command caches this test's result keyed by the files it opened: open every
	// file the nested tests depend on (their sources, testdata and the library's), so that
	// an edit anywhere re-runs them.
	if err := touchTree(root); err != nil {
		t.Fatal(err)
	}
	args := []string{"test"}
	for _, name := range []string{"run", "skip", "short", "v", "count", "failfast", "cpu"} {
		f := flag.Lookup("test." + name)
		if f == nil || f.Value.String() == f.DefValue {
			continue
		}
		args = append(args, "-"+name+"="+f.Value.String())
	}
	if d, ok := t.Deadline(); ok {
		// Leave this test a minute to report.
		left := time.Until(d) - time.Minute
		if left < time.Minute {
			t.Fatalf("only %v left for the nested modules' tests; raise -timeout", time.Until(d))
		}
		args = append(args, "-timeout="+left.Round(time.Second).String())
	}
	args = append(args, nested...)
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if testing.Verbose() || err != nil {
		t.Logf("go %s\n%s", strings.Join(args, " "), out)
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("the nested modules' tests failed (exit %d); output above", ee.ExitCode())
		}
		t.Fatalf("go %s: %v", strings.Join(args, " "), err)
	}
}

// touchTree opens every regular file under root except the .git folder, so that the go
// command's test cache sees them as this test's inputs.
func touchTree(root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		_, err = io.CopyN(io.Discard, f, 1)
		f.Close()
		if err == io.EOF {
			err = nil
		}
		return err
	})
}
