package roma

import (
	"context"
	"testing"
	"time"

	"github.com/fdireview/fdireview/roma/romatest"
)

// TestEachAttemptIsSignedWithAFreshDate: the signing clock is read per attempt, so a
// retry after a long backoff is not refused as stale.
func TestEachAttemptIsSignedWithAFreshDate(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.SetToken("")
	srv.SetAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)
	start := time.Now()
	srv.SetClock(func() time.Time { return start.Add(10 * time.Minute) })
	srv.Inject(1, romatest.Status(503))
	c, err := New(srv.URL, WithAccessKey(NewAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)),
		WithRetryPolicy(RetryPolicy{Attempts: 2, BaseDelay: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	// The first attempt is signed 20 minutes before the server's clock (it gets the 503
	// before the check would matter), the retry 10 minutes later: within 15 minutes.
	c.now = func() time.Time { calls++; return start.Add(time.Duration(calls-2) * 10 * time.Minute) }
	if _, err := c.RawTask(context.Background(), TaskRef{ProjectID: romatest.ProjectID, InstanceID: romatest.InstanceID, TaskID: "9496207a5d6b44b486d79005b5815bd4"}); err != nil {
		t.Fatalf("RawTask: %v", err)
	}
	reqs := srv.Requests()
	if calls != 2 || len(reqs) != 2 {
		t.Fatalf("clock read %d times for %d requests, want 2 and 2", calls, len(reqs))
	}
	d1, d2 := reqs[0].Header.Get(HeaderSignDate), reqs[1].Header.Get(HeaderSignDate)
	if want := start.Add(-10 * time.Minute).UTC().Format(SignDateFormat); d1 != want {
		t.Errorf("first attempt dated %s, want %s", d1, want)
	}
	if want := start.UTC().Format(SignDateFormat); d2 != want {
		t.Errorf("retry dated %s, want %s", d2, want)
	}
}
