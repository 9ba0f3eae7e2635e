package rawform_test

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/fdireview/fdireview/rawform"
)

// A key every known example carries but no document makes mandatory is "expected": its
// absence is a warning, in strict mode too, naming the key and what it was seen with.
func ExampleCodeExpectedMissing() {
	body, err := os.ReadFile("testdata/seed-response.json")
	if err != nil {
		panic(err)
	}
	// An ORACLE source without isTextInput, a key only the MYSQL examples show.
	s := strings.Replace(string(body), `,\"isTextInput\":false`, ``, 1)
	s = strings.Replace(s, `\"sourceDatasourceType\":\"MYSQL\"`, `\"sourceDatasourceType\":\"ORACLE\"`, 1)
	task, err := rawform.Parse([]byte(s))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range task.Warnings {
		fmt.Println(w.Code, w.Pointer)
	}
	// Output:
	// expected_field_missing /task_detail/sourceSelectedDatasource/isTextInput
}

// Partial gives the mappings of an invalid task beside its problems, for review.
func ExamplePartial() {
	body, err := os.ReadFile("testdata/seed-response.json")
	if err != nil {
		panic(err)
	}
	// The source table (a required key) is gone.
	s := strings.Replace(string(body), `\"sourceTable\":\"zhenghaotest.zh_sss01\",`, ``, 1)
	task, err := rawform.Parse([]byte(s), rawform.Partial())
	var perr *rawform.Error
	if errors.As(err, &perr) {
		fmt.Println(perr.Problems[0].Code, perr.Problems[0].Pointer)
	}
	for _, m := range task.Detail.Mappings {
		fmt.Println(m.Source.Column, "→", m.Target.Column)
	}
	// Output:
	// required /task_detail/sourceSelectedDatasource/sourceTable
	// id → id
	// name → name
}

// SourceFieldKind names the fields a source declares, as problems about them do.
func ExampleDetail_SourceFieldKind() {
	for _, typ := range []string{"API", "KAFKA", "FTP", "MYSQL"} {
		d := rawform.Detail{SourceDatasourceType: typ}
		fmt.Println(typ, d.SourceFieldKind())
	}
	// Output:
	// API API field
	// KAFKA message field
	// FTP file field
	// MYSQL source field
}
