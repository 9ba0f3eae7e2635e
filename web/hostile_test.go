package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/net/html"

	"github.com/fdireview/fdireview/internal/taskgen"
)

// request sends a request with the given headers ("Host" sets the Host) and returns the
// recorder.
func request(h http.Handler, method, target string, body string, header ...string) *httptest.ResponseRecorder {
	var r *http.Request
	if body != "" {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			r.Host = header[i+1]
			continue
		}
		r.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// TestHostileHosts: the viewer answered any Host (curl -H 'Host: attacker.example'
// /api/tasks → 200 with the task list), so a DNS-rebinding page could read it (issue #14).
func TestHostileHosts(t *testing.T) {
	loopback := newTestServer(t, func(c *Config) { c.AllowedHosts = LoopbackHosts("127.0.0.1:8080") })
	deployed := newTestServer(t, func(c *Config) { c.AllowedHosts = []string{"fdi.example.com", "10.0.0.5:8080"} })
	open := newTestServer(t)
	tests := []struct {
		name   string
		h      http.Handler
		host   string
		status int
	}{
		{"rebound name refused", loopback, "attacker.example", http.StatusMisdirectedRequest},
		{"rebound name with port refused", loopback, "attacker.example:8080", http.StatusMisdirectedRequest},
		{"loopback address", loopback, "127.0.0.1:8080", 200},
		{"localhost, any port", loopback, "localhost:9999", 200},
		{"localhost upper case, trailing dot", loopback, "LOCALHOST.:8080", 200},
		{"IPv6 loopback", loopback, "[::1]:8080", 200},
		{"a name that only starts like localhost", loopback, "localhost.attacker.example", http.StatusMisdirectedRequest},
		{"deployment name", deployed, "fdi.example.com", 200},
		{"deployment host:port", deployed, "10.0.0.5:8080", 200},
		{"deployment address on another port", deployed, "10.0.0.5:9090", http.StatusMisdirectedRequest},
		{"deployment refuses localhost", deployed, "localhost:8080", http.StatusMisdirectedRequest},
		{"no list: any host", open, "attacker.example", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := request(tt.h, "GET", "/api/tasks", "", "Host", tt.host)
			if rec.Code != tt.status {
				t.Errorf("Host %s: status %d, want %d", tt.host, rec.Code, tt.status)
			}
			if tt.status != 200 && strings.Contains(rec.Body.String(), "seed") {
				t.Errorf("refused response shows tasks: %s", rec.Body.String())
			}
		})
	}
	if got := LoopbackHosts("0.0.0.0:8080"); got != nil {
		t.Errorf("LoopbackHosts of all interfaces = %v, want nil", got)
	}
}

// TestHostileCrossOrigin: a cross-origin auto-submitting form to /compare/files was
// answered 200 (issue #14); expensive pages could be embedded by any site.
func TestHostileCrossOrigin(t *testing.T) {
	s := newTestServer(t)
	seed, err := os.ReadFile("testdata/tasks/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"old_text": {string(seed)}, "new_text": {string(seed)}}.Encode()
	post := []string{"Content-Type", "application/x-www-form-urlencoded"}
	tests := []struct {
		name    string
		method  string
		target  string
		header  []string
		refused bool
	}{
		{"form from another site", "POST", "/compare/files", append(post, "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document", "Origin", "https://evil.example"), true},
		{"form from another port of localhost", "POST", "/compare/files", append(post, "Sec-Fetch-Site", "same-site", "Origin", "http://localhost:3000"), true},
		{"old browser: Origin only", "POST", "/compare/files", append(post, "Origin", "https://evil.example"), true},
		{"own form", "POST", "/compare/files", append(post, "Sec-Fetch-Site", "same-origin", "Origin", "http://example.com"), false},
		{"curl (no browser headers)", "POST", "/compare/files", post, false},
		{"image embedding a compare", "GET", "/compare?old=seed&new=seed-v2", []string{"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "image"}, true},
		{"fetch of the API from another site", "GET", "/api/tasks", []string{"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty"}, true},
		{"iframe of a task", "GET", "/tasks/seed", []string{"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "iframe"}, true},
		{"link followed from a review", "GET", "/compare?old=seed&new=seed-v2", []string{"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"}, false},
		{"typed address", "GET", "/tasks/seed", []string{"Sec-Fetch-Site", "none", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"}, false},
		{"style sheet from anywhere", "GET", "/static/app.css", []string{"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "style"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := ""
			if tt.method == "POST" {
				body = form
			}
			rec := request(s, tt.method, tt.target, body, tt.header...)
			if got := rec.Code == http.StatusForbidden; got != tt.refused {
				t.Errorf("status %d, refused = %v, want %v: %.200s", rec.Code, got, tt.refused, rec.Body.String())
			}
		})
	}
}

// TestHostileUpload: a page posting a million unknown keys cost 30 CPU-seconds and 1 GiB
// per request (issue #14). The problems are summed up and allocation stays a small
// multiple of the upload.
func TestHostileUpload(t *testing.T) {
	s := newTestServer(t)
	seed, _ := os.ReadFile("testdata/tasks/seed.json")
	form := url.Values{"old_text": {string(taskgen.UnknownKeys(200_000, false))}, "new_text": {string(seed)}}.Encode()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rec := request(s, "POST", "/compare/files", form, "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin")
	runtime.ReadMemStats(&after)
	ratio := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(form))
	t.Logf("upload %d bytes: status %d, %d bytes out, %.1fx allocated", len(form), rec.Code, rec.Body.Len(), ratio)
	if rec.Code < 400 || !strings.Contains(rec.Body.String(), "199,999 more") {
		t.Errorf("status %d, want the problems summed up (199,999 more): %.500s", rec.Code, rec.Body.String())
	}
	if n := strings.Count(rec.Body.String(), "unknown field"); n > 2 {
		t.Errorf("%d unknown-field problems on the page, want them summed up in one", n)
	}
	if ratio > 30 {
		t.Errorf("allocated %.1fx the upload, want at most 30x", ratio)
	}
}

// TestHostileColdWork: cold work waits for one of Config.ColdWork turns, and a request
// that leaves while waiting gives up without parsing (issue #14: no concurrency limit).
func TestHostileColdWork(t *testing.T) {
	s := newTestServer(t, func(c *Config) { c.ColdWork = 1 })
	s.cold <- struct{}{} // every turn taken
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		r := httptest.NewRequest("GET", "/tasks/seed", nil).WithContext(ctx)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		done <- rec.Code
	}()
	for s.waiting.Load() == 0 {
		runtime.Gosched() // until the request waits for its turn
	}
	cancel()
	<-done
	if _, ok := s.cache.get("task|" + mustVersion(t, s, "seed")); ok {
		t.Error("the task was parsed although its request left while waiting")
	}
	if len(s.cold) != 1 {
		t.Errorf("%d turns taken, want the test's 1", len(s.cold))
	}

	// With the turn given back, the same request completes.
	go func() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/tasks/seed", nil))
		done <- rec.Code
	}()
	for s.waiting.Load() == 0 {
		runtime.Gosched()
	}
	<-s.cold
	if code := <-done; code != 200 {
		t.Errorf("status %d after the turn was given back", code)
	}
}

func mustVersion(t *testing.T, s *Server, id string) string {
	t.Helper()
	v, err := s.cfg.Source.(Versioner).Version(context.Background(), Ref{ID: id})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestHostileStatic: /static/ listed its files (issue #14).
func TestHostileStatic(t *testing.T) {
	s := newTestServer(t)
	for target, want := range map[string]int{"/static/": 404, "/static": 404, "/static/app.css": 200, "/static/app.js": 200} {
		rec := request(s, "GET", target, "")
		if rec.Code != want && !(want == 404 && rec.Code >= 300 && rec.Code < 400) {
			t.Errorf("%s: status %d, want %d", target, rec.Code, want)
		}
		if want == 404 && strings.Contains(rec.Body.String(), `href="app.css"`) {
			t.Errorf("%s lists the files: %s", target, rec.Body.String())
		}
	}
	rec := request(s, "GET", "/compare.html?old=seed&new=seed-v2", "")
	if !strings.Contains(rec.Body.String(), `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-`) {
		t.Errorf("the standalone report has no CSP meta tag")
	}
}

// TestHostileDir: --dir followed links out of the folder, read a link to /dev/zero (64 MiB
// per request), pinned a thread per request on a FIFO, read a 60 MiB file before refusing
// it, and served stale content after an edit keeping size and mtime (issue #14).
func TestHostileDir(t *testing.T) {
	outside := t.TempDir()
	dir := t.TempDir()
	seed, err := os.ReadFile("testdata/tasks/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "secret.json"), seed, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "seed.json"), seed, 0o644); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(filepath.Join(outside, "secret.json"), filepath.Join(dir, "linkout.json")))
	must(os.Symlink("../"+filepath.Base(outside)+"/secret.json", filepath.Join(dir, "relout.json")))
	must(os.Symlink("/dev/zero", filepath.Join(dir, "zero.json")))
	must(os.Symlink("seed.json", filepath.Join(dir, "linkin.json")))
	must(syscall.Mkfifo(filepath.Join(dir, "fifo.json"), 0o644))
	big, err := os.Create(filepath.Join(dir, "big.json"))
	must(err)
	must(big.Truncate(60 << 20)) // sparse: 60 MiB that cost nothing to make
	big.Close()

	src, err := NewDirSource(dir, 32<<20)
	must(err)
	t.Cleanup(func() { src.Close() })
	s, err := New(Config{Source: src})
	must(err)
	tests := []struct {
		ref    string
		status int
	}{
		{"seed", 200},
		{"linkin", 200}, // a link inside the folder is fine
		{"linkout", 404},
		{"relout", 404},
		{"zero", 404},
		{"fifo", 404},
		{"big", 413},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			rec := request(s, "GET", "/api/tasks/"+tt.ref, "")
			runtime.ReadMemStats(&after)
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d: %.300s", rec.Code, tt.status, rec.Body.String())
			}
			if tt.status != 200 {
				if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
					t.Errorf("refusing took %d bytes of allocation, want under 1 MiB (nothing read)", alloc)
				}
			}
		})
	}

	// An edit that keeps the size and the modification time is seen.
	p := filepath.Join(dir, "seed.json")
	fi, err := os.Stat(p)
	must(err)
	if rec := request(s, "GET", "/api/tasks/seed", ""); !strings.Contains(rec.Body.String(), "fdi_task_pzy4m5") {
		t.Fatalf("seed not served: %.200s", rec.Body.String())
	}
	edited := bytes.ReplaceAll(seed, []byte("fdi_task_pzy4m5"), []byte("fdi_task_EDITED"))
	if len(edited) != len(seed) {
		t.Fatal("edit changed the size")
	}
	must(os.WriteFile(p, edited, 0o644))
	must(os.Chtimes(p, fi.ModTime(), fi.ModTime()))
	if rec := request(s, "GET", "/api/tasks/seed", ""); !strings.Contains(rec.Body.String(), "fdi_task_EDITED") {
		t.Errorf("stale content after an edit keeping size and mtime: %.200s", rec.Body.String())
	}
}

// hostileTask is testdata/tasks/seed.json with its target column "name" renamed to column.
func hostileTask(t *testing.T, column string) []byte {
	t.Helper()
	var env map[string]any
	seed, err := os.ReadFile("testdata/tasks/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(seed, &env); err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(env["task_detail"].(string)), &d); err != nil {
		t.Fatal(err)
	}
	for _, c := range d["targetSelectedDatasource"].(map[string]any)["targetSelectedColumnList"].([]any) {
		if c := c.(map[string]any); c["field_name"] == "name" {
			c["field_name"] = column
		}
	}
	for _, m := range d["mappingTable"].([]any) {
		if m := m.(map[string]any); m["targetColumn"] == "name" {
			m["targetColumn"] = column
		}
	}
	inner, _ := json.Marshal(d)
	env["task_detail"] = string(inner)
	out, _ := json.Marshal(env)
	return out
}

// TestHostileNamesInPages: a target renamed to "\u202etnuoma" rendered as "amount" and
// "em\u200bail" as "email" (issue #14). Pages show the characters by code point, mark
// the name with a warning, and isolate every name in <bdi>; control characters are
// escaped.
func TestHostileNamesInPages(t *testing.T) {
	dir := t.TempDir()
	seed, _ := os.ReadFile("testdata/tasks/seed.json")
	files := map[string][]byte{"seed": seed, "rlo": hostileTask(t, "\u202etnuoma"), "zwsp": hostileTask(t, "em\u200bail"), "esc": hostileTask(t, "\x1b[2Kname")}
	for id, b := range files {
		if err := os.WriteFile(filepath.Join(dir, id+".json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := dirServer(t, dir)
	for _, tt := range []struct {
		id, raw, shown string
		marked         bool
	}{
		{"rlo", "\u202e", "⟨U+202E⟩tnuoma", true},
		{"zwsp", "\u200b", "em⟨U+200B⟩ail", true},
		{"esc", "\x1b", `\x1b[2Kname`, false},
	} {
		for _, target := range []string{"/tasks/" + tt.id, "/compare?old=seed&new=" + tt.id, "/compare.html?old=seed&new=" + tt.id} {
			rec := request(s, "GET", target, "")
			body := rec.Body.String()
			if rec.Code != 200 || strings.Contains(pageText(t, body), tt.raw) || !strings.Contains(body, tt.shown) {
				t.Errorf("%s: status %d; want %q shown and no raw %q", target, rec.Code, tt.shown, tt.raw)
			}
			if tt.marked && !strings.Contains(body, `<bdi class="hidden-chars"`) {
				t.Errorf("%s: the name is not marked as holding hidden characters", target)
			}
			if !strings.Contains(body, "<bdi>") && !strings.Contains(body, "<bdi ") {
				t.Errorf("%s: names are not isolated in <bdi>", target)
			}
		}
		if rec := request(s, "GET", "/tasks/"+tt.id, ""); !strings.Contains(rec.Body.String(), "hidden_characters") {
			t.Errorf("task page of %s lacks the hidden_characters warning", tt.id)
		}
	}
}

// pageText is the text a reader sees: text nodes and the attributes read aloud or shown
// (title, aria-label, alt, placeholder, value), not ids and links.
func pageText(t *testing.T, page string) string {
	t.Helper()
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			for {
				k, v, more := z.TagAttr()
				switch string(k) {
				case "title", "aria-label", "alt", "placeholder", "value":
					b.Write(v)
				}
				if !more {
					break
				}
			}
		}
		b.WriteByte(' ')
	}
}

// TestHostileCacheAccounting: the viewer used 785–852 MiB for a 256 MiB cache (issue
// #14), partly because entries held more than they were counted for. Each kind of entry
// (parsed tasks, comparison models and reports, pages) is counted at least at the live
// heap it holds, measured after a collection.
func TestHostileCacheAccounting(t *testing.T) {
	dir := t.TempDir()
	base := taskgen.Response(taskgen.Options{Mappings: 2000, Seed: 1})
	for i := range 4 {
		b, _ := taskgen.Mutate(base, 0.02, int64(i+1))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("t%d.json", i)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := dirServer(t, dir)
	liveHeap := func() int64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int64(m.HeapAlloc)
	}
	step := func(name string, f func()) {
		used0, _ := s.CacheSize()
		l0 := liveHeap()
		f()
		l1 := liveHeap()
		used1, _ := s.CacheSize()
		live, counted := l1-l0, used1-used0
		t.Logf("%s: live %d KiB, counted %d KiB", name, live>>10, counted>>10)
		if float64(live) > 1.1*float64(counted) {
			t.Errorf("%s hold %d KiB but are counted for %d KiB", name, live>>10, counted>>10)
		}
	}
	step("parsed tasks", func() {
		for i := range 4 {
			if _, _, err := s.load(context.Background(), Ref{ID: fmt.Sprintf("t%d", i)}); err != nil {
				t.Fatal(err)
			}
		}
	})
	step("comparison models and reports", func() {
		for i := range 3 {
			q := compareQuery{old: Ref{ID: "t0"}, new: Ref{ID: fmt.Sprintf("t%d", i+1)}}
			old, nw, ov, nv, err := s.loadPair(context.Background(), q.old, q.new)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.comparePage(context.Background(), q, old, nw, ov, nv); err != nil {
				t.Fatal(err)
			}
		}
	})
	step("pages", func() {
		for i := range 3 {
			request(s, "GET", fmt.Sprintf("/compare?old=t0&new=t%d&changes=0", i+1), "", "Accept-Encoding", "gzip")
		}
	})
	runtime.KeepAlive(s)
}
