package roma_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

const (
	project  = romatest.ProjectID
	instance = romatest.InstanceID
	seedID   = "9496207a5d6b44b486d79005b5815bd4"
	seedV2ID = "5c1f0a9e3b7d4e21a8c6f4d2b0e9a713"
)

// syncBuffer collects log output from concurrent goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fastRetries keeps retry tests quick; no test asserts elapsed time.
var fastRetries = roma.RetryPolicy{Attempts: 4, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond, MaxRetryAfter: time.Second}

// newClient returns a client for srv with the expected token, fast retries and a logger
// writing every level into the returned buffer.
func newClient(t *testing.T, srv *romatest.Server, opts ...roma.Option) (*roma.Client, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	all := append([]roma.Option{roma.WithToken(romatest.DefaultToken), roma.WithRetryPolicy(fastRetries), roma.WithLogger(log)}, opts...)
	c, err := roma.New(srv.URL, all...)
	if err != nil {
		t.Fatalf("roma.New: %v", err)
	}
	return c, logs
}

func exampleBody(t *testing.T, id string) []byte {
	t.Helper()
	for _, e := range romatest.Examples() {
		if e.ID == id {
			return e.Body
		}
	}
	t.Fatalf("no bundled example %s", id)
	return nil
}

func TestRawTaskReturnsTheBodyVerbatimAndSendsTheTokenAsAHeader(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	c, _ := newClient(t, srv, roma.WithVersion("v1.2.3"))

	got, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
	if err != nil {
		t.Fatalf("RawTask: %v", err)
	}
	if !bytes.Equal(got, exampleBody(t, seedID)) {
		t.Errorf("RawTask body differs from the served bytes")
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	wantPath := "/v2/" + project + "/fdi/instances/" + instance + "/tasks/" + seedID
	if r.Method != http.MethodGet || r.Path != wantPath || r.RawQuery != "" {
		t.Errorf("request = %s %s?%s, want GET %s", r.Method, r.Path, r.RawQuery, wantPath)
	}
	if h := r.Header.Get("X-Auth-Token"); h != romatest.DefaultToken {
		t.Errorf("X-Auth-Token = %q, want the token", h)
	}
	if ua := r.Header.Get("User-Agent"); ua != "fdireview/v1.2.3" {
		t.Errorf("User-Agent = %q, want fdireview/v1.2.3", ua)
	}
	if strings.Contains(r.URI, romatest.DefaultToken) {
		t.Errorf("token in request URI %q", r.URI)
	}
}

func TestEndpointPathPrefixIsKept(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	c, err := roma.New(srv.URL+"/gateway/", roma.WithToken(romatest.DefaultToken))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
	if !errors.Is(err, roma.ErrNotFound) {
		t.Fatalf("err = %v, want the gateway's 404 (the fake serves no prefix)", err)
	}
	if got := srv.Requests()[0].Path; !strings.HasPrefix(got, "/gateway/v2/") {
		t.Errorf("path = %q, want the /gateway prefix kept", got)
	}
}

func TestTaskParsesEveryBundledExample(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	c, _ := newClient(t, srv)
	for _, e := range romatest.Examples() {
		task, err := c.Task(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: e.ID})
		if err != nil {
			t.Errorf("Task(%s): %v", e.ID, err)
			continue
		}
		if task.Shape != rawform.ShapeResponse || task.Info.ID != e.ID {
			t.Errorf("Task(%s) = kind %v id %q", e.ID, task.Shape, task.Info.ID)
		}
	}
}

func TestTaskWrapsTheRawformErrorOfAnInvalidBody(t *testing.T) {
	bad := []byte(`{"task":{"task_id":"badtask","task_name":"x"},"task_detail":"{\"taskName\":3}"}`)
	srv := romatest.NewServer(romatest.Fixture{ID: "badtask", Body: bad})
	defer srv.Close()
	c, _ := newClient(t, srv)

	_, err := c.Task(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: "badtask"})
	var perr *rawform.Error
	if !errors.As(err, &perr) {
		t.Fatalf("err = %v, want a wrapped *rawform.Error", err)
	}
	if len(perr.Problems) == 0 {
		t.Errorf("rawform.Error has no problems")
	}
	if !strings.Contains(err.Error(), "task badtask") {
		t.Errorf("error %q does not name the task", err)
	}
}

func TestErrorResponses(t *testing.T) {
	tests := []struct {
		name     string
		fault    *romatest.Fault // injected on every request
		token    string          // client token; "-" for none
		taskID   string
		wantIs   []error
		wantCode string
		wantMsg  string // substring of APIError.Message
		status   int
		requests int // requests the server must see (retries included)
	}{
		{name: "unknown task", taskID: "nosuchtask", wantIs: []error{roma.ErrNotFound}, wantCode: "FDI.3021", status: 404, requests: 1},
		{name: "wrong token", token: "wrong", taskID: seedID, wantIs: []error{roma.ErrUnauthorized}, wantCode: "ROMA.1002", status: 401, requests: 1},
		{name: "no token", token: "-", taskID: seedID, wantIs: []error{roma.ErrUnauthorized}, wantCode: "ROMA.1000", status: 401, requests: 1},
		{name: "forbidden", fault: ptr(romatest.Status(403)), taskID: seedID, wantIs: []error{roma.ErrUnauthorized}, wantCode: "ROMA.1006", status: 403, requests: 1},
		{name: "FDI.3021 sent with 400", fault: ptr(romatest.ErrorBody(400, "FDI.3021", "One or more tasks do not exist.")), taskID: seedID, wantIs: []error{roma.ErrNotFound}, wantCode: "FDI.3021", status: 400, requests: 1},
		{name: "server error is not retried", fault: ptr(romatest.Status(500)), taskID: seedID, wantCode: "APIG.9999", status: 500, requests: 1},
		{name: "HTML page from a proxy, retried then reported", fault: ptr(romatest.HTMLPage(502)), taskID: seedID, wantMsg: `HTML page titled "502 Bad Gateway"`, status: 502, requests: 4},
		{name: "503 every time", fault: ptr(romatest.Status(503)), taskID: seedID, wantCode: "APIG.9999", status: 503, requests: 4},
		{name: "empty error body", fault: ptr(romatest.EmptyBody(500)), taskID: seedID, wantMsg: "empty error body", status: 500, requests: 1},
		{name: "HTML 404 from a proxy", fault: ptr(romatest.HTMLPage(404)), taskID: seedID, wantIs: []error{roma.ErrNotFound}, wantMsg: "not an FDI error body (text/html)", status: 404, requests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := romatest.NewServer(romatest.Examples()...)
			defer srv.Close()
			if tt.fault != nil {
				srv.Inject(0, *tt.fault)
			}
			var opts []roma.Option
			switch tt.token {
			case "":
			case "-":
				opts = append(opts, roma.WithToken(""))
			default:
				opts = append(opts, roma.WithToken(tt.token))
			}
			c, _ := newClient(t, srv, opts...)

			_, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: tt.taskID})
			var apiErr *roma.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want an *APIError", err)
			}
			if apiErr.Status != tt.status || apiErr.Code != tt.wantCode {
				t.Errorf("APIError status %d code %q, want %d %q", apiErr.Status, apiErr.Code, tt.status, tt.wantCode)
			}
			if !strings.Contains(apiErr.Message, tt.wantMsg) {
				t.Errorf("APIError message %q, want it to contain %q", apiErr.Message, tt.wantMsg)
			}
			if len(apiErr.RequestID) != 32 {
				t.Errorf("RequestID = %q, want the X-Request-Id header", apiErr.RequestID)
			}
			for _, target := range tt.wantIs {
				if !errors.Is(err, target) {
					t.Errorf("errors.Is(%v, %v) = false", err, target)
				}
			}
			for _, other := range []error{roma.ErrNotFound, roma.ErrUnauthorized} {
				if !contains(tt.wantIs, other) && errors.Is(err, other) {
					t.Errorf("errors.Is(err, %v) = true, want false", other)
				}
			}
			if n := len(srv.Requests()); n != tt.requests {
				t.Errorf("server saw %d requests, want %d", n, tt.requests)
			}
		})
	}
}

func TestTransientFailuresAreRetried(t *testing.T) {
	tests := []struct {
		name     string
		faults   []romatest.Fault
		requests int
	}{
		{"two 503 then success", []romatest.Fault{romatest.Status(503), romatest.Status(503)}, 3},
		{"429 with Retry-After 0", []romatest.Fault{romatest.Status(429).WithRetryAfter("0")}, 2},
		{"502 HTML then 504", []romatest.Fault{romatest.HTMLPage(502), romatest.Status(504)}, 3},
		{"connection reset", []romatest.Fault{romatest.Reset()}, 2},
		{"truncated body", []romatest.Fault{romatest.Truncated()}, 2},
		{"reset, truncated, 503", []romatest.Fault{romatest.Reset(), romatest.Truncated(), romatest.Status(503)}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := romatest.NewServer(romatest.Examples()...)
			defer srv.Close()
			for _, f := range tt.faults {
				srv.Inject(1, f)
			}
			c, logs := newClient(t, srv)
			got, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
			if err != nil {
				t.Fatalf("RawTask: %v", err)
			}
			if !bytes.Equal(got, exampleBody(t, seedID)) {
				t.Errorf("body after retries differs from the served bytes")
			}
			if n := len(srv.Requests()); n != tt.requests {
				t.Errorf("server saw %d requests, want %d", n, tt.requests)
			}
			if n := strings.Count(logs.String(), "roma: retrying request"); n != tt.requests-1 {
				t.Errorf("logged %d retries, want %d", n, tt.requests-1)
			}
		})
	}
}

func TestPersistentResetOrTruncationFailsAfterTheLastAttempt(t *testing.T) {
	for _, f := range []romatest.Fault{romatest.Reset(), romatest.Truncated()} {
		srv := romatest.NewServer(romatest.Examples()...)
		srv.Inject(0, f)
		c, _ := newClient(t, srv)
		_, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
		if err == nil {
			t.Errorf("RawTask succeeded through a persistent fault")
		}
		var apiErr *roma.APIError
		if errors.As(err, &apiErr) {
			t.Errorf("err = %v, want a transport error, not an APIError", err)
		}
		if n := len(srv.Requests()); n != fastRetries.Attempts {
			t.Errorf("server saw %d requests, want %d", n, fastRetries.Attempts)
		}
		srv.Close()
	}
}

func TestRetriesCanBeDisabled(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.Inject(1, romatest.Status(503))
	c, _ := newClient(t, srv, roma.WithRetryPolicy(roma.RetryPolicy{Attempts: 1}))
	if _, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID}); err == nil {
		t.Fatal("RawTask succeeded, want the 503")
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestResponseSizeCap(t *testing.T) {
	tests := []struct {
		name  string
		limit int64
		fault *romatest.Fault
	}{
		{name: "Content-Length over the cap", limit: 1024},
		{name: "streamed body over the cap", limit: 32 << 10, fault: ptr(romatest.Oversized(1 << 20))},
		{name: "default cap, 40 MiB stream", limit: 0, fault: ptr(romatest.Oversized(40 << 20))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := romatest.NewServer(romatest.Examples()...)
			defer srv.Close()
			if tt.fault != nil {
				srv.Inject(0, *tt.fault)
			}
			var opts []roma.Option
			if tt.limit > 0 {
				opts = append(opts, roma.WithMaxBodySize(tt.limit))
			}
			c, _ := newClient(t, srv, opts...)
			_, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
			if !errors.Is(err, roma.ErrResponseTooLarge) {
				t.Fatalf("err = %v, want ErrResponseTooLarge", err)
			}
			if !strings.Contains(err.Error(), "WithMaxBodySize") {
				t.Errorf("error %q does not say how to raise the limit", err)
			}
			if n := len(srv.Requests()); n != 1 {
				t.Errorf("server saw %d requests, want 1 (no retry)", n)
			}
		})
	}
	t.Run("body exactly at the cap", func(t *testing.T) {
		srv := romatest.NewServer(romatest.Examples()...)
		defer srv.Close()
		c, _ := newClient(t, srv, roma.WithMaxBodySize(int64(len(exampleBody(t, seedID)))))
		if _, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID}); err != nil {
			t.Fatalf("RawTask: %v", err)
		}
	})
}

func TestCancellationAndDeadlines(t *testing.T) {
	t.Run("caller deadline", func(t *testing.T) {
		srv := romatest.NewServer(romatest.Examples()...)
		defer srv.Close()
		srv.Inject(0, romatest.Latency(time.Minute))
		c, _ := newClient(t, srv)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		_, err := c.RawTask(ctx, roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want DeadlineExceeded", err)
		}
		// At most one: on a loaded machine the deadline may pass before the request is
		// even sent; what matters is that it is not retried.
		if n := len(srv.Requests()); n > 1 {
			t.Errorf("server saw %d requests, want at most 1 (a deadline is not retried)", n)
		}
	})
	t.Run("client timeout", func(t *testing.T) {
		srv := romatest.NewServer(romatest.Examples()...)
		defer srv.Close()
		srv.Inject(0, romatest.Latency(time.Minute))
		c, _ := newClient(t, srv, roma.WithTimeout(20*time.Millisecond))
		_, err := c.List(context.Background(), project, instance, roma.ListOptions{})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want DeadlineExceeded", err)
		}
	})
	t.Run("cancelled while the server is slow", func(t *testing.T) {
		srv := romatest.NewServer(romatest.Examples()...)
		defer srv.Close()
		srv.Inject(0, romatest.Latency(time.Minute))
		c, _ := newClient(t, srv)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := c.RawTask(ctx, roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
			done <- err
		}()
		for len(srv.Requests()) == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want Canceled", err)
		}
	})
	t.Run("already cancelled", func(t *testing.T) {
		srv := romatest.NewServer(romatest.Examples()...)
		defer srv.Close()
		c, _ := newClient(t, srv)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := c.RawTask(ctx, roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID}); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want Canceled", err)
		}
		if n := len(srv.Requests()); n != 0 {
			t.Errorf("server saw %d requests, want 0", n)
		}
	})
}

func TestPathInjectionIsRejectedBeforeAnyRequest(t *testing.T) {
	bad := []string{"", "..", "../x", "a/b", "a?b", "a#b", "a%2Fb", "a%2e%2e", "a b", "a\nb", "ü", "a.b",
		strings.Repeat("a", 65), seedID + "/../../other"}
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	c, _ := newClient(t, srv)
	ctx := context.Background()
	for _, id := range bad {
		calls := map[string]func() error{
			"task id": func() error {
				_, err := c.RawTask(ctx, roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: id})
				return err
			},
			"instance id": func() error {
				_, err := c.Task(ctx, roma.TaskRef{ProjectID: project, InstanceID: id, TaskID: seedID})
				return err
			},
			"project id": func() error {
				_, err := c.RawTask(ctx, roma.TaskRef{ProjectID: id, InstanceID: instance, TaskID: seedID})
				return err
			},
			"list instance": func() error {
				_, err := c.List(ctx, project, id, roma.ListOptions{})
				return err
			},
			"list task_id filter": func() error {
				if id == "" {
					return roma.ErrInvalidID // an empty filter is no filter
				}
				_, err := c.List(ctx, project, instance, roma.ListOptions{TaskID: id})
				return err
			},
			"pair": func() error {
				_, _, err := c.TaskPair(ctx, roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID},
					roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: id})
				return err
			},
		}
		for name, call := range calls {
			err := call()
			if !errors.Is(err, roma.ErrInvalidID) {
				t.Errorf("%s %q: err = %v, want ErrInvalidID", name, id, err)
			}
			var idErr *roma.IDError
			if !errors.As(err, &idErr) && err != roma.ErrInvalidID {
				t.Errorf("%s %q: err = %v, want an *IDError", name, id, err)
			}
		}
	}
	// TaskPair sends the valid side; everything else must have sent nothing.
	for _, r := range srv.Requests() {
		if !strings.HasSuffix(r.Path, "/tasks/"+seedID) {
			t.Errorf("server saw a request for %s", r.URI)
		}
	}
}

func TestListOptionsOutOfRangeAreRejectedBeforeAnyRequest(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	c, _ := newClient(t, srv)
	for _, o := range []roma.ListOptions{{Limit: -1}, {Limit: 1001}, {Offset: -1}, {Offset: 20001}, {Status: 7}} {
		if _, err := c.List(context.Background(), project, instance, o); err == nil {
			t.Errorf("List(%+v) succeeded", o)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

func TestTasksList(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	c, _ := newClient(t, srv)
	ctx := context.Background()

	all, err := c.List(ctx, project, instance, roma.ListOptions{})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if all.Total != int64(len(romatest.Examples())) || all.Size != len(all.Entities) {
		t.Fatalf("Total %d Size %d with %d entities, want %d tasks", all.Total, all.Size, len(all.Entities), len(romatest.Examples()))
	}
	for _, e := range all.Entities {
		if e.TaskType != "TIMING" {
			t.Errorf("%s: task_type %q, want upper case TIMING", e.TaskID, e.TaskType)
		}
		if e.CreatedDate == "" || e.TaskName == "" {
			t.Errorf("%s: created_date %q name %q", e.TaskID, e.CreatedDate, e.TaskName)
		}
	}

	tests := []struct {
		name    string
		opts    roma.ListOptions
		wantIDs []string
		query   string // substring of the raw query sent
	}{
		{"name filter", roma.ListOptions{Name: "pzy4m5"}, []string{seedV2ID, seedID}, "name=pzy4m5"},
		{"running only, newest first", roma.ListOptions{Status: roma.Running}, []string{"a7e3c9d1f5b24086b1d3e5f7a9c0b2d4", seedV2ID}, "status=1"},
		{"stopped, oldest first", roma.ListOptions{Status: roma.Stopped, SortField: "CREATED_DATE", SortType: "ASC"},
			[]string{seedID, "0e4f6a8b2c1d4e3f9a7b5c6d8e0f1a2b", "6d2b8f4a1c3e4f5a9b7c0d1e2f3a4b5c"}, "sort_type=ASC"},
		{"page", roma.ListOptions{Limit: 2, Offset: 1, SortType: "ASC"}, []string{seedV2ID, "a7e3c9d1f5b24086b1d3e5f7a9c0b2d4"}, "limit=2&offset=1"},
		{"task id", roma.ListOptions{TaskID: seedID}, []string{seedID}, "task_id=" + seedID},
		{"fuzzy name with a space is escaped as %20, as the SDKs send it", roma.ListOptions{Name: "no such+x"}, nil, "name=no%20such%2Bx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetRequests()
			list, err := c.List(ctx, project, instance, tt.opts)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			var ids []string
			for _, e := range list.Entities {
				ids = append(ids, e.TaskID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(tt.wantIDs) {
				t.Errorf("ids = %v, want %v", ids, tt.wantIDs)
			}
			if q := srv.Requests()[0].RawQuery; !strings.Contains(q, tt.query) {
				t.Errorf("query %q does not contain %q", q, tt.query)
			}
		})
	}
}

func TestTasksListRejectsABodyThatIsNotAList(t *testing.T) {
	// A task body served where the list is expected: a misconfigured gateway.
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"task":{}}`)) })
	hs := httptest.NewServer(mux)
	defer hs.Close()
	c, err := roma.New(hs.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.List(context.Background(), project, instance, roma.ListOptions{}); err == nil || !strings.Contains(err.Error(), "not a task list") {
		t.Errorf("err = %v, want 'not a task list'", err)
	}
}

func TestTaskPair(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	c, _ := newClient(t, srv)
	ctx := context.Background()
	ref := func(id string) roma.TaskRef {
		return roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: id}
	}

	a, b, err := c.TaskPair(ctx, ref(seedID), ref(seedV2ID))
	if err != nil {
		t.Fatalf("TaskPair: %v", err)
	}
	if a.Info.ID != seedID || b.Info.ID != seedV2ID {
		t.Errorf("TaskPair = %s, %s", a.Info.ID, b.Info.ID)
	}

	_, _, err = c.TaskPair(ctx, ref(seedID), ref("nosuchtask"))
	if !errors.Is(err, roma.ErrNotFound) || !strings.Contains(err.Error(), "second task") {
		t.Errorf("err = %v, want ErrNotFound naming the second task", err)
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	var leaked sync.Map
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Store("token", r.Header.Get("X-Auth-Token"))
	}))
	defer other.Close()
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	}))
	defer redirect.Close()

	c, err := roma.New(redirect.URL, roma.WithToken("secret-token"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
	var apiErr *roma.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusFound || !strings.Contains(apiErr.Message, "redirect not followed") {
		t.Errorf("err = %v, want an APIError for the unfollowed redirect", err)
	}
	if _, ok := leaked.Load("token"); ok {
		t.Errorf("the redirect target received a request")
	}
}

func TestTLSIsVerifiedUnlessInsecureIsAsked(t *testing.T) {
	srv := romatest.NewTLSServer(romatest.Examples()...)
	defer srv.Close()

	c, _ := newClient(t, srv)
	if _, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID}); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("err = %v, want a certificate error", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("server saw %d requests through an unverified connection", n)
	}

	c, logs := newClient(t, srv, roma.WithInsecureSkipVerify())
	if _, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID}); err != nil {
		t.Errorf("RawTask with WithInsecureSkipVerify: %v", err)
	}
	if !strings.Contains(logs.String(), `"level":"WARN"`) || !strings.Contains(logs.String(), "verification is OFF") {
		t.Errorf("no warning logged for WithInsecureSkipVerify; logs:\n%s", logs)
	}
}

func TestNewRejectsBadConfiguration(t *testing.T) {
	tests := []struct {
		endpoint string
		opts     []roma.Option
	}{
		{endpoint: "ftp://roma.example"},
		{endpoint: "roma.example"},
		{endpoint: "https://"},
		{endpoint: "https://user:pass@roma.example"},
		{endpoint: "https://roma.example?x=1"},
		{endpoint: "https://roma.example#frag"},
		{endpoint: "https://roma.example", opts: []roma.Option{roma.WithToken("two words")}},
		{endpoint: "https://roma.example", opts: []roma.Option{roma.WithToken("line\nbreak")}},
		{endpoint: "https://roma.example", opts: []roma.Option{roma.WithMaxBodySize(-1)}},
		{endpoint: "https://roma.example", opts: []roma.Option{roma.WithInsecureSkipVerify(),
			roma.WithHTTPClient(&http.Client{Transport: roundTripFunc(nil)})}},
	}
	for _, tt := range tests {
		if c, err := roma.New(tt.endpoint, tt.opts...); err == nil {
			t.Errorf("New(%q, …) = %v, want an error", tt.endpoint, c)
		} else if strings.Contains(err.Error(), "pass") {
			t.Errorf("New(%q): error %q shows the password", tt.endpoint, err)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestWithHTTPClientIsUsedAndNotModified(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	var calls int
	base := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		calls++
		return http.DefaultTransport.RoundTrip(r)
	})}
	c, _ := newClient(t, srv, roma.WithHTTPClient(base))
	if _, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID}); err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("transport called %d times, want 1", calls)
	}
	if base.CheckRedirect != nil {
		t.Errorf("WithHTTPClient modified the caller's client")
	}
}

func ptr[T any](v T) *T { return &v }

func contains(errs []error, e error) bool {
	for _, x := range errs {
		if x == e {
			return true
		}
	}
	return false
}

// jsonString is used by the redaction test.
func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

func TestClientIsSafeForConcurrentUse(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.Inject(3, romatest.Status(503))
	c, _ := newClient(t, srv)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				_, err := c.Task(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
				errs <- err
				return
			}
			_, err := c.List(context.Background(), project, instance, roma.ListOptions{Limit: 2})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// TestTaskBesideSemanticProblems: as rawform.Parse does, Client.Task (and TaskPair) return
// a well-formed task beside the error of its semantic problems, with its warnings.
func TestTaskBesideSemanticProblems(t *testing.T) {
	body, err := os.ReadFile("../testdata/invalid/duplicate-target.json")
	if err != nil {
		t.Fatal(err)
	}
	rt, err := romatest.FixtureFromBody(body)
	if err != nil {
		t.Fatal(err)
	}
	srv := romatest.NewServer(append(romatest.Examples(), rt)...)
	defer srv.Close()
	c, _ := newClient(t, srv)
	ref := roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: rt.ID}

	task, err := c.Task(context.Background(), ref)
	var perr *rawform.Error
	if !errors.As(err, &perr) || len(perr.Problems) == 0 || perr.Problems[0].Code != rawform.CodeDuplicateTarget {
		t.Fatalf("err = %v, want a *rawform.Error with duplicate_target", err)
	}
	if task == nil || len(task.Detail.Mappings) != 2 {
		t.Fatalf("task = %v, want the task beside its problems", task)
	}
	if len(task.Warnings) != 1 || task.Warnings[0].Code != rawform.CodeNullability {
		t.Errorf("Warnings = %v, want the nullability warning", task.Warnings)
	}

	a, b, err := c.TaskPair(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID}, ref)
	if !errors.As(err, &perr) || a == nil || b == nil {
		t.Errorf("TaskPair = %v, %v, %v; want both tasks and the second's problems", a != nil, b != nil, err)
	}
}
