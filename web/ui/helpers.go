package ui

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/a-h/templ"

	"github.com/fdireview/fdireview/internal/safetext"
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
//
// A Content-Security-Policy meta tag comes first: a report file opened from disk or an
// e-mail has no server to send the header, so the file carries it. It allows this style
// element alone (by its hash) and nothing else: no script, no image, no request.
func inlineCSS() templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, `<meta http-equiv="Content-Security-Policy" content="`+StandaloneCSP()+`"/>`+"<style>"+standaloneStyle()+"</style>")
		return err
	})
}

// standaloneStyle is the content of a standalone report's style element.
var standaloneStyle = sync.OnceValue(func() string { return "\n" + strings.ReplaceAll(appCSS, "</", `<\/`) })

// StandaloneCSP is the policy a standalone report (WriteReport) declares in a meta tag.
var StandaloneCSP = sync.OnceValue(func() string {
	h := sha256.Sum256([]byte(standaloneStyle()))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'; base-uri 'none'; form-action 'none'"
})

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

// visible shows untrusted text with control characters escaped and invisible or
// bidirectional characters spelled out (safetext.Visible): "em⟨U+200B⟩ail".
// Line feeds and tabs are kept (raw documents, SQL).
func visible(s string) string { return safetext.VisibleText(s) }

// name shows an untrusted name (task, table, column): made visible, and isolated in a
// <bdi> element so that right-to-left text inside it cannot reorder the text around it.
// A name that held invisible or bidirectional characters is marked with a warning.
func name(s string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		v := templ.EscapeString(safetext.Visible(s))
		if !safetext.Suspicious(s) {
			_, err := io.WriteString(w, "<bdi>"+v+"</bdi>")
			return err
		}
		_, err := io.WriteString(w, `<bdi class="hidden-chars" data-testid="hidden-chars">`+v+`</bdi> <span class="hidden-warning" title="This name holds invisible or bidirectional characters, shown as ⟨U+…⟩: it may not be the name it looks like.">⚠ hidden characters</span>`)
		return err
	})
}
