// Package web is the fdireview viewer: the gin handlers that show one FDI task (its
// mapping table first) and the difference between two tasks, side by side. The pages
// themselves (view models, templ components, static files, the standalone HTML report)
// live in web/ui, which does not import gin, so the CLI can use them.
//
// The package holds no business logic. Tasks come from a TaskSource (a folder of saved
// responses, or the FDI API through roma); rawform parses and checks them; diff compares
// them; this package only arranges the results into pages, JSON endpoints and a
// self-contained HTML report (ui.WriteReport).
//
// Pages work without JavaScript: every filter is a query parameter, so the URL is the
// state and a permalink. A small script (static/app.js) makes the filters instant. The
// server sends a strict Content-Security-Policy; CSS and JS are static files from an
// embedded file system, and task text is always escaped by templ.
//
// Routes:
//
//	GET  /                       task picker, filter box, compare form
//	GET  /tasks/{ref}            one task: mapping table, problems, settings, raw task_detail
//	GET  /compare?old=R&new=R    the diff (changes=1, sev=breaking|warning|info filter it)
//	GET  /compare.json, .md      the report for download (diff.WriteJSON / diff.WriteMarkdown)
//	POST /compare/files          compare two uploaded or pasted responses (size-limited)
//	GET  /api/tasks, /api/tasks/{ref}, /api/compare   the same data as JSON
//	GET  /healthz                liveness
//
// A task reference R is "task" (the source's default instance) or "instance/task".
package web
