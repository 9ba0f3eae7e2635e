package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/fdireview/fdireview/rawform"
)

// Ref names a task in a Source: an optional instance and a task ID. Its text form is
// "task" or "instance/task"; the compare URL carries it (old=instance/task).
type Ref struct {
	Instance string
	ID       string
}

// String returns "instance/task", or "task" when the instance is the default one.
func (r Ref) String() string {
	if r.Instance == "" {
		return r.ID
	}
	return r.Instance + "/" + r.ID
}

// ParseRef reads "task" or "instance/task". Both parts must be non-empty and made of
// letters, digits, '.', '_' and '-', not starting with '.', so that a Ref can never
// climb out of a folder or change the API path it is put in.
func ParseRef(s string) (Ref, error) {
	s = strings.Trim(strings.TrimSpace(s), "/")
	if s == "" {
		return Ref{}, &Error{Kind: KindBadRequest, Message: "no task given"}
	}
	parts := strings.Split(s, "/")
	if len(parts) > 2 {
		return Ref{}, &Error{Kind: KindBadRequest, Message: fmt.Sprintf("task reference %q has more than two parts (want task or instance/task)", s)}
	}
	for _, p := range parts {
		if !validRefPart(p) {
			return Ref{}, &Error{Kind: KindBadRequest, Message: fmt.Sprintf("task reference %q is not valid: use letters, digits, '.', '_' and '-' (task or instance/task)", s)}
		}
	}
	if len(parts) == 2 {
		return Ref{Instance: parts[0], ID: parts[1]}, nil
	}
	return Ref{ID: parts[0]}, nil
}

func validRefPart(p string) bool {
	if p == "" || p[0] == '.' || len(p) > 128 {
		return false
	}
	for _, c := range p {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// Entry is one line of the task picker.
type Entry struct {
	Ref         Ref    `json:"-"`
	RefText     string `json:"ref"`
	ID          string `json:"task_id,omitempty"`
	Name        string `json:"task_name,omitempty"`
	Type        string `json:"task_type,omitempty"`
	Status      string `json:"status,omitempty"`
	SourceType  string `json:"source_datasource_type,omitempty"`
	SourceTable string `json:"source_table,omitempty"`
	TargetType  string `json:"target_datasource_type,omitempty"`
	TargetTable string `json:"target_table,omitempty"`
	// Mappings is the number of column mappings; -1 when the source did not say.
	Mappings int `json:"mappings"`
	// Problem is set when the task could not be read; the other fields may be empty.
	Problem string `json:"problem,omitempty"`
}

// EntryOf fills an Entry from a parsed task.
func EntryOf(ref Ref, t *rawform.Task) Entry {
	s := Entry{Ref: ref, RefText: ref.String(), ID: t.Info.ID, Name: t.Info.Name, Type: t.Info.Type, Status: t.Info.Status, Mappings: -1}
	if d := t.Detail; d != nil {
		if s.Name == "" {
			s.Name = d.TaskName
		}
		s.SourceType, s.TargetType = d.SourceDatasourceType, d.TargetDatasourceType
		s.SourceTable, s.TargetTable = d.Source.Table, d.Target.Table
		s.Mappings = len(d.Mappings)
	}
	return s
}

// Document is a task as a Source delivers it: the bytes of a saved or live response and a
// version string that changes whenever the bytes do (the viewer caches parsed tasks and
// rendered pages by version).
type Document struct {
	Ref     Ref
	Body    []byte
	Version string
}

// Source is where the viewer gets tasks. Implementations must be safe for concurrent use
// and must report a missing task with an error that matches ErrNotFound (errors.Is), and
// an unreachable or failing upstream with an *Error of KindUpstream or KindTimeout.
type Source interface {
	// Describe says in a few words where tasks come from, for the page header.
	Describe() string
	// List returns the tasks of the default instance (and, for folders, of every
	// sub-folder), in a stable order.
	List(ctx context.Context) ([]Entry, error)
	// Fetch returns one task's response body.
	Fetch(ctx context.Context, ref Ref) (*Document, error)
}

// Versioner is implemented by sources that can tell a task's current version without
// reading it (a file's size and modification time). The viewer then skips reading and
// parsing a task it has cached, which keeps /compare of large tasks fast.
type Versioner interface {
	Version(ctx context.Context, ref Ref) (string, error)
}

// ErrNotFound is matched (errors.Is) by errors for tasks a Source does not have.
var ErrNotFound = errors.New("task not found")

// contentVersion is a version derived from the bytes themselves.
func contentVersion(b []byte) string {
	h := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(h[:16])
}

// DirSource serves saved task responses from a folder: FOLDER/ID.json is task ID of the
// default instance, FOLDER/INSTANCE/ID.json is task ID of instance INSTANCE. Any shape
// rawform.Parse accepts may be saved (ShowTask response, create/update request, bare
// task_detail).
type DirSource struct {
	root    string
	maxSize int64
	parse   []rawform.Option

	mu      sync.Mutex
	summary map[string]summaryEntry // by path; reused while size and mtime are unchanged
}

type summaryEntry struct {
	stamp string
	sum   Entry
}

// NewDirSource returns a Source reading root. Files larger than maxSize bytes are refused
// (0 means 64 MiB). The options are used to parse files for the list.
func NewDirSource(root string, maxSize int64, opts ...rawform.Option) (*DirSource, error) {
	fi, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("task folder: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("task folder %s: not a directory", root)
	}
	if maxSize <= 0 {
		maxSize = 64 << 20
	}
	return &DirSource{root: root, maxSize: maxSize, parse: opts, summary: map[string]summaryEntry{}}, nil
}

// Describe implements Source.
func (s *DirSource) Describe() string { return "folder " + s.root }

// List implements Source: every *.json file of the folder and of its direct sub-folders.
func (s *DirSource) List(ctx context.Context) ([]Entry, error) {
	var refs []Ref
	entries, err := os.ReadDir(s.root)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", s.root, err)
	}
	for _, e := range entries {
		if e.IsDir() && validRefPart(e.Name()) {
			sub, err := os.ReadDir(filepath.Join(s.root, e.Name()))
			if err != nil {
				return nil, fmt.Errorf("list %s: %w", e.Name(), err)
			}
			for _, f := range sub {
				if id, ok := jsonStem(f); ok {
					refs = append(refs, Ref{Instance: e.Name(), ID: id})
				}
			}
		} else if id, ok := jsonStem(e); ok {
			refs = append(refs, Ref{ID: id})
		}
	}
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].Instance != refs[j].Instance {
			return refs[i].Instance < refs[j].Instance
		}
		return refs[i].ID < refs[j].ID
	})
	out := make([]Entry, 0, len(refs))
	for _, r := range refs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out = append(out, s.summarize(r))
	}
	return out, nil
}

func jsonStem(e os.DirEntry) (string, bool) {
	if e.IsDir() || !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".json") {
		return "", false
	}
	id := strings.TrimSuffix(e.Name(), ".json")
	return id, validRefPart(id)
}

func (s *DirSource) summarize(r Ref) Entry {
	p := s.path(r)
	fi, err := os.Stat(p)
	if err != nil {
		return Entry{Ref: r, RefText: r.String(), Mappings: -1, Problem: "cannot read the file"}
	}
	stamp := fmt.Sprintf("%d:%d", fi.Size(), fi.ModTime().UnixNano())
	s.mu.Lock()
	e, ok := s.summary[p]
	s.mu.Unlock()
	if ok && e.stamp == stamp {
		return e.sum
	}
	sum := Entry{Ref: r, RefText: r.String(), Mappings: -1}
	doc, err := s.Fetch(context.Background(), r)
	if err != nil {
		sum.Problem = "cannot read the file"
	} else if t, err := rawform.Parse(doc.Body, s.parse...); err != nil {
		sum.Problem = invalidTask(err)
	} else {
		sum = EntryOf(r, t)
	}
	s.mu.Lock()
	s.summary[p] = summaryEntry{stamp: stamp, sum: sum}
	s.mu.Unlock()
	return sum
}

func (s *DirSource) path(r Ref) string {
	if r.Instance == "" {
		return filepath.Join(s.root, r.ID+".json")
	}
	return filepath.Join(s.root, r.Instance, r.ID+".json")
}

// Version implements Versioner: the file's path, size and modification time.
func (s *DirSource) Version(ctx context.Context, r Ref) (string, error) {
	if !validRefPart(r.ID) || (r.Instance != "" && !validRefPart(r.Instance)) {
		return "", fmt.Errorf("task %q: %w", r, ErrNotFound)
	}
	fi, err := os.Stat(s.path(r))
	if errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("task %q: no file %s.json in %s: %w", r, r.ID, s.Describe(), ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("stat task %q: %w", r, err)
	}
	return fileVersion(s.path(r), fi), nil
}

func fileVersion(path string, fi os.FileInfo) string {
	return fmt.Sprintf("file:%s:%d:%d", path, fi.Size(), fi.ModTime().UnixNano())
}

// Fetch implements Source. The version is the file's size and modification time, so an
// unchanged file is parsed once.
func (s *DirSource) Fetch(ctx context.Context, r Ref) (*Document, error) {
	if !validRefPart(r.ID) || (r.Instance != "" && !validRefPart(r.Instance)) {
		return nil, fmt.Errorf("task %q: %w", r, ErrNotFound)
	}
	f, err := os.Open(s.path(r))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("task %q: no file %s.json in %s: %w", r, r.ID, s.Describe(), ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("open task %q: %w", r, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat task %q: %w", r, err)
	}
	if fi.Size() > s.maxSize {
		return nil, &Error{Kind: KindTooLarge, Message: fmt.Sprintf("task file %s.json is %d bytes, over the %d byte limit", r.ID, fi.Size(), s.maxSize)}
	}
	body, err := io.ReadAll(io.LimitReader(f, s.maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read task %q: %w", r, err)
	}
	return &Document{Ref: r, Body: body, Version: fileVersion(s.path(r), fi)}, nil
}

// invalidTask says why a listed task could not be read, once: rawform's errors already
// begin with "invalid task".
func invalidTask(err error) string {
	msg := firstLine(err.Error())
	if !strings.HasPrefix(msg, "invalid task") {
		msg = "invalid task: " + msg
	}
	return msg
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
