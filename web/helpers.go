package web

import (
	"context"
	"embed"
	"io"
	"io/fs"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

//go:embed static
var staticFiles embed.FS

// staticFS is the static folder (app.css, app.js) served under /static/.
func staticFS() fs.FS {
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	return sub
}

// appCSS is the style sheet, inlined by the standalone report.
var appCSS = func() string {
	b, err := staticFiles.ReadFile("static/app.css")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// inlineCSS writes the embedded style sheet in a <style> element. Only our own CSS goes
// through here, never task data.
func inlineCSS() templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, "<style>\n"+strings.ReplaceAll(appCSS, "</", `<\/`)+"</style>")
		return err
	})
}

func itoa(i int) string { return strconv.Itoa(i) }

func sortStrings(s []string) { sort.Strings(s) }

// searchText is what the live filter on the task list matches, lower case.
func searchText(s Entry) string {
	return strings.ToLower(strings.Join([]string{s.RefText, s.ID, s.Name, s.Type, s.Status, s.SourceTable, s.TargetTable, s.SourceType, s.TargetType}, " "))
}

// matches reports whether a summary matches a filter query (all words, any field).
func matches(s Entry, q string) bool {
	hay := searchText(s)
	for _, w := range strings.Fields(strings.ToLower(q)) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

func countRows(rows []cmpRow) int {
	n := 0
	for i := range rows {
		if rows[i].Gap == 0 {
			n++
		}
	}
	return n
}

// gapLink shows the rows a gap hides: the same comparison without "changes only".
func gapLink(p *comparePage, group int) string {
	if p.Query == "" {
		return "#cmpwrap"
	}
	return p.link("/compare", "sev", p.Severity) + "#cmpwrap"
}

// valueText renders a change's old or new value for people.
func valueText(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		return x
	}
	return jsonText(v, 400)
}

// templRender adapts a templ component to gin's render.Render, as templ's gin example
// does: c.Render(status, templRender{...}).
type templRender struct {
	ctx       context.Context
	component templ.Component
}

// Render implements render.Render.
func (r templRender) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return r.component.Render(r.ctx, w)
}

// WriteContentType implements render.Render.
func (r templRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
}

// defaultPair preselects the compare form: two tasks whose names differ only by a
// version suffix ("orders" and "orders_v2": old is the shorter name), else the first two.
func defaultPair(tasks []Entry) (old, new string) {
	base := func(n string) string {
		n = strings.ToLower(n)
		if i := strings.LastIndexAny(n, "_-."); i > 0 {
			suf := n[i+1:]
			if len(suf) > 1 && suf[0] == 'v' && strings.Trim(suf[1:], "0123456789") == "" {
				return n[:i]
			}
		}
		return n
	}
	byBase := map[string]int{}
	for i, t := range tasks {
		if t.Name == "" || t.Problem != "" {
			continue
		}
		b := base(t.Name)
		if j, ok := byBase[b]; ok {
			a, c := tasks[j], tasks[i]
			if len(c.Name) < len(a.Name) {
				a, c = c, a
			}
			return a.RefText, c.RefText
		}
		byBase[b] = i
	}
	switch len(tasks) {
	case 0:
		return "", ""
	case 1:
		return tasks[0].RefText, ""
	}
	return tasks[0].RefText, tasks[1].RefText
}
