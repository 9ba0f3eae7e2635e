package validator

import (
	"testing"

	"github.com/fdireview/fdireview/schema"
)

// BenchmarkCompile is the fixed cost a process pays on its first Parse, per document
// (prepared text cached, as in a process; the compile itself is not).
func BenchmarkCompile(b *testing.B) {
	for _, d := range []schema.Doc{schema.Response, schema.Rawform} {
		b.Run(d.String(), func(b *testing.B) {
			for b.Loop() {
				if _, err := compile(d, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
