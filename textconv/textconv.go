// Package textconv renders an FDI task as stable, line-oriented text for line-based tools:
// git's textconv (so that `git diff` of a snapshot repository shows which mapping changed
// instead of one changed line of escaped JSON), grep, and review by eye.
//
// A task document is one long line (task_detail is a JSON string inside the envelope), so
// a line diff of two snapshots says only "this line changed". Write prints instead:
//
//	task NAME (ID) KIND                         the header, then the data sources and tables
//	source MYSQL zhenghaotest.zh_sss01
//	target MYSQL zhenghaotest.zh_sss02
//
//	mappings (target ← source):
//	name VARCHAR(100) NULL ← name VARCHAR(255) NULL
//
//	columns:
//	target bunum VARCHAR(64) NULL
//
//	settings:
//	/task_detail/sourceSelectedDatasource/orderType = "ASC"
//
// Mappings are sorted by target column (order alone is no change), then by their position;
// each line is the target column, its type, length, NULL/NOT NULL and UNIQUE, then "←" and
// the same for the source (or the generated value: constant, date, boolean, uuid). Columns
// are the selected column lists, sorted by side and name. Settings are every other leaf
// value of the document — envelope and task_detail — one "POINTER = JSON" line each,
// sorted by pointer (array items by index), read from the bytes themselves, so nothing is
// dropped. Control and formatting characters in names and values are written as Go
// escapes: the output cannot move a terminal's cursor or reorder a line.
//
// An invalid task still renders: its problems first ("# problem: …" lines), then what can
// be read. A document that is not JSON is written unchanged.
package textconv

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/fdireview/fdireview/internal/jsonptr"
	"github.com/fdireview/fdireview/internal/safetext"
	"github.com/fdireview/fdireview/rawform"
)

// Write renders the task document body (a response, a request body or a bare task_detail
// document) to w. opts are passed to rawform.Parse.
func Write(w io.Writer, body []byte, opts ...rawform.Option) error {
	tree, inner, ok := decode(body)
	if !ok {
		_, err := w.Write(body)
		return err
	}
	bw := bufio.NewWriter(w)
	task, err := rawform.Parse(body, opts...)
	var perr *rawform.Error
	switch {
	case errors.As(err, &perr):
		for _, p := range perr.Problems {
			if p.Severity == rawform.SeverityError {
				fmt.Fprintf(bw, "# problem: %s\n", safetext.Visible(p.String()))
			}
		}
	case err != nil:
		fmt.Fprintf(bw, "# problem: %s\n", safetext.Visible(err.Error()))
	}
	skip := map[string]bool{}
	if task != nil && task.Detail != nil {
		header(bw, task)
		mappings(bw, task.Detail.Mappings)
		columns(bw, task.Detail)
		for _, p := range modelledPointers {
			skip[p] = true
		}
	}
	var lines []string
	if inner != nil {
		if env, ok := tree.(map[string]any); ok {
			flatten(&lines, "", withoutKey(env, "task_detail"), skip)
		}
		flatten(&lines, "/task_detail", inner, skip)
	} else {
		flatten(&lines, "/task_detail", tree, skip)
	}
	slices.SortFunc(lines, comparePointerLines)
	fmt.Fprintln(bw, "\nsettings:")
	for _, l := range lines {
		fmt.Fprintln(bw, l)
	}
	return bw.Flush()
}

// modelledPointers are the parts of task_detail rendered as mapping and column lines.
var modelledPointers = []string{
	"/task_detail/mappingTable",
	"/task_detail/mappingTableProperties",
	"/task_detail/mappingSourceTextOrNot",
	"/task_detail/mappingInput/dataSource",
	"/task_detail/sourceSelectedDatasource/sourceSelectedColumnList",
	"/task_detail/targetSelectedDatasource/targetSelectedColumnList",
}

// decode reads the document and, for an envelope, its task_detail document.
func decode(body []byte) (tree, inner any, ok bool) {
	if err := unmarshal(body, &tree); err != nil {
		return nil, nil, false
	}
	env, isObj := tree.(map[string]any)
	if !isObj {
		return tree, nil, true
	}
	s, isStr := env["task_detail"].(string)
	if !isStr {
		if _, isEnv := env["task"]; isEnv {
			return tree, map[string]any{}, true
		}
		return tree, nil, true
	}
	if err := unmarshal([]byte(s), &inner); err != nil {
		inner = s // not JSON inside: shown as the string it is
	}
	return tree, inner, true
}

func unmarshal(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("text after the JSON value")
	}
	return nil
}

func withoutKey(m map[string]any, key string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}

func header(w io.Writer, t *rawform.Task) {
	name, id := t.Info.Name, t.Info.ID
	if name == "" {
		name = t.Detail.TaskName
	}
	fmt.Fprintf(w, "task %s", safetext.Visible(orNone(name)))
	if id != "" {
		fmt.Fprintf(w, " (%s)", safetext.Visible(id))
	}
	fmt.Fprintf(w, " %s\n", t.Shape)
	d := t.Detail
	fmt.Fprintf(w, "source %s %s\n", safetext.Visible(orNone(d.SourceDatasourceType)), safetext.Visible(orNone(d.Source.Table)))
	fmt.Fprintf(w, "target %s %s\n", safetext.Visible(orNone(d.TargetDatasourceType)), safetext.Visible(orNone(d.Target.Table)))
}

func mappings(w io.Writer, ms []rawform.Mapping) {
	sorted := make([]*rawform.Mapping, len(ms))
	for i := range ms {
		sorted[i] = &ms[i]
	}
	slices.SortStableFunc(sorted, func(a, b *rawform.Mapping) int {
		return cmp.Or(strings.Compare(a.Target.Column, b.Target.Column), cmp.Compare(a.Form, b.Form), cmp.Compare(a.Index, b.Index))
	})
	fmt.Fprintln(w, "\nmappings (target ← source):")
	for _, m := range sorted {
		fmt.Fprintf(w, "%s ← %s\n", endpoint(m.Target), source(m))
	}
}

func source(m *rawform.Mapping) string {
	var gen []string
	for _, g := range []struct {
		on   bool
		name string
	}{{m.AddMapping, "constant"}, {m.AddDateMapping, "date"}, {m.AddBooleanMapping, "boolean"}, {m.AddFDIUUIDMapping, "uuid"}} {
		if g.on {
			gen = append(gen, g.name)
		}
	}
	s := endpoint(m.Source)
	if len(gen) > 0 {
		s += " [" + strings.Join(gen, ", ") + "]"
	}
	if m.Text.Known() && m.Text.Value {
		s += " [text]"
	}
	return s
}

// endpoint reads "name VARCHAR(255) NOT NULL UNIQUE", with what is known.
func endpoint(e rawform.Endpoint) string {
	parts := []string{safetext.Visible(orNone(e.Column))}
	if t := e.TypeString(); t != "" {
		parts = append(parts, safetext.Visible(t))
	}
	if e.Format != "" {
		parts = append(parts, "format "+strconv.Quote(e.Format))
	}
	if e.Path != "" {
		parts = append(parts, "path "+strconv.Quote(e.Path))
	}
	parts = append(parts, flags(e.Nullable, e.Unique)...)
	return strings.Join(parts, " ")
}

func flags(nullable, unique rawform.Bool) []string {
	var out []string
	if nullable.Known() {
		if nullable.Value {
			out = append(out, "NULL")
		} else {
			out = append(out, "NOT NULL")
		}
	}
	if unique.Known() && unique.Value {
		out = append(out, "UNIQUE")
	}
	return out
}

func columns(w io.Writer, d *rawform.Detail) {
	var lines []string
	for _, side := range []struct {
		name string
		cols []rawform.Column
	}{{"source", d.Source.Columns}, {"target", d.Target.Columns}} {
		for _, c := range side.cols {
			parts := []string{side.name, safetext.Visible(orNone(c.Name))}
			if t := c.TypeString(); t != "" {
				parts = append(parts, safetext.Visible(t))
			}
			parts = append(parts, flags(c.Nullable, c.Unique)...)
			lines = append(lines, strings.Join(parts, " "))
		}
	}
	slices.Sort(lines)
	fmt.Fprintln(w, "\ncolumns:")
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

// flatten appends "POINTER = JSON" for every leaf under v (empty objects and arrays are
// leaves), except under the pointers of skip.
func flatten(lines *[]string, ptr string, v any, skip map[string]bool) {
	if skip[ptr] {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			*lines = append(*lines, line(ptr, "{}"))
		}
		for k, c := range x {
			flatten(lines, ptr+"/"+jsonptr.Escape(k), c, skip)
		}
	case []any:
		if len(x) == 0 {
			*lines = append(*lines, line(ptr, "[]"))
		}
		for i, c := range x {
			flatten(lines, ptr+"/"+strconv.Itoa(i), c, skip)
		}
	default:
		b, err := json.Marshal(x)
		if err != nil {
			b = []byte(fmt.Sprint(x))
		}
		*lines = append(*lines, line(ptr, string(b)))
	}
}

func line(ptr, value string) string {
	if ptr == "" {
		ptr = "/"
	}
	return safetext.Visible(ptr) + " = " + safetext.Visible(value)
}

// comparePointerLines orders lines by pointer, array indexes as numbers.
func comparePointerLines(a, b string) int {
	pa, _, _ := strings.Cut(a, " = ")
	pb, _, _ := strings.Cut(b, " = ")
	sa, sb := strings.Split(pa, "/"), strings.Split(pb, "/")
	for i := 0; i < len(sa) && i < len(sb); i++ {
		if sa[i] == sb[i] {
			continue
		}
		na, ea := strconv.Atoi(sa[i])
		nb, eb := strconv.Atoi(sb[i])
		if ea == nil && eb == nil {
			return cmp.Compare(na, nb)
		}
		return strings.Compare(sa[i], sb[i])
	}
	return cmp.Or(cmp.Compare(len(sa), len(sb)), strings.Compare(a, b))
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
