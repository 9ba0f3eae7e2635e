// Command gensets writes two folders of generated tasks for measuring set comparisons
// (scripts/bench-sets.sh), and decodes folders with encoding/json as the baseline.
//
//	go run ./internal/taskgen/gensets -out DIR [-tasks 1000] [-mappings 200] [-changed 0.1] [-churn 0.01]
//	go run ./internal/taskgen/gensets -decode DIR...
//
// DIR/old holds -tasks tasks of -mappings mappings (task_0000.json …); DIR/new holds the
// same tasks, a -changed fraction of them edited by taskgen.Mutate (1% of their mappings),
// and a -churn fraction removed and replaced by as many new tasks. -decode reads every
// *.json file of the folders and decodes it, and its task_detail string, into
// map[string]any with encoding/json, on every core: the floor any comparison pays.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/fdireview/fdireview/internal/taskgen"
)

func main() {
	out := flag.String("out", "", "write old/ and new/ under this folder")
	tasks := flag.Int("tasks", 1000, "tasks per side")
	mappings := flag.Int("mappings", 200, "mappings per task")
	changed := flag.Float64("changed", 0.1, "fraction of tasks edited in new/")
	churn := flag.Float64("churn", 0.01, "fraction of tasks removed from new/ and replaced by new ones")
	decode := flag.Bool("decode", false, "decode the folders given as arguments (baseline)")
	flag.Parse()
	var err error
	switch {
	case *decode:
		err = decodeAll(flag.Args())
	case *out != "":
		err = generate(*out, *tasks, *mappings, *changed, *churn)
	default:
		flag.Usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gensets:", err)
		os.Exit(1)
	}
}

func generate(dir string, tasks, mappings int, changed, churn float64) error {
	for _, side := range []string{"old", "new"} {
		if err := os.MkdirAll(filepath.Join(dir, side), 0o755); err != nil {
			return err
		}
	}
	every := func(f float64) int {
		if f <= 0 {
			return 0
		}
		return max(1, int(1/f+0.5))
	}
	changeEvery, churnEvery := every(changed), every(churn)
	for i := range tasks {
		name := fmt.Sprintf("task_%04d", i)
		body := taskgen.Response(taskgen.Options{Mappings: mappings, Seed: int64(i), Name: name})
		if err := os.WriteFile(filepath.Join(dir, "old", name+".json"), body, 0o644); err != nil {
			return err
		}
		switch {
		case churnEvery > 0 && i%churnEvery == churnEvery-1:
			name = fmt.Sprintf("new_task_%04d", i)
			body = taskgen.Response(taskgen.Options{Mappings: mappings, Seed: int64(tasks + i), Name: name})
		case changeEvery > 0 && i%changeEvery == 0:
			body, _ = taskgen.Mutate(body, 0.01, int64(i))
		}
		if err := os.WriteFile(filepath.Join(dir, "new", name+".json"), body, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func decodeAll(dirs []string) error {
	var files []string
	for _, d := range dirs {
		m, err := filepath.Glob(filepath.Join(d, "*.json"))
		if err != nil {
			return err
		}
		files = append(files, m...)
	}
	jobs := make(chan string)
	errs := make(chan error, len(files))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				errs <- decodeFile(f)
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	fmt.Printf("decoded %d files\n", len(files))
	return nil
}

func decodeFile(name string) error {
	b, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	var env map[string]any
	if err := json.Unmarshal(b, &env); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if s, ok := env["task_detail"].(string); ok {
		var detail map[string]any
		if err := json.Unmarshal([]byte(s), &detail); err != nil {
			return fmt.Errorf("%s: task_detail: %w", name, err)
		}
	}
	return nil
}
