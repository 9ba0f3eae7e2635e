package roma

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

var (
	// ErrNotFound matches (with errors.Is) an *APIError for a task, instance or project
	// that does not exist: HTTP 404, or error code FDI.3021 ("One or more tasks do not
	// exist."), which FDI may send with status 400.
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized matches an *APIError for missing, wrong or expired credentials or a
	// missing permission: HTTP 401 or 403 (the gateway's APIG.0301 for a refused
	// signature among them), or error codes ROMA.1000 (no token), ROMA.1002 (incorrect
	// token) and ROMA.1006 (no permission), which ROMA sends with status 400.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrResponseTooLarge is returned (wrapped) when a response body exceeds the size cap
	// set with WithMaxBodySize.
	ErrResponseTooLarge = errors.New("response body too large")
	// ErrInvalidID is returned (wrapped, in an *IDError) when a project, instance or task
	// ID is not 1 to 64 letters, digits, '-' or '_'. No request is sent.
	ErrInvalidID = errors.New("invalid id")
	// ErrListTooLong is returned (wrapped) when a ListTasks page holds more than
	// MaxPageEntities tasks, or ListAll would return more than MaxListTasks: more than the
	// API can send, so the server is broken or hostile. Nothing more of the list is read.
	ErrListTooLong = errors.New("task list too long")
	// ErrNoClient is returned (wrapped) by the methods of a Client that New did not make
	// (a zero Client or a nil *Client): it has no endpoint to call. No request is sent.
	ErrNoClient = errors.New("roma: no client: make one with roma.New")
)

// APIError is an error status (4xx or 5xx, or an unexpected 1xx/3xx) from the FDI API.
//
// Code and Message come from the documented error body {"error_code": …, "error_msg": …}.
// When the body is not that shape (an HTML page from a proxy, an empty or truncated body),
// Code is empty and Message says what came instead.
type APIError struct {
	// Status is the HTTP status code.
	Status int `json:"status"`
	// Code is error_code, e.g. "FDI.3021" or "ROMA.1002"; empty if the body had none.
	Code string `json:"code"`
	// Message is error_msg, or a description of the unexpected body.
	Message string `json:"message"`
	// RequestID is the X-Request-Id response header, for support tickets.
	RequestID string `json:"request_id"`
	// Hint says what to check for the kind of credentials the client sent, when the
	// error is ErrUnauthorized (see Credentials.UnauthorizedHint); Error does not show it.
	Hint string `json:"hint,omitempty"`
}

// Error reads "FDI API: 404 Not Found: FDI.3021: One or more tasks do not exist. (request id …)".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "FDI API: %d %s", e.Status, http.StatusText(e.Status))
	if e.Code != "" {
		b.WriteString(": ")
		b.WriteString(e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) and errors.Is(err, ErrUnauthorized) work.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Status == http.StatusNotFound || e.Code == "FDI.3021"
	case ErrUnauthorized:
		switch e.Code {
		case "ROMA.1000", "ROMA.1002", "ROMA.1006":
			return true
		}
		return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden
	}
	return false
}

// Temporary reports whether the status is one a GET is retried on: 429, 502, 503, 504.
func (e *APIError) Temporary() bool { return retryableStatus(e.Status) }

// IDError says which ID was refused and why. It wraps ErrInvalidID.
type IDError struct {
	// Field is "project", "instance" or "task".
	Field string `json:"field"`
	// ID is the refused value, quoted in Error and cut to 80 bytes.
	ID string `json:"id"`
	// Reason says what is wrong with it.
	Reason string `json:"reason"`
}

// Error reads `invalid task id "../x": only letters, digits, '-' and '_' are allowed`.
func (e *IDError) Error() string {
	id := e.ID
	if len(id) > 80 {
		id = id[:80] + "…"
	}
	return fmt.Sprintf("invalid %s id %q: %s", e.Field, id, e.Reason)
}

// Unwrap returns ErrInvalidID.
func (e *IDError) Unwrap() error { return ErrInvalidID }

// validateID checks an ID before it becomes a path segment or a query value. The FDI IDs
// seen are 32 hex characters (tasks, projects) or UUIDs (instances); the documented limits
// are 1 to 64 characters. Anything that could change the path ('/', '.', '%', '?', '#',
// spaces, non-ASCII) is refused.
func validateID(field, id string) error {
	switch {
	case id == "":
		return &IDError{Field: field, ID: id, Reason: "must not be empty"}
	case len(id) > 64:
		return &IDError{Field: field, ID: id, Reason: fmt.Sprintf("is %d bytes long, the limit is 64", len(id))}
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || c == '-' || c == '_' {
			continue
		}
		return &IDError{Field: field, ID: id, Reason: "only letters, digits, '-' and '_' are allowed"}
	}
	return nil
}
