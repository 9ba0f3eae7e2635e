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

// The signing benchmarks set BenchmarkSign (signing alone) beside one small ShowTask
// (the 3.7 KB seed) over loopback, with a token and with a signature that the fake server
// verifies: the difference is what AK/SK costs a request.
func benchSmallTask(b *testing.B, opt roma.Option) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.SetAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)
	c, err := roma.New(srv.URL, opt)
	if err != nil {
		b.Fatal(err)
	}
	ref := roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.RawTask(context.Background(), ref); err != nil {
			b.Fatal(err)
		}
		srv.ResetRequests()
	}
}

func BenchmarkLoopbackRequestToken(b *testing.B) {
	benchSmallTask(b, roma.WithToken(romatest.DefaultToken))
}

func BenchmarkLoopbackRequestSigned(b *testing.B) {
	benchSmallTask(b, roma.WithAccessKey(roma.NewAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)))
}
