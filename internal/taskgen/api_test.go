package taskgen_test

import (
	"bytes"
	"testing"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/rawform"
)

// TestAPIRequest: generated API requests parse strictly as requests, with one mappingInput
// mapping per column, and Mutate's edits of them keep them valid and are exactly what the
// diff reports.
func TestAPIRequest(t *testing.T) {
	for seed := int64(0); seed < 40; seed++ {
		body := taskgen.APIRequest(taskgen.Options{Mappings: int(seed % 13), Seed: seed})
		task, err := rawform.Parse(body)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if task.Shape != rawform.ShapeRequest || len(task.Detail.Mappings) != int(seed%13) || !task.Detail.APISource() {
			t.Fatalf("seed %d: shape %v, %d mappings, API %t", seed, task.Shape, len(task.Detail.Mappings), task.Detail.APISource())
		}
		for _, m := range task.Detail.Mappings {
			if m.Form != rawform.FormInput || m.Source.Type == "" || m.Target.Type == "" {
				t.Fatalf("seed %d: mapping %+v not resolved", seed, m)
			}
		}
		if !bytes.Equal(body, taskgen.APIRequest(taskgen.Options{Mappings: int(seed % 13), Seed: seed})) {
			t.Fatal("not deterministic")
		}
		mutated, changed := taskgen.Mutate(body, 0.5, seed)
		if _, err := rawform.Parse(mutated); err != nil {
			t.Fatalf("seed %d: mutated: %v", seed, err)
		}
		if seed%13 > 0 && len(changed) == 0 {
			t.Errorf("seed %d: nothing changed", seed)
		}
	}
}
