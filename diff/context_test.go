package diff

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/fdireview/fdireview/internal/taskgen"
)

// doneAfter is a context whose Err reports Canceled from its n-th call on.
type doneAfter struct {
	context.Context
	n, calls atomic.Int64
}

func (c *doneAfter) Err() error {
	if c.calls.Add(1) >= c.n.Load() {
		return context.Canceled
	}
	return nil
}

func TestTasksContext(t *testing.T) {
	body := taskgen.Response(taskgen.Options{Mappings: 10_000, Seed: 3})
	edited, _ := taskgen.Mutate(body, 0.01, 4)
	old, new := mustParse(t, body), mustParse(t, edited)
	want := Tasks(old, new)

	live := &doneAfter{Context: context.Background()}
	live.n.Store(1 << 62)
	got, err := TasksContext(live, old, new)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Changes) != len(want.Changes) || got.Summary != want.Summary {
		t.Fatalf("TasksContext: %d changes %+v; Tasks: %d %+v", len(got.Changes), got.Summary, len(want.Changes), want.Summary)
	}
	looks := live.calls.Load()
	if looks < 4 || looks > 12 {
		t.Errorf("10,000 mapping pairs: the context was looked at %d times, want every %d pairs and between stages", looks, pairsPerCheck)
	}
	for n := int64(1); n <= looks; n++ {
		ctx := &doneAfter{Context: context.Background()}
		ctx.n.Store(n)
		r, err := TasksContext(ctx, old, new)
		if !errors.Is(err, context.Canceled) || r != nil {
			t.Fatalf("done at look %d: report %v, error %v; want context.Canceled and no report", n, r != nil, err)
		}
		if c := ctx.calls.Load(); c > n+1 {
			t.Errorf("done at look %d: looked %d times after", n, c)
		}
	}
	if _, err := TasksContext(nil, old, new); err != nil {
		t.Errorf("nil context: %v", err)
	}
}
