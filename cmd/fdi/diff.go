package main

import (
	"context"
	"fmt"
)

// cmdDiff is not written yet.
func cmdDiff(ctx context.Context, e *env, args []string) int {
	fmt.Fprintln(e.stderr, "fdi diff: not yet implemented")
	return 2
}
