package rawform_test

import (
	"fmt"
	"os"

	"github.com/fdireview/fdireview/rawform"
)

// The real CreateCommonTask request: an API source whose mappings are
// mappingInput.dataSource items. They are Mappings like table ones, with Form FormInput
// and types looked up in the API fields and the target columns; error_handler and
// afterImplementation are typed.
func ExampleMappingForm() {
	body, err := os.ReadFile("testdata/create-request-api-to-oracle.json")
	if err != nil {
		panic(err)
	}
	task, err := rawform.Parse(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	d := task.Detail
	fmt.Println(task.Shape, "API source:", d.APISource())
	for _, m := range d.Mappings {
		fmt.Printf("  %s[%d]: %s %s → %s %s\n", m.Form, m.Index, m.Source.Column, m.Source.Type, m.Target.Column, m.Target.TypeString())
	}
	for _, h := range d.ErrorHandlers {
		fmt.Printf("error rows: %s path %s (one object: %t)\n", h.Mode, h.Path, !d.ErrorHandlersList)
	}
	for _, a := range d.AfterActions {
		fmt.Printf("after each run: %s topic %s, message %q\n", a.Type, a.Topic, a.Message)
	}
	// Output:
	// request API source: true
	//   mappingInput[0]: name String → RES_SUBNET_IP_BETA VARCHAR2(32)
	//   mappingInput[1]: age Integer → METRIC_DATA VARCHAR2(2048)
	// error rows: OBS path data1 (one object: true)
	// after each run: KAFKA topic lgytest99, message "success"
}
