package diff_test

import (
	"fmt"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/rawform"
)

// A type change is judged by the target database's own types, chosen by the task's
// targetDatasourceType: in Oracle, TIMESTAMP(6) into DATE keeps the seconds and drops the
// fractions (a warning), and NUMBER without a precision (length "0") holds more than
// NUMBER(11) (widening).
func ExampleTasks_targetDatabase() {
	old := load("testdata/seed-response.json")
	new := load("testdata/seed-response.json")
	old.Detail.TargetDatasourceType, new.Detail.TargetDatasourceType = "ORACLE", "ORACLE"
	old.Detail.SourceDatasourceType, new.Detail.SourceDatasourceType = "ORACLE", "ORACLE"
	// name: TIMESTAMP(6) → TIMESTAMP(6) becomes TIMESTAMP(6) → DATE (lengths "0").
	for i, target := range []string{"TIMESTAMP(6)", "DATE"} {
		m := &[]*rawform.Task{old, new}[i].Detail.Mappings[1]
		m.Source.Type, m.Target.Type = "TIMESTAMP(6)", target
		m.Source.Length.Value, m.Target.Length.Value = 0, 0
	}
	// id: NUMBER(11) → NUMBER(11) becomes NUMBER(11) → NUMBER (length "0").
	for _, task := range []*rawform.Task{old, new} {
		m := &task.Detail.Mappings[0]
		m.Source.Type, m.Target.Type = "NUMBER", "NUMBER"
	}
	new.Detail.Mappings[0].Target.Length.Value = 0

	for _, c := range diff.Tasks(old, new).Changes {
		fmt.Printf("%s %s\n", c.Severity, c.Message)
	}
	// Output:
	// warning name: target type TIMESTAMP(6) → DATE from source TIMESTAMP(6); Oracle DATE keeps seconds but not fractions; the fractional seconds of source TIMESTAMP(6) are dropped
	// info id: target NUMBER(11) → NUMBER is wider; nothing is lost
}
