package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/fdireview/fdireview/rawform"
)

// Ref names a task in a TaskSource: an optional instance and a task ID. Its text form is
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
		return Ref{}, &PageError{Kind: KindBadRequest, Message: "no task given"}
	}
	parts := strings.Split(s, "/")
	if len(parts) > 2 {
		return Ref{}, &PageError{Kind: KindBadRequest, Message: fmt.Sprintf("task reference %q has more than two parts (want task or instance/task)", s)}
	}
	for _, p := range parts {
		if !validRefPart(p) {
			return Ref{}, &PageError{Kind: KindBadRequest, Message: fmt.Sprintf("task reference %q is not valid: use letters, digits, '.', '_' and '-' (task or instance/task)", s)}
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

// Document is a task as a TaskSource delivers it: the bytes of a saved or live response and a
// version string that changes whenever the bytes do (the viewer caches parsed tasks and
// rendered pages by version).
type Document struct {
	Ref     Ref
	Body    []byte
	Version string
}

// TaskSource is where the viewer gets tasks. Implementations must be safe for concurrent use
// and must report a missing task with an error that matches ErrNoSuchTask (errors.Is), and
// an unreachable or failing upstream with a *PageError of KindUpstream or KindTimeout.
type TaskSource interface {
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

// ErrNoSuchTask is matched (errors.Is) by errors for tasks a TaskSource does not have.
var ErrNoSuchTask = errors.New("task not found")

// contentVersion is a version derived from the bytes themselves.
func contentVersion(b []byte) string {
	h := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(h[:16])
}

// DirSource serves saved task responses from a folder: FOLDER/ID.json is task ID of the
// default instance, FOLDER/INSTANCE/ID.json is task ID of instance INSTANCE. Any shape
// rawform.Parse accepts may be saved (ShowTask response, create/update request, bare
// task_detail).
//
// The folder is not trusted further than it must be: files are opened through an
// os.Root, so no symbolic link or ".." leads outside it; only regular files are read
// (opened non-blocking and checked with fstat, so a FIFO or a device node is refused
// without pinning a thread); the size is checked before reading; and a file's version is
// its inode, size, modification and change times, so an edit that keeps size and mtime
// still shows.
type DirSource struct {
	dir     string   // as given, for messages
	root    *os.Root // every file access goes through it
	maxSize int64
	parse   []rawform.Option

	mu      sync.Mutex
	summary map[string]summaryEntry // by path; reused while the file's stamp is unchanged
}

type summaryEntry struct {
	stamp string
	sum   Entry
}

// NewDirSource returns a TaskSource reading root. Files larger than maxSize bytes are refused
// (0 means 64 MiB). The options are used to parse files for the list.
func NewDirSource(root string, maxSize int64, opts ...rawform.Option) (*DirSource, error) {
	fi, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("task folder: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("task folder %s: not a directory", root)
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, fmt.Errorf("task folder: %w", err)
	}
	if maxSize <= 0 {
		maxSize = 64 << 20
	}
	return &DirSource{dir: root, root: r, maxSize: maxSize, parse: opts, summary: map[string]summaryEntry{}}, nil
}

// Close releases the folder.
func (s *DirSource) Close() error { return s.root.Close() }

// Describe implements TaskSource.
func (s *DirSource) Describe() string { return "folder " + s.dir }

// List implements TaskSource: every *.json file of the folder and of its direct sub-folders.
func (s *DirSource) List(ctx context.Context) ([]Entry, error) {
	refs, subs, err := s.refsIn(".", "")
	if err != nil {
		return nil, err
	}
	for _, sub := range subs { // in name order, so refs stay sorted by instance, then ID
		more, _, err := s.refsIn(sub, sub)
		if err != nil {
			return nil, err
		}
		refs = append(refs, more...)
	}
	return s.summaries(ctx, refs)
}

// refsIn lists folder dir ("." for the folder itself): its tasks, as refs of instance
// inst sorted by ID, and its sub-folders whose names may name an instance, by name.
func (s *DirSource) refsIn(dir, inst string) (refs []Ref, subs []string, err error) {
	entries, err := fs.ReadDir(s.root.FS(), dir)
	if err != nil {
		where := dir
		if dir == "." {
			where = s.dir
		}
		return nil, nil, fmt.Errorf("list %s: %w", where, err)
	}
	for _, e := range entries {
		if e.IsDir() && validRefPart(e.Name()) {
			subs = append(subs, e.Name())
		} else if id, ok := jsonStem(e); ok {
			refs = append(refs, Ref{Instance: inst, ID: id})
		}
	}
	// Not the file names' order: "a-b.json" comes before "a.json", but ID "a" before "a-b".
	sort.Slice(refs, func(i, j int) bool { return refs[i].ID < refs[j].ID })
	return refs, subs, nil
}

// summaries summarises refs for the task list, in their order.
func (s *DirSource) summaries(ctx context.Context, refs []Ref) ([]Entry, error) {
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
	stamp, err := s.Version(context.Background(), r)
	if err != nil {
		return Entry{Ref: r, RefText: r.String(), Mappings: -1, Problem: "cannot read the file"}
	}
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

// path is the task's file, relative to the folder.
func (s *DirSource) path(r Ref) string {
	if r.Instance == "" {
		return r.ID + ".json"
	}
	return r.Instance + "/" + r.ID + ".json"
}

// open opens the task's file for reading: inside the folder, without blocking, and only
// if it is a regular file.
func (s *DirSource) open(r Ref) (*os.File, os.FileInfo, error) {
	if !validRefPart(r.ID) || (r.Instance != "" && !validRefPart(r.Instance)) {
		return nil, nil, fmt.Errorf("task %q: %w", r, ErrNoSuchTask)
	}
	f, err := s.root.OpenFile(s.path(r), os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("task %q: no file %s.json in %s: %w", r, r.ID, s.Describe(), ErrNoSuchTask)
	}
	if err != nil {
		// A link leading out of the folder lands here ("path escapes from parent").
		return nil, nil, fmt.Errorf("task %q: %s.json cannot be opened inside %s: %w", r, r.ID, s.Describe(), ErrNoSuchTask)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("stat task %q: %w", r, err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, fmt.Errorf("task %q: %s.json is not a regular file (%s): %w", r, r.ID, fi.Mode().Type(), ErrNoSuchTask)
	}
	return f, fi, nil
}

// Version implements Versioner: the file's path, inode, size, modification and change
// times (statStamp).
func (s *DirSource) Version(ctx context.Context, r Ref) (string, error) {
	f, fi, err := s.open(r)
	if err != nil {
		return "", err
	}
	f.Close()
	return fileVersion(s.path(r), fi), nil
}

func fileVersion(path string, fi os.FileInfo) string {
	return "file:" + path + ":" + statStamp(fi)
}

// Fetch implements TaskSource. The version is the file's stamp, taken from the open file, so
// an unchanged file is parsed once and a changed one never served from the cache.
func (s *DirSource) Fetch(ctx context.Context, r Ref) (*Document, error) {
	f, fi, err := s.open(r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > s.maxSize {
		return nil, &PageError{Kind: KindTooLarge, Message: fmt.Sprintf("task file %s.json is %d bytes, over the %d byte limit", r.ID, fi.Size(), s.maxSize)}
	}
	body := make([]byte, 0, fi.Size()+1)
	for int64(len(body)) <= s.maxSize {
		if len(body) == cap(body) {
			body = append(body, 0)[:len(body)]
		}
		n, err := f.Read(body[len(body):cap(body)])
		body = body[:len(body)+n]
		if err == io.EOF {
			return &Document{Ref: r, Body: body, Version: fileVersion(s.path(r), fi)}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read task %q: %w", r, err)
		}
	}
	return nil, &PageError{Kind: KindTooLarge, Message: fmt.Sprintf("task file %s.json grew over the %d byte limit while read", r.ID, s.maxSize)}
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
