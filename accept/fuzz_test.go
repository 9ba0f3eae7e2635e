package accept

import (
	"errors"
	"reflect"
	"testing"
)

// FuzzParse: an accepted-changes file is edited by hand, so any bytes must give either a
// File, whose entries encode and parse back the same, or an *Error with at least one
// problem, each at a line inside the input (or 0); never a panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		Header,
		"[[accept]]\ntask = \"t\"\nkind = \"mapping.removed\"\ncolumn = \"c\"\nfingerprint = \"sha256:00\"\nreason = \"r\"\nexpires = 2027-01-31\n",
		"[[accept]]\ntask = 't'\nkind = 'setting.changed'\npointer = '/task_detail/**/where/*'\nfingerprint = 'sha256:0'\nreason = \"\"\"multi\nline\"\"\"\n",
		"[[accept]]\nreason = \"unterminated\n",
		"accept = [{task = \"t\", kind = \"mapping.removed\", fingerprint = \"sha256:0\", reason = \"r\"}]\n",
		"[[ accept ]] # comment\ntask = \"\\u0000\"\n",
		"[accept]\nx = 1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data, "f.toml")
		if err != nil {
			var e *Error
			if file != nil || !errors.As(err, &e) || len(e.Problems) == 0 {
				t.Fatalf("error %v with file %v", err, file)
			}
			lines := 1
			for _, b := range data {
				if b == '\n' {
					lines++
				}
			}
			for _, p := range e.Problems {
				if p.Line < 0 || p.Line > lines {
					t.Fatalf("problem at line %d of %d: %v", p.Line, lines, p)
				}
			}
			return
		}
		body, err := Encode(file.Entries)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(body, "f.toml")
		if err != nil {
			t.Fatalf("re-encoded entries do not parse: %v\n%s", err, body)
		}
		for i := range file.Entries {
			a, b := file.Entries[i], again.Entries[i]
			a.Line, b.Line = 0, 0
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("entry %d changed in a round trip:\n%+v\n%+v", i, a, b)
			}
		}
	})
}
