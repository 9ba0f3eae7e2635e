package web

import (
	"context"
	"io/fs"
	"net"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/gin-gonic/gin"
)

// The viewer usually runs on a developer's machine, where any web page the developer
// opens can make the browser send requests to it. Three defences apply to every request
// (guard) and one to the work it causes (busy):
//
//   - DNS rebinding: a page on attacker.example whose name is made to resolve to
//     127.0.0.1 is same-origin with the viewer as far as the browser knows, so it could
//     read the task list. Config.AllowedHosts names the Host headers answered; the viewer
//     command fills it with the loopback names (localhost, 127.0.0.1, [::1]) and its --addr
//     when it listens on a loopback address, and with --allowed-hosts otherwise. Other
//     hosts get 421 Misdirected Request.
//   - Cross-origin writes: POST /compare/files (and any other unsafe method) is refused
//     with 403 when the browser says it comes from another origin (Sec-Fetch-Site, or
//     Origin against Host for older browsers: net/http's CrossOriginProtection). A
//     cross-origin auto-submitting form is refused; curl and scripts, which send neither
//     header, are not browsers and are let through.
//   - Cross-origin reads that cost: a page of another site embedding
//     <img src="http://127.0.0.1:8080/compare?old=…&new=…"> would make the viewer parse and
//     compare for nothing. Requests the browser marks cross-site or same-site (another
//     port of localhost is same-site) are refused with 403 unless they are the user
//     following a link (Sec-Fetch-Mode navigate to a document). Static files and
//     /healthz are exempt.
//   - Cold work (parsing, comparing, rendering) runs at most Config.ColdWork at a time
//     (default: one per CPU); a request waiting for its turn stops waiting when it is
//     cancelled (the client left), and work shared by several requests stops when all of
//     them have left (flight).

// crossOrigin is net/http's check for unsafe methods (Go 1.25).
var crossOrigin = http.NewCrossOriginProtection()

// guard refuses requests for other hosts and cross-origin requests (see above).
func (s *Server) guard(c *gin.Context) {
	r := c.Request
	if !s.hostAllowed(r.Host) {
		c.Header("Content-Type", "text/plain; charset=utf-8")
		c.String(http.StatusMisdirectedRequest, "This viewer does not answer for host %q. Open it by its own address, or start it with --allowed-hosts.\n", hostOnly(r.Host))
		c.Abort()
		return
	}
	if err := crossOrigin.Check(r); err != nil {
		c.String(http.StatusForbidden, "Cross-origin request refused: open the viewer itself and use its forms.\n")
		c.Abort()
		return
	}
	p := r.URL.Path
	if p == "/healthz" || p == "/favicon.ico" || strings.HasPrefix(p, "/static/") {
		c.Next()
		return
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		if r.Header.Get("Sec-Fetch-Mode") != "navigate" || r.Header.Get("Sec-Fetch-Dest") != "document" {
			c.String(http.StatusForbidden, "Cross-origin request refused: open the viewer itself.\n")
			c.Abort()
			return
		}
	}
	c.Next()
}

// hostAllowed reports whether the Host header names this server (see Config.AllowedHosts).
func (s *Server) hostAllowed(host string) bool {
	if s.hosts == nil {
		return true
	}
	h := strings.ToLower(strings.TrimSuffix(hostOnly(host), "."))
	return s.hosts[h] || s.hosts[strings.ToLower(host)]
}

// hostOnly is host without its port; IPv6 literals keep their brackets off.
func hostOnly(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return strings.Trim(host, "[]")
}

// LoopbackHosts returns the Host names a viewer listening on addr answers when addr is a
// loopback address: localhost, 127.0.0.1, ::1 and addr's own host. It returns nil (any
// host) for other addresses: a server reachable from the network must be given its
// names (--allowed-hosts).
func LoopbackHosts(addr string) []string {
	host := hostOnly(addr)
	if host != "localhost" {
		ip := net.ParseIP(host)
		if ip == nil || !ip.IsLoopback() {
			return nil
		}
	}
	return []string{"localhost", "127.0.0.1", "::1", host}
}

// busy waits for a turn to do cold work and returns the function that ends it. It gives
// up, with ctx's error, when ctx is done first.
func (s *Server) busy(ctx context.Context) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.waiting.Add(1)
	defer s.waiting.Add(-1)
	select {
	case s.cold <- struct{}{}:
		return func() { <-s.cold }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// counter is the number of requests waiting in busy (for tests).
type counter = atomic.Int64

// filesOnly hides the directories of a file system: http.FileServer would list them
// (GET /static/ answered with an index of the static files).
type filesOnly struct{ fs.FS }

func (f filesOnly) Open(name string) (fs.File, error) {
	file, err := f.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if fi, err := file.Stat(); err != nil || fi.IsDir() {
		file.Close()
		return nil, fs.ErrNotExist
	}
	return file, nil
}
