package fuzz

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/internal/jsonptr"
	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/rawform"
)

var update = flag.Bool("update", false, "rewrite the seed corpora under testdata/fuzz")

// repoInputs are every example and crafted case of the repository's testdata, plus the
// romatest demo tasks: the seeds of every target.
func repoInputs(t testing.TB) map[string][]byte {
	t.Helper()
	var files []string
	for _, pat := range []string{"../testdata/examples/*.json", "../testdata/invalid/*.json", "../testdata/diff/*/*.json", "../roma/romatest/testdata/*.json"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	out := map[string][]byte{}
	for _, f := range files {
		if strings.HasSuffix(f, "want.json") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = b
	}
	if len(out) < 20 {
		t.Fatalf("only %d seed inputs", len(out))
	}
	return out
}

// envelope reports how rawform reads data: as an envelope (a JSON object, after an
// optional BOM, with a key spelled exactly "task" or "task_detail" — encoding/json's
// case-insensitive field matching would take {"tAsk_detAil":…} for one, rawform rightly
// does not), and if so, the task_detail string inside it (ok false when there is none).
func envelope(data []byte) (inner []byte, isEnvelope, ok bool) {
	var env map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimPrefix(data, []byte(bom)), &env) != nil {
		return nil, false, false
	}
	_, hasTask := env["task"]
	raw, hasDetail := env["task_detail"]
	if !hasTask && !hasDetail {
		return nil, false, false
	}
	var detail string
	if json.Unmarshal(raw, &detail) != nil {
		return nil, true, false
	}
	return []byte(detail), true, true
}

// innerDetail returns the task_detail string of an envelope, if the input is one.
func innerDetail(data []byte) ([]byte, bool) {
	inner, _, ok := envelope(data)
	return inner, ok
}

// bom is the UTF-8 byte order mark, which rawform accepts and drops before a document.
const bom = "\xef\xbb\xbf"

// lineLengths returns the byte length of each line of doc.
func lineLengths(doc []byte) []int {
	var out []int
	for _, l := range bytes.Split(doc, []byte("\n")) {
		out = append(out, len(l))
	}
	return out
}

// checkProblems asserts the contract of a parse failure on input data: an *rawform.Error
// with at least one problem, each with a JSON Pointer and a line:column inside the document
// its pointer addresses, and — when that document is JSON — a pointer that resolves (or,
// for a missing or unknown key, whose parent resolves).
func checkProblems(t *testing.T, data []byte, bareDetail bool, err error) {
	t.Helper()
	var perr *rawform.Error
	if !errors.As(err, &perr) {
		t.Fatalf("error is %T (%v), want *rawform.Error", err, err)
	}
	if len(perr.Problems) == 0 {
		t.Fatal("*rawform.Error without problems")
	}
	inner, isEnv, hasInner := envelope(data)
	for _, p := range perr.Problems {
		if p.Message == "" || p.Code == "" || (p.Severity != rawform.SeverityError && p.Severity != rawform.SeverityWarning) {
			t.Errorf("incomplete problem %+v", p)
		}
		if !validPointer(p.Pointer) {
			t.Errorf("pointer %q is not a JSON Pointer (RFC 6901)", p.Pointer)
		}
		if (p.Code == rawform.CodeLimit || p.Code == rawform.CodeTruncated) && p.Line == 0 {
			continue // a size limit is refused before anything is read; a cap on the list is nowhere
		}
		rest, underDetail := strings.CutPrefix(p.Pointer, "/task_detail")
		underDetail = underDetail && (rest == "" || rest[0] == '/')
		if bareDetail && !underDetail {
			t.Errorf("ParseDetail problem %q (%s) is not under /task_detail", p.Pointer, p.Code)
		}
		// Where the pointer resolves (doc, ptr) and which texts line:column may be in.
		doc, ptr := data, p.Pointer
		candidates := [][]byte{data}
		switch {
		case !underDetail:
		case bareDetail || !isEnv:
			// The whole input is the task_detail document.
			ptr = rest
		case hasInner && rest != "":
			// Inside the decoded task_detail string. A string that is not valid UTF-8 in the
			// input is refused by the outer decoder, at a position in the input.
			doc, ptr = inner, rest
			candidates = [][]byte{inner}
			if !utf8.Valid(data) {
				candidates = append(candidates, data)
			}
		case hasInner:
			// The task_detail string itself: in the input, or a syntax error at the start of
			// the text it holds.
			candidates = append(candidates, inner)
		}
		inside := false
		for _, c := range candidates {
			lines := lineLengths(c)
			if p.Line >= 1 && p.Line <= len(lines) && p.Column >= 1 && p.Column <= lines[p.Line-1]+1 {
				inside = true
			}
		}
		if !inside {
			t.Errorf("%s (%s): position %d:%d is outside the document", p.Pointer, p.Code, p.Line, p.Column)
		}
		doc = bytes.TrimPrefix(doc, []byte(bom))
		if !json.Valid(doc) || p.Code == rawform.CodeSyntax || p.Code == rawform.CodeLimit {
			continue
		}
		if dup, ok := hasDuplicateKey(doc); dup || !ok {
			// A repeated key makes a path ambiguous: encoding/json keeps the last value,
			// rawform points at the first repeat ({"":{…},"":""} gives "//"). Invalid UTF-8
			// (which encoding/json reads as U+FFFD) hides whether a key repeats.
			continue
		}
		tree := decode(doc)
		if resolves(tree, ptr) {
			continue
		}
		// A missing required key or an unknown key is named one level below the object
		// that lacks or has it: then that object must resolve. Nothing else may dangle.
		parent := ptr[:max(0, strings.LastIndexByte(ptr, '/'))]
		switch {
		case p.Code != "required" && p.Code != "additionalProperties":
			t.Errorf("%s (%s): the pointer does not resolve in the input", p.Pointer, p.Code)
		case !resolves(tree, parent):
			t.Errorf("%s (%s): neither the pointer nor its parent resolves in the input", p.Pointer, p.Code)
		}
	}
}

// validPointer reports whether ptr is an RFC 6901 JSON Pointer: empty, or "/"-separated
// tokens in which "~" is only ever followed by "0" or "1", in valid UTF-8.
func validPointer(ptr string) bool {
	if ptr == "" {
		return true
	}
	if ptr[0] != '/' || !utf8.ValidString(ptr) {
		return false
	}
	for i := 0; i < len(ptr); i++ {
		if ptr[i] == '~' && (i+1 == len(ptr) || (ptr[i+1] != '0' && ptr[i+1] != '1')) {
			return false
		}
	}
	return true
}

func resolves(tree any, ptr string) bool {
	if ptr == "" {
		return true
	}
	v := tree
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = jsonptr.Unescape(tok)
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[tok]; !ok {
				return false
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) || strconv.Itoa(i) != tok { // no "01", "+1"
				return false
			}
			v = x[i]
		default:
			return false
		}
	}
	return true
}

// ignorePositions compares Tasks without the line:column of their warnings, which are
// positions in the text they were read from.
var taskEqual = []cmp.Option{
	cmp.Exporter(func(reflect.Type) bool { return true }),
	cmp.FilterPath(func(p cmp.Path) bool {
		sf, ok := p.Last().(cmp.StructField)
		return ok && (sf.Name() == "Line" || sf.Name() == "Column")
	}, cmp.Ignore()),
	cmp.Transformer("problemSet", func(ps []rawform.Problem) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Pointer+" "+string(p.Code)+" "+p.Message)
		}
		slices.Sort(out)
		return out
	}),
}

// checkRoundTrip asserts that an accepted task encodes, re-parses to an equal Task, and
// that encoding is a fixed point.
func checkRoundTrip(t *testing.T, task *rawform.Task, opts []rawform.Option) {
	t.Helper()
	out, err := task.Encode()
	if err != nil {
		t.Fatalf("Encode of an accepted task: %v", err)
	}
	again, err := rawform.Parse(out, opts...)
	if err != nil {
		t.Fatalf("Parse(Encode()) failed: %v\n%s", err, out)
	}
	if d := cmp.Diff(task, again, taskEqual...); d != "" {
		t.Fatalf("parse → encode → parse changed the task (-first +second):\n%s", d)
	}
	out2, err := again.Encode()
	if err != nil || !bytes.Equal(out, out2) {
		t.Fatalf("Encode is not a fixed point (%v):\n%s\n%s", err, out, out2)
	}
}

// hasDuplicateKey reports whether a JSON document repeats a key in one of its objects
// (keys compared after unescaping, so "a" and "\u0061" are the same key); ok is false when
// doc is not valid UTF-8 JSON (after an optional BOM).
func hasDuplicateKey(doc []byte) (dup, ok bool) {
	doc = bytes.TrimPrefix(doc, []byte(bom))
	if !utf8.Valid(doc) || !json.Valid(doc) {
		return false, false
	}
	d := json.NewDecoder(bytes.NewReader(doc))
	type level struct {
		keys      map[string]bool
		object    bool
		expectKey bool
	}
	var stack []*level
	for {
		tok, err := d.Token()
		if err != nil {
			return dup, true // io.EOF: the document is valid
		}
		var top *level
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.expectKey {
			if k, isKey := tok.(string); isKey {
				dup = dup || top.keys[k]
				top.keys[k] = true
				top.expectKey = false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &level{keys: map[string]bool{}, object: true, expectKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, &level{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		// A value ended: the enclosing object expects a key next.
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].expectKey = true
		}
	}
}

// checkDuplicates asserts the duplicate-key decision on a document that is valid JSON:
// a repeated key, in the input or in the task_detail document it holds, is reported with
// a duplicate_key problem (strict and lenient alike), and none is reported otherwise.
func checkDuplicates(t *testing.T, data []byte, bareDetail bool, err error) {
	t.Helper()
	dup, ok := hasDuplicateKey(data)
	if !ok {
		return
	}
	if inner, _, hasInner := envelope(data); hasInner && !bareDetail && !dup {
		innerDup, innerOK := hasDuplicateKey(inner)
		if !innerOK {
			return // the inner document is not JSON: rawform may stop before a repeat
		}
		dup = innerDup
	}
	reported := false
	var perr *rawform.Error
	if errors.As(err, &perr) {
		for _, p := range perr.Problems {
			if p.Code == rawform.CodeLimit || p.Code == rawform.CodeSyntax {
				return // decoding stopped early; a later repeat may be unread
			}
			reported = reported || p.Code == rawform.CodeDuplicateKey
		}
	}
	switch {
	case dup && !reported:
		t.Fatalf("a repeated key is not reported as %s (err: %v)", rawform.CodeDuplicateKey, err)
	case !dup && reported:
		t.Fatalf("%s reported but no key repeats: %v", rawform.CodeDuplicateKey, err)
	}
}

// checkLossless asserts that nothing of an accepted input is lost or respelled: the
// encoded task and the input are the same JSON value, the task_detail string compared as
// the document it holds, numbers compared by their spelling, a leading BOM ignored.
func checkLossless(t *testing.T, in []byte, task *rawform.Task) {
	t.Helper()
	out, err := task.Encode()
	if err != nil {
		t.Fatalf("Encode of an accepted task: %v", err)
	}
	if d := cmp.Diff(jsonValue(in), jsonValue(out)); d != "" {
		t.Fatalf("encoding lost or changed part of the input (-input +encoded):\n%s", d)
	}
}

// jsonValue decodes a document (numbers as json.Number), and the task_detail string of an
// envelope too.
func jsonValue(b []byte) any {
	v := decode(bytes.TrimPrefix(b, []byte(bom)))
	if m, ok := v.(map[string]any); ok {
		if s, ok := m["task_detail"].(string); ok {
			m["task_detail"] = decode(bytes.TrimPrefix([]byte(s), []byte(bom)))
		}
	}
	return v
}

func modes() [][]rawform.Option { return [][]rawform.Option{nil, {rawform.Lenient()}} }

func FuzzParse(f *testing.F) {
	for _, b := range repoInputs(f) {
		f.Add(b)
	}
	for _, b := range hostileSeeds() {
		f.Add(b)
	}
	f.Fuzz(parseProperty)
}

// parseProperty is FuzzParse's property, on one input.
func parseProperty(t *testing.T, data []byte) {
	for _, opts := range modes() {
		task, err := rawform.Parse(data, opts...)
		checkDuplicates(t, data, false, err)
		if err != nil {
			checkProblems(t, data, false, err)
			continue
		}
		if task == nil || task.Detail == nil {
			t.Fatal("nil task without an error")
		}
		checkLossless(t, data, task)
		checkRoundTrip(t, task, opts)
	}
}

// envelopeAround puts detail inside a ShowTask envelope's task_detail string. raw leaves
// the bytes as they are (so \u sequences, invalid UTF-8 and stray quotes reach the
// decoder); otherwise only quotes, backslashes and control characters are escaped.
func envelopeAround(detail []byte, raw bool) []byte {
	var b bytes.Buffer
	b.WriteString(`{"task":{"task_id":"9496207a5d6b44b486d79005b5815bd4","task_name":"fdi_task_pzy4m5","task_type":"timing","project_id":"c53626012ba84727b938ca8bf03108ef","source_datasource_id":"d","target_datasource_id":"d","source_datasource_name":"n","target_datasource_name":"n","source_app_id":"a","target_app_id":"a","source_app_name":"a","target_app_name":"a","status":"stop","created_date":1666772375897,"last_modified_date":1666772375897},"task_detail":"`)
	if raw {
		b.Write(detail)
	} else {
		for _, c := range detail {
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c < 0x20:
				fmt.Fprintf(&b, `\u%04x`, c)
			default:
				b.WriteByte(c)
			}
		}
	}
	b.WriteString(`"}`)
	return b.Bytes()
}

func FuzzParseDetail(f *testing.F) {
	for _, b := range hostileSeeds() {
		if inner, ok := innerDetail(b); ok {
			f.Add(inner)
		} else {
			f.Add(b)
		}
	}
	for _, b := range repoInputs(f) {
		if inner, ok := innerDetail(b); ok {
			f.Add(inner)
		} else {
			f.Add(b)
		}
	}
	f.Fuzz(parseDetailProperty)
}

// parseDetailProperty is FuzzParseDetail's property, on one input.
func parseDetailProperty(t *testing.T, data []byte) {
	for _, opts := range modes() {
		task, err := rawform.ParseDetail(data, opts...)
		checkDuplicates(t, data, true, err)
		if err != nil {
			checkProblems(t, data, true, err)
		} else {
			if task.Shape != rawform.ShapeDetail {
				t.Fatalf("ParseDetail gave Kind %v", task.Shape)
			}
			checkLossless(t, data, task)
			checkRoundTrip(t, task, opts)
		}
		// The same document inside an envelope, escaped and raw.
		for _, raw := range []bool{false, true} {
			env := envelopeAround(data, raw)
			task, err := rawform.Parse(env, opts...)
			checkDuplicates(t, env, false, err)
			if err != nil {
				checkProblems(t, env, false, err)
				continue
			}
			checkLossless(t, env, task)
			checkRoundTrip(t, task, opts)
			if !raw && utf8.Valid(data) {
				// What the detail says must not depend on how it was delivered.
				bare, berr := rawform.ParseDetail(data, opts...)
				if berr == nil && !reflect.DeepEqual(bare.Detail, task.Detail) {
					t.Fatalf("the detail reads differently bare and inside an envelope")
				}
			}
		}
	}
}

func mirrorKind(k diff.Kind) diff.Kind {
	switch k {
	case diff.MappingAdded:
		return diff.MappingRemoved
	case diff.MappingRemoved:
		return diff.MappingAdded
	case diff.ColumnAdded:
		return diff.ColumnRemoved
	case diff.ColumnRemoved:
		return diff.ColumnAdded
	}
	return k
}

// checkDiff asserts the diff properties on two accepted tasks: a task compared with itself
// has no change, every change of Tasks(a, b) has its mirror in Tasks(b, a), and the
// renderers succeed and are deterministic.
func checkDiff(t *testing.T, a, b *rawform.Task) {
	t.Helper()
	checkSelf(t, a)
	checkSelf(t, b)
	ab, ba := diff.Tasks(a, b), diff.Tasks(b, a)
	if len(ab.Changes) != len(ba.Changes) {
		t.Fatalf("%d changes one way, %d the other", len(ab.Changes), len(ba.Changes))
	}
	key := func(k diff.Kind, old, new any) string {
		o, _ := json.Marshal(old)
		n, _ := json.Marshal(new)
		return string(k) + "\x00" + string(o) + "\x00" + string(n)
	}
	rev := map[string]int{}
	for _, c := range ba.Changes {
		rev[key(c.Kind, c.Old, c.New)]++
	}
	for _, c := range ab.Changes {
		k := key(mirrorKind(c.Kind), c.New, c.Old)
		if rev[k] == 0 {
			t.Fatalf("no mirror of %+v", c)
		}
		rev[k]--
	}
	checkRender(t, a, b)
}

// checkSelf asserts that a task compared with itself has no change.
func checkSelf(t *testing.T, x *rawform.Task) {
	t.Helper()
	if r := diff.Tasks(x, x); len(r.Changes) != 0 {
		t.Fatalf("a task compared with itself has %d changes, first %+v", len(r.Changes), r.Changes[0])
	}
}

// checkRender asserts that every renderer succeeds on Tasks(a, b), that the JSON report
// re-parses, and that two comparisons of the same tasks render to the same bytes.
func checkRender(t *testing.T, a, b *rawform.Task) {
	t.Helper()
	render := func(r *diff.Report) [4][]byte {
		var out [4]bytes.Buffer
		for i, w := range []func(*bytes.Buffer) error{
			func(w *bytes.Buffer) error { return diff.WriteText(w, r) },
			func(w *bytes.Buffer) error { return diff.WriteText(w, r, diff.Color()) },
			func(w *bytes.Buffer) error { return diff.WriteJSON(w, r) },
			func(w *bytes.Buffer) error { return diff.WriteMarkdown(w, r) },
		} {
			if err := w(&out[i]); err != nil {
				t.Fatalf("renderer %d: %v", i, err)
			}
		}
		return [4][]byte{out[0].Bytes(), out[1].Bytes(), out[2].Bytes(), out[3].Bytes()}
	}
	first, second := render(diff.Tasks(a, b)), render(diff.Tasks(a, b))
	for i := range first {
		if !bytes.Equal(first[i], second[i]) {
			t.Fatalf("renderer %d is not deterministic:\n%s\n%s", i, first[i], second[i])
		}
	}
	var back map[string]any
	if err := json.Unmarshal(first[2], &back); err != nil {
		t.Fatalf("the JSON report does not re-parse: %v\n%s", err, first[2])
	}
}

func FuzzDiff(f *testing.F) {
	inputs := repoInputs(f)
	names := make([]string, 0, len(inputs))
	for n := range inputs {
		names = append(names, n)
	}
	slices.Sort(names)
	// Each pair of testdata/diff, and each input against the seed example.
	seed := inputs["../testdata/examples/seed-response.json"]
	for _, b := range hostileSeeds() {
		f.Add(seed, b)
	}
	for _, n := range names {
		if strings.HasSuffix(n, "/old.json") {
			f.Add(inputs[n], inputs[strings.TrimSuffix(n, "old.json")+"new.json"])
		}
		f.Add(seed, inputs[n])
	}
	// Generated tasks against their edited copies: every kind of mapping change.
	for i := range int64(8) {
		old := taskgen.Response(taskgen.Options{Mappings: int(i + 1), Seed: i})
		new, _ := taskgen.Mutate(old, 0.5, i)
		f.Add(old, new)
		// The same for API-source requests (mappingInput mappings).
		old = taskgen.APIRequest(taskgen.Options{Mappings: int(i + 1), Seed: i})
		new, _ = taskgen.Mutate(old, 0.5, i)
		f.Add(old, new)
	}
	f.Fuzz(diffProperty)
}

// diffProperty is FuzzDiff's property, on one pair of inputs.
func diffProperty(t *testing.T, a, b []byte) {
	ta, errA := rawform.Parse(a, rawform.Lenient())
	tb, errB := rawform.Parse(b, rawform.Lenient())
	if ta == nil || tb == nil {
		return
	}
	if errA == nil && errB == nil {
		checkDiff(t, ta, tb)
		return
	}
	// A task that failed only the semantic checks comes back beside its problems, for
	// viewers to show: the diff must not crash on it either (dangling or repeated
	// target columns, parallel arrays of different lengths).
	checkSelf(t, ta)
	checkSelf(t, tb)
	checkRender(t, ta, tb)
}
