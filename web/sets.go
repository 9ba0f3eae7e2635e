package web

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/taskset"
	"github.com/fdireview/fdireview/web/ui"
)

// MaxSetTasks is the most tasks a set of /compare-sets may hold: what ListTasks can page
// through (roma.MaxListTasks). A larger set is refused before any task is read.
const MaxSetTasks = roma.MaxListTasks

// DefaultSet names the default instance (a RomaSource's configured one) or the folder
// itself (a DirSource's root) in /compare-sets.
const DefaultSet = "."

// SetLister is implemented by sources that can list the tasks of one set for
// /compare-sets: an instance of the project, or a sub-folder of the folder. DefaultSet is
// the default instance or the folder itself.
type SetLister interface {
	// Sets names the sets the source knows of, DefaultSet first, for the page's form; a
	// source may serve others too (any instance ID of the project).
	Sets(ctx context.Context) ([]string, error)
	// ListSet returns the tasks of one set; an unknown set is an error matching
	// ErrNoSuchTask.
	ListSet(ctx context.Context, set string) ([]Entry, error)
}

// Sets implements SetLister: the folder itself and each sub-folder.
func (s *DirSource) Sets(context.Context) ([]string, error) {
	_, subs, err := s.refsIn(".", "")
	if err != nil {
		return nil, err
	}
	return append([]string{DefaultSet}, subs...), nil
}

// ListSet implements SetLister: the tasks of the folder itself (DefaultSet) or of one
// sub-folder.
//
// A set of more than MaxSetTasks files is refused before any is read.
func (s *DirSource) ListSet(ctx context.Context, set string) ([]Entry, error) {
	if set == DefaultSet {
		refs, _, err := s.refsIn(".", "")
		if err != nil {
			return nil, err
		}
		if err := checkSetSize(set, len(refs)); err != nil {
			return nil, err
		}
		return s.summaries(ctx, refs)
	}
	noSuchSet := &PageError{Kind: KindNotFound, Message: fmt.Sprintf("There is no sub-folder %q in %s.", set, s.Describe()), Err: ErrNoSuchTask}
	if !validRefPart(set) {
		return nil, noSuchSet
	}
	refs, _, err := s.refsIn(set, set)
	if err != nil { // not there, or not a folder
		return nil, noSuchSet
	}
	if err := checkSetSize(set, len(refs)); err != nil {
		return nil, err
	}
	return s.summaries(ctx, refs)
}

// Sets implements SetLister: only the configured instance is known by name; any other
// instance ID of the project can be asked for.
func (s *RomaSource) Sets(context.Context) ([]string, error) { return []string{DefaultSet}, nil }

// checkSetSize refuses a set of more than MaxSetTasks tasks.
func checkSetSize(set string, n int) error {
	if n > MaxSetTasks {
		return &PageError{Kind: KindTooLarge, Message: fmt.Sprintf("The set %q holds %d tasks; /compare-sets compares sets of at most %d.", set, n, MaxSetTasks)}
	}
	return nil
}

// ListSet implements SetLister: every task of an instance (all ListTasks pages when the
// API client can page, else the first 1000). roma's client refuses lists longer than
// MaxSetTasks, and pages longer than 1000, as it reads them.
func (s *RomaSource) ListSet(ctx context.Context, set string) ([]Entry, error) {
	inst := set
	if set == DefaultSet {
		inst = s.instance
	} else if !validRefPart(set) {
		return nil, &PageError{Kind: KindBadRequest, Message: fmt.Sprintf("%q is not a valid instance ID.", set)}
	}
	var tasks []roma.TaskSummary
	if all, ok := s.api.(allLister); ok {
		var err error
		if tasks, err = all.ListAll(ctx, s.project, inst, roma.ListOptions{}); err != nil {
			return nil, translateRoma(err, "list tasks of instance", Ref{Instance: set})
		}
	} else {
		l, err := s.api.List(ctx, s.project, inst, roma.ListOptions{Limit: 1000})
		if err != nil {
			return nil, translateRoma(err, "list tasks of instance", Ref{Instance: set})
		}
		tasks = l.Entities
	}
	if err := checkSetSize(set, len(tasks)); err != nil {
		return nil, err
	}
	out := make([]Entry, len(tasks))
	for i, t := range tasks {
		ref := Ref{ID: t.TaskID}
		if set != DefaultSet {
			ref.Instance = set
		}
		out[i] = Entry{Ref: ref, RefText: ref.String(), ID: t.TaskID, Name: t.TaskName, Type: t.TaskType, Status: t.StatusText(), Mappings: -1}
	}
	return out, nil
}

// allLister is the paging part of *roma.Client (ListAll); a TaskAPI without it is read
// one page of 1000 tasks at a time.
type allLister interface {
	ListAll(ctx context.Context, projectID, instanceID string, opts roma.ListOptions) ([]roma.TaskSummary, error)
}

var _ allLister = (*roma.Client)(nil) // a rename in roma must not silently drop paging

// setStatuses are the status filters of the page, in the comparison's order.
var setStatuses = []taskset.Status{taskset.Changed, taskset.Removed, taskset.Added, taskset.Unchanged, taskset.Invalid}

// compareSets serves /compare-sets?old=A&new=B[&status=S][&q=TEXT]: the two sets' tasks
// matched and compared (package taskset), as a table that works without JavaScript.
// Without old and new it shows the form.
func (s *Server) compareSets(c *gin.Context) {
	lister, ok := s.cfg.Source.(SetLister)
	if !ok {
		s.fail(c, &PageError{Kind: KindBadRequest, Message: "This task source cannot list sets of tasks."})
		return
	}
	ctx := c.Request.Context()
	p := &ui.SetsPage{Chrome: s.themed(c, "Compare sets"), Old: c.Query("old"), New: c.Query("new"), Filter: c.Query("q"), Status: c.Query("status")}
	listCtx, cancel := context.WithTimeout(ctx, s.cfg.UpstreamTimeout)
	p.Choices, _ = lister.Sets(listCtx)
	cancel()
	if p.Old == "" && p.New == "" {
		s.page(c, http.StatusOK, ui.SetsView(p))
		return
	}
	if p.Old == "" || p.New == "" {
		s.fail(c, &PageError{Kind: KindBadRequest, Message: "Choose two sets: /compare-sets?old=A&new=B (an instance, a sub-folder, or . for the default)."})
		return
	}
	if p.Status != "" && !isSetStatus(p.Status) {
		s.fail(c, &PageError{Kind: KindBadRequest, Message: fmt.Sprintf("Unknown status %q: use changed, removed, added, unchanged or invalid.", p.Status)})
		return
	}
	// The comparison runs once for concurrent requests of the same two sets, and stops
	// when all of them have gone (their deadline, Config.RequestTimeout, included).
	v, err := s.flight.do(ctx, "sets|"+p.Old+"\x00"+p.New, func(ctx context.Context) (any, error) {
		return s.compareSetsWork(ctx, lister, p.Old, p.New)
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	cmp := v.(*taskset.Comparison)
	p.Compared, p.Counts = true, cmp.Summary
	base := "/compare-sets?old=" + url.QueryEscape(p.Old) + "&new=" + url.QueryEscape(p.New)
	if p.Filter != "" {
		base += "&q=" + url.QueryEscape(p.Filter)
	}
	for _, st := range setStatuses {
		n := setCount(cmp.Summary, st)
		href := base + "&status=" + string(st)
		if p.Status == string(st) {
			href = base // a second click clears the filter
		}
		p.Statuses = append(p.Statuses, ui.SetStatus{Name: string(st), Count: n, Href: href, Active: p.Status == string(st)})
	}
	filter := strings.ToLower(p.Filter)
	for _, e := range cmp.Tasks {
		if (p.Status != "" && string(e.Status) != p.Status) || (filter != "" && !strings.Contains(strings.ToLower(e.Name), filter)) {
			continue
		}
		p.Rows = append(p.Rows, setRow(e))
	}
	// Thousands of rows: rendered in a turn of cold work, like every costly page.
	page, err := s.render(ctx, "sets", ui.SetsView(p).Render)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.send(c, "text/html; charset=utf-8", page)
}

// compareSetsWork lists and compares two sets. Listing each set is bounded by
// UpstreamTimeout, and a set over MaxSetTasks is refused. The comparison waits for a set
// turn (at most ColdWork-1 set comparisons run at once, so one turn of cold work stays
// free for single tasks) and then holds one turn of cold work.
func (s *Server) compareSetsWork(ctx context.Context, lister SetLister, oldName, newName string) (*taskset.Comparison, error) {
	var sets [2]*taskset.Set
	for i, name := range []string{oldName, newName} {
		listCtx, cancel := context.WithTimeoutCause(ctx, s.cfg.UpstreamTimeout, errUpstreamSlow)
		entries, err := lister.ListSet(listCtx, name)
		if err != nil && listCtx.Err() != nil && ctx.Err() == nil {
			err = &PageError{Kind: KindTimeout, Message: s.slowSource(), Err: err}
		}
		cancel()
		if err != nil {
			return nil, err
		}
		if err := checkSetSize(name, len(entries)); err != nil {
			return nil, err
		}
		sets[i] = s.taskSet(name, entries)
	}
	// A source that can tell versions cheaply (a folder: a stat per file) has the
	// comparison cached by them; the FDI API cannot, and is compared afresh.
	key, cacheable := s.setsKey(ctx, sets)
	if cacheable {
		if v, ok := s.cache.get(key); ok {
			return v.(*taskset.Comparison), nil
		}
	}
	select {
	case s.setTurns <- struct{}{}:
		defer func() { <-s.setTurns }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release, err := s.busy(ctx) // parsing and comparing whole sets is cold work
	if err != nil {
		return nil, err
	}
	defer release()
	// At least four pairs at a time: with an FDI API behind it, reading is network-bound.
	cmp, err := taskset.Compare(ctx, sets[0], sets[1], taskset.WithWorkers(max(runtime.GOMAXPROCS(0), 4)),
		taskset.WithParseOptions(s.cfg.ParseOptions...), taskset.WithReview(s.applyAccepted))
	if err != nil {
		return nil, err
	}
	if cacheable {
		s.cache.add(key, cmp, setsCost(cmp))
	}
	return cmp, nil
}

// setsKey is the cache key of a comparison of sets: every task's ref and version, when
// the source is a Versioner, and the accepted-changes day. ok is false when a version
// cannot be had.
func (s *Server) setsKey(ctx context.Context, sets [2]*taskset.Set) (key string, ok bool) {
	vs, isVersioner := s.cfg.Source.(Versioner)
	if !isVersioner {
		return "", false
	}
	h := sha256.New()
	for i, set := range sets {
		fmt.Fprintf(h, "set %d %q %d\n", i, set.Label, len(set.Items))
		for _, it := range set.Items {
			ref, err := ParseRef(it.Ref)
			if err != nil {
				return "", false
			}
			v, err := vs.Version(ctx, ref)
			if err != nil {
				return "", false
			}
			fmt.Fprintf(h, "%q %q %q %q\n", it.Name, it.ID, it.Ref, v)
		}
	}
	return "setcmp|" + hex.EncodeToString(h.Sum(nil)[:16]) + "|" + s.acceptedDay(), true
}

// setsCost is what a cached comparison of sets holds: its entries and their reports.
func setsCost(c *taskset.Comparison) int64 {
	n := int64(1024)
	for i := range c.Tasks {
		n += 512
		if r := c.Tasks[i].Report; r != nil {
			n += reportCost(len(r.Changes))
		}
	}
	return n
}

// taskSet makes a taskset.Set of a listed set: keys from the list, bodies fetched from
// the source when compared.
func (s *Server) taskSet(label string, entries []Entry) *taskset.Set {
	set := &taskset.Set{Label: label, Items: make([]taskset.Item, len(entries))}
	for i, e := range entries {
		ref := e.Ref
		set.Items[i] = taskset.Item{
			Name: cmp.Or(e.Name, ref.ID), ID: e.ID, Ref: ref.String(),
			Load: func(ctx context.Context) ([]byte, error) {
				ctx, cancel := context.WithTimeout(ctx, s.cfg.UpstreamTimeout)
				defer cancel()
				doc, err := s.cfg.Source.Fetch(ctx, ref)
				if err != nil {
					return nil, fmt.Errorf("%s", Classify(err).publicMessage())
				}
				return doc.Body, nil
			},
		}
	}
	return set
}

func setRow(e taskset.Entry) ui.SetRow {
	r := ui.SetRow{Name: e.Name, Status: string(e.Status)}
	if e.Old != nil {
		r.OldRef = e.Old.Ref
	}
	if e.New != nil {
		r.NewRef = e.New.Ref
	}
	if r.OldRef != "" && r.NewRef != "" {
		r.Compare = "/compare?old=" + url.QueryEscape(r.OldRef) + "&new=" + url.QueryEscape(r.NewRef)
	}
	if e.Summary != nil {
		r.Breaking, r.Warning, r.Info, r.Accepted = e.Summary.Breaking, e.Summary.Warning, e.Summary.Info, e.Summary.Accepted
	}
	if e.Report != nil {
		for i, ch := range e.Report.Changes {
			if i == taskset.TopChanges {
				r.Top = append(r.Top, fmt.Sprintf("… %d more", len(e.Report.Changes)-taskset.TopChanges))
				break
			}
			r.Top = append(r.Top, string(ch.Severity)+": "+ch.Message)
		}
	}
	for _, pr := range e.Problems {
		r.Top = append(r.Top, pr.String())
	}
	return r
}

func isSetStatus(s string) bool {
	for _, st := range setStatuses {
		if string(st) == s {
			return true
		}
	}
	return false
}

func setCount(c taskset.Counts, st taskset.Status) int {
	switch st {
	case taskset.Changed:
		return c.Changed
	case taskset.Removed:
		return c.Removed
	case taskset.Added:
		return c.Added
	case taskset.Unchanged:
		return c.Unchanged
	case taskset.Invalid:
		return c.Invalid
	}
	return 0
}
