package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"text/tabwriter"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/internal/bytesize"
	"github.com/fdireview/fdireview/internal/safetext"
	"github.com/fdireview/fdireview/internal/safewrite"
	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/roma"
)

const fetchUsage = `usage: fdi fetch [connection flags] --task T [-o FILE] [--detail-only] [--force]
       fdi fetch [connection flags] --list [--format text|json] [--name N] [--limit N] [--offset N]
       fdi fetch [connection flags] --all -o DIR [--parallel N] [--retries N] [--name N]
                 [--deadline D] [--max-inflight BYTES]

Downloads one task (ShowTask) from the ROMA Connect FDI API and writes the response body
exactly as received, so the file can be committed and compared later with 'fdi diff'. The
body is validated first: if it is not a valid task the problems are printed and nothing is
written (exit 1), unless --force, which writes it anyway (still exit 1). With --list, prints
the instance's tasks (id, name, type, status) instead.

With --all, snapshots the whole instance into the folder DIR: every task of the list (all
pages) is fetched, --parallel at a time, and written as DIR/<task name>.json, exactly as
received (the task id is in the file). Names are made safe for file systems (characters
other than letters, digits, '-', '_' and '.' become '_'); names that would clash, even by
case only, get "-<task id>" appended. A file whose content did not change is not
rewritten; every write is atomic. A task that fails validation is saved anyway and listed
as invalid (the payload is the truth). A transient failure (429, 502-504, a reset or
truncated connection) is retried --retries times per task. A summary ends the run:
written, unchanged, invalid and failed tasks, with the reasons; on a terminal a
one-line progress counter runs meanwhile. Files of DIR that no listed task wrote are left
alone and named in the summary. The whole run stops after --deadline (default 30m): tasks
not fetched by then are listed as failed. At most --max-inflight bytes of task bodies
(default 128MiB) are held at once across the --parallel fetches: a large body waits for
room (within --timeout). A list of more than 21,000 tasks, or a page of more than 1,000, is refused.

--project and --instance default to FDI_PROJECT and FDI_INSTANCE.

` + credentialsUsage + `
Exit status: 0 success (warnings allowed), 1 the task is invalid (--all: some task is
invalid or could not be fetched; the others are saved), 2 usage, network or API error
(--all: the list could not be read).

flags:
`

func cmdFetch(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("fetch", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	endpoint := fs.String("endpoint", e.getenv("FDI_ENDPOINT"), "ROMA Connect endpoint, e.g. https://roma.cn-north-4.myhuaweicloud.com (env FDI_ENDPOINT)")
	project := fs.String("project", e.getenv("FDI_PROJECT"), "project ID (env FDI_PROJECT)")
	instance := fs.String("instance", e.getenv("FDI_INSTANCE"), "ROMA Connect instance ID (env FDI_INSTANCE)")
	taskID := fs.String("task", "", "task ID to fetch")
	output := fs.String("o", "-", "write the task to this file (\"-\": standard output); written atomically")
	detailOnly := fs.Bool("detail-only", false, "write only task_detail, decoded and pretty-printed")
	force := fs.Bool("force", false, "write the task even if it is invalid")
	lenient := fs.Bool("lenient", false, "validate leniently: accept unknown fields")
	list := fs.Bool("list", false, "list the instance's tasks instead of fetching one")
	all := fs.Bool("all", false, "fetch every task of the instance into the folder given by -o")
	parallel := fs.Int("parallel", 4, "--all: tasks fetched at the same time")
	retries := fs.Int("retries", 2, "--all: retries of a task after a transient failure")
	deadline := fs.Duration("deadline", defaultDeadline, "--all: stop the whole run after this long")
	maxInflight := bytesize.Flag(defaultMaxInflight)
	fs.Var(&maxInflight, "max-inflight", "--all: most bytes of task bodies held at once, across --parallel")
	format := fs.String("format", "text", "--list output: text or json")
	name := fs.String("name", "", "--list, --all: only tasks whose name contains this")
	limit := fs.Int("limit", 0, "--list, --all: page size (1-1000; default: the server's)")
	offset := fs.Int("offset", 0, "--list: offset, passed to the API as is")
	creds := addCredentialFlags(fs)
	timeout := fs.Duration("timeout", roma.DefaultTimeout, "give up after this long, retries included (--all: per task)")
	insecure := fs.Bool("insecure-skip-verify", false, "do not verify the server's TLS certificate (self-signed test endpoints only)")
	verbose := fs.Bool("v", false, "log every request to standard error")
	maxBytes := maxBytesFlag(fs)
	rest, code, ok := parseArgs(e, fs, args, func() { fmt.Fprint(e.stderr, fetchUsage) })
	if !ok {
		return code
	}
	usageErr := func(msg string) int { return usageError(e, "fetch", "%s", msg) }
	resolved, err := creds.endpoint(e, fs, *endpoint)
	if err != nil {
		return usageErr(err.Error())
	}
	*endpoint = resolved
	switch {
	case len(rest) > 0:
		return usageErr(fmt.Sprintf("unexpected argument %q (fetch takes flags only)", rest[0]))
	case *endpoint == "":
		return usageErr("no endpoint: give --endpoint or --region, or set FDI_ENDPOINT or " + roma.RegionEnv)
	case *project == "" || *instance == "":
		return usageErr("give --project and --instance (or set FDI_PROJECT and FDI_INSTANCE)")
	case btoi(*list)+btoi(*all)+btoi(*taskID != "") > 1:
		return usageErr("--task, --list and --all exclude each other")
	case !*list && !*all && *taskID == "":
		return usageErr("give --task ID, --list or --all")
	case *all && (*output == "-" || *output == ""):
		return usageErr("--all needs -o DIR, the folder to write the tasks to")
	case *all && (*parallel < 1 || *parallel > 64):
		return usageErr(fmt.Sprintf("--parallel %d: want 1 to 64", *parallel))
	case *all && (*retries < 0 || *retries > 10):
		return usageErr(fmt.Sprintf("--retries %d: want 0 to 10", *retries))
	case *all && *deadline <= 0:
		return usageErr(fmt.Sprintf("--deadline %s: want a positive duration such as 30m", *deadline))
	case *all && int64(maxInflight) < 2*smallBody:
		return usageErr(fmt.Sprintf("--max-inflight %d: want at least 2MiB", int64(maxInflight)))
	case *all && *detailOnly:
		return usageErr("--all writes responses as received; --detail-only does not apply")
	case *format != "text" && *format != "json":
		return usageErr(fmt.Sprintf("unknown --format %q (want text or json)", *format))
	}

	credentials, err := creds.load(e)
	if err != nil {
		fmt.Fprintf(e.stderr, "fdi fetch: credentials: %v\n", err)
		return 2
	}
	reportCredentials(e, credentials)
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelDebug
	}
	opts := []roma.Option{
		roma.WithCredentials(credentials),
		roma.WithTimeout(*timeout),
		roma.WithMaxBodySize(int64(*maxBytes)),
		roma.WithLogger(slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))),
	}
	var budget *inflight
	if *all {
		// --all's client charges bodies to the --max-inflight budget; it makes its own
		// transport, so it turns verification off itself.
		budget = newInflight(int64(maxInflight), int64(*maxBytes), *parallel)
		opts = append(opts, roma.WithRetryPolicy(roma.RetryPolicy{Attempts: *retries + 1}),
			roma.WithHTTPClient(budgetClient(budget, *insecure)))
		if *insecure {
			fmt.Fprintln(e.stderr, "fdi fetch: warning: TLS certificate verification is OFF (--insecure-skip-verify); the token can be intercepted")
		}
	} else if *insecure {
		opts = append(opts, roma.WithInsecureSkipVerify())
	}
	parseOpts := parseOptions(int64(*maxBytes), *lenient)
	client, err := roma.New(*endpoint, opts...)
	if err != nil {
		fmt.Fprintf(e.stderr, "fdi fetch: %v\n", err)
		return 2
	}

	if *all {
		return fetchAll(ctx, e, client, fetchAllRequest{
			project: *project, instance: *instance, dir: *output, parallel: *parallel,
			list: roma.ListOptions{Name: *name, Limit: *limit}, parseOpts: parseOpts,
			deadline: *deadline, budget: budget,
		})
	}
	if *list {
		return fetchList(ctx, e, client, *project, *instance, *format,
			roma.ListOptions{Name: *name, Limit: *limit, Offset: *offset})
	}
	return fetchTask(ctx, e, client, fetchRequest{
		project: *project, instance: *instance, task: *taskID, output: *output,
		detailOnly: *detailOnly, force: *force, parseOpts: parseOpts,
	})
}

type fetchRequest struct {
	project, instance, task, output string
	detailOnly, force               bool
	parseOpts                       []rawform.Option
}

func fetchTask(ctx context.Context, e *env, c *roma.Client, r fetchRequest) int {
	body, err := c.RawTask(ctx, roma.TaskRef{ProjectID: r.project, InstanceID: r.instance, TaskID: r.task})
	if err != nil {
		reportFetchError(e, err)
		return 2
	}
	code := 0
	task, err := rawform.Parse(body, r.parseOpts...)
	var perr *rawform.Error
	switch {
	case err == nil:
		for _, p := range task.Warnings {
			fmt.Fprintf(e.stderr, "%s:%s\n", r.task, p)
		}
	case errors.As(err, &perr):
		problems := perr.Problems
		if task != nil { // beside semantic errors: its warnings too
			problems = append(problems, task.Warnings...)
		}
		for _, p := range problems {
			fmt.Fprintf(e.stderr, "%s:%s\n", r.task, p)
		}
		code = 1
		if !r.force {
			fmt.Fprintf(e.stderr, "fdi fetch: task %s is not valid; nothing written (use --force to write it anyway)\n", r.task)
			return code
		}
	default:
		fmt.Fprintf(e.stderr, "fdi fetch: task %s: %v\n", r.task, err)
		return 2
	}
	out := body
	if r.detailOnly {
		if out, err = prettyDetail(body); err != nil {
			fmt.Fprintf(e.stderr, "fdi fetch: task %s: %v\n", r.task, err)
			return 2
		}
	}
	if err := writeOutput(e, r.output, out); err != nil {
		fmt.Fprintf(e.stderr, "fdi fetch: %v\n", err)
		return 2
	}
	if r.output != "-" {
		fmt.Fprintf(e.stderr, "fdi fetch: wrote task %s (%d bytes) to %s\n", r.task, len(out), r.output)
	}
	return code
}

// prettyDetail returns the task_detail document of a response or request, indented.
func prettyDetail(body []byte) ([]byte, error) {
	var env struct {
		Detail *string `json:"task_detail"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("read task_detail: %w", err)
	}
	inner := body // a bare task_detail document
	if env.Detail != nil {
		inner = []byte(*env.Detail)
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, inner, "", "  "); err != nil {
		return nil, fmt.Errorf("indent task_detail: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// writeOutput writes to standard output for "-", otherwise with safewrite.WriteFile: a
// regular file is replaced atomically (synced, its mode kept), a device or pipe such as
// /dev/null or /dev/stdout is written through, anything else is refused.
func writeOutput(e *env, name string, data []byte) error {
	if name == "-" {
		if _, err := e.stdout.Write(data); err != nil {
			return fmt.Errorf("write standard output: %w", err)
		}
		return nil
	}
	return safewrite.WriteFile(name, data, 0o644)
}

func fetchList(ctx context.Context, e *env, c *roma.Client, project, instance, format string, opts roma.ListOptions) int {
	list, err := c.List(ctx, project, instance, opts)
	if err != nil {
		reportFetchError(e, err)
		return 2
	}
	if format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(list); err != nil {
			fmt.Fprintf(e.stderr, "fdi fetch: %v\n", err)
			return 2
		}
		return 0
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TASK ID\tNAME\tTYPE\tSTATUS\tCREATED")
	for _, t := range list.Entities {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", safetext.Visible(t.TaskID), safetext.Visible(t.TaskName), safetext.Visible(t.TaskType), safetext.Visible(t.StatusText()), createdText(t.CreatedDate))
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(e.stderr, "fdi fetch: %v\n", err)
		return 2
	}
	fmt.Fprintf(e.stdout, "%d of %d tasks\n", len(list.Entities), list.Total)
	return 0
}

// createdText shows an epoch-millisecond created_date as an RFC 3339 UTC date; other
// text as is.
func createdText(s string) string {
	var ms int64
	if _, err := fmt.Sscan(s, &ms); err != nil || ms <= 0 || fmt.Sprint(ms) != s {
		return s
	}
	return diff.FormatMillis(ms) // RFC 3339 UTC, as in the diff reports
}

// reportFetchError prints err with a hint for the failures people can fix themselves.
func reportFetchError(e *env, err error) {
	fmt.Fprintf(e.stderr, "fdi fetch: %v\n", err)
	switch {
	case errors.Is(err, roma.ErrUnauthorized):
		fmt.Fprintf(e.stderr, "hint: %s\n", unauthorizedHint(err))
	case errors.Is(err, roma.ErrNotFound):
		fmt.Fprintln(e.stderr, "hint: check --endpoint, --project, --instance and --task ('fdi fetch --list' shows the task IDs)")
	case errors.Is(err, roma.ErrResponseTooLarge):
		fmt.Fprintln(e.stderr, "hint: the response is over the 32 MiB cap; fdi refuses tasks that large")
	}
}
