package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// defaultMaxInflight is fetch --all's budget of task bytes held at once without
// --max-inflight: four bodies at the 32 MiB cap.
const defaultMaxInflight = 128 << 20

// smallBody is what every task of fetch --all may hold without waiting for the budget: a
// typical task is 10 to 500 KB, so --parallel keeps its meaning for them.
const smallBody = 1 << 20

// inflight bounds the bytes of task bodies fetch --all holds at once, across --parallel
// workers: a body is held from its response until its task is written and checked.
//
// Each worker's task may hold up to small bytes, set aside for it up front (parallel ×
// small of the budget, at most half). A body larger than that (by its Content-Length, or
// once reading it passes small bytes) first reserves its whole size, or the per-body cap
// when the size is not known, from the rest of the budget, waiting until enough is free.
// A task reserves the large part at most once and never waits while holding it, so the
// workers cannot deadlock; a body larger than the rest of the budget waits until it has
// the whole rest to itself. Without the bound, a hostile server's over-cap bodies cost
// about 90 MB per worker (5.7 GB at --parallel 64).
type inflight struct {
	small   int64 // per task, set aside
	maxBody int64 // the client's body cap: the most an unknown-length body can become
	large   *weighted
}

func newInflight(budget, maxBody int64, parallel int) *inflight {
	small := min(int64(smallBody), budget/2/int64(parallel))
	return &inflight{small: small, maxBody: maxBody, large: newWeighted(budget - small*int64(parallel))}
}

// taskCharge is what one task holds of the budget; the worker releases it when the task
// is done. It travels in the request's context to the transport.
type taskCharge struct {
	in    *inflight
	mu    sync.Mutex
	large int64 // reserved from in.large
}

type chargeKey struct{}

// charge returns ctx carrying a new charge for one task, and the function that releases
// what the task came to hold.
func (in *inflight) charge(ctx context.Context) (context.Context, func()) {
	ch := &taskCharge{in: in}
	return context.WithValue(ctx, chargeKey{}, ch), func() {
		ch.mu.Lock()
		defer ch.mu.Unlock()
		in.large.release(ch.large)
		ch.large = 0
	}
}

// reserve makes sure the task holds room for a body of n bytes, waiting for the budget if
// it must; a task that already reserved keeps what it has (a retry of the same body).
func (ch *taskCharge) reserve(ctx context.Context, n int64) error {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if n <= ch.in.small || ch.large > 0 {
		return nil
	}
	want := min(n-ch.in.small, ch.in.large.size)
	if err := ch.in.large.acquire(ctx, want); err != nil {
		return fmt.Errorf("wait for room in --max-inflight for a %d-byte body: %w", n, err)
	}
	ch.large = want
	return nil
}

// budgetTransport charges response bodies to the task in the request's context.
type budgetTransport struct {
	base http.RoundTripper
	in   *inflight
}

func (t *budgetTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	ch, _ := req.Context().Value(chargeKey{}).(*taskCharge)
	if ch == nil {
		return resp, nil
	}
	switch n := resp.ContentLength; {
	case n > t.in.maxBody:
		// Refused by the client before reading: nothing to hold.
	case n > t.in.small:
		if err := ch.reserve(req.Context(), n); err != nil {
			resp.Body.Close()
			return nil, err
		}
	case n < 0:
		resp.Body = &chargedBody{ReadCloser: resp.Body, ctx: req.Context(), ch: ch}
	}
	return resp, nil
}

// chargedBody is a body of unknown length: once more than the small allowance has been
// read, the task reserves the per-body cap before reading on.
type chargedBody struct {
	io.ReadCloser
	ctx      context.Context
	ch       *taskCharge
	read     int64
	reserved bool
}

func (b *chargedBody) Read(p []byte) (int, error) {
	if !b.reserved && b.read+int64(len(p)) > b.ch.in.small {
		if err := b.ch.reserve(b.ctx, b.ch.in.maxBody+1); err != nil {
			return 0, err
		}
		b.reserved = true
	}
	n, err := b.ReadCloser.Read(p)
	b.read += int64(n)
	return n, err
}

// budgetClient is the HTTP client of fetch --all: the roma client's default transport
// settings, behind budgetTransport. insecure turns certificate verification off (the
// roma client cannot, given a transport it did not make).
func budgetClient(in *inflight, insecure bool) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 30 * time.Second
	t.MaxIdleConnsPerHost = 64
	if insecure {
		t.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	}
	return &http.Client{Transport: &budgetTransport{base: t, in: in}}
}

// weighted is a semaphore of size units, taken in any amount up to size, first come first
// served; it records the most ever held (for tests).
type weighted struct {
	mu      sync.Mutex
	size    int64
	used    int64
	peak    int64
	waiters []*waiter
}

type waiter struct {
	n     int64
	ready chan struct{}
}

func newWeighted(size int64) *weighted { return &weighted{size: size} }

// acquire takes n units (at most size), waiting until they are free or ctx is done.
func (w *weighted) acquire(ctx context.Context, n int64) error {
	n = min(n, w.size)
	w.mu.Lock()
	if len(w.waiters) == 0 && w.size-w.used >= n {
		w.take(n)
		w.mu.Unlock()
		return nil
	}
	me := &waiter{n: n, ready: make(chan struct{})}
	w.waiters = append(w.waiters, me)
	w.mu.Unlock()
	select {
	case <-me.ready:
		return nil
	case <-ctx.Done():
		w.mu.Lock()
		defer w.mu.Unlock()
		select {
		case <-me.ready: // granted meanwhile: give it back
			w.used -= n
		default:
			for i, x := range w.waiters {
				if x == me {
					w.waiters = append(w.waiters[:i], w.waiters[i+1:]...)
					break
				}
			}
		}
		w.grant()
		return context.Cause(ctx)
	}
}

// release returns n units.
func (w *weighted) release(n int64) {
	if n == 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.used -= n
	w.grant()
}

// take and grant run with w.mu held.
func (w *weighted) take(n int64) {
	w.used += n
	w.peak = max(w.peak, w.used)
}

func (w *weighted) grant() {
	for len(w.waiters) > 0 && w.size-w.used >= w.waiters[0].n {
		me := w.waiters[0]
		w.waiters = w.waiters[1:]
		w.take(me.n)
		close(me.ready)
	}
}
