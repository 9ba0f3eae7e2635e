// Package fuzz holds the fuzz targets that keep the parser and the diff from panicking,
// hanging, exhausting memory or silently losing data, whatever the input:
//
//   - FuzzParse: any bytes as a full task response, strict and lenient. Either a Task or an
//     *rawform.Error with at least one problem, each with an RFC 6901 JSON Pointer and a
//     line:column inside the document the pointer addresses; when that document is JSON
//     the pointer resolves in it — or, for a missing required key or an unknown key (which
//     point one level below an existing object), its parent does. Pointers under
//     /task_detail address the decoded inner document and their line:column are inside
//     the task_detail text. A repeated key (after unescaping, in the input or in its
//     task_detail document) is reported as duplicate_key in both modes, and never
//     otherwise. Accepted input is lossless (the encoded task is the same JSON value as
//     the input, numbers compared by spelling) and round-trips: encode → parse gives an
//     equal Task, and encoding is a fixed point after one round.
//   - FuzzParseDetail: the same for bare task_detail documents (every ParseDetail pointer
//     is under /task_detail), and for the same bytes put inside an envelope's task_detail
//     string, escaped and raw (escapes, \u sequences, invalid UTF-8, BOM, huge numbers,
//     "11 ", "+11", "1e3", "0x10" as string-encoded numbers, duplicate keys). A detail
//     accepted both bare and in an envelope reads the same. TestQuirks pins the decisions:
//     strict and lenient both refuse duplicate keys with a duplicate_key problem, and
//     string-encoded numbers must read back exactly as written.
//   - FuzzDiff: two inputs parsed leniently. When both parse, a task compared with itself
//     has no change, every change of Tasks(a, b) has its mirror in Tasks(b, a), and every
//     renderer (text, colour text, JSON that re-parses, Markdown) succeeds with the same
//     bytes each time. A task returned beside semantic problems (Parse gives both) must
//     not crash the diff either. TestGeneratedPairs checks, on taskgen tasks and their
//     taskgen.Mutate edits — relational responses and API-source requests
//     (taskgen.APIRequest, mappingInput mappings) — that the diff reports exactly the
//     edited mappings.
//
// The seed corpora under testdata/fuzz/<Target>/ hold every example and crafted case of
// the repository's testdata (TestSeedCorpus keeps them in step; -update rewrites them),
// 20 generated tasks, the degenerate documents null, [], "" and {} (as the file and as
// task_detail: each must give a problem), and every input a fuzzer found failing. `go test ./fuzz` runs each
// target on its corpus; fuzz longer with
// `go test ./fuzz -run '^$' -fuzz '^FuzzParse$' -fuzztime 1h -fuzzminimizetime 5s -parallel 1`.
// A failing input the fuzzer finds is written under testdata/fuzz/<Target>/: commit it with
// its fix and it stays a regression test.
//
// The generator (generate) builds varied valid tasks — relational responses and API-source
// requests shaped like the real CreateCommonTask request (mappingInput mappings,
// error_handler and afterImplementation as one object, a list or another mode), empty
// mappingTableProperties, added and text mappings, unicode and HTML-ish names, unknown
// fields for lenient mode, responses, requests and bare details — for a property test in
// every `go test` run (TestGenerated, 500 fixed seeds) and to grow the corpora.
//
// TestLimits documents the resource limits (rawform.Limits): input over MaxBytes, deeper
// than MaxDepth, with more mappings or selected columns than allowed, or more JSON values
// than MaxValues is refused with "limit" problems only, allocating little (a 50 MiB
// response: about 1 KiB; 100,000-deep nesting: under 1 MiB; 32 MiB of `[],`: 4x the
// input), and input exactly at a limit is accepted. TestLocateBounded and
// TestDecodeAmplification keep the memory blow-ups the fuzzing found from coming back.
package fuzz
