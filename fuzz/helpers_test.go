package fuzz

import "testing"

// TestCheckers tests the helpers the properties rest on: if they accepted everything, the
// fuzz targets would prove nothing.
func TestCheckers(t *testing.T) {
	tree := decode([]byte(`{"a":{"b/c":[1,{"~":2}]},"":3}`))
	for _, tt := range []struct {
		ptr            string
		valid, resolve bool
	}{
		{"", true, true},
		{"/a", true, true},
		{"/a/b~1c/1/~0", true, true},
		{"/a/b~1c/0", true, true},
		{"/a/b~1c/2", true, false},
		{"/a/b~1c/-1", true, false},
		{"/a/b~1c/01x", true, false},
		{"/a/b~1c/01", true, false},
		{"/a/b~1c/+1", true, false},
		{"/", true, true}, // the key ""
		{"/a/missing", true, false},
		{"/a/b~1c/0/deeper", true, false},
		{"a", false, false},
		{"/a/b~2c", false, false},
		{"/a~", false, false},
		{"/\xff", false, false},
	} {
		if got := validPointer(tt.ptr); got != tt.valid {
			t.Errorf("validPointer(%q) = %v, want %v", tt.ptr, got, tt.valid)
		}
		if !tt.valid {
			continue
		}
		if got := resolves(tree, tt.ptr); got != tt.resolve {
			t.Errorf("resolves(%q) = %v, want %v", tt.ptr, got, tt.resolve)
		}
	}

	for _, tt := range []struct {
		name           string
		in             string
		isEnvelope, ok bool
		inner          string
	}{
		{"response", `{"task":{},"task_detail":"{}"}`, true, true, "{}"},
		{"BOM", "\xef\xbb\xbf" + `{"task_detail":"x"}`, true, true, "x"},
		{"task only", `{"task":{}}`, true, false, ""},
		{"detail not a string", `{"task_detail":{}}`, true, false, ""},
		{"case differs", `{"tAsk_detAil":"0"}`, false, false, ""},
		{"bare detail", `{"taskName":"x"}`, false, false, ""},
		{"not JSON", `{"task_detail":`, false, false, ""},
	} {
		inner, isEnv, ok := envelope([]byte(tt.in))
		if isEnv != tt.isEnvelope || ok != tt.ok || string(inner) != tt.inner {
			t.Errorf("%s: envelope = %q, %v, %v; want %q, %v, %v", tt.name, inner, isEnv, ok, tt.inner, tt.isEnvelope, tt.ok)
		}
	}

	for _, tt := range []struct {
		in      string
		dup, ok bool
	}{
		{`{"a":1,"b":2}`, false, true},
		{`{"a":1,"a":2}`, true, true},
		{`{"a":1,"\u0061":2}`, true, true},
		{`{"a":{"a":1},"b":{"a":2}}`, false, true},
		{`[{"a":1},{"a":1}]`, false, true},
		{`{"x":[{"k":1,"v":[1,{"k":2}],"k":3}]}`, true, true},
		{`{"a":"a","b":"a"}`, false, true},
		{`{"a":{},"a":[]}`, true, true},
		{"\xef\xbb\xbf" + `{"a":1,"a":1}`, true, true},
		{`{"a":1,"a":`, false, false},
		{"{\"\xff\":1}", false, false},
	} {
		dup, ok := hasDuplicateKey([]byte(tt.in))
		if dup != tt.dup || ok != tt.ok {
			t.Errorf("hasDuplicateKey(%q) = %v, %v; want %v, %v", tt.in, dup, ok, tt.dup, tt.ok)
		}
	}
}
