package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/fdireview/fdireview/rawform"
)

// Task names in URLs. A reference is a task ID (or, in a folder, a file name); a person
// more often knows the task's name. When no task has the reference as its ID, the viewer
// looks the name up among the tasks of the same instance or folder: a name that one task
// has stands for that task (/tasks/fdi_task_pzy4m5, /compare?old=orders&new=orders_v2);
// a name several tasks share is an error listing their IDs. The lookup runs only after
// a miss, so IDs cost nothing more.

// byName returns the task of ref's instance (or folder) whose name is ref.ID, when
// exactly one has it. ok is false when none does; err is set when several do or the
// listing failed.
//
// The listing is costly work like any other (a folder's parses every file it has not
// seen; an instance's is a round of API calls): it waits for a turn of cold work, is
// bounded by UpstreamTimeout, and is shared by concurrent lookups of the same set.
func (s *Server) byName(ctx context.Context, ref Ref) (found Ref, ok bool, err error) {
	var entries []Entry
	if l, isSets := s.cfg.Source.(SetLister); isSets {
		set := cmp.Or(ref.Instance, DefaultSet)
		var v any
		v, err = s.flight.do(ctx, "listset|"+set, func(ctx context.Context) (any, error) {
			release, err := s.busy(ctx)
			if err != nil {
				return nil, err
			}
			defer release()
			uctx, cancel := context.WithTimeout(ctx, s.cfg.UpstreamTimeout)
			defer cancel()
			return l.ListSet(uctx, set)
		})
		if err == nil {
			entries = v.([]Entry)
		}
	} else if ref.Instance == "" {
		entries, err = s.listTasks(ctx)
	}
	if err != nil {
		if errors.Is(err, ErrNoSuchTask) { // no such instance or folder: the task's own miss says enough
			return Ref{}, false, nil
		}
		return Ref{}, false, err
	}
	var matches []Entry
	for _, e := range entries {
		if e.Name == ref.ID && e.Ref.Instance == ref.Instance && e.Ref != ref {
			matches = append(matches, e)
		}
	}
	switch len(matches) {
	case 0:
		return Ref{}, false, nil
	case 1:
		return matches[0].Ref, true, nil
	}
	ids := make([]string, len(matches))
	for i, m := range matches {
		ids[i] = m.Ref.String()
	}
	return Ref{}, false, &PageError{Kind: KindBadRequest, Ref: ref.String(),
		Message: fmt.Sprintf("%d tasks are named %q: use one's ID (%s).", len(matches), ref.ID, strings.Join(ids, ", "))}
}

// load reads and parses one task by reference: its ID, or else its name where that is
// unique (byName).
func (s *Server) load(ctx context.Context, ref Ref) (*rawform.Task, string, error) {
	t, v, err := s.loadRef(ctx, ref)
	if err == nil || !errors.Is(err, ErrNoSuchTask) {
		return t, v, err
	}
	named, ok, nerr := s.byName(ctx, ref)
	switch {
	case nerr != nil:
		return nil, "", withRef(nerr, ref)
	case !ok:
		return nil, "", err
	}
	return s.loadRef(ctx, named)
}
