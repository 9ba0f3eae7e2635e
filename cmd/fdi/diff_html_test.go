package main

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestDiffHTML checks that --format html writes one self-contained page: parseable HTML, the
// CSS inlined, no script and no external resource, and the same counts as the JSON report.
func TestDiffHTML(t *testing.T) {
	dir := filepath.Join(pairs, "length-narrowed")
	args := []string{"diff", "--format", "html", dir + "/old.json", dir + "/new.json"}
	code, out, stderr := runFDI(t, "", args...)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr: %s", code, stderr)
	}
	_, jsonOut, _ := runFDI(t, "", "diff", "--format", "json", dir+"/old.json", dir+"/new.json")
	var rep struct {
		Summary struct{ Breaking, Warning, Info int }
	}
	if err := json.Unmarshal([]byte(jsonOut), &rep); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatalf("not HTML: %v", err)
	}
	badges := map[string]string{}
	styles := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				t.Error("standalone report contains a <script>")
			case "style":
				styles++
			case "link", "img", "iframe":
				t.Errorf("standalone report loads an external resource: <%s>", n.Data)
			}
			for _, a := range n.Attr {
				if a.Key == "data-testid" && strings.HasPrefix(a.Val, "badge-") && n.FirstChild != nil {
					if b := n.FirstChild; b.Type == html.ElementNode && b.FirstChild != nil {
						badges[strings.TrimPrefix(a.Val, "badge-")] = b.FirstChild.Data
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if styles == 0 {
		t.Error("no inline <style>")
	}
	want := map[string]int{"breaking": rep.Summary.Breaking, "warning": rep.Summary.Warning, "info": rep.Summary.Info}
	for sev, n := range want {
		if got := badges[sev]; got != strconv.Itoa(n) {
			t.Errorf("badge %s = %q, want %d (badges %v)", sev, got, n, badges)
		}
	}
}
