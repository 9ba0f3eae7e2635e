package main

import (
	"context"
	"fmt"
)

// cmdFetch is not written yet.
func cmdFetch(ctx context.Context, e *env, args []string) int {
	fmt.Fprintln(e.stderr, "fdi fetch: not yet implemented")
	return 2
}
