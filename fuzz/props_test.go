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

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/rawform"
)

// TestGenerated is the structure-aware property test: 500 generated valid tasks (fixed
// seeds) parse, round-trip, and compare empty with themselves; consecutive pairs satisfy
// the diff properties.
func TestGenerated(t *testing.T) {
	var prev *rawform.Task
	kinds := map[rawform.Shape]int{}
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
		kinds[task.Shape]++
		checkLossless(t, body, task)
		checkRoundTrip(t, task, opts)
		if prev != nil {
			checkDiff(t, prev, task)
		}
		prev = task
	}
	if kinds[rawform.ShapeResponse] == 0 || kinds[rawform.ShapeDetail] == 0 || lenientSeen == 0 {
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
	// Degenerate documents, as the file and as task_detail: each must give a problem
	// ("an *Error has problems" once failed on null).
	for name, doc := range map[string]string{"null": "null", "array": "[]", "string": `""`, "object": "{}"} {
		want["FuzzParse"]["seed-degenerate-"+name] = corpusFile([]byte(doc))
		want["FuzzParseDetail"]["seed-degenerate-"+name] = corpusFile([]byte(doc))
		want["FuzzParse"]["seed-degenerate-detail-"+name] = corpusFile(envelopeAround([]byte(doc), false))
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

// TestLimits: input over a resource limit is refused with problems of code "limit" only,
// whose messages name the limit, allocating little beyond the input itself (measured with
// runtime.MemStats; no timing), by default and with configured limits; input exactly at a
// configured limit is accepted (the limits are not off by one).
func TestLimits(t *testing.T) {
	seed, err := os.ReadFile("../testdata/examples/seed-response.json")
	if err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte(" "), 50<<20) // 50 MiB: the seed, then spaces
	copy(big, seed)
	deep := []byte(strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000))
	tiny := append(append([]byte("["), bytes.Repeat([]byte("[],"), (32<<20-3)/3)...), "0]"...)
	deepObj := []byte(strings.Repeat(`{"a":`, 100_000) + "1" + strings.Repeat("}", 100_000))
	deepDetail := envelopeAround([]byte(strings.Repeat("[", 100_000)), false)
	// Compile the schemas first (once per process, lazily): that is not the refusal's cost.
	if _, err := rawform.Parse(seed); err != nil {
		t.Fatal(err)
	}
	limits := func(l rawform.Limits) []rawform.Option { return []rawform.Option{rawform.WithLimits(l)} }
	const mib = 1 << 20
	tests := []struct {
		name     string
		in       []byte
		opts     []rawform.Option
		mention  string // the message names the limit
		maxAlloc uint64 // bytes the refusal may allocate; 0: the input is accepted
	}{
		{"50 MiB response, default limits", big, nil, strconv.Itoa(rawform.DefaultLimits().MaxBytes), mib},
		{"50 MiB response, MaxBytes 10 MiB", big, limits(rawform.Limits{MaxBytes: 10 * mib}), strconv.Itoa(10 * mib), mib},
		{"50 MiB response, MaxBytes 50 MiB - 1", big, limits(rawform.Limits{MaxBytes: 50*mib - 1}), strconv.Itoa(50*mib - 1), mib},
		// Refused unread: locating the problem used to index every line (2.2 GiB, 4 s).
		{"50 MiB of newlines", bytes.Repeat([]byte("\n"), 50*mib), nil, strconv.Itoa(rawform.DefaultLimits().MaxBytes), mib},
		{"100,000-deep arrays", deep, nil, "64", mib},
		{"100,000-deep objects", deepObj, nil, "64", mib},
		{"100,000-deep task_detail", deepDetail, nil, "64", mib},
		{"MaxBytes", seed, limits(rawform.Limits{MaxBytes: len(seed) - 1}), strconv.Itoa(len(seed) - 1), mib},
		{"MaxBytes exactly", seed, limits(rawform.Limits{MaxBytes: len(seed)}), "", 0},
		{"MaxDepth", seed, limits(rawform.Limits{MaxDepth: 3}), "3", mib},
		{"MaxDepth exactly", seed, limits(rawform.Limits{MaxDepth: seedDepth}), "", 0},
		{"MaxMappings", seed, limits(rawform.Limits{MaxMappings: 1}), "1", 4 * mib},
		{"MaxMappings exactly", seed, limits(rawform.Limits{MaxMappings: 2}), "", 0},
		{"MaxColumns", seed, limits(rawform.Limits{MaxColumns: 2}), "2", 4 * mib},
		// The MaxValues message names the option, not the number (the decoder counts down).
		{"MaxValues", seed, limits(rawform.Limits{MaxValues: 100}), "MaxValues", mib},
		{"32 MiB of tiny values, default limits", tiny, nil, "MaxValues", 6 * 32 * mib},
		{"MaxColumns exactly", seed, limits(rawform.Limits{MaxColumns: 3}), "", 0},
		{"exponent beyond 1e400", []byte(`{"task":{"created_date":1e999999999}}`), nil, "400", mib},
		{"a million-digit number", []byte(`{"task":{"created_date":` + strings.Repeat("9", 1_000_000) + `}}`), nil, "400", mib},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := rawform.Parse(tt.in, tt.opts...)
			runtime.ReadMemStats(&after)
			_, derr := rawform.ParseDetail(tt.in, tt.opts...)
			if (err == nil) != (derr == nil) && !bytes.Contains(tt.in, []byte(`"task_detail"`)) {
				t.Errorf("Parse and ParseDetail disagree: %v / %v", err, derr)
			}
			if tt.maxAlloc == 0 {
				if err != nil {
					t.Fatalf("refused at the limit: %v", err)
				}
				return
			}
			var perr *rawform.Error
			if !errors.As(err, &perr) {
				t.Fatalf("err = %v, want *rawform.Error", err)
			}
			// Only limit problems: nothing over a limit is validated further. (MaxMappings
			// reports each parallel array over it.)
			for _, p := range perr.Problems {
				if p.Code != rawform.CodeLimit {
					t.Fatalf("want only %q problems, got %v", rawform.CodeLimit, perr.Problems)
				}
				if !strings.Contains(p.Message, tt.mention) {
					t.Errorf("message %q does not name the limit %s", p.Message, tt.mention)
				}
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d-byte input refused, %d bytes allocated", len(tt.in), alloc)
			if alloc > tt.maxAlloc {
				t.Errorf("refusal allocated %d bytes, want at most %d", alloc, tt.maxAlloc)
			}
		})
	}
}

// TestLocateBounded: finding the line:column of a problem costs little memory however many
// lines the input has (the line index once took a slice entry per line: 1.4 GiB for 30 MiB
// of newlines).
func TestLocateBounded(t *testing.T) {
	const mib = 1 << 20
	newlines := bytes.Repeat([]byte("\n"), 30*mib)
	tests := []struct {
		name      string
		in        []byte
		line, col int
	}{
		{"syntax error after 30 MiB of newlines", append(newlines[:len(newlines):len(newlines)], 'x'), 30*mib + 1, 1},
		// (The task object has no required key: the schema problem is a wrong type.)
		{"schema problem after 30 MiB of newlines", append(append([]byte(`{"task":`), newlines...), `{"task_name":7},"task_detail":"{}"}`...), 30*mib + 1, 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rawform.Parse(tt.in) // compiles the schemas the problem needs: a per-process cost, not locating's
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := rawform.Parse(tt.in)
			runtime.ReadMemStats(&after)
			var perr *rawform.Error
			if !errors.As(err, &perr) {
				t.Fatalf("err = %v, want *rawform.Error", err)
			}
			if p := perr.Problems[0]; p.Line != tt.line || p.Column != tt.col {
				t.Errorf("first problem at %d:%d, want %d:%d (%v)", p.Line, p.Column, tt.line, tt.col, p)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d problems located, %d bytes allocated", len(perr.Problems), alloc)
			if alloc > 4*mib {
				t.Errorf("locating allocated %d bytes, want at most %d", alloc, 4*mib)
			}
		})
	}
}

// seedDepth is the nesting depth of the seed response: the envelope is 2 deep
// ({"task":{…}}), the task_detail document deeper (object, datasource, column list, column).
const seedDepth = 4

// TestGeneratedPairs: taskgen tasks and their taskgen.Mutate edits (narrowed, widened,
// nullability, type, source swap, removed and added mappings; for API-source requests a
// mapping moved to another selected column too). Both sides parse strictly
// and satisfy the diff properties, and the diff reports a mapping change for exactly the
// target columns Mutate edited: none missed, none invented.
func TestGeneratedPairs(t *testing.T) {
	total := 0
	for seed := int64(1); seed <= 160; seed++ {
		old := taskgen.Response(taskgen.Options{Mappings: int(seed % 23), Seed: seed})
		if seed > 100 { // API-source requests: their mappings are mappingInput items
			old = taskgen.APIRequest(taskgen.Options{Mappings: int(seed % 23), Seed: seed})
		}
		new, edited := taskgen.Mutate(old, 0.3, seed)
		a, err := rawform.Parse(old)
		if err != nil {
			t.Fatalf("seed %d: generated task: %v", seed, err)
		}
		b, err := rawform.Parse(new)
		if err != nil {
			t.Fatalf("seed %d: mutated task: %v", seed, err)
		}
		checkDiff(t, a, b)
		total += len(edited)
		want := map[string]bool{}
		for _, c := range edited {
			want[c] = true
		}
		got := map[string]bool{}
		for _, c := range diff.Tasks(a, b).Changes {
			if strings.HasPrefix(string(c.Kind), "mapping.") {
				got[c.TargetColumn] = true
			}
		}
		for c := range want {
			if !got[c] {
				t.Errorf("seed %d: Mutate edited the mapping to %q, the diff reports no change to it", seed, c)
			}
		}
		for c := range got {
			if !want[c] {
				t.Errorf("seed %d: the diff reports a change to %q, which Mutate did not edit", seed, c)
			}
		}
	}
	if total < 200 {
		t.Errorf("only %d mappings edited in 100 pairs: the test exercises little", total)
	}
}

// TestDecodeAmplification: a document under MaxBytes made of many tiny values (`[],` over
// and over) must not cost far more than its size. It did: decoding into a generic tree
// allocated about 80 bytes per input byte, and no limit counted values, so 32 MiB of `[],`
// took 6.5 s and 2.5 GiB before it was refused for its type. rawform now has a value
// budget (Limits.MaxValues, derived from MaxBytes). Scaled down here (MaxBytes 4 MiB):
// either a limit problem or at most 16 bytes allocated per input byte passes.
func TestDecodeAmplification(t *testing.T) {
	const size = 4 << 20
	in := append([]byte("["), bytes.Repeat([]byte("[],"), (size-3)/3)...)
	in = append(in, "0]"...)
	opts := rawform.WithLimits(rawform.Limits{MaxBytes: size})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := rawform.Parse(in, opts)
	runtime.ReadMemStats(&after)
	var perr *rawform.Error
	if errors.As(err, &perr) && len(perr.Problems) > 0 && perr.Problems[0].Code == rawform.CodeLimit {
		return
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16*size {
		t.Errorf("a %d-byte input allocated %d bytes (%dx), want a limit problem or at most 16x", len(in), alloc, alloc/uint64(len(in)))
	}
}
