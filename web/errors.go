package web

import (
	"context"
	"errors"
	"net"
	"net/http"

	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/web/ui"
)

// ErrorKind classifies what went wrong, so one error path can pick the status code, the
// words on the page and the JSON body.
type ErrorKind int

const (
	// KindInternal is anything unexpected: logged, shown as "Internal error".
	KindInternal ErrorKind = iota
	// KindBadRequest: the request itself is wrong (missing or malformed parameter).
	KindBadRequest
	// KindNotFound: the task (or page) does not exist.
	KindNotFound
	// KindInvalidTask: the task was fetched but its task_detail is not valid.
	KindInvalidTask
	// KindTooLarge: an upload or a task is over the size limit.
	KindTooLarge
	// KindUpstream: the FDI API is unreachable or answered with an error.
	KindUpstream
	// KindTimeout: the FDI API did not answer in time.
	KindTimeout
	// KindBusy: the viewer could not finish the request within its deadline
	// (Config.RequestTimeout), waiting for other work.
	KindBusy
)

var kindNames = map[ErrorKind]string{
	KindInternal: "internal", KindBadRequest: "bad_request", KindNotFound: "not_found",
	KindInvalidTask: "invalid_task", KindTooLarge: "too_large", KindUpstream: "upstream",
	KindTimeout: "upstream_timeout", KindBusy: "busy",
}

// String returns the kind's stable name, as in the JSON error body.
func (k ErrorKind) String() string { return kindNames[k] }

// Status is the HTTP status code for the kind.
func (k ErrorKind) Status() int {
	switch k {
	case KindBadRequest:
		return http.StatusBadRequest
	case KindNotFound:
		return http.StatusNotFound
	case KindInvalidTask:
		return http.StatusUnprocessableEntity
	case KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case KindUpstream:
		return http.StatusBadGateway
	case KindTimeout:
		return http.StatusGatewayTimeout
	case KindBusy:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// PageError is the viewer's error value. Sources return it (or wrap ErrNoSuchTask); handlers
// turn every error into one with Classify and render it as a page or as JSON.
type PageError struct {
	Kind ErrorKind
	// Ref is the task concerned, if any.
	Ref string
	// Code is the upstream error_code (e.g. "FDI.3021"), when the FDI API gave one.
	Code string
	// Message says what happened, in words, for people. Never set from an unexpected
	// error's text (that may hold internals); KindInternal shows "Internal error".
	Message string
	// Problems are the rawform problems of an invalid task.
	Problems []rawform.Problem
	// Err is the underlying error, for logs and errors.Is/As.
	Err error
}

// Error implements error.
func (e *PageError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = e.Kind.String()
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying error.
func (e *PageError) Unwrap() error { return e.Err }

// Classify turns any error into a *PageError: a *PageError already in the chain is returned
// as is; a *rawform.Error becomes KindInvalidTask with its problems; ErrNoSuchTask becomes
// KindNotFound; deadlines become KindTimeout; network errors KindUpstream; anything else
// KindInternal.
func Classify(err error) *PageError {
	var e *PageError
	if errors.As(err, &e) {
		return e
	}
	var pe *rawform.Error
	if errors.As(err, &pe) {
		return &PageError{Kind: KindInvalidTask, Message: "The task's task_detail is not valid.", Problems: pe.Problems, Err: err}
	}
	if errors.Is(err, ErrNoSuchTask) {
		return &PageError{Kind: KindNotFound, Message: "No such task.", Err: err}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &PageError{Kind: KindTimeout, Message: "The FDI API did not answer in time.", Err: err}
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return &PageError{Kind: KindUpstream, Message: "The FDI API cannot be reached.", Err: err}
	}
	return &PageError{Kind: KindInternal, Message: "Internal error.", Err: err}
}

// title is the page heading for an error.
func (e *PageError) title() string {
	switch e.Kind {
	case KindBadRequest:
		return "Bad request"
	case KindNotFound:
		return "Not found"
	case KindInvalidTask:
		return "Invalid task"
	case KindTooLarge:
		return "Too large"
	case KindUpstream:
		return "FDI API unavailable"
	case KindTimeout:
		return "FDI API too slow"
	case KindBusy:
		return "Viewer busy"
	}
	return "Internal error"
}

// publicMessage is what the user sees: never the text of an unexpected error.
func (e *PageError) publicMessage() string {
	if e.Kind == KindInternal {
		return "Internal error. The problem was logged."
	}
	if e.Message == "" {
		return e.title() + "."
	}
	return e.Message
}

// info is what the error page shows.
func (e *PageError) info() ui.ErrorInfo {
	return ui.ErrorInfo{Title: e.title(), Message: e.publicMessage(), Ref: e.Ref, Code: e.Code, Problems: e.Problems}
}

// errorBody is the JSON form of an error.
type errorBody struct {
	Error errorJSON `json:"error"`
}

type errorJSON struct {
	Status   int               `json:"status"`
	Kind     string            `json:"kind"`
	Code     string            `json:"code,omitempty"`
	Ref      string            `json:"ref,omitempty"`
	Message  string            `json:"message"`
	Problems []rawform.Problem `json:"problems,omitempty"`
}

func (e *PageError) json() errorBody {
	return errorBody{Error: errorJSON{Status: e.Kind.Status(), Kind: e.Kind.String(), Code: e.Code, Ref: e.Ref, Message: e.publicMessage(), Problems: e.Problems}}
}

// withRef returns err classified, with the task reference filled in when empty.
func withRef(err error, ref Ref) error {
	e := Classify(err)
	if e.Ref == "" {
		c := *e
		c.Ref = ref.String()
		return &c
	}
	return e
}
