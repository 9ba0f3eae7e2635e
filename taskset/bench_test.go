package taskset_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/taskset"
)

// benchSets are two in-memory sets of n tasks of m mappings; every tenth task of the new
// set is edited (1% of its mappings).
func benchSets(n, m int) (old, nw *taskset.Set, bodies [][]byte) {
	old, nw = &taskset.Set{Label: "old"}, &taskset.Set{Label: "new"}
	for i := range n {
		name := fmt.Sprintf("task_%04d", i)
		a := taskgen.Response(taskgen.Options{Mappings: m, Seed: int64(i), Name: name})
		b := a
		if i%10 == 0 {
			b, _ = taskgen.Mutate(a, 0.01, int64(i))
		}
		old.Items = append(old.Items, item(name, "", a))
		nw.Items = append(nw.Items, item(name, "", b))
		bodies = append(bodies, a, b)
	}
	return old, nw, bodies
}

// BenchmarkCompare compares two sets of 200 tasks of 200 mappings (a fifth of the README's
// measurement, to stay quick) on one worker and on every core, beside the baseline: the
// bare encoding/json decode of every body (envelope and task_detail), on one worker and on
// every core.
//
//	go test ./taskset -run '^$' -bench Compare -benchtime 5x
func BenchmarkCompare(b *testing.B) {
	old, nw, bodies := benchSets(200, 200)
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for b.Loop() {
				if _, err := taskset.Compare(context.Background(), old, nw, taskset.WithWorkers(workers)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("baseline=decode/workers=%d", workers), func(b *testing.B) { decodeAll(b, bodies, workers) })
	}
}

// decodeAll decodes every body, envelope and task_detail, into map[string]any.
func decodeAll(b *testing.B, bodies [][]byte, workers int) {
	for b.Loop() {
		jobs := make(chan []byte)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for body := range jobs {
					var env map[string]any
					if err := json.Unmarshal(body, &env); err != nil {
						panic(err)
					}
					var detail map[string]any
					if err := json.Unmarshal([]byte(env["task_detail"].(string)), &detail); err != nil {
						panic(err)
					}
				}
			}()
		}
		for _, body := range bodies {
			jobs <- body
		}
		close(jobs)
		wg.Wait()
	}
}
