package diff_test

import (
	"fmt"
	"os"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/rawform"
)

func load(path string) *rawform.Task {
	body, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	task, err := rawform.Parse(body)
	if err != nil {
		panic(err)
	}
	return task
}

func ExampleTasks() {
	old := load("testdata/length-narrowed-old.json")
	new := load("testdata/length-narrowed-new.json")

	report := diff.Tasks(old, new)
	for _, c := range report.Changes {
		fmt.Printf("%s %s %s\n  %s\n", c.Severity, c.Kind, c.Pointer, c.Message)
		for _, p := range c.Folded { // the same fact, stated again elsewhere in the task
			fmt.Printf("  also %s\n", p)
		}
	}
	fmt.Println("breaking:", report.AtLeast(diff.Breaking))
	// Output:
	// breaking mapping.length_changed /task_detail/mappingTable/1/targetColumnLength
	//   name: target VARCHAR(255) → VARCHAR(64) is shorter than source VARCHAR(255); longer values will be truncated or rejected
	//   also /task_detail/targetSelectedDatasource/targetSelectedColumnList/1/field_length
	// breaking: true
}

func ExampleIgnoreCase() {
	old := load("testdata/seed-response.json")
	new := load("testdata/seed-response.json")
	new.Detail.Mappings[1].Target.Column = "NAME"

	fmt.Println(diff.Tasks(old, new).Changes[0].Kind, "(exact names)")
	fmt.Println(diff.Tasks(old, new, diff.IgnoreCase()).Changes[0].Severity, "(case-insensitive)")
	// Output:
	// mapping.target_renamed (exact names)
	// info (case-insensitive)
}

func ExampleWriteMarkdown() {
	report := diff.Tasks(load("testdata/mapping-removed-old.json"), load("testdata/mapping-removed-new.json"))
	if err := diff.WriteMarkdown(os.Stdout, report); err != nil {
		panic(err)
	}
	// Output:
	// **FDI task diff** `fdi_task_pzy4m5 (9496207a5d6b44b486d79005b5815bd4)` → `fdi_task_pzy4m5 (9496207a5d6b44b486d79005b5815bd4)`: **1 breaking**, 0 warnings, 0 info (1 change)
	//
	// Created 2022-10-26T08:19:35.897Z.
	//
	// #### Breaking (1)
	//
	// | column | change | kind |
	// | --- | --- | --- |
	// | `name` | mapping name VARCHAR(255) → name VARCHAR(255) removed; the target column will no longer be written | `mapping.removed` |
}

func ExampleIgnore() {
	old := load("../testdata/examples/seed-response.json")
	new := load("../testdata/examples/seed-response.json")
	new.Info.Description = "nightly copy"
	new.Detail.Description = "nightly copy"

	report := diff.Tasks(old, new, diff.Ignore(diff.MustParsePattern("/**/description")))
	fmt.Println(len(report.Changes), "changes;", report.Summary.Ignored, "differences ignored by", report.Ignored)
	// Output:
	// 0 changes; 1 differences ignored by [/**/description]
}

func ExampleReport_Filter() {
	report := diff.Tasks(load("../roma/romatest/testdata/seed-response.json"), load("../roma/romatest/testdata/seed-v2-response.json"))
	shown := report.Filter(diff.Breaking)
	fmt.Println(len(shown.Changes), "breaking shown,", shown.Hidden, "hidden; summary still counts", shown.Summary.Total())
	for _, s := range report.State {
		fmt.Println("state:", s.Message)
	}
	// Output:
	// 2 breaking shown, 3 hidden; summary still counts 5
	// state: status: stopped → running
	// state: execute status: SUCCESS → RUNNING
	// state: last modified: 2022-10-26T08:19:35.897Z → 2022-10-29T09:20:00Z
}
