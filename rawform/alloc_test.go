package rawform_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/fdireview/fdireview/rawform"
)

// TestParseAllocatesLessThanBareDecode: Parse (decode, validation, model, checks)
// allocates no more than 1.5 times what the bare encoding/json decode of the same bytes
// does, for a small document and a large one: fixed costs (decoder slabs and tables)
// must not swamp a small task, nor the tree a large one. Bytes allocated, not time.
// (Measured: seed 1.0x, 2,000 mappings 0.3x; slabs of a fixed size made the seed 6.9x.)
func TestParseAllocatesLessThanBareDecode(t *testing.T) {
	for _, in := range benchInputs(t) {
		t.Run(in.name, func(t *testing.T) {
			if _, err := rawform.Parse(in.body); err != nil { // compiles the schemas once
				t.Fatal(err)
			}
			parse := allocated(func() {
				if _, err := rawform.Parse(in.body); err != nil {
					t.Fatal(err)
				}
			})
			bare := allocated(func() {
				var env map[string]any
				dec := json.NewDecoder(bytes.NewReader(in.body))
				dec.UseNumber()
				if err := dec.Decode(&env); err != nil {
					t.Fatal(err)
				}
				var inner map[string]any
				dec = json.NewDecoder(bytes.NewReader([]byte(env["task_detail"].(string))))
				dec.UseNumber()
				if err := dec.Decode(&inner); err != nil {
					t.Fatal(err)
				}
			})
			ratio := float64(parse) / float64(bare)
			t.Logf("Parse %d bytes, bare decode %d bytes: %.2fx", parse, bare, ratio)
			if ratio > 1.5 {
				t.Errorf("Parse allocated %.2fx the bare decode, want at most 1.5x", ratio)
			}
		})
	}
}
