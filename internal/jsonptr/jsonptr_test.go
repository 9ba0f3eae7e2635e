package jsonptr

import (
	"reflect"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for _, tt := range []struct{ token, escaped string }{
		{"", ""}, {"plain", "plain"}, {"a/b", "a~1b"}, {"a~b", "a~0b"}, {"~1", "~01"}, {"/~", "~1~0"},
	} {
		if got := Escape(tt.token); got != tt.escaped {
			t.Errorf("Escape(%q) = %q, want %q", tt.token, got, tt.escaped)
		}
		if got := Unescape(tt.escaped); got != tt.token {
			t.Errorf("Unescape(%q) = %q, want %q", tt.escaped, got, tt.token)
		}
	}
}

func TestSplit(t *testing.T) {
	for _, tt := range []struct {
		ptr  string
		want []string
	}{
		{"", nil},
		{"/", []string{""}},
		{"/a~1b/0/~01", []string{"a/b", "0", "~1"}},
	} {
		if got := Split(tt.ptr); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Split(%q) = %q, want %q", tt.ptr, got, tt.want)
		}
	}
}
