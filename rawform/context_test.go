package rawform_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/rawform"
)

// doneAfter is a context whose Err reports Canceled from its n-th call on: it makes "the
// context ends in the middle of a parse" deterministic, and counts how often the parser
// looks.
type doneAfter struct {
	context.Context
	n, calls atomic.Int64
}

func newDoneAfter(n int64) *doneAfter {
	c := &doneAfter{Context: context.Background()}
	c.n.Store(n)
	return c
}

func (c *doneAfter) Err() error {
	if c.calls.Add(1) >= c.n.Load() {
		return context.Canceled
	}
	return nil
}

func TestParseContext(t *testing.T) {
	body := taskgen.Response(taskgen.Options{Mappings: 10_000})
	want, err := rawform.Parse(body)
	if err != nil {
		t.Fatal(err)
	}

	// A live context changes nothing; count how often it is looked at.
	live := newDoneAfter(1 << 62)
	got, err := rawform.ParseContext(live, body)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Detail.Mappings) != len(want.Detail.Mappings) {
		t.Fatalf("ParseContext: %d mappings, Parse: %d", len(got.Detail.Mappings), len(want.Detail.Mappings))
	}
	looks := live.calls.Load()
	// Between stages (about six) plus every 4,096 mappings of each of the three arrays.
	if looks < 8 || looks > 40 {
		t.Errorf("the context was looked at %d times for 10,000 mappings; want between stages and every few thousand mappings", looks)
	}

	// Done at every one of those looks in turn: the parse stops there, with the context's
	// error and no task.
	for n := int64(1); n <= looks; n++ {
		ctx := newDoneAfter(n)
		task, err := rawform.ParseContext(ctx, body)
		if !errors.Is(err, context.Canceled) || task != nil {
			t.Fatalf("done at look %d: task %v, error %v; want context.Canceled and no task", n, task != nil, err)
		}
		// The mapping loop that saw it stops; the stage after it looks once more to return.
		if c := ctx.calls.Load(); c > n+1 {
			t.Errorf("done at look %d: the parse looked %d times; it should stop at once", n, c)
		}
	}

	// A context already cancelled.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := rawform.ParseContext(ctx, body); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
	var perr *rawform.Error
	if errors.As(err, &perr) {
		t.Error("a cancelled parse returned an *rawform.Error")
	}
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// endless is an infinite input of spaces.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestParseReader(t *testing.T) {
	ctx := context.Background()
	body := taskgen.Response(taskgen.Options{Mappings: 50})
	want, err := rawform.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	// One byte at a time, to exercise the growing buffer.
	got, err := rawform.ParseReader(ctx, iotest.OneByteReader(bytes.NewReader(body)))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := want.Encode()
	b, _ := got.Encode()
	if !bytes.Equal(a, b) {
		t.Error("ParseReader and Parse disagree")
	}

	// An endless input is read to the limit plus one byte, then refused like Parse refuses.
	const limit = 1 << 20
	cr := &countingReader{r: endless{}}
	_, err = rawform.ParseReader(ctx, cr, rawform.WithLimits(rawform.Limits{MaxBytes: limit}))
	var perr *rawform.Error
	if !errors.As(err, &perr) || perr.Problems[0].Code != rawform.CodeLimit {
		t.Fatalf("endless input: %v, want an *Error with code limit", err)
	}
	if cr.n != limit+1 {
		t.Errorf("read %d bytes of an endless input, want the limit + 1 = %d", cr.n, limit+1)
	}

	// Exactly at the limit is accepted.
	if _, err := rawform.ParseReader(ctx, bytes.NewReader(body), rawform.WithLimits(rawform.Limits{MaxBytes: len(body)})); err != nil {
		t.Errorf("input of exactly MaxBytes: %v", err)
	}

	// A reader's error is returned wrapped; so is a nil reader's refusal.
	boom := errors.New("disk on fire")
	if _, err := rawform.ParseReader(ctx, iotest.ErrReader(boom)); !errors.Is(err, boom) {
		t.Errorf("reader error: %v", err)
	}
	if _, err := rawform.ParseReader(ctx, nil); err == nil || !strings.Contains(err.Error(), "nil reader") {
		t.Errorf("nil reader: %v", err)
	}
	// A cancelled context stops the reading.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := rawform.ParseReader(cctx, endless{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}
