package roma_test

import (
	"context"
	"testing"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

// The benchmarks fetch a 10,000-mapping task (about 6.5 MB) over loopback: RawTask is the
// transport alone, Task adds rawform.Parse, and Parse is the parse alone, for comparison.
func benchTask(b *testing.B) (*roma.Client, []byte, func()) {
	b.Helper()
	body := taskgen.Response(taskgen.Options{Mappings: 10000, TaskID: "benchtask"})
	srv := romatest.NewServer(romatest.Fixture{ID: "benchtask", Body: body})
	c, err := roma.New(srv.URL, roma.WithToken(romatest.DefaultToken))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	return c, body, srv.Close
}

func BenchmarkRawTask10k(b *testing.B) {
	c, _, done := benchTask(b)
	defer done()
	for b.Loop() {
		if _, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: "benchtask"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTask10k(b *testing.B) {
	c, _, done := benchTask(b)
	defer done()
	for b.Loop() {
		if _, err := c.Task(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: "benchtask"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseOnly10k(b *testing.B) {
	_, body, done := benchTask(b)
	defer done()
	for b.Loop() {
		if _, err := rawform.Parse(body); err != nil {
			b.Fatal(err)
		}
	}
}
