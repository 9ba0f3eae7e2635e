package diff_test

import (
	"fmt"
	"strings"

	"github.com/fdireview/fdireview/diff"
)

// Two versions of the real API-source request: the field age moves from METRIC_DATA to
// OPERATION_MSG (both columns stay selected) and a new field zone maps to
// AVAILABILITY_ZONE. API mappings are matched by target column like table mappings; their
// pointers are items of mappingInput.dataSource.
func ExampleTasks_apiMappings() {
	old := load("testdata/api-retargeted-old.json")
	new := load("testdata/api-retargeted-new.json")
	for _, c := range diff.Tasks(old, new).Changes {
		if strings.HasPrefix(string(c.Kind), "mapping.") {
			fmt.Printf("%s %s %s at %s\n", c.Severity, c.Kind, c.TargetColumn, c.Pointer)
		}
	}
	// Output:
	// breaking mapping.removed METRIC_DATA at /task_detail/mappingInput/dataSource/1
	// info mapping.added AVAILABILITY_ZONE at /task_detail/mappingInput/dataSource/2
	// info mapping.added OPERATION_MSG at /task_detail/mappingInput/dataSource/1
}
