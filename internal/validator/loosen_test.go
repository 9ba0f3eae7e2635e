package validator

import (
	"encoding/json"
	"reflect"
	"strings"
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

func TestInlineRefs(t *testing.T) {
	tests := []struct {
		name, in, want, wantErr string
	}{
		{
			name: "reference replaced, sibling description wins, $defs kept and inlined",
			in:   `{"properties":{"a":{"description":"A.","$ref":"#/$defs/n"}},"$defs":{"n":{"description":"N.","$ref":"#/$defs/s","pattern":"^1$"},"s":{"type":"string"}}}`,
			want: `{"properties":{"a":{"description":"A.","type":"string","pattern":"^1$"}},"$defs":{"n":{"description":"N.","type":"string","pattern":"^1$"},"s":{"type":"string"}}}`,
		},
		{
			name: "non-local and deep references kept",
			in:   `{"properties":{"a":{"$ref":"other.json"},"b":{"$ref":"#/$defs/x/properties/y"}},"$defs":{"x":{}}}`,
			want: `{"properties":{"a":{"$ref":"other.json"},"b":{"$ref":"#/$defs/x/properties/y"}},"$defs":{"x":{}}}`,
		},
		{
			name:    "recursive definition refused",
			in:      `{"$ref":"#/$defs/t","$defs":{"t":{"items":{"$ref":"#/$defs/t"}}}}`,
			wantErr: "recursive",
		},
		{
			name:    "conflicting validation keyword refused",
			in:      `{"properties":{"a":{"type":"integer","$ref":"#/$defs/s"}},"$defs":{"s":{"type":"string"}}}`,
			wantErr: "both beside",
		},
		{
			name:    "missing definition refused",
			in:      `{"$ref":"#/$defs/nope"}`,
			wantErr: "no such definition",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in map[string]any
			if err := json.Unmarshal([]byte(tt.in), &in); err != nil {
				t.Fatal(err)
			}
			got, err := inlineRefs(in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var want any
			if err := json.Unmarshal([]byte(tt.want), &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				t.Errorf("inlineRefs(%s)\n got %s\nwant %s", tt.in, g, tt.want)
			}
		})
	}
}
