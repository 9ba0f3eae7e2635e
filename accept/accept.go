// Package accept reads, applies and writes accepted-changes files: the reviewed list of
// changes that are known and accepted, so that `fdi diff --fail-on` stops failing on
// them while every output still shows them, marked, with the reason.
//
// # The file
//
// An accepted-changes file is TOML (people edit it by hand and comment it; TOML has no
// implicit typing to trip over, and errors come with line numbers). The default name is
// DefaultName, "fdi-accepted.toml"; Find looks for it. Each [[accept]] table is one entry:
//
//	[[accept]]
//	task = "fdi_task_pzy4m5_v2"          # task name or id (either side of the comparison)
//	column = "name"                      # target column (mapping.* and column.* changes)
//	pointer = "/task_detail/sourceSelectedDatasource/where/*"  # or a pointer pattern (other changes)
//	kind = "mapping.length_changed"
//	change = "name: target VARCHAR(255) → VARCHAR(100) …"      # informative: the sentence when accepted
//	fingerprint = "sha256:5f0c…"         # of the change's kind, column, pointer, old and new values
//	reason = "name is capped at 100 characters upstream (JIRA-123)"  # required
//	by = "alice"                         # optional
//	expires = 2027-01-31                 # optional: the entry applies up to and including this date
//
// `fdi accept` writes entries (nobody writes fingerprints by hand).
//
// # Matching
//
// An entry accepts a change of a report when the task is the name or id of either task,
// the kinds are equal, the column (when given) is the change's target column, the pointer
// (when given, a diff.Pattern) matches the change's pointer, and the fingerprints are
// equal. The fingerprint covers the kind, the target column, the pointer with array
// indices replaced by "*" (inserting a mapping before does not change it) and the old and
// new values as canonical JSON: when the change itself changes — another length, another
// filter value — the entry stops applying. An entry for one of the compared tasks that
// accepts nothing is stale, and Apply reports it; an entry whose expiry date is past
// applies no more and is reported as expired. Entries for other tasks are ignored, so one
// file can serve many tasks.
//
// A file that is not valid TOML, has unknown keys, or an entry without its required keys
// is refused as a whole (nothing is applied) with an *Error listing every problem with
// its line.
package accept

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/internal/saferead"
	"github.com/fdireview/fdireview/internal/safetext"
	"github.com/fdireview/fdireview/internal/safewrite"
)

// DefaultName is the name of the accepted-changes file looked for next to the compared
// files and in the working directory.
const DefaultName = "fdi-accepted.toml"

// Entry is one accepted change.
type Entry struct {
	Task        string          `toml:"task" json:"task"`
	Column      string          `toml:"column,omitempty" json:"column,omitempty"`
	Pointer     string          `toml:"pointer,omitempty" json:"pointer,omitempty"`
	Kind        string          `toml:"kind" json:"kind"`
	Change      string          `toml:"change,omitempty" json:"change,omitempty"`
	Fingerprint string          `toml:"fingerprint" json:"fingerprint"`
	Reason      string          `toml:"reason" json:"reason"`
	By          string          `toml:"by,omitempty" json:"by,omitempty"`
	Expires     *toml.LocalDate `toml:"expires,omitempty" json:"expires,omitempty"`

	// Line is the line of the entry's [[accept]] header in its file (0 when unknown).
	Line    int          `toml:"-" json:"line,omitempty"`
	pattern diff.Pattern `toml:"-" json:"-"`
}

// File is a parsed accepted-changes file.
type File struct {
	// Name is the file's name as given to Parse or Load, used in messages.
	Name    string  `json:"name"`
	Entries []Entry `json:"entries"`
}

// document is the TOML layout of a file.
type document struct {
	Accept []Entry `toml:"accept"`
}

// Problem is one thing wrong in a file.
type Problem struct {
	Line    int    `json:"line"`   // 1-based; 0 when unknown
	Column  int    `json:"column"` // 1-based; 0 when unknown
	Message string `json:"message"`
}

// Error is a file that cannot be used: it lists every problem. Nothing of such a file is
// applied.
type Error struct {
	Name     string    `json:"name"`
	Problems []Problem `json:"problems"`
}

// Error lists the problems one a line as FILE:LINE:COLUMN: MESSAGE. The file name and the
// messages (which quote the file's keys and values) are escaped as safetext.Visible
// escapes names, so that no text of the file can drive the terminal it is printed on.
func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(safetext.Visible(e.Name))
		if p.Line > 0 {
			b.WriteString(":" + strconv.Itoa(p.Line))
			if p.Column > 0 {
				b.WriteString(":" + strconv.Itoa(p.Column))
			}
		}
		b.WriteString(": " + safetext.Visible(p.Message))
	}
	return b.String()
}

// DefaultMaxBytes is the largest accepted-changes file Load reads: 1 MiB, some 2,500
// entries. LoadLimit takes another limit (fdi's --accepted-max-bytes).
const DefaultMaxBytes = 1 << 20

// MaxProblems is the most problems an *Error lists; one more problem says how many were
// left out. A file with thousands of bad lines is fixed from its first few, and listing
// every one would cost more than the file is worth.
const MaxProblems = 20

// ErrNotRegular is returned (wrapped) for an accepted-changes path that is not a regular
// file: a named pipe, a device (/dev/zero), a directory, a socket; and, for writing, a
// symbolic link.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is returned (wrapped) for an accepted-changes file over the size limit.
var ErrTooLarge = errors.New("accepted-changes file too large")

// Load reads and parses an accepted-changes file of at most DefaultMaxBytes.
func Load(path string) (*File, error) { return LoadLimit(path, DefaultMaxBytes) }

// LoadLimit reads and parses an accepted-changes file of at most maxBytes bytes (see
// ReadFile).
func LoadLimit(path string, maxBytes int64) (*File, error) {
	data, err := ReadFile(path, maxBytes)
	if err != nil {
		return nil, err
	}
	return Parse(data, path)
}

// ReadFile reads an accepted-changes file: a regular file (a symbolic link to one is
// followed) of at most maxBytes bytes (DefaultMaxBytes when maxBytes <= 0). Anything
// else is refused before a byte is read: a named pipe (opened without blocking, so a FIFO
// never hangs the caller), a device such as /dev/zero, a directory. A regular file
// reporting a size under the limit is still read no further than maxBytes+1 bytes, so
// that a file that grows, or a kernel file that reports size 0 (/proc/self/pagemap),
// costs at most the limit.
func ReadFile(path string, maxBytes int64) ([]byte, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	data, err := saferead.ReadFile(path, maxBytes)
	var notRegular *saferead.NotRegularError
	var tooLarge *saferead.TooLargeError
	switch {
	case errors.As(err, &notRegular):
		return nil, fmt.Errorf("accept: read accepted changes %s: %w (%s)", safetext.Visible(path), ErrNotRegular, typeName(notRegular.Mode))
	case errors.As(err, &tooLarge) && tooLarge.Size >= 0:
		return nil, fmt.Errorf("accept: read accepted changes %s: %w: %d bytes, over the limit of %d", safetext.Visible(path), ErrTooLarge, tooLarge.Size, maxBytes)
	case errors.As(err, &tooLarge):
		return nil, fmt.Errorf("accept: read accepted changes %s: %w: over the limit of %d bytes", safetext.Visible(path), ErrTooLarge, maxBytes)
	case err != nil:
		return nil, fmt.Errorf("accept: read accepted changes: %w", err)
	}
	return data, nil
}

// typeName names a file type for messages.
func typeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return m.Type().String()
}

// WriteFile replaces the accepted-changes file at path with data, atomically: data goes to
// a new temporary file beside it, which is synced, given the old file's permission bits
// (0644 for a new file) and renamed over path. Only a regular file is replaced: a
// symbolic link at path is refused, not followed (a planted fdi-accepted.toml ->
// ~/.bash_aliases must not turn a review into a write elsewhere), and so is anything that
// is not a regular file. The rename replaces the directory entry itself, so a link planted
// after the check is replaced, never written through.
func WriteFile(path string, data []byte) error {
	perm := fs.FileMode(0o644)
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("accept: write %s: %w", safetext.Visible(path), err)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("accept: write %s: %w (%s); refusing to write through or replace it", safetext.Visible(path), ErrNotRegular, typeName(fi.Mode()))
	default:
		perm = fi.Mode().Perm()
	}
	if err := safewrite.Replace(path, data, perm); err != nil {
		return fmt.Errorf("accept: write %s: %w", safetext.Visible(path), err)
	}
	return nil
}

// Append adds entries to the accepted-changes file at path, creating it (with Header) when
// it does not exist: the create-or-append that fdi accept does. The file is read as
// ReadFile reads it (at most maxBytes; DefaultMaxBytes when maxBytes is 0) and must parse,
// so that entries are never appended to a file that would then fail; it is written as
// WriteFile writes (atomically, never through a link). Entries that are already in the
// file (same task and fingerprint) are not written twice; Append reports how many it wrote.
func Append(path string, maxBytes int64, entries ...Entry) (int, error) {
	if maxBytes == 0 {
		maxBytes = DefaultMaxBytes
	}
	existing, err := ReadFile(path, maxBytes)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		existing = []byte(Header)
	case err != nil:
		return 0, err
	default:
		f, err := Parse(existing, path)
		if err != nil {
			return 0, err
		}
		have := make(map[[2]string]bool, len(f.Entries))
		for _, e := range f.Entries {
			have[[2]string{e.Task, e.Fingerprint}] = true
		}
		fresh := entries[:0:0]
		for _, e := range entries {
			if k := [2]string{e.Task, e.Fingerprint}; !have[k] {
				have[k] = true
				fresh = append(fresh, e)
			}
		}
		entries = fresh
		if len(existing) > 0 && existing[len(existing)-1] != '\n' {
			existing = append(existing, '\n')
		}
	}
	if len(entries) == 0 {
		return 0, nil
	}
	body, err := Encode(entries)
	if err != nil {
		return 0, err
	}
	if err := WriteFile(path, append(existing, body...)); err != nil {
		return 0, err
	}
	return len(entries), nil
}

// Parse parses an accepted-changes file; name is used in messages. It returns an *Error
// when the file is not valid TOML, has keys this package does not know, or has entries
// without task, kind, fingerprint or reason, or with an unknown kind or a bad pointer.
// The cost is linear in the size of the file, however many problems it has; the error
// lists the first MaxProblems.
func Parse(data []byte, name string) (*File, error) {
	// Unknown keys first: go-toml's decoder checks each key of a table against every key
	// before it, so a table of 40,000 keys costs seconds; a file that reaches it has only
	// the known keys, a handful per table.
	// Up to MaxProblems of them, the file is decoded anyway (unknown keys aside), so that
	// every problem of every entry is reported at once, not the unknown keys first and the
	// missing reason on the next run.
	problems := unknownKeys(data)
	if len(problems) > MaxProblems {
		return nil, &Error{Name: name, Problems: capProblems(problems)}
	}
	var doc document
	if err := decode(data, &doc); err != nil {
		return nil, &Error{Name: name, Problems: capProblems(sortedProblems(append(problems, tomlProblems(err)...)))}
	}
	lines := headerLines(data)
	f := &File{Name: name, Entries: doc.Accept}
	for i := range f.Entries {
		e := &f.Entries[i]
		if len(lines) == len(f.Entries) {
			e.Line = lines[i]
		}
		where := func(msg string) {
			if e.Line == 0 {
				msg = fmt.Sprintf("entry %d: %s", i+1, msg)
			}
			problems = append(problems, Problem{Line: e.Line, Message: msg})
		}
		for _, req := range []struct{ key, value string }{{"task", e.Task}, {"kind", e.Kind}, {"fingerprint", e.Fingerprint}, {"reason", e.Reason}} {
			if strings.TrimSpace(req.value) == "" {
				where(fmt.Sprintf("[[accept]] needs %s (run fdi accept to write entries)", req.key))
			}
		}
		if e.Kind != "" && !slices.Contains(kinds, diff.Kind(e.Kind)) {
			where(fmt.Sprintf("kind %q is not a change kind (mapping.*, column.*, table.changed, datasource.changed, setting.changed)", e.Kind))
		}
		if e.Fingerprint != "" && !strings.HasPrefix(e.Fingerprint, "sha256:") {
			where(fmt.Sprintf("fingerprint %q: want sha256:HEX as written by fdi accept", e.Fingerprint))
		}
		if e.Pointer != "" {
			p, err := diff.ParsePattern(e.Pointer)
			if err != nil {
				where(err.Error())
			}
			e.pattern = p
		}
	}
	if len(problems) > 0 {
		return nil, &Error{Name: name, Problems: capProblems(sortedProblems(problems))}
	}
	return f, nil
}

// sortedProblems orders problems by line (those without one last), keeping the order of
// problems on the same line.
func sortedProblems(ps []Problem) []Problem {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		switch {
		case a.Line == b.Line:
			return 0
		case a.Line == 0:
			return 1
		case b.Line == 0:
			return -1
		}
		return a.Line - b.Line
	})
	return ps
}

// capProblems keeps the first MaxProblems problems and says how many more there were.
func capProblems(ps []Problem) []Problem {
	if len(ps) <= MaxProblems {
		return ps
	}
	more := len(ps) - MaxProblems
	return append(ps[:MaxProblems:MaxProblems], Problem{Message: fmt.Sprintf("… and %d more problems (fix these first)", more)})
}

// decode decodes data into doc, unknown keys aside (unknownKeys finds those: go-toml's
// strict mode locates each unknown key by scanning the document from its start, which
// makes 40,000 bad lines cost minutes). A panic inside go-toml becomes an error, so that
// no file can crash the caller: v2.2.4 panicked on a date given for a string key
// ("fingerprint = 0000-01-01", found by FuzzParse; fixed in v2.4).
func decode(data []byte, doc *document) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the TOML decoder failed on this file (%v)", r)
		}
	}()
	return toml.NewDecoder(bytes.NewReader(data)).Decode(doc)
}

// knownKeys are the keys of an [[accept]] entry.
var knownKeys = []string{"task", "column", "pointer", "kind", "change", "fingerprint", "reason", "by", "expires"}

// unknownKeys lists the tables and keys of a (valid) TOML document that are not an
// [[accept]] entry's, each with its line and column, in one pass over the document: lines
// are located through a table of line starts built once.
func unknownKeys(data []byte) (problems []Problem) {
	defer func() {
		if r := recover(); r != nil {
			problems = []Problem{{Message: fmt.Sprintf("the TOML parser failed on this file (%v)", r)}}
		}
	}()
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	at := func(offset uint32) (line, col int) {
		i := sort.SearchInts(starts, int(offset)+1) - 1
		return i + 1, int(offset) - starts[i] + 1
	}
	var p unstable.Parser
	p.Reset(data)
	report := func(key *unstable.Node, msg string) {
		line, col := 0, 0
		if key != nil {
			line, col = at(key.Raw.Offset)
		}
		problems = append(problems, Problem{Line: line, Column: col, Message: msg})
	}
	// keyOf returns a node's key parts and its first key node.
	keyOf := func(n *unstable.Node) ([]string, *unstable.Node) {
		var parts []string
		var first *unstable.Node
		it := n.Key()
		for it.Next() {
			if first == nil {
				first = it.Node()
			}
			parts = append(parts, string(it.Node().Data))
		}
		return parts, first
	}
	// checkEntry checks the keys of one inline table given for accept = [...].
	checkEntry := func(tbl *unstable.Node) {
		it := tbl.Children()
		for it.Next() {
			kv := it.Node()
			if kv.Kind != unstable.KeyValue {
				continue
			}
			parts, first := keyOf(kv)
			if len(parts) != 1 || !slices.Contains(knownKeys, parts[0]) {
				report(first, unknownKeyMessage(parts))
			}
		}
	}
	inEntry, inOther := false, false
	for p.NextExpression() {
		n := p.Expression()
		switch n.Kind {
		case unstable.ArrayTable, unstable.Table:
			parts, first := keyOf(n)
			inEntry = n.Kind == unstable.ArrayTable && len(parts) == 1 && parts[0] == "accept"
			inOther = !inEntry
			if inOther {
				report(first, fmt.Sprintf("unknown table %s (an accepted-changes file holds [[accept]] tables only)", safetext.Visible(strings.Join(parts, "."))))
			}
		case unstable.KeyValue:
			parts, first := keyOf(n)
			switch {
			case inOther: // reported with its table
			case inEntry:
				if len(parts) != 1 || !slices.Contains(knownKeys, parts[0]) {
					report(first, unknownKeyMessage(parts))
				}
			case len(parts) == 1 && parts[0] == "accept" && n.Value().Kind == unstable.Array:
				it := n.Value().Children()
				for it.Next() {
					if it.Node().Kind == unstable.InlineTable {
						checkEntry(it.Node())
					}
				}
			default:
				report(first, fmt.Sprintf("unknown key %s (an accepted-changes file holds [[accept]] tables only)", safetext.Visible(strings.Join(parts, "."))))
			}
		}
	}
	if err := p.Error(); err != nil {
		// Not valid TOML: that one problem, at its place (the keys found before it are
		// left for the next run).
		var pe *unstable.ParserError
		if errors.As(err, &pe) && pe.Highlight != nil && cap(pe.Highlight) <= cap(data) && cap(data)-cap(pe.Highlight) <= len(data) {
			line, col := at(uint32(cap(data) - cap(pe.Highlight)))
			return []Problem{{Line: line, Column: col, Message: "not valid TOML: " + pe.Error()}}
		}
		return []Problem{{Message: "not valid TOML: " + err.Error()}}
	}
	return problems
}

func unknownKeyMessage(parts []string) string {
	return fmt.Sprintf("unknown key %s (known: %s)", safetext.Visible(strings.Join(parts, ".")), strings.Join(knownKeys, ", "))
}

// tomlProblems turns go-toml's error into a problem with its position.
func tomlProblems(err error) []Problem {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		return []Problem{{Line: row, Column: col, Message: "not valid TOML: " + de.Error()}}
	}
	return []Problem{{Message: "not valid TOML: " + err.Error()}}
}

// headerLines finds the line of each [[accept]] header, in order.
func headerLines(data []byte) []int {
	var out []int
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), len(data)+1)
	for n := 1; sc.Scan(); n++ {
		l := sc.Text()
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = l[:i]
		}
		if strings.ReplaceAll(strings.ReplaceAll(l, " ", ""), "\t", "") == "[[accept]]" {
			out = append(out, n)
		}
	}
	return out
}

var kinds = []diff.Kind{
	diff.MappingAdded, diff.MappingRemoved, diff.MappingSourceChanged, diff.MappingTargetRenamed, diff.MappingTypeChanged,
	diff.MappingLengthChanged, diff.MappingNullabilityChanged, diff.MappingUniqueChanged, diff.MappingFlagChanged,
	diff.ColumnAdded, diff.ColumnRemoved, diff.ColumnChanged, diff.TableChanged, diff.DatasourceChanged, diff.SettingChanged,
}

// Fingerprint identifies a change by what it is: its kind, target column, pointer (array
// indices as "*") and old and new values (canonical JSON), as "sha256:" and 32 hex digits.
func Fingerprint(c diff.Change) string {
	h := sha256.New()
	for _, part := range []string{string(c.Kind), c.TargetColumn, PointerPattern(c.Pointer), canonical(c.Old), canonical(c.New)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)[:16])
}

// PointerPattern is a change's pointer with its array indices replaced by "*": the
// pattern fdi accept writes for changes without a target column.
func PointerPattern(ptr string) string {
	toks := strings.Split(ptr, "/")
	for i, t := range toks {
		if _, err := strconv.Atoi(t); err == nil && i > 0 {
			toks[i] = "*"
		}
	}
	return strings.Join(toks, "/")
}

// canonical writes a value as JSON with sorted keys and no HTML escapes.
func canonical(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// forTask reports whether the entry concerns one of the two tasks of r.
func (e *Entry) forTask(r *diff.Report) bool {
	for _, s := range []string{r.Old.Name, r.Old.ID, r.New.Name, r.New.ID} {
		if s != "" && s == e.Task {
			return true
		}
	}
	return false
}

// matchesPlace reports whether the entry accepts c, fingerprint aside.
func (e *Entry) matchesPlace(c *diff.Change) bool {
	if string(c.Kind) != e.Kind || (e.Column != "" && e.Column != c.TargetColumn) {
		return false
	}
	return e.Pointer == "" || e.pattern.Match(c.Pointer)
}

// ExpiresOn returns the entry's last day (midnight UTC of its expires date) and true, or
// the zero time and false when it never expires.
func (e *Entry) ExpiresOn() (time.Time, bool) {
	if e.Expires == nil {
		return time.Time{}, false
	}
	return e.Expires.AsTime(time.UTC), true
}

// expired reports whether the entry's last day is before today (UTC).
func (e *Entry) expired(now time.Time) bool {
	if e.Expires == nil {
		return false
	}
	return !now.Before(e.Expires.AsTime(time.UTC).AddDate(0, 0, 1))
}

// where names the entry for messages: "fdi-accepted.toml:12".
func (f *File) where(e *Entry) string {
	if e.Line > 0 {
		return f.Name + ":" + strconv.Itoa(e.Line)
	}
	return f.Name
}

// Result is what Apply did.
type Result struct {
	// Accepted counts the changes marked accepted.
	Accepted int `json:"accepted"`
	// Stale are entries for the compared tasks that accepted nothing; Expired, entries
	// for them whose date is past. Both are for the user to act on.
	Stale   []Notice `json:"stale"`
	Expired []Notice `json:"expired"`
}

// Notice is a message about one entry.
type Notice struct {
	Entry   Entry  `json:"entry"`
	Where   string `json:"where"` // FILE:LINE
	Message string `json:"message"`
}

// String reads "FILE:LINE: MESSAGE", escaped as safetext.Visible escapes names: the
// message quotes the entry's reason and column, text from the file.
func (n Notice) String() string {
	return safetext.Visible(n.Where) + ": " + safetext.Visible(n.Message)
}

// Apply marks the changes of r that an entry accepts (Change.Accepted), recounts the
// summary and records the file's name in Summary.AcceptedFrom when it accepted any;
// now decides expiry. A change already accepted keeps its first acceptance. Entries for
// other tasks are left alone.
//
// Each change is fingerprinted once and entries are looked up by fingerprint, so the cost
// is linear in entries plus changes (6,400 entries on a 10,000-mapping diff would
// otherwise fingerprint 64 million pairs).
func (f *File) Apply(r *diff.Report, now time.Time) Result {
	var res Result
	if f == nil {
		return res
	}
	var byPrint map[string][]int // fingerprint → indices of r.Changes
	var byPlace map[string][]int // kind and target column → indices, for stale messages
	index := func() {
		if byPrint != nil {
			return
		}
		byPrint = make(map[string][]int, len(r.Changes))
		byPlace = make(map[string][]int)
		for j := range r.Changes {
			c := &r.Changes[j]
			fp := Fingerprint(*c)
			byPrint[fp] = append(byPrint[fp], j)
			byPlace[string(c.Kind)+"\x00"+c.TargetColumn] = append(byPlace[string(c.Kind)+"\x00"+c.TargetColumn], j)
			byPlace[string(c.Kind)] = append(byPlace[string(c.Kind)], j)
		}
	}
	for i := range f.Entries {
		e := &f.Entries[i]
		if !e.forTask(r) {
			continue
		}
		index()
		desc := fmt.Sprintf("%s %s", e.Task, e.Kind)
		if e.Column != "" {
			desc += " " + e.Column
		} else if e.Pointer != "" {
			desc += " at " + e.Pointer
		}
		if e.expired(now) {
			res.Expired = append(res.Expired, Notice{Entry: *e, Where: f.where(e),
				Message: fmt.Sprintf("accepted change expired on %s, no longer applied: %s (reason: %s)", e.Expires, desc, e.Reason)})
			continue
		}
		matched := false
		for _, j := range byPrint[e.Fingerprint] {
			c := &r.Changes[j]
			if !e.matchesPlace(c) {
				continue
			}
			matched = true
			if c.Accepted != nil {
				continue
			}
			a := &diff.Acceptance{Reason: e.Reason, By: e.By, Entry: f.where(e)}
			if e.Expires != nil {
				a.Expires = e.Expires.String()
			}
			c.Accepted = a
			res.Accepted++
		}
		if !matched {
			msg := "stale accepted change, it matched nothing: " + desc + " (reason: " + e.Reason + ")"
			// A change in the same place with another fingerprint: what the change is now.
			place := e.Kind
			if e.Column != "" {
				place += "\x00" + e.Column
			}
			for _, j := range byPlace[place] {
				if c := &r.Changes[j]; e.matchesPlace(c) {
					msg += "; the change is now: " + c.Message
					break
				}
			}
			res.Stale = append(res.Stale, Notice{Entry: *e, Where: f.where(e), Message: msg})
		}
	}
	r.Recount()
	if res.Accepted > 0 {
		r.Summary.AcceptedFrom = f.Name
	}
	return res
}

// NewEntry makes the entry that accepts c in the report r, for the new task (by name,
// or id when it has no name). expires is the entry's last day (its UTC date); the zero
// time means it never expires.
func NewEntry(r *diff.Report, c diff.Change, reason, by string, expires time.Time) Entry {
	task := r.New.Name
	if task == "" {
		task = r.New.ID
	}
	e := Entry{Task: task, Kind: string(c.Kind), Column: c.TargetColumn, Change: c.Message,
		Fingerprint: Fingerprint(c), Reason: reason, By: by}
	if !expires.IsZero() {
		u := expires.UTC()
		d := toml.LocalDate{Year: u.Year(), Month: int(u.Month()), Day: u.Day()}
		e.Expires = &d
	}
	if c.TargetColumn == "" {
		e.Pointer = PointerPattern(c.Pointer)
	}
	return e
}

// Encode writes entries as [[accept]] tables, to be appended to a file: one key a line,
// strings as TOML basic strings, the expiry as a TOML date.
func Encode(entries []Entry) ([]byte, error) {
	var b bytes.Buffer
	for _, e := range entries {
		b.WriteString("\n[[accept]]\n")
		for _, kv := range [][2]string{{"task", e.Task}, {"column", e.Column}, {"pointer", e.Pointer}, {"kind", e.Kind},
			{"change", e.Change}, {"fingerprint", e.Fingerprint}, {"reason", e.Reason}, {"by", e.By}} {
			if kv[1] != "" || kv[0] == "reason" {
				b.WriteString(kv[0] + " = " + tomlString(kv[1]) + "\n")
			}
		}
		if e.Expires != nil {
			b.WriteString("expires = " + e.Expires.String() + "\n")
		}
	}
	return b.Bytes(), nil
}

// tomlString writes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Header starts a new accepted-changes file.
const Header = `# Accepted changes for fdi diff (fdireview): reviewed changes that no longer fail
# "fdi diff --fail-on". Write entries with "fdi accept OLD NEW --reason ...". An entry stops
# applying when its change changes (the fingerprint) or after its "expires" date.
`

// Find returns the first DefaultName file found in dirs, in order, or "".
func Find(dirs ...string) string {
	for _, d := range dirs {
		p := filepath.Join(d, DefaultName)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}
