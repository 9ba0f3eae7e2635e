package roma_test

import (
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

// FuzzSignatureVerifies signs requests with any path segment and query text and sends
// them over loopback to romatest, whose verifier is written apart from the signer: every
// signature must verify (the answer is never 401), and signing never panics.
func FuzzSignatureVerifies(f *testing.F) {
	seeds := []struct{ seg, key, value string }{
		{"9496207a5d6b44b486d79005b5815bd4", "name", "orders"},
		{"a b", "name", "a b+c/d?e=f&g%h"},
		{"数据", "task_tag", "数据~x*y"},
		{"x%2Fy", "", ""},
		{"..", "empty", ""},
		{"\x00\xff", "k\x00", "\xff\xfe"},
		{"semi;colon", "a;b", "c;d"},
		{"~-_.", "Upper", "Z"},
	}
	for _, s := range seeds {
		f.Add(s.seg, s.key, s.value)
	}
	srv := romatest.NewServer(romatest.Examples()...)
	f.Cleanup(srv.Close)
	srv.SetToken("")
	srv.SetAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)
	key := roma.NewAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)
	base, err := url.Parse(srv.URL)
	if err != nil {
		f.Fatal(err)
	}
	hc := &http.Client{}
	f.Fuzz(func(t *testing.T, seg, k, v string) {
		u := *base
		u.Path = "/v2/" + romatest.ProjectID + "/fdi/instances/" + romatest.InstanceID + "/tasks/" + seg
		u.RawQuery = url.Values{k: {v}, "limit": {"5"}}.Encode()
		req, err := http.NewRequest(http.MethodGet, u.String(), nil)
		if err != nil {
			t.Skip() // not a URL net/http sends
		}
		req.Header.Set("Accept", "application/json")
		if err := key.Sign(req, time.Now()); err != nil {
			t.Fatalf("Sign: %v", err)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Skip() // refused by net/http before sending
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		srv.ResetRequests()
		if resp.StatusCode == http.StatusUnauthorized {
			t.Errorf("%s: 401 %s", u.String(), body)
		}
	})
}
