// Package fuzz holds the fuzz targets that keep the parser and the diff from panicking,
// hanging, exhausting memory or silently losing data, whatever the input:
//
//   - FuzzParse: any bytes as a full task response, strict and lenient. Either a Task or an
//     *rawform.Error with at least one problem, each with a JSON Pointer that resolves in
//     the input (when the input is JSON) and a line:column inside it; accepted input
//     round-trips (encode → parse gives an equal Task, and encoding is a fixed point).
//   - FuzzParseDetail: the same for bare task_detail documents, and for the same bytes put
//     inside an envelope's task_detail string (escapes, \u sequences, invalid UTF-8, BOM,
//     huge numbers, "11 ", "+11", "1e3", "0x10" as string-encoded numbers, duplicate keys:
//     strict and lenient both refuse duplicate keys with a duplicate_key problem).
//   - FuzzDiff: two inputs parsed leniently; when both parse, a task compared with itself
//     has no change, every change of Tasks(a, b) has its mirror in Tasks(b, a), the report
//     is deterministic, and every renderer succeeds (the JSON re-parses).
//
// The seed corpora under testdata/fuzz/<Target>/ hold every example and crafted case of
// the repository's testdata (TestSeedCorpus keeps them in step; -update rewrites them) and
// generated tasks. `go test ./fuzz` runs each target on its corpus; fuzz longer with
// `go test ./fuzz -run '^$' -fuzz FuzzParse -fuzztime 1h`. A crasher the fuzzer finds is
// written under testdata/fuzz/<Target>/: commit it with its fix and it stays a regression
// test.
//
// The generator (generate) builds varied valid tasks — relational and API sources, empty
// mappingTableProperties, added and text mappings, unicode and HTML-ish names, unknown
// fields for lenient mode, responses, requests and bare details — for a property test in
// every `go test` run (TestGenerated) and to grow the corpora.
package fuzz
