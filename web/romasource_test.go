package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

// TestRomaSource runs the viewer over the fake FDI API, through the real roma client.
func TestRomaSource(t *testing.T) {
	fake := romatest.NewServer(romatest.Examples()...)
	defer fake.Close()
	c, err := roma.New(fake.URL, roma.WithToken(romatest.DefaultToken), roma.WithRetryPolicy(roma.RetryPolicy{Attempts: 1}), roma.WithTimeout(0)) // the viewer's deadlines below apply
	if err != nil {
		t.Fatal(err)
	}
	// No test here may depend on how fast the machine is: the server that must answer
	// has a deadline no loaded machine reaches (a 300 ms one made "list" fail with 504
	// under load), and the one that must time out waits for an answer that cannot
	// come before its deadline (the fault holds the response until the client gives up).
	source := NewRomaSource(c, romatest.ProjectID, romatest.InstanceID, "fake FDI")
	s, err := New(Config{Source: source, UpstreamTimeout: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	impatient, err := New(Config{Source: source, UpstreamTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	seed := romatest.Examples()[0].ID

	t.Run("list", func(t *testing.T) {
		rec := get(t, s, "/api/tasks")
		var l taskList
		if err := json.Unmarshal(rec.Body.Bytes(), &l); err != nil || rec.Code != 200 {
			t.Fatalf("status %d, %v: %s", rec.Code, err, rec.Body)
		}
		if len(l.Tasks) != len(romatest.Examples()) {
			t.Errorf("%d tasks listed, want %d", len(l.Tasks), len(romatest.Examples()))
		}
		for _, task := range l.Tasks {
			if task.Problem == "" && task.Mappings < 0 {
				t.Errorf("task %s: details not filled in: %+v", task.RefText, task)
			}
		}
	})
	t.Run("task in another instance", func(t *testing.T) {
		if rec := get(t, s, "/tasks/other-instance/"+seed); rec.Code != 200 {
			t.Errorf("status %d", rec.Code)
		}
	})
	t.Run("unknown task keeps the FDI error code", func(t *testing.T) {
		rec := get(t, s, "/tasks/00000000000000000000000000000000")
		if rec.Code != 404 || !strings.Contains(rec.Body.String(), "FDI.3021") {
			t.Errorf("status %d, want 404 with FDI.3021:\n%s", rec.Code, rec.Body)
		}
	})
	t.Run("upstream error", func(t *testing.T) {
		fake.Inject(1, romatest.Status(http.StatusServiceUnavailable))
		defer fake.ClearFaults()
		rec := get(t, s, "/api/tasks/"+seed)
		if rec.Code != http.StatusBadGateway || !strings.Contains(rec.Body.String(), `"kind":"upstream"`) {
			t.Errorf("status %d, want 502 upstream: %s", rec.Code, rec.Body)
		}
	})
	t.Run("upstream slow", func(t *testing.T) {
		fake.Inject(1, romatest.Latency(time.Hour)) // released when the viewer gives up
		defer fake.ClearFaults()
		rec := get(t, impatient, "/tasks/"+seed)
		if rec.Code != http.StatusGatewayTimeout || !strings.Contains(rec.Body.String(), "too slow") {
			t.Errorf("status %d, want 504: %s", rec.Code, rec.Body)
		}
	})
	t.Run("wrong token", func(t *testing.T) {
		fake.SetToken("another")
		defer fake.SetToken(romatest.DefaultToken)
		rec := get(t, s, "/api/tasks/"+seed)
		if rec.Code != http.StatusBadGateway || !strings.Contains(rec.Body.String(), "ROMA.1002") {
			t.Errorf("status %d: %s", rec.Code, rec.Body)
		}
		if strings.Contains(rec.Body.String(), romatest.DefaultToken) {
			t.Error("the token is shown")
		}
	})
}
