package ui

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/fdireview/fdireview/internal/jsonptr"
)

// rawLines pretty-prints a task_detail document and cuts it into pieces so that the page
// can anchor the first line of every mappingTable entry (id raw-m-i) and of every
// mappingInput.dataSource entry (an API mapping, id raw-api-i) and mark the lines
// that problems point at. problems maps an inner pointer (without "/task_detail") to the
// problem text. Plain lines are merged into one piece.
func rawLines(doc []byte, mappings int, problems map[string]string) []rawLine {
	lines, _ := rawLinesIDs(doc, mappings, problems)
	return lines
}

// rawLinesIDs is rawLines that also returns, for each problem pointer, the anchor id of
// the line it marks (a problem's own line, or for a missing key its nearest present
// parent's): raw-m-i or raw-api-i on a mapping's first line, raw-l-N (line N) elsewhere.
func rawLinesIDs(doc []byte, mappings int, problems map[string]string) ([]rawLine, map[string]string) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, doc, "", "  "); err != nil {
		return []rawLine{{Text: string(doc)}}, nil
	}
	text := buf.Bytes()
	// The pointers of the problems and of their parents: a missing key marks the line of
	// the nearest parent the document has.
	parents := map[string]bool{}
	for ptr := range problems {
		for p := ptr; p != ""; {
			i := strings.LastIndexByte(p, '/')
			if i < 0 {
				break
			}
			p = p[:i]
			parents[p] = true
		}
	}
	marks := pointerLines(text, func(ptr string) bool {
		if _, ok := problems[ptr]; ok || parents[ptr] {
			return true
		}
		return mappingIndex("/task_detail"+ptr, mappings) >= 0 && strings.Count(ptr, "/") == 2 && strings.HasPrefix(ptr, "/mappingTable/") ||
			strings.Count(ptr, "/") == 3 && strings.HasPrefix(ptr, "/mappingInput/dataSource/")
	})
	type mark struct{ id, problem string }
	byLine := map[int]*mark{}
	for ptr, line := range marks {
		_, isProblem := problems[ptr]
		if !isProblem && parents[ptr] && !isMappingStart(ptr) {
			continue // a parent, marked only if a missing key falls back to it (below)
		}
		m := byLine[line]
		if m == nil {
			m = &mark{}
			byLine[line] = m
		}
		if msg, ok := problems[ptr]; ok {
			m.problem = joinMsg(m.problem, msg)
		}
		if strings.HasPrefix(ptr, "/mappingTable/") && strings.Count(ptr, "/") == 2 {
			m.id = "raw-m-" + strings.TrimPrefix(ptr, "/mappingTable/")
		}
		if strings.HasPrefix(ptr, "/mappingInput/dataSource/") && strings.Count(ptr, "/") == 3 {
			m.id = "raw-api-" + strings.TrimPrefix(ptr, "/mappingInput/dataSource/")
		}
	}
	// Problems whose pointer is not in the document (a missing key) mark the line of the
	// nearest parent that is (the root at worst).
	lineOf := map[string]int{}
	for ptr, msg := range problems {
		line, ok := marks[ptr]
		for p := ptr; !ok; {
			i := strings.LastIndexByte(p, '/')
			if i < 0 {
				line = 1
				break
			}
			p = p[:i]
			line, ok = marks[p]
		}
		lineOf[ptr] = line
		if _, present := marks[ptr]; present {
			continue
		}
		m := byLine[line]
		if m == nil {
			m = &mark{}
			byLine[line] = m
		}
		m.problem = joinMsg(m.problem, msg)
	}
	for line, m := range byLine {
		if m.id == "" && m.problem != "" {
			m.id = "raw-l-" + strconv.Itoa(line)
		}
	}
	ids := make(map[string]string, len(problems))
	for ptr, line := range lineOf {
		if m := byLine[line]; m != nil {
			ids[ptr] = m.id
		}
	}
	lines := make([]int, 0, len(byLine))
	for l := range byLine {
		lines = append(lines, l)
	}
	sort.Ints(lines)
	var out []rawLine
	start, lineNo := 0, 1        // byte offset and number of the next line not yet emitted
	next := func(from int) int { // offset just after the line starting at from
		if i := bytes.IndexByte(text[from:], '\n'); i >= 0 {
			return from + i + 1
		}
		return len(text)
	}
	pos := 0
	for _, l := range lines {
		for lineNo < l && pos < len(text) {
			pos = next(pos)
			lineNo++
		}
		if pos > start {
			out = append(out, rawLine{Text: string(text[start:pos])})
		}
		end := next(pos)
		m := byLine[l]
		out = append(out, rawLine{Text: string(text[pos:end]), ID: m.id, Problem: m.problem})
		pos, start = end, end
		lineNo++
	}
	if start < len(text) {
		out = append(out, rawLine{Text: string(text[start:])})
	}
	return out, ids
}

// isMappingStart reports whether ptr is a mappingTable or mappingInput.dataSource item:
// lines rawLines anchors whether or not a problem is there.
func isMappingStart(ptr string) bool {
	return strings.HasPrefix(ptr, "/mappingTable/") && strings.Count(ptr, "/") == 2 ||
		strings.HasPrefix(ptr, "/mappingInput/dataSource/") && strings.Count(ptr, "/") == 3
}

// pointerLines walks a JSON text and returns the 1-based line where each value whose
// JSON Pointer satisfies want starts.
func pointerLines(text []byte, want func(string) bool) map[string]int {
	type frame struct {
		arr     bool
		idx     int
		key     string
		wantKey bool
	}
	var newlines []int
	for i, c := range text {
		if c == '\n' {
			newlines = append(newlines, i)
		}
	}
	lineAt := func(off int) int { return sort.SearchInts(newlines, off) + 1 }
	pointer := func(stack []frame) string {
		var b strings.Builder
		for _, f := range stack {
			b.WriteByte('/')
			if f.arr {
				b.WriteString(strconv.Itoa(f.idx))
			} else {
				b.WriteString(jsonptr.Escape(f.key))
			}
		}
		return b.String()
	}
	out := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var stack []frame
	advance := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].arr {
				stack[n-1].idx++
			} else {
				stack[n-1].wantKey = true
			}
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF || err != nil {
			return out
		}
		n := len(stack)
		if n > 0 && !stack[n-1].arr && stack[n-1].wantKey {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:n-1]
				advance()
				continue
			}
			k, _ := tok.(string)
			stack[n-1].key, stack[n-1].wantKey = k, false
			continue
		}
		if d, ok := tok.(json.Delim); ok && d == ']' {
			stack = stack[:n-1]
			advance()
			continue
		}
		if ptr := pointer(stack); want(ptr) {
			out[ptr] = lineAt(int(dec.InputOffset()) - 1)
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{wantKey: true})
		case json.Delim('['):
			stack = append(stack, frame{arr: true})
		default:
			advance()
		}
	}
}
