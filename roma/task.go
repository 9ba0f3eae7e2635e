package roma

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/fdireview/fdireview/rawform"
)

// Task fetches a task (ShowTask) and parses it with rawform.Parse. When the body is not a
// valid task the error wraps the *rawform.Error, so errors.As finds its problems.
func (c *Client) Task(ctx context.Context, projectID, instanceID, taskID string) (*rawform.Task, error) {
	body, err := c.RawTask(ctx, projectID, instanceID, taskID)
	if err != nil {
		return nil, err
	}
	t, err := rawform.Parse(body, c.parseOpts...)
	if err != nil {
		return nil, fmt.Errorf("task %s from %s: %w", taskID, c.endpoint.Host, err)
	}
	return t, nil
}

// TaskPair fetches two tasks concurrently, for a comparison. If either fails the other
// request is cancelled and the error says which side failed (both, joined, if both did).
func (c *Client) TaskPair(ctx context.Context, a, b TaskRef) (*rawform.Task, *rawform.Task, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg     sync.WaitGroup
		tasks  [2]*rawform.Task
		errs   [2]error
		refs   = [2]TaskRef{a, b}
		labels = [2]string{"first", "second"}
	)
	for i := range refs {
		wg.Go(func() {
			t, err := c.Task(ctx, refs[i].ProjectID, refs[i].InstanceID, refs[i].TaskID)
			if err != nil {
				errs[i] = fmt.Errorf("%s task: %w", labels[i], err)
				cancel()
				return
			}
			tasks[i] = t
		})
	}
	wg.Wait()
	// A side cancelled because the other failed reports only the real failure.
	if errs[0] != nil && errs[1] != nil {
		for i := range errs {
			if errors.Is(errs[i], context.Canceled) && !errors.Is(errs[1-i], context.Canceled) {
				errs[i] = nil
			}
		}
	}
	if err := errors.Join(errs[0], errs[1]); err != nil {
		return nil, nil, err
	}
	return tasks[0], tasks[1], nil
}
