package validator

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

// TestPrepare checks prepare's one walk: annotations always go, closing keywords only
// with lenient.
func TestPrepare(t *testing.T) {
	tests := []struct {
		in      string
		lenient bool
		want    string
	}{
		{`{"description":"d","title":"t","type":"string","$comment":"c"}`, false, `{"type":"string"}`},
		// A property or definition called "description" is a name, not an annotation.
		{`{"properties":{"description":{"type":"string","description":"x"}}}`, false, `{"properties":{"description":{"type":"string"}}}`},
		{`{"$defs":{"title":{"examples":["a"],"enum":["description"]}}}`, false, `{"$defs":{"title":{"enum":["description"]}}}`},
		// enum and const values are data.
		{`{"const":{"description":"kept"}}`, false, `{"const":{"description":"kept"}}`},
		{`{"items":[{"default":1,"type":"integer"}]}`, false, `{"items":[{"type":"integer"}]}`},
		// Both at once: strict keeps the closing keywords, lenient drops them too.
		{`{"description":"d","additionalProperties":false,"properties":{"a":{"title":"t","unevaluatedProperties":false}}}`, false, `{"additionalProperties":false,"properties":{"a":{"unevaluatedProperties":false}}}`},
		{`{"description":"d","additionalProperties":false,"properties":{"a":{"title":"t","unevaluatedProperties":false}}}`, true, `{"properties":{"a":{}}}`},
	}
	for _, tt := range tests {
		got, err := prepare([]byte(tt.in), tt.lenient)
		if err != nil {
			t.Fatalf("prepare(%s, %t): %v", tt.in, tt.lenient, err)
		}
		var g, w any
		if err := json.Unmarshal(got, &g); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(tt.want), &w); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("prepare(%s, %t)\n got %s\nwant %s", tt.in, tt.lenient, got, tt.want)
		}
	}
	if _, err := prepare([]byte(`[]`), false); err == nil {
		t.Error("prepare accepted a root that is not an object")
	}
}
