// Package ui holds the viewer's pages: the view models that arrange parsed tasks and
// diff reports for people, the templ components that render them, the static files
// (style sheet and script) and WriteReport, the self-contained HTML report.
//
// It is separate from package web (the gin handlers) so that the CLI can write an HTML
// report without linking an HTTP framework: ui imports neither gin nor net/http
// handlers, only rawform, diff and templ. Task text is always escaped by templ.
package ui
