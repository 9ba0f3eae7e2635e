package diff_test

import (
	"strings"
	"testing"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/rawform"
)

// TestEscaping: as the package doc says (Escaping), Change.Message and Change.Detail are
// visible whatever the names hold, while TargetColumn and Pointer stay raw, so that they
// still name the column and resolve; rawform.Visible makes them printable.
func TestEscaping(t *testing.T) {
	const evilTarget, evilSource, evilKey = "evil\x1b[2K\r", "src\x1b[8m\u202e", "k\x1bey"
	old := taskgen.Response(taskgen.Options{Mappings: 4, Seed: 3})
	changed := taskgen.Edit(old, func(_, d map[string]any) {
		m0 := d["mappingTable"].([]any)[0].(map[string]any)
		m0["targetColumn"], m0["sourceColumn"] = evilTarget, evilSource
		d["targetSelectedDatasource"].(map[string]any)["targetSelectedColumnList"].([]any)[0].(map[string]any)["field_name"] = evilTarget
		src := d["sourceSelectedDatasource"].(map[string]any)
		src["sourceSelectedColumnList"].([]any)[0].(map[string]any)["field_name"] = evilSource
		src[evilKey] = "v\a"
		src["querySql"] = "select 1\x1b[2J\nfrom t"
	})
	o, err := rawform.Parse(old)
	if err != nil {
		t.Fatal(err)
	}
	n, err := rawform.Parse(changed, rawform.Lenient())
	if err != nil {
		t.Fatal(err)
	}
	r := diff.Tasks(o, n)
	rawTarget, rawPointer := false, false
	for _, c := range r.Changes {
		if strings.ContainsAny(c.Message, "\x1b\r\a\u202e") || strings.ContainsAny(c.Detail, "\x1b\r\a\u202e") {
			t.Errorf("%s: message %q or detail %q not visible", c.Kind, c.Message, c.Detail)
		}
		if c.Message != rawform.Visible(c.Message) {
			t.Errorf("%s: message %q changes under rawform.Visible", c.Kind, c.Message)
		}
		rawTarget = rawTarget || c.TargetColumn == evilTarget
		rawPointer = rawPointer || strings.HasSuffix(c.Pointer, "/"+evilKey)
	}
	if !rawTarget || !rawPointer {
		t.Errorf("raw target column found %v, raw pointer found %v; want both raw, as documented", rawTarget, rawPointer)
	}
	if got := rawform.Visible(evilTarget); got != `evil\x1b[2K\r` {
		t.Errorf("rawform.Visible(%q) = %q", evilTarget, got)
	}
}
