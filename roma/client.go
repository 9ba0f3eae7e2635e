package roma

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/fdireview/fdireview/rawform"
)

// Defaults of a Client made by New without options.
const (
	// DefaultTimeout bounds one call (Task, RawTask, List), retries included.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxBodySize is the largest response body read: 32 MiB.
	DefaultMaxBodySize = 32 << 20
)

// RetryPolicy says how GETs are retried on 429, 502, 503, 504, connection resets and
// truncated bodies. The n-th retry waits a random duration in [0, min(MaxDelay,
// BaseDelay·2ⁿ⁻¹)] ("full jitter"), or what the server's Retry-After asks for.
type RetryPolicy struct {
	// Attempts is the most requests one call sends, the first included; 1 disables retries.
	Attempts int `json:"attempts"`
	// BaseDelay is the backoff before jitter for the first retry; it doubles each retry.
	BaseDelay time.Duration `json:"base_delay"`
	// MaxDelay caps the backoff before jitter.
	MaxDelay time.Duration `json:"max_delay"`
	// MaxRetryAfter is the longest Retry-After honoured; a server asking for a longer wait
	// gets no retry and the call returns its error at once.
	MaxRetryAfter time.Duration `json:"max_retry_after"`
}

// DefaultRetryPolicy returns the policy of a Client made without WithRetryPolicy:
// 4 attempts, 250 ms base delay, 4 s maximum, Retry-After honoured up to 30 s.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{Attempts: 4, BaseDelay: 250 * time.Millisecond, MaxDelay: 4 * time.Second, MaxRetryAfter: 30 * time.Second}
}

// Client calls the FDI task API of one ROMA Connect endpoint. Make one with New; it is
// safe for concurrent use and should be reused (it keeps connections alive).
type Client struct {
	endpoint  *url.URL
	creds     Credentials
	secrets   secrets // the token, the SK and the security token, redacted from echoed text
	hc        *http.Client
	log       *slog.Logger
	timeout   time.Duration
	maxBody   int64
	retry     RetryPolicy
	userAgent string
	parseOpts []rawform.Option

	// sleep waits d or until ctx is done; tests replace it to record backoff delays.
	sleep func(ctx context.Context, d time.Duration) error
	// jitter returns a random duration in [0, d].
	jitter func(d time.Duration) time.Duration
	// now is the signing time of a request; tests replace it to send a skewed date.
	now func() time.Time
}

// Option configures New.
//
// Options apply in order (a later one of the same kind wins, except WithParseOptions, which
// adds); a nil Option is ignored.
type Option func(*config)

type config struct {
	creds     Credentials
	hc        *http.Client
	log       *slog.Logger
	timeout   time.Duration
	maxBody   int64
	retry     RetryPolicy
	insecure  bool
	version   string
	parseOpts []rawform.Option
}

// WithToken sets the IAM token sent in the X-Auth-Token header. Without credentials no
// header is sent (and a real endpoint answers ROMA.1000). WithToken, WithAuthToken,
// WithAccessKey and WithCredentials replace each other: the last one given wins.
func WithToken(token string) Option {
	return func(c *config) { c.creds = Credentials{Token: NewToken(token)} }
}

// WithAuthToken is WithToken for a token already wrapped, e.g. by LoadToken.
func WithAuthToken(t Token) Option { return func(c *config) { c.creds = Credentials{Token: t} } }

// WithAccessKey makes the client sign every request, each attempt afresh, with the access
// key (see AccessKey.Sign) instead of sending a token. Temporary credentials
// (NewTemporaryAccessKey) also send their security token, signed. Signed requests carry
// the project ID of the URL in X-Project-Id, as the official SDKs send it.
func WithAccessKey(k AccessKey) Option {
	return func(c *config) { c.creds = Credentials{AccessKey: k} }
}

// WithCredentials sets the credentials, e.g. as LoadCredentials found them; their Source
// appears in the UnauthorizedHint of a refused request's *APIError.
func WithCredentials(cr Credentials) Option { return func(c *config) { c.creds = cr } }

// WithHTTPClient makes the client send its requests through hc (its Transport, proxy
// and TLS settings). The client copies hc and changes the copy to refuse redirects, so
// that the token never follows one to another host; hc itself is not modified.
func WithHTTPClient(hc *http.Client) Option { return func(c *config) { c.hc = hc } }

// WithLogger sets the logger for request, retry and configuration warnings (default:
// discard). Nothing logged contains the token.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.log = l } }

// WithTimeout bounds each call, retries included (default 30 s). A deadline already on
// the caller's context applies too; the earlier one wins. Zero or less means no timeout
// other than the context's.
func WithTimeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }

// WithMaxBodySize caps the response body size (default 32 MiB). A larger body fails the
// call with an error wrapping ErrResponseTooLarge.
func WithMaxBodySize(n int64) Option { return func(c *config) { c.maxBody = n } }

// WithRetryPolicy replaces the retry policy. Fields that are zero keep their default;
// Attempts 1 disables retries.
func WithRetryPolicy(p RetryPolicy) Option { return func(c *config) { c.retry = p } }

// WithInsecureSkipVerify turns off TLS certificate verification, for test endpoints with
// self-signed certificates. Anyone on the network path can then read the token, or replay
// a signed request within its 15 minutes. New logs a warning when it is set.
func WithInsecureSkipVerify() Option { return func(c *config) { c.insecure = true } }

// WithVersion sets the version in the User-Agent header ("fdireview/<version>"). By
// default it is the module version from the build information, or "devel".
func WithVersion(v string) Option { return func(c *config) { c.version = v } }

// WithParseOptions passes options (e.g. rawform.Lenient()) to the rawform.Parse call that
// Task makes on each body.
func WithParseOptions(opts ...rawform.Option) Option {
	return func(c *config) { c.parseOpts = append(c.parseOpts, opts...) }
}

// New returns a client for the ROMA Connect endpoint, e.g.
// "https://roma.cn-north-4.myhuaweicloud.com". The endpoint must be an absolute http or
// https URL without user information, query or fragment; a path prefix (a gateway in
// front of the API) is kept.
func New(endpoint string, opts ...Option) (*Client, error) {
	u, err := parseEndpoint(endpoint)
	if err != nil {
		return nil, err
	}
	cfg := config{timeout: DefaultTimeout, maxBody: DefaultMaxBodySize}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if err := cfg.creds.validate(); err != nil {
		return nil, fmt.Errorf("roma: %w", err)
	}
	if cfg.maxBody <= 0 {
		return nil, fmt.Errorf("roma: max body size must be positive, got %d", cfg.maxBody)
	}
	if cfg.log == nil {
		cfg.log = slog.New(slog.DiscardHandler)
	}
	cfg.retry = withRetryDefaults(cfg.retry)
	if cfg.version == "" {
		cfg.version = moduleVersion()
	}
	hc, err := httpClient(cfg.hc, cfg.insecure)
	if err != nil {
		return nil, err
	}
	if cfg.insecure {
		cfg.log.Warn("roma: TLS certificate verification is OFF (WithInsecureSkipVerify); the credentials can be intercepted",
			slog.String("endpoint", u.Redacted()))
	}
	return &Client{
		endpoint:  u,
		creds:     cfg.creds,
		secrets:   secrets{cfg.creds.Token, cfg.creds.AccessKey.secret, cfg.creds.AccessKey.securityToken},
		hc:        hc,
		log:       cfg.log,
		timeout:   cfg.timeout,
		maxBody:   cfg.maxBody,
		retry:     cfg.retry,
		userAgent: "fdireview/" + cfg.version,
		parseOpts: cfg.parseOpts,
		sleep:     sleepCtx,
		jitter:    func(d time.Duration) time.Duration { return rand.N(d + 1) },
		now:       time.Now,
	}, nil
}

// Endpoint returns the endpoint the client was made for, without a trailing slash ("" for
// a Client that New did not make).
func (c *Client) Endpoint() string {
	if c == nil || c.endpoint == nil {
		return ""
	}
	return c.endpoint.String()
}

// String describes the client without its secrets, e.g. for %v in logs.
func (c *Client) String() string {
	if c == nil || c.endpoint == nil {
		return "roma.Client{} (not made by roma.New)"
	}
	if !c.creds.AccessKey.IsZero() {
		return fmt.Sprintf("roma.Client{endpoint: %s, %s}", c.endpoint, c.creds.AccessKey)
	}
	tok := "none"
	if !c.creds.Token.IsZero() {
		tok = redacted
	}
	return fmt.Sprintf("roma.Client{endpoint: %s, token: %s}", c.endpoint, tok)
}

// Credentials returns the credentials the client sends; printing them shows no secret.
func (c *Client) Credentials() Credentials {
	if c == nil {
		return Credentials{}
	}
	return c.creds
}

// GoString is String, so %#v does not dump the secrets either.
func (c *Client) GoString() string { return c.String() }

func parseEndpoint(endpoint string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(endpoint))
	if err != nil {
		return nil, fmt.Errorf("roma: endpoint: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("roma: endpoint %q: scheme must be http or https", u.Redacted())
	case u.Host == "":
		return nil, fmt.Errorf("roma: endpoint %q: no host", u.Redacted())
	case u.User != nil:
		return nil, fmt.Errorf("roma: endpoint %q: must not contain user information (use a token)", u.Redacted())
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("roma: endpoint %q: must not have a query or fragment", u.Redacted())
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// httpClient copies base (or builds a default client) and makes the copy refuse
// redirects and, if insecure, skip certificate verification.
func httpClient(base *http.Client, insecure bool) (*http.Client, error) {
	var hc http.Client
	if base != nil {
		hc = *base
	} else {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.TLSHandshakeTimeout = 10 * time.Second
		t.ResponseHeaderTimeout = 30 * time.Second
		t.MaxIdleConnsPerHost = 8
		hc.Transport = t
	}
	if insecure {
		rt := hc.Transport
		if rt == nil {
			rt = http.DefaultTransport
		}
		t, ok := rt.(*http.Transport)
		if !ok {
			return nil, errors.New("roma: WithInsecureSkipVerify needs the HTTP client's Transport to be an *http.Transport")
		}
		t = t.Clone()
		if t.TLSClientConfig == nil {
			t.TLSClientConfig = &tls.Config{}
		}
		t.TLSClientConfig.InsecureSkipVerify = true
		hc.Transport = t
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &hc, nil
}

func withRetryDefaults(p RetryPolicy) RetryPolicy {
	d := DefaultRetryPolicy()
	if p.Attempts > 0 {
		d.Attempts = p.Attempts
	}
	if p.BaseDelay > 0 {
		d.BaseDelay = p.BaseDelay
	}
	if p.MaxDelay > 0 {
		d.MaxDelay = p.MaxDelay
	}
	if p.MaxRetryAfter > 0 {
		d.MaxRetryAfter = p.MaxRetryAfter
	}
	return d
}

// moduleVersion is this module's version from the build information, or "devel".
func moduleVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	const mod = "github.com/fdireview/fdireview"
	if bi.Main.Path == mod && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	for _, d := range bi.Deps {
		if d.Path == mod && d.Version != "" {
			return d.Version
		}
	}
	return "devel"
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
