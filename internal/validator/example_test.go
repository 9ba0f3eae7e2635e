package validator_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/fdireview/fdireview/internal/validator"
	"github.com/fdireview/fdireview/schema"
)

// Validate an error body, then walk the leaves of the failure: each has the instance
// location (a JSON Pointer) and the keyword that failed.
func ExampleFor() {
	v, err := validator.For(schema.ErrorBody, false)
	if err != nil {
		panic(err)
	}
	var body any
	if err := json.Unmarshal([]byte(`{"error_code":"FDI.3002","error_msg":"Invalid parameters."}`), &body); err != nil {
		panic(err)
	}
	fmt.Println("documented body valid:", v.Validate(body) == nil)

	if err := json.Unmarshal([]byte(`{"error_code":"E1","error_msg":"no","request_id":"r"}`), &body); err != nil {
		panic(err)
	}
	var ve *jsonschema.ValidationError
	if errors.As(v.Validate(body), &ve) {
		var walk func(*jsonschema.ValidationError)
		walk = func(e *jsonschema.ValidationError) {
			if len(e.Causes) == 0 {
				fmt.Printf("%q %s\n", e.InstanceLocation, e.KeywordLocation)
			}
			for _, c := range e.Causes {
				walk(c)
			}
		}
		walk(ve)
	}

	// Lenient validation accepts the unknown request_id and still checks the rest.
	lenient, _ := validator.For(schema.ErrorBody, true)
	if errors.As(lenient.Validate(body), &ve) {
		fmt.Println("lenient:", ve.Causes[0].InstanceLocation, ve.Causes[0].KeywordLocation)
	}
	// Output:
	// documented body valid: true
	// "/error_code" /properties/error_code/minLength
	// "" /additionalProperties
	// lenient: /error_code /properties/error_code/minLength
}
