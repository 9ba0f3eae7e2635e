// Command viewer serves the fdireview web viewer: FDI tasks as readable pages (the
// mapping table first) and side-by-side comparisons of two tasks.
//
//	viewer                                  demo: the bundled example tasks, no account needed
//	viewer --dir FOLDER                     saved responses (FOLDER/ID.json, FOLDER/INSTANCE/ID.json)
//	viewer --endpoint URL --project P --instance I [--token-file F]   the FDI API
//	viewer --region cn-north-4 --project P --instance I              the same, endpoint from the region
//
// Credentials, the first found of: --ak-file with --sk-file, --credentials-file or
// --token-file; HUAWEICLOUD_SDK_AK with HUAWEICLOUD_SDK_SK (and
// HUAWEICLOUD_SDK_SECURITY_TOKEN), every request signed; ROMA_AUTH_TOKEN. Secrets are
// never logged. --project and --instance alone take the endpoint of HUAWEICLOUD_SDK_REGION.
// The server
// listens on 127.0.0.1:8080 unless --addr says otherwise, logs one structured line per
// request on stderr, and shuts down gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/fdireview/fdireview/accept"
	"github.com/fdireview/fdireview/internal/bytesize"
	"github.com/fdireview/fdireview/internal/flagerr"
	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
	"github.com/fdireview/fdireview/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// options are the parsed flags.
type options struct {
	addr            string
	endpoint        string
	project         string
	instance        string
	tokenFile       string
	akFile          string
	skFile          string
	credentialsFile string
	region          string
	dir             string
	lenient         bool
	accepted        string
	upstreamTimeout time.Duration
	maxUpload       int64
	maxBytes        int64
	allowedHosts    string
	shutdownTimeout time.Duration
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("viewer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen address (host:port; port 0 picks a free one)")
	fs.StringVar(&o.endpoint, "endpoint", "", "FDI API base URL, e.g. https://roma.cn-north-4.myhuaweicloud.com")
	fs.StringVar(&o.project, "project", "", "project ID (with --endpoint)")
	fs.StringVar(&o.instance, "instance", "", "ROMA Connect instance ID whose tasks are listed (with --endpoint)")
	fs.StringVar(&o.tokenFile, "token-file", "", "file holding the IAM token (default: $ROMA_AUTH_TOKEN)")
	fs.StringVar(&o.akFile, "ak-file", "", "file holding the access key ID (AK), with --sk-file (default: $"+roma.AccessKeyEnv+")")
	fs.StringVar(&o.skFile, "sk-file", "", "file holding the secret access key (SK), with --ak-file (default: $"+roma.SecretKeyEnv+")")
	fs.StringVar(&o.credentialsFile, "credentials-file", "", "file holding an access key: the console's credentials.csv, or ak = …, sk = … (security_token = …) lines")
	fs.StringVar(&o.region, "region", "", "derive the endpoint from this region, e.g. cn-north-4 (--endpoint wins; default with --project: $"+roma.RegionEnv+")")
	fs.StringVar(&o.dir, "dir", "", "serve saved task responses from this folder instead of the API")
	fs.BoolVar(&o.lenient, "lenient", false, "accept unknown fields in task_detail (they are kept and shown), and compare tasks that have problems as far as they read")
	fs.StringVar(&o.accepted, "accepted", "", "accepted-changes file (written by fdi accept): matching changes are shown greyed with their reason and leave the badge counts")
	fs.DurationVar(&o.upstreamTimeout, "upstream-timeout", 15*time.Second, "deadline for each FDI API call")
	maxUpload, maxBytes := bytesize.Flag(32<<20), bytesize.Flag(32<<20)
	fs.Var(&maxUpload, "max-upload", "largest accepted upload for \"compare two files\", in bytes or with a unit such as 64MiB")
	fs.Var(&maxBytes, "max-bytes", "largest task accepted (a saved file, an FDI API response, one parsed document), in bytes or with a unit such as 80MiB, as fdi's --max-bytes; a 100,000-mapping task needs about 80MiB")
	fs.StringVar(&o.allowedHosts, "allowed-hosts", "", "comma-separated Host names (or host:port) the viewer answers; default: the loopback names when --addr is a loopback address, any host otherwise")
	fs.DurationVar(&o.shutdownTimeout, "shutdown-timeout", 10*time.Second, "how long open requests may finish on shutdown")
	// A flag error is one line (run adds where the flags are told); only -h prints them all.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "usage: viewer [--addr HOST:PORT] [--dir FOLDER | --endpoint URL|--region R --project P --instance I [--ak-file F --sk-file F | --credentials-file F | --token-file F]]")
			fmt.Fprintln(stderr, "With no --dir and no --endpoint it serves the bundled example tasks (demo).")
			fs.SetOutput(stderr)
			fs.PrintDefaults()
		}
		return nil, err
	}
	o.maxUpload, o.maxBytes = int64(maxUpload), int64(maxBytes)
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err := o.resolveEndpoint(os.Getenv); err != nil {
		return nil, err
	}
	if o.dir != "" && o.endpoint != "" {
		return nil, errors.New("--dir and --endpoint (or --region) are exclusive: serve a folder or the API")
	}
	if o.endpoint != "" && (o.project == "" || o.instance == "") {
		return nil, errors.New("--endpoint needs --project and --instance")
	}
	if o.endpoint == "" && (o.project != "" || o.instance != "" || o.tokenFile != "" || o.akFile != "" || o.skFile != "" || o.credentialsFile != "") {
		return nil, errors.New("--project, --instance and the credential flags need --endpoint or --region (or $" + roma.RegionEnv + ")")
	}
	return o, nil
}

// resolveEndpoint sets the endpoint from --region when --endpoint is not given, or from
// HUAWEICLOUD_SDK_REGION when neither is but --project and --instance are (the demo and
// --dir ignore the variable).
func (o *options) resolveEndpoint(getenv func(string) string) error {
	region, from := o.region, "--region"
	if region == "" && o.endpoint == "" && o.dir == "" && o.project != "" && o.instance != "" {
		region, from = strings.TrimSpace(getenv(roma.RegionEnv)), roma.RegionEnv
	}
	if o.endpoint != "" || region == "" {
		return nil
	}
	u, _, err := roma.RegionEndpoint(region)
	if err != nil {
		return fmt.Errorf("%s: %w", from, err)
	}
	o.endpoint = u
	return nil
}

// run is the whole program; it returns the exit code. Tests call it with a cancellable
// context and --addr 127.0.0.1:0.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "viewer: %s\nRun 'viewer -h' for the flags.\n", flagerr.Say(err))
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if os.Getenv("GIN_MODE") == "" {
		gin.SetMode(gin.ReleaseMode)
	}
	if o.maxBytes <= 0 {
		fmt.Fprintln(stderr, "viewer: --max-bytes must be positive")
		return 2
	}
	parseOpts := []rawform.Option{rawform.WithLimits(rawform.Limits{MaxBytes: int(o.maxBytes)})}
	if o.lenient {
		parseOpts = append(parseOpts, rawform.Lenient())
	}

	src, what, cleanup, err := source(o, parseOpts, log)
	if err != nil {
		fmt.Fprintln(stderr, "viewer:", err)
		return 2
	}
	defer cleanup()

	hosts := web.LoopbackHosts(o.addr)
	if o.allowedHosts != "" {
		hosts = append(hosts, strings.Split(o.allowedHosts, ",")...)
		for i := range hosts {
			hosts[i] = strings.TrimSpace(hosts[i])
		}
	} else if hosts == nil {
		log.Warn("listening beyond loopback without --allowed-hosts: every Host header is answered (DNS rebinding is possible); name the hosts users type", slog.String("addr", o.addr))
	}
	var accepted *accept.File
	if o.accepted != "" {
		if accepted, err = accept.Load(o.accepted); err != nil {
			fmt.Fprintln(stderr, "viewer:", err)
			return 2
		}
	}
	// A soft memory limit keeps the heap near what the cache holds; without one the heap
	// grows to twice the live data between collections (a 256 MiB cache showed as 800 MiB
	// of resident memory). GOMEMLIMIT, when set, wins.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(web.MemoryLimit(web.DefaultCacheBytes))
	}
	h, err := web.New(web.Config{Source: src, Logger: log, CacheBytes: web.DefaultCacheBytes, UpstreamTimeout: o.upstreamTimeout, MaxUpload: o.maxUpload, ParseOptions: parseOpts, ReviewInvalid: o.lenient, Accepted: accepted, AllowedHosts: hosts})
	if err != nil {
		fmt.Fprintln(stderr, "viewer:", err)
		return 1
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		fmt.Fprintln(stderr, "viewer:", err)
		return 1
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      o.upstreamTimeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "fdireview viewer: serving %s on http://%s/\n", what, ln.Addr())

	select {
	case err := <-served:
		fmt.Fprintln(stderr, "viewer:", err)
		return 1
	case <-ctx.Done():
	}
	log.Info("shutting down", slog.Duration("timeout", o.shutdownTimeout))
	sctx, cancel := context.WithTimeout(context.Background(), o.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		fmt.Fprintln(stderr, "viewer: shutdown:", err)
		return 1
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "viewer:", err)
		return 1
	}
	return 0
}

// source builds the task source the flags ask for, says what it is, and returns what to
// close at exit.
func source(o *options, parseOpts []rawform.Option, log *slog.Logger) (web.TaskSource, string, func(), error) {
	switch {
	case o.dir != "":
		s, err := web.NewDirSource(o.dir, o.maxBytes, parseOpts...)
		if err != nil {
			return nil, "", nil, err
		}
		return s, "the saved tasks in " + o.dir, func() { s.Close() }, nil
	case o.endpoint != "":
		creds, err := roma.LoadCredentials(os.Getenv, roma.CredentialFiles{
			AccessKeyFile: o.akFile, SecretKeyFile: o.skFile, CredentialsFile: o.credentialsFile, TokenFile: o.tokenFile,
		})
		if err != nil {
			return nil, "", nil, fmt.Errorf("credentials: %w", err)
		}
		if creds.IsZero() {
			log.Warn("no credentials: set " + roma.AccessKeyEnv + " and " + roma.SecretKeyEnv + ", or " + roma.TokenEnv + ", or use --credentials-file or --token-file; the FDI API will refuse requests")
		} else {
			log.Info("FDI API credentials", slog.Any("credentials", creds))
		}
		if _, known, _ := roma.RegionEndpoint(o.region); o.region != "" && !known {
			log.Warn("the region is not one the SDK lists; using the endpoint derived from it", slog.String("region", o.region), slog.String("endpoint", o.endpoint))
		}
		c, err := roma.New(o.endpoint, roma.WithCredentials(creds), roma.WithTimeout(o.upstreamTimeout), roma.WithMaxBodySize(o.maxBytes), roma.WithLogger(log), roma.WithParseOptions(parseOpts...))
		if err != nil {
			return nil, "", nil, err
		}
		label := fmt.Sprintf("%s, instance %s", c.Endpoint(), o.instance)
		return web.NewRomaSource(c, o.project, o.instance, label, parseOpts...), "the tasks of " + label, func() {}, nil
	}
	demo := romatest.NewServer(romatest.Examples()...)
	demo.SetInstances(romatest.InstanceID) // another instance is unknown, as on a real project
	c, err := roma.New(demo.URL, roma.WithToken(romatest.DefaultToken), roma.WithTimeout(o.upstreamTimeout), roma.WithLogger(log))
	if err != nil {
		demo.Close()
		return nil, "", nil, err
	}
	label := "the bundled examples (demo FDI API at " + demo.URL + ")"
	return web.NewRomaSource(c, romatest.ProjectID, romatest.InstanceID, label, parseOpts...), "the bundled example tasks (demo FDI API at " + demo.URL + ")", demo.Close, nil
}
