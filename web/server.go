package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/gin-gonic/gin"

	"github.com/fdireview/fdireview/accept"
	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/web/ui"
)

// Config configures a Server. Only Source is required.
type Config struct {
	// Source is where tasks come from.
	Source Source
	// Logger receives one structured line per request and every unexpected error.
	// Nil discards.
	Logger *slog.Logger
	// UpstreamTimeout bounds each call to the Source (default 15 s): a slow FDI API
	// yields a "too slow" page instead of a hanging request.
	UpstreamTimeout time.Duration
	// MaxUpload bounds the body of POST /compare/files (default 32 MiB); larger uploads
	// get a 413 page.
	MaxUpload int64
	// ParseOptions are passed to rawform.Parse (e.g. rawform.Lenient()).
	ParseOptions []rawform.Option
	// CacheBytes bounds the memory kept for parsed tasks and rendered pages, which are
	// keyed by content version (default 256 MiB).
	CacheBytes int64
	// Accepted, when set, marks the changes its entries accept in every compare page and
	// report (shown greyed with the reason, left out of the badge counts).
	Accepted *accept.File
}

// Server is the viewer's HTTP handler. Create it with New; it is an http.Handler.
type Server struct {
	cfg    Config
	log    *slog.Logger
	engine *gin.Engine
	cache  *lru
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
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = 32 << 20
	}
	if cfg.CacheBytes <= 0 {
		cfg.CacheBytes = 256 << 20
	}
	s := &Server{cfg: cfg, log: cfg.Logger, cache: newLRU(cfg.CacheBytes)}
	e := gin.New()
	if err := e.SetTrustedProxies(nil); err != nil {
		return nil, fmt.Errorf("web: trusted proxies: %w", err)
	}
	e.Use(s.accessLog, securityHeaders, gin.CustomRecoveryWithWriter(io.Discard, func(c *gin.Context, v any) {
		s.fail(c, fmt.Errorf("panic: %v", v))
	}))
	e.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok\n") })
	e.GET("/", s.index)
	e.GET("/tasks/*ref", s.task)
	e.GET("/compare", s.compare)
	e.GET("/compare.json", s.compareReport(reportJSON, true))
	e.GET("/compare.md", s.compareReport(reportMarkdown, true))
	e.POST("/compare/files", s.compareFiles)
	e.GET("/api/tasks", s.apiTasks)
	e.GET("/api/tasks/*ref", s.apiTask)
	e.GET("/api/compare", s.compareReport(reportJSON, false))
	static := e.Group("/static", func(c *gin.Context) { c.Header("Cache-Control", "public, max-age=3600") })
	static.StaticFS("/", http.FS(ui.Static()))
	e.NoRoute(func(c *gin.Context) {
		s.fail(c, &Error{Kind: KindNotFound, Message: "There is no page at " + c.Request.URL.Path + "."})
	})
	s.engine = e
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }

// csp allows only our own static files: no inline script or style, no frames.
const csp = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

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

// fail is the one error path: it classifies err, logs unexpected errors, and answers
// with JSON for /api/ and .json routes (or Accept: application/json) and an HTML page
// otherwise.
func (s *Server) fail(c *gin.Context, err error) {
	e := Classify(err)
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
	if rerr := ui.ErrorView(s.chrome(e.title()), e.info()).Render(c.Request.Context(), &buf); rerr != nil {
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

// load fetches and parses a task. Parsed tasks (and parse failures) are cached by the
// document's version, so an unchanged task is parsed once.
func (s *Server) load(ctx context.Context, ref Ref) (*rawform.Task, string, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.UpstreamTimeout)
	defer cancel()
	sourceErr := func(err error) error {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return withRef(&Error{Kind: KindTimeout, Message: fmt.Sprintf("The FDI API did not answer within %s.", s.cfg.UpstreamTimeout), Err: err}, ref)
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
			return nil, withRef(p.err, ref), true
		}
		return p.task, nil, true
	}
	if vs, ok := s.cfg.Source.(Versioner); ok {
		ver, err := vs.Version(ctx, ref)
		if err != nil {
			return nil, "", sourceErr(err)
		}
		if t, err, ok := cached(ver); ok {
			return t, ver, err
		}
	}
	doc, err := s.cfg.Source.Fetch(ctx, ref)
	if err != nil {
		return nil, "", sourceErr(err)
	}
	if t, err, ok := cached(doc.Version); ok {
		return t, doc.Version, err
	}
	key := "task|" + doc.Version
	t, err := rawform.Parse(doc.Body, s.cfg.ParseOptions...)
	if err != nil {
		err = fmt.Errorf("parse task %s: %w", ref, err)
	}
	s.cache.add(key, &parsed{task: t, err: err}, int64(len(doc.Body))*3+1024)
	if err != nil {
		return nil, "", withRef(err, ref)
	}
	return t, doc.Version, nil
}

// loadPair loads both sides concurrently (two upstream round trips overlap).
func (s *Server) loadPair(ctx context.Context, a, b Ref) (ta, tb *rawform.Task, va, vb string, err error) {
	var errA, errB error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		ta, va, errA = s.load(ctx, a)
	}()
	tb, vb, errB = s.load(ctx, b)
	wg.Wait()
	if errA != nil {
		return nil, nil, "", "", errA
	}
	if errB != nil {
		return nil, nil, "", "", errB
	}
	return ta, tb, va, vb, nil
}

// ---- handlers ----

func (s *Server) index(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.UpstreamTimeout)
	defer cancel()
	p := &ui.IndexPage{Chrome: s.chrome("Tasks"), Filter: c.Query("q"), MaxUpload: humanBytes(s.cfg.MaxUpload)}
	status := http.StatusOK
	tasks, err := s.cfg.Source.List(ctx)
	if err != nil {
		e := Classify(err)
		if e.Kind == KindInternal {
			s.log.ErrorContext(ctx, "list tasks", slog.Any("err", err))
		}
		p.ListErr = e.publicMessage()
		status = e.Kind.Status()
	}
	var shown []Summary
	for _, t := range tasks {
		if matches(t, p.Filter) {
			shown = append(shown, t)
			p.Tasks = append(p.Tasks, taskItem(t))
		}
	}
	p.Shown = len(p.Tasks)
	p.OldDefault, p.NewDefault = defaultPair(shown)
	s.page(c, status, ui.IndexView(p))
}

// loadParam loads the task the route's *ref parameter names.
func (s *Server) loadParam(c *gin.Context) (Ref, *rawform.Task, error) {
	ref, err := ParseRef(c.Param("ref"))
	if err != nil {
		return Ref{}, nil, err
	}
	t, _, err := s.load(c.Request.Context(), ref)
	return ref, t, err
}

func (s *Server) task(c *gin.Context) {
	ref, t, err := s.loadParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.page(c, http.StatusOK, ui.TaskView(ui.BuildTaskPage(s.chrome(""), ref.String(), t)))
}

// compareQuery is the state of /compare, all in the URL.
type compareQuery struct {
	old, new    Ref
	changesOnly bool
	severity    string
	ignoreCase  bool
}

func parseCompareQuery(c *gin.Context) (compareQuery, error) {
	var q compareQuery
	var err error
	if c.Query("old") == "" || c.Query("new") == "" {
		return q, &Error{Kind: KindBadRequest, Message: "Choose two tasks: /compare?old=TASK&new=TASK (TASK is task or instance/task)."}
	}
	if q.old, err = ParseRef(c.Query("old")); err != nil {
		return q, err
	}
	if q.new, err = ParseRef(c.Query("new")); err != nil {
		return q, err
	}
	q.changesOnly = c.Query("changes") == "1"
	q.ignoreCase = c.Query("ic") == "1"
	switch sev := c.Query("sev"); sev {
	case "", "breaking", "warning", "info":
		q.severity = sev
	default:
		return q, &Error{Kind: KindBadRequest, Message: fmt.Sprintf("Unknown severity %q: use breaking, warning or info.", sev)}
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

// report compares two loaded tasks, cached by their versions.
func (s *Server) report(old, nw *rawform.Task, ov, nv string, ignoreCase bool) *diff.Report {
	key := fmt.Sprintf("report|%s|%s|%t|%s", ov, nv, ignoreCase, s.acceptedDay())
	if v, ok := s.cache.get(key); ok {
		return v.(*diff.Report)
	}
	var opts []diff.Option
	if ignoreCase {
		opts = append(opts, diff.IgnoreCase())
	}
	r := diff.Tasks(old, nw, opts...)
	s.applyAccepted(r)
	s.cache.add(key, r, int64(len(r.Changes))*512+1024)
	return r
}

// acceptedDay is part of the cache keys of reports and pages when an accepted-changes
// file is in use: entries expire by date.
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

func (s *Server) compare(c *gin.Context) {
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
	key := fmt.Sprintf("html|%s|%s|%t|%t|%s|%s", ov, nv, q.ignoreCase, q.changesOnly, q.severity, s.acceptedDay())
	if v, ok := s.cache.get(key); ok {
		c.Data(http.StatusOK, "text/html; charset=utf-8", v.([]byte))
		return
	}
	r := s.report(old, nw, ov, nv, q.ignoreCase)
	p := ui.BuildCompare(s.chrome("Compare "+q.old.String()+" → "+q.new.String()), q.old.String(), q.new.String(), old, nw, r, true)
	p.ChangesOnly, p.Severity, p.IgnoreCase, p.Query = q.changesOnly, q.severity, q.ignoreCase, q.base()
	var buf bytes.Buffer
	if err := ui.CompareView(p).Render(c.Request.Context(), &buf); err != nil {
		s.fail(c, fmt.Errorf("render compare: %w", err))
		return
	}
	b := buf.Bytes()
	s.cache.add(key, b, int64(len(b)))
	c.Data(http.StatusOK, "text/html; charset=utf-8", b)
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
		key := fmt.Sprintf("%s|%s|%s|%t", f.name, ov, nv, q.ignoreCase)
		b, err := s.rendered(key, func(w io.Writer) error { return f.write(w, s.report(old, nw, ov, nv, q.ignoreCase)) })
		if err != nil {
			s.fail(c, err)
			return
		}
		if download {
			c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": reportFilename(q, "."+f.name)}))
		}
		c.Data(http.StatusOK, f.contentType, b)
	}
}

// rendered returns the cached output for key, or runs write and caches its output.
func (s *Server) rendered(key string, write func(io.Writer) error) ([]byte, error) {
	if v, ok := s.cache.get(key); ok {
		return v.([]byte), nil
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return nil, fmt.Errorf("render %s: %w", strings.SplitN(key, "|", 2)[0], err)
	}
	b := buf.Bytes()
	s.cache.add(key, b, int64(len(b)))
	return b, nil
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
			s.fail(c, &Error{Kind: KindTooLarge, Message: fmt.Sprintf("The upload is larger than the %s limit. Compare smaller files, or save them in a folder and run the viewer with --dir.", humanBytes(s.cfg.MaxUpload))})
			return
		}
		s.fail(c, &Error{Kind: KindBadRequest, Message: "The form could not be read.", Err: err})
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
		return nil, "", &Error{Kind: KindBadRequest, Message: fmt.Sprintf("Give the %s task: choose a file or paste its JSON.", side)}
	}
	var docs [2][]byte
	var names [2]string
	var tasks [2]*rawform.Task
	for i, side := range []string{"old", "new"} {
		if docs[i], names[i], err = read(side); err != nil {
			s.fail(c, err)
			return
		}
		if tasks[i], err = rawform.Parse(docs[i], s.cfg.ParseOptions...); err != nil {
			e := Classify(err)
			e.Ref = names[i]
			s.fail(c, e)
			return
		}
	}
	r := diff.Tasks(tasks[0], tasks[1])
	s.applyAccepted(r)
	p := ui.BuildCompare(s.chrome("Compare "+names[0]+" → "+names[1]), names[0], names[1], tasks[0], tasks[1], r, false)
	s.page(c, http.StatusOK, ui.CompareView(p))
}

// taskList is the body of /api/tasks.
type taskList struct {
	Source string    `json:"source"`
	Tasks  []Summary `json:"tasks"`
}

func (s *Server) apiTasks(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.UpstreamTimeout)
	defer cancel()
	tasks, err := s.cfg.Source.List(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	if q := c.Query("q"); q != "" {
		kept := tasks[:0:0]
		for _, t := range tasks {
			if matches(t, q) {
				kept = append(kept, t)
			}
		}
		tasks = kept
	}
	if tasks == nil {
		tasks = []Summary{}
	}
	c.JSON(http.StatusOK, taskList{Source: s.cfg.Source.Describe(), Tasks: tasks})
}

// taskJSON is the body of /api/tasks/{ref}: the task re-encoded by rawform (same shape
// as it was read) and its semantic-check warnings.
type taskJSON struct {
	Ref      string            `json:"ref"`
	Summary  Summary           `json:"summary"`
	Task     json.RawMessage   `json:"task"`
	Warnings []rawform.Problem `json:"warnings"`
}

func (s *Server) apiTask(c *gin.Context) {
	ref, t, err := s.loadParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	enc, err := t.Encode()
	if err != nil {
		s.fail(c, fmt.Errorf("encode task %s: %w", ref, err))
		return
	}
	w := t.Warnings()
	if w == nil {
		w = []rawform.Problem{}
	}
	c.JSON(http.StatusOK, taskJSON{Ref: ref.String(), Summary: SummaryOf(ref, t), Task: enc, Warnings: w})
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
