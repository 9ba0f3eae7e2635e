package web

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/gin-gonic/gin"
	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/gzip"

	"github.com/fdireview/fdireview/accept"
	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/internal/english"
	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/web/ui"
)

// Config configures a Server. Only Source is required.
type Config struct {
	// Source is where tasks come from.
	Source TaskSource
	// Logger receives one structured line per request and every unexpected error.
	// Nil discards.
	Logger *slog.Logger
	// UpstreamTimeout bounds each call to the Source (default 15 s): a slow FDI API
	// yields a "too slow" page instead of a hanging request.
	UpstreamTimeout time.Duration
	// RequestTimeout bounds each request as a whole, waiting for a turn of cold work
	// included (default UpstreamTimeout + 25 s, so that the answer is still written within
	// the viewer's write timeout of UpstreamTimeout + 30 s): when it passes, the work done
	// for the request stops (a set comparison's fetches too) and the answer is 503 "busy".
	RequestTimeout time.Duration
	// MaxUpload bounds the body of POST /compare/files (default 32 MiB); larger uploads
	// get a 413 page.
	MaxUpload int64
	// ParseOptions are passed to rawform.Parse (e.g. rawform.Lenient()).
	ParseOptions []rawform.Option
	// ReviewInvalid compares tasks that have problems as far as they read, their
	// problems listed above the report (the viewer sets it with -lenient). Without it,
	// comparing such a task shows its problems instead. An invalid task's own page always
	// shows what it could read under its problems.
	ReviewInvalid bool
	// CacheBytes bounds the memory kept for parsed tasks and rendered pages, which are
	// keyed by content version (default DefaultCacheBytes).
	CacheBytes int64
	// AllowedHosts are the Host header values answered (names or IP addresses, any port;
	// "host:port" for one port). Others get 421: a defence against DNS rebinding (see
	// guard.go). Nil answers any host; LoopbackHosts gives the list for a loopback address.
	AllowedHosts []string
	// ColdWork bounds how many parses, comparisons and renderings run at once (default:
	// runtime.NumCPU()). Waiting requests stop waiting when cancelled.
	ColdWork int
	// Accepted, when set, marks the changes its entries accept in every compare page and
	// report (shown greyed with the reason, left out of the badge counts).
	Accepted *accept.File
}

// Server is the viewer's HTTP handler. Create it with New; it is an http.Handler.
type Server struct {
	cfg     Config
	log     *slog.Logger
	engine  *gin.Engine
	handler http.Handler // engine behind compression
	cache   *lru
	flight  flight
	hosts   map[string]bool // nil: any host
	cold    chan struct{}   // a token per running piece of cold work
	waiting counter         // requests waiting for a token
	// setTurns admits set comparisons: ColdWork-1 at a time (at least one), so that a
	// turn of cold work is left for single tasks and comparisons.
	setTurns chan struct{}
}

// New builds the viewer's routes. It does not touch gin's global mode: callers (the
// viewer command) choose it with gin.SetMode.
func New(cfg Config) (*Server, error) {
	if cfg.Source == nil {
		return nil, errors.New("web: Config.Source is nil")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.UpstreamTimeout <= 0 {
		cfg.UpstreamTimeout = 15 * time.Second
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = cfg.UpstreamTimeout + 25*time.Second
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = 32 << 20
	}
	if cfg.CacheBytes <= 0 {
		cfg.CacheBytes = DefaultCacheBytes
	}
	if cfg.ColdWork <= 0 {
		cfg.ColdWork = runtime.NumCPU()
	}
	s := &Server{cfg: cfg, log: cfg.Logger, cache: newLRU(cfg.CacheBytes), cold: make(chan struct{}, cfg.ColdWork),
		setTurns: make(chan struct{}, max(1, cfg.ColdWork-1))}
	if cfg.AllowedHosts != nil {
		s.hosts = map[string]bool{}
		for _, h := range cfg.AllowedHosts {
			if _, _, err := net.SplitHostPort(h); err != nil {
				h = strings.TrimSuffix(strings.Trim(h, "[]"), ".") // a name for any port
			}
			s.hosts[strings.ToLower(h)] = true
		}
	}
	e := gin.New()
	if err := e.SetTrustedProxies(nil); err != nil {
		return nil, fmt.Errorf("web: trusted proxies: %w", err)
	}
	e.Use(s.accessLog, securityHeaders, s.guard, s.deadline, gin.CustomRecoveryWithWriter(io.Discard, func(c *gin.Context, v any) {
		s.fail(c, fmt.Errorf("panic: %v", v))
	}))
	e.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok\n") })
	e.GET("/", s.index)
	e.GET("/tasks/*ref", s.task)
	e.GET("/compare", s.compare)
	e.GET("/compare-sets", s.compareSets)
	e.GET("/compare/rows", s.compareRows)
	e.GET("/compare.json", s.compareReport(reportJSON, true))
	e.GET("/compare.md", s.compareReport(reportMarkdown, true))
	e.GET("/compare.html", s.compareReport(reportHTML, true))
	e.GET("/favicon.ico", func(c *gin.Context) {
		b, err := fs.ReadFile(ui.Static(), "favicon.svg")
		if err != nil {
			s.fail(c, err)
			return
		}
		c.Header("Cache-Control", "public, max-age=86400")
		c.Data(http.StatusOK, "image/svg+xml", b)
	})
	e.POST("/compare/files", s.compareFiles)
	e.GET("/api/tasks", s.apiTasks)
	e.GET("/api/tasks/*ref", s.apiTask)
	e.GET("/api/compare", s.compareReport(reportJSON, false))
	static := e.Group("/static", func(c *gin.Context) { c.Header("Cache-Control", "public, max-age=3600") })
	static.StaticFS("/", http.FS(filesOnly{ui.Static()}))
	e.NoRoute(func(c *gin.Context) {
		s.fail(c, &PageError{Kind: KindNotFound, Message: "There is no page at " + c.Request.URL.Path + "."})
	})
	s.engine = e
	// Compression: gzhttp (klauspost/compress) negotiates zstd or gzip, skips small and
	// already-compressed bodies, and keeps ETags distinct per encoding.
	wrap, err := gzhttp.NewWrapper(gzhttp.SuffixETag(etagCoded))
	if err != nil {
		return nil, fmt.Errorf("web: compression: %w", err)
	}
	s.handler = wrap(e)
	return s, nil
}

// ServeHTTP implements http.Handler. HEAD is answered like GET, without the body.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		g := r.Clone(r.Context())
		g.Method = http.MethodGet
		s.handler.ServeHTTP(headWriter{w}, g)
		return
	}
	s.handler.ServeHTTP(w, r)
}

// headWriter drops the body of a HEAD response (net/http does too; this also covers
// other ResponseWriters).
type headWriter struct{ http.ResponseWriter }

func (h headWriter) Write(b []byte) (int, error) { return len(b), nil }

// etagCoded is added to an ETag by the compression middleware (with the encoding).
const etagCoded = "-c"

// cachedPage is a rendered response kept in the cache, with its validator and, made on
// first demand, its gzip encoding: a warm page is compressed once, not per request.
type cachedPage struct {
	body   []byte
	etag   string
	gzOnce sync.Once
	gz     []byte
}

// gzipped returns the body gzip-encoded (nil if that failed).
func (p *cachedPage) gzipped() []byte {
	p.gzOnce.Do(func() {
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return
		}
		if _, err := zw.Write(p.body); err != nil {
			return
		}
		if err := zw.Close(); err != nil {
			return
		}
		p.gz = buf.Bytes()
	})
	return p.gz
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

func newCachedPage(b []byte) *cachedPage {
	h := sha256.Sum256(b)
	return &cachedPage{body: b, etag: `"` + hex.EncodeToString(h[:12]) + `"`}
}

// etagMatches reports whether an If-None-Match header names etag, in any encoding.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	base := strings.Trim(etag, `"`)
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" {
			return true
		}
		t = strings.Trim(t, `"`)
		if i := strings.Index(t, etagCoded+"-"); i >= 0 {
			t = t[:i]
		}
		if t == base {
			return true
		}
	}
	return false
}

// send answers with a cached page: 304 when the client has it already. Pages may change
// whenever a task does, so clients revalidate every time (no-cache), which costs a
// version check and no rendering.
func (s *Server) send(c *gin.Context, contentType string, p *cachedPage) {
	c.Header("ETag", p.etag)
	c.Header("Cache-Control", "no-cache")
	if etagMatches(c.GetHeader("If-None-Match"), p.etag) {
		c.Status(http.StatusNotModified)
		return
	}
	if len(p.body) >= 1024 && acceptsGzip(c.Request) {
		if gz := p.gzipped(); gz != nil {
			// Already encoded: the compression middleware passes it through.
			c.Header("Content-Encoding", "gzip")
			c.Header("ETag", strings.TrimSuffix(p.etag, `"`)+etagCoded+`-gzip"`)
			c.Data(http.StatusOK, contentType, gz)
			return
		}
	}
	c.Data(http.StatusOK, contentType, p.body)
}

// csp allows only our own static files: no inline script or style, no frames. app.js
// fetches a collapsed run of rows from /compare/rows (connect-src 'self'); nothing
// else may connect anywhere.
const csp = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	c.Next()
}

// accessLog writes one line per request. Requests carry no credentials (the FDI token
// stays inside the roma client), so nothing here can leak one.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	s.log.LogAttrs(c.Request.Context(), slog.LevelInfo, "request",
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.String("query", c.Request.URL.RawQuery),
		slog.Int("status", c.Writer.Status()),
		slog.Int("bytes", c.Writer.Size()),
		slog.Duration("duration", time.Since(start)),
		slog.String("client", c.ClientIP()),
	)
}

func (s *Server) chrome(title string) ui.Chrome {
	return ui.Chrome{Title: title, Origin: s.cfg.Source.Describe()}
}

// themed is chrome with the page's theme=light|dark parameter.
func (s *Server) themed(c *gin.Context, title string) ui.Chrome {
	ch := s.chrome(title)
	ch.Theme = themeOf(c)
	return ch
}

func themeOf(c *gin.Context) string {
	switch t := c.Query("theme"); t {
	case "light", "dark":
		return t
	}
	return ""
}

// deadline gives the request its RequestTimeout: the work it causes stops when it
// passes, and fail answers 503 busy (overtime).
func (s *Server) deadline(c *gin.Context) {
	ctx, cancel := context.WithTimeoutCause(c.Request.Context(), s.cfg.RequestTimeout, s.overtime())
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// overtime is the error of a request whose RequestTimeout passed.
func (s *Server) overtime() *PageError {
	return &PageError{Kind: KindBusy, Message: fmt.Sprintf("The viewer could not finish this within %s: it is busy with other work, or the task source is slow. Try again in a moment.", s.cfg.RequestTimeout), Err: context.DeadlineExceeded}
}

// fail is the one error path: it classifies err, logs unexpected errors, and answers
// with JSON for /api/ and .json routes (or Accept: application/json) and an HTML page
// otherwise.
func (s *Server) fail(c *gin.Context, err error) {
	if errors.Is(c.Request.Context().Err(), context.DeadlineExceeded) {
		// The request's own deadline (Server.deadline) passed, whatever was waiting.
		err = context.Cause(c.Request.Context())
	}
	e := Classify(err)
	if gone := c.Request.Context().Err(); errors.Is(gone, context.Canceled) && (errors.Is(err, context.Canceled) || errors.Is(err, gone)) {
		// The client left: nobody reads the answer, and it is not a server error.
		s.log.DebugContext(context.WithoutCancel(c.Request.Context()), "client gone", slog.String("path", c.Request.URL.Path))
		c.Abort()
		return
	}
	if e.Kind == KindInternal {
		s.log.ErrorContext(c.Request.Context(), "internal error", slog.String("path", c.Request.URL.Path), slog.Any("err", err))
	} else {
		s.log.DebugContext(c.Request.Context(), "request failed", slog.String("kind", e.Kind.String()), slog.Any("err", err))
	}
	if c.Writer.Written() {
		c.Abort()
		return
	}
	status := e.Kind.Status()
	if wantsJSON(c.Request) {
		c.AbortWithStatusJSON(status, e.json())
		return
	}
	var buf bytes.Buffer
	// Not the request's context: it may be past its deadline, which is what this page says.
	if rerr := ui.ErrorView(s.chrome(e.title()), e.info()).Render(context.WithoutCancel(c.Request.Context()), &buf); rerr != nil {
		c.AbortWithStatus(status)
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
	c.Abort()
}

func wantsJSON(r *http.Request) bool {
	p := r.URL.Path
	if strings.HasPrefix(p, "/api/") || strings.HasSuffix(p, ".json") {
		return true
	}
	acc := r.Header.Get("Accept")
	return strings.Contains(acc, "application/json") && !strings.Contains(acc, "text/html")
}

// page renders a component into memory first, so that a rendering error still yields a
// proper error page instead of half a page.
func (s *Server) page(c *gin.Context, status int, comp templ.Component) {
	var buf bytes.Buffer
	if err := comp.Render(c.Request.Context(), &buf); err != nil {
		s.fail(c, fmt.Errorf("render %s: %w", c.Request.URL.Path, err))
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// ---- loading tasks ----

type parsed struct {
	task *rawform.Task
	err  error
}

// loadRef fetches and parses a task. Parsed tasks (and parse failures) are cached by the
// document's version, so an unchanged task is parsed once. Each call to the source is
// bounded by UpstreamTimeout; waiting for a turn of cold work, by the request's deadline.
func (s *Server) loadRef(ctx context.Context, ref Ref) (*rawform.Task, string, error) {
	sourceErr := func(err error) error {
		if errors.Is(err, errUpstreamSlow) {
			return withRef(&PageError{Kind: KindTimeout, Message: s.slowSource(), Err: err}, ref)
		}
		return withRef(err, ref)
	}
	cached := func(version string) (*rawform.Task, error, bool) {
		v, ok := s.cache.get("task|" + version)
		if !ok {
			return nil, nil, false
		}
		p := v.(*parsed)
		if p.err != nil {
			return p.task, withRef(p.err, ref), true // the task as far as it reads, or nil
		}
		return p.task, nil, true
	}
	if vs, ok := s.cfg.Source.(Versioner); ok {
		uctx, cancel := context.WithTimeoutCause(ctx, s.cfg.UpstreamTimeout, errUpstreamSlow)
		ver, err := vs.Version(uctx, ref)
		if err != nil && uctx.Err() != nil && ctx.Err() == nil {
			err = fmt.Errorf("%w: %w", context.Cause(uctx), err)
		}
		cancel()
		if err != nil {
			return nil, "", sourceErr(err)
		}
		if t, err, ok := cached(ver); ok {
			return t, ver, err
		}
	}
	// Cold work (fetch and parse) runs once for concurrent requests of the same task, and
	// stops when all of them are gone.
	v, err := s.flight.do(ctx, "load|"+ref.String(), func(ctx context.Context) (any, error) {
		doc, err := s.fetch(ctx, ref)
		if err != nil {
			return nil, err
		}
		if v, ok := s.cache.get("task|" + doc.Version); ok {
			return loaded{v.(*parsed), doc.Version}, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		release, err := s.busy(ctx)
		if err != nil {
			return nil, err
		}
		// Partial: an invalid task keeps what it could read, for its page and for review.
		t, err := rawform.Parse(doc.Body, append(slices.Clip(s.cfg.ParseOptions), rawform.Partial())...)
		release()
		if err != nil {
			err = fmt.Errorf("parse task %s: %w", ref, err)
		}
		p := &parsed{task: t, err: err}
		s.cache.add("task|"+doc.Version, p, taskCost(len(doc.Body)))
		return loaded{p, doc.Version}, nil
	})
	if err != nil {
		return nil, "", sourceErr(err)
	}
	l := v.(loaded)
	if l.p.err != nil {
		return l.p.task, l.version, withRef(l.p.err, ref) // the task as far as it reads, or nil
	}
	return l.p.task, l.version, nil
}

// readable returns the problems of err when it is a task's *rawform.Error and t is the
// task read in spite of them (rawform.Partial), so that the caller may show t with them.
func readable(t *rawform.Task, err error) ([]rawform.Problem, bool) {
	var perr *rawform.Error
	if t == nil || !errors.As(err, &perr) {
		return nil, false
	}
	return perr.Problems, true
}

// errUpstreamSlow is the cause of a call to the source that took over UpstreamTimeout.
var errUpstreamSlow = errors.New("the task source did not answer within the upstream timeout")

// fetch is Source.Fetch bounded by UpstreamTimeout; an error of that timeout wraps
// errUpstreamSlow.
func (s *Server) fetch(ctx context.Context, ref Ref) (*Document, error) {
	uctx, cancel := context.WithTimeoutCause(ctx, s.cfg.UpstreamTimeout, errUpstreamSlow)
	defer cancel()
	doc, err := s.cfg.Source.Fetch(uctx, ref)
	if err != nil && uctx.Err() != nil && ctx.Err() == nil {
		err = fmt.Errorf("%w: %w", context.Cause(uctx), err)
	}
	return doc, err
}

// slowSource says that the source did not answer in time, naming it: a folder is not
// the FDI API.
func (s *Server) slowSource() string {
	if _, ok := s.cfg.Source.(*DirSource); ok {
		return fmt.Sprintf("Reading the task from %s took more than %s.", s.cfg.Source.Describe(), s.cfg.UpstreamTimeout)
	}
	return fmt.Sprintf("The FDI API did not answer within %s.", s.cfg.UpstreamTimeout)
}

// loaded is a parsed task and its version, as a flight returns it.
type loaded struct {
	p       *parsed
	version string
}

// loadPair loads both sides concurrently (two upstream round trips overlap).
func (s *Server) loadPair(ctx context.Context, a, b Ref) (ta, tb *rawform.Task, va, vb string, err error) {
	ta, tb, va, vb, _, err = s.loadPairReview(ctx, a, b)
	return ta, tb, va, vb, err
}

// loadPairReview is loadPair that, with Config.ReviewInvalid, also accepts a side that is
// an invalid task read as far as it goes: its problems are returned (probs[0] for a,
// probs[1] for b) to be listed above the report.
func (s *Server) loadPairReview(ctx context.Context, a, b Ref) (ta, tb *rawform.Task, va, vb string, probs [2][]rawform.Problem, err error) {
	var errA, errB error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		ta, va, errA = s.load(ctx, a)
	}()
	tb, vb, errB = s.load(ctx, b)
	wg.Wait()
	for i, e := range []*error{&errA, &errB} {
		if ps, ok := readable([]*rawform.Task{ta, tb}[i], *e); ok && s.cfg.ReviewInvalid {
			probs[i], *e = ps, nil
		}
	}
	if errA != nil {
		return nil, nil, "", "", probs, errA
	}
	if errB != nil {
		return nil, nil, "", "", probs, errB
	}
	return ta, tb, va, vb, probs, nil
}

// ---- handlers ----

// filterEntries returns the tasks that match the filter q (all of them when q is empty).
func filterEntries(tasks []Entry, q string) []Entry {
	if q == "" {
		return tasks
	}
	var kept []Entry
	for _, t := range tasks {
		if matches(t, q) {
			kept = append(kept, t)
		}
	}
	return kept
}

// IndexPageSize is the number of tasks one page of the index lists (20,000 tasks on one
// page were 15.6 MB of HTML).
const IndexPageSize = 500

// listTasks is Source.List bounded by UpstreamTimeout, run once for concurrent requests
// (and stopped when all of them are gone), in a turn of cold work: a folder's list parses
// every file it has not seen. The slice is shared: callers must not change it.
func (s *Server) listTasks(ctx context.Context) ([]Entry, error) {
	v, err := s.flight.do(ctx, "list", func(ctx context.Context) (any, error) {
		release, err := s.busy(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
		uctx, cancel := context.WithTimeoutCause(ctx, s.cfg.UpstreamTimeout, errUpstreamSlow)
		defer cancel()
		tasks, err := s.cfg.Source.List(uctx)
		if err != nil && uctx.Err() != nil && ctx.Err() == nil {
			return nil, &PageError{Kind: KindTimeout, Message: s.slowSource(), Err: err}
		}
		return tasks, err
	})
	if err != nil {
		return nil, err
	}
	return v.([]Entry), nil
}

// index serves the task picker: the tasks that match the filter q, IndexPageSize a page
// (page=N, clamped to the pages there are). The page is rendered in a turn of cold work
// and cached by the listed tasks' content, the filter, the page and the theme.
func (s *Server) index(c *gin.Context) {
	ctx := c.Request.Context()
	filter, theme := c.Query("q"), themeOf(c)
	status, listErr := http.StatusOK, ""
	tasks, err := s.listTasks(ctx)
	if err != nil {
		if ctx.Err() != nil { // the client left, or the request's deadline passed
			s.fail(c, err)
			return
		}
		e := Classify(err)
		if e.Kind == KindInternal {
			s.log.ErrorContext(ctx, "list tasks", slog.Any("err", err))
		}
		listErr, status = e.publicMessage(), e.Kind.Status()
	}
	shown := filterEntries(tasks, filter)
	pages := max(1, (len(shown)+IndexPageSize-1)/IndexPageSize)
	page, _ := strconv.Atoi(c.Query("page"))
	page = min(max(page, 1), pages)
	build := func(ctx context.Context) (*cachedPage, error) {
		return s.render(ctx, "index", func(ctx context.Context, w io.Writer) error {
			p := &ui.IndexPage{Chrome: s.chrome("Tasks"), Filter: filter, MaxUpload: humanBytes(s.cfg.MaxUpload), ListErr: listErr,
				Shown: len(shown), Page: page, Pages: pages, First: (page - 1) * IndexPageSize}
			p.Chrome.Theme = theme
			for _, t := range shown[p.First:min(p.First+IndexPageSize, len(shown))] {
				p.Tasks = append(p.Tasks, taskItem(t))
			}
			link := func(n int) string {
				v := url.Values{"page": {strconv.Itoa(n)}}
				if filter != "" {
					v.Set("q", filter)
				}
				if theme != "" {
					v.Set("theme", theme)
				}
				return "/?" + v.Encode()
			}
			if page > 1 {
				p.PrevHref = link(page - 1)
			}
			if page < pages {
				p.NextHref = link(page + 1)
			}
			p.OldDefault, p.NewDefault = defaultPair(shown)
			return ui.IndexView(p).Render(ctx, w)
		})
	}
	if listErr != "" { // not cached: the next request tries the source again
		p, err := build(ctx)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.Data(status, "text/html; charset=utf-8", p.body)
		return
	}
	key := fmt.Sprintf("index|%s|%d|%s|%s", entriesVersion(shown), page, theme, filter)
	s.servePage(c, key, build)
}

// entriesVersion is a digest of listed tasks, everything the index shows of them.
func entriesVersion(tasks []Entry) string {
	h := sha256.New()
	var b []byte
	for _, t := range tasks {
		b = b[:0]
		for _, f := range [...]string{t.RefText, t.ID, t.Name, t.Type, t.Status, t.SourceType, t.SourceTable, t.TargetType, t.TargetTable, t.Problem} {
			b = strconv.AppendInt(b, int64(len(f)), 10)
			b = append(b, ':')
			b = append(b, f...)
		}
		b = strconv.AppendInt(b, int64(t.Mappings), 10)
		b = append(b, '\n')
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// loadParam loads the task the route's *ref parameter names, and its version.
func (s *Server) loadParam(c *gin.Context) (Ref, *rawform.Task, string, error) {
	ref, err := ParseRef(c.Param("ref"))
	if err != nil {
		return Ref{}, nil, "", err
	}
	t, ver, err := s.load(c.Request.Context(), ref)
	return ref, t, ver, err
}

func (s *Server) task(c *gin.Context) {
	ref, t, ver, err := s.loadParam(c)
	errs, invalid := readable(t, err)
	if err != nil && (!invalid || wantsJSON(c.Request)) {
		s.fail(c, err)
		return
	}
	// The page is clamped before it keys the cache: a page past the last is the last
	// page, not another copy of it.
	page, _ := strconv.Atoi(c.Query("page"))
	page = min(max(page, 1), taskPages(t))
	theme := themeOf(c)
	if invalid {
		// An invalid task: what it holds under its problems, with the status of an
		// invalid task (rare, so rendered for each request rather than cached).
		ch := s.chrome("")
		ch.Theme = theme
		p := ui.BuildInvalidTaskPage(ch, ref.String(), t, errs)
		p.Paginate(page, ui.TaskPageSize)
		s.page(c, KindInvalidTask.Status(), ui.TaskView(p))
		return
	}
	key := fmt.Sprintf("taskhtml|%s|%s|%d|%s", ver, ref, page, theme)
	s.servePage(c, key, func(ctx context.Context) (*cachedPage, error) {
		return s.render(ctx, "task "+ref.String(), func(ctx context.Context, w io.Writer) error {
			ch := s.chrome("")
			ch.Theme = theme
			p := ui.BuildTaskPage(ch, ref.String(), t)
			p.Paginate(page, ui.TaskPageSize)
			return ui.TaskView(p).Render(ctx, w)
		})
	})
}

// taskPages is the number of pages of a task's mapping table (ui.TaskPage.Paginate).
func taskPages(t *rawform.Task) int {
	n := 0
	if t.Detail != nil {
		n = len(t.Detail.Mappings)
	}
	return max(1, (n+ui.TaskPageSize-1)/ui.TaskPageSize)
}

// compareQuery is the state of /compare, all in the URL.
type compareQuery struct {
	old, new    Ref
	changesOnly bool
	// changesSet is set when the URL says changes=1 or changes=0; otherwise big
	// comparisons default to changes only.
	changesSet bool
	severity   string
	ignoreCase bool
	unified    bool
	theme      string
}

func parseCompareQuery(c *gin.Context) (compareQuery, error) {
	var q compareQuery
	var err error
	if c.Query("old") == "" || c.Query("new") == "" {
		return q, &PageError{Kind: KindBadRequest, Message: "Choose two tasks: /compare?old=TASK&new=TASK (TASK is task or instance/task)."}
	}
	if q.old, err = ParseRef(c.Query("old")); err != nil {
		return q, err
	}
	if q.new, err = ParseRef(c.Query("new")); err != nil {
		return q, err
	}
	// The form sends changes=0 (hidden) and changes=1 (the checkbox, when ticked).
	for _, v := range c.QueryArray("changes") {
		q.changesSet = true
		if v == "1" {
			q.changesOnly = true
		}
	}
	q.ignoreCase = c.Query("ic") == "1"
	q.unified = c.Query("view") == "unified"
	q.theme = themeOf(c)
	switch sev := c.Query("sev"); sev {
	case "", "breaking", "warning", "info":
		q.severity = sev
	default:
		return q, &PageError{Kind: KindBadRequest, Message: fmt.Sprintf("Unknown severity %q: use breaking, warning or info.", sev)}
	}
	return q, nil
}

// base is old=…&new=… (and ic=1): the part of the URL that picks the report.
func (q compareQuery) base() string {
	v := "old=" + url.QueryEscape(q.old.String()) + "&new=" + url.QueryEscape(q.new.String())
	if q.ignoreCase {
		v += "&ic=1"
	}
	return v
}

// pairKey is the part of a cache key that picks a comparison: the two versions, the
// case option and, when an accepted-changes file is in use, the day (acceptedDay). The
// report, the page model, the pages and the downloads of a comparison are all keyed by it.
func (s *Server) pairKey(ov, nv string, ignoreCase bool) string {
	return fmt.Sprintf("%s|%s|%t|%s", ov, nv, ignoreCase, s.acceptedDay())
}

// report compares two loaded tasks, cached by their versions.
func (s *Server) report(old, nw *rawform.Task, ov, nv string, ignoreCase bool) *diff.Report {
	key := "report|" + s.pairKey(ov, nv, ignoreCase)
	if v, ok := s.cache.get(key); ok {
		return v.(*diff.Report)
	}
	var opts []diff.Option
	if ignoreCase {
		opts = append(opts, diff.IgnoreCase())
	}
	r := diff.Tasks(old, nw, opts...)
	s.applyAccepted(r)
	s.cache.add(key, r, reportCost(len(r.Changes)))
	return r
}

// acceptedDay is part of pairKey when an accepted-changes file is in use: entries
// expire by date.
func (s *Server) acceptedDay() string {
	if s.cfg.Accepted == nil {
		return ""
	}
	return time.Now().UTC().Format(time.DateOnly)
}

// applyAccepted marks the accepted changes of r and logs stale and expired entries.
func (s *Server) applyAccepted(r *diff.Report) {
	if s.cfg.Accepted == nil {
		return
	}
	res := s.cfg.Accepted.Apply(r, time.Now())
	for _, n := range append(res.Stale, res.Expired...) {
		s.log.Warn("accepted changes", "entry", n.Where, "problem", n.Message)
	}
}

// comparePage returns the comparison's view model for the request's filters: the
// aligned rows are built once per pair of versions and shared; big comparisons are
// collapsed (ui.BigCompare). old and nw are the loaded tasks q names, ov and nv their
// versions.
func (s *Server) comparePage(ctx context.Context, q compareQuery, old, nw *rawform.Task, ov, nv string) (*ui.ComparePage, error) {
	key := "model|" + s.pairKey(ov, nv, q.ignoreCase)
	v, err := s.flight.do(ctx, key, func(ctx context.Context) (any, error) {
		if v, ok := s.cache.get(key); ok {
			return v, nil
		}
		release, err := s.busy(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
		r := s.report(old, nw, ov, nv, q.ignoreCase)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := ui.BuildCompare(ui.Chrome{}, q.old.String(), q.new.String(), old, nw, r, ui.LinkTaskPages)
		s.cache.add(key, p, modelCost(p.Total(), len(r.Changes)))
		return p, nil
	})
	if err != nil {
		return nil, err
	}
	p := *v.(*ui.ComparePage) // a copy: the filters below are per request
	p.Chrome = s.chrome(p.Old.Name + " → " + p.New.Name)
	p.Chrome.Theme = q.theme
	p.Severity, p.IgnoreCase, p.Unified, p.Query = q.severity, q.ignoreCase, q.unified, q.base()
	p.ChangesOnly = q.changesOnly
	big := p.Unchanged > ui.BigCompare
	if big && !q.changesSet {
		p.ChangesOnly = true
	}
	if big {
		context := ui.ContextRows
		if p.ChangesOnly {
			context = 0
		}
		p.Collapse(context)
	}
	return &p, nil
}

func (s *Server) compare(c *gin.Context) {
	q, err := parseCompareQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	old, nw, ov, nv, probs, err := s.loadPairReview(ctx, q.old, q.new)
	if err != nil {
		s.fail(c, err)
		return
	}
	key := fmt.Sprintf("html|%s|%t|%t|%s|%t|%s", s.pairKey(ov, nv, q.ignoreCase), q.changesOnly, q.changesSet, q.severity, q.unified, q.theme)
	s.servePage(c, key, func(ctx context.Context) (*cachedPage, error) {
		p, err := s.comparePage(ctx, q, old, nw, ov, nv) // before render: it takes its own turn
		if err != nil {
			return nil, err
		}
		p.OldProblems, p.NewProblems = probs[0], probs[1]
		return s.render(ctx, "compare", ui.CompareView(p).Render)
	})
}

// compareRows serves a run of rows a collapsed comparison left out: a page of its own,
// or (part=1) the table rows alone for app.js to put in place. from and to are clamped
// to the comparison's rows before anything else (huge values overflowed into
// "10015–-9223372036854775310"); a run that starts past the last row is a 404 that says
// how many rows there are. Pages are rendered in a turn of cold work and cached by the
// clamped range, so random ranges cost one rendering each at most, one core at a time.
func (s *Server) compareRows(c *gin.Context) {
	q, err := parseCompareQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	from, err1 := strconv.ParseInt(c.Query("from"), 10, 64)
	to, err2 := strconv.ParseInt(c.Query("to"), 10, 64)
	if err1 != nil || err2 != nil || from < 0 || to < from {
		s.fail(c, &PageError{Kind: KindBadRequest, Message: "Give the rows as from=N&to=M (0 ≤ N ≤ M)."})
		return
	}
	q.changesSet, q.changesOnly = true, false
	ctx := c.Request.Context()
	old, nw, ov, nv, err := s.loadPair(ctx, q.old, q.new)
	if err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.comparePage(ctx, q, old, nw, ov, nv)
	if err != nil {
		s.fail(c, err)
		return
	}
	total := int64(p.Total())
	if from >= total {
		s.fail(c, &PageError{Kind: KindNotFound, Message: fmt.Sprintf("There are no rows from %d: the comparison has %s.", from+1, english.Plural(p.Total(), "mapping row"))})
		return
	}
	// Both are now within 0..total, so no sum below overflows.
	first, end := int(from), int(min(to, total))
	part := c.Query("part") == "1"
	key := fmt.Sprintf("rows|%s|%d|%d|%t|%t|%s|%s", s.pairKey(ov, nv, q.ignoreCase), first, end, part, q.unified, q.severity, q.theme)
	s.servePage(c, key, func(ctx context.Context) (*cachedPage, error) {
		return s.render(ctx, "rows", func(ctx context.Context, w io.Writer) error {
			rows := p.Range(first, end)
			if part {
				return ui.RowsPart(p, rows).Render(ctx, w)
			}
			return ui.RowsView(p, rows, first, min(end, first+ui.MaxRange)).Render(ctx, w)
		})
	})
}

func reportFilename(q compareQuery, ext string) string {
	clean := func(r Ref) string { return strings.ReplaceAll(r.String(), "/", "_") }
	return "fdi-diff-" + clean(q.old) + "-" + clean(q.new) + ext
}

// reportFormat is one way of serving a comparison as a file: diff's JSON or Markdown.
type reportFormat struct {
	name        string // cache key prefix and file extension
	contentType string
	write       func(io.Writer, *diff.Report) error
}

var (
	reportJSON     = reportFormat{"json", "application/json; charset=utf-8", diff.WriteJSON}
	reportMarkdown = reportFormat{"md", "text/markdown; charset=utf-8", diff.WriteMarkdown}
	// reportHTML needs the tasks too; compareReport fills it in.
	reportHTML = reportFormat{name: "html", contentType: "text/html; charset=utf-8"}
)

// compareReport serves the comparison rendered by f, as a download (/compare.json,
// /compare.md) or inline (/api/compare): the same bytes fdi diff writes.
func (s *Server) compareReport(f reportFormat, download bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		q, err := parseCompareQuery(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		old, nw, ov, nv, err := s.loadPair(c.Request.Context(), q.old, q.new)
		if err != nil {
			s.fail(c, err)
			return
		}
		key := f.name + "|" + s.pairKey(ov, nv, q.ignoreCase)
		b, err := s.cached(c.Request.Context(), key, func(ctx context.Context) (*cachedPage, error) {
			return s.render(ctx, f.name, func(ctx context.Context, w io.Writer) error {
				r := s.report(old, nw, ov, nv, q.ignoreCase)
				if f.write == nil { // HTML: the standalone report
					return ui.WriteReport(ctx, w, old, nw, r)
				}
				return f.write(w, r)
			})
		})
		if err != nil {
			s.fail(c, err)
			return
		}
		if download {
			c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": reportFilename(q, "."+f.name)}))
		}
		s.send(c, f.contentType, b)
	}
}

// render runs write in its turn (busy: cold work is bounded by the cores) and returns
// its output as a page; what names the output in the error.
func (s *Server) render(ctx context.Context, what string, write func(context.Context, io.Writer) error) (*cachedPage, error) {
	release, err := s.busy(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	var buf bytes.Buffer
	if err := write(ctx, &buf); err != nil {
		return nil, fmt.Errorf("render %s: %w", what, err)
	}
	return newCachedPage(buf.Bytes()), nil
}

// cached returns the output cached under key, building it with build when it is not
// cached: once for all concurrent requests of that key (s.flight; the build's own
// context is cancelled when every waiting request has gone), then cached. build must
// use the context it is given, not the request's.
func (s *Server) cached(ctx context.Context, key string, build func(ctx context.Context) (*cachedPage, error)) (*cachedPage, error) {
	if v, ok := s.cache.get(key); ok {
		return v.(*cachedPage), nil
	}
	v, err := s.flight.do(ctx, key, func(ctx context.Context) (any, error) {
		if v, ok := s.cache.get(key); ok {
			return v, nil
		}
		cp, err := build(ctx)
		if err != nil {
			return nil, err
		}
		s.cache.add(key, cp, pageCost(cp))
		return cp, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*cachedPage), nil
}

// servePage sends the HTML page cached under key, building it with build when it is not
// cached (see cached).
func (s *Server) servePage(c *gin.Context, key string, build func(ctx context.Context) (*cachedPage, error)) {
	p, err := s.cached(c.Request.Context(), key, build)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.send(c, "text/html; charset=utf-8", p)
}

// compareFiles compares two uploaded or pasted documents. Nothing is stored, so the
// result has no permalink.
func (s *Server) compareFiles(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxUpload)
	tooBig := func(err error) bool {
		var mbe *http.MaxBytesError
		return errors.As(err, &mbe)
	}
	ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	var err error
	if ct == "multipart/form-data" {
		err = c.Request.ParseMultipartForm(8 << 20)
		if c.Request.MultipartForm != nil {
			defer c.Request.MultipartForm.RemoveAll()
		}
	} else {
		err = c.Request.ParseForm()
	}
	if err != nil {
		if tooBig(err) {
			s.fail(c, &PageError{Kind: KindTooLarge, Message: fmt.Sprintf("The upload is larger than the %s limit. Compare smaller files, or save them in a folder and run the viewer with --dir.", humanBytes(s.cfg.MaxUpload))})
			return
		}
		s.fail(c, &PageError{Kind: KindBadRequest, Message: "The form could not be read.", Err: err})
		return
	}
	read := func(side string) ([]byte, string, error) {
		if fh, err := c.FormFile(side + "_file"); err == nil && fh.Size > 0 {
			f, err := fh.Open()
			if err != nil {
				return nil, "", fmt.Errorf("open %s file: %w", side, err)
			}
			defer f.Close()
			b, err := io.ReadAll(f)
			if err != nil {
				return nil, "", fmt.Errorf("read %s file: %w", side, err)
			}
			return b, fh.Filename, nil
		}
		if t := c.Request.PostFormValue(side + "_text"); strings.TrimSpace(t) != "" {
			return []byte(t), "pasted " + side, nil
		}
		return nil, "", &PageError{Kind: KindBadRequest, Message: fmt.Sprintf("Give the %s task: choose a file or paste its JSON.", side)}
	}
	release, err := s.busy(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	defer release()
	var docs [2][]byte
	var names [2]string
	var tasks [2]*rawform.Task
	up := &ui.UploadPage{Chrome: s.chrome("Compare files"), MaxUpload: humanBytes(s.cfg.MaxUpload),
		OldText: c.Request.PostFormValue("old_text"), NewText: c.Request.PostFormValue("new_text")}
	status := http.StatusOK
	for i, side := range []string{"old", "new"} {
		docs[i], names[i], err = read(side)
		if err == nil {
			tasks[i], err = rawform.Parse(docs[i], s.cfg.ParseOptions...)
		}
		if err != nil {
			e := Classify(err)
			if e.Kind == KindInternal {
				s.fail(c, err)
				return
			}
			up.Sides = append(up.Sides, ui.UploadSide{Side: strings.ToUpper(side[:1]) + side[1:], Name: cmp.Or(names[i], "nothing given"), Error: e.info()})
			status = max(status, e.Kind.Status())
		}
	}
	if len(up.Sides) > 0 {
		s.page(c, status, ui.UploadView(up))
		return
	}
	r := diff.Tasks(tasks[0], tasks[1])
	s.applyAccepted(r)
	p := ui.BuildCompare(s.chrome(uploadTitle(tasks[0], names[0])+" → "+uploadTitle(tasks[1], names[1])), names[0], names[1], tasks[0], tasks[1], r, ui.NoLinks)
	p.Downloads = s.uploadDownloads(c.Request.Context(), tasks[0], tasks[1], r)
	s.page(c, http.StatusOK, ui.CompareView(p))
}

// uploadTitle names an uploaded task by its name, else by the file.
func uploadTitle(t *rawform.Task, file string) string {
	if t.Info.Name != "" {
		return t.Info.Name
	}
	if t.Detail != nil && t.Detail.TaskName != "" {
		return t.Detail.TaskName
	}
	return file
}

// maxEmbeddedDownloads bounds the reports an upload result page carries as data: links.
const maxEmbeddedDownloads = 4 << 20

// uploadDownloads embeds the report as HTML, JSON and Markdown in the result page:
// uploads are not stored, so there is no address to download them from later.
func (s *Server) uploadDownloads(ctx context.Context, old, nw *rawform.Task, r *diff.Report) []ui.Download {
	var out []ui.Download
	total := 0
	for _, f := range []struct {
		label, ext, ctype string
		write             func(io.Writer) error
	}{
		{"HTML", "html", "text/html", func(w io.Writer) error { return ui.WriteReport(ctx, w, old, nw, r) }},
		{"JSON", "json", "application/json", func(w io.Writer) error { return diff.WriteJSON(w, r) }},
		{"Markdown", "md", "text/markdown", func(w io.Writer) error { return diff.WriteMarkdown(w, r) }},
	} {
		var buf bytes.Buffer
		if err := f.write(&buf); err != nil {
			s.log.ErrorContext(ctx, "upload report", slog.String("format", f.ext), slog.Any("err", err))
			continue
		}
		total += buf.Len()
		if total > maxEmbeddedDownloads {
			break
		}
		out = append(out, ui.Download{Label: f.label, Name: "fdi-diff." + f.ext,
			Href: "data:" + f.ctype + ";charset=utf-8;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())})
	}
	return out
}

// taskList is the body of /api/tasks.
type taskList struct {
	Source string  `json:"source"`
	Tasks  []Entry `json:"tasks"`
}

func (s *Server) apiTasks(c *gin.Context) {
	tasks, err := s.listTasks(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	tasks = filterEntries(tasks, c.Query("q"))
	if tasks == nil {
		tasks = []Entry{}
	}
	c.PureJSON(http.StatusOK, taskList{Source: s.cfg.Source.Describe(), Tasks: tasks})
}

// taskJSON is the body of /api/tasks/{ref}: the task re-encoded by rawform (same shape
// as it was read) and its semantic-check warnings.
type taskJSON struct {
	Ref      string            `json:"ref"`
	Summary  Entry             `json:"summary"`
	Task     json.RawMessage   `json:"task"`
	Warnings []rawform.Problem `json:"warnings"`
}

func (s *Server) apiTask(c *gin.Context) {
	ref, t, _, err := s.loadParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	enc, err := t.Encode()
	if err != nil {
		s.fail(c, fmt.Errorf("encode task %s: %w", ref, err))
		return
	}
	w := t.Warnings
	if w == nil {
		w = []rawform.Problem{}
	}
	c.PureJSON(http.StatusOK, taskJSON{Ref: ref.String(), Summary: EntryOf(ref, t), Task: enc, Warnings: w})
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
