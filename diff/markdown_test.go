package diff

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/rawform"
)

// bigPair is a generated n-mapping task and a copy with fraction of its mappings changed.
func bigPair(t testing.TB, n int, fraction float64) *Report {
	body := taskgen.Response(taskgen.Options{Mappings: n, Seed: 11})
	mutated, _ := taskgen.Mutate(body, fraction, 11)
	limits := rawform.WithLimits(rawform.Limits{MaxBytes: 1 << 30, MaxMappings: 1 << 20, MaxColumns: 1 << 20})
	return Tasks(mustParse(t, body, limits), mustParse(t, mutated, limits))
}

// chars counts as WriteMarkdownLimit does.
func chars(s string) int { return (&mdWriter{}).size(s) }

// checkGFM renders md with goldmark's GitHub-flavoured Markdown and checks its structure:
// every table row the Markdown holds is a row of a rendered table (nothing broke a table),
// <details> blocks are balanced, and no HTML other than details/summary/br is raw.
func checkGFM(t *testing.T, md string) string {
	t.Helper()
	var out bytes.Buffer
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	if err := gm.Convert([]byte(md), &out); err != nil {
		t.Fatal(err)
	}
	h := out.String()
	rows := 0
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "| ") && !strings.HasPrefix(l, "| ---") {
			rows++
		}
	}
	if got := strings.Count(h, "<tr>"); got != rows {
		t.Errorf("%d table rows in the Markdown, %d rendered", rows, got)
	}
	if o, c := strings.Count(h, "<details>"), strings.Count(h, "</details>"); o != c {
		t.Errorf("%d <details> and %d </details>", o, c)
	}
	for _, tag := range regexp.MustCompile(`<[a-z]+`).FindAllString(md, -1) {
		switch tag {
		case "<details", "<summary", "<br":
		default:
			t.Errorf("raw HTML %s in the Markdown", tag)
		}
	}
	return h
}

// TestMarkdownFitsAComment: the report of a 10,000-mapping pair with 10% of the mappings
// changed fits a GitHub comment, names the breaking count on its first line, is valid
// GFM, and says what it cut.
func TestMarkdownFitsAComment(t *testing.T) {
	r := bigPair(t, 10_000, 0.10)
	var b bytes.Buffer
	if err := WriteMarkdown(&b, r); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	if n := chars(md); n > MarkdownLimit {
		t.Fatalf("%d characters, over %d", n, MarkdownLimit)
	}
	first := strings.SplitN(md, "\n", 2)[0]
	if !strings.Contains(first, fmt.Sprintf("**%d breaking**", r.Summary.Breaking)) || r.Summary.Breaking == 0 {
		t.Errorf("first line does not name the %d breaking changes: %s", r.Summary.Breaking, first)
	}
	m := regexp.MustCompile("… and ([0-9]+) more changes \\(full report: `fdi diff --format json`\\)").FindStringSubmatch(md)
	if m == nil {
		t.Fatal("no '… and N more changes' line")
	}
	var shown int
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "| ") && !strings.HasPrefix(l, "| ---") && !strings.HasPrefix(l, "| column |") {
			shown++
		}
	}
	if want := fmt.Sprint(len(r.Changes) - shown); m[1] != want {
		t.Errorf("says %s more, want %s (%d changes, %d shown)", m[1], want, len(r.Changes), shown)
	}
	checkGFM(t, md)
	golden(t, filepath.Join("..", "testdata", "golden", "markdown", "10k-10pct.md"), md)
}

// TestMarkdownLimits: whatever the limit, the output keeps to it (a limit of a few
// kilobytes upwards), the breaking changes come first, and the cut is announced.
func TestMarkdownLimits(t *testing.T) {
	r := bigPair(t, 500, 0.2)
	var full bytes.Buffer
	if err := WriteMarkdownLimit(&full, r, 0); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(full.String(), "more change") {
		t.Error("unlimited output was cut")
	}
	checkGFM(t, full.String())
	for _, limit := range []int{2000, 5000, 20000, chars(full.String()), chars(full.String()) - 1} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteMarkdownLimit(&b, r, limit); err != nil {
				t.Fatal(err)
			}
			md := b.String()
			if n := chars(md); n > limit {
				t.Errorf("%d characters over the limit %d", n, limit)
			}
			cut := strings.Contains(md, "more change")
			if cut != (limit < chars(full.String())) {
				t.Errorf("cut = %v at limit %d (full %d)", cut, limit, chars(full.String()))
			}
			checkGFM(t, md)
		})
	}
	var small bytes.Buffer
	_ = WriteMarkdownLimit(&small, r, 6000)
	golden(t, filepath.Join("..", "testdata", "golden", "markdown", "500-20pct-6000.md"), small.String())
}

// TestMarkdownAccepted: accepted changes leave the severity counts and are listed with
// their reason in their own block.
func TestMarkdownAccepted(t *testing.T) {
	old, new := seedPair(t)
	r := Tasks(old, new)
	r.Changes[0].Accepted = &Acceptance{Reason: "name is capped at 100 | by design", By: "alice", Expires: "2027-01-31", Entry: "fdi-accepted.toml:3"}
	r.Recount()
	var b bytes.Buffer
	_ = WriteMarkdown(&b, r)
	md := b.String()
	h := checkGFM(t, md)
	if !strings.Contains(md, "**1 breaking**, 1 warning, 2 info, 1 accepted (5 changes)") {
		t.Errorf("summary line: %s", strings.SplitN(md, "\n", 2)[0])
	}
	if !strings.Contains(h, "<summary>accepted (1)</summary>") || !strings.Contains(h, "name is capped at 100 | by design (by alice, expires 2027-01-31)") {
		t.Errorf("no accepted block with the reason:\n%s", md)
	}
	golden(t, filepath.Join("..", "testdata", "golden", "markdown", "seed-accepted.md"), md)
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s (-want +got):\n%s", path, d)
	}
}
