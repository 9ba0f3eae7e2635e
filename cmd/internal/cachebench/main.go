// Command cachebench measures the viewer's memory against its cache budget: it serves a
// folder of generated tasks through the real handler (web.New over a DirSource, loopback
// HTTP), requests N distinct comparisons (/compare?old=A&new=B, every pair different),
// and reports the process's resident memory (VmRSS, VmHWM), the Go heap and what the
// cache accounted, against the budget.
//
//	go run ./cmd/internal/cachebench -compares 1000 -cache 256
//
// The tasks are mutations of one generated task (taskgen), so comparisons look like
// reviews (a few percent of mappings changed) rather than unrelated tasks.
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/web"
)

func main() {
	tasks := flag.Int("tasks", 40, "tasks in the folder")
	mappings := flag.Int("mappings", 2000, "mappings per task")
	compares := flag.Int("compares", 1000, "distinct comparisons requested")
	cacheMiB := flag.Int64("cache", 256, "cache budget in MiB (web.Config.CacheBytes)")
	parallel := flag.Int("parallel", 2, "requests at a time")
	limit := flag.Bool("memlimit", true, "apply the viewer's soft memory limit (web.MemoryLimit)")
	flag.Parse()

	dir, err := os.MkdirTemp("", "cachebench")
	check(err)
	defer os.RemoveAll(dir)
	base := taskgen.Response(taskgen.Options{Mappings: *mappings, Seed: 1})
	for i := range *tasks {
		body, _ := taskgen.Mutate(base, 0.02, int64(i+1))
		check(os.WriteFile(filepath.Join(dir, fmt.Sprintf("t%03d.json", i)), body, 0o644))
	}
	src, err := web.NewDirSource(dir, 0)
	check(err)
	cfg := web.Config{Source: src, CacheBytes: *cacheMiB << 20}
	if *limit {
		debug.SetMemoryLimit(web.MemoryLimit(cfg.CacheBytes))
	}
	h, err := web.New(cfg)
	check(err)
	srv := httptest.NewServer(h)
	defer srv.Close()

	pairs := make(chan [2]int)
	go func() {
		n := 0
		for i := 0; i < *tasks && n < *compares; i++ {
			for j := 0; j < *tasks && n < *compares; j++ {
				if i != j {
					pairs <- [2]int{i, j}
					n++
				}
			}
		}
		close(pairs)
	}()
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed, done := 0, 0
	for range *parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range pairs {
				resp, err := http.Get(fmt.Sprintf("%s/compare?old=t%03d&new=t%03d", srv.URL, p[0], p[1]))
				ok := err == nil && resp.StatusCode == 200
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				mu.Lock()
				done++
				if !ok {
					failed++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	inuse, sys := ms.HeapInuse, ms.HeapSys
	status, _ := os.ReadFile("/proc/self/status")
	runtime.GC()
	runtime.ReadMemStats(&ms)
	used, budget := h.CacheSize()
	field := func(name string) string {
		for _, l := range strings.Split(string(status), "\n") {
			if strings.HasPrefix(l, name+":") {
				return strings.TrimSpace(strings.TrimPrefix(l, name+":"))
			}
		}
		return "?"
	}
	fmt.Printf("compares %d (failed %d), %d tasks of %d mappings (%d KB each)\n", done, failed, *tasks, *mappings, len(base)>>10)
	fmt.Printf("cache budget %d MiB, accounted %d MiB, live heap after GC %d MiB; before it: heap in use %d MiB, heap sys %d MiB; memory limit %v\n",
		budget>>20, used>>20, ms.HeapAlloc>>20, inuse>>20, sys>>20, *limit)
	fmt.Printf("VmRSS %s, VmHWM %s\n", field("VmRSS"), field("VmHWM"))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "cachebench:", err)
		os.Exit(1)
	}
}
