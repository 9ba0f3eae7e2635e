package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/fdireview/fdireview/internal/english"
	"github.com/fdireview/fdireview/internal/safetext"
	"github.com/fdireview/fdireview/rawform"
)

// gitCall is a call by git as its external diff (GIT_EXTERNAL_DIFF, diff.external,
// diff.<driver>.command): "path old-file old-hex old-mode new-file new-hex new-mode", plus
// "new-path xfrm-msg" for a rename. A side that does not exist (an added or deleted file)
// is old-file or new-file "/dev/null" with hex and mode ".".
type gitCall struct {
	path, newPath string
	old, new      string
	added, gone   bool
}

// parseGitCall recognises git's 7- and 9-argument calling convention.
func parseGitCall(args []string) (gitCall, bool) {
	if len(args) != 7 && len(args) != 9 {
		return gitCall{}, false
	}
	if !isHexOrDot(args[2]) || !isModeOrDot(args[3]) || !isHexOrDot(args[5]) || !isModeOrDot(args[6]) {
		return gitCall{}, false
	}
	g := gitCall{path: args[0], newPath: args[0], old: args[1], new: args[4]}
	if len(args) == 9 {
		g.newPath = args[7]
	}
	g.added = args[3] == "."
	g.gone = args[6] == "."
	return g, true
}

// splitGitCall splits git's external-diff arguments, the last 9 or 7 (parseGitCall), from
// the flags before them (diff.external = "fdi diff --ignore-case"): ok is false when the
// arguments do not end with such a call.
func splitGitCall(args []string) (flags []string, g gitCall, ok bool) {
	for _, n := range []int{9, 7} {
		if len(args) >= n {
			if g, ok := parseGitCall(args[len(args)-n:]); ok {
				return args[:len(args)-n], g, true
			}
		}
	}
	return args, gitCall{}, false
}

func isHexOrDot(s string) bool {
	if s == "." {
		return true
	}
	if len(s) < 7 || len(s) > 64 {
		return false
	}
	return strings.Trim(s, "0123456789abcdef") == ""
}

func isModeOrDot(s string) bool {
	return s == "." || (len(s) == 6 && strings.Trim(s, "01234567") == "")
}

// header is the line fdi prints before each file git hands it, like git's own
// "diff --git a/… b/…".
func (g gitCall) header() string {
	return fmt.Sprintf("fdi diff a/%s b/%s", safetext.Visible(g.path), safetext.Visible(g.newPath))
}

// describeLone says what an added or deleted task file holds.
func describeLone(ctx context.Context, e *env, name, verb string, opts []rawform.Option, limit int64) {
	body, err := readInput(ctx, e, name, limit)
	if err != nil {
		fmt.Fprintf(e.stdout, "%s: %v\n", verb, safetext.Visible(err.Error()))
		return
	}
	t, err := rawform.Parse(body, opts...)
	if err != nil || t == nil || t.Detail == nil {
		fmt.Fprintf(e.stdout, "%s: not a valid task\n", verb)
		return
	}
	n := t.Info.Name
	if n == "" {
		n = t.Detail.TaskName
	}
	fmt.Fprintf(e.stdout, "%s task %s (%s)\n", verb, safetext.Visible(n), english.Plural(len(t.Detail.Mappings), "mapping"))
}
