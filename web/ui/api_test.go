package ui

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/fdireview/fdireview/rawform"
)

// updateUI rewrites this file's golden page. (Not "-update": another test file of the
// package may define that flag, and two definitions panic; -update is honoured when one
// does.)
var updateUI = flag.Bool("update-ui", false, "rewrite the golden pages of api_test.go")

func updating() bool {
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		return true
	}
	return *updateUI
}

// TestTaskPageAPIRequest renders the task page of the real API-source request: its two
// mappingInput mappings are rows of the same mapping table, marked as API fields (flag
// "api", row class "api"), each linked to its own line of the raw task_detail
// (raw-api-N); error_handler and afterImplementation are listed with the task settings.
// The whole page is a golden file (testdata/golden/task-api-request.html, -update-ui).
func TestTaskPageAPIRequest(t *testing.T) {
	body, err := os.ReadFile("../../testdata/examples/create-request-api-to-oracle.json")
	if err != nil {
		t.Fatal(err)
	}
	task, err := rawform.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := TaskView(BuildTaskPage(Chrome{Title: "api-request"}, "api-request", task)).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var rows []string        // "id class: text of the flag cell"
	ids := map[string]bool{} // every id on the page
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if id := attr(n, "id"); id != "" {
				ids[id] = true
			}
			if attr(n, "data-testid") == "mapping-row" {
				rows = append(rows, attr(n, "id")+" "+attr(n, "class")+": "+text(n))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(rows) != 2 {
		t.Fatalf("%d mapping rows, want 2: %q", len(rows), rows)
	}
	for i, want := range []string{"m-0 api: 0nameString→RES_SUBNET_IP_BETAVARCHAR2(32)NULLapi", "m-1 api: 1ageInteger→METRIC_DATAVARCHAR2(2048)NULLapi"} {
		if rows[i] != want {
			t.Errorf("row %d = %q, want %q", i, rows[i], want)
		}
	}
	for _, id := range []string{"raw-api-0", "raw-api-1"} {
		if !ids[id] {
			t.Errorf("no anchor %s in the raw task_detail", id)
		}
	}
	for _, s := range []string{"error_handler", "afterImplementation", "lgytest99", "data1", "API (by its keys)"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("page does not show %s", s)
		}
	}

	path := filepath.Join("testdata", "golden", "task-api-request.html")
	if updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./web/ui -update-ui)", err)
	}
	if !bytes.Equal(want, b.Bytes()) {
		t.Errorf("page differs from %s (run go test ./web/ui -update-ui if intended)", path)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	if n.Type == html.TextNode {
		return strings.TrimSpace(n.Data)
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(text(c))
	}
	return b.String()
}
