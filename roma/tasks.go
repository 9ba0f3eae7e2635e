package roma

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// TaskRef names one task: the three path segments of ShowTask.
type TaskRef struct {
	ProjectID  string `json:"project_id"`
	InstanceID string `json:"instance_id"`
	TaskID     string `json:"task_id"`
}

// String reads "project/instance/task".
func (r TaskRef) String() string { return r.ProjectID + "/" + r.InstanceID + "/" + r.TaskID }

// checkIDs validates IDs given as field, value pairs. A refused value is quoted in the
// error, with the token redacted should a caller have passed it by mistake.
func (c *Client) checkIDs(pairs ...string) error {
	if c == nil || c.endpoint == nil {
		return ErrNoClient
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := validateID(pairs[i], pairs[i+1]); err != nil {
			var idErr *IDError
			if errors.As(err, &idErr) {
				idErr.ID = c.secrets.redact(idErr.ID)
			}
			return err
		}
	}
	return nil
}

// RawTask returns the ShowTask response body exactly as the server sent it, for saving
// snapshots losslessly. It does not check that the body is a valid task; Task does.
// Safe for concurrent use.
func (c *Client) RawTask(ctx context.Context, ref TaskRef) ([]byte, error) {
	if err := c.checkIDs("project", ref.ProjectID, "instance", ref.InstanceID, "task", ref.TaskID); err != nil {
		return nil, fmt.Errorf("fetch task: %w", err)
	}
	body, err := c.get(ctx, c.url(nil, "v2", ref.ProjectID, "fdi", "instances", ref.InstanceID, "tasks", ref.TaskID))
	if err != nil {
		return nil, fmt.Errorf("fetch task %s: %w", ref.TaskID, err)
	}
	return body, nil
}

// url joins the endpoint and the (already validated) path segments, escaping each.
func (c *Client) url(query url.Values, segments ...string) *url.URL {
	u := *c.endpoint
	path, raw := u.Path, u.EscapedPath()
	for _, s := range segments {
		path += "/" + s
		raw += "/" + url.PathEscape(s)
	}
	u.Path, u.RawPath = path, raw
	// A space goes as %20, not '+', as the official SDKs send it: a gateway that reads '+'
	// literally then computes the same signature ('+' itself is %2B).
	u.RawQuery = strings.ReplaceAll(query.Encode(), "+", "%20")
	return &u
}

// TaskStatus filters the task list by status. The zero value does not filter.
type TaskStatus int

const (
	// AnyStatus does not filter by status.
	AnyStatus TaskStatus = iota
	// Stopped selects tasks stopped or never started (status=0 on the wire).
	Stopped
	// Running selects running tasks (status=1 on the wire).
	Running
)

// String returns "any", "stopped" or "running" ("TaskStatus(N)" for other values).
func (s TaskStatus) String() string {
	switch s {
	case AnyStatus:
		return "any"
	case Stopped:
		return "stopped"
	case Running:
		return "running"
	}
	return "TaskStatus(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText writes the status as String does, so that JSON carries a word.
func (s TaskStatus) MarshalText() ([]byte, error) {
	if s < AnyStatus || s > Running {
		return nil, fmt.Errorf("roma: invalid task status %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads what MarshalText writes.
func (s *TaskStatus) UnmarshalText(b []byte) error {
	for _, v := range []TaskStatus{AnyStatus, Stopped, Running} {
		if string(b) == v.String() {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("roma: unknown task status %q (want any, stopped or running)", b)
}

// ListOptions are the documented query parameters of ListTasks (GET
// /v2/{project_id}/fdi/instances/{instance_id}/tasks in the ROMA Connect API reference).
// Zero fields are not sent.
type ListOptions struct {
	// Limit is the page size (the documentation says 1–1000; the SDK says at most 999).
	Limit int `json:"limit,omitempty"`
	// Offset is sent as is; the documentation gives both 0–20000 and 1–20000.
	Offset int `json:"offset,omitempty"`
	// TaskID filters by task ID.
	TaskID string `json:"task_id,omitempty"`
	// Name is a fuzzy task-name filter. The SDK sends it as "name", the documentation as
	// "task_name"; both are sent.
	Name string `json:"name,omitempty"`
	// Status filters by status.
	Status TaskStatus `json:"status,omitempty"`
	// TaskType is "realtime" or "timing".
	TaskType string `json:"task_type,omitempty"`
	// SourceDatasourceID, TargetDatasourceID and DatasourceID (source or target) filter
	// by data source.
	SourceDatasourceID string `json:"source_datasource_id,omitempty"`
	TargetDatasourceID string `json:"target_datasource_id,omitempty"`
	DatasourceID       string `json:"datasource_id,omitempty"`
	// SortField is "CREATED_DATE" or "STATUS"; SortType is "ASC" or "DESC".
	SortField string `json:"sort_field,omitempty"`
	SortType  string `json:"sort_type,omitempty"`
	// ExecuteStatus is UNSTARTED, WAITING, RUNNING, SUCCESS, CANCELLED or ERROR.
	ExecuteStatus string `json:"execute_status,omitempty"`
	// SourceAppID, TargetAppID and TaskTag filter by application and tag.
	SourceAppID string `json:"source_app_id,omitempty"`
	TargetAppID string `json:"target_app_id,omitempty"`
	TaskTag     string `json:"task_tag,omitempty"`
	// TaskMode filters by task mode (e.g. "NORMAL"); empty means all tasks.
	TaskMode string `json:"task_mode,omitempty"`
}

// query encodes the options; it refuses values the documentation rules out.
func (o ListOptions) query() (url.Values, error) {
	q := url.Values{}
	if o.Limit < 0 || o.Limit > 1000 {
		return nil, fmt.Errorf("limit %d out of range 1–1000", o.Limit)
	}
	if o.Offset < 0 || o.Offset > 20000 {
		return nil, fmt.Errorf("offset %d out of range 0–20000", o.Offset)
	}
	if o.Limit > 0 {
		q.Set("limit", strconv.Itoa(o.Limit))
	}
	if o.Offset > 0 {
		q.Set("offset", strconv.Itoa(o.Offset))
	}
	if o.TaskID != "" {
		q.Set("task_id", o.TaskID) // validated by List
	}
	if o.Name != "" {
		q.Set("name", o.Name)
		q.Set("task_name", o.Name)
	}
	switch o.Status {
	case AnyStatus:
	case Stopped:
		q.Set("status", "0")
	case Running:
		q.Set("status", "1")
	default:
		return nil, fmt.Errorf("unknown status filter %d", o.Status)
	}
	for _, kv := range [...][2]string{
		{"task_type", o.TaskType},
		{"source_datasource_id", o.SourceDatasourceID},
		{"target_datasource_id", o.TargetDatasourceID},
		{"datasource_id", o.DatasourceID},
		{"sort_field", o.SortField},
		{"sort_type", o.SortType},
		{"execute_status", o.ExecuteStatus},
		{"source_app_id", o.SourceAppID},
		{"target_app_id", o.TargetAppID},
		{"task_tag", o.TaskTag},
		{"task_mode", o.TaskMode},
	} {
		if kv[1] != "" {
			q.Set(kv[0], kv[1])
		}
	}
	return q, nil
}

// TaskList is the ListTasks response.
type TaskList struct {
	// Total is the number of tasks matching the filters, over all pages.
	Total int64 `json:"total"`
	// Size is the number of entities on this page.
	Size int `json:"size"`
	// Entities are the tasks on this page.
	Entities []TaskSummary `json:"entities"`
}

// TaskSummary is one ListTasks entity (BriefTaskRespBean). Its encodings differ from
// ShowTask's: TaskType is upper case, Status is 0 or 1, CreatedDate is a string.
type TaskSummary struct {
	TaskID              string `json:"task_id"`
	TaskName            string `json:"task_name"`
	TaskType            string `json:"task_type"` // REALTIME or TIMING
	Status              int    `json:"status"`    // 0 stopped or not started, 1 running
	CreatedDate         string `json:"created_date"`
	Version             string `json:"version,omitempty"`
	LastModifiedTime    int64  `json:"last_modified_time,omitempty"` // epoch ms
	ExecuteStatus       string `json:"execute_status,omitempty"`
	SourceAppID         string `json:"source_app_id,omitempty"`
	TargetAppID         string `json:"target_app_id,omitempty"`
	SourceInstanceID    string `json:"source_instance_id,omitempty"`
	TargetInstanceID    string `json:"target_instance_id,omitempty"`
	ExtType             string `json:"ext_type,omitempty"` // "CDC" for composite tasks
	EnterpriseProjectID string `json:"enterprise_project_id,omitempty"`
	TaskTag             string `json:"task_tag,omitempty"`
}

// StatusText returns "running" for status 1 and "stopped" for 0.
func (s TaskSummary) StatusText() string {
	switch s.Status {
	case 0:
		return "stopped"
	case 1:
		return "running"
	}
	return strconv.Itoa(s.Status)
}

// List returns one page of the task list of an instance (ListTasks). Safe for concurrent
// use.
func (c *Client) List(ctx context.Context, projectID, instanceID string, opts ListOptions) (*TaskList, error) {
	ids := []string{"project", projectID, "instance", instanceID}
	if opts.TaskID != "" {
		ids = append(ids, "task", opts.TaskID)
	}
	if err := c.checkIDs(ids...); err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	q, err := opts.query()
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	body, err := c.get(ctx, c.url(q, "v2", projectID, "fdi", "instances", instanceID, "tasks"))
	if err != nil {
		return nil, fmt.Errorf("list tasks of instance %s: %w", instanceID, err)
	}
	list, err := decodeTaskList(body, c.secrets)
	if err != nil {
		return nil, fmt.Errorf("list tasks of instance %s: %w", instanceID, err)
	}
	return list, nil
}

// decodeTaskList reads the documented fields and ignores the others. Besides the
// documented encodings it accepts created_date as a number and last_modified_time and
// status as numeric strings, as the ShowTask encodings suggest a server might send. The
// secrets in tok are redacted from the body's start quoted in errors.
//
// The entities are decoded one at a time, and a page with more than MaxPageEntities of
// them is refused at the first one over: a hostile server's 31 MiB page of ~950,000
// entities costs the body and 1,000 entities, not 860 MB.
func decodeTaskList(body []byte, tok secrets) (*TaskList, error) {
	notList := func() error {
		return fmt.Errorf("decode task list: not a task list: no \"total\" or \"entities\" (body starts %s)", tok.snippet(body))
	}
	syntaxErr := func(err error) error {
		return fmt.Errorf("decode task list: %w (body starts %s)", err, tok.snippet(body))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if tk, err := dec.Token(); err != nil {
		return nil, syntaxErr(err)
	} else if tk != json.Delim('{') {
		return nil, notList()
	}
	var (
		total       *int64
		size        *int
		sawEntities bool
		list        = &TaskList{}
	)
	for dec.More() {
		tk, err := dec.Token()
		if err != nil {
			return nil, syntaxErr(err)
		}
		key, _ := tk.(string)
		switch key {
		case "total":
			if err := dec.Decode(&total); err != nil {
				return nil, fmt.Errorf("decode task list: /total: %w", err)
			}
		case "size":
			if err := dec.Decode(&size); err != nil {
				return nil, fmt.Errorf("decode task list: /size: %w", err)
			}
		case "entities":
			sawEntities = true
			if err := decodeEntities(dec, list); err != nil {
				return nil, err
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, syntaxErr(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, syntaxErr(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, syntaxErr(errors.New("data after the task list"))
	}
	if total == nil || !sawEntities {
		return nil, notList()
	}
	list.Total = *total
	if list.Entities == nil {
		list.Entities = []TaskSummary{}
	}
	list.Size = len(list.Entities)
	if size != nil {
		list.Size = *size
	}
	return list, nil
}

// decodeEntities reads the entities array (or null) into list, at most MaxPageEntities.
func decodeEntities(dec *json.Decoder, list *TaskList) error {
	tk, err := dec.Token()
	if err != nil {
		return fmt.Errorf("decode task list: /entities: %w", err)
	}
	switch tk {
	case nil:
		return nil
	case json.Delim('['):
	default:
		return fmt.Errorf("decode task list: /entities: want an array, got %v", tk)
	}
	for i := 0; dec.More(); i++ {
		if i == MaxPageEntities {
			return fmt.Errorf("decode task list: /entities/%d: %w: a page holds at most %d tasks (the limit parameter's maximum)", i, ErrListTooLong, MaxPageEntities)
		}
		var e struct {
			TaskSummary
			Status           flexInt    `json:"status"`
			CreatedDate      flexString `json:"created_date"`
			LastModifiedTime flexInt    `json:"last_modified_time"`
		}
		if err := dec.Decode(&e); err != nil {
			return fmt.Errorf("decode task list: entities[%d] (/entities/%d): %w", i, i, err)
		}
		s := e.TaskSummary
		s.Status, s.CreatedDate, s.LastModifiedTime = int(e.Status), string(e.CreatedDate), int64(e.LastModifiedTime)
		list.Entities = append(list.Entities, s)
	}
	if _, err := dec.Token(); err != nil { // the closing bracket
		return fmt.Errorf("decode task list: /entities: %w", err)
	}
	return nil
}

// flexInt reads 1 or "1".
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	b = bytes.Trim(b, `"`)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("%s is not a whole number", b)
	}
	*f = flexInt(n)
	return nil
}

// flexString reads "x" or a number (kept as its decimal text).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("%s is neither a string nor a number", b)
	}
	*f = flexString(n)
	return nil
}
