package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/fdireview/fdireview/internal/taskgen"
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

// TestDiffHTMLBigIsChangesOnly: the standalone report of a 10,000-mapping pair with 100
// edited mappings shows changes only (as /compare does above 200 unchanged rows) and
// stays under 1 MB; --all-rows includes every row. Sizes are asserted, not times.
func TestDiffHTMLBigIsChangesOnly(t *testing.T) {
	dir := t.TempDir()
	old := taskgen.Response(taskgen.Options{Mappings: 10000, Seed: 21, Name: "orders_big"})
	nw, changed := taskgen.Mutate(old, 0.01, 21)
	if len(changed) != 100 {
		t.Fatalf("%d mappings edited, want 100", len(changed))
	}
	oldPath, newPath := filepath.Join(dir, "old.json"), filepath.Join(dir, "new.json")
	for path, b := range map[string][]byte{oldPath: old, newPath: nw} {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name     string
		flags    []string
		maxBytes int
		wantRows func(same int) bool
		wantNote bool
	}{
		{"default: changes only", nil, 1 << 20, func(same int) bool { return same == 0 }, true},
		{"--all-rows", []string{"--all-rows"}, 0, func(same int) bool { return same > 9800 }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{"diff", "--format", "html"}, tt.flags...), oldPath, newPath)
			code, out, stderr := runFDI(t, "", args...)
			if code != 1 {
				t.Fatalf("exit %d, want 1; stderr: %s", code, stderr)
			}
			t.Logf("%s: %d bytes", tt.name, len(out))
			if tt.maxBytes > 0 && len(out) > tt.maxBytes {
				t.Errorf("the report is %d bytes, want at most %d", len(out), tt.maxBytes)
			}
			if same := strings.Count(out, `class="row sev-none same"`); !tt.wantRows(same) {
				t.Errorf("%d unchanged rows in the file", same)
			}
			if got := strings.Contains(out, `data-testid="changes-only-note"`); got != tt.wantNote {
				t.Errorf("changes-only note shown: %v, want %v", got, tt.wantNote)
			}
			// Every changed mapping is in the file, whichever the default.
			if n := strings.Count(out, `data-testid="cmp-row" data-severity=`); n < 90 {
				t.Errorf("%d changed rows in the file, want about 100", n)
			}
		})
	}
}
