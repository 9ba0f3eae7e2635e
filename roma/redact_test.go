package roma_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

func TestTokenPrintsRedactedInEveryForm(t *testing.T) {
	const secret = "MIIDkg-very-secret-token"
	tok := roma.NewToken(secret + "\n")
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("token", "tok", tok, "group", slog.GroupValue(slog.Any("t", tok)))
	forms := map[string]string{
		"String":   tok.String(),
		"GoString": tok.GoString(),
		"%v":       fmt.Sprintf("%v", tok),
		"%+v":      fmt.Sprintf("%+v", tok),
		"%#v":      fmt.Sprintf("%#v", tok),
		"%s":       fmt.Sprintf("%s", tok),
		"%q":       fmt.Sprintf("%q", tok),
		"%x":       fmt.Sprintf("%x", tok),
		"%T-less":  fmt.Sprint(tok),
		"pointer":  fmt.Sprintf("%v", &tok),
		"in struct": fmt.Sprintf("%+v", struct {
			T roma.Token
		}{tok}),
		"json": jsonString(tok),
		"json in struct": jsonString(struct {
			T roma.Token `json:"t"`
		}{tok}),
		"slog": logged.String(),
	}
	for name, s := range forms {
		if strings.Contains(s, secret) || strings.Contains(s, fmt.Sprintf("%x", secret)) {
			t.Errorf("%s shows the token: %s", name, s)
		}
		if !strings.Contains(s, "REDACTED") {
			t.Errorf("%s = %q, want [REDACTED]", name, s)
		}
	}
}

// TestTokenNeverLeaks runs every failure path with a distinctive token and searches every
// log line, error string and request URL for it.
func TestTokenNeverLeaks(t *testing.T) {
	const secret = "MIIDkg-leak-canary-0123456789"
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.SetToken(secret)
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := roma.New(srv.URL, roma.WithToken(secret), roma.WithLogger(log), roma.WithRetryPolicy(fastRetries))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var texts []string
	record := func(err error) {
		if err != nil {
			texts = append(texts, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
			var apiErr *roma.APIError
			if errors.As(err, &apiErr) {
				texts = append(texts, fmt.Sprintf("%#v", *apiErr))
			}
		}
	}
	faults := []romatest.Fault{
		romatest.Status(503), romatest.HTMLPage(502), romatest.Reset(), romatest.Truncated(),
		romatest.EmptyBody(500), romatest.Oversized(64 << 10),
		// A proxy echoing the request's headers in its error: the client must redact it.
		romatest.ErrorBody(400, "PROXY.1", "bad header X-Auth-Token: "+secret),
		romatest.HTMLPage(404),
	}
	for _, f := range faults {
		srv.ClearFaults()
		srv.Inject(0, f)
		_, err := c.Task(ctx, roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
		if err == nil {
			t.Errorf("fault %v: no error", f)
		}
		record(err)
	}
	srv.ClearFaults()
	_, err = c.RawTask(ctx, roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: "nosuchtask"})
	record(err)
	_, err = c.RawTask(ctx, roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: "../" + secret})
	record(err)
	_, err = c.List(ctx, project, instance, roma.ListOptions{Name: "x"})
	record(err)
	cctx, cancel := context.WithTimeout(ctx, time.Millisecond)
	srv.Inject(0, romatest.Latency(time.Minute))
	_, err = c.RawTask(cctx, roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
	cancel()
	record(err)
	srv.ClearFaults()

	wrong, err := roma.New(srv.URL, roma.WithToken(secret+"-wrong"), roma.WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	_, err = wrong.RawTask(ctx, roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
	record(err)
	_, err = roma.New(srv.URL, roma.WithToken(secret+"\n"+secret))
	record(err)
	texts = append(texts, fmt.Sprintf("%v", c), fmt.Sprintf("%#v", c), c.String())

	if len(texts) < 20 {
		t.Fatalf("only %d texts collected", len(texts))
	}
	for _, s := range texts {
		if strings.Contains(s, secret) {
			t.Errorf("error text shows the token: %s", s)
		}
	}
	if l := logs.String(); l == "" || strings.Contains(l, secret) {
		t.Errorf("logs empty or showing the token:\n%s", l)
	}
	for _, r := range srv.Requests() {
		if strings.Contains(r.URI, secret) {
			t.Errorf("token in request URI %s", r.URI)
		}
	}
}

func TestLoadToken(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	if err := os.WriteFile(file, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == roma.TokenEnv {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		name    string
		getenv  func(string) string
		path    string
		want    string // value, compared through a request to a fake server
		wantErr bool
	}{
		{name: "file wins over env", getenv: env("from-env"), path: file, want: "from-file"},
		{name: "env", getenv: env(" from-env\n"), want: "from-env"},
		{name: "neither", getenv: env(""), want: ""},
		{name: "missing file", getenv: env("x"), path: filepath.Join(dir, "nope"), wantErr: true},
		{name: "empty file", getenv: env("x"), path: empty, wantErr: true},
		{name: "env with a space inside", getenv: env("a b"), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := roma.LoadToken(tt.getenv, tt.path)
			if (err != nil) != tt.wantErr {
				t.Fatalf("LoadToken err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if tok.IsZero() != (tt.want == "") {
				t.Fatalf("IsZero = %v, want %v", tok.IsZero(), tt.want == "")
			}
			srv := romatest.NewServer(romatest.Examples()...)
			defer srv.Close()
			srv.SetToken(tt.want)
			c, err := roma.New(srv.URL, roma.WithAuthToken(tok))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID}); err != nil {
				t.Errorf("the loaded token was not the one sent: %v", err)
			}
			if got := srv.Requests()[0].Header.Values("X-Auth-Token"); (tt.want == "") != (len(got) == 0) {
				t.Errorf("X-Auth-Token header %q, want present = %v", got, tt.want != "")
			}
		})
	}
}
