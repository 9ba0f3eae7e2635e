package schema_test

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/fdireview/fdireview/schema"
)

func ExampleKnownDatasourceTypes() {
	types := schema.KnownDatasourceTypes()
	fmt.Println(len(types), strings.Join(types[:5], " "))
	// Output: 43 DWS MYSQL KAFKA API OBS
}

func ExampleSource() {
	b, err := schema.Source("rawform")
	if err != nil {
		panic(err)
	}
	var doc struct {
		ID string `json:"$id"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		panic(err)
	}
	fmt.Println(schema.Names(), doc.ID)
	// Output: [response rawform] https://fdireview.invalid/schema/rawform.json
}
