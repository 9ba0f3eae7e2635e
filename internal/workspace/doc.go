// Package workspace makes `go test ./...` at the repository root test the whole repository.
//
// The repository holds three modules (see go.work): the library at the root
// (github.com/fdireview/fdireview: rawform, diff, accept, roma, taskset, textconv, schema),
// the viewer's web packages (./web) and the commands (./cmd). They are separate so that a
// program importing the library gets none of the viewer's dependencies (gin, templ,
// chromedp) and keeps its own go directive. A `./...` pattern, however, never crosses into
// another module, so the README's `go test ./...` would test only the library; the test in
// this package runs the nested modules' tests too, with the same -run, -short, -v and
// -count settings, and fails with their output when they fail.
//
// Outside a checkout (the library as a dependency in a module cache, where the nested
// modules are not part of the module's files) it skips.
package workspace
