package romatest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/roma/romatest"
)

func get(t *testing.T, srv *romatest.Server, path, token string) (*http.Response, []byte, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("X-Auth-Token", token)
	}
	// A fresh transport per request: faults close connections.
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

const (
	base   = "/v2/" + romatest.ProjectID + "/fdi/instances/" + romatest.InstanceID + "/tasks"
	seedID = "9496207a5d6b44b486d79005b5815bd4"
)

// TestExamplesAreValidTasks keeps the crafted examples honest: each must pass rawform's
// strict parse, and the pairs meant for comparison must share their shape.
func TestExamplesAreValidTasks(t *testing.T) {
	ex := romatest.Examples()
	if len(ex) != 5 {
		t.Fatalf("%d examples, want 5", len(ex))
	}
	for _, e := range ex {
		task, err := rawform.Parse(e.Body)
		if err != nil {
			t.Errorf("%s: %v", e.ID, err)
			continue
		}
		if task.Info.ID != e.ID || task.Info.Name != task.Detail.TaskName {
			t.Errorf("%s: id %q, name %q vs taskName %q", e.ID, task.Info.ID, task.Info.Name, task.Detail.TaskName)
		}
	}
	// The request example is bundled but not served (it has no task_id).
	if _, err := romatest.ExampleFiles().Open("create-request-api-to-oracle.json"); err != nil {
		t.Errorf("request example missing: %v", err)
	}
}

func TestServesTasksVerbatim(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	for _, e := range romatest.Examples() {
		resp, body, err := get(t, srv, base+"/"+e.ID, romatest.DefaultToken)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 200 || !bytes.Equal(body, e.Body) {
			t.Errorf("%s: status %d, body equal %v", e.ID, resp.StatusCode, bytes.Equal(body, e.Body))
		}
		if len(resp.Header.Get("X-Request-Id")) != 32 {
			t.Errorf("%s: X-Request-Id %q", e.ID, resp.Header.Get("X-Request-Id"))
		}
	}
}

func TestErrorAnswers(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	tests := []struct {
		name, path, token string
		status            int
		code              string
	}{
		{"no token", base + "/" + seedID, "", 401, "ROMA.1000"},
		{"wrong token", base + "/" + seedID, "nope", 401, "ROMA.1002"},
		{"unknown task", base + "/0123", romatest.DefaultToken, 404, "FDI.3021"},
		{"unknown path", "/v2/x/other", romatest.DefaultToken, 404, "APIG.0101"},
		{"bad limit", base + "?limit=5000", romatest.DefaultToken, 400, "FDI.3033"},
		{"bad offset", base + "?offset=-1", romatest.DefaultToken, 400, "FDI.3033"},
		{"bad status", base + "?status=2", romatest.DefaultToken, 400, "FDI.3033"},
		{"too deep", base + "/" + seedID + "/run/x", romatest.DefaultToken, 404, "APIG.0101"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body, err := get(t, srv, tt.path, tt.token)
			if err != nil {
				t.Fatal(err)
			}
			var eb struct {
				Code string `json:"error_code"`
				Msg  string `json:"error_msg"`
			}
			if err := json.Unmarshal(body, &eb); err != nil {
				t.Fatalf("body %q: %v", body, err)
			}
			if resp.StatusCode != tt.status || eb.Code != tt.code || eb.Msg == "" {
				t.Errorf("got %d %+v, want %d %s", resp.StatusCode, eb, tt.status, tt.code)
			}
		})
	}
}

func TestTokenCheckCanBeTurnedOff(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.SetToken("")
	if resp, _, err := get(t, srv, base+"/"+seedID, ""); err != nil || resp.StatusCode != 200 {
		t.Fatalf("status %v err %v, want 200", resp, err)
	}
}

func TestListFiltersAndPages(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	type list struct {
		Total    int `json:"total"`
		Size     int `json:"size"`
		Entities []struct {
			ID      string `json:"task_id"`
			Type    string `json:"task_type"`
			Status  *int   `json:"status"`
			Created string `json:"created_date"`
		} `json:"entities"`
	}
	tests := []struct {
		query       string
		total, size int
		first       string
	}{
		{"", 5, 5, "6d2b8f4a1c3e4f5a9b7c0d1e2f3a4b5c"},
		{"?limit=2&offset=4", 5, 1, seedID},
		{"?offset=10", 5, 0, ""},
		{"?task_name=PZY4M5", 2, 2, "5c1f0a9e3b7d4e21a8c6f4d2b0e9a713"},
		{"?taks_name=crm&sort_type=ASC", 2, 2, "0e4f6a8b2c1d4e3f9a7b5c6d8e0f1a2b"},
		{"?status=1&sort_field=STATUS", 2, 2, "a7e3c9d1f5b24086b1d3e5f7a9c0b2d4"},
		{"?task_type=realtime", 0, 0, ""},
		{"?task_id=" + seedID, 1, 1, seedID},
	}
	for _, tt := range tests {
		_, body, err := get(t, srv, base+tt.query, romatest.DefaultToken)
		if err != nil {
			t.Fatal(err)
		}
		var l list
		if err := json.Unmarshal(body, &l); err != nil {
			t.Fatalf("%s: %v", tt.query, err)
		}
		if l.Total != tt.total || l.Size != tt.size || len(l.Entities) != tt.size {
			t.Errorf("%s: total %d size %d (%d entities), want %d %d", tt.query, l.Total, l.Size, len(l.Entities), tt.total, tt.size)
		}
		if tt.first != "" && (len(l.Entities) == 0 || l.Entities[0].ID != tt.first) {
			t.Errorf("%s: first = %+v, want %s", tt.query, l.Entities, tt.first)
		}
		for _, e := range l.Entities {
			if e.Type != "TIMING" || e.Status == nil || e.Created == "" {
				t.Errorf("%s: entity %+v not in the list encoding", tt.query, e)
			}
		}
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name   string
		fault  romatest.Fault
		status int
		check  func(t *testing.T, resp *http.Response, body []byte, err error)
	}{
		{"status with Retry-After", romatest.Status(503).WithRetryAfter("2"), 503, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if resp.Header.Get("Retry-After") != "2" || !strings.Contains(string(body), "APIG.9999") {
				t.Errorf("headers %v body %s", resp.Header, body)
			}
		}},
		{"HTML page", romatest.HTMLPage(502), 502, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "<title>502 Bad Gateway</title>") {
				t.Errorf("headers %v body %s", resp.Header, body)
			}
		}},
		{"empty body", romatest.EmptyBody(500), 500, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if len(body) != 0 {
				t.Errorf("body %q", body)
			}
		}},
		{"truncated", romatest.Truncated(), 200, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err == nil || len(body) == 0 || len(body) >= int(resp.ContentLength) {
				t.Errorf("read %d of %d bytes, err %v; want a short read", len(body), resp.ContentLength, err)
			}
		}},
		{"oversized", romatest.Oversized(100000), 200, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || len(body) != 100000 || resp.ContentLength != -1 {
				t.Errorf("read %d bytes (Content-Length %d), err %v", len(body), resp.ContentLength, err)
			}
		}},
		{"latency", romatest.Latency(time.Millisecond), 200, nil},
		{"reset", romatest.Reset(), 0, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err == nil {
				t.Errorf("no error from a reset connection")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := romatest.NewServer(romatest.Examples()...)
			defer srv.Close()
			srv.Inject(1, tt.fault)
			resp, body, err := get(t, srv, base+"/"+seedID, romatest.DefaultToken)
			if tt.status != 0 {
				if resp == nil || resp.StatusCode != tt.status {
					t.Fatalf("resp %v err %v, want status %d", resp, err, tt.status)
				}
			}
			if tt.check != nil {
				tt.check(t, resp, body, err)
			}
			// The fault was used up: the next request is answered normally.
			if resp, _, err := get(t, srv, base+"/"+seedID, romatest.DefaultToken); err != nil || resp.StatusCode != 200 {
				t.Errorf("after the fault: %v %v", resp, err)
			}
		})
	}
}

func TestFaultQueueOrderAndPermanentFaults(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.Inject(2, romatest.Status(503))
	srv.Inject(1, romatest.Status(429))
	srv.Inject(0, romatest.Status(504))
	var got []int
	for range 6 {
		resp, _, err := get(t, srv, base+"/"+seedID, romatest.DefaultToken)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, resp.StatusCode)
	}
	want := []int{503, 503, 429, 504, 504, 504}
	if !equalInts(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	srv.ClearFaults()
	if resp, _, _ := get(t, srv, base+"/"+seedID, romatest.DefaultToken); resp.StatusCode != 200 {
		t.Errorf("after ClearFaults: %d", resp.StatusCode)
	}
}

func TestRequestsAreRecorded(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	get(t, srv, base+"?limit=3&name=a+b", romatest.DefaultToken)
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.Method != "GET" || r.Path != base || r.RawQuery != "limit=3&name=a+b" || r.URI != base+"?limit=3&name=a+b" ||
		r.Header.Get("X-Auth-Token") != romatest.DefaultToken {
		t.Errorf("recorded %+v", r)
	}
	srv.ResetRequests()
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests after ResetRequests", n)
	}
}

func TestLoadDirAndAdd(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile(filepath.Join("testdata", "seed-response.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string][]byte{
		"a.json":    seed,
		"b.json":    []byte(`{"task":{"task_name":"request, no id"},"task_detail":"{}"}`),
		"c.json":    []byte(`not json`),
		"notes.txt": []byte(`ignored`),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tasks, err := romatest.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 1 || tasks[0].ID != seedID || !bytes.Equal(tasks[0].Body, seed) {
		t.Fatalf("LoadDir = %d tasks", len(tasks))
	}
	if _, err := romatest.LoadDir(filepath.Join(dir, "missing")); err == nil {
		t.Errorf("LoadDir of a missing directory: no error")
	}

	srv := romatest.NewServer()
	defer srv.Close()
	srv.Add(tasks...)
	srv.Add(romatest.Fixture{ID: seedID, Body: []byte(`replaced`)})
	_, body, _ := get(t, srv, base+"/"+seedID, romatest.DefaultToken)
	if string(body) != "replaced" {
		t.Errorf("Add did not replace the task: %q", body)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTaskFaultsHitOnlyTheirTask(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.InjectTask(seedID, 2, romatest.Status(503))
	other := "6d2b8f4a1c3e4f5a9b7c0d1e2f3a4b5c"
	var got []int
	for _, path := range []string{base, base + "/" + other, base + "/" + seedID, base + "/" + other, base + "/" + seedID, base + "/" + seedID} {
		resp, _, err := get(t, srv, path, romatest.DefaultToken)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, resp.StatusCode)
	}
	if want := []int{200, 200, 503, 200, 503, 200}; !equalInts(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	srv.InjectTask(seedID, 0, romatest.Status(500))
	srv.ClearFaults()
	if resp, _, _ := get(t, srv, base+"/"+seedID, romatest.DefaultToken); resp.StatusCode != 200 {
		t.Errorf("after ClearFaults: %d", resp.StatusCode)
	}
}

func TestMaxPageSizeCapsTheLimit(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.SetMaxPageSize(2)
	for _, c := range []struct {
		query string
		size  int
	}{{"?limit=100", 2}, {"?limit=1", 1}, {"?limit=100&offset=4", 1}, {"", 2}} {
		_, body, err := get(t, srv, base+c.query, romatest.DefaultToken)
		if err != nil {
			t.Fatal(err)
		}
		var l struct {
			Total int `json:"total"`
			Size  int `json:"size"`
		}
		if err := json.Unmarshal(body, &l); err != nil {
			t.Fatal(err)
		}
		if l.Total != 5 || l.Size != c.size {
			t.Errorf("%s: total %d size %d, want 5 %d", c.query, l.Total, l.Size, c.size)
		}
	}
}
