package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/rawform"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode)
	os.Exit(m.Run())
}

// newTestServer serves web/testdata/tasks.
func newTestServer(t testing.TB, opts ...func(*Config)) *Server {
	t.Helper()
	return dirServer(t, "testdata/tasks", opts...)
}

// dirServer serves the folder dir (a DirSource, closed when the test ends) with the
// configuration opts change.
func dirServer(t testing.TB, dir string, opts ...func(*Config)) *Server {
	t.Helper()
	src, err := NewDirSource(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	// A deadline no loaded machine reaches (the default 15 s was missed under -race on a
	// crowded machine): tests that are about timeouts set their own.
	cfg := Config{Source: src, UpstreamTimeout: 5 * time.Minute}
	for _, o := range opts {
		o(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func get(t *testing.T, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestRoutes(t *testing.T) {
	s := newTestServer(t)
	const cmp = "old=seed&new=seed-v2"
	tests := []struct {
		name        string
		target      string
		accept      string
		status      int
		contentType string
		contains    []string
		absent      []string
		disposition string
	}{
		{"health", "/healthz", "", 200, "text/plain", []string{"ok"}, nil, ""},
		{"index", "/", "", 200, "text/html", []string{"fdi_task_pzy4m5", "fdi_task_pzy4m5_v2", `data-ref="inst1/seed"`, "Compare two files"}, nil, ""},
		{"index filtered", "/?q=v2", "", 200, "text/html", []string{"fdi_task_pzy4m5_v2"}, []string{`data-ref="inst1/seed"`}, ""},
		{"task", "/tasks/seed", "", 200, "text/html", []string{"zhenghaotest.zh_sss01", `data-testid="mapping-row"`, "bunum", "Raw task_detail"}, nil, ""},
		{"task with warnings", "/tasks/seed-v2", "", 200, "text/html", []string{`data-testid="row-problem"`, "narrowing"}, nil, ""},
		{"task of an instance", "/tasks/inst1/seed", "", 200, "text/html", []string{"fdi_task_pzy4m5"}, nil, ""},
		{"unknown task", "/tasks/nope", "", 404, "text/html", []string{"Not found", "nope"}, nil, ""},
		{"bad ref", "/tasks/a/b/c", "", 400, "text/html", []string{"Bad request"}, nil, ""},
		{"invalid task", "/tasks/broken", "", 422, "text/html", []string{"Invalid task", "/task_detail/mappingSourceTextOrNot", "parallel_length"}, nil, ""},
		{"compare", "/compare?" + cmp, "", 200, "text/html", []string{`data-testid="badge-breaking"`, "mapping.length_changed", `href="/compare.json?old=seed&amp;new=seed-v2"`}, nil, ""},
		{"compare missing params", "/compare?old=seed", "", 400, "text/html", []string{"Choose two tasks"}, nil, ""},
		{"compare bad severity", "/compare?" + cmp + "&sev=fatal", "", 400, "text/html", []string{"Unknown severity"}, nil, ""},
		{"compare unknown task", "/compare?old=seed&new=gone", "", 404, "text/html", []string{"gone"}, nil, ""},
		{"compare json download", "/compare.json?" + cmp, "", 200, "application/json", []string{`"kind": "mapping.length_changed"`}, nil, `attachment; filename=fdi-diff-seed-seed-v2.json`},
		{"compare markdown download", "/compare.md?" + cmp, "", 200, "text/markdown", []string{"breaking"}, nil, `attachment; filename=fdi-diff-seed-seed-v2.md`},
		{"api tasks", "/api/tasks", "", 200, "application/json", []string{`"ref":"seed-v2"`, `"problem":"invalid task`}, nil, ""},
		{"api task", "/api/tasks/seed-v2", "", 200, "application/json", []string{`"warnings":[{`, `"task_detail":`}, nil, ""},
		{"api unknown task", "/api/tasks/nope", "", 404, "application/json", []string{`"kind":"not_found"`, `"ref":"nope"`}, nil, ""},
		{"api invalid task", "/api/tasks/broken", "", 422, "application/json", []string{`"kind":"invalid_task"`, `"code":"parallel_length"`}, nil, ""},
		{"api compare", "/api/compare?" + cmp, "", 200, "application/json", []string{`"summary"`}, nil, ""},
		{"json by accept", "/tasks/nope", "application/json", 404, "application/json", []string{`"status":404`}, nil, ""},
		{"static css", "/static/app.css", "", 200, "text/css", []string{".cmp"}, nil, ""},
		{"static js", "/static/app.js", "", 200, "text/javascript", []string{"replaceState"}, nil, ""},
		{"no route", "/nowhere", "", 404, "text/html", []string{"There is no page at /nowhere"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.accept != "" {
				hdr = []string{"Accept", tt.accept}
			}
			rec := get(t, s, tt.target, hdr...)
			body := rec.Body.String()
			if rec.Code != tt.status {
				t.Fatalf("GET %s: status %d, want %d\n%s", tt.target, rec.Code, tt.status, body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type %q, want %s…", ct, tt.contentType)
			}
			for _, want := range tt.contains {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q", want)
				}
			}
			for _, no := range tt.absent {
				if strings.Contains(body, no) {
					t.Errorf("body has %q", no)
				}
			}
			if got := rec.Header().Get("Content-Disposition"); got != tt.disposition {
				t.Errorf("Content-Disposition %q, want %q", got, tt.disposition)
			}
			h := rec.Header()
			if h.Get("Content-Security-Policy") != csp || h.Get("X-Content-Type-Options") != "nosniff" ||
				h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") != "no-referrer" {
				t.Errorf("security headers missing: %v", h)
			}
			if strings.HasPrefix(tt.contentType, "application/json") && !json.Valid(rec.Body.Bytes()) {
				t.Errorf("body is not JSON: %s", body)
			}
		})
	}
}

// TestCompareJSONIsTheDiffRenderer checks that the download is diff.WriteJSON's output.
func TestCompareJSONIsTheDiffRenderer(t *testing.T) {
	s := newTestServer(t)
	rec := get(t, s, "/compare.json?old=seed&new=seed-v2")
	old, nw := mustParse(t, "testdata/tasks/seed.json"), mustParse(t, "testdata/tasks/seed-v2.json")
	var want bytes.Buffer
	if err := diff.WriteJSON(&want, diff.Tasks(old, nw)); err != nil {
		t.Fatal(err)
	}
	if rec.Body.String() != want.String() {
		t.Errorf("/compare.json differs from diff.WriteJSON:\n%s\nwant\n%s", rec.Body, want.String())
	}
	// Served twice, from the cache: the same bytes.
	if again := get(t, s, "/compare.json?old=seed&new=seed-v2"); again.Body.String() != want.String() {
		t.Error("cached /compare.json differs")
	}
}

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

func TestCompareFiles(t *testing.T) {
	seed, _ := os.ReadFile("testdata/tasks/seed.json")
	v2, _ := os.ReadFile("testdata/tasks/seed-v2.json")
	broken, _ := os.ReadFile("testdata/tasks/broken.json")
	multipartBody := func(fields map[string][]byte) (io.Reader, string) {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		for name, data := range fields {
			if strings.HasSuffix(name, "_file") {
				fw, _ := w.CreateFormFile(name, name+".json")
				fw.Write(data)
			} else {
				w.WriteField(name, string(data))
			}
		}
		w.Close()
		return &b, w.FormDataContentType()
	}
	form := func(v url.Values) (io.Reader, string) {
		return strings.NewReader(v.Encode()), "application/x-www-form-urlencoded"
	}
	tests := []struct {
		name     string
		body     func() (io.Reader, string)
		status   int
		contains string
	}{
		{"two files", func() (io.Reader, string) {
			return multipartBody(map[string][]byte{"old_file": seed, "new_file": v2})
		}, 200, "mapping.length_changed"},
		{"pasted", func() (io.Reader, string) {
			return form(url.Values{"old_text": {string(seed)}, "new_text": {string(v2)}})
		}, 200, "pasted old"},
		{"file and paste", func() (io.Reader, string) {
			return multipartBody(map[string][]byte{"old_file": seed, "new_text": v2})
		}, 200, "old_file.json"},
		{"missing new", func() (io.Reader, string) {
			return multipartBody(map[string][]byte{"old_file": seed})
		}, 400, "Give the new task"},
		{"invalid", func() (io.Reader, string) {
			return multipartBody(map[string][]byte{"old_file": seed, "new_file": broken})
		}, 422, "parallel_length"},
		{"too large", func() (io.Reader, string) {
			return multipartBody(map[string][]byte{"old_file": bytes.Repeat(seed, 40), "new_file": v2})
		}, 413, "larger than the 64 KiB limit"},
	}
	s := newTestServer(t, func(c *Config) { c.MaxUpload = 64 << 10 })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := tt.body()
			req := httptest.NewRequest(http.MethodPost, "/compare/files", body)
			req.Header.Set("Content-Type", ct)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d\n%s", rec.Code, tt.status, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), tt.contains) {
				t.Errorf("body lacks %q", tt.contains)
			}
			if tt.status == 200 && strings.Contains(rec.Body.String(), `data-testid="permalink"`) {
				t.Error("an upload has no permalink, but the page shows one")
			}
		})
	}
}

// failingSource fails every call with err.
type failingSource struct{ err error }

func (f failingSource) Describe() string { return "failing source" }
func (f failingSource) List(context.Context) ([]Entry, error) {
	return nil, f.err
}
func (f failingSource) Fetch(context.Context, Ref) (*Document, error) { return nil, f.err }

func TestErrorPages(t *testing.T) {
	secret := errors.New("dial tcp 10.0.0.7:5432: secret internal detail")
	tests := []struct {
		name    string
		err     error
		status  int
		page    []string
		kind    string
		logged  bool
		noLeaks bool
	}{
		{"unexpected", secret, 500, []string{"Internal error"}, "internal", true, true},
		{"not found", &PageError{Kind: KindNotFound, Code: "FDI.3021", Message: "The FDI API has no task \"x\"."}, 404, []string{"FDI.3021", "has no task"}, "not_found", false, false},
		{"upstream down", &PageError{Kind: KindUpstream, Message: "The FDI API cannot be reached."}, 502, []string{"FDI API unavailable", "cannot be reached"}, "upstream", false, false},
		{"upstream slow", context.DeadlineExceeded, 504, []string{"FDI API too slow"}, "upstream_timeout", false, false},
		{"invalid", &rawform.Error{Problems: []rawform.Problem{{Pointer: "/task_detail/mappingTable/0/targetColumnLength", Severity: rawform.SeverityError, Code: "type", Message: "want a number"}}}, 422,
			[]string{"Invalid task", "/task_detail/mappingTable/0/targetColumnLength", "want a number"}, "invalid_task", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			s, err := New(Config{Source: failingSource{tt.err}, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err != nil {
				t.Fatal(err)
			}
			for _, target := range []string{"/tasks/x", "/compare?old=a&new=b"} {
				rec := get(t, s, target)
				if rec.Code != tt.status {
					t.Fatalf("GET %s: status %d, want %d", target, rec.Code, tt.status)
				}
				for _, want := range tt.page {
					if !strings.Contains(rec.Body.String(), want) {
						t.Errorf("GET %s: page lacks %q", target, want)
					}
				}
				if tt.noLeaks && strings.Contains(rec.Body.String(), "secret") {
					t.Errorf("GET %s: page leaks the error text", target)
				}
			}
			rec := get(t, s, "/api/tasks/x")
			var body errorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("JSON error body: %v: %s", err, rec.Body)
			}
			if body.Error.Kind != tt.kind || body.Error.Status != tt.status || rec.Code != tt.status {
				t.Errorf("JSON error = %+v (HTTP %d), want kind %s status %d", body.Error, rec.Code, tt.kind, tt.status)
			}
			if tt.noLeaks && strings.Contains(rec.Body.String(), "secret") {
				t.Error("JSON error leaks the error text")
			}
			if got := strings.Contains(logs.String(), "internal error"); got != tt.logged {
				t.Errorf("logged as internal error: %v, want %v\n%s", got, tt.logged, logs.String())
			}
			// The index still renders (with the forms) when the list fails.
			if rec := get(t, s, "/"); rec.Code != tt.status || !strings.Contains(rec.Body.String(), "Compare two files") {
				t.Errorf("index with a failing source: status %d", rec.Code)
			}
		})
	}
}

func TestAccessLogHasNoQuerySecrets(t *testing.T) {
	var logs bytes.Buffer
	s := newTestServer(t, func(c *Config) { c.Logger = slog.New(slog.NewJSONHandler(&logs, nil)) })
	get(t, s, "/tasks/seed")
	var line map[string]any
	if err := json.Unmarshal(bytes.SplitN(logs.Bytes(), []byte("\n"), 2)[0], &line); err != nil {
		t.Fatalf("access log is not one JSON line: %v\n%s", err, logs.String())
	}
	if line["msg"] != "request" || line["path"] != "/tasks/seed" || line["status"] != float64(200) {
		t.Errorf("access log line = %v", line)
	}
}

func TestParseRef(t *testing.T) {
	tests := []struct {
		in      string
		want    Ref
		wantErr bool
	}{
		{"abc", Ref{ID: "abc"}, false},
		{"/inst/abc", Ref{Instance: "inst", ID: "abc"}, false},
		{"db93bfe1-c660-4c9e-82b6-388e44662cc8/9496207a5d6b44b486d79005b5815bd4", Ref{Instance: "db93bfe1-c660-4c9e-82b6-388e44662cc8", ID: "9496207a5d6b44b486d79005b5815bd4"}, false},
		{"", Ref{}, true},
		{"a/b/c", Ref{}, true},
		{"../etc", Ref{}, true},
		{".hidden", Ref{}, true},
		{"a b", Ref{}, true},
		{"a%2Fb", Ref{}, true},
	}
	for _, tt := range tests {
		got, err := ParseRef(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseRef(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err == nil && got.String() != strings.Trim(tt.in, "/") {
			t.Errorf("ParseRef(%q).String() = %q", tt.in, got.String())
		}
	}
}

func TestGoldenPages(t *testing.T) {
	s := newTestServer(t)
	pages := []struct{ name, target string }{
		{"index", "/"},
		{"task-seed-v2", "/tasks/seed-v2"},
		{"compare-seed", "/compare?old=seed&new=seed-v2&changes=1"},
		{"error-invalid", "/tasks/broken"},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			rec := get(t, s, p.target)
			golden(t, filepath.Join("testdata", "golden", p.name+".html"), rec.Body.Bytes())
		})
	}
	t.Run("report", func(t *testing.T) {
		old, nw := mustParse(t, "testdata/tasks/seed.json"), mustParse(t, "testdata/tasks/seed-v2.json")
		var b bytes.Buffer
		if err := WriteReport(context.Background(), &b, old, nw, diff.Tasks(old, nw)); err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join("testdata", "golden", "report.html"), b.Bytes())
	})
}

// golden compares got with the file, or rewrites the file under -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		actual := strings.TrimSuffix(path, ".html") + ".actual.html"
		os.WriteFile(actual, got, 0o644)
		t.Errorf("%s differs from the golden file; wrote %s (run go test -update if the change is intended)", path, actual)
	}
}

// countingSource counts Fetch calls. It has no Version method, as RomaSource has none:
// every load of a task fetches it.
type countingSource struct {
	src     TaskSource
	fetches atomic.Int64
}

func (s *countingSource) Describe() string                          { return s.src.Describe() }
func (s *countingSource) List(ctx context.Context) ([]Entry, error) { return s.src.List(ctx) }
func (s *countingSource) Fetch(ctx context.Context, ref Ref) (*Document, error) {
	s.fetches.Add(1)
	return s.src.Fetch(ctx, ref)
}

// A cold /compare loads each task once.
func TestCompareLoadsOnce(t *testing.T) {
	var src *countingSource
	s := newTestServer(t, func(c *Config) {
		src = &countingSource{src: c.Source}
		c.Source = src
	})
	if rec := get(t, s, "/compare?old=seed&new=seed-v2"); rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if n := src.fetches.Load(); n != 2 {
		t.Errorf("a cold /compare fetched %d times, want 2 (one per task)", n)
	}
}
