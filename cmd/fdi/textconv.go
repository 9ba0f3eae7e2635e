package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/fdireview/fdireview/internal/safetext"
	"github.com/fdireview/fdireview/textconv"
)

const textconvUsage = `usage: fdi textconv [--lenient] FILE

Prints a task as stable lines for line-oriented tools: a header (name, id, data sources and
tables), one line per mapping sorted by target column ("target TYPE(len) NULL ← source
TYPE(len) NULL"), one line per selected column, and one "POINTER = VALUE" line per other
setting, sorted. With git, '*.json diff=fdi' in .gitattributes and
'git config diff.fdi.textconv "fdi textconv"' make 'git diff' and 'git log -p' show
which mapping changed. An invalid task is still printed, after its problems; a file that
is not JSON is printed as is. FILE "-" reads standard input.

Exit status: 0 printed, 2 usage or I/O error.

flags:
`

func cmdTextconv(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("textconv", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	lenient := fs.Bool("lenient", false, "accept unknown fields (they are printed either way)")
	maxBytes := maxBytesFlag(fs)
	files, code, ok := parseArgsWith(e, fs, args, func() { fmt.Fprint(e.stderr, textconvUsage) }, textconvArgs)
	if !ok {
		return code
	}
	if len(files) != 1 {
		return usageError(e, "textconv", "want one FILE (\"-\" reads standard input); got %s", argList(files))
	}
	body, err := readInput(ctx, e, files[0], int64(*maxBytes))
	if err != nil {
		fmt.Fprintf(e.stderr, "fdi textconv: %v\n", safetext.Visible(err.Error()))
		return 2
	}
	opts := parseOptions(int64(*maxBytes), *lenient)
	if err := textconv.Write(e.stdout, body, opts...); err != nil {
		fmt.Fprintf(e.stderr, "fdi textconv: %v\n", safetext.Visible(err.Error()))
		return 2
	}
	return 0
}

// textconvArgs returns textconv's positional arguments. git calls "fdi textconv PATH"
// with the path as it is: when the last argument looks like a flag but names an existing
// file (a root-level "-x.json"), it is the file, and only the arguments before it are
// flags. Otherwise flags may come anywhere, and "--" ends them.
func textconvArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	if n := len(args); n > 0 && !slices.Contains(args, "--") {
		last := args[n-1]
		if strings.HasPrefix(last, "-") && last != "-" {
			if _, err := os.Lstat(last); err == nil {
				files, err := parseInterspersed(fs, args[:n-1])
				return append(files, last), err
			}
		}
	}
	return parseInterspersed(fs, args)
}
