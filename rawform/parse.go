package rawform

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/fdireview/fdireview/internal/jsonptr"
	"github.com/fdireview/fdireview/internal/safetext"
	"github.com/fdireview/fdireview/internal/validator"
	"github.com/fdireview/fdireview/schema"
)

// detailPrefix is the pointer prefix of every location inside the task_detail document.
const detailPrefix = "/task_detail"

// Parse reads an FDI task document and returns the typed, validated Task.
//
// body may be the 200 response of ShowTask, CreateCommonTask or UpdateTask
// ({"task": …, "task_detail": "<string>"}), a create/update request body (same envelope,
// task_type upper case), or a bare task_detail document; Task.Shape says which was found.
// An object with a "task_detail" or a "task" key is an envelope; anything else is read as
// a bare task_detail.
//
// When the document is invalid, Parse returns an *Error listing every problem it found.
// If the document was well-formed and matched the schema but failed the semantic checks
// (a mapping to an unselected column, parallel arrays of different lengths…), the Task is
// returned as well, so that viewers can show it beside its problems; otherwise the Task is
// nil. Warnings never make Parse fail; they are on Task.Warnings (never in the *Error).
// Safe for concurrent use.
func Parse(body []byte, opts ...Option) (*Task, error) {
	c := newConfig(opts)
	return c.parse(body, false)
}

// ParseContext is Parse for services that must be able to stop a parse: it looks at ctx
// between stages (decoding, validation, building, checks) and every few thousand mappings,
// and once ctx is done returns its error, wrapped, with no Task.
func ParseContext(ctx context.Context, body []byte, opts ...Option) (*Task, error) {
	c := newConfig(opts)
	c.ctx = ctx
	return c.parse(body, false)
}

// ParseReader reads the document from r, at most Limits.MaxBytes of it (32 MiB unless
// WithLimits says otherwise), and parses it as ParseContext does. A longer input is refused
// with the same *Error (code "limit") that Parse gives, after reading one byte past the
// limit and no more; an error from r is returned wrapped. ctx is looked at between reads
// too, but a Read that blocks is not interrupted: give r a deadline of its own (an
// http.Request body ends with its request's context).
func ParseReader(ctx context.Context, r io.Reader, opts ...Option) (*Task, error) {
	c := newConfig(opts)
	c.ctx = ctx
	body, over, err := readAtMost(ctx, r, c.limits.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("rawform: read task: %w", err)
	}
	if over {
		return nil, &Error{Shape: ShapeUnknown, Problems: []Problem{{Severity: SeverityError, Code: CodeLimit,
			Message: fmt.Sprintf("input is over the limit of %d bytes", c.limits.MaxBytes)}}}
	}
	return c.parse(body, false)
}

// readAtMost reads r to its end or to max+1 bytes, whichever comes first; over reports the
// latter. It looks at ctx between reads.
func readAtMost(ctx context.Context, r io.Reader, max int) (body []byte, over bool, err error) {
	if r == nil {
		return nil, false, errors.New("nil reader")
	}
	body, err = io.ReadAll(io.LimitReader(ctxReader{ctx, r}, int64(max)+1))
	if err != nil {
		return nil, false, err
	}
	if len(body) > max {
		return nil, true, nil
	}
	return body, false, nil
}

// ctxReader is r that fails with ctx's cause, before reading, once ctx is done (nil: never).
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if c.ctx != nil {
		if err := context.Cause(c.ctx); err != nil {
			return 0, err
		}
	}
	return c.r.Read(p)
}

// cancelled returns ParseContext's context's error, wrapped, once it is done.
func (s *parseState) cancelled() error {
	if s.cfg.ctx == nil {
		return nil
	}
	if err := context.Cause(s.cfg.ctx); err != nil {
		return fmt.Errorf("rawform: parse: %w", err)
	}
	return nil
}

// ParseDetail reads a bare task_detail document (a RawFormDataResponse). It is Parse for
// callers that know the shape; the returned Task has Shape ShapeDetail and a zero Info.
// Safe for concurrent use.
func ParseDetail(detail []byte, opts ...Option) (*Task, error) {
	c := newConfig(opts)
	return c.parse(detail, true)
}

type parseState struct {
	cfg      config
	body     []byte // the whole input
	inner    []byte // the task_detail text (== body for ShapeDetail)
	problems []Problem
	budget   *valueBudget   // JSON values left to decode (Limits.MaxValues), shared by both levels
	pruned   map[string]int // unknown keys kept from the schema library, by object pointer (aggregate.go)
	kind     Shape          // the shape, once told (ShapeUnknown before)
	// detailShape: the input is a bare task_detail document, so positions in it are in
	// TextTaskDetail.
	detailShape bool
}

func (c config) parse(body []byte, detailOnly bool) (*Task, error) {
	s := &parseState{cfg: c, body: body, kind: ShapeUnknown}
	if len(body) > c.limits.MaxBytes {
		// Refused unread, so without a position: locating it would scan the very input
		// being refused, and index every line of it.
		return nil, &Error{Shape: ShapeUnknown, Problems: []Problem{{Severity: SeverityError, Code: CodeLimit,
			Message: fmt.Sprintf("input is %d bytes, over the limit of %d", len(body), c.limits.MaxBytes)}}}
	}
	// ParseDetail knows the input is a task_detail document, so even the problems of a
	// document that cannot be decoded (syntax, duplicate keys) are under /task_detail.
	prefix := ""
	if detailOnly {
		prefix = detailPrefix
	}
	s.budget = &valueBudget{left: c.limits.MaxValues, max: c.limits.MaxValues}
	tree, probs := decodeBudget(body, c.limits.MaxDepth, prefix, s.budget)
	if err := s.cancelled(); err != nil {
		return nil, err
	}
	s.detailShape = detailOnly
	s.problems = append(s.problems, probs...)
	if detailOnly {
		setIn(s.problems, TextTaskDetail)
	} else {
		setIn(s.problems, TextInput)
	}
	if tree == nil {
		if !hasErrors(s.problems) { // JSON null, which decodes to nil without a problem
			s.problems = append(s.problems, Problem{Pointer: prefix, Severity: SeverityError, Code: CodeShape,
				Message: "expected a task document (a JSON object: a response, a request or a task_detail), got null"})
		}
		return nil, s.fail()
	}
	top, isObj := tree.(*object)
	if !isObj && !detailOnly {
		s.problems = append(s.problems, Problem{Pointer: "", Severity: SeverityError, Code: CodeShape,
			Message: "expected a task document (a JSON object: a response, a request or a task_detail), got " + jsonType(tree)})
		return nil, s.fail()
	}
	_, hasDetail := top.get("task_detail")
	_, hasTask := top.get("task")
	if detailOnly || (!hasDetail && !hasTask) {
		// A bare task_detail document found by its shape: re-label the decoder's pointers
		// (ParseDetail's already carry the prefix).
		if !detailOnly {
			for i := range s.problems {
				s.problems[i].Pointer = detailPrefix + s.problems[i].Pointer
			}
		}
		setIn(s.problems, TextTaskDetail)
		s.detailShape = true
		s.inner = body
		t := &Task{Shape: ShapeDetail}
		s.kind = t.Shape
		return s.detail(t, tree)
	}

	t := &Task{Shape: ShapeResponse}
	taskInfo, _ := top.get("task")
	if info, ok := taskInfo.(*object); ok {
		typ, _ := info.get("task_type")
		if typ, _ := typ.(string); typ != "" && typ == strings.ToUpper(typ) {
			t.Shape = ShapeRequest
		}
	}
	s.kind = t.Shape
	doc := schema.Response
	if t.Shape == ShapeRequest {
		doc = schema.Request
	}
	s.validate(doc, tree, "")
	if err := s.cancelled(); err != nil {
		return nil, err
	}
	detailValue, _ := top.get("task_detail")
	str, isStr := detailValue.(string)
	if !isStr {
		// The schema reported it (missing or not a string); nothing inside to read.
		return nil, s.fail()
	}
	s.inner = readOnlyBytes(str)
	envelopeErrors := hasErrors(s.problems) // warnings (a lenient parse's unknown keys) do not stop it
	readInfo := func(t *Task) []Problem {
		b := &builder{limits: c.limits}
		var extra map[string]any
		t.Info.Keys, extra = readObject(b, objectOrNil(taskInfo), at{"/task", -1}, &t.Info, infoFields)
		t.Info.Extra = extra
		for _, m := range top.members {
			if m.key != "task" && m.key != "task_detail" {
				if t.Extra == nil {
					t.Extra = map[string]any{}
				}
				t.Extra[m.key] = generic(m.val)
			}
		}
		return b.problems
	}
	if !envelopeErrors {
		s.problems = append(s.problems, readInfo(t)...)
	}
	innerTree, innerProbs := decodeBudget(s.inner, c.limits.MaxDepth, detailPrefix, s.budget)
	if err := s.cancelled(); err != nil {
		return nil, err
	}
	setIn(innerProbs, TextTaskDetail)
	s.problems = append(s.problems, innerProbs...)
	if innerTree == nil && hasErrors(innerProbs) {
		return nil, s.fail()
	}
	task, err := s.detail(t, innerTree)
	if task != nil && envelopeErrors {
		// A Partial task of an invalid envelope: its task object as far as it reads (the
		// builder's type problems would repeat the schema's), read after the checks so
		// that they judge the detail as they do without Partial.
		readInfo(task)
	}
	return task, err
}

// detail validates and builds the task_detail tree into t.Detail, then runs the semantic
// checks. Problems of every phase are reported together: a document that fails the schema
// is still built (as far as its types allow) and checked, so that one run lists everything;
// only a document that could not be decoded at all stops early.
func (s *parseState) detail(t *Task, tree any) (*Task, error) {
	if tree == nil {
		// JSON null: the validator would say "expected object", but say it plainly.
		s.problems = append(s.problems, Problem{Pointer: detailPrefix, Severity: SeverityError, Code: CodeShape,
			Message: "expected the task_detail document (a JSON object), got null"})
		return nil, s.fail()
	}
	s.validate(detailSchema(t.Shape, tree), tree, detailPrefix)
	if err := s.cancelled(); err != nil {
		return nil, err
	}
	invalid := hasErrors(s.problems)
	root, ok := tree.(*object)
	if !ok {
		return nil, s.fail()
	}
	b := &builder{limits: s.cfg.limits, dropExtra: invalid && !s.cfg.partial, ctx: s.cfg.ctx}
	d := &Detail{}
	d.Keys, d.Extra = readObject(b, root, at{detailPrefix, -1}, d, detailFields)
	if err := s.cancelled(); err != nil {
		return nil, err
	}
	t.Detail = d
	if !invalid {
		// The builder's type problems repeat the schema's when the schema failed.
		s.problems = append(s.problems, b.problems...)
	}
	// Checks run on a model built from a schema-invalid tree too (they are written for
	// missing fields), but not on one cut short by a limit: that would only flood.
	if !hasErrors(b.problems) || (invalid && !hasCode(b.problems, CodeLimit)) {
		s.problems = append(s.problems, check(t, b.counts)...)
	}
	if err := s.cancelled(); err != nil {
		return nil, err
	}
	if invalid || hasErrors(b.problems) {
		// No model to judge: only the errors are reported (warnings belong to a Task).
		// Partial returns what was read beside them, unless a limit cut it short.
		if s.cfg.partial && !hasCode(b.problems, CodeLimit) && !hasCode(s.problems, CodeLimit) {
			return t, s.fail()
		}
		return nil, s.fail()
	}
	s.problems = append(s.problems, nameWarnings(t)...)
	s.problems = s.report(s.problems)
	errs, warns := splitProblems(s.problems)
	t.Warnings = warns
	if len(errs) > 0 {
		return t, &Error{Shape: t.Shape, Problems: errs}
	}
	return t, nil
}

// setIn records which text the (already located) problems ps count their positions in.
func setIn(ps []Problem, in Text) {
	for i := range ps {
		ps[i].In = in
	}
}

// splitProblems separates errors from warnings, keeping the order of each.
func splitProblems(ps []Problem) (errs, warns []Problem) {
	for _, p := range ps {
		if p.Severity == SeverityError {
			errs = append(errs, p)
		} else {
			warns = append(warns, p)
		}
	}
	return errs, warns
}

// responseOnlyKeys are the task_detail keys of a response that the real request does not
// send (schema: required in RawFormDataResponse, optional in RawFormDataRequest).
var responseOnlyKeys = []string{
	"projectId", "taskName", "taskType", "description", "taskTag", "sourceDatasourceType",
	"sourceDatasource", "sourceDsId", "targetDatasourceType", "targetDatasource", "targetDsId",
	"needMQS", "needAPI", "needEmailNew", "mappingTableProperties", "mappingSourceTextOrNot",
}

// detailSchema chooses the schema of a task_detail document: a request's is a
// RawFormDataRequest, a response's a RawFormDataResponse. A bare document says which by
// its keys: one with none of the response-only keys is the form of a request.
func detailSchema(kind Shape, tree any) schema.Doc {
	switch kind {
	case ShapeRequest:
		return schema.RawformRequest
	case ShapeResponse:
		return schema.Rawform
	}
	m, ok := tree.(*object)
	if !ok {
		return schema.Rawform
	}
	for _, k := range responseOnlyKeys {
		if _, ok := m.get(k); ok {
			return schema.Rawform
		}
	}
	return schema.RawformRequest
}

func hasErrors(ps []Problem) bool {
	for _, p := range ps {
		if p.Severity == SeverityError {
			return true
		}
	}
	return false
}

func hasCode(ps []Problem, code Code) bool {
	for _, p := range ps {
		if p.Code == code {
			return true
		}
	}
	return false
}

// fail returns the Error of a document that gives no Task: its errors, located and sorted.
func (s *parseState) fail() error {
	s.problems = slices.DeleteFunc(s.problems, func(p Problem) bool { return p.Severity != SeverityError })
	s.problems = s.report(s.problems)
	return &Error{Shape: s.kind, Problems: s.problems}
}

// report turns the problems found into the list Parse returns: the same problem in many
// places grouped (groupAlike), located, sorted, then grouped by object and capped
// (aggregate). Only the problems listed are located, so the cost does not grow with the
// size of a group.
func (s *parseState) report(ps []Problem) []Problem {
	ps, groups := groupAlike(ps)
	orphans, more := groupAlike(s.orphanPruned(ps))
	ps, groups = append(ps, orphans...), append(groups, more...)
	var firsts []Problem
	for _, g := range groups {
		for _, b := range g.buckets {
			firsts = append(firsts, b.first...)
		}
	}
	n := len(ps)
	ps = append(ps, firsts...) // located together: one scan of each document
	s.locateProblems(ps)
	firsts = slices.Clone(ps[n:])
	ps = ps[:n]
	for _, g := range groups {
		ps = append(ps, g.problem(firsts))
		firsts = firsts[g.size():]
	}
	sortProblems(ps)
	ps = aggregate(ps, s.pruned)
	for i := range ps {
		ps[i].Message = safetext.Visible(ps[i].Message) // names in messages are quoted; this makes sure
	}
	return ps
}

// orphanPruned returns a problem for each object whose unknown keys were counted but not
// listed (s.pruned) when none of its listed ones is left among ps to carry the count (they
// were grouped with the same keys elsewhere): the count is said at the object itself.
func (s *parseState) orphanPruned(ps []Problem) []Problem {
	if len(s.pruned) == 0 {
		return nil
	}
	carried := map[string]bool{}
	for _, p := range ps {
		if p.Code == CodeAdditionalProperties { // an error, or a lenient parse's warning
			parent, _ := parentPointer(p.Pointer)
			carried[parent] = true
		}
	}
	sev := SeverityError
	if s.cfg.lenient {
		sev = SeverityWarning // lenient mode keeps unknown keys and only reports them
	}
	var out []Problem
	for ptr, n := range s.pruned {
		if !carried[ptr] {
			out = append(out, Problem{Pointer: ptr, Severity: sev, Code: CodeAdditionalProperties,
				Message: fmt.Sprintf("%s more unknown fields in this object, not listed one by one", thousands(n))})
		}
	}
	return out
}

// locateProblems fills Line and Column of the problems of ps that lack them. It runs only when there is
// something to report, and then in one pass per document however many problems there are
// (a task with thousands of narrowing warnings must not rescan 6 MB per warning).
func (s *parseState) locateProblems(ps []Problem) {
	type target struct {
		doc  []byte
		in   Text
		idx  []int // indexes into ps
		ptrs [][]string
	}
	var outer, inner target
	outer.doc, inner.doc = s.body, s.inner
	outer.in, inner.in = TextInput, TextTaskDetail
	if s.detailShape {
		outer.in = TextTaskDetail // the input is the task_detail document
	}
	for i := range ps {
		p := &ps[i]
		if p.Line != 0 {
			continue
		}
		t, ptr := &outer, p.Pointer
		if rest, ok := strings.CutPrefix(p.Pointer, detailPrefix); ok && s.inner != nil && (rest == "" || rest[0] == '/') {
			t, ptr = &inner, rest
		}
		p.In = t.in
		if t.doc == nil {
			continue
		}
		t.idx = append(t.idx, i)
		t.ptrs = append(t.ptrs, jsonptr.Split(ptr))
	}
	for _, t := range []*target{&outer, &inner} {
		if len(t.idx) == 0 {
			continue
		}
		offs := locateAll(t.doc, t.ptrs)
		lines := newLineIndex(t.doc)
		for k, i := range t.idx {
			ps[i].Line, ps[i].Column = lines.lineCol(offs[k])
			ps[i].Offset = offs[k]
		}
	}
}

// sortProblems orders errors before warnings, then by position, then by pointer.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if a.Severity != b.Severity {
			if a.Severity == SeverityError {
				return -1
			}
			return 1
		}
		// Envelope problems (outside task_detail) first, then by line and column.
		ai, bi := strings.HasPrefix(a.Pointer, detailPrefix), strings.HasPrefix(b.Pointer, detailPrefix)
		if ai != bi {
			if !ai {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), strings.Compare(a.Pointer, b.Pointer))
	})
}

// validate checks tree against the schema and appends one problem per leaf failure. The
// quick walk decides, with this package's own compiled schema; the jsonschema library is
// compiled (once per process) and run only when the walk finds the document invalid, to
// say why, or is unsure.
//
// The quick walk also explains unknown keys (quick.explain): a document whose only fault is
// unknown keys (a newer console's extra field in every column) is reported from the walk
// alone, one problem per key, and the library never runs. When something else is wrong
// too, the library is shown the tree without the keys already explained, so it words
// only the rest.
func (s *parseState) validate(doc schema.Doc, tree any, prefix string) {
	// A valid document (the usual case) is decided by one walk, which also takes the
	// notes its warnings come from (tiers.go).
	if s.quickCheck(doc, tree, prefix) {
		return
	}
	var explained []unknownKey
	if q, err := quickSchema(doc, s.cfg.lenient); err == nil {
		unknown, over, ok, sure := explainUnknown(q, tree, prefix)
		switch {
		case sure && ok:
			s.addUnknown(unknown)
			for k, n := range over {
				s.addPruned(k, n)
			}
			return
		case sure && over == nil:
			// The library words the rest; the explained keys are not shown to it. (With
			// keys only counted, it reads the document as before, and counts them itself.)
			s.addUnknown(unknown)
			explained = unknown
		}
	}
	// The library reads map[string]any objects; an object of a million unknown keys is
	// shown to it with a few of them (aggregate.go), the rest counted. Only a document the
	// quick walk did not accept gets here, so a valid one is never copied for it.
	p := pruneUnknown(tree, prefix, explained)
	for k, n := range p.counts {
		s.addPruned(k, n)
	}
	sch, err := validator.For(doc, s.cfg.lenient)
	if err != nil {
		// The embedded schemas are compiled by the schema package's tests; reaching this
		// is a build defect, not bad input. Say so rather than accept the document.
		s.problems = append(s.problems, Problem{Pointer: prefix, Severity: SeverityError, Code: CodeInternal,
			Message: fmt.Sprintf("internal error: embedded schema does not compile: %v", err)})
		return
	}
	err = validateSafely(sch, p.root)
	if err == nil {
		return
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		s.problems = append(s.problems, Problem{Pointer: prefix, Severity: SeverityError, Code: CodeInternal, Message: err.Error()})
		return
	}
	for _, leaf := range leaves(ve, nil) {
		s.problems = append(s.problems, leafProblems(leaf, p.root, prefix)...)
	}
}

// addPruned counts n unknown keys of the object at ptr that are not listed one by one.
func (s *parseState) addPruned(ptr string, n int) {
	if s.pruned == nil {
		s.pruned = map[string]int{}
	}
	s.pruned[ptr] += n
}

// addUnknown appends one problem per unknown key the quick walk explained. The message is
// the library's wording (leafProblems), made once per key name.
func (s *parseState) addUnknown(unknown []unknownKey) {
	if len(unknown) == 0 {
		return
	}
	msgs := map[string]string{}
	s.problems = slices.Grow(s.problems, len(unknown))
	for _, u := range unknown {
		msg, ok := msgs[u.key]
		if !ok {
			msg = unknownFieldMessage(u.key)
			msgs[u.key] = msg
		}
		s.problems = append(s.problems, Problem{Pointer: u.ptr, Severity: SeverityError, Code: CodeAdditionalProperties, Message: msg})
	}
}

// unknownFieldMessage is the message of an unknown key in strict mode.
func unknownFieldMessage(k string) string {
	return fmt.Sprintf("unknown field %q (not in the schema; use lenient mode to accept and keep unknown fields)", k)
}

// validateSafely runs the library's validation, turning a panic inside it into an error:
// a bug there must not crash a program reading untrusted input.
func validateSafely(sch *jsonschema.Schema, tree any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: the schema validator failed on this document (%v)", r)
		}
	}()
	return sch.Validate(tree)
}

// leaves collects the leaf errors of a validation error tree depth-first, following only
// the deepest branch of oneOf/anyOf failures.
func leaves(ve *jsonschema.ValidationError, out []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return append(out, ve)
	}
	kw := lastSegment(ve.KeywordLocation)
	if kw == "oneOf" || kw == "anyOf" {
		best, bestDepth := ve.Causes[0], -1
		for _, c := range ve.Causes {
			if d := deepest(c); d > bestDepth {
				best, bestDepth = c, d
			}
		}
		return leaves(best, out)
	}
	for _, c := range ve.Causes {
		out = leaves(c, out)
	}
	return out
}

func deepest(ve *jsonschema.ValidationError) int {
	d := strings.Count(ve.InstanceLocation, "/")
	for _, c := range ve.Causes {
		d = max(d, deepest(c))
	}
	return d
}

func lastSegment(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// leafProblems turns one leaf error into problems in our wording. required and
// additionalProperties name their keys only in the message; each key becomes its own
// problem with the key appended to the pointer.
func leafProblems(ve *jsonschema.ValidationError, tree any, prefix string) []Problem {
	kw := lastSegment(ve.KeywordLocation)
	ptr := prefix + ve.InstanceLocation
	mk := func(p, msg string) Problem {
		return Problem{Pointer: p, Severity: SeverityError, Code: schemaCode(kw), Message: msg}
	}
	switch kw {
	case "required":
		var out []Problem
		for _, k := range quotedNames(ve.Message) {
			out = append(out, mk(ptr+"/"+jsonptr.Escape(k), fmt.Sprintf("required field %q is missing", k)))
		}
		if len(out) > 0 {
			return out
		}
	case "additionalProperties", "unevaluatedProperties":
		var out []Problem
		for _, k := range quotedNames(ve.Message) {
			p := mk(ptr+"/"+jsonptr.Escape(k), unknownFieldMessage(k))
			p.Code = CodeAdditionalProperties
			out = append(out, p)
		}
		if len(out) > 0 {
			return out
		}
	}
	val, found := resolve(tree, ve.InstanceLocation)
	got := ""
	if found {
		got = describeValue(val)
	}
	var msg string
	switch kw {
	case "type":
		msg = fmt.Sprintf("wrong type: %s", strings.Replace(ve.Message, "but got", "got", 1))
	case "enum", "const":
		msg = fmt.Sprintf("%s is not an allowed value: %s", got, ve.Message)
	case "pattern":
		pat := ve.Message
		if i := strings.Index(pat, "pattern "); i >= 0 {
			pat = pat[i+len("pattern "):]
		}
		msg = fmt.Sprintf("%s does not have the expected form (pattern %s)", got, pat)
	case "false":
		msg = "this field is not allowed here"
	default:
		if got != "" {
			msg = fmt.Sprintf("%s: %s", got, ve.Message)
		} else {
			msg = ve.Message
		}
	}
	return []Problem{mk(ptr, msg)}
}

// quotedNames extracts 'a', 'b' names from a jsonschema message. The library quotes a
// name with %q, then unescapes \" and escapes ' (errors.go quote in v5.3.1).
func quotedNames(msg string) []string {
	var out []string
	for i := 0; i < len(msg); i++ {
		if msg[i] != '\'' {
			continue
		}
		var raw strings.Builder
		j := i + 1
		for ; j < len(msg); j++ {
			if msg[j] == '\\' && j+1 < len(msg) {
				if msg[j+1] == '\'' {
					raw.WriteByte('\'')
				} else {
					raw.WriteByte('\\')
					raw.WriteByte(msg[j+1])
				}
				j++
				continue
			}
			if msg[j] == '\'' {
				break
			}
			if msg[j] == '"' {
				raw.WriteString(`\"`)
				continue
			}
			raw.WriteByte(msg[j])
		}
		if s, err := strconv.Unquote(`"` + raw.String() + `"`); err == nil {
			out = append(out, s)
		}
		i = j
	}
	return out
}

// resolve returns the value at a JSON Pointer in a decoded tree.
func resolve(tree any, ptr string) (any, bool) {
	v := tree
	for _, tok := range jsonptr.Split(ptr) {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[tok]; !ok {
				return nil, false
			}
		case *object:
			var ok bool
			if v, ok = x.get(tok); !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// describeValue renders a scalar for a message ("11", "true", a quoted string, or the type).
func describeValue(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 60 {
			x = x[:60] + "…"
		}
		return strconv.Quote(x)
	case map[string]any, *object, []any, nil:
		return jsonType(v)
	default:
		return fmt.Sprint(x)
	}
}

// readOnlyBytes returns the bytes of s without copying them, for reading only: the
// decoder and the locator never write to their input. The task_detail string of a large
// task is megabytes; copying it once more only to read it was a tenth of Parse.
func readOnlyBytes(s string) []byte {
	if s == "" {
		return []byte{} // not nil: a nil inner text means "no task_detail"
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
