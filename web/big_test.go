package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/web/ui"
)

// bigServer serves two generated tasks of n mappings, the second with 1% of them edited.
func bigServer(t testing.TB, n int) (*Server, []string) {
	t.Helper()
	dir := t.TempDir()
	old := taskgen.Response(taskgen.Options{Mappings: n, Seed: 7, TaskID: "big", Name: "orders_big"})
	nw, edited := taskgen.Mutate(old, 0.01, 7)
	for name, b := range map[string][]byte{"big.json": old, "big-v2.json": nw} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dirServer(t, dir), edited // its deadline is one no machine reaches: nothing here is about speed
}

var (
	changedRowRe = regexp.MustCompile(`<tr class="row sev-(breaking|warning|info)[^"]*" id="t-[^"]*"`)
	sameRowRe    = regexp.MustCompile(`<tr class="row sev-none same`)
	remoteGapRe  = regexp.MustCompile(`<a href="(/compare/rows\?[^"]+)" class="expand" data-from="(\d+)" data-to="(\d+)"`)
)

func TestBigCompareIsCollapsed(t *testing.T) {
	s, edited := bigServer(t, 2000)
	rec := get(t, s, "/compare?old=big&new=big-v2")
	if rec.Code != 200 {
		t.Fatalf("status %d\n%s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	changed := len(changedRowRe.FindAllString(body, -1))
	if changed == 0 || changed > len(edited) {
		t.Errorf("%d changed rows on the page; %d mappings were edited", changed, len(edited))
	}
	if n := len(sameRowRe.FindAllString(body, -1)); n != 0 {
		t.Errorf("changes only is the default for a big comparison, but %d unchanged rows were sent", n)
	}
	if !strings.Contains(body, `id="changes-only" class="reload" checked`) && !strings.Contains(body, `checked data-testid="changes-only" id="changes-only" class="reload"`) {
		t.Error(`"Changes only" is not ticked (and reloading) on a big comparison`)
	}
	gaps := remoteGapRe.FindAllStringSubmatch(body, -1)
	if len(gaps) == 0 {
		t.Fatal("no collapsed run links to its rows")
	}

	// changes=0: context rows around each change, the rest still collapsed.
	ctx := get(t, s, "/compare?old=big&new=big-v2&changes=0").Body.String()
	same := len(sameRowRe.FindAllString(ctx, -1))
	if same == 0 || same > 2*ui.ContextRows*changed {
		t.Errorf("changes=0 sent %d unchanged rows for %d changes; want context of at most %d each side", same, changed, ui.ContextRows)
	}

	// Each placeholder fetches exactly its rows: alone (part=1) or as a page.
	href := strings.ReplaceAll(gaps[0][1], "&amp;", "&")
	part := get(t, s, href+"&part=1")
	if part.Code != 200 {
		t.Fatalf("%s: status %d", href, part.Code)
	}
	from, to := atoiT(t, gaps[0][2]), atoiT(t, gaps[0][3])
	want := min(to-from, ui.MaxRange)
	if got := len(sameRowRe.FindAllString(part.Body.String(), -1)); got != want {
		t.Errorf("part=1 of rows %d..%d returned %d unchanged rows, want %d", from, to, got, want)
	}
	if strings.Contains(part.Body.String(), "<html") {
		t.Error("part=1 returned a whole page")
	}
	full := get(t, s, href)
	if full.Code != 200 || !strings.Contains(full.Body.String(), "<h1>Unchanged mappings") || !strings.Contains(full.Body.String(), "Back to the comparison") {
		t.Errorf("the rows page without JavaScript: status %d\n%.500s", full.Code, full.Body.String())
	}
	if bad := get(t, s, "/compare/rows?old=big&new=big-v2&from=9&to=2"); bad.Code != 400 {
		t.Errorf("from > to: status %d, want 400", bad.Code)
	}
}

func atoiT(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestBigTaskIsPaginated(t *testing.T) {
	s, _ := bigServer(t, 1200)
	rowRe := regexp.MustCompile(`data-testid="mapping-row"`)
	for _, tt := range []struct {
		target string
		rows   int
		first  string
	}{
		{"/tasks/big", ui.TaskPageSize, `id="m-0"`},
		{"/tasks/big?page=3", 1200 - 2*ui.TaskPageSize, `id="m-1000"`},
		{"/tasks/big?page=99", 1200 - 2*ui.TaskPageSize, `id="m-1000"`},
	} {
		rec := get(t, s, tt.target)
		body := rec.Body.String()
		if rec.Code != 200 {
			t.Fatalf("%s: status %d", tt.target, rec.Code)
		}
		if n := len(rowRe.FindAllString(body, -1)); n != tt.rows {
			t.Errorf("%s: %d mapping rows, want %d", tt.target, n, tt.rows)
		}
		if !strings.Contains(body, tt.first) || !strings.Contains(body, `data-testid="pager"`) {
			t.Errorf("%s: lacks %s or the pager", tt.target, tt.first)
		}
		if strings.Contains(body, `data-testid="raw"`) {
			t.Errorf("%s: prints the raw document of a big task", tt.target)
		}
	}
}

func TestCachedPagesRevalidate(t *testing.T) {
	s := newTestServer(t)
	for _, target := range []string{"/compare?old=seed&new=seed-v2", "/tasks/seed", "/compare.json?old=seed&new=seed-v2"} {
		t.Run(target, func(t *testing.T) {
			first := get(t, s, target)
			etag := first.Header().Get("ETag")
			if first.Code != 200 || etag == "" || first.Header().Get("Cache-Control") != "no-cache" {
				t.Fatalf("status %d, ETag %q, Cache-Control %q", first.Code, etag, first.Header().Get("Cache-Control"))
			}
			again := get(t, s, target, "If-None-Match", etag)
			if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
				t.Errorf("revisit with the ETag: status %d, %d bytes; want 304, empty", again.Code, again.Body.Len())
			}
			if other := get(t, s, target, "If-None-Match", `"stale"`); other.Code != 200 {
				t.Errorf("a stale ETag: status %d, want 200", other.Code)
			}
			gz := get(t, s, target, "Accept-Encoding", "gzip")
			if gz.Header().Get("Content-Encoding") != "gzip" {
				t.Fatalf("Accept-Encoding gzip: Content-Encoding %q", gz.Header().Get("Content-Encoding"))
			}
			zr, err := gzip.NewReader(gz.Body)
			if err != nil {
				t.Fatal(err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(plain, first.Body.Bytes()) {
				t.Error("the gzip body does not decode to the page")
			}
			if g := get(t, s, target, "Accept-Encoding", "gzip", "If-None-Match", gz.Header().Get("ETag")); g.Code != http.StatusNotModified {
				t.Errorf("revisit with the gzip ETag %s: status %d", gz.Header().Get("ETag"), g.Code)
			}
		})
	}
	// Pages that are not cached are compressed by the middleware.
	idx := get(t, s, "/", "Accept-Encoding", "gzip")
	if ce := idx.Header().Get("Content-Encoding"); ce != "gzip" {
		t.Errorf("/ with Accept-Encoding gzip: Content-Encoding %q", ce)
	}
}

func TestSmallThings(t *testing.T) {
	s := newTestServer(t)
	for _, target := range []string{"/", "/tasks/seed", "/compare?old=seed&new=seed-v2"} {
		req := httptest.NewRequest(http.MethodHead, target, nil)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Body.Len() != 0 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			t.Errorf("HEAD %s: status %d, %d body bytes, type %q", target, rec.Code, rec.Body.Len(), rec.Header().Get("Content-Type"))
		}
	}
	if rec := get(t, s, "/favicon.ico"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "<svg") {
		t.Errorf("/favicon.ico: status %d", rec.Code)
	}
	cmp := get(t, s, "/compare?old=seed&new=seed-v2").Body.String()
	for _, want := range []string{
		"<title>fdi_task_pzy4m5 → fdi_task_pzy4m5_v2 · fdireview</title>", // names, not ids
		"Match column names case-insensitively",
		`<a class="skip" href="#main">`,
		`data-testid="download-html"`,
	} {
		if !strings.Contains(cmp, want) {
			t.Errorf("compare page lacks %q", want)
		}
	}
	if h1 := strings.Count(cmp, "<h1"); h1 != 1 {
		t.Errorf("compare page has %d h1 elements, want 1", h1)
	}
	if html := get(t, s, "/compare.html?old=seed&new=seed-v2"); html.Code != 200 || !strings.Contains(html.Header().Get("Content-Disposition"), ".html") {
		t.Errorf("/compare.html: status %d, disposition %q", html.Code, html.Header().Get("Content-Disposition"))
	}
	if idx := get(t, s, "/").Body.String(); strings.Contains(idx, "invalid task: invalid task") {
		t.Error(`the task list says "invalid task: invalid task"`)
	}
	for _, page := range []string{"/tasks/seed?", "/compare?old=seed&new=seed-v2&", "/?", "/compare-sets?"} {
		if dark := get(t, s, page+"theme=dark").Body.String(); !strings.Contains(dark, `<html lang="en" data-theme="dark">`) {
			t.Errorf("%stheme=dark does not set the page's theme", page)
		}
	}
}

func TestUploadShowsBothSides(t *testing.T) {
	s := newTestServer(t)
	brokenA, brokenB := `{"task_detail": "{"}`, `not json at all`
	v := url.Values{"old_text": {brokenA}, "new_text": {brokenB}}
	req := httptest.NewRequest(http.MethodPost, "/compare/files", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	body := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d\n%s", rec.Code, body)
	}
	for _, want := range []string{"Old: pasted old", "New: pasted new", `{&#34;task_detail&#34;: &#34;{&#34;}</textarea>`, "not json at all</textarea>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the upload error page lacks %q", want)
		}
	}

	seed, _ := os.ReadFile("testdata/tasks/seed.json")
	v2, _ := os.ReadFile("testdata/tasks/seed-v2.json")
	v = url.Values{"old_text": {string(seed)}, "new_text": {string(v2)}}
	req = httptest.NewRequest(http.MethodPost, "/compare/files", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	body = rec.Body.String()
	for _, want := range []string{`data-testid="upload-notice"`, `data-testid="download-JSON"`, `href="data:application/json;charset=utf-8;base64,`, `data-testid="download-HTML"`, `data-testid="download-Markdown"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the upload result lacks %q", want)
		}
	}
	if strings.Contains(body, "address bar keeps") {
		t.Error("the upload result claims the address keeps it")
	}
}

func TestClientGoneIsNotAnError(t *testing.T) {
	var logs bytes.Buffer
	s := newTestServer(t, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest(http.MethodGet, "/compare?old=seed&new=seed-v2", nil).WithContext(ctx)
	s.ServeHTTP(httptest.NewRecorder(), req)
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a request whose client left was logged as an error:\n%s", logs.String())
	}
}
