package rawform_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/rawform"
)

// TestParseConcurrently: Parse is safe for concurrent use (fdi diff parses its two files
// at once; the viewer parses per request). Every example, every invalid document and
// generated tasks are parsed by many goroutines at once, strict and lenient, each result
// compared with the same parse done alone. The package's shared state (compiled schemas,
// the known-names table, boxed constants) is only read after its first use; `go test
// -race` (CI runs this test with it) reports any write.
func TestParseConcurrently(t *testing.T) {
	var inputs [][]byte
	for _, glob := range []string{"../testdata/examples/*.json", "../testdata/invalid/*.json"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			inputs = append(inputs, readFile(t, f))
		}
	}
	inputs = append(inputs, taskgen.Response(taskgen.Options{Mappings: 300, Seed: 3}),
		taskgen.APIRequest(taskgen.Options{Mappings: 50, Seed: 4}), taskgen.UnknownKeys(2000, false),
		taskgen.UnknownKeys(2000, true))
	outcome := func(in []byte, opts ...rawform.Option) string {
		task, err := rawform.Parse(in, opts...)
		if task == nil {
			return fmt.Sprintf("error %v", err)
		}
		out, encErr := task.Encode()
		return fmt.Sprintf("%s | %v | %v | %d warnings", out, err, encErr, len(task.Warnings))
	}
	modes := [][]rawform.Option{nil, {rawform.Lenient()}}
	want := make([][]string, len(inputs))
	for i, in := range inputs {
		for _, opts := range modes {
			want[i] = append(want[i], outcome(in, opts...))
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(inputs)*len(modes))
	for range 8 {
		for i, in := range inputs {
			for m, opts := range modes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if got := outcome(in, opts...); got != want[i][m] {
						errs <- fmt.Sprintf("input %d mode %d: concurrent parse differs:\n%.300s\nalone:\n%.300s", i, m, got, want[i][m])
					}
				}()
			}
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
