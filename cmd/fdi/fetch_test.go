package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

const (
	fetchSeedID = "9496207a5d6b44b486d79005b5815bd4"
	fetchToken  = "MIIDkg-fetch-test-token"
)

// runFetch runs "fdi fetch" against srv with the given environment (FDI_* and the token
// variable) and returns the exit code and output.
func runFetch(t *testing.T, environ map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return environ[k] }}
	code := run(t.Context(), e, append([]string{"fetch"}, args...))
	if strings.Contains(out.String(), fetchToken) || strings.Contains(errb.String(), fetchToken) {
		t.Errorf("the token appears in the output:\n%s\n%s", out.String(), errb.String())
	}
	return code, out.String(), errb.String()
}

func fetchServer(t *testing.T, tasks ...romatest.Fixture) (*romatest.Server, map[string]string) {
	t.Helper()
	if tasks == nil {
		tasks = romatest.Examples()
	}
	srv := romatest.NewServer(tasks...)
	t.Cleanup(srv.Close)
	srv.SetToken(fetchToken)
	return srv, map[string]string{
		"FDI_ENDPOINT": srv.URL, "FDI_PROJECT": romatest.ProjectID, "FDI_INSTANCE": romatest.InstanceID,
		roma.TokenEnv: fetchToken,
	}
}

func seedBody(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../testdata/examples/seed-response.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFetchWritesTheBodyVerbatim(t *testing.T) {
	srv, environ := fetchServer(t)
	code, out, errOut := runFetch(t, environ, "--task", fetchSeedID)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if out != string(seedBody(t)) {
		t.Errorf("stdout is not the served body")
	}
	r := srv.Requests()[0]
	if r.Header.Get("X-Auth-Token") != fetchToken || strings.Contains(r.URI, fetchToken) {
		t.Errorf("token not sent as a header only: %+v", r)
	}

	file := filepath.Join(t.TempDir(), "seed.json")
	code, out, errOut = runFetch(t, environ, "--task", fetchSeedID, "-o", file)
	if code != 0 || out != "" || !strings.Contains(errOut, "wrote task "+fetchSeedID) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	got, err := os.ReadFile(file)
	if err != nil || !bytes.Equal(got, seedBody(t)) {
		t.Errorf("file differs from the served body (err %v)", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".*.tmp")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestFetchFlagsOverrideTheEnvironmentAndTokenFile(t *testing.T) {
	srv, environ := fetchServer(t)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(fetchToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	only := map[string]string{"FDI_ENDPOINT": "http://127.0.0.1:1", roma.TokenEnv: "wrong-token"}
	code, out, errOut := runFetch(t, only, "--endpoint", srv.URL, "--project", environ["FDI_PROJECT"],
		"--instance", environ["FDI_INSTANCE"], "--token-file", tokenFile, "--task", fetchSeedID)
	if code != 0 || out != string(seedBody(t)) {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

func TestFetchDetailOnly(t *testing.T) {
	_, environ := fetchServer(t)
	code, out, errOut := runFetch(t, environ, "--task", fetchSeedID, "--detail-only")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var detail map[string]any
	if err := json.Unmarshal([]byte(out), &detail); err != nil || detail["taskName"] != "fdi_task_pzy4m5" {
		t.Fatalf("not the task_detail document (%v): %.200s", err, out)
	}
	if !strings.HasPrefix(out, "{\n  \"") {
		t.Errorf("not indented: %.40q", out)
	}
}

func TestFetchInvalidTask(t *testing.T) {
	bad := []byte(`{"task":{"task_id":"badtask","task_name":"x"},"task_detail":"{\"taskName\":3}"}`)
	_, environ := fetchServer(t, romatest.Fixture{ID: "badtask", Body: bad})
	dir := t.TempDir()
	file := filepath.Join(dir, "bad.json")

	code, _, errOut := runFetch(t, environ, "--task", "badtask", "-o", file)
	if code != 1 || !strings.Contains(errOut, "badtask:/task_detail") || !strings.Contains(errOut, "nothing written") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("an invalid task was written without --force")
	}

	code, _, errOut = runFetch(t, environ, "--task", "badtask", "-o", file, "--force")
	if code != 1 {
		t.Errorf("--force: exit %d, want 1; stderr:\n%s", code, errOut)
	}
	if got, err := os.ReadFile(file); err != nil || !bytes.Equal(got, bad) {
		t.Errorf("--force did not write the bytes (err %v)", err)
	}
}

func TestFetchWarningsDoNotFail(t *testing.T) {
	_, environ := fetchServer(t)
	code, _, errOut := runFetch(t, environ, "--task", "5c1f0a9e3b7d4e21a8c6f4d2b0e9a713")
	if code != 0 || !strings.Contains(errOut, "warning") {
		t.Errorf("exit %d, stderr %q; want 0 with warnings printed", code, errOut)
	}
}

func TestFetchErrors(t *testing.T) {
	tests := []struct {
		name     string
		environ  func(map[string]string)
		fault    *romatest.Fault
		args     []string
		want     string // in stderr
		requests int
	}{
		{name: "not found", args: []string{"--task", "0123456789abcdef"}, want: "FDI.3021", requests: 1},
		{name: "wrong token", environ: func(m map[string]string) { m[roma.TokenEnv] = "wrong" }, args: []string{"--task", fetchSeedID}, want: "hint: check the IAM token (read from ROMA_AUTH_TOKEN)", requests: 1},
		{name: "no token", environ: func(m map[string]string) { delete(m, roma.TokenEnv) }, args: []string{"--task", fetchSeedID}, want: "warning: no credentials", requests: 1},
		{name: "path injection", args: []string{"--task", "../../x"}, want: "invalid task id", requests: 0},
		{name: "instance injection", environ: func(m map[string]string) { m["FDI_INSTANCE"] = "a/b" }, args: []string{"--task", fetchSeedID}, want: "invalid instance id", requests: 0},
		{name: "no endpoint", environ: func(m map[string]string) { delete(m, "FDI_ENDPOINT") }, args: []string{"--task", fetchSeedID}, want: "no endpoint", requests: 0},
		{name: "no task", args: []string{}, want: "give --task", requests: 0},
		{name: "list and task", args: []string{"--list", "--task", fetchSeedID}, want: "exclude each other", requests: 0},
		{name: "bad format", args: []string{"--list", "--format", "xml"}, want: "unknown --format", requests: 0},
		{name: "stray argument", args: []string{"--task", fetchSeedID, "extra"}, want: "unexpected argument", requests: 0},
		{name: "token with a newline inside", environ: func(m map[string]string) { m[roma.TokenEnv] = "a\nb" }, args: []string{"--task", fetchSeedID}, want: roma.TokenEnv, requests: 0},
		{name: "HTML from a proxy", fault: ptrFault(romatest.HTMLPage(404)), args: []string{"--task", fetchSeedID}, want: "not an FDI error body", requests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, environ := fetchServer(t)
			if tt.environ != nil {
				tt.environ(environ)
			}
			if tt.fault != nil {
				srv.Inject(0, *tt.fault)
			}
			code, out, errOut := runFetch(t, environ, tt.args...)
			if code != 2 || out != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing written", code, out)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr does not contain %q:\n%s", tt.want, errOut)
			}
			if n := len(srv.Requests()); n != tt.requests {
				t.Errorf("server saw %d requests, want %d", n, tt.requests)
			}
		})
	}
}

func ptrFault(f romatest.Fault) *romatest.Fault { return &f }

func TestFetchList(t *testing.T) {
	srv, environ := fetchServer(t)
	code, out, errOut := runFetch(t, environ, "--list", "--name", "pzy4m5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "TASK ID                           NAME                TYPE    STATUS   CREATED\n" +
		"5c1f0a9e3b7d4e21a8c6f4d2b0e9a713  fdi_task_pzy4m5_v2  TIMING  running  2022-10-28T23:33:20Z\n" +
		"9496207a5d6b44b486d79005b5815bd4  fdi_task_pzy4m5     TIMING  stopped  2022-10-26T08:19:35.897Z\n" +
		"2 of 2 tasks\n"
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	if q := srv.Requests()[0].RawQuery; !strings.Contains(q, "name=pzy4m5") {
		t.Errorf("query %q", q)
	}

	code, out, errOut = runFetch(t, environ, "--list", "--format", "json", "--limit", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var list roma.TaskList
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	if list.Total != 5 || list.Size != 2 || len(list.Entities) != 2 || list.Entities[0].TaskType != "TIMING" {
		t.Errorf("list = %+v", list)
	}
}

func TestFetchVerboseLogsWithoutTheToken(t *testing.T) {
	srv, environ := fetchServer(t)
	srv.Inject(1, romatest.Status(503))
	code, _, errOut := runFetch(t, environ, "--task", fetchSeedID, "-v")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "roma: retrying request") || !strings.Contains(errOut, "roma: response") {
		t.Errorf("-v did not log the requests:\n%s", errOut)
	}
}
