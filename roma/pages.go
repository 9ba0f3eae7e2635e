package roma

import (
	"context"
	"fmt"
)

// DefaultPageSize is the page size ListAll asks for when ListOptions.Limit is zero.
const DefaultPageSize = 100

// maxOffset is the largest offset ListTasks accepts (its documented range is 0–20000).
const maxOffset = 20000

// Limits on what a server may send, whatever it claims (see ErrListTooLong).
const (
	// MaxPageEntities is the most tasks one ListTasks page may hold: the limit
	// parameter's maximum.
	MaxPageEntities = 1000
	// MaxListTasks is the most tasks ListAll returns: a page of MaxPageEntities read at
	// the largest offset ListTasks accepts (20,000).
	MaxListTasks = maxOffset + MaxPageEntities
)

// ListAll returns every task of an instance that matches opts, reading ListTasks page
// after page. opts.Offset is ignored; opts.Limit is the page size asked for (default
// DefaultPageSize), and a server that sends fewer entities per page is followed page by
// page: the offset advances by the entities received, not by the limit. Unless opts says
// otherwise the list is sorted by creation date, oldest first, so that a task created
// while paging lands at the end instead of shifting the pages already read. A task seen
// twice (a page boundary that moved) is kept once, in its first position. Paging stops
// at the reported total, at an empty page, or at a page that brings no task not seen yet;
// an instance with more tasks than offset 20,000 can reach is an error. Whatever the
// server sends, a page of more than MaxPageEntities tasks, or more than MaxListTasks in
// all, is an error wrapping ErrListTooLong, found before any more is read or kept.
func (c *Client) ListAll(ctx context.Context, projectID, instanceID string, opts ListOptions) ([]TaskSummary, error) {
	if opts.Limit == 0 {
		opts.Limit = DefaultPageSize
	}
	if opts.SortField == "" && opts.SortType == "" {
		opts.SortField, opts.SortType = "CREATED_DATE", "ASC"
	}
	var all []TaskSummary
	seen := map[string]bool{}
	for offset := 0; ; {
		opts.Offset = offset
		page, err := c.List(ctx, projectID, instanceID, opts)
		if err != nil {
			return nil, fmt.Errorf("list all tasks (offset %d): %w", offset, err)
		}
		fresh := 0
		for _, t := range page.Entities {
			if !seen[t.TaskID] {
				if len(all) == MaxListTasks {
					return nil, fmt.Errorf("list all tasks (offset %d): %w: more than %d tasks", offset, ErrListTooLong, MaxListTasks)
				}
				seen[t.TaskID] = true
				all = append(all, t)
				fresh++
			}
		}
		offset += len(page.Entities)
		if fresh == 0 || int64(offset) >= page.Total {
			return all, nil
		}
		if offset > maxOffset {
			return nil, fmt.Errorf("list all tasks: the instance has %d tasks; ListTasks cannot page past offset %d", page.Total, maxOffset)
		}
	}
}
