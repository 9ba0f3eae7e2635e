package rawform_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/google/go-cmp/cmp"

	"github.com/fdireview/fdireview/rawform"
)

func ExampleParse() {
	body, err := os.ReadFile("testdata/seed-response.json")
	if err != nil {
		panic(err)
	}
	task, err := rawform.Parse(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	d := task.Detail
	fmt.Printf("%s: %s → %s\n", task.Info.Name, d.Source.Table, d.Target.Table)
	for _, m := range d.Mappings {
		fmt.Printf("  %s %s → %s %s (nullable %v)\n", m.Source.Column, m.Source.TypeString(), m.Target.Column, m.Target.TypeString(), m.Target.Nullable.Value)
	}
	// Output:
	// fdi_task_pzy4m5: zhenghaotest.zh_sss01 → zhenghaotest.zh_sss02
	//   id INT(11) → id INT(11) (nullable false)
	//   name VARCHAR(255) → name VARCHAR(255) (nullable true)
}

func ExampleError() {
	body, err := os.ReadFile("testdata/unknown-target.json")
	if err != nil {
		panic(err)
	}
	_, err = rawform.Parse(body)
	var perr *rawform.Error
	if errors.As(err, &perr) {
		for _, p := range perr.Problems {
			fmt.Println(p.Code, p)
		}
	}
	// Output:
	// unknown_target /task_detail/mappingTable/1/targetColumn (line 1, col 1568): error: target column "nme" is not in targetSelectedColumnList
}

func ExampleLenient() {
	body, err := os.ReadFile("testdata/unknown-field.json")
	if err != nil {
		panic(err)
	}
	if _, err := rawform.Parse(body); err != nil {
		fmt.Println("strict:", err)
	}
	task, err := rawform.Parse(body, rawform.Lenient())
	if err != nil {
		panic(err)
	}
	fmt.Println("lenient keeps:", task.Detail.Mappings[0].Extra["comment"], task.Detail.Target.Extra["partitionKey"])
	// Output:
	// strict: invalid task: /task_detail/mappingTable/0/comment (line 1, col 1404): error: unknown field "comment" (not in the schema; use lenient mode to accept and keep unknown fields) (and 1 more errors)
	// lenient keeps: x id
}

// A Task is an ordinary Go value: json.Marshal writes it back as the API sent it (the same
// through a value or a pointer), json.Unmarshal parses it with Parse, and cmp.Diff compares
// two of them field by field.
func ExampleTask_MarshalJSON() {
	body, err := os.ReadFile("testdata/seed-response.json")
	if err != nil {
		panic(err)
	}
	var task rawform.Task
	if err := json.Unmarshal(body, &task); err != nil { // rawform.Parse(body)
		panic(err)
	}
	byValue, _ := json.Marshal(task)
	byPointer, _ := json.Marshal(&task)
	fmt.Println("same bytes:", bytes.Equal(byValue, byPointer))

	changed, _ := rawform.Parse(body)
	changed.Detail.Mappings[1].Target.Length.Value = 100
	fmt.Println("cmp.Diff finds it:", cmp.Diff(&task, changed) != "")
	// Output:
	// same bytes: true
	// cmp.Diff finds it: true
}
