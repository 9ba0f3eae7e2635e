package rawform

import (
	"encoding/json"
	"testing"
)

func TestIntRoundTrip(t *testing.T) {
	tests := []struct {
		in    string
		want  Int
		known bool
	}{
		{`"11"`, Int{11, EncString}, true},
		{`11`, Int{11, EncLiteral}, true},
		{`"0"`, Int{0, EncString}, true},
		{`""`, Int{0, EncEmpty}, false},
		{`"9223372036854775807"`, Int{9223372036854775807, EncString}, true},
	}
	for _, tt := range tests {
		var got Int
		if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
			t.Fatalf("Unmarshal(%s): %v", tt.in, err)
		}
		if got != tt.want || got.Known() != tt.known {
			t.Errorf("Unmarshal(%s) = %+v (known %v), want %+v", tt.in, got, got.Known(), tt.want)
		}
		out, err := json.Marshal(got)
		if err != nil || string(out) != tt.in {
			t.Errorf("Marshal(%+v) = %s, %v; want %s", got, out, err, tt.in)
		}
	}
}

func TestIntRejects(t *testing.T) {
	for _, in := range []string{`"11 "`, `" 11"`, `"+11"`, `"-1"`, `"1e3"`, `"0x10"`, `"011"`, `"1.5"`, `1.5`, `-3`, `"9223372036854775808"`, `true`, `null`} {
		var got Int
		if err := json.Unmarshal([]byte(in), &got); err == nil {
			t.Errorf("Unmarshal(%s) = %+v, want an error", in, got)
		}
	}
}

func TestBoolRoundTrip(t *testing.T) {
	tests := []struct {
		in   string
		want Bool
	}{
		{`true`, Bool{true, EncLiteral}},
		{`false`, Bool{false, EncLiteral}},
		{`"true"`, Bool{true, EncString}},
		{`"false"`, Bool{false, EncString}},
		{`"1"`, Bool{true, EncDigit}},
		{`"0"`, Bool{false, EncDigit}},
		{`""`, Bool{false, EncEmpty}},
	}
	for _, tt := range tests {
		var got Bool
		if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
			t.Fatalf("Unmarshal(%s): %v", tt.in, err)
		}
		if got != tt.want {
			t.Errorf("Unmarshal(%s) = %+v, want %+v", tt.in, got, tt.want)
		}
		out, err := json.Marshal(got)
		if err != nil || string(out) != tt.in {
			t.Errorf("Marshal(%+v) = %s, %v; want %s", got, out, err, tt.in)
		}
	}
	for _, in := range []string{`"2"`, `"yes"`, `"TRUE"`, `1`, `null`} {
		var got Bool
		if err := json.Unmarshal([]byte(in), &got); err == nil {
			t.Errorf("Unmarshal(%s) = %+v, want an error", in, got)
		}
	}
}
