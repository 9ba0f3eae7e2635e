// Package romatest is an in-process fake of the ROMA Connect FDI task API, for tests and
// for the viewer's no-setup demo. NewServer starts a real HTTP server on loopback (it is
// an httptest.Server underneath) that answers
//
//	GET /v2/{project_id}/fdi/instances/{instance_id}/tasks/{task_id}   (ShowTask)
//	GET /v2/{project_id}/fdi/instances/{instance_id}/tasks             (ListTasks)
//
// from a set of task response bodies, served byte for byte. Any project and instance ID
// is accepted; tasks are found by task ID. The X-Auth-Token header must equal the
// expected token (DefaultToken unless SetToken changes it), or, after SetAccessKey or
// SetTemporaryAccessKey, the request may be signed with AK/SK (SDK-HMAC-SHA256), which the
// server verifies with its own implementation of the algorithm, as the API gateway does:
// the signature, the access key, X-Sdk-Date within 15 minutes of the server's clock
// (SetClock), and for temporary credentials the signed X-Security-Token. Errors use the
// documented body shape {"error_code": "…", "error_msg": "…"}:
//
//	400 FDI.3033 Invalid parameter [limit].           a bad list query parameter
//	401 ROMA.1000 No token is available in the request.
//	401 ROMA.1002 Incorrect token in the request.
//	401 APIG.0301 Incorrect IAM authentication information: …   a refused signature (with request_id)
//	404 FDI.3021 One or more tasks do not exist.      unknown task ID
//	404 APIG.0101 The API does not exist …            any other path
//
// Every response carries an X-Request-Id header. The server records every request it
// sees (Requests), and Inject makes the next requests fail in the ways real networks and
// gateways do: latency, error statuses with Retry-After, HTML error pages, empty,
// truncated and oversized bodies, connection resets.
//
// The bundled examples (Examples) are the documented ShowTask and CreateCommonTask
// responses plus crafted variants that make meaningful comparisons; see
// testdata/README.md.
package romatest

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults a server starts with; the demo and tests can use them as-is.
const (
	// DefaultToken is the token a new server expects in X-Auth-Token.
	DefaultToken = "romatest-token-MIIDkg"
	// ProjectID is the project of the bundled examples.
	ProjectID = "c53626012ba84727b938ca8bf03108ef"
	// InstanceID is an instance ID for requests to the server (any valid ID works).
	InstanceID = "db93bfe1-c660-4c9e-82b6-388e44662cc8"
)

// Fixture is one task the server serves: the ShowTask response body returned for ID.
type Fixture struct {
	ID   string
	Body []byte
}

// FixtureFromBody makes a Fixture (the task the server serves for an ID) from a ShowTask
// response body, taking the ID from task.task_id.
func FixtureFromBody(body []byte) (Fixture, error) {
	var env struct {
		Task struct {
			ID string `json:"task_id"`
		} `json:"task"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return Fixture{}, fmt.Errorf("read task id: %w", err)
	}
	if env.Task.ID == "" {
		return Fixture{}, fmt.Errorf("read task id: no task.task_id")
	}
	return Fixture{ID: env.Task.ID, Body: body}, nil
}

// LoadDir reads every *.json file of dir that is a response with a task.task_id, in file
// name order. Other JSON files (request bodies, bare task_detail documents) are skipped.
func LoadDir(dir string) ([]Fixture, error) {
	if _, err := os.ReadDir(dir); err != nil {
		return nil, fmt.Errorf("load tasks: %w", err)
	}
	return loadFS(os.DirFS(dir), dir)
}

//go:embed testdata/*.json
var examples embed.FS

// ExampleFiles returns the bundled example files (responses and one request body), for
// callers that want the raw files rather than a server.
func ExampleFiles() fs.FS {
	sub, err := fs.Sub(examples, "testdata")
	if err != nil {
		panic(err) // the embedded directory exists by construction
	}
	return sub
}

// Examples returns the bundled example responses, in file name order.
func Examples() []Fixture {
	tasks, err := loadFS(ExampleFiles(), "embedded testdata")
	if err != nil {
		panic(err) // the embedded files are tested
	}
	return tasks
}

func loadFS(fsys fs.FS, name string) ([]Fixture, error) {
	paths, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("load tasks from %s: %w", name, err)
	}
	sort.Strings(paths)
	var tasks []Fixture
	for _, p := range paths {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("load tasks from %s: %w", name, err)
		}
		t, err := FixtureFromBody(b)
		if err != nil {
			continue
		}
		tasks = append(tasks, t)
	}
	return tasks, nil
}

// Request is a request the server saw.
type Request struct {
	Method string
	// Path is the escaped path; RawQuery the query without '?'; URI the request target
	// exactly as sent.
	Path, RawQuery, URI string
	Header              http.Header
}

// Server is a running fake FDI API. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL, "http://127.0.0.1:port": the endpoint for roma.New.
	URL string

	srv *httptest.Server

	mu     sync.Mutex
	tasks  map[string]Fixture
	order  []string
	token  string
	faults []*queuedFault
	// taskFaults are queued per task ID (InjectTask); they apply to ShowTask only.
	taskFaults  map[string][]*queuedFault
	maxPageSize int
	requests    []Request
	// key is the access key signed requests are verified with (SetAccessKey); now the
	// clock X-Sdk-Date is checked against (SetClock; nil: time.Now).
	key accessKey
	now func() time.Time
}

// NewServer starts a server on loopback serving tasks (Examples() for the bundled set).
// Close it when done.
func NewServer(tasks ...Fixture) *Server {
	s := newServer(tasks)
	s.srv.Start()
	s.URL = s.srv.URL
	return s
}

// NewTLSServer is NewServer over HTTPS with a self-signed certificate: clients that verify
// certificates refuse it, which tests the TLS settings of a client.
func NewTLSServer(tasks ...Fixture) *Server {
	s := newServer(tasks)
	s.srv.StartTLS()
	s.URL = s.srv.URL
	return s
}

func newServer(tasks []Fixture) *Server {
	s := &Server{tasks: map[string]Fixture{}, token: DefaultToken}
	s.Add(tasks...)
	s.srv = httptest.NewUnstartedServer(s)
	// Refused handshakes and aborted handlers are what tests provoke: keep them quiet.
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	return s
}

// Close shuts the server down, closing open connections.
func (s *Server) Close() {
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// Add serves more tasks; a task with an ID already served replaces it.
func (s *Server) Add(tasks ...Fixture) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range tasks {
		if _, ok := s.tasks[t.ID]; !ok {
			s.order = append(s.order, t.ID)
		}
		s.tasks[t.ID] = Fixture{ID: t.ID, Body: bytes.Clone(t.Body)}
	}
}

// SetToken sets the token the server expects; "" turns the token check off.
func (s *Server) SetToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token = token
}

// SetMaxPageSize caps the ListTasks page size at n whatever limit the client asks for,
// as gateways in front of real instances do, so that clients must page by the entities
// they receive; n <= 0 removes the cap (the limit parameter's range, 1000, applies).
func (s *Server) SetMaxPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxPageSize = n
}

// Requests returns a copy of the requests seen so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		r.Header = r.Header.Clone()
		out[i] = r
	}
	return out
}

// ResetRequests forgets the requests seen so far.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// ServeHTTP answers one request. It is exported so the server can also be mounted in
// another mux; NewServer already serves it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, Request{
		Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
		URI: r.RequestURI, Header: r.Header.Clone(),
	})
	fault := s.nextTaskFault(r.URL.EscapedPath())
	if fault == nil {
		fault, s.faults = take(s.faults)
	}
	token, key, now := s.token, s.key, s.now
	s.mu.Unlock()
	if now == nil {
		now = time.Now
	}

	w.Header().Set("X-Request-Id", requestID())
	if fault != nil && fault.before(w, r) {
		return
	}
	status, body, ok := checkAuth(r, token, key, now())
	if ok {
		status, body = s.answer(r)
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	if fault != nil {
		fault.write(w, r, status, body)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// answer routes a request to its status and body.
func (s *Server) answer(r *http.Request) (int, []byte) {
	id, ok := taskRoute(r.URL.EscapedPath())
	switch {
	case !ok:
		return errorBody(http.StatusNotFound, "APIG.0101", "The API does not exist or has not been published in the environment.")
	case r.Method != http.MethodGet:
		return errorBody(http.StatusMethodNotAllowed, "APIG.0101", "The API does not exist or has not been published in the environment.")
	case id == "":
		return s.list(r)
	}
	s.mu.Lock()
	t, ok := s.tasks[id]
	s.mu.Unlock()
	if !ok {
		return errorBody(http.StatusNotFound, "FDI.3021", "One or more tasks do not exist.")
	}
	return http.StatusOK, t.Body
}

// taskRoute reports whether an escaped request path is an API route,
// /v2/{project_id}/fdi/instances/{instance_id}/tasks (ListTasks, taskID "") or
// /v2/{project_id}/fdi/instances/{instance_id}/tasks/{task_id} (ShowTask).
func taskRoute(path string) (taskID string, ok bool) {
	seg := strings.Split(strings.Trim(path, "/"), "/")
	if len(seg) < 6 || len(seg) > 7 || seg[0] != "v2" || seg[2] != "fdi" || seg[3] != "instances" || seg[5] != "tasks" ||
		!validID(seg[1]) || !validID(seg[4]) {
		return "", false
	}
	if len(seg) == 7 {
		return seg[6], true
	}
	return "", true
}

// validID accepts what the FDI IDs look like: 1–64 letters, digits, '-' and '_'.
func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func errorBody(status int, code, msg string) (int, []byte) {
	b, _ := json.Marshal(map[string]string{"error_code": code, "error_msg": msg})
	return status, b
}

func requestID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// entity is one ListTasks entity, with the list's encodings (API notes §7).
type entity struct {
	TaskID              string `json:"task_id"`
	TaskName            string `json:"task_name"`
	TaskType            string `json:"task_type"`
	Status              int    `json:"status"`
	CreatedDate         string `json:"created_date"`
	LastModifiedTime    int64  `json:"last_modified_time"`
	ExecuteStatus       string `json:"execute_status,omitempty"`
	SourceAppID         string `json:"source_app_id,omitempty"`
	TargetAppID         string `json:"target_app_id,omitempty"`
	EnterpriseProjectID string `json:"enterprise_project_id,omitempty"`
	TaskTag             string `json:"task_tag,omitempty"`

	created int64
}

// summary builds the list entity of a served task from its envelope; a body that is not
// a response still lists, with its ID only.
func summary(t Fixture) entity {
	var env struct {
		Task struct {
			Name          string `json:"task_name"`
			Type          string `json:"task_type"`
			Status        string `json:"status"`
			Created       int64  `json:"created_date"`
			Modified      int64  `json:"last_modified_date"`
			ExecuteStatus string `json:"execute_status"`
			SourceAppID   string `json:"source_app_id"`
			TargetAppID   string `json:"target_app_id"`
			EnterpriseID  string `json:"enterprise_project_id"`
			Tag           string `json:"task_tag"`
		} `json:"task"`
	}
	_ = json.Unmarshal(t.Body, &env)
	e := entity{
		TaskID: t.ID, TaskName: env.Task.Name, TaskType: strings.ToUpper(env.Task.Type),
		CreatedDate: strconv.FormatInt(env.Task.Created, 10), LastModifiedTime: env.Task.Modified,
		ExecuteStatus: env.Task.ExecuteStatus, SourceAppID: env.Task.SourceAppID, TargetAppID: env.Task.TargetAppID,
		EnterpriseProjectID: env.Task.EnterpriseID, TaskTag: env.Task.Tag, created: env.Task.Created,
	}
	if env.Task.Status == "running" {
		e.Status = 1
	}
	return e
}

// list answers ListTasks: filters task_id, name (also task_name, taks_name), status,
// task_type, execute_status, task_tag; sort_field CREATED_DATE (default, newest first) or
// STATUS; limit (default 10, at most 1000) and offset (rows skipped, at most 20000).
func (s *Server) list(r *http.Request) (int, []byte) {
	q := r.URL.Query()
	limit, ok := intParam(q, "limit", 10, 0, 1000)
	if !ok {
		return errorBody(http.StatusBadRequest, "FDI.3033", "Invalid parameter [limit].")
	}
	offset, ok := intParam(q, "offset", 0, 0, 20000)
	if !ok {
		return errorBody(http.StatusBadRequest, "FDI.3033", "Invalid parameter [offset].")
	}
	status, ok := intParam(q, "status", -1, 0, 1)
	if !ok {
		return errorBody(http.StatusBadRequest, "FDI.3033", "Invalid parameter [status].")
	}
	name := strings.ToLower(firstOf(q, "name", "task_name", "taks_name"))

	s.mu.Lock()
	if s.maxPageSize > 0 {
		limit = min(limit, s.maxPageSize)
	}
	all := make([]entity, 0, len(s.order))
	for _, id := range s.order {
		all = append(all, summary(s.tasks[id]))
	}
	s.mu.Unlock()

	var match []entity
	for _, e := range all {
		switch {
		case q.Get("task_id") != "" && e.TaskID != q.Get("task_id"),
			name != "" && !strings.Contains(strings.ToLower(e.TaskName), name),
			status >= 0 && e.Status != status,
			q.Get("task_type") != "" && !strings.EqualFold(e.TaskType, q.Get("task_type")),
			q.Get("execute_status") != "" && !strings.EqualFold(e.ExecuteStatus, q.Get("execute_status")),
			q.Get("task_tag") != "" && e.TaskTag != q.Get("task_tag"):
			continue
		}
		match = append(match, e)
	}
	desc := !strings.EqualFold(q.Get("sort_type"), "ASC")
	byStatus := strings.EqualFold(q.Get("sort_field"), "STATUS")
	slices.SortStableFunc(match, func(a, b entity) int {
		c := cmp.Compare(a.created, b.created)
		if byStatus {
			c = a.Status - b.Status
		}
		if c == 0 {
			c = strings.Compare(a.TaskID, b.TaskID)
		}
		if desc {
			c = -c
		}
		return c
	})
	page := match[min(offset, len(match)):]
	page = page[:min(limit, len(page))]
	b, _ := json.Marshal(struct {
		Total    int      `json:"total"`
		Size     int      `json:"size"`
		Entities []entity `json:"entities"`
	}{len(match), len(page), append([]entity{}, page...)})
	return http.StatusOK, b
}

func intParam(q map[string][]string, key string, def, lo, hi int) (int, bool) {
	v, ok := q[key]
	if !ok || len(v) == 0 || v[0] == "" {
		return def, true
	}
	n, err := strconv.Atoi(v[0])
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}

func firstOf(q map[string][]string, keys ...string) string {
	for _, k := range keys {
		if v := q[k]; len(v) > 0 && v[0] != "" {
			return v[0]
		}
	}
	return ""
}
