package romatest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

// TestSignatureVerification sends requests signed by roma's signer, some altered after
// signing, to a server that verifies them with its own implementation.
func TestSignatureVerification(t *testing.T) {
	key := roma.NewAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)
	temp := roma.NewTemporaryAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey, romatest.DefaultSecurityToken)
	tests := []struct {
		name      string
		temporary bool // the server expects DefaultSecurityToken
		key       roma.AccessKey
		path      string
		at        time.Duration // signing time relative to the server's clock
		alter     func(*http.Request)
		want      string // "" = 200; otherwise in the APIG.0301 message
	}{
		{name: "signed", key: key, path: base + "/" + seedID},
		{name: "signed list with odd query", key: key, path: base + "?name=a%20b%2Bc&task_tag=%E6%95%B0&limit=5"},
		{name: "14 minutes early", key: key, path: base, at: -14 * time.Minute},
		{name: "14 minutes late", key: key, path: base, at: 14 * time.Minute},
		{name: "16 minutes early", key: key, path: base, at: -16 * time.Minute, want: "more than 15 minutes"},
		{name: "16 minutes late", key: key, path: base, at: 16 * time.Minute, want: "more than 15 minutes"},
		{name: "path changed after signing", key: key, path: base + "/" + seedID,
			alter: func(r *http.Request) { r.URL.Path = base + "/x" }, want: "verify aksk signature fail"},
		{name: "query changed after signing", key: key, path: base + "?limit=5",
			alter: func(r *http.Request) { r.URL.RawQuery = "limit=6" }, want: "verify aksk signature fail"},
		{name: "signed header changed", key: key, path: base,
			alter: func(r *http.Request) { r.Header.Set("Accept", "text/html") }, want: "verify aksk signature fail"},
		{name: "wrong secret key", key: roma.NewAccessKey(romatest.DefaultAccessKey, "not-the-secret-key-0123456789"), path: base, want: "verify aksk signature fail"},
		{name: "unknown access key", key: roma.NewAccessKey("SOMEOTHERACCESSKEY99", romatest.DefaultSecretKey), path: base, want: "does not exist"},
		{name: "date removed", key: key, path: base,
			alter: func(r *http.Request) { r.Header.Del("X-Sdk-Date") }, want: "X-Sdk-Date"},
		{name: "temporary credentials", temporary: true, key: temp, path: base},
		{name: "security token missing", temporary: true, key: key, path: base, want: "security token is missing"},
		{name: "security token not signed", temporary: true, key: key, path: base,
			alter: func(r *http.Request) { r.Header.Set("X-Security-Token", romatest.DefaultSecurityToken) }, want: "not signed"},
		{name: "no signature, no token", key: roma.AccessKey{}, path: base, want: "no Authorization header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := romatest.NewServer(romatest.Examples()...)
			defer srv.Close()
			srv.SetToken("")
			if tt.temporary {
				srv.SetTemporaryAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey, romatest.DefaultSecurityToken)
			} else {
				srv.SetAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)
			}
			now := time.Date(2026, 12, 4, 10, 15, 0, 0, time.UTC)
			srv.SetClock(func() time.Time { return now })
			req, err := http.NewRequest(http.MethodGet, srv.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Accept", "application/json")
			if !tt.key.IsZero() {
				if err := tt.key.Sign(req, now.Add(tt.at)); err != nil {
					t.Fatal(err)
				}
			}
			if tt.alter != nil {
				tt.alter(req)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if tt.want == "" {
				if resp.StatusCode != 200 {
					t.Fatalf("status %d: %s", resp.StatusCode, body)
				}
				return
			}
			var e struct{ ErrorCode, ErrorMsg, RequestID string }
			json.Unmarshal(body, &struct {
				C *string `json:"error_code"`
				M *string `json:"error_msg"`
				R *string `json:"request_id"`
			}{&e.ErrorCode, &e.ErrorMsg, &e.RequestID})
			if resp.StatusCode != 401 || e.ErrorCode != "APIG.0301" || e.RequestID == "" ||
				!strings.HasPrefix(e.ErrorMsg, "Incorrect IAM authentication information: ") || !strings.Contains(e.ErrorMsg, tt.want) {
				t.Errorf("got %d %s, want 401 APIG.0301 (with request_id) saying %q", resp.StatusCode, body, tt.want)
			}
			if strings.Contains(string(body), romatest.DefaultSecretKey) {
				t.Error("the error body shows the secret key")
			}
		})
	}
}

// TestTokenStillWorksBesideAccessKeys: a server with both a token and an access key lets
// either in, and refuses a signature when no access key is set.
func TestTokenStillWorksBesideAccessKeys(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.SetAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)
	if resp, _, err := get(t, srv, base+"/"+seedID, romatest.DefaultToken); err != nil || resp.StatusCode != 200 {
		t.Fatalf("token request: %v %v", resp, err)
	}
	srv.SetAccessKey("", "")
	req, _ := http.NewRequest(http.MethodGet, srv.URL+base, nil)
	if err := roma.NewAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey).Sign(req, time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("a signature without a configured access key got %d, want 401", resp.StatusCode)
	}
}
