package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/fdireview/fdireview/internal/jsonptr"
	"github.com/fdireview/fdireview/internal/safetext"
	"github.com/fdireview/fdireview/rawform"
)

const shapeUsage = `usage: fdi shape [--format text|json] FILE

Prints an anonymised inventory of a task (a response, a request body or a bare task_detail;
"-" reads standard input): every JSON Pointer, with * for array indices, and the JSON type
found there (types separated by | where items differ), the task_detail string read as the
document it holds. No values are printed, so no names of tables, columns, data sources or
people, and no IDs or tokens. Each line is marked with what the schema made of it:

  unknown             a key the schema does not know (refused in strict mode, kept by
                      --lenient): the keys to report when a real task is refused
  missing required    a key the schema requires that the task lacks (an error)
  missing expected    a key every known example has that the task lacks (a warning)
  ! CODE              another problem at this pointer (the code of fdi validate)

so that a user whose task is refused can share its shape safely. Exit status: 0 the shape
was printed, 2 usage or I/O error or input that is not JSON.

flags:
`

// shapeEntry is one line of the inventory.
type shapeEntry struct {
	Pointer string   `json:"pointer"`
	Types   []string `json:"types"`
	Marks   []string `json:"marks,omitempty"`
}

func cmdShape(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("shape", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	format := fs.String("format", "text", "output format: text or json")
	maxBytes := maxBytesFlag(fs)
	files, code, ok := parseArgs(e, fs, args, func() { fmt.Fprint(e.stderr, shapeUsage) })
	if !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		return usageError(e, "shape", "--format %q: want text or json", *format)
	}
	if len(files) != 1 {
		return usageError(e, "shape", "want one FILE, got %d (\"-\" reads standard input)", len(files))
	}
	body, err := readInput(ctx, e, files[0], int64(*maxBytes))
	if err != nil {
		fmt.Fprintf(e.stderr, "fdi shape: %s\n", safetext.Visible(err.Error())) // it may quote the file name
		return 2
	}
	inv, err := shapeOf(body)
	if err != nil {
		fmt.Fprintf(e.stderr, "fdi shape: %s\n", safetext.Visible(err.Error()))
		return 2
	}
	inv.mark(body, parseOptions(int64(*maxBytes), false))
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(struct {
			Kind    string       `json:"kind"`
			Entries []shapeEntry `json:"entries"`
		}{inv.kind, inv.entries}); err != nil {
			fmt.Fprintf(e.stderr, "fdi shape: %v\n", err)
			return 2
		}
		return 0
	}
	inv.writeText(e.stdout)
	return 0
}

// inventory is the shape of one document, in document order.
type inventory struct {
	kind    string
	entries []shapeEntry
	index   map[string]int // generalised pointer → entries index
}

// shapeOf walks the JSON of body in document order. An envelope's task_detail string that
// holds JSON is walked as that document, under /task_detail; a bare task_detail document
// is walked under /task_detail too, as rawform names its pointers.
func shapeOf(body []byte) (*inventory, error) {
	inv := &inventory{index: map[string]int{}}
	var root any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("not JSON: more than one value")
	}
	prefix := ""
	if m, ok := root.(map[string]any); ok {
		_, hasDetail := m["task_detail"]
		_, hasTask := m["task"]
		if !hasDetail && !hasTask {
			prefix = "/task_detail"
		}
	}
	if err := inv.walk(body, prefix); err != nil {
		return nil, err
	}
	return inv, nil
}

// walk re-reads body token by token (a map would lose the key order) and records each
// value's generalised pointer and type.
func (inv *inventory) walk(body []byte, prefix string) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var value func(ptr string, inEnvelope bool, key string) error
	value = func(ptr string, inEnvelope bool, key string) error {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("not JSON: %w", err)
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' {
				inv.add(ptr, "object")
				for dec.More() {
					k, err := dec.Token()
					if err != nil {
						return fmt.Errorf("not JSON: %w", err)
					}
					ks, _ := k.(string)
					if err := value(ptr+"/"+jsonptr.Escape(ks), inEnvelope && ptr == "", ks); err != nil {
						return err
					}
				}
			} else {
				inv.add(ptr, "array")
				for dec.More() {
					if err := value(ptr+"/*", false, ""); err != nil {
						return err
					}
				}
			}
			_, err := dec.Token() // the closing delimiter
			return err
		case string:
			if inEnvelope && key == "task_detail" {
				if inner := []byte(t); json.Valid(inner) {
					sub, err := shapeOf(inner)
					if err != nil {
						return err
					}
					for i, en := range sub.entries {
						if i == 0 { // the document itself: the string holds it
							inv.add(ptr, "string (JSON "+strings.Join(en.Types, "|")+" inside)")
							continue
						}
						p := ptr + strings.TrimPrefix(en.Pointer, "/task_detail")
						for _, ty := range en.Types {
							inv.add(p, ty)
						}
					}
					return nil
				}
			}
			inv.add(ptr, "string")
		case json.Number:
			if _, err := strconv.ParseInt(string(t), 10, 64); err == nil {
				inv.add(ptr, "integer")
			} else {
				inv.add(ptr, "number")
			}
		case bool:
			inv.add(ptr, "boolean")
		case nil:
			inv.add(ptr, "null")
		}
		return nil
	}
	return value(prefix, prefix == "", "")
}

// add records that a value of type typ was found at the generalised pointer ptr.
func (inv *inventory) add(ptr, typ string) {
	i, ok := inv.index[ptr]
	if !ok {
		i = len(inv.entries)
		inv.index[ptr] = i
		inv.entries = append(inv.entries, shapeEntry{Pointer: ptr})
	}
	en := &inv.entries[i]
	for _, t := range en.Types {
		if t == typ {
			return
		}
	}
	en.Types = append(en.Types, typ)
}

// mark parses body strictly and leniently and marks the pointers of their problems: the
// unknown keys, the missing required and expected keys, and any other problem's code.
// Messages are not used: they may quote values.
func (inv *inventory) mark(body []byte, opts []rawform.Option) {
	var problems []rawform.Problem
	for _, lenient := range []bool{false, true} {
		o := opts
		if lenient {
			o = append(append([]rawform.Option(nil), opts...), rawform.Lenient())
		}
		task, err := rawform.Parse(body, o...)
		var perr *rawform.Error
		if errors.As(err, &perr) {
			problems = append(problems, perr.Problems...)
			if inv.kind == "" && perr.Shape != rawform.ShapeUnknown {
				inv.kind = perr.Shape.String()
			}
		}
		if task != nil {
			problems = append(problems, task.Warnings...)
			inv.kind = task.Shape.String()
		}
	}
	for _, p := range problems {
		ptr := generalise(p.Pointer)
		var m string
		switch p.Code {
		case rawform.CodeAdditionalProperties:
			m = "unknown"
		case rawform.CodeRequired:
			m = "missing required"
		case rawform.CodeExpectedMissing:
			m = "missing expected"
		default:
			m = "! " + string(p.Code)
		}
		i, ok := inv.index[ptr]
		if !ok {
			i = inv.insertAbsent(ptr)
		}
		en := &inv.entries[i]
		dup := false
		for _, x := range en.Marks {
			dup = dup || x == m
		}
		if !dup {
			en.Marks = append(en.Marks, m)
		}
	}
	// Everything under an unknown key is unknown too.
	var unknown []string
	for i := range inv.entries {
		en := &inv.entries[i]
		for _, u := range unknown {
			if strings.HasPrefix(en.Pointer, u+"/") && len(en.Marks) == 0 {
				en.Marks = []string{"unknown"}
			}
		}
		if len(en.Marks) > 0 && en.Marks[0] == "unknown" {
			unknown = append(unknown, en.Pointer)
		}
	}
}

// insertAbsent adds an entry for a key the document lacks, after its parent's last
// descendant (so that it reads beside its siblings), and returns its index.
func (inv *inventory) insertAbsent(ptr string) int {
	parent := ptr
	if i := strings.LastIndexByte(ptr, '/'); i >= 0 {
		parent = ptr[:i]
	}
	at := len(inv.entries)
	for j, en := range inv.entries {
		if en.Pointer == parent || strings.HasPrefix(en.Pointer, parent+"/") {
			at = j + 1
		}
	}
	inv.entries = append(inv.entries, shapeEntry{})
	copy(inv.entries[at+1:], inv.entries[at:])
	inv.entries[at] = shapeEntry{Pointer: ptr, Types: []string{"(absent)"}}
	for j := at; j < len(inv.entries); j++ {
		inv.index[inv.entries[j].Pointer] = j
	}
	return at
}

// generalise replaces the array indices of a problem's pointer with *.
func generalise(ptr string) string {
	segs := strings.Split(ptr, "/")
	for i, s := range segs {
		if i > 0 && s != "" && strings.Trim(s, "0123456789") == "" {
			segs[i] = "*"
		}
	}
	return strings.Join(segs, "/")
}

func (inv *inventory) writeText(w io.Writer) {
	kind := inv.kind
	if kind == "" {
		kind = "document of unknown shape"
	}
	fmt.Fprintf(w, "# fdi shape: a %s. No values and no names: * stands for any array index.\n", kind)
	width := 0
	for _, en := range inv.entries {
		width = max(width, len(displayPointer(en.Pointer)))
	}
	for _, en := range inv.entries {
		line := fmt.Sprintf("%-*s  %s", width, displayPointer(en.Pointer), strings.Join(en.Types, "|"))
		if len(en.Marks) > 0 {
			line += "  [" + strings.Join(en.Marks, ", ") + "]"
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
}

// displayPointer shows the root as "/" and escapes what a terminal must not interpret.
func displayPointer(p string) string {
	if p == "" {
		return "/"
	}
	return safetext.Visible(p)
}
