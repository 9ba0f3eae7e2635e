package web

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
)

// FuzzViewer drives the whole handler with fuzzed requests: method, path, query, body,
// content type and the headers the defences look at (Host, Sec-Fetch-*, Origin). No
// request may make the server fail (500: a panic or an unexpected error), and no page may
// carry a script element other than the viewer's own (whatever the input, it is escaped).
func FuzzViewer(f *testing.F) {
	seed, err := os.ReadFile("testdata/tasks/seed.json")
	if err != nil {
		f.Fatal(err)
	}
	form := url.Values{"old_text": {string(seed)}, "new_text": {`{"k0":0,"k1":0,"k2":0,"k3":0,"k4":0,"k5":0,"k6":0}`}}.Encode()
	f.Add(uint8(0), "/compare", "old=seed&new=seed-v2", []byte(nil), uint8(0))
	f.Add(uint8(0), "/compare/rows", "old=seed&new=seed-v2&from=0&to=5&part=1", []byte(nil), uint8(0))
	f.Add(uint8(0), "/tasks/inst1/seed", "page=2&theme=dark", []byte(nil), uint8(4))
	f.Add(uint8(0), "/tasks/../../etc/passwd", "", []byte(nil), uint8(0))
	f.Add(uint8(0), "/api/tasks/seed", "", []byte(nil), uint8(8))
	f.Add(uint8(0), "/compare.md", "old=seed&new=%3Cscript%3Ealert(1)%3C/script%3E", []byte(nil), uint8(0))
	f.Add(uint8(0), "/compare-sets", "old=.&new=inst1&status=changed", []byte(nil), uint8(0))
	f.Add(uint8(0), "/static/", "", []byte(nil), uint8(12))
	f.Add(uint8(1), "/compare/files", "", []byte(form), uint8(1))
	f.Add(uint8(1), "/compare/files", "", []byte(form), uint8(5))
	f.Add(uint8(1), "/compare/files", "", []byte("--X\r\nContent-Disposition: form-data; name=\"old_file\"; filename=\"a<b>.json\"\r\n\r\n"+string(seed)+"\r\n--X--\r\n"), uint8(2))
	f.Add(uint8(2), "/", "q=<script>", []byte(nil), uint8(16))

	src, err := NewDirSource("testdata/tasks", 1<<20)
	if err != nil {
		f.Fatal(err)
	}
	s, err := New(Config{Source: src, AllowedHosts: LoopbackHosts("127.0.0.1:8080"), MaxUpload: 1 << 20, ColdWork: 2})
	if err != nil {
		f.Fatal(err)
	}
	methods := []string{http.MethodGet, http.MethodPost, http.MethodHead, http.MethodPut}
	types := []string{"", "application/x-www-form-urlencoded", "multipart/form-data; boundary=X", "application/json"}
	sites := []string{"", "same-origin", "cross-site", "same-site", "none"}
	hosts := []string{"127.0.0.1:8080", "localhost", "attacker.example", "[::1]:8080"}

	f.Fuzz(func(t *testing.T, method uint8, path, query string, body []byte, hdr uint8) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		r := &http.Request{
			Method:     methods[int(method)%len(methods)],
			URL:        &url.URL{Path: path, RawQuery: query},
			Proto:      "HTTP/1.1",
			ProtoMajor: 1, ProtoMinor: 1,
			Header:     http.Header{},
			Host:       hosts[int(hdr>>4)%len(hosts)],
			RemoteAddr: "127.0.0.1:1234",
			Body:       io.NopCloser(bytes.NewReader(body)),
		}
		r.ContentLength = int64(len(body))
		if ct := types[int(hdr)%len(types)]; ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		if site := sites[int(hdr>>2)%len(sites)]; site != "" {
			r.Header.Set("Sec-Fetch-Site", site)
			r.Header.Set("Sec-Fetch-Mode", "navigate")
			r.Header.Set("Sec-Fetch-Dest", "document")
		}
		if hdr&0x80 != 0 {
			r.Header.Set("Origin", "https://evil.example")
		}
		r = r.WithContext(t.Context())
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		if rec.Code >= 500 && rec.Code != http.StatusGatewayTimeout && rec.Code != http.StatusBadGateway && rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("%s %s?%s: status %d: %.300s", r.Method, path, query, rec.Code, rec.Body.String())
		}
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			page := rec.Body.String()
			if n := strings.Count(strings.ToLower(page), "<script"); n > strings.Count(page, `<script src="/static/app.js" defer></script>`) {
				t.Fatalf("%s %s?%s: a page with a script element of the input: %.500s", r.Method, path, query, page)
			}
		}
	})
}
