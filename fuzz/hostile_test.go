package fuzz

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/fdireview/fdireview/internal/taskgen"
)

// hostileSeeds are issue #14's inputs, small enough to be seeds: many unknown keys, many
// repeated keys, names with bidirectional, invisible and terminal control characters, in
// bare task_detail documents and inside the seed response. Generated here, not committed.
func hostileSeeds() [][]byte {
	var out [][]byte
	out = append(out, taskgen.UnknownKeys(200, false), taskgen.UnknownKeys(200, true))
	var objs bytes.Buffer
	objs.WriteString(`{"mappingTable":[`)
	for i := range 50 {
		if i > 0 {
			objs.WriteByte(',')
		}
		fmt.Fprintf(&objs, `{"bogus%d":1,"targetColumn":"c%d"}`, i, i)
	}
	objs.WriteString(`]}`)
	out = append(out, objs.Bytes())
	seed, err := os.ReadFile("../testdata/examples/seed-response.json")
	if err != nil {
		return out
	}
	for _, name := range []string{`\u202etnuoma`, `em\u200bail`, `\u001b]0;pwned\u0007name`, `\u001b[2Kname`, `na\rme`, `\u001b[8mname`, `first\u00a0name`} {
		// The seed's target column "name", renamed inside the task_detail string (whose
		// quotes are escaped: \"name\").
		esc := strings.ReplaceAll(name, `\`, `\\`)
		out = append(out, bytes.ReplaceAll(seed, []byte(`\"targetColumn\":\"name\"`), []byte(`\"targetColumn\":\"`+esc+`\"`)))
		out = append(out, bytes.ReplaceAll(seed, []byte(`\"field_name\":\"name\"`), []byte(`\"field_name\":\"`+esc+`\"`)))
	}
	return out
}
