// Command fdi validates, compares, fetches and documents ROMA Connect FDI tasks from
// scripts and CI.
//
//	fdi validate [--lenient] [--format text|json] FILE...
//	fdi diff [--format text|json|markdown|html] [--fail-on breaking|warning|any] [--accepted FILE] [--ignore PATTERN] OLD NEW
//	fdi accept OLD NEW --reason TEXT [--column C] [--kind K] [-o FILE]
//	fdi fetch --endpoint URL --project P --instance I --task T [-o FILE]
//	fdi fetch --endpoint URL --project P --instance I --all -o DIR [--parallel N]
//	fdi schema [response|rawform]
//	fdi shape [--format text|json] FILE
//	fdi textconv FILE
//	fdi version
//
// Every command takes its flags before, between or after its arguments, up to "--". A
// usage error is one line saying what is wrong, then "Run 'fdi COMMAND -h' for the
// flags."; -h prints the whole help.
//
// Exit codes: 0 success, 1 the checked thing failed (invalid task, changes at or above
// --fail-on), 2 usage or I/O error, 130 interrupted (SIGINT or SIGTERM: work stops at
// once; a second signal kills the process).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/fdireview/fdireview/internal/english"
	"github.com/fdireview/fdireview/internal/flagerr"
	"github.com/fdireview/fdireview/internal/version"
)

// env is what a subcommand may touch: its arguments and the process's streams and
// environment, passed in so that tests run the real program in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// isTTY reports whether stdout is a terminal (colour output).
	isTTY bool
	// errTTY reports whether stderr is a terminal (progress counters).
	errTTY bool
	// now is the clock of accepted-change expiry; nil means time.Now.
	now func() time.Time
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) int
}

func commands() []command {
	return []command{
		{"validate", "check task files against the schema and the semantic rules", cmdValidate},
		{"diff", "compare two tasks' mappings and say what breaks", cmdDiff},
		{"accept", "record reviewed changes so that diff --fail-on accepts them", cmdAccept},
		{"fetch", "download a task (or the task list) from the FDI API", cmdFetch},
		{"schema", "print an embedded JSON Schema (response or rawform)", cmdSchema},
		{"shape", "print a task's anonymised shape (pointers and types, no values)", cmdShape},
		{"textconv", "print a task as stable lines, for git diff (textconv)", cmdTextconv},
		{"version", "print the release, module version and VCS revision of this fdi", cmdVersion},
	}
}

// gcPercent is fdi's GC target unless GOGC is set. fdi is a short-lived process whose heap
// is mostly the two decoded documents, all live until the diff: collecting at 100% growth
// spends cycles re-marking them. Measured with the member-slice tree (15 interleaved rounds
// of `fdi diff --format json`, medians, child rusage in Python), GOGC 100 → 200: 1,000
// mappings 22.4 → 21.3 ms wall, 33.6 → 31.4 ms CPU; 10,000 mappings 111 → 97 ms wall,
// 194 → 169 ms CPU, 76 MiB peak either way. (GNU time's 10 ms resolution hid this.)
const gcPercent = 200

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // the next signal is not caught: it kills a process that did not stop
	}()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, isTTY: isTerminal(os.Stdout), errTTY: isTerminal(os.Stderr)}
	code := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

// run is the whole program: it returns the exit code.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(e.stderr)
		return 0
	case "help": // fdi help [COMMAND]
		if len(args) == 1 {
			usage(e.stderr)
			return 0
		}
		args = []string{args[1], "-h"}
	case "-version", "--version":
		args = []string{"version"}
	}
	for _, c := range commands() {
		if c.name == args[0] {
			code := c.run(ctx, e, args[1:])
			if ctx.Err() != nil {
				fmt.Fprintf(e.stderr, "fdi %s: interrupted\n", c.name)
				return 130
			}
			return code
		}
	}
	if strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(e.stderr, "fdi: %q: give a command first, then its flags\nRun 'fdi -h' for the commands.\n", args[0])
	} else {
		fmt.Fprintf(e.stderr, "fdi: unknown command %q\nRun 'fdi -h' for the commands.\n", args[0])
	}
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: fdi <command> [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Flags go before, between or after the arguments (\"--\" ends them).")
	fmt.Fprintln(w, "Run 'fdi <command> -h' for the flags of one command; 'fdi --version' for the version.")
}

// usageError prints a command's usage error as one line, then where the flags are told,
// and returns exit code 2.
func usageError(e *env, cmd, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "fdi %s: %s\nRun 'fdi %s -h' for the flags.\n", cmd, fmt.Sprintf(format, args...), cmd)
	return 2
}

// argList says what arguments a usage error got: "none", or how many and which.
func argList(args []string) string {
	if len(args) == 0 {
		return "none"
	}
	var q []string
	for i, a := range args {
		if i == 3 {
			q = append(q, "…")
			break
		}
		q = append(q, fmt.Sprintf("%q", a))
	}
	return english.Plural(len(args), "argument") + " (" + strings.Join(q, " ") + ")"
}

// parseArgs parses the flags of the command fs (named as the command), which may come
// before, between or after its arguments ("fdi validate a.json --format json"; "--"
// ends them), and returns the arguments. help prints the command's whole help (fs.Usage
// is not used: it would follow every error). When parsing ends the command — -h, or a
// flag error, printed as one line — ok is false and code is the exit code.
func parseArgs(e *env, fs *flag.FlagSet, args []string, help func()) (pos []string, code int, ok bool) {
	return parseArgsWith(e, fs, args, help, parseInterspersed)
}

// parseArgsWith is parseArgs with split, which parses fs from args and returns the
// arguments, in place of parseInterspersed (textconv's git-aware split).
func parseArgsWith(e *env, fs *flag.FlagSet, args []string, help func(), split func(*flag.FlagSet, []string) ([]string, error)) (pos []string, code int, ok bool) {
	fs.SetOutput(io.Discard) // the flag package's own message and usage: we print ours
	fs.Usage = func() {}
	pos, err := split(fs, args)
	fs.SetOutput(e.stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		help()
		fs.PrintDefaults()
		return nil, 0, false
	case err != nil:
		return nil, usageError(e, fs.Name(), "%s", flagerr.Say(err)), false
	}
	return pos, 0, true
}

// colorFlag defines --color=auto|always|never on fs, with --no-color as the older
// spelling of --color=never.
func colorFlag(fs *flag.FlagSet) *string {
	mode := "auto"
	fs.Func("color", "`when` to colour the text output: auto (on a terminal, unless NO_COLOR is set or TERM is dumb), always or never (default auto)", func(v string) error {
		switch v {
		case "auto", "always", "never":
			mode = v
			return nil
		}
		return errors.New("want auto, always or never")
	})
	fs.BoolFunc("no-color", "the same as --color=never", func(v string) error {
		never, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("want true or false")
		}
		if never {
			mode = "never"
		}
		return nil
	})
	return &mode
}

// useColor reports whether text output is coloured under --color mode: always or never
// as said; auto when stdout is a terminal, NO_COLOR is unset or empty
// (https://no-color.org) and TERM is not "dumb".
func (e *env) useColor(mode string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return e.isTTY && e.getenv("NO_COLOR") == "" && e.getenv("TERM") != "dumb"
}

const versionUsage = `usage: fdi version
       fdi --version

Prints the release of this fdi (the first line: "fdi vX.Y.Z"), then the module version,
the VCS revision (with its time, and "modified" when the tree had changes) and the Go
toolchain that built it, as the build recorded them. With --format json, one object.

flags:
`

func cmdVersion(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	format := fs.String("format", "text", "output format: text or json")
	pos, code, ok := parseArgs(e, fs, args, func() { fmt.Fprint(e.stderr, versionUsage) })
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(e, "version", "unexpected argument %q", pos[0])
	}
	info := version.Read()
	switch *format {
	case "text":
		fmt.Fprint(e.stdout, info.Text("fdi"))
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(info); err != nil {
			fmt.Fprintf(e.stderr, "fdi version: %v\n", err)
			return 2
		}
	default:
		return usageError(e, "version", "--format %q: want text or json", *format)
	}
	return 0
}

// isTerminal reports whether f is a character device (a terminal), without a dependency.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice != 0
}
