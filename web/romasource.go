package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/roma"
)

// TaskAPI is the part of *roma.Client the viewer uses; tests may fake it.
type TaskAPI interface {
	RawTask(ctx context.Context, ref roma.TaskRef) ([]byte, error)
	List(ctx context.Context, projectID, instanceID string, opts roma.ListOptions) (*roma.TaskList, error)
}

// RomaSource reads tasks from the FDI API: the task list of one instance, and any task of
// any instance of one project (Ref.Instance, default the configured instance). It never
// calls anything but the client's configured endpoint.
type RomaSource struct {
	api      TaskAPI
	project  string
	instance string
	label    string
	parse    []rawform.Option
	// ListDetails is how many listed tasks are fetched to show their tables (the list
	// API does not say); the rest show only what the list says. Default 50.
	ListDetails int

	mu      sync.Mutex
	summary map[string]summaryEntry // by task ID, keyed by content version
}

// NewRomaSource returns a TaskSource over api for one project and default instance. label
// says where the tasks come from on the page (e.g. the endpoint's host).
func NewRomaSource(api TaskAPI, project, instance, label string, opts ...rawform.Option) *RomaSource {
	return &RomaSource{api: api, project: project, instance: instance, label: label, parse: opts, ListDetails: 50, summary: map[string]summaryEntry{}}
}

// Describe implements TaskSource.
func (s *RomaSource) Describe() string { return s.label }

// List implements TaskSource: the first 1000 tasks of the default instance. The first
// ListDetails of them are fetched (four at a time) to show their tables.
func (s *RomaSource) List(ctx context.Context) ([]Entry, error) {
	l, err := s.api.List(ctx, s.project, s.instance, roma.ListOptions{Limit: 1000})
	if err != nil {
		return nil, translateRoma(err, "list tasks", Ref{})
	}
	out := make([]Entry, len(l.Entities))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, e := range l.Entities {
		ref := Ref{ID: e.TaskID}
		out[i] = Entry{Ref: ref, RefText: ref.String(), ID: e.TaskID, Name: e.TaskName, Type: e.TaskType, Status: e.StatusText(), Mappings: -1}
		if i >= s.ListDetails {
			continue
		}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			s.detail(ctx, &out[i])
		}(i)
	}
	wg.Wait()
	return out, ctx.Err()
}

// detail completes a summary from the task itself; a failure is shown on the row.
func (s *RomaSource) detail(ctx context.Context, sum *Entry) {
	doc, err := s.Fetch(ctx, sum.Ref)
	if err != nil {
		sum.Problem = Classify(err).publicMessage()
		return
	}
	s.mu.Lock()
	e, ok := s.summary[sum.Ref.ID]
	s.mu.Unlock()
	if ok && e.stamp == doc.Version {
		*sum = e.sum
		return
	}
	t, err := rawform.Parse(doc.Body, s.parse...)
	if err != nil {
		sum.Problem = invalidTask(err)
	} else {
		full := EntryOf(sum.Ref, t)
		full.Status = cmp.Or(full.Status, sum.Status)
		*sum = full
	}
	s.mu.Lock()
	s.summary[sum.Ref.ID] = summaryEntry{stamp: doc.Version, sum: *sum}
	s.mu.Unlock()
}

// Fetch implements TaskSource. The version is a hash of the body, so an unchanged task is
// parsed once however often it is fetched.
func (s *RomaSource) Fetch(ctx context.Context, ref Ref) (*Document, error) {
	inst := ref.Instance
	if inst == "" {
		inst = s.instance
	}
	body, err := s.api.RawTask(ctx, roma.TaskRef{ProjectID: s.project, InstanceID: inst, TaskID: ref.ID})
	if err != nil {
		return nil, translateRoma(err, "fetch task", ref)
	}
	return &Document{Ref: ref, Body: body, Version: contentVersion(body)}, nil
}

// translateRoma maps roma's typed errors to the viewer's vocabulary, keeping the FDI
// error code for the page.
func translateRoma(err error, op string, ref Ref) error {
	var api *roma.APIError
	code, msg := "", ""
	if errors.As(err, &api) {
		code, msg = api.Code, api.Message
	}
	wrapped := fmt.Errorf("%s %s: %w", op, ref, err)
	switch {
	case errors.Is(err, roma.ErrNotFound):
		m := fmt.Sprintf("The FDI API has no task %q.", ref.String())
		if msg != "" {
			m += " It said: " + msg
		}
		return &PageError{Kind: KindNotFound, Ref: ref.String(), Code: code, Message: m, Err: fmt.Errorf("%w (%w)", ErrNoSuchTask, wrapped)}
	case errors.Is(err, roma.ErrUnauthorized):
		m := "The FDI API refused the credentials (missing, wrong, expired or without permission)."
		if api != nil && api.Hint != "" {
			m += " Hint: " + api.Hint + "."
		}
		return &PageError{Kind: KindUpstream, Ref: ref.String(), Code: code, Message: m, Err: wrapped}
	case errors.Is(err, roma.ErrInvalidID):
		return &PageError{Kind: KindBadRequest, Ref: ref.String(), Message: fmt.Sprintf("%q is not a valid FDI ID.", ref.String()), Err: wrapped}
	case errors.Is(err, roma.ErrListTooLong):
		return &PageError{Kind: KindTooLarge, Ref: ref.String(), Message: fmt.Sprintf("The FDI API's task list is longer than it can be (more than %d tasks on a page, or %d in all): refused.", roma.MaxPageEntities, roma.MaxListTasks), Err: wrapped}
	case errors.Is(err, roma.ErrResponseTooLarge):
		return &PageError{Kind: KindTooLarge, Ref: ref.String(), Message: "The FDI API's answer is larger than the viewer accepts.", Err: wrapped}
	case errors.Is(err, context.DeadlineExceeded):
		return &PageError{Kind: KindTimeout, Ref: ref.String(), Message: "The FDI API did not answer in time.", Err: wrapped}
	case api != nil:
		m := fmt.Sprintf("The FDI API answered %d.", api.Status)
		if msg != "" {
			m += " It said: " + msg
		}
		return &PageError{Kind: KindUpstream, Ref: ref.String(), Code: code, Message: m, Err: wrapped}
	case errors.Is(err, context.Canceled):
		return wrapped
	}
	return &PageError{Kind: KindUpstream, Ref: ref.String(), Message: "The FDI API cannot be reached.", Err: wrapped}
}
