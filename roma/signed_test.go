package roma_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

// signedServer serves the examples to signed requests only (no token is accepted).
func signedServer(t *testing.T) *romatest.Server {
	t.Helper()
	srv := romatest.NewServer(romatest.Examples()...)
	t.Cleanup(srv.Close)
	srv.SetToken("")
	srv.SetAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)
	return srv
}

func TestAccessKeySignsEveryCall(t *testing.T) {
	srv := signedServer(t)
	c, logs := newClient(t, srv, roma.WithAccessKey(roma.NewAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)))
	ctx := context.Background()
	if _, err := c.Task(ctx, roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID}); err != nil {
		t.Fatalf("Task: %v", err)
	}
	if _, err := c.List(ctx, project, instance, roma.ListOptions{Name: "a b+c/é", Limit: 2}); err != nil {
		t.Fatalf("List with odd characters: %v", err)
	}
	all, err := c.ListAll(ctx, project, instance, roma.ListOptions{Limit: 2})
	if err != nil || len(all) != len(romatest.Examples()) {
		t.Fatalf("ListAll = %d tasks, %v; want %d", len(all), err, len(romatest.Examples()))
	}
	for _, r := range srv.Requests() {
		auth := r.Header.Get("Authorization")
		if !strings.HasPrefix(auth, "SDK-HMAC-SHA256 Access="+romatest.DefaultAccessKey+", SignedHeaders=") {
			t.Errorf("%s: Authorization = %q", r.URI, auth)
		}
		if r.Header.Get("X-Auth-Token") != "" || r.Header.Get("X-Security-Token") != "" {
			t.Errorf("%s: a token header was sent with a permanent access key", r.URI)
		}
		if r.Header.Get("X-Project-Id") != project {
			t.Errorf("%s: X-Project-Id = %q, want %s", r.URI, r.Header.Get("X-Project-Id"), project)
		}
		if strings.Contains(r.URI, romatest.DefaultSecretKey) {
			t.Errorf("the SK is in the URL %s", r.URI)
		}
	}
	if strings.Contains(logs.String(), romatest.DefaultSecretKey) {
		t.Error("the SK is in the logs")
	}
}

func TestRefusedSignatures(t *testing.T) {
	const sk = romatest.DefaultSecretKey
	tests := []struct {
		name   string
		key    roma.AccessKey
		server func(*romatest.Server)
		want   string // in the APIG.0301 message
		hint   string
	}{
		{"wrong SK", roma.NewAccessKey(romatest.DefaultAccessKey, "wrong-secret-key-0123456789abcdefghijklm"), nil, "verify aksk signature fail", "access key ROMA…0001"},
		{"unknown AK", roma.NewAccessKey("ANOTHERACCESSKEY0002", sk), nil, "does not exist", "access key ANOT…0002"},
		{"server clock 16 minutes ahead", roma.NewAccessKey(romatest.DefaultAccessKey, sk),
			func(s *romatest.Server) { s.SetClock(func() time.Time { return time.Now().Add(16 * time.Minute) }) }, "more than 15 minutes", "clock"},
		{"server clock 16 minutes behind", roma.NewAccessKey(romatest.DefaultAccessKey, sk),
			func(s *romatest.Server) { s.SetClock(func() time.Time { return time.Now().Add(-16 * time.Minute) }) }, "more than 15 minutes", "clock"},
		{"security token missing", roma.NewAccessKey(romatest.DefaultAccessKey, sk),
			func(s *romatest.Server) {
				s.SetTemporaryAccessKey(romatest.DefaultAccessKey, sk, romatest.DefaultSecurityToken)
			}, "security token is missing", "access key ROMA…0001"},
		{"security token wrong", roma.NewTemporaryAccessKey(romatest.DefaultAccessKey, sk, "another-security-token-0123456789"),
			func(s *romatest.Server) {
				s.SetTemporaryAccessKey(romatest.DefaultAccessKey, sk, romatest.DefaultSecurityToken)
			}, "does not match", "temporary credentials expire"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := signedServer(t)
			if tt.server != nil {
				tt.server(srv)
			}
			c, logs := newClient(t, srv, roma.WithAccessKey(tt.key))
			_, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
			var apiErr *roma.APIError
			if !errors.As(err, &apiErr) || !errors.Is(err, roma.ErrUnauthorized) {
				t.Fatalf("err = %v, want an unauthorized *APIError", err)
			}
			if apiErr.Status != 401 || apiErr.Code != "APIG.0301" || !strings.Contains(apiErr.Message, tt.want) {
				t.Errorf("got %d %s %q, want 401 APIG.0301 with %q", apiErr.Status, apiErr.Code, apiErr.Message, tt.want)
			}
			if !strings.Contains(apiErr.Hint, tt.hint) {
				t.Errorf("Hint = %q, want it to mention %q", apiErr.Hint, tt.hint)
			}
			if n := len(srv.Requests()); n != 1 {
				t.Errorf("%d requests, want 1 (401 is not retried)", n)
			}
			for _, s := range []string{err.Error(), fmt.Sprintf("%#v", err), apiErr.Hint, logs.String()} {
				if strings.Contains(s, sk) || strings.Contains(s, "wrong-secret-key") || strings.Contains(s, "another-security-token") {
					t.Errorf("a secret shows: %s", s)
				}
			}
		})
	}
}

func TestServerClockWithinFifteenMinutesIsAccepted(t *testing.T) {
	for _, skew := range []time.Duration{14 * time.Minute, -14 * time.Minute} {
		srv := signedServer(t)
		srv.SetClock(func() time.Time { return time.Now().Add(skew) })
		c, _ := newClient(t, srv, roma.WithAccessKey(roma.NewAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)))
		if _, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID}); err != nil {
			t.Errorf("skew %s: %v", skew, err)
		}
	}
}

func TestTemporaryCredentialsSendAndSignTheSecurityToken(t *testing.T) {
	srv := signedServer(t)
	srv.SetTemporaryAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey, romatest.DefaultSecurityToken)
	c, _ := newClient(t, srv, roma.WithAccessKey(roma.NewTemporaryAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey, romatest.DefaultSecurityToken)))
	if _, err := c.List(context.Background(), project, instance, roma.ListOptions{}); err != nil {
		t.Fatalf("List: %v", err)
	}
	r := srv.Requests()[0]
	if r.Header.Get("X-Security-Token") != romatest.DefaultSecurityToken {
		t.Errorf("X-Security-Token = %q", r.Header.Get("X-Security-Token"))
	}
	if !strings.Contains(r.Header.Get("Authorization"), "x-security-token") {
		t.Errorf("the security token is not signed: %s", r.Header.Get("Authorization"))
	}
}

// TestRetriesAreSignedAgain: each attempt carries one fresh signature, which the server
// verifies.
func TestRetriesAreSignedAgain(t *testing.T) {
	srv := signedServer(t)
	srv.Inject(2, romatest.Status(503))
	c, _ := newClient(t, srv, roma.WithAccessKey(roma.NewAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)))
	if _, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID}); err != nil {
		t.Fatalf("RawTask: %v", err)
	}
	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	for i, r := range reqs {
		if n := len(r.Header.Values("Authorization")); n != 1 {
			t.Errorf("attempt %d: %d Authorization headers", i+1, n)
		}
		if n := len(r.Header.Values("X-Sdk-Date")); n != 1 {
			t.Errorf("attempt %d: %d X-Sdk-Date headers", i+1, n)
		}
	}
}

// TestSecretsEchoedByTheServerAreRedacted: a proxy that echoes the request's headers (the
// security token) in its error must not get it into errors or logs.
func TestSecretsEchoedByTheServerAreRedacted(t *testing.T) {
	const st = "SecurityToken-canary-0123456789abcdefghij"
	const sk = "SecretKey-canary-0123456789abcdefghijklmn"
	srv := signedServer(t)
	srv.SetTemporaryAccessKey(romatest.DefaultAccessKey, sk, st)
	srv.Inject(1, romatest.ErrorBody(400, "X-Security-Token: "+st, "echo: sk="+sk+" token="+st[:20]+" tail="+st[len(st)-12:]))
	c, logs := newClient(t, srv, roma.WithAccessKey(roma.NewTemporaryAccessKey(romatest.DefaultAccessKey, sk, st)))
	_, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
	if err == nil {
		t.Fatal("want the injected error")
	}
	for _, s := range []string{err.Error(), fmt.Sprintf("%#v", err), logs.String(), c.String(), fmt.Sprintf("%#v", c), c.Credentials().String()} {
		if strings.Contains(s, st[:12]) || strings.Contains(s, st[len(st)-12:]) || strings.Contains(s, sk[:12]) {
			t.Errorf("a secret shows: %s", s)
		}
	}
	if !strings.Contains(err.Error(), "[REDACTED]") {
		t.Errorf("err = %v, want [REDACTED] in place of the echo", err)
	}
}

func TestNewRejectsAnIncompleteAccessKey(t *testing.T) {
	for _, k := range []roma.AccessKey{roma.NewAccessKey("AK", ""), roma.NewAccessKey("", "SK-0123456789")} {
		if _, err := roma.New("https://roma.cn-north-4.myhuaweicloud.com", roma.WithAccessKey(k)); err == nil {
			t.Errorf("New accepted %#v", k)
		}
	}
	if _, err := roma.New("https://roma.cn-north-4.myhuaweicloud.com", roma.WithCredentials(roma.Credentials{
		AccessKey: roma.NewAccessKey("AKAKAKAKAK", "SKSKSKSKSK"), Token: roma.NewToken("tok")})); err == nil {
		t.Error("New accepted both an access key and a token")
	}
}
