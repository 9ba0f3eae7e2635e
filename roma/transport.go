package roma

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
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"
)

// get sends a GET to u with the client's headers, retrying as the policy says, and
// returns the body of a 2xx response.
func (c *Client) get(ctx context.Context, u *url.URL) ([]byte, error) {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	for attempt := 1; ; attempt++ {
		body, retryAfter, err := c.once(ctx, u, attempt)
		if err == nil {
			return body, nil
		}
		if !retryable(err) || attempt >= c.retry.Attempts || ctx.Err() != nil {
			return nil, err
		}
		wait := c.backoff(attempt)
		if retryAfter >= 0 {
			if retryAfter > c.retry.MaxRetryAfter {
				return nil, fmt.Errorf("%w (server asked to retry after %s, more than the %s allowed)", err, retryAfter, c.retry.MaxRetryAfter)
			}
			wait = retryAfter
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return nil, fmt.Errorf("%w (no time left to retry before the deadline)", err)
		}
		c.log.WarnContext(ctx, "roma: retrying request",
			slog.String("path", u.EscapedPath()), slog.Int("attempt", attempt),
			slog.Duration("wait", wait), slog.String("reason", err.Error()))
		if serr := c.sleep(ctx, wait); serr != nil {
			return nil, fmt.Errorf("%w (retry abandoned: %w)", err, serr)
		}
	}
}

// backoff is the full-jitter wait before retry number attempt (1-based).
func (c *Client) backoff(attempt int) time.Duration {
	d := c.retry.BaseDelay
	for i := 1; i < attempt && d < c.retry.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, c.retry.MaxDelay)
	return c.jitter(d)
}

// once sends one request. retryAfter is the server's Retry-After, or -1 if none.
func (c *Client) once(ctx context.Context, u *url.URL, attempt int) (body []byte, retryAfter time.Duration, err error) {
	retryAfter = -1
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, retryAfter, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if err := c.authenticate(req); err != nil {
		return nil, retryAfter, fmt.Errorf("GET %s: %w", u.EscapedPath(), err)
	}
	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, retryAfter, fmt.Errorf("GET %s: %w", u.EscapedPath(), context.Cause(ctx))
		}
		return nil, retryAfter, fmt.Errorf("GET %s: %w", u.EscapedPath(), err)
	}
	defer resp.Body.Close()
	body, readErr := c.readBody(resp)
	if c.log.Enabled(ctx, slog.LevelDebug) {
		c.log.DebugContext(ctx, "roma: response",
			slog.String("method", http.MethodGet), slog.String("path", u.EscapedPath()),
			slog.Int("status", resp.StatusCode), slog.Int("attempt", attempt),
			slog.Int("bytes", len(body)), slog.Duration("elapsed", time.Since(start)),
			slog.String("request_id", c.secrets.shown(resp.Header.Get("X-Request-Id"), 64)))
	}
	if errors.Is(readErr, ErrResponseTooLarge) {
		return nil, retryAfter, fmt.Errorf("GET %s: %w", u.EscapedPath(), readErr)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if readErr != nil {
			if cerr := ctx.Err(); cerr != nil {
				return nil, retryAfter, fmt.Errorf("GET %s: read response body: %w", u.EscapedPath(), context.Cause(ctx))
			}
			return nil, retryAfter, fmt.Errorf("GET %s: read response body (%d bytes received): %w", u.EscapedPath(), len(body), readErr)
		}
		return body, retryAfter, nil
	}
	apiErr := c.apiError(resp, body, readErr)
	if apiErr.Temporary() {
		retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	return nil, retryAfter, fmt.Errorf("GET %s: %w", u.EscapedPath(), apiErr)
}

// readBody reads at most the size cap (plus one byte, to tell "exactly at the cap" from
// "over it"). A Content-Length over the cap fails before reading.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	if resp.ContentLength > c.maxBody {
		return nil, fmt.Errorf("%w: Content-Length %d exceeds the %s limit (see roma.WithMaxBodySize)", ErrResponseTooLarge, resp.ContentLength, byteSize(c.maxBody))
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength) + 1)
	}
	_, err := buf.ReadFrom(io.LimitReader(resp.Body, c.maxBody+1))
	if int64(buf.Len()) > c.maxBody {
		return nil, fmt.Errorf("%w: body exceeds the %s limit (see roma.WithMaxBodySize)", ErrResponseTooLarge, byteSize(c.maxBody))
	}
	return buf.Bytes(), err
}

// apiError reads the documented error body, or describes what came instead.
func (c *Client) apiError(resp *http.Response, body []byte, readErr error) *APIError {
	e := &APIError{Status: resp.StatusCode, RequestID: c.secrets.shown(resp.Header.Get("X-Request-Id"), 64)}
	defer func() {
		if errors.Is(e, ErrUnauthorized) {
			e.Hint = c.creds.UnauthorizedHint()
		}
	}()
	var doc struct {
		Code    *string `json:"error_code"`
		Message *string `json:"error_msg"`
	}
	if readErr == nil && json.Unmarshal(body, &doc) == nil && doc.Code != nil && *doc.Code != "" {
		e.Code = c.secrets.shown(*doc.Code, 64)
		if doc.Message != nil {
			e.Message = c.secrets.shown(*doc.Message, 512)
		}
		return e
	}
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		e.Message = "redirect not followed (to " + c.secrets.shown(resp.Header.Get("Location"), 200) + "); check the endpoint"
	case readErr != nil:
		e.Message = fmt.Sprintf("error body truncated after %d bytes: %v", len(body), readErr)
	case len(bytes.TrimSpace(body)) == 0:
		e.Message = "empty error body"
	default:
		ct := resp.Header.Get("Content-Type")
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			ct = mt
		}
		if ct == "" {
			ct = "untyped"
		}
		e.Message = fmt.Sprintf("not an FDI error body (%s): %s", c.secrets.shown(ct, 64), c.secrets.snippet(body))
	}
	return e
}

// retryable reports whether a failed GET may succeed if sent again.
func retryable(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Temporary()
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrResponseTooLarge) {
		return false
	}
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNABORTED) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// parseRetryAfter reads delay-seconds or an HTTP date; -1 if absent or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return -1
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return -1
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return -1
}

// snippet is the start of an unexpected body, for an error message: the <title> of an
// HTML page if it has one, otherwise the first 160 characters, white space collapsed.
// Callers use Token.snippet, which redacts the token first.
func snippet(s string) string {
	low := strings.ToLower(s)
	if i := strings.Index(low, "<title>"); i >= 0 {
		if j := strings.Index(low[i:], "</title>"); j > 0 {
			return "HTML page titled " + strconv.Quote(printable(s[i+len("<title>"):i+j], 160))
		}
	}
	return strconv.Quote(printable(s, 160))
}

// printable collapses white space, drops control characters and cuts s to n runes.
// Text from elsewhere goes through Token.shown, which redacts the token first.
func printable(s string, n int) string {
	var b strings.Builder
	space := false
	count := 0
	for _, r := range s {
		if count >= n {
			b.WriteString("…")
			break
		}
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case !unicode.IsPrint(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
			count++
		}
		b.WriteRune(r)
		count++
	}
	return b.String()
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// authenticate adds the credentials to one attempt's request: a fresh signature (with
// X-Project-Id, the project of the URL, as the SDKs send it) or the token header.
func (c *Client) authenticate(req *http.Request) error {
	switch {
	case !c.creds.AccessKey.IsZero():
		if p := c.projectOf(req.URL); p != "" {
			req.Header.Set("X-Project-Id", p)
		}
		return c.creds.AccessKey.Sign(req, c.now())
	case !c.creds.Token.IsZero():
		req.Header.Set("X-Auth-Token", c.creds.Token.value)
	}
	return nil
}

// projectOf is the {project_id} of an API URL, the segment after "v2" below the
// endpoint's path; "" if u is not one.
func (c *Client) projectOf(u *url.URL) string {
	rest, ok := strings.CutPrefix(u.EscapedPath(), c.endpoint.EscapedPath()+"/v2/")
	if !ok {
		return ""
	}
	p, _, _ := strings.Cut(rest, "/")
	if validateID("project", p) != nil {
		return ""
	}
	return p
}
