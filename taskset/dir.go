package taskset

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/fdireview/fdireview/internal/saferead"
)

// ReadDir makes a Set of the *.json files directly in dir (not in sub-folders; hidden
// files are skipped), labelled dir, in file name order. Each file is read once here to
// find its keys — task.task_name and task.task_id, or taskName for a bare task_detail
// document, or else the file name without ".json" — and read again when Compare needs it.
// A file that is not a JSON object still becomes an Item (named after the file), so that
// Compare reports it as invalid when it is paired. Files are read by GOMAXPROCS workers.
//
// No entry of the folder can stop the comparison or cost more than maxBytes (when > 0):
//   - a file is read no further than maxBytes+1 bytes, whatever size it reports (a kernel
//     file such as /proc/self/pagemap reports 0) or grows to while it is read; a larger
//     one is not kept: its Item is named after the file and its Load fails;
//   - an entry that is not a regular file (a named pipe, opened without blocking; a
//     device; a folder named *.json), a dangling or looping symbolic link and an
//     unreadable file each become an Item named after the file with Err set, which
//     Compare lists as invalid.
//
// ReadDir fails only when dir itself cannot be read or ctx is done.
func ReadDir(ctx context.Context, dir string, maxBytes int64) (*Set, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read task set: %w", err)
	}
	var paths []string
	for _, de := range entries {
		n := de.Name()
		if strings.HasSuffix(n, ".json") && !strings.HasPrefix(n, ".") && !de.IsDir() {
			paths = append(paths, filepath.Join(dir, n))
		}
	}
	slices.Sort(paths)
	items := make([]Item, len(paths))
	each(ctx, len(paths), runtime.GOMAXPROCS(0), func(i int) {
		items[i] = fileItem(paths[i], maxBytes)
	})
	if err := context.Cause(ctx); err != nil {
		return nil, fmt.Errorf("read task set %s: %w", dir, err)
	}
	return &Set{Label: dir, Items: items}, nil
}

// fileItem reads one file's keys; an Item with Err set when the file cannot be used.
func fileItem(path string, maxBytes int64) Item {
	it := Item{Name: strings.TrimSuffix(filepath.Base(path), ".json"), Ref: path}
	body, err := readFile(path, maxBytes)
	var tooLarge *tooLargeError
	switch {
	case errors.As(err, &tooLarge):
		it.Load = func(context.Context) ([]byte, error) { return nil, err }
		return it
	case err != nil:
		it.Err = err
		return it
	}
	if name, id := Keys(body); name != "" {
		it.Name, it.ID = name, id
	} else {
		it.ID = id
	}
	it.Load = func(context.Context) ([]byte, error) { return readFile(path, maxBytes) }
	return it
}

// tooLargeError is a file over the size limit.
type tooLargeError struct {
	path  string
	size  int64 // the size reported, or -1 when found while reading
	limit int64
}

func (e *tooLargeError) Error() string {
	if e.size >= 0 {
		return fmt.Sprintf("%s: %d bytes, over the %d-byte limit", e.path, e.size, e.limit)
	}
	return fmt.Sprintf("%s: over the %d-byte limit", e.path, e.limit)
}

// readFile reads a regular file of at most maxBytes bytes (any size when maxBytes <= 0),
// no further than maxBytes+1 bytes. A named pipe is opened without blocking and refused,
// like every other file that is not regular.
func readFile(path string, maxBytes int64) ([]byte, error) {
	b, err := saferead.ReadFile(path, maxBytes)
	var notRegular *saferead.NotRegularError
	var tooLarge *saferead.TooLargeError
	switch {
	case errors.As(err, &notRegular):
		return nil, fmt.Errorf("%s is not a regular file (%s)", path, notRegular.Mode.Type())
	case errors.As(err, &tooLarge):
		return nil, &tooLargeError{path: path, size: tooLarge.Size, limit: maxBytes}
	}
	return b, err
}

// Keys returns the matching keys of a task document without parsing it: task.task_name
// and task.task_id of a response or request, or taskName of a bare task_detail document.
// It returns empty strings for what it cannot find, and for a document that is not JSON.
// The task_detail string is skipped, not decoded, so Keys costs a fraction of a Parse.
func Keys(body []byte) (name, id string) {
	var doc struct {
		Task *struct {
			ID   *string `json:"task_id"`
			Name *string `json:"task_name"`
		} `json:"task"`
		TaskName *string `json:"taskName"`
	}
	if json.Unmarshal(body, &doc) != nil {
		return "", ""
	}
	if doc.Task != nil {
		if doc.Task.ID != nil {
			id = *doc.Task.ID
		}
		if doc.Task.Name != nil {
			name = *doc.Task.Name
		}
		return name, id
	}
	if doc.TaskName != nil {
		name = *doc.TaskName
	}
	return name, id
}
