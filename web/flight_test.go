package web

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

func TestFlightSharesOneCall(t *testing.T) {
	var g flight
	var runs atomic.Int32
	release := make(chan struct{})
	started := make(chan struct{})
	fn := func(ctx context.Context) (any, error) {
		if runs.Add(1) == 1 {
			close(started)
		}
		<-release
		return "page", nil
	}
	var wg sync.WaitGroup
	results := make([]any, 5)
	wg.Add(1)
	go func() { defer wg.Done(); results[0], _ = g.do(context.Background(), "k", fn) }()
	<-started
	for i := 1; i < 5; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); results[i], _ = g.do(context.Background(), "k", fn) }()
	}
	// Wait until all five wait on the one call, then let it finish.
	for {
		g.mu.Lock()
		n := g.calls["k"].waiters
		g.mu.Unlock()
		runtime.Gosched()
		if n == 5 {
			break
		}
	}
	close(release)
	wg.Wait()
	if runs.Load() != 1 {
		t.Errorf("fn ran %d times, want 1", runs.Load())
	}
	for i, r := range results {
		if r != "page" {
			t.Errorf("caller %d got %v", i, r)
		}
	}
}

func TestFlightCancelsWhenEveryCallerLeaves(t *testing.T) {
	var g flight
	cancelled := make(chan struct{})
	started := make(chan struct{})
	fn := func(ctx context.Context) (any, error) {
		close(started)
		<-ctx.Done() // only the flight can end this call
		close(cancelled)
		return nil, ctx.Err()
	}
	ctx1, cancel1 := context.WithCancel(context.Background())
	ctx2, cancel2 := context.WithCancel(context.Background())
	errs := make(chan error, 2)
	go func() { _, err := g.do(ctx1, "k", fn); errs <- err }()
	<-started
	go func() { _, err := g.do(ctx2, "k", fn); errs <- err }()
	for {
		g.mu.Lock()
		n := g.calls["k"].waiters
		g.mu.Unlock()
		runtime.Gosched()
		if n == 2 {
			break
		}
	}
	cancel1()
	if err := <-errs; !errors.Is(err, context.Canceled) {
		t.Fatalf("first caller: %v", err)
	}
	select {
	case <-cancelled:
		t.Fatal("the call was cancelled while a caller still waited")
	default:
	}
	cancel2()
	if err := <-errs; !errors.Is(err, context.Canceled) {
		t.Fatalf("second caller: %v", err)
	}
	<-cancelled // blocks forever (test timeout) if the call is never cancelled
}
