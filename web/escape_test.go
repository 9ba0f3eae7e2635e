package web

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestEscaping renders pages of a task whose column names, description and SQL hold
// markup, quotes and unicode, and checks that no element or attribute was injected and
// that the text reads back exactly.
func TestEscaping(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		target string
		texts  []string // must appear as text, verbatim
	}{
		{"/tasks/xss", []string{"<script>alert(1)</script>", `"quoted" & 'single'`, "名字_✓", `</pre><script>alert(2)</script>`, `<b onmouseover="alert(3)">desc</b>`}},
		{"/compare?old=seed&new=xss", []string{"<script>alert(1)</script>", `"quoted" & 'single'`, "名字_✓"}},
		{"/compare?old=xss&new=seed", []string{"<script>alert(1)</script>"}},
		{"/?q=" + "%3Cscript%3E", nil},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := get(t, s, tt.target)
			if rec.Code != 200 {
				t.Fatalf("status %d\n%s", rec.Code, rec.Body)
			}
			doc, err := html.Parse(bytes.NewReader(rec.Body.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			var walk func(*html.Node)
			walk = func(n *html.Node) {
				if n.Type == html.ElementNode {
					switch n.Data {
					case "script":
						if src := attr(n, "src"); src != "/static/app.js" || n.FirstChild != nil {
							t.Errorf("injected or inline <script src=%q>", src)
						}
					case "style", "iframe", "img", "object", "embed":
						t.Errorf("unexpected <%s> element", n.Data)
					}
					for _, a := range n.Attr {
						if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
							t.Errorf("<%s> has attribute %s=%q", n.Data, a.Key, a.Val)
						}
						if (a.Key == "href" || a.Key == "src" || a.Key == "action") && strings.Contains(strings.ToLower(a.Val), "javascript:") {
							t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
						}
					}
				}
				if n.Type == html.TextNode {
					text.WriteString(n.Data)
					text.WriteByte('\n')
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
			}
			walk(doc)
			for _, want := range tt.texts {
				if !strings.Contains(text.String(), want) {
					t.Errorf("text %q not shown verbatim", want)
				}
			}
		})
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
