package web

import (
	"context"
	"sync"
)

// flight runs one computation per key at a time and shares its result with every
// caller that asks for the same key meanwhile (like x/sync/singleflight). Unlike
// singleflight, the computation's context is cancelled as soon as every caller waiting
// for it has gone (their request contexts are done), so a burst of abandoned requests
// for a cold page does not keep the CPU busy.
type flight struct {
	mu    sync.Mutex
	calls map[string]*flightCall
}

type flightCall struct {
	done    chan struct{}
	val     any
	err     error
	waiters int
	cancel  context.CancelFunc
}

// do returns fn's result for key, running fn unless a call for key is in flight. fn's
// context carries ctx's values but not its cancellation: it is cancelled when no caller
// waits any more. The caller's own ctx error is returned if it leaves first.
func (g *flight) do(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	g.mu.Lock()
	if g.calls == nil {
		g.calls = map[string]*flightCall{}
	}
	c, ok := g.calls[key]
	if !ok {
		wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		c = &flightCall{done: make(chan struct{}), cancel: cancel}
		g.calls[key] = c
		go func() {
			defer cancel()
			c.val, c.err = fn(wctx)
			g.mu.Lock()
			if g.calls[key] == c {
				delete(g.calls, key)
			}
			g.mu.Unlock()
			close(c.done)
		}()
	}
	c.waiters++
	g.mu.Unlock()

	select {
	case <-c.done:
		g.mu.Lock()
		c.waiters--
		g.mu.Unlock()
		return c.val, c.err
	case <-ctx.Done():
		g.mu.Lock()
		c.waiters--
		if c.waiters == 0 {
			c.cancel()
			if g.calls[key] == c {
				delete(g.calls, key) // a later caller starts afresh
			}
		}
		g.mu.Unlock()
		return nil, ctx.Err()
	}
}
