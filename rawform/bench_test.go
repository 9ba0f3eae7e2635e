package rawform_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/rawform"
)

// benchInputs are the documented example and generated tasks of 2,000 and 10,000 mappings.
func benchInputs(b testing.TB) []struct {
	name string
	body []byte
} {
	return []struct {
		name string
		body []byte
	}{
		{"seed", readFile(b, "../testdata/examples/seed-response.json")},
		{"2000", taskgen.Response(taskgen.Options{Mappings: 2000, Seed: 1})},
		{"10000", taskgen.Response(taskgen.Options{Mappings: 10000, Seed: 1})},
	}
}

// BenchmarkBaseline is the bare decode the DESIGN budget compares against: encoding/json
// into map[string]any (with UseNumber), the envelope and then the task_detail string.
func BenchmarkBaseline(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.body)))
			b.ReportAllocs()
			for b.Loop() {
				var env map[string]any
				dec := json.NewDecoder(bytes.NewReader(in.body))
				dec.UseNumber()
				if err := dec.Decode(&env); err != nil {
					b.Fatal(err)
				}
				var inner map[string]any
				dec = json.NewDecoder(bytes.NewReader([]byte(env["task_detail"].(string))))
				dec.UseNumber()
				if err := dec.Decode(&inner); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParse is the strict Parse: decode, schema validation of both levels, typed
// model, semantic checks. Budget: within 4× BenchmarkBaseline.
func BenchmarkParse(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			if _, err := rawform.Parse(in.body); err != nil { // compiles the schemas once
				b.Fatal(err)
			}
			b.SetBytes(int64(len(in.body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := rawform.Parse(in.body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEncode re-encodes a parsed task.
func BenchmarkEncode(b *testing.B) {
	for _, in := range benchInputs(b) {
		task, err := rawform.Parse(in.body)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := task.Encode(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
