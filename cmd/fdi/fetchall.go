package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fdireview/fdireview/internal/english"
	"github.com/fdireview/fdireview/internal/safetext"
	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/roma"
)

type fetchAllRequest struct {
	project, instance, dir string
	parallel               int
	list                   roma.ListOptions
	parseOpts              []rawform.Option
	// deadline bounds the whole run (--deadline).
	deadline time.Duration
	// budget bounds the bytes of bodies held at once (--max-inflight); nil: no bound.
	budget *inflight
}

// defaultDeadline is fetch --all's --deadline: 20,000 tasks at 4 at a time and 300 ms
// each take 25 minutes.
const defaultDeadline = 30 * time.Minute

// snapshotResult is what happened to one listed task.
type snapshotResult struct {
	task roma.TaskSummary
	file string // path of its file in the snapshot folder
	// err is why the task could not be fetched or written; nil if it was saved.
	err error
	// written is false when the file already held the same bytes.
	written bool
	// problems are the validation errors of a saved task that is not valid.
	problems []rawform.Problem
	// parseErr is set when the saved body could not be checked at all.
	parseErr error
}

func (r *snapshotResult) invalid() bool { return len(r.problems) > 0 || r.parseErr != nil }

// fetchAll snapshots every listed task into r.dir, r.parallel tasks at a time, within
// r.deadline. Every stage stops as soon as ctx is done (SIGINT): the list request, the
// naming (linear, see snapshotNames), the fetches in flight and the ones not started.
func fetchAll(ctx context.Context, e *env, c *roma.Client, r fetchAllRequest) int {
	if r.deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, r.deadline, fmt.Errorf("the --deadline of %s passed", r.deadline))
		defer cancel()
	}
	if err := os.MkdirAll(r.dir, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "fdi fetch: %v\n", err)
		return 2
	}
	tasks, err := c.ListAll(ctx, r.project, r.instance, r.list)
	if err != nil {
		reportFetchError(e, err)
		return 2
	}
	if err := ctx.Err(); err != nil {
		fmt.Fprintf(e.stderr, "fdi fetch: %v\n", context.Cause(ctx))
		return 2
	}
	names := snapshotNames(tasks)
	results := make([]snapshotResult, len(tasks))
	for i, t := range tasks {
		results[i] = snapshotResult{task: t, file: filepath.Join(r.dir, names[i]+".json")}
	}

	jobs := make(chan int)
	done := make(chan int)
	var wg sync.WaitGroup
	for range min(r.parallel, max(len(tasks), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				snapshotTask(ctx, e, c, r, &results[i])
				done <- i
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range tasks {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()

	progress := newProgress(e, len(tasks))
	finished := make([]bool, len(tasks))
	for i := range done {
		finished[i] = true
		progress.step(results[i].err != nil)
	}
	progress.end()
	for i := range results {
		if !finished[i] {
			results[i].err = fmt.Errorf("not fetched: %w", context.Cause(ctx))
		}
	}
	return writeSnapshotSummary(e, r, results)
}

// snapshotTask fetches one task, writes its file if the content changed, and checks it.
// Its body counts against r.budget until it returns.
func snapshotTask(ctx context.Context, e *env, c *roma.Client, r fetchAllRequest, res *snapshotResult) {
	if r.budget != nil {
		var release func()
		ctx, release = r.budget.charge(ctx)
		defer release()
	}
	body, err := c.RawTask(ctx, roma.TaskRef{ProjectID: r.project, InstanceID: r.instance, TaskID: res.task.TaskID})
	if err != nil {
		res.err = err
		return
	}
	// Only a regular file is compared and replaced: a FIFO, device or symlink planted in
	// the folder under a task's name is left alone (reading it could block, writing it
	// could land outside the folder).
	if fi, err := os.Lstat(res.file); err == nil && !fi.Mode().IsRegular() {
		res.err = fmt.Errorf("%s exists and is not a regular file; left alone", res.file)
		return
	}
	old, err := os.ReadFile(res.file)
	if err != nil || !bytes.Equal(old, body) {
		if err := writeOutput(e, res.file, body); err != nil {
			res.err = err
			return
		}
		res.written = true
	}
	// ParseContext: a 32 MiB task takes a while to check, and Ctrl-C must not wait for it.
	if _, err := rawform.ParseContext(ctx, body, r.parseOpts...); err != nil {
		var perr *rawform.Error
		if ctx.Err() != nil {
			res.err = fmt.Errorf("saved, not checked: %w", context.Cause(ctx))
		} else if errors.As(err, &perr) {
			res.problems = perr.Problems
		} else {
			res.parseErr = err
		}
	}
}

// writeSnapshotSummary prints the counts and every task that needs attention, and
// returns the exit code: 1 when a task failed or is invalid.
func writeSnapshotSummary(e *env, r fetchAllRequest, results []snapshotResult) int {
	slices.SortStableFunc(results, func(a, b snapshotResult) int { return cmp.Compare(a.file, b.file) })
	var written, unchanged, invalid, failed int
	for i := range results {
		res := &results[i]
		switch {
		case res.err != nil:
			failed++
			continue
		case res.written:
			written++
		default:
			unchanged++
		}
		if res.invalid() {
			invalid++
		}
	}
	w := e.stdout
	fmt.Fprintf(w, "%s of instance %s in %s: %d written, %d unchanged, %d failed; %d invalid (saved)\n",
		english.Plural(len(results), "task"), r.instance, r.dir, written, unchanged, failed, invalid)
	for i := range results {
		res := &results[i]
		switch {
		case res.err != nil:
			fmt.Fprintf(w, "failed   %s (%s): %v\n", safetext.Visible(res.task.TaskName), safetext.Visible(res.task.TaskID), res.err)
		case res.parseErr != nil:
			fmt.Fprintf(w, "invalid  %s: %v\n", res.file, res.parseErr)
		case len(res.problems) > 0:
			fmt.Fprintf(w, "invalid  %s: %s\n", res.file, english.Plural(len(res.problems), "problem"))
			for _, p := range res.problems {
				fmt.Fprintf(e.stderr, "%s:%s\n", res.file, p)
			}
		}
	}
	for _, f := range strayFiles(r.dir, results) {
		fmt.Fprintf(w, "not listed %s (left alone)\n", f)
	}
	if failed > 0 || invalid > 0 {
		return 1
	}
	return 0
}

// strayFiles lists the *.json files of dir that no result wrote: tasks deleted from the
// instance, renamed, or filtered out by --name.
func strayFiles(dir string, results []snapshotResult) []string {
	ours := make(map[string]bool, len(results))
	for i := range results {
		ours[filepath.Base(results[i].file)] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var stray []string
	for _, de := range entries {
		n := de.Name()
		if de.Type().IsRegular() && strings.HasSuffix(n, ".json") && !strings.HasPrefix(n, ".") && !ours[n] {
			stray = append(stray, filepath.Join(dir, n))
		}
	}
	return stray
}

// maxNameBytes bounds the file name made from a task name, well under the 255 bytes file
// systems allow, leaving room for "-<task id>.json".
const maxNameBytes = 120

// snapshotNames gives each task its file name (without ".json"): the task name made safe
// (safeFileName), or, when two tasks would get the same name ignoring case (file
// systems on macOS and Windows ignore case), that name followed by "-<task id>" for each
// of them. Names depend only on the list, not on its order, except in contrived lists
// (task IDs that differ only by case, a task named like another's "name-id"), where a
// later task gets "-2", "-3", … in list order.
//
// The cost is linear in the number of tasks: the next number to try is kept per name, so
// 8,000 tasks whose IDs differ only by case take 8,000 steps, not 32 million.
func snapshotNames(tasks []roma.TaskSummary) []string {
	names := make([]string, len(tasks))
	count := map[string]int{}
	for i, t := range tasks {
		names[i] = safeFileName(t.TaskName)
		count[strings.ToLower(names[i])]++
	}
	taken := make(map[string]bool, len(tasks))
	next := map[string]int{} // by lower-case base name: the next number to try
	for i, t := range tasks {
		switch {
		case names[i] == "":
			names[i] = "task-" + safeFileName(t.TaskID)
		case count[strings.ToLower(names[i])] > 1:
			names[i] += "-" + safeFileName(t.TaskID)
		}
		base := names[i]
		lower := strings.ToLower(base)
		if taken[lower] {
			n := max(next[lower], 2)
			for ; taken[strings.ToLower(fmt.Sprintf("%s-%d", base, n))]; n++ {
			}
			names[i] = fmt.Sprintf("%s-%d", base, n)
			next[lower] = n + 1
		}
		taken[strings.ToLower(names[i])] = true
	}
	return names
}

// safeFileName keeps letters, digits, '-', '_' and '.' of name and replaces every other
// character (separators, spaces, control and formatting characters such as bidi
// overrides) with '_'. Leading dots are dropped (no hidden files, no ".."), and the result
// is cut to maxNameBytes at a character boundary.
func safeFileName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := strings.TrimLeft(b.String(), ".")
	for len(s) > maxNameBytes {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// progress is a single-line counter on a terminal ("fetching 12/25, 1 failed"), nothing
// otherwise.
type progress struct {
	w              io.Writer
	total, n, fail int
}

func newProgress(e *env, total int) *progress {
	p := &progress{total: total}
	if e.errTTY {
		p.w = e.stderr
		p.draw()
	}
	return p
}

func (p *progress) step(failed bool) {
	p.n++
	if failed {
		p.fail++
	}
	p.draw()
}

func (p *progress) draw() {
	if p.w == nil {
		return
	}
	fmt.Fprintf(p.w, "\rfetching tasks: %d/%d", p.n, p.total)
	if p.fail > 0 {
		fmt.Fprintf(p.w, ", %d failed", p.fail)
	}
	fmt.Fprint(p.w, "\x1b[K")
}

// end clears the counter's line.
func (p *progress) end() {
	if p.w != nil {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
