package ui

import (
	"context"
	"embed"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

//go:embed static
var staticFiles embed.FS

// Static is the folder of static files (app.css, app.js) the pages link under /static/.
func Static() fs.FS {
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

// gapLink shows the rows a gap hides: the same comparison without "changes only".
func gapLink(p *ComparePage, group int) string {
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
