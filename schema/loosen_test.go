package schema

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestLoosen(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			name: "closing keywords dropped at every depth",
			in:   `{"additionalProperties":false,"properties":{"a":{"type":"object","additionalProperties":false}},"$defs":{"d":{"unevaluatedProperties":false}},"allOf":[{"then":{"additionalProperties":false}}]}`,
			want: `{"properties":{"a":{"type":"object"}},"$defs":{"d":{}},"allOf":[{"then":{}}]}`,
		},
		{
			name: "schema-valued additionalProperties kept",
			in:   `{"additionalProperties":{"type":"string"},"unevaluatedProperties":true}`,
			want: `{"additionalProperties":{"type":"string"},"unevaluatedProperties":true}`,
		},
		{
			name: "a property named additionalProperties is not a keyword",
			in:   `{"properties":{"additionalProperties":false,"unevaluatedProperties":{"type":"boolean","additionalProperties":false}}}`,
			want: `{"properties":{"additionalProperties":false,"unevaluatedProperties":{"type":"boolean"}}}`,
		},
		{
			name: "instance values under enum, const and examples untouched",
			in:   `{"enum":[{"additionalProperties":false}],"const":{"additionalProperties":false},"examples":[{"additionalProperties":false}]}`,
			want: `{"enum":[{"additionalProperties":false}],"const":{"additionalProperties":false},"examples":[{"additionalProperties":false}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loosen([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			var g, w any
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(tt.want), &w); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("loosen(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
	if _, err := loosen([]byte(`{`)); err == nil {
		t.Error("loosen accepted broken JSON")
	}
}
