package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/rawform"
)

// TestGenerated is the structure-aware property test: 500 generated valid tasks (fixed
// seeds) parse, round-trip, and compare empty with themselves; consecutive pairs satisfy
// the diff properties.
func TestGenerated(t *testing.T) {
	var prev *rawform.Task
	kinds := map[rawform.Kind]int{}
	lenientSeen := 0
	for seed := uint64(1); seed <= 500; seed++ {
		body, lenient := generate(seed)
		var opts []rawform.Option
		if lenient {
			lenientSeen++
			if _, err := rawform.Parse(body); err == nil {
				t.Fatalf("seed %d: unknown fields accepted in strict mode", seed)
			}
			opts = append(opts, rawform.Lenient())
		}
		task, err := rawform.Parse(body, opts...)
		if err != nil {
			t.Fatalf("seed %d: generated task does not parse: %v\n%s", seed, err, body)
		}
		kinds[task.Kind]++
		checkRoundTrip(t, task, opts)
		if prev != nil {
			checkDiff(t, prev, task)
		}
		prev = task
	}
	if kinds[rawform.KindResponse] == 0 || kinds[rawform.KindDetail] == 0 || lenientSeen == 0 {
		t.Errorf("generator not varied: kinds %v, %d lenient", kinds, lenientSeen)
	}
}

// corpusFile renders one input in the `go test fuzz v1` corpus format.
func corpusFile(values ...[]byte) []byte {
	var b bytes.Buffer
	b.WriteString("go test fuzz v1\n")
	for _, v := range values {
		fmt.Fprintf(&b, "[]byte(%s)\n", strconv.Quote(string(v)))
	}
	return b.Bytes()
}

// TestSeedCorpus keeps testdata/fuzz/<Target>/ in step with the repository's examples and
// crafted cases plus 20 generated tasks: run with -update after adding testdata. Files the
// fuzzer wrote (crashers kept as regression tests) are left alone.
func TestSeedCorpus(t *testing.T) {
	inputs := repoInputs(t)
	names := make([]string, 0, len(inputs))
	for n := range inputs {
		names = append(names, n)
	}
	slices.Sort(names)
	want := map[string]map[string][]byte{"FuzzParse": {}, "FuzzParseDetail": {}, "FuzzDiff": {}}
	seed := inputs["../testdata/examples/seed-response.json"]
	for _, n := range names {
		base := "seed-" + strings.NewReplacer("../", "", "/", "-").Replace(strings.TrimSuffix(n, ".json"))
		want["FuzzParse"][base] = corpusFile(inputs[n])
		if inner, ok := innerDetail(inputs[n]); ok {
			want["FuzzParseDetail"][base] = corpusFile(inner)
		} else {
			want["FuzzParseDetail"][base] = corpusFile(inputs[n])
		}
		if strings.HasSuffix(n, "/old.json") {
			want["FuzzDiff"][base] = corpusFile(inputs[n], inputs[strings.TrimSuffix(n, "old.json")+"new.json"])
		}
	}
	for i, g := range generated(t, 20) {
		name := fmt.Sprintf("seed-generated-%02d", i)
		want["FuzzParse"][name] = corpusFile(g)
		want["FuzzParseDetail"][name] = corpusFile(g)
		want["FuzzDiff"][name] = corpusFile(seed, g)
	}
	for target, files := range want {
		dir := filepath.Join("testdata", "fuzz", target)
		for name, content := range files {
			path := filepath.Join(dir, name)
			if *update {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, content, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			got, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(got, content) {
				t.Errorf("%s is missing or stale (run go test ./fuzz -run TestSeedCorpus -update)", path)
			}
		}
	}
}

// TestLimits: oversized and over-deep input is refused quickly, with a limit problem and
// bounded memory, by default and with configured limits.
func TestLimits(t *testing.T) {
	seed, err := os.ReadFile("../testdata/examples/seed-response.json")
	if err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte(" "), 50<<20) // 50 MiB
	copy(big, seed)
	deep := []byte(strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000))
	deepObj := []byte(strings.Repeat(`{"a":`, 100_000) + "1" + strings.Repeat("}", 100_000))
	deepDetail := []byte(`{"task":{"task_name":"abc"},"task_detail":"` + strings.Repeat("[", 100_000) + `"}`)
	tests := []struct {
		name     string
		in       []byte
		opts     []rawform.Option
		maxAlloc uint64 // bytes the refusal may allocate
	}{
		{"50 MiB response, default limits", big, nil, 1 << 20},
		{"100,000-deep arrays", deep, nil, 1 << 20},
		{"100,000-deep objects", deepObj, nil, 1 << 20},
		{"100,000-deep task_detail", deepDetail, nil, 1 << 20},
		{"MaxBytes", seed, []rawform.Option{rawform.WithLimits(rawform.Limits{MaxBytes: 1024})}, 1 << 20},
		{"MaxDepth", seed, []rawform.Option{rawform.WithLimits(rawform.Limits{MaxDepth: 3})}, 1 << 20},
		{"MaxMappings", seed, []rawform.Option{rawform.WithLimits(rawform.Limits{MaxMappings: 1})}, 4 << 20},
		{"MaxColumns", seed, []rawform.Option{rawform.WithLimits(rawform.Limits{MaxColumns: 2})}, 4 << 20},
		{"huge number", []byte(`{"task":{"created_date":1e999999999}}`), nil, 1 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := rawform.Parse(tt.in, tt.opts...)
			runtime.ReadMemStats(&after)
			var perr *rawform.Error
			if !errors.As(err, &perr) {
				t.Fatalf("err = %v, want *rawform.Error", err)
			}
			found := false
			for _, p := range perr.Problems {
				found = found || p.Code == rawform.CodeLimit
			}
			if !found {
				t.Errorf("no %q problem: %v", rawform.CodeLimit, perr.Problems)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > tt.maxAlloc {
				t.Errorf("refusal allocated %d bytes, want at most %d", alloc, tt.maxAlloc)
			}
		})
	}
}
