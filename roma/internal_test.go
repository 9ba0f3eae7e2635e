package roma

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fdireview/fdireview/roma/romatest"
)

// recordSleeps replaces the client's sleep and jitter so that the waits it asks for are
// recorded instead of slept, and jitter returns its upper bound.
func recordSleeps(c *Client) *[]time.Duration {
	var waits []time.Duration
	c.sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}
	c.jitter = func(d time.Duration) time.Duration { return d }
	return &waits
}

func TestBackoffAndRetryAfter(t *testing.T) {
	const id = "9496207a5d6b44b486d79005b5815bd4"
	date := time.Now().Add(20 * time.Second).UTC().Format(http.TimeFormat)
	tests := []struct {
		name      string
		faults    []romatest.Fault
		policy    RetryPolicy
		wantWaits []time.Duration
		wantErr   string
	}{
		{
			name:      "exponential, capped",
			faults:    []romatest.Fault{romatest.Status(503), romatest.Status(503), romatest.Status(503), romatest.Status(503)},
			policy:    RetryPolicy{Attempts: 5, BaseDelay: 100 * time.Millisecond, MaxDelay: 300 * time.Millisecond},
			wantWaits: []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond, 300 * time.Millisecond},
		},
		{
			name:      "Retry-After seconds replaces the backoff",
			faults:    []romatest.Fault{romatest.Status(429).WithRetryAfter("7")},
			policy:    RetryPolicy{Attempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond},
			wantWaits: []time.Duration{7 * time.Second},
		},
		{
			name:    "Retry-After beyond the allowed maximum ends the call",
			faults:  []romatest.Fault{romatest.Status(503).WithRetryAfter("3600")},
			policy:  RetryPolicy{Attempts: 3, MaxRetryAfter: time.Minute},
			wantErr: "more than the 1m0s allowed",
		},
		{
			name:    "Retry-After as an HTTP date",
			faults:  []romatest.Fault{romatest.Status(503).WithRetryAfter(date)},
			policy:  RetryPolicy{Attempts: 2, MaxRetryAfter: 2 * time.Minute},
			wantErr: "", // one wait of about 20 s, checked below
		},
		{
			name:      "attempts exhausted",
			faults:    []romatest.Fault{romatest.Status(502), romatest.Status(502), romatest.Status(502)},
			policy:    RetryPolicy{Attempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond},
			wantWaits: []time.Duration{time.Millisecond},
			wantErr:   "502 Bad Gateway",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := romatest.NewServer(romatest.Examples()...)
			defer srv.Close()
			for _, f := range tt.faults {
				srv.Inject(1, f)
			}
			c, err := New(srv.URL, WithToken(romatest.DefaultToken), WithRetryPolicy(tt.policy))
			if err != nil {
				t.Fatal(err)
			}
			waits := recordSleeps(c)
			_, err = c.RawTask(context.Background(), TaskRef{ProjectID: romatest.ProjectID, InstanceID: romatest.InstanceID, TaskID: id})
			if tt.wantErr == "" && err != nil {
				t.Fatalf("RawTask: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
			if strings.Contains(tt.name, "HTTP date") {
				if len(*waits) != 1 || (*waits)[0] < 15*time.Second || (*waits)[0] > 20*time.Second {
					t.Errorf("waits = %v, want one of about 20s", *waits)
				}
				return
			}
			if fmt.Sprint(*waits) != fmt.Sprint(tt.wantWaits) {
				t.Errorf("waits = %v, want %v", *waits, tt.wantWaits)
			}
		})
	}
}

func TestNoRetryWhenTheDeadlineIsTooClose(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.Inject(1, romatest.Status(503).WithRetryAfter("20"))
	c, err := New(srv.URL, WithToken(romatest.DefaultToken), WithTimeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	waits := recordSleeps(c)
	_, err = c.RawTask(context.Background(), TaskRef{ProjectID: romatest.ProjectID, InstanceID: romatest.InstanceID, TaskID: "9496207a5d6b44b486d79005b5815bd4"})
	if err == nil || !strings.Contains(err.Error(), "no time left") {
		t.Errorf("err = %v, want 'no time left to retry'", err)
	}
	if len(*waits) != 0 {
		t.Errorf("waited %v", *waits)
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.Inject(1, romatest.Status(503))
	c, err := New(srv.URL, WithToken(romatest.DefaultToken))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	c.sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	_, err = c.RawTask(ctx, TaskRef{ProjectID: romatest.ProjectID, InstanceID: romatest.InstanceID, TaskID: "9496207a5d6b44b486d79005b5815bd4"})
	var apiErr *APIError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &apiErr) {
		t.Errorf("err = %v, want both the 503 and Canceled", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", -1},
		{"0", 0},
		{"12", 12 * time.Second},
		{"-3", -1},
		{"soon", -1},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second},
		{now.Add(-30 * time.Second).Format(http.TimeFormat), 0},
		{"999999999999", 24 * time.Hour},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSnippetOfUnexpectedBodies(t *testing.T) {
	tests := []struct{ body, want string }{
		{"<html><head><title>502 Bad Gateway</title></head></html>", `HTML page titled "502 Bad Gateway"`},
		{"plain\n\ttext  error", `"plain text error"`},
		{strings.Repeat("a", 500), `"` + strings.Repeat("a", 160) + `…"`},
		{"\x00\x01bin", `"bin"`},
	}
	for _, tt := range tests {
		if got := snippet(tt.body); got != tt.want {
			t.Errorf("snippet(%q) = %s, want %s", tt.body, got, tt.want)
		}
	}
}
