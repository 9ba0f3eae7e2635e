package roma_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

// pagedServer serves n generated tasks, at most pageSize per ListTasks page.
func pagedServer(t *testing.T, n, pageSize int) *romatest.Server {
	t.Helper()
	srv := romatest.NewServer()
	t.Cleanup(srv.Close)
	for i := range n {
		body := taskgen.Response(taskgen.Options{Mappings: 1, Seed: int64(i), Name: fmt.Sprintf("task_%02d", i)})
		task, err := romatest.FixtureFromBody(body)
		if err != nil {
			t.Fatal(err)
		}
		srv.Add(task)
	}
	srv.SetMaxPageSize(pageSize)
	return srv
}

func TestListAllReadsEveryPage(t *testing.T) {
	for _, c := range []struct {
		name            string
		tasks, pageSize int
		limit           int
		pages           int
	}{
		{"three short pages", 25, 10, 0, 3},
		{"exact pages", 20, 10, 0, 2},
		{"one page", 5, 0, 0, 1},
		{"limit below the cap", 7, 10, 3, 3},
		{"empty instance", 0, 10, 0, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := pagedServer(t, c.tasks, c.pageSize)
			client, _ := newClient(t, srv)
			all, err := client.ListAll(t.Context(), romatest.ProjectID, romatest.InstanceID, roma.ListOptions{Limit: c.limit})
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != c.tasks {
				t.Errorf("%d tasks, want %d", len(all), c.tasks)
			}
			seen := map[string]bool{}
			for _, s := range all {
				if seen[s.TaskID] {
					t.Errorf("task %s listed twice", s.TaskID)
				}
				seen[s.TaskID] = true
			}
			reqs := srv.Requests()
			if len(reqs) != c.pages {
				t.Errorf("%d requests, want %d pages", len(reqs), c.pages)
			}
			for i, r := range reqs {
				q, _ := url.ParseQuery(r.RawQuery)
				if q.Get("sort_type") != "ASC" || q.Get("sort_field") != "CREATED_DATE" {
					t.Errorf("request %d not sorted oldest first: %s", i, r.RawQuery)
				}
			}
		})
	}
}

func TestListAllStopsOnAPageWithNothingNew(t *testing.T) {
	// A server that ignores offset (or reads it as a page number) would be paged forever;
	// the second page brings no new task and ends the listing.
	srv := pagedServer(t, 5, 0)
	ignoresOffset := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		q.Del("offset")
		r.URL.RawQuery = q.Encode()
		srv.ServeHTTP(w, r)
	}))
	defer ignoresOffset.Close()
	client, err := roma.New(ignoresOffset.URL, roma.WithToken(romatest.DefaultToken))
	if err != nil {
		t.Fatal(err)
	}
	all, err := client.ListAll(t.Context(), romatest.ProjectID, romatest.InstanceID, roma.ListOptions{Limit: 2})
	if err != nil || len(all) != 2 {
		t.Fatalf("%d tasks, err %v; want the 2 of the first page", len(all), err)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestListAllFailsWithTheListError(t *testing.T) {
	srv := pagedServer(t, 25, 10)
	client, _ := newClient(t, srv, roma.WithRetryPolicy(roma.RetryPolicy{Attempts: 1}))
	srv.Inject(1, romatest.Latency(0)) // the first page answers normally
	srv.Inject(1, romatest.Status(403))
	_, err := client.ListAll(t.Context(), romatest.ProjectID, romatest.InstanceID, roma.ListOptions{})
	if !errors.Is(err, roma.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	if !strings.Contains(err.Error(), "offset 10") {
		t.Errorf("error does not name the page: %v", err)
	}
}

// allocated returns the bytes and objects allocated while f runs (the whole process, so
// the in-process server's share is counted too; it streams without allocating per task).
func allocated(f func()) (bytes, objects uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs
}

// A hostile server's single list page of 200,000 tasks (~20 MB) is refused at the
// 1,001st entity: the client decodes no more than a page may hold (it read 860 MB for
// such a page before), and the error says where and why.
func TestListRefusesAFloodedPage(t *testing.T) {
	const flood = 200_000
	srv := pagedServer(t, 3, 0)
	client, _ := newClient(t, srv, roma.WithRetryPolicy(roma.RetryPolicy{Attempts: 1}))
	for _, c := range []struct {
		name string
		call func() error
	}{
		{"List", func() error {
			_, err := client.List(t.Context(), romatest.ProjectID, romatest.InstanceID, roma.ListOptions{Limit: 10})
			return err
		}},
		{"ListAll", func() error {
			_, err := client.ListAll(t.Context(), romatest.ProjectID, romatest.InstanceID, roma.ListOptions{})
			return err
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv.Inject(1, romatest.FloodList(flood))
			var err error
			bytes, objects := allocated(func() { err = c.call() })
			if !errors.Is(err, roma.ErrListTooLong) || !strings.Contains(err.Error(), "/entities/1000") {
				t.Fatalf("err = %v, want ErrListTooLong at /entities/1000", err)
			}
			t.Logf("refused page: %d objects, %d MiB allocated", objects, bytes>>20)
			// The body (~20 MB, read into a growing buffer: 65 MiB allocated, 130 MiB under
			// the race detector) and 1,000 entities: about 8,000 objects. Decoding all
			// 200,000 costs over 1.5 million.
			if objects > 50_000 || bytes > 192<<20 {
				t.Errorf("allocated %d objects, %d MiB for a refused page; want at most 50,000 and 192 MiB", objects, bytes>>20)
			}
		})
	}
}

// A server that claims a million tasks and sends a fresh full page at every offset is
// read no further than offset 20,000 allows: 21 pages, then an error.
func TestListAllStopsAtTheLargestOffset(t *testing.T) {
	var pages atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pages.Add(1)
		off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		var b strings.Builder
		b.WriteString(`{"total":1000000,"entities":[`)
		for i := range roma.MaxPageEntities {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"task_id":"t%d","task_name":"n"}`, off+i)
		}
		b.WriteString("]}")
		io.WriteString(w, b.String())
	}))
	defer srv.Close()
	client, err := roma.New(srv.URL, roma.WithToken(romatest.DefaultToken))
	if err != nil {
		t.Fatal(err)
	}
	all, err := client.ListAll(t.Context(), romatest.ProjectID, romatest.InstanceID, roma.ListOptions{Limit: roma.MaxPageEntities})
	if err == nil || all != nil || !strings.Contains(err.Error(), "cannot page past offset 20000") {
		t.Fatalf("%d tasks, err %v; want the offset error", len(all), err)
	}
	if n := pages.Load(); n != 21 {
		t.Errorf("%d pages read, want 21", n)
	}
}
