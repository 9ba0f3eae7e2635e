// Package depcheck holds tests about the module as others import it: which packages each
// library package pulls into a build, and a consumer module (testdata/consumer) that imports
// rawform, diff and roma the way a user's program would and must build without the web stack.
//
// It has no code of its own; the tests run the go command, which must be on PATH (it is
// wherever `go test` runs). They need no network: the consumer resolves its requirements with
// GOPROXY=off from the module cache that building this module filled.
package depcheck
