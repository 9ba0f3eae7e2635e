package main

import (
	"context"
	"fmt"
)

// cmdValidate is not written yet.
func cmdValidate(ctx context.Context, e *env, args []string) int {
	fmt.Fprintln(e.stderr, "fdi validate: not yet implemented")
	return 2
}
