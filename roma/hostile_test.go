package roma_test

import (
	"context"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/roma"
)

// hostileToken is a token of n characters with the characters escaping changes
// ('+', '/', '=', '&'), distinctive in every window.
func hostileToken(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=&"
	var b strings.Builder
	x := uint32(2463534242)
	for b.Len() < n {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b.WriteByte(alphabet[x%uint32(len(alphabet))])
	}
	return b.String()
}

// echoServer is a hostile FDI server: it answers every request with the caller's token
// echoed in the place named by how.
func echoServer(t *testing.T, how string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := r.Header.Get("X-Auth-Token")
		half := tok[:len(tok)/2+1]
		end := tok[len(tok)/2-1:]
		switch how {
		case "X-Request-Id":
			w.Header().Set("X-Request-Id", "req-"+tok)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error_code":"FDI.1","error_msg":"bad request"}`)
		case "error_msg":
			w.WriteHeader(401)
			fmt.Fprintf(w, `{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information: token %s is invalid"}`, tok)
		case "error_msg cut by the server":
			w.WriteHeader(401)
			fmt.Fprintf(w, `{"error_code":"APIG.0301","error_msg":"token %s"}`, half)
		case "error_msg, end of the token":
			w.WriteHeader(401)
			fmt.Fprintf(w, `{"error_code":"APIG.0301","error_msg":"…%s was refused"}`, end)
		case "error_code":
			w.WriteHeader(401)
			fmt.Fprintf(w, `{"error_code":"%s","error_msg":"x"}`, tok)
		case "HTML title":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			fmt.Fprintf(w, "<html><head><title>Bad gateway for %s</title></head><body>%s</body></html>", tok, tok)
		case "HTML body, escaped":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			fmt.Fprintf(w, "<html><body><p>header X-Auth-Token: %s</p></body></html>", html.EscapeString(tok))
		case "Location":
			w.Header().Set("Location", "https://evil.example/login?t="+url.QueryEscape(tok)+"&raw="+tok)
			w.WriteHeader(302)
		case "Location cut by the server":
			w.Header().Set("Location", "https://evil.example/"+half)
			w.WriteHeader(307)
		case "task list":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"not":"a list","echo":"%s"}`, tok)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestHostileServerEchoesToken: whatever a server echoes of the token, whole, escaped or
// cut, and wherever (headers, error_msg, error_code, HTML pages, Location), no log line
// and no error text shows 12 consecutive characters of it (issue #14: 64–502 characters
// showed, because strings were cut to length before the token was searched for).
func TestHostileServerEchoesToken(t *testing.T) {
	places := []string{"X-Request-Id", "error_msg", "error_msg cut by the server", "error_msg, end of the token",
		"error_code", "HTML title", "HTML body, escaped", "Location", "Location cut by the server", "task list"}
	for _, size := range []int{19, 6000} {
		tok := hostileToken(size)
		for _, how := range places {
			t.Run(fmt.Sprintf("%d chars in %s", size, how), func(t *testing.T) {
				srv := echoServer(t, how)
				logs := &syncBuffer{}
				c, err := roma.New(srv.URL, roma.WithToken(tok), roma.WithRetryPolicy(fastRetries),
					roma.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
				if err != nil {
					t.Fatal(err)
				}
				if how == "task list" {
					_, err = c.List(context.Background(), project, instance, roma.ListOptions{})
				} else {
					_, err = c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
				}
				if err == nil {
					t.Fatal("no error")
				}
				texts := map[string]string{"error": err.Error(), "%#v": fmt.Sprintf("%#v", err), "log": logs.String()}
				for name, s := range texts {
					for i := 0; i+12 <= len(tok); i++ {
						if w := tok[i : i+12]; strings.Contains(s, w) || strings.Contains(s, url.QueryEscape(w)) {
							t.Fatalf("%s shows token characters %d–%d: %s", name, i, i+12, s)
						}
					}
				}
				if !strings.Contains(err.Error(), "[REDACTED]") {
					t.Errorf("error does not say what was redacted: %v", err)
				}
			})
		}
	}
}

// TestShortTokenNotRedacted: a token shorter than roma.MinRedactLen is not searched for,
// so it does not mangle ordinary messages (issue #14: "abc/../[REDACTED]" for token "x").
func TestShortTokenNotRedacted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(404)
		fmt.Fprint(w, `{"error_code":"FDI.404","error_msg":"task abc/../x not found in box"}`)
	}))
	defer srv.Close()
	for _, tok := range []string{"x", "box", strings.Repeat("b", roma.MinRedactLen-1)} {
		c, err := roma.New(srv.URL, roma.WithToken(tok))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.RawTask(context.Background(), roma.TaskRef{ProjectID: project, InstanceID: instance, TaskID: seedID})
		if err == nil || !strings.Contains(err.Error(), "task abc/../x not found in box") {
			t.Errorf("token %q: error %v, want the server's message unchanged", tok, err)
		}
	}
}
