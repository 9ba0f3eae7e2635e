package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/roma/romatest"
)

// Task IDs of the bundled examples (roma/romatest/testdata): the documented ShowTask
// example and its crafted v2 (target narrowed and made NOT NULL, one mapping added).
const (
	seedID   = "9496207a5d6b44b486d79005b5815bd4"
	seedV2ID = "5c1f0a9e3b7d4e21a8c6f4d2b0e9a713"
)

// lockedBuffer is a bytes.Buffer safe for the program and the test to share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// viewer is the real program running in-process.
type viewer struct {
	URL    string
	stderr *lockedBuffer
	cancel context.CancelFunc
	code   chan int
}

// startViewer runs the program with args plus --addr 127.0.0.1:0 and waits for the line
// that says where it listens. Stop it with stop, which returns the exit code.
func startViewer(t *testing.T, args ...string) *viewer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	v := &viewer{stderr: &lockedBuffer{}, cancel: cancel, code: make(chan int, 1)}
	go func() {
		// A deadline per FDI call (or --dir read) that no loaded machine reaches: the
		// default 15 s covers parsing the 10,000-mapping tasks, slow under -race on a
		// crowded machine. A test's own --upstream-timeout comes later and wins.
		v.code <- run(ctx, append([]string{"--addr", "127.0.0.1:0", "--upstream-timeout", "5m"}, args...), pw, v.stderr)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		cancel()
		t.Fatalf("the viewer wrote nothing on stdout; exit %d; stderr:\n%s", <-v.code, v.stderr)
	}
	first := lines.Text()
	go io.Copy(io.Discard, pr)
	_, after, ok := strings.Cut(first, " on http://")
	if !ok || !strings.HasPrefix(first, "fdireview viewer: serving ") {
		cancel()
		t.Fatalf("first stdout line %q does not say where the viewer listens", first)
	}
	v.URL = "http://" + strings.TrimSuffix(after, "/")
	t.Cleanup(func() { v.stop() })
	return v
}

func (v *viewer) stop() int {
	v.cancel()
	c, ok := <-v.code
	if !ok {
		return 0
	}
	close(v.code)
	return c
}

// mustParse reads and parses the task saved at path.
func mustParse(t *testing.T, path string) *rawform.Task {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	task, err := rawform.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return task
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestDemo(t *testing.T) {
	t.Setenv("ROMA_AUTH_TOKEN", "")
	v := startViewer(t)
	checks := []struct {
		path   string
		status int
		want   string
	}{
		{"/healthz", 200, "ok"},
		{"/", 200, "fdi_task_pzy4m5_v2"},
		{"/tasks/" + seedID, 200, "zhenghaotest.zh_sss01"},
		{"/compare?old=" + seedID + "&new=" + seedV2ID, 200, `data-testid="badge-breaking"`},
		{"/api/compare?old=" + seedID + "&new=" + seedV2ID, 200, `"breaking"`},
		{"/tasks/ffffffffffffffffffffffffffffffff", 404, "FDI.3021"},
	}
	for _, c := range checks {
		status, body := fetch(t, v.URL+c.path)
		if status != c.status || !strings.Contains(body, c.want) {
			t.Errorf("GET %s: %d, want %d with %q", c.path, status, c.status, c.want)
		}
	}
	if code := v.stop(); code != 0 {
		t.Errorf("exit code %d after cancel, want 0; stderr:\n%s", code, v.stderr)
	}
	logs := v.stderr.String()
	if !strings.Contains(logs, "msg=request") || !strings.Contains(logs, "path=/healthz") {
		t.Errorf("no access log on stderr:\n%s", logs)
	}
	if strings.Contains(logs, romatest.DefaultToken) {
		t.Error("the token appears in the logs")
	}
}

func TestDir(t *testing.T) {
	v := startViewer(t, "--dir", "../../web/testdata/tasks")
	status, body := fetch(t, v.URL+"/api/tasks")
	var l struct {
		Tasks []struct {
			Ref string `json:"ref"`
		} `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(body), &l); err != nil || status != 200 {
		t.Fatalf("GET /api/tasks: %d %v", status, err)
	}
	var refs []string
	for _, task := range l.Tasks {
		refs = append(refs, task.Ref)
	}
	if got := strings.Join(refs, " "); got != "broken seed seed-v2 xss inst1/seed" {
		t.Errorf("tasks = %s", got)
	}
	if status, _ := fetch(t, v.URL+"/compare?old=seed&new=inst1/seed"); status != 200 {
		t.Errorf("compare across instances: %d", status)
	}
}

func TestFlags(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-h"}, 0, "usage: viewer"},
		{[]string{"--dir", "x", "--endpoint", "https://example.invalid"}, 2, "exclusive"},
		{[]string{"--endpoint", "https://example.invalid"}, 2, "needs --project and --instance"},
		{[]string{"--project", "p"}, 2, "need --endpoint"},
		{[]string{"extra"}, 2, "unexpected argument"},
		{[]string{"--dir", "/nonexistent/folder"}, 2, "task folder"},
		{[]string{"--addr", "256.0.0.1:bad"}, 1, "viewer:"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := run(context.Background(), tt.args, &out, &errb)
		if code != tt.code || !strings.Contains(errb.String(), tt.msg) {
			t.Errorf("run %v = %d, stderr %q; want %d with %q", tt.args, code, errb.String(), tt.code, tt.msg)
		}
	}
}

// TestMaxBytesUnits: --max-bytes and --max-upload read sizes as fdi's --max-bytes does
// (internal/bytesize): 80MiB is accepted, and a viewer started with it serves a folder.
func TestMaxBytesUnits(t *testing.T) {
	for _, tt := range []struct {
		args             []string
		maxBytes, upload int64
		err              string
	}{
		{args: []string{"--max-bytes", "80MiB"}, maxBytes: 80 << 20, upload: 32 << 20},
		{args: []string{"--max-bytes=83886080", "--max-upload", "1.5MiB"}, maxBytes: 80 << 20, upload: 3 << 19},
		{args: []string{"--max-upload", "64M"}, maxBytes: 32 << 20, upload: 64 << 20},
		{args: []string{"--max-bytes", "lots"}, err: "want a positive size"},
		{args: []string{"--max-bytes", "0"}, err: "want a positive size"},
	} {
		var errb bytes.Buffer
		o, err := parseFlags(tt.args, &errb)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(errb.String()+err.Error(), tt.err) {
				t.Errorf("%v: err %v, stderr %q; want %q", tt.args, err, errb.String(), tt.err)
			}
		case err != nil:
			t.Errorf("%v: %v", tt.args, err)
		case o.maxBytes != tt.maxBytes || o.maxUpload != tt.upload:
			t.Errorf("%v: max-bytes %d, max-upload %d; want %d, %d", tt.args, o.maxBytes, o.maxUpload, tt.maxBytes, tt.upload)
		}
	}
	v := startViewer(t, "--dir", filepath.Join("..", "..", "web", "testdata", "tasks"), "--max-bytes", "80MiB")
	if status, _ := fetch(t, v.URL+"/tasks/seed"); status != 200 {
		t.Errorf("a viewer with --max-bytes 80MiB: /tasks/seed is %d", status)
	}
}

// TestUsageErrorOneLine: a flag or argument error is one line saying what is wrong, then
// where the flags are told, as fdi's; -h alone prints them all.
func TestUsageErrorOneLine(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--max-bytes", "lots"}, `viewer: --max-bytes "lots": want a positive size such as 67108864, 64MiB or 1.5GiB`},
		{[]string{"--bogus"}, "viewer: unknown flag --bogus"},
		{[]string{"--dir"}, "viewer: --dir needs a value"},
		{[]string{"extra"}, `viewer: unexpected argument "extra"`},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), tt.args, &out, &errb)
		if want := tt.want + "\nRun 'viewer -h' for the flags.\n"; code != 2 || errb.String() != want {
			t.Errorf("viewer %q: exit %d, stderr:\n%s\nwant exit 2 and:\n%s", tt.args, code, errb.String(), want)
		}
	}
}
