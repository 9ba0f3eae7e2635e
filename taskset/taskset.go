package taskset

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/rawform"
)

// Item is one task of a Set: the keys it is matched by, known before it is read, and how
// to read it.
type Item struct {
	// Name is the task name (task_name), the first matching key.
	Name string `json:"name"`
	// ID is the task id (task_id), the second matching key; empty when unknown.
	ID string `json:"id"`
	// Ref says where the task is — a file path, an "instance/task" reference — for
	// messages and links; it is not interpreted.
	Ref string `json:"ref"`
	// Load returns the task's bytes: a response, a request body or a bare task_detail
	// document, as rawform.Parse accepts.
	Load func(ctx context.Context) ([]byte, error) `json:"-"`
	// Err, when set, says why the item cannot be used at all (a folder entry that is a
	// named pipe, a dangling link, an unreadable file): Compare lists it as Invalid,
	// paired or not, and never calls Load.
	Err error `json:"-"`
}

// Set is a labelled list of tasks.
type Set struct {
	// Label names the set in reports: a folder, an instance.
	Label string `json:"label"`
	Items []Item `json:"items"`
}

// Status says what happened to a task from the old set to the new one.
type Status string

// Statuses, in the order Comparison.Tasks lists them.
const (
	// Invalid: a side could not be read or parsed; the task was not compared.
	Invalid Status = "invalid"
	// Removed: the task is only in the old set.
	Removed Status = "removed"
	// Changed: the task is in both sets and diff.Tasks reports changes.
	Changed Status = "changed"
	// Added: the task is only in the new set.
	Added Status = "added"
	// Unchanged: the task is in both sets and no change was found.
	Unchanged Status = "unchanged"
)

func (s Status) rank() int {
	switch s {
	case Invalid:
		return 0
	case Removed:
		return 1
	case Changed:
		return 2
	case Added:
		return 3
	}
	return 4
}

// Side is one side of a task's row: which item it was.
type Side struct {
	Name string `json:"name"`
	ID   string `json:"id,omitempty"`
	Ref  string `json:"ref"`
}

// Entry is one task of a Comparison.
type Entry struct {
	// Name is the task's name: the new side's, or the old side's for a removed task.
	Name   string `json:"name"`
	Status Status `json:"status"`
	// Old and New are nil for an added and a removed task.
	Old *Side `json:"old"`
	New *Side `json:"new"`
	// Summary counts the changes of a changed task (zero for an unchanged one); nil for
	// added, removed and invalid tasks.
	Summary *diff.Summary `json:"summary"`
	// Report is the full comparison of a changed task; nil otherwise.
	Report *diff.Report `json:"report,omitempty"`
	// Problems are what made an invalid task invalid, prefixed by the side's Ref.
	Problems []Problem `json:"problems,omitempty"`
}

// Problem is why one side of an invalid task could not be used.
type Problem struct {
	// Ref is the side's Ref (its file).
	Ref string `json:"ref"`
	// Problem is set for a document that was read but is not a valid task.
	Problem *rawform.Problem `json:"problem,omitempty"`
	// Error is set when the document could not be read, or failed for a reason other than
	// its content.
	Error string `json:"error,omitempty"`
}

// String reads "REF:POINTER (line L, col C): SEVERITY: MESSAGE" or "REF: ERROR".
func (p Problem) String() string {
	if p.Problem != nil {
		return p.Ref + ":" + p.Problem.String()
	}
	return p.Ref + ": " + p.Error
}

// Counts sums up a Comparison.
type Counts struct {
	Tasks     int `json:"tasks"`
	Added     int `json:"added"`
	Removed   int `json:"removed"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
	Invalid   int `json:"invalid"`
	// Breaking, Warning, Info and Accepted add up the changes of every changed task, as
	// diff.Summary counts them (an accepted change counts as accepted only).
	Breaking int `json:"breaking"`
	Warning  int `json:"warning"`
	Info     int `json:"info"`
	Accepted int `json:"accepted"`
}

// Comparison is the result of comparing two sets.
type Comparison struct {
	Old     string  `json:"old"`
	New     string  `json:"new"`
	Tasks   []Entry `json:"tasks"`
	Summary Counts  `json:"summary"`
}

// AtLeast reports whether the comparison holds something at severity s or above: a change
// of a changed task, a removed task (breaking) or an added task (info). It is what fdi's
// --fail-on tests. Invalid tasks do not count; callers report them separately. As with
// diff.Report.AtLeast, the zero Severity means Info and a value that is not a severity is
// never reached.
func (c *Comparison) AtLeast(s diff.Severity) bool {
	if s == "" {
		s = diff.Info
	}
	if !s.Valid() {
		return false
	}
	for i := range c.Tasks {
		e := &c.Tasks[i]
		switch e.Status {
		case Changed:
			if e.Report.AtLeast(s) {
				return true
			}
		case Removed:
			if diff.Breaking.Rank() >= s.Rank() {
				return true
			}
		case Added:
			if diff.Info.Rank() >= s.Rank() {
				return true
			}
		}
	}
	return false
}

// HasInvalid reports whether some task could not be compared.
func (c *Comparison) HasInvalid() bool { return c.Summary.Invalid > 0 }

// Option configures Compare.
type Option func(*config)

type config struct {
	workers   int
	parseOpts []rawform.Option
	diffOpts  []diff.Option
	review    func(*diff.Report)
}

// WithWorkers sets how many pairs are read, parsed and compared at the same time
// (default runtime.GOMAXPROCS(0), every core).
func WithWorkers(n int) Option { return func(c *config) { c.workers = n } }

// WithParseOptions passes options (e.g. rawform.Lenient()) to every rawform.Parse.
func WithParseOptions(opts ...rawform.Option) Option {
	return func(c *config) { c.parseOpts = append(c.parseOpts, opts...) }
}

// WithDiffOptions passes options (e.g. diff.IgnoreCase()) to every diff.Tasks.
func WithDiffOptions(opts ...diff.Option) Option {
	return func(c *config) { c.diffOpts = append(c.diffOpts, opts...) }
}

// WithReview calls review on each pair's report before the task is classified and
// counted, so that review decisions made on single tasks — accepted changes, ignored
// kinds — apply to sets too. review may change the report in place (Changes and
// Summary); a report left empty makes the task unchanged.
func WithReview(review func(*diff.Report)) Option { return func(c *config) { c.review = review } }

// Compare matches the tasks of two sets (see the package doc for the rules), compares each
// pair with diff.Tasks, and returns every task with its status. It fails only when ctx is
// done or a set is nil; tasks that cannot be read or parsed are Invalid entries. Nil
// options are ignored.
func Compare(ctx context.Context, old, new *Set, opts ...Option) (*Comparison, error) {
	if old == nil || new == nil {
		return nil, errors.New("compare task sets: a nil *Set (want an empty Set for no tasks)")
	}
	cfg := config{workers: runtime.GOMAXPROCS(0)}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	cfg.workers = max(cfg.workers, 1)

	pairs := match(old.Items, new.Items)
	entries := make([]Entry, len(pairs))
	each(ctx, len(pairs), cfg.workers, func(i int) {
		entries[i] = cfg.compare(ctx, pairs[i])
	})
	if err := context.Cause(ctx); err != nil {
		return nil, fmt.Errorf("compare task sets: %w", err)
	}

	slices.SortStableFunc(entries, func(a, b Entry) int {
		return cmp.Or(
			cmp.Compare(a.Status.rank(), b.Status.rank()),
			cmp.Compare(a.Name, b.Name),
			cmp.Compare(sideRef(a.Old), sideRef(b.Old)),
			cmp.Compare(sideRef(a.New), sideRef(b.New)),
		)
	})
	c := &Comparison{Old: old.Label, New: new.Label, Tasks: entries}
	c.Summary.Tasks = len(entries)
	for i := range entries {
		e := &entries[i]
		switch e.Status {
		case Added:
			c.Summary.Added++
		case Removed:
			c.Summary.Removed++
		case Unchanged:
			c.Summary.Unchanged++
		case Invalid:
			c.Summary.Invalid++
		case Changed:
			c.Summary.Changed++
			c.Summary.Breaking += e.Summary.Breaking
			c.Summary.Warning += e.Summary.Warning
			c.Summary.Info += e.Summary.Info
			c.Summary.Accepted += e.Summary.Accepted
		}
	}
	return c, nil
}

func sideRef(s *Side) string {
	if s == nil {
		return ""
	}
	return s.Ref
}

func sideOf(it *Item) *Side {
	if it == nil {
		return nil
	}
	return &Side{Name: it.Name, ID: it.ID, Ref: it.Ref}
}

// pair is a matched old and new item; one of them is nil for a removed or added task.
type pair struct{ old, new *Item }

// match pairs the items by the package doc's rules.
func match(old, new []Item) []pair {
	usedOld := make([]bool, len(old))
	usedNew := make([]bool, len(new))
	var pairs []pair
	// pairBy pairs the unused items with equal keys, the n-th old with the n-th new.
	pairBy := func(key func(*Item) (string, bool)) {
		queue := map[string][]int{}
		for j := range new {
			if k, ok := key(&new[j]); ok && !usedNew[j] {
				queue[k] = append(queue[k], j)
			}
		}
		for i := range old {
			if usedOld[i] {
				continue
			}
			k, ok := key(&old[i])
			if !ok || len(queue[k]) == 0 {
				continue
			}
			j := queue[k][0]
			queue[k] = queue[k][1:]
			usedOld[i], usedNew[j] = true, true
			pairs = append(pairs, pair{&old[i], &new[j]})
		}
	}
	pairBy(func(it *Item) (string, bool) { return it.Name + "\x00" + it.ID, true })
	pairBy(func(it *Item) (string, bool) { return it.Name, true })
	pairBy(func(it *Item) (string, bool) { return it.ID, it.ID != "" })
	for i := range old {
		if !usedOld[i] {
			pairs = append(pairs, pair{old: &old[i]})
		}
	}
	for j := range new {
		if !usedNew[j] {
			pairs = append(pairs, pair{new: &new[j]})
		}
	}
	return pairs
}

// compare reads, parses and compares one pair.
func (cfg *config) compare(ctx context.Context, p pair) Entry {
	e := Entry{Old: sideOf(p.old), New: sideOf(p.new)}
	if broken(p.old) || broken(p.new) {
		e.Status = Invalid
		if p.new != nil {
			e.Name = p.new.Name
		} else {
			e.Name = p.old.Name
		}
		for _, it := range []*Item{p.old, p.new} {
			if broken(it) {
				e.Problems = append(e.Problems, Problem{Ref: it.Ref, Error: it.Err.Error()})
			}
		}
		return e
	}
	switch {
	case p.new == nil:
		e.Name, e.Status = p.old.Name, Removed
		return e
	case p.old == nil:
		e.Name, e.Status = p.new.Name, Added
		return e
	}
	e.Name = p.new.Name
	oldBody, oldErr := load(ctx, p.old)
	newBody, newErr := load(ctx, p.new)
	if oldErr != nil || newErr != nil {
		e.Status = Invalid
		e.Problems = append(loadProblems(p.old, oldErr), loadProblems(p.new, newErr)...)
		return e
	}
	oldTask, oldErr := rawform.Parse(oldBody, cfg.parseOpts...)
	if bytes.Equal(oldBody, newBody) && oldErr == nil {
		e.Status, e.Summary = Unchanged, &diff.Summary{}
		return e
	}
	newTask, newErr := rawform.Parse(newBody, cfg.parseOpts...)
	if oldErr != nil || newErr != nil {
		e.Status = Invalid
		e.Problems = append(parseProblems(p.old, oldErr), parseProblems(p.new, newErr)...)
		return e
	}
	r := diff.Tasks(oldTask, newTask, cfg.diffOpts...)
	if cfg.review != nil {
		cfg.review(r)
	}
	e.Summary = &r.Summary
	if r.Empty() {
		e.Status = Unchanged
		return e
	}
	e.Status, e.Report = Changed, r
	return e
}

// broken reports whether it is an item known to be unusable.
func broken(it *Item) bool { return it != nil && it.Err != nil }

func load(ctx context.Context, it *Item) ([]byte, error) {
	if it.Load == nil {
		return nil, errors.New("nothing to read the task from")
	}
	return it.Load(ctx)
}

func loadProblems(it *Item, err error) []Problem {
	if err == nil {
		return nil
	}
	return []Problem{{Ref: it.Ref, Error: err.Error()}}
}

// parseProblems lists the errors (not the warnings) of a failed parse.
func parseProblems(it *Item, err error) []Problem {
	if err == nil {
		return nil
	}
	var perr *rawform.Error
	if !errors.As(err, &perr) {
		return []Problem{{Ref: it.Ref, Error: err.Error()}}
	}
	var ps []Problem
	for i := range perr.Problems {
		if perr.Problems[i].Severity == rawform.SeverityError {
			ps = append(ps, Problem{Ref: it.Ref, Problem: &perr.Problems[i]})
		}
	}
	return ps
}

// each calls f(i) for every i in [0, n) on at most workers goroutines, and returns when
// every started call has returned. Once ctx is done no further index is handed out; the
// caller checks ctx.
func each(ctx context.Context, n, workers int, f func(i int)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(max(workers, 1), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				f(i)
			}
		}()
	}
feed:
	for i := range n {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
}
