package roma

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/fdireview/fdireview/rawform"
)

// Task fetches a task (ShowTask) and parses it with rawform.Parse. When the body is not a
// valid task the error wraps the *rawform.Error, so errors.As finds its problems; as with
// Parse, a task that is well-formed but fails the semantic checks is returned beside that
// error, so that it can be shown with its problems. Safe for concurrent use.
func (c *Client) Task(ctx context.Context, ref TaskRef) (*rawform.Task, error) {
	body, err := c.RawTask(ctx, ref)
	if err != nil {
		return nil, err
	}
	t, err := rawform.Parse(body, c.parseOpts...)
	if err != nil {
		return t, fmt.Errorf("task %s from %s: %w", ref.TaskID, c.endpoint.Host, err)
	}
	return t, nil
}

// TaskPair fetches two tasks concurrently, for a comparison. If either fails the other
// request is cancelled and the error says which side failed (both, joined, if both did).
// A side whose task failed only the semantic checks is returned beside the error, as Task
// returns it; the other results are nil when there is an error. Safe for concurrent use.
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
		wg.Add(1)
		go func() {
			defer wg.Done()
			t, err := c.Task(ctx, refs[i])
			tasks[i] = t
			if err != nil {
				errs[i] = fmt.Errorf("%s task: %w", labels[i], err)
				var perr *rawform.Error
				if !errors.As(err, &perr) {
					cancel() // the other side's problems are still worth having
				}
			}
		}()
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
		return tasks[0], tasks[1], err
	}
	return tasks[0], tasks[1], nil
}
