package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

// cacheKeys returns the cache's keys that start with prefix.
func cacheKeys(s *Server, prefix string) []string {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	var keys []string
	for k := range s.cache.items {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	return keys
}

// waitsForATurn runs a GET of target while every turn of cold work is taken, and
// reports whether the request waited for one (it must: the page costs a rendering). The
// turns are given back and the request's status returned.
func waitsForATurn(t *testing.T, s *Server, target string) (waited bool, status int) {
	t.Helper()
	for range cap(s.cold) {
		s.cold <- struct{}{}
	}
	done := make(chan int, 1)
	go func() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		done <- rec.Code
	}()
	for {
		if s.waiting.Load() > 0 {
			waited = true
			break
		}
		select {
		case status = <-done: // finished without waiting
			for range cap(s.cold) {
				<-s.cold
			}
			return false, status
		default:
			runtime.Gosched()
		}
	}
	for range cap(s.cold) {
		<-s.cold
	}
	return waited, <-done
}

// TestCostlyPagesTakeATurnAndAreCached: /compare/rows, /compare-sets and the index
// rendered outside the one-render-per-core limit and without the cache, so 256 clients
// asking for random row ranges took 6.3 s at p99 and 16 set comparisons starved a small
// /compare (issue 25 item 8). Each now waits for a turn when all are taken, and rows and
// the index are cached.
func TestCostlyPagesTakeATurnAndAreCached(t *testing.T) {
	s, _ := bigServer(t, 600)
	rows := "/compare/rows?old=big&new=big-v2&from=10&to=40"
	get(t, s, "/compare?old=big&new=big-v2") // the comparison's model, cached
	for _, target := range []string{rows, "/", "/compare-sets?old=.&new=."} {
		waited, status := waitsForATurn(t, s, target)
		if !waited || status != http.StatusOK {
			t.Errorf("%s: waited for a turn %v, status %d; want a wait and 200", target, waited, status)
		}
	}
	for prefix, n := range map[string]int{"rows|": 1, "index|": 1, "setcmp|": 1} {
		if keys := cacheKeys(s, prefix); len(keys) != n {
			t.Errorf("%d cache entries %s…, want %d: %q", len(keys), prefix, n, keys)
		}
	}
	// Served again, from the cache: no turn needed for the rows. The index lists the
	// tasks again in a turn (a folder's list parses new files), but is not rendered again.
	if waited, status := waitsForATurn(t, s, rows); waited || status != http.StatusOK {
		t.Errorf("%s again: waited %v, status %d; want 200 from the cache", rows, waited, status)
	}
	first := get(t, s, "/")
	again := get(t, s, "/", "If-None-Match", first.Header().Get("ETag"))
	if again.Code != http.StatusNotModified || len(cacheKeys(s, "index|")) != 1 {
		t.Errorf("the index again: status %d, %d cache entries; want 304 and 1", again.Code, len(cacheKeys(s, "index|")))
	}
}

// TestCompareRowsRange: huge from/to overflowed ("10015–-9223372036854775310") and a
// range past the end read "Unchanged mappings 10015–10014 of 10014" (issue 26 item 6,
// issue 25 item 9).
func TestCompareRowsRange(t *testing.T) {
	s, _ := bigServer(t, 300)
	heading := regexp.MustCompile(`<h1>Unchanged mappings (\d+)–(\d+) of (\d+)</h1>`)
	for _, c := range []struct {
		from, to string
		status   int
		want     string
	}{
		{"0", "9223372036854775807", 200, "Unchanged mappings 1–300 of 300"},
		{"10", "20", 200, "Unchanged mappings 11–20 of 300"},
		{"299", "9223372036854775807", 200, "Unchanged mappings 300–300 of 300"},
		{"300", "400", 404, "There are no rows from 301: the comparison has 300 mapping rows."},
		{"9223372036854775000", "9223372036854775807", 404, "There are no rows from 9223372036854775001"},
		{"9223372036854775808", "9223372036854775809", 400, "Give the rows as from=N&amp;to=M"},
		{"-1", "5", 400, "Give the rows as"},
		{"7", "3", 400, "Give the rows as"},
	} {
		rec := get(t, s, "/compare/rows?old=big&new=big-v2&from="+c.from+"&to="+c.to)
		body := rec.Body.String()
		if rec.Code != c.status || !strings.Contains(body, c.want) {
			t.Errorf("from=%s to=%s: status %d, want %d with %q:\n%.600s", c.from, c.to, rec.Code, c.status, c.want, body)
		}
		if strings.Contains(body, "–-") {
			t.Errorf("from=%s to=%s: a negative row number: %.300s", c.from, c.to, heading.FindString(body))
		}
	}
	// A range wider than MaxRange shows the rows it holds, not the range asked for.
	if body := get(t, s, "/compare/rows?old=big&new=big-v2&from=0&to=299").Body.String(); !strings.Contains(body, "Unchanged mappings 1–299 of 300") {
		t.Errorf("heading of 0..299: %q", heading.FindString(body))
	}
}

// TestPagesPastTheLastShareItsCacheEntry: ?page=999999 of a task or of the index was
// rendered and cached apart from the last page it shows (issue 25 item 9).
func TestPagesPastTheLastShareItsCacheEntry(t *testing.T) {
	s, _ := bigServer(t, 1200) // three pages of mappings
	for _, page := range []string{"3", "4", "999999", "9223372036854775807"} {
		if rec := get(t, s, "/tasks/big?page="+page); rec.Code != 200 || !strings.Contains(rec.Body.String(), "page 3 of 3") {
			t.Errorf("page=%s: status %d, or not the last page", page, rec.Code)
		}
		get(t, s, "/?page="+page)
	}
	if keys := cacheKeys(s, "taskhtml|"); len(keys) != 1 {
		t.Errorf("task pages 3, 4 and 999999 are %d cache entries, want 1: %q", len(keys), keys)
	}
	if keys := cacheKeys(s, "index|"); len(keys) != 1 {
		t.Errorf("index pages are %d cache entries, want 1: %q", len(keys), keys)
	}
}

// TestIndexPaginates: 20,000 tasks made one 15.6 MB index page; now IndexPageSize a page,
// with links to the neighbours that keep the filter.
func TestIndexPaginates(t *testing.T) {
	dir := t.TempDir()
	body := taskgen.Response(taskgen.Options{Mappings: 1, Seed: 1})
	const n = 2*IndexPageSize + 10
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("t%05d.json", i)), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := dirServer(t, dir)
	rows := regexp.MustCompile(`data-testid="task-row"`)
	for _, c := range []struct {
		target string
		rows   int
		want   []string
	}{
		{"/", IndexPageSize, []string{"tasks 1–500 of 1010, page 1 of 3", `href="/?page=2"`}},
		{"/?page=2&theme=dark", IndexPageSize, []string{"tasks 501–1000 of 1010", `href="/?page=1&amp;theme=dark"`, `href="/?page=3&amp;theme=dark"`}},
		{"/?page=3", 10, []string{"tasks 1001–1010 of 1010, page 3 of 3"}},
		{"/?q=t0000", 10, []string{"10 tasks."}},
	} {
		rec := get(t, s, c.target)
		page := rec.Body.String()
		if got := len(rows.FindAllString(page, -1)); rec.Code != 200 || got != c.rows {
			t.Errorf("%s: status %d, %d rows; want 200 and %d", c.target, rec.Code, got, c.rows)
		}
		for _, w := range c.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %q", c.target, w)
			}
		}
		if c.rows == 10 && strings.Contains(page, `data-testid="index-pager"`) != (c.target == "/?page=3") {
			t.Errorf("%s: pager shown %v", c.target, !(c.target == "/?page=3"))
		}
	}
}

// TestIndexAriaLabelsShowHiddenCharacters: the radio buttons' aria-label carried a task
// name's raw ESC, NUL and RLO (issue 26 item 6).
func TestIndexAriaLabelsShowHiddenCharacters(t *testing.T) {
	// Names in the FDI API's task list are not parsed: they reach the index as sent.
	src := &listSource{entries: []Entry{{Ref: Ref{ID: "x"}, RefText: "x", ID: "x", Name: "ord\x1b[2Jers\x00\u202egnp", Mappings: -1}}}
	s, err := New(Config{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	page := get(t, s, "/").Body.String()
	labels := 0
	z := html.NewTokenizer(strings.NewReader(page))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		for {
			k, v, more := z.TagAttr()
			if string(k) == "aria-label" && strings.HasPrefix(string(v), "old: ord") {
				labels++
				if strings.ContainsAny(string(v), "\x1b\x00\u202e") || !strings.Contains(string(v), "U+202E") {
					t.Errorf("aria-label %q: raw hidden characters, or the RLO not spelled out", v)
				}
			}
			if !more {
				break
			}
		}
	}
	if labels != 1 {
		t.Errorf("%d old: aria-labels of the task, want 1", labels)
	}
}

// listSource lists entries and has no task.
type listSource struct{ entries []Entry }

func (s *listSource) Describe() string                              { return "list source" }
func (s *listSource) List(context.Context) ([]Entry, error)         { return s.entries, nil }
func (s *listSource) Fetch(context.Context, Ref) (*Document, error) { return nil, ErrNoSuchTask }

// waitUntil polls cond; it fails the test after a minute (a hang, not a slow machine).
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; !cond(); i++ {
		if i == 6000 {
			t.Fatalf("waited a minute for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// setsSource serves two sets of n tasks for /compare-sets ("old" and "new", every task
// named alike on both sides) and two single tasks "a" and "b" of the default instance.
// A fetch of a set's task blocks until release is closed or its context ends; inflight
// counts the fetches under way, started all of them.
type setsSource struct {
	n        int
	body     []byte
	release  chan struct{}
	inflight atomic.Int64
	started  atomic.Int64
}

func (s *setsSource) Describe() string { return "sets source" }
func (s *setsSource) List(context.Context) ([]Entry, error) {
	return []Entry{{Ref: Ref{ID: "a"}, RefText: "a", ID: "a", Mappings: -1}, {Ref: Ref{ID: "b"}, RefText: "b", ID: "b", Mappings: -1}}, nil
}
func (s *setsSource) Sets(context.Context) ([]string, error) { return []string{DefaultSet}, nil }
func (s *setsSource) ListSet(_ context.Context, set string) ([]Entry, error) {
	out := make([]Entry, s.n)
	for i := range out {
		ref := Ref{Instance: set, ID: fmt.Sprintf("t%d", i)}
		out[i] = Entry{Ref: ref, RefText: ref.String(), ID: ref.ID, Name: ref.ID, Mappings: -1}
	}
	return out, nil
}
func (s *setsSource) Fetch(ctx context.Context, ref Ref) (*Document, error) {
	if ref.Instance == "" {
		return &Document{Ref: ref, Body: s.body, Version: "v-" + ref.ID}, nil
	}
	s.started.Add(1)
	s.inflight.Add(1)
	defer s.inflight.Add(-1)
	select {
	case <-s.release:
		return &Document{Ref: ref, Body: s.body, Version: "v"}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func setsServer26(t *testing.T, src *setsSource, opts ...func(*Config)) *Server {
	t.Helper()
	cfg := Config{Source: src, UpstreamTimeout: 5 * time.Minute, ColdWork: 2}
	for _, o := range opts {
		o(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCompareSetsStopsWithItsRequest: /compare-sets kept fetching for 11 minutes after
// the client's write timeout (issue 25 item 7). Past Config.RequestTimeout the answer is
// 503 and no fetch is left running or starts afterwards.
func TestCompareSetsStopsWithItsRequest(t *testing.T) {
	src := &setsSource{n: 200, body: taskgen.Response(taskgen.Options{Mappings: 1, Seed: 1}), release: make(chan struct{})}
	s := setsServer26(t, src, func(c *Config) { c.RequestTimeout = 300 * time.Millisecond })
	done := make(chan *httptest.ResponseRecorder, 1)
	go func() { done <- request(s, "GET", "/compare-sets?old=x&new=y", "") }()
	var rec *httptest.ResponseRecorder
	select {
	case rec = <-done:
	case <-time.After(time.Minute): // a hang, not a slow machine
		t.Fatal("/compare-sets still running a minute after its 300 ms deadline")
	}
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "could not finish this within 300ms") {
		t.Errorf("status %d, want 503 busy:\n%.500s", rec.Code, rec.Body)
	}
	// The comparison's goroutines wind down once cancelled: every fetch returns, the
	// set turn is given back.
	waitUntil(t, "the fetches to end", func() bool { return src.inflight.Load() == 0 && len(s.setTurns) == 0 })
	started := src.started.Load()
	close(src.release)
	time.Sleep(50 * time.Millisecond) // a fetch started now would be counted
	if n := src.started.Load(); n != started {
		t.Errorf("%d fetches started after the answer", n-started)
	}
}

// TestCompareSetsCap: a set of more than MaxSetTasks tasks is refused before any task is
// fetched (a 950,000-task list reached 1.8 GB).
func TestCompareSetsCap(t *testing.T) {
	src := &setsSource{n: MaxSetTasks + 1, release: make(chan struct{})}
	close(src.release)
	s := setsServer26(t, src)
	rec := request(s, "GET", "/compare-sets?old=x&new=y", "")
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "at most 21000") {
		t.Errorf("status %d, want 413:\n%.500s", rec.Code, rec.Body)
	}
	if n := src.started.Load(); n != 0 {
		t.Errorf("%d tasks fetched for a refused set", n)
	}
}

// TestSetComparesLeaveATurn: 16 concurrent set comparisons starved a small /compare into
// a 504 (issue 25 item 8). With two turns of cold work, set comparisons take one at most;
// a /compare meanwhile is answered.
func TestSetComparesLeaveATurn(t *testing.T) {
	src := &setsSource{n: 8, body: taskgen.Response(taskgen.Options{Mappings: 5, Seed: 2}), release: make(chan struct{})}
	s := setsServer26(t, src)
	var wg sync.WaitGroup
	codes := make(chan int, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- request(s, "GET", fmt.Sprintf("/compare-sets?old=o%d&new=n%d", i, i), "").Code
		}()
	}
	for src.inflight.Load() == 0 {
		runtime.Gosched() // until a set comparison holds its turn, fetching
	}
	if rec := request(s, "GET", "/compare?old=a&new=b", ""); rec.Code != http.StatusOK {
		t.Errorf("/compare during 16 set comparisons: status %d, want 200:\n%.400s", rec.Code, rec.Body)
	}
	if n := len(s.setTurns); n != 1 {
		t.Errorf("%d set comparisons running, want 1", n)
	}
	close(src.release)
	wg.Wait()
	close(codes)
	for code := range codes {
		if code != http.StatusOK {
			t.Errorf("a set comparison answered %d", code)
		}
	}
}

// TestAcceptedReasonsAreMarkedAsNames: an accepted reason (and who accepted) holding a
// bidi override is shown as a name is, spelled out and marked, not applied to the text
// around it (issue 25 item 9).
func TestAcceptedReasonsAreMarkedAsNames(t *testing.T) {
	f := acceptBreaking(t, "safe \u202edesrever", "mallory\u202e")
	page := get(t, newTestServer(t, func(c *Config) { c.Accepted = f }), "/compare?old=seed&new=seed-v2").Body.String()
	if strings.Contains(page, "\u202e") {
		t.Error("the compare page carries a raw U+202E")
	}
	for _, want := range []string{
		`accepted: <bdi class="hidden-chars" data-testid="hidden-chars">safe ⟨U+202E⟩desrever</bdi>`,
		`(by <bdi class="hidden-chars" data-testid="hidden-chars">mallory⟨U+202E⟩</bdi>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("compare page lacks %q", want)
		}
	}
}

// TestRomaSourceRefusesAFloodedList: over the FDI API, a list page of 100,000 tasks (a
// 31 MiB one took /compare-sets to 1.8 GB) is refused at its 1,001st task with 413, for
// the index and /compare-sets alike, and nothing is fetched.
func TestRomaSourceRefusesAFloodedList(t *testing.T) {
	fake := romatest.NewServer(romatest.Examples()...)
	defer fake.Close()
	c, err := roma.New(fake.URL, roma.WithToken(romatest.DefaultToken), roma.WithRetryPolicy(roma.RetryPolicy{Attempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Source: NewRomaSource(c, romatest.ProjectID, romatest.InstanceID, "fake FDI"), UpstreamTimeout: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/compare-sets?old=.&new=.", "/", "/api/tasks"} {
		fake.ResetRequests()
		fake.Inject(1, romatest.FloodList(100_000))
		rec := get(t, s, target)
		if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "task list is longer than it can be") {
			t.Errorf("%s: status %d, want 413 and the list refused:\n%.400s", target, rec.Code, rec.Body)
		}
		for _, r := range fake.Requests() {
			if !strings.HasSuffix(r.Path, "/tasks") {
				t.Errorf("%s: a task was fetched (%s) after the list was refused", target, r.Path)
			}
		}
	}
}
