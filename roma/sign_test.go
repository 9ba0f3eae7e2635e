package roma_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fdireview/fdireview/roma"
)

// sdkVector is one known answer of the official Huawei Cloud Go SDK signer, written by
// scripts/sdksign (see its doc for how to regenerate).
type sdkVector struct {
	Name    string `json:"name"`
	Method  string `json:"method"`
	URL     string `json:"url"`
	Headers []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"headers"`
	Body          string            `json:"body"`
	AK            string            `json:"ak"`
	SK            string            `json:"sk"`
	SecurityToken string            `json:"security_token"`
	Date          string            `json:"date"`
	Want          map[string]string `json:"want"`
}

func loadSDKVectors(t testing.TB) []sdkVector {
	t.Helper()
	b, err := os.ReadFile("testdata/sdk-signer-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		SDK     string      `json:"sdk"`
		Vectors []sdkVector `json:"vectors"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Vectors) < 8 || !strings.Contains(f.SDK, "huaweicloud-sdk-go-v3") {
		t.Fatalf("vectors file holds %d vectors from %q; regenerate it with scripts/sdksign", len(f.Vectors), f.SDK)
	}
	return f.Vectors
}

func (v sdkVector) request(t testing.TB) *http.Request {
	t.Helper()
	var body io.Reader
	if v.Body != "" {
		body = strings.NewReader(v.Body)
	}
	req, err := http.NewRequest(v.Method, v.URL, body)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range v.Headers {
		req.Header[h.Name] = append(req.Header[h.Name], h.Value)
	}
	return req
}

func (v sdkVector) key() roma.AccessKey {
	if v.SecurityToken != "" {
		return roma.NewTemporaryAccessKey(v.AK, v.SK, v.SecurityToken)
	}
	return roma.NewAccessKey(v.AK, v.SK)
}

// TestSignAgreesWithTheOfficialSDKSigner signs each request of the known-answer vectors
// and compares every header the SDK adds, byte for byte.
func TestSignAgreesWithTheOfficialSDKSigner(t *testing.T) {
	for _, v := range loadSDKVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			at, err := time.Parse(roma.SignDateFormat, v.Date)
			if err != nil {
				t.Fatal(err)
			}
			req := v.request(t)
			if err := v.key().Sign(req, at); err != nil {
				t.Fatalf("Sign: %v", err)
			}
			for name, want := range v.Want {
				if got := req.Header.Get(name); got != want {
					t.Errorf("%s:\n got %s\nwant %s", name, got, want)
				}
			}
			if v.SecurityToken != "" && req.Header.Get(roma.HeaderSecurityToken) != v.SecurityToken {
				t.Errorf("X-Security-Token not sent")
			}
			if v.Body != "" { // the body is still there to send
				if got := readAll(t, req); got != v.Body {
					t.Errorf("body after signing = %q, want %q", got, v.Body)
				}
			}
		})
	}
}

func readAll(t testing.TB, req *http.Request) string {
	t.Helper()
	b, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSignReplacesAPreviousSignature: signing again (a retry) gives a fresh date and one
// Authorization header, the old one not signed into the new.
func TestSignReplacesAPreviousSignature(t *testing.T) {
	v := loadSDKVectors(t)[0]
	at, _ := time.Parse(roma.SignDateFormat, v.Date)
	req := v.request(t)
	key := v.key()
	if err := key.Sign(req, at.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := key.Sign(req, at); err != nil {
		t.Fatal(err)
	}
	if got := req.Header.Values("Authorization"); len(got) != 1 || got[0] != v.Want["Authorization"] {
		t.Errorf("Authorization after re-signing = %q, want [%q]", got, v.Want["Authorization"])
	}
	if got := req.Header.Values(roma.HeaderSignDate); len(got) != 1 || got[0] != v.Date {
		t.Errorf("X-Sdk-Date after re-signing = %q, want [%q]", got, v.Date)
	}
}

func TestSignRefusesIncompleteOrUnsendableKeys(t *testing.T) {
	const sk = "ExampleSecretKey0123456789abcdefGHIJKLMN"
	tests := []struct {
		name string
		key  roma.AccessKey
		want string
	}{
		{"no AK", roma.NewAccessKey("", sk), "access key ID (AK) is empty"},
		{"no SK", roma.NewAccessKey("HPUAEXAMPLE", " \n"), "secret access key (SK) is empty"},
		{"comma in AK", roma.NewAccessKey("HPUA,EXAMPLE", sk), "comma"},
		{"newline in SK", roma.NewAccessKey("HPUAEXAMPLE", "abc\ndef"), "secret access key"},
		{"newline in security token", roma.NewTemporaryAccessKey("HPUAEXAMPLE", sk, "abc\ndef"), "security token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", "https://roma.cn-north-4.myhuaweicloud.com/v2/", nil)
			err := tt.key.Sign(req, time.Now())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Sign error = %v, want one containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), sk) || strings.Contains(err.Error(), "abc") {
				t.Errorf("error quotes a secret: %v", err)
			}
			if req.Header.Get("Authorization") != "" {
				t.Error("Authorization set although signing failed")
			}
		})
	}
}

func TestAccessKeyNeverPrintsItsSecrets(t *testing.T) {
	const sk, st = "SecretKey-canary-0123456789abcdefghijklm", "SecurityToken-canary-0123456789"
	k := roma.NewTemporaryAccessKey("HPUAEXAMPLEAKZ2QWXYZ", sk, st)
	forms := []string{
		k.String(), k.GoString(), fmt.Sprintf("%v", k), fmt.Sprintf("%+v", k), fmt.Sprintf("%#v", k),
		fmt.Sprintf("%s", k), fmt.Sprintf("%q", k), fmt.Sprintf("%x", k), fmt.Sprintf("%v", &k),
		fmt.Sprintf("%+v", struct{ K roma.AccessKey }{k}), jsonString(k), jsonString(struct {
			K roma.AccessKey `json:"k"`
		}{k}),
	}
	for _, s := range forms {
		if strings.Contains(s, sk) || strings.Contains(s, st) || strings.Contains(s, fmt.Sprintf("%x", sk)) {
			t.Errorf("a secret shows: %s", s)
		}
		if !strings.Contains(s, "HPUA…WXYZ") && !strings.Contains(s, fmt.Sprintf("%x", "HPUA…WXYZ")) {
			t.Errorf("%q does not name the key as HPUA…WXYZ", s)
		}
	}
}

// BenchmarkSign is the cost of signing one ListTasks request; compare it with
// BenchmarkSignedLoopbackRequest (client_test) and BenchmarkRawTask10k.
func BenchmarkSign(b *testing.B) {
	v := loadSDKVectors(b)[2] // list tasks, query
	at, _ := time.Parse(roma.SignDateFormat, v.Date)
	key := v.key()
	req := v.request(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := key.Sign(req, at); err != nil {
			b.Fatal(err)
		}
	}
}
