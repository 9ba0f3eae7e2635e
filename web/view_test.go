package web

import "testing"

func TestDefaultPair(t *testing.T) {
	s := func(names ...string) []Entry {
		var out []Entry
		for _, n := range names {
			out = append(out, Entry{RefText: "r-" + n, Name: n})
		}
		return out
	}
	tests := []struct {
		tasks    []Entry
		old, new string
	}{
		{s("crm_v2", "crm", "orders"), "r-crm", "r-crm_v2"},
		{s("a", "b", "c"), "r-a", "r-b"},
		{s("a"), "r-a", ""},
		{nil, "", ""},
	}
	for _, tt := range tests {
		if o, n := defaultPair(tt.tasks); o != tt.old || n != tt.new {
			t.Errorf("defaultPair(%v) = %q, %q; want %q, %q", tt.tasks, o, n, tt.old, tt.new)
		}
	}
}
