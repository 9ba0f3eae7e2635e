package web

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

// setsFolder builds a folder whose sub-folders dev and prod are two snapshots: seed
// changed (into the xss task: same name and id, markup in its description and columns),
// crm unchanged, orders removed, invoices added.
func setsFolder(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"dev/seed.json":      "../taskset/testdata/sets/a/seed.json",
		"dev/crm.json":       "../taskset/testdata/sets/a/crm.json",
		"dev/orders.json":    "../taskset/testdata/sets/a/orders.json",
		"prod/seed.json":     "testdata/tasks/xss.json",
		"prod/crm.json":      "../taskset/testdata/sets/b/crm.json",
		"prod/invoices.json": "../taskset/testdata/sets/b/invoices.json",
		"top.json":           "testdata/tasks/seed.json",
	}
	for to, from := range files {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, to)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func setsServer(t *testing.T) *Server {
	t.Helper()
	return dirServer(t, setsFolder(t))
}

// setRows reads the rows of the set table: name and status, in order.
func setRows(t *testing.T, body []byte) []string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" && attr(n, "data-testid") == "set-row" {
			rows = append(rows, attr(n, "data-status")+" "+strings.TrimSpace(textOf(n, "set-name")))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return rows
}

// textOf returns the text of the first element under n with the data-testid.
func textOf(n *html.Node, testid string) string {
	if n.Type == html.ElementNode && attr(n, "data-testid") == testid {
		var b strings.Builder
		var all func(*html.Node)
		all = func(n *html.Node) {
			if n.Type == html.TextNode {
				b.WriteString(n.Data)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				all(c)
			}
		}
		all(n)
		return b.String()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if s := textOf(c, testid); s != "" {
			return s
		}
	}
	return ""
}

func TestCompareSets(t *testing.T) {
	s := setsServer(t)
	tests := []struct {
		target   string
		status   int
		rows     []string
		contains []string
	}{
		{"/compare-sets?old=dev&new=prod", 200,
			[]string{"removed orders_from_api", "changed fdi_task_pzy4m5", "added invoices_sync", "unchanged crm_customer_sync"},
			[]string{`href="/compare?old=dev%2Fseed&amp;new=prod%2Fseed"`, `data-testid="set-count-changed"`, `href="/tasks/dev/orders"`,
				`<div class="topchange">breaking: `}}, // not the page header's class
		{"/compare-sets?old=dev&new=prod&status=added", 200, []string{"added invoices_sync"},
			[]string{`class="badge set-added active"`}},
		{"/compare-sets?old=dev&new=prod&q=CRM", 200, []string{"unchanged crm_customer_sync"}, nil},
		{"/compare-sets?old=.&new=dev", 200,
			[]string{"added crm_customer_sync", "added orders_from_api", "unchanged fdi_task_pzy4m5"}, nil},
		{"/compare-sets", 200, nil, []string{`data-testid="set-form"`, `<option value="dev">`, `<option value="prod">`, `<option value=".">`}},
		{"/compare-sets?old=dev", 400, nil, nil},
		{"/compare-sets?old=dev&new=prod&status=weird", 400, nil, nil},
		{"/compare-sets?old=dev&new=nope", 404, nil, nil},
		{"/compare-sets?old=dev&new=..", 404, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := get(t, s, tt.target)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d\n%s", rec.Code, tt.status, rec.Body)
			}
			if tt.status != 200 {
				return
			}
			if got := setRows(t, rec.Body.Bytes()); strings.Join(got, "|") != strings.Join(tt.rows, "|") {
				t.Errorf("rows %q, want %q", got, tt.rows)
			}
			for _, c := range tt.contains {
				if !strings.Contains(rec.Body.String(), c) {
					t.Errorf("no %q in the page", c)
				}
			}
		})
	}
	if rec := get(t, s, "/compare-sets?old=dev&new=nope"); !strings.Contains(rec.Body.String(), "There is no sub-folder &#34;nope&#34; in folder ") {
		t.Errorf("the 404 does not say which sub-folder is missing:\n%s", rec.Body)
	}
	if rec := get(t, s, "/"); !strings.Contains(rec.Body.String(), `action="/compare-sets"`) {
		t.Error("the index page does not offer the set comparison")
	}
}

// TestCompareSetsEscapes: the changes shown (markup in the xss task's description and
// columns) and task names from the FDI list (not validated by anyone) are text, never
// markup.
func TestCompareSetsEscapes(t *testing.T) {
	check := func(t *testing.T, body []byte, texts ...string) {
		t.Helper()
		doc, err := html.Parse(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "script":
					if attr(n, "src") != "/static/app.js" || n.FirstChild != nil {
						t.Errorf("injected <script>")
					}
				case "img", "iframe", "style":
					t.Errorf("injected <%s>", n.Data)
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(a.Key, "on") {
						t.Errorf("<%s> has %s", n.Data, a.Key)
					}
				}
			}
			if n.Type == html.TextNode {
				text.WriteString(n.Data)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		for _, want := range texts {
			if !strings.Contains(text.String(), want) {
				t.Errorf("%q not shown as text", want)
			}
		}
	}
	t.Run("folder", func(t *testing.T) {
		rec := get(t, setsServer(t), "/compare-sets?old=dev&new=prod&status=changed")
		if rec.Code != 200 {
			t.Fatalf("status %d", rec.Code)
		}
		check(t, rec.Body.Bytes(), "id: source column id → 名字_✓")
	})
	t.Run("instance", func(t *testing.T) {
		evil := `<img src=x onerror=alert(9)>"&'`
		var seed []byte
		for _, e := range romatest.Examples() {
			if e.ID == "9496207a5d6b44b486d79005b5815bd4" {
				seed = e.Body
			}
		}
		body := bytes.Replace(seed, []byte(`"task_name" : "fdi_task_pzy4m5"`), []byte(`"task_name" : "`+strings.ReplaceAll(evil, `"`, `\"`)+`"`), 1)
		if bytes.Equal(body, seed) {
			t.Fatal("the name was not replaced")
		}
		task, err := romatest.FixtureFromBody(body)
		if err != nil {
			t.Fatal(err)
		}
		var crm romatest.Fixture
		for _, e := range romatest.Examples() {
			if e.ID == "0e4f6a8b2c1d4e3f9a7b5c6d8e0f1a2b" {
				crm = e
			}
		}
		fake := romatest.NewServer(task, crm)
		defer fake.Close()
		fake.SetMaxPageSize(1) // the instance is listed page by page
		c, err := roma.New(fake.URL, roma.WithToken(romatest.DefaultToken))
		if err != nil {
			t.Fatal(err)
		}
		// A deadline no loaded machine reaches: nothing here is about speed.
		s, err := New(Config{Source: NewRomaSource(c, romatest.ProjectID, romatest.InstanceID, "fake FDI"), UpstreamTimeout: 5 * time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		rec := get(t, s, "/compare-sets?old=.&new=other-instance")
		if rec.Code != 200 {
			t.Fatalf("status %d\n%s", rec.Code, rec.Body)
		}
		if got := setRows(t, rec.Body.Bytes()); len(got) != 2 || got[0] != "invalid "+evil || got[1] != "unchanged crm_customer_sync" {
			t.Errorf("rows %q, want the invalid task and crm (two pages of one task)", got)
		}
		check(t, rec.Body.Bytes(), evil)
	})
}

// ListSet reads only the set's folder: the other folders' files are not summarised.
func TestDirSourceListSetReadsOneFolder(t *testing.T) {
	src, err := NewDirSource(setsFolder(t), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	entries, err := src.ListSet(t.Context(), "dev")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.RefText)
	}
	if want := "dev/crm dev/orders dev/seed"; strings.Join(got, " ") != want {
		t.Errorf("ListSet(dev) = %q, want %s", got, want)
	}
	if len(src.summary) != len(entries) {
		t.Errorf("ListSet(dev) summarised %d files, want %d (its own)", len(src.summary), len(entries))
	}
}

// TestCompareSetsUnknownInstance: with an FDI API that knows only its instances (the
// demo's fake, SetInstances), a mistyped instance is a 404 naming it, not the same tasks
// again nor an empty set (issue #21: every name returned the demo's five tasks).
func TestCompareSetsUnknownInstance(t *testing.T) {
	fake := romatest.NewServer(romatest.Examples()...)
	t.Cleanup(fake.Close)
	fake.SetInstances(romatest.InstanceID)
	c, err := roma.New(fake.URL, roma.WithToken(romatest.DefaultToken))
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Source: NewRomaSource(c, romatest.ProjectID, romatest.InstanceID, "fake FDI"), UpstreamTimeout: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		target string
		status int
		says   string
	}{
		{"/compare-sets?old=.&new=" + romatest.InstanceID, 200, `data-testid="set-table"`},
		{"/compare-sets?old=.&new=db93bfe1-typo", 404, "There is no instance &#34;db93bfe1-typo&#34; in project " + romatest.ProjectID},
		{"/compare-sets?old=nope&new=.", 404, "There is no instance &#34;nope&#34;"},
	} {
		t.Run(tt.target, func(t *testing.T) {
			rec := get(t, s, tt.target)
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.says) {
				t.Errorf("status %d, want %d saying %q:\n%s", rec.Code, tt.status, tt.says, rec.Body)
			}
		})
	}
}
