package taskset

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// ReadDir makes a Set of the *.json files directly in dir (not in sub-folders; hidden
// files are skipped), labelled dir, in file name order. Each file is read once here to
// find its keys — task.task_name and task.task_id, or taskName for a bare task_detail
// document, or else the file name without ".json" — and read again when Compare needs it.
// A file that is not a JSON object still becomes an Item (named after the file), so that
// Compare reports it as invalid when it is paired. Files are read by GOMAXPROCS workers.
// A file larger than maxBytes (when > 0) is not read: its Item is named after the file and
// its Load fails, so that it is reported, not loaded, when paired.
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
	errs := make([]error, len(paths))
	each(ctx, len(paths), runtime.GOMAXPROCS(0), func(i int) {
		items[i], errs[i] = fileItem(paths[i], maxBytes)
	})
	if err := context.Cause(ctx); err != nil {
		return nil, fmt.Errorf("read task set %s: %w", dir, err)
	}
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("read task set: %w", err)
		}
	}
	return &Set{Label: dir, Items: items}, nil
}

// fileItem reads one file's keys.
func fileItem(path string, maxBytes int64) (Item, error) {
	it := Item{Name: strings.TrimSuffix(filepath.Base(path), ".json"), Ref: path}
	fi, err := os.Stat(path)
	if err != nil {
		return Item{}, err
	}
	if !fi.Mode().IsRegular() {
		return Item{}, fmt.Errorf("%s is not a regular file", path)
	}
	if maxBytes > 0 && fi.Size() > maxBytes {
		tooLarge := fmt.Errorf("%s: %d bytes, over the %d-byte limit", path, fi.Size(), maxBytes)
		it.Load = func(context.Context) ([]byte, error) { return nil, tooLarge }
		return it, nil
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return Item{}, err
	}
	if name, id := Keys(body); name != "" {
		it.Name, it.ID = name, id
	} else {
		it.ID = id
	}
	it.Load = func(context.Context) ([]byte, error) {
		b, err := os.ReadFile(path)
		if err == nil && maxBytes > 0 && int64(len(b)) > maxBytes {
			return nil, fmt.Errorf("%s: %d bytes, over the %d-byte limit", path, len(b), maxBytes)
		}
		return b, err
	}
	return it, nil
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
