package main

import (
	"context"
	"fmt"
)

// cmdSchema is not written yet.
func cmdSchema(ctx context.Context, e *env, args []string) int {
	fmt.Fprintln(e.stderr, "fdi schema: not yet implemented")
	return 2
}
