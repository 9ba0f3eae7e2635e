package depcheck

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestConsumerModule builds testdata/consumer as a module of its own that requires this
// one through a replace directive, the way a user's program would import it, runs it, and
// checks that neither its packages nor the module sources it needs include the web stack.
// The consumer is a service on `go 1.24` that already requires gin v1.10.0 (a local
// stand-in module of that path and version): `go mod tidy` must leave its go directive, its
// toolchain and its gin requirement as they were, adding only the library's own lines.
// It needs no network: GOPROXY=off, and the requirements come from the module cache that
// building this module filled (its go.sum is this module's).
func TestConsumerModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a separate module")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod, err := os.ReadFile("testdata/consumer/go.mod.txt")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", bytes.ReplaceAll(gomod, []byte("MODULE_ROOT"), []byte(root)))
	src, err := os.ReadFile("testdata/consumer/main.go.txt")
	if err != nil {
		t.Fatal(err)
	}
	write("main.go", src)
	if err := os.MkdirAll(filepath.Join(dir, "gin"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"go.mod", "gin.go"} {
		b, err := os.ReadFile(filepath.Join("testdata/consumer/gin", name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		write(filepath.Join("gin", name), b)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", sum)

	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("mod", "tidy")
	tidyMod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if got := modLines(tidyMod, "go "); len(got) != 1 || got[0] != "go 1.24" {
		t.Errorf("go mod tidy changed the consumer's go directive to %q; want go 1.24:\n%s", got, tidyMod)
	}
	if got := modLines(tidyMod, "toolchain"); len(got) != 0 {
		t.Errorf("go mod tidy added %q to the consumer:\n%s", got, tidyMod)
	}
	if !strings.Contains(string(tidyMod), "github.com/gin-gonic/gin v1.10.0") {
		t.Errorf("go mod tidy moved the consumer's gin v1.10.0:\n%s", tidyMod)
	}
	if bad := heavyIn(requirements(tidyMod)); len(bad) > 1 || (len(bad) == 1 && bad[0] != "github.com/gin-gonic/gin") {
		t.Errorf("the consumer's go.mod requires %v after tidy:\n%s", bad, tidyMod)
	}
	tidySum, err := os.ReadFile(filepath.Join(dir, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	// The module sources the build needs carry an h1: line for their zip in go.sum; a
	// module whose go.mod alone was read carries only a /go.mod line.
	for _, line := range strings.Split(string(tidySum), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && !strings.HasSuffix(f[1], "/go.mod") {
			if bad := heavyIn([]string{f[0]}); len(bad) > 0 {
				t.Errorf("the consumer's build needs the source of %s %s", f[0], f[1])
			}
		}
	}
	if !strings.Contains(string(tidySum), "github.com/google/go-cmp") {
		t.Errorf("go.sum after tidy lacks go-cmp; the check above looked at nothing:\n%s", tidySum)
	}
	deps := goList(t, dir, env, "-deps", "-test", "-f", "{{if .Module}}{{.Module.Path}}{{end}}", "./...")
	// The consumer's own gin (the stand-in) is the one heavy module it may compile.
	deps = slices.DeleteFunc(deps, func(m string) bool { return m == "github.com/gin-gonic/gin" })
	if bad := heavyIn(deps); len(bad) > 0 {
		t.Errorf("the consumer compiles packages of %v", bad)
	}
	bin := filepath.Join(dir, "consumer")
	run("build", "-o", bin, ".")
	cmd := exec.Command(bin, filepath.Join(root, "testdata/examples/seed-response.json"), filepath.Join(root, "testdata/invalid/unknown-target.json"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("consumer: %v\n%s", err, out)
	}
	want := `marshal same by value and pointer: true
cmp.Diff after a round trip: ""
cmp.Diff sees a rename: true
diff.Tasks changes: true
errors.As *rawform.Error: unknown_target task_detail true
`
	if string(out) != want {
		t.Errorf("consumer printed:\n%s\nwant:\n%s", out, want)
	}
}

// TestExampleCopies: the Examples read files from their own package's testdata/ (so that
// `go doc` readers can run them anywhere); those files are copies of the repository's
// examples and must not drift from them.
func TestExampleCopies(t *testing.T) {
	pairs := map[string]string{
		"rawform/testdata/seed-response.json":                "testdata/examples/seed-response.json",
		"rawform/testdata/unknown-target.json":               "testdata/invalid/unknown-target.json",
		"rawform/testdata/unknown-field.json":                "testdata/invalid/unknown-field.json",
		"diff/testdata/seed-response.json":                   "testdata/examples/seed-response.json",
		"diff/testdata/length-narrowed-old.json":             "testdata/diff/length-narrowed/old.json",
		"diff/testdata/length-narrowed-new.json":             "testdata/diff/length-narrowed/new.json",
		"diff/testdata/mapping-removed-old.json":             "testdata/diff/mapping-removed/old.json",
		"diff/testdata/mapping-removed-new.json":             "testdata/diff/mapping-removed/new.json",
		"rawform/testdata/create-request-api-to-oracle.json": "testdata/examples/create-request-api-to-oracle.json",
		"diff/testdata/api-retargeted-old.json":              "testdata/diff/api-retargeted/old.json",
		"diff/testdata/api-retargeted-new.json":              "testdata/diff/api-retargeted/new.json",
	}
	for copyPath, orig := range pairs {
		a, err := os.ReadFile(filepath.Join("../..", copyPath))
		if err != nil {
			t.Error(err)
			continue
		}
		b, err := os.ReadFile(filepath.Join("../..", orig))
		if err != nil {
			t.Error(err)
			continue
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from %s; copy it again", copyPath, orig)
		}
	}
}

// modLines returns the lines of a go.mod that start with prefix, trimmed.
func modLines(gomod []byte, prefix string) []string {
	var out []string
	for _, line := range strings.Split(string(gomod), "\n") {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, prefix) {
			out = append(out, line)
		}
	}
	return out
}

// requirements returns the module paths a go.mod requires (block or single-line form).
func requirements(gomod []byte) []string {
	var out []string
	in := false
	for _, line := range strings.Split(string(gomod), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case f[0] == "require" && len(f) > 1 && f[1] == "(":
			in = true
		case in && f[0] == ")":
			in = false
		case in:
			out = append(out, f[0])
		case f[0] == "require" && len(f) >= 3:
			out = append(out, f[1])
		}
	}
	return out
}
