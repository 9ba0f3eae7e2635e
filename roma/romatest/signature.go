package romatest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Defaults for AK/SK signing (SetAccessKey); fake values, never real ones.
const (
	// DefaultAccessKey is an access key ID (AK) for tests.
	DefaultAccessKey = "ROMATESTEXAMPLEAK0001"
	// DefaultSecretKey is the secret access key (SK) of DefaultAccessKey.
	DefaultSecretKey = "romatest-secret-key-0123456789abcdefghijk"
	// DefaultSecurityToken is a security token for temporary-credential tests.
	DefaultSecurityToken = "romatest-security-token-gQpjbi1ub3J0aC00RXhhbXBsZQ"
	// MaxClockSkew is how far X-Sdk-Date may be from the server's clock, as at the gateway.
	MaxClockSkew = 15 * time.Minute
)

// accessKey is what the server expects of signed requests.
type accessKey struct {
	id, secret, securityToken string
}

// SetAccessKey makes the server accept requests signed (SDK-HMAC-SHA256) with this access
// key, verified by the server's own implementation of the algorithm, beside the token
// check (SetToken("") leaves signatures as the only way in). A request with a signature
// that does not verify, an unknown access key, a missing or unsigned X-Sdk-Date or host,
// or a date more than MaxClockSkew off the server's clock is answered 401 APIG.0301 with
// the gateway's error body. An empty id turns signing off.
func (s *Server) SetAccessKey(id, secret string) { s.SetTemporaryAccessKey(id, secret, "") }

// SetTemporaryAccessKey is SetAccessKey for temporary credentials: a signed request must
// also carry securityToken in X-Security-Token, and sign it, or it is answered 401
// APIG.0301.
func (s *Server) SetTemporaryAccessKey(id, secret, securityToken string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.key = accessKey{id: id, secret: secret, securityToken: securityToken}
}

// SetClock replaces the clock that X-Sdk-Date is checked against (default time.Now), to
// test clock skew; nil restores time.Now.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// apigUnauthorized is the gateway's answer to refused IAM authentication.
func apigUnauthorized(why string) (int, []byte) {
	b, _ := json.Marshal(map[string]string{
		"error_code": "APIG.0301",
		"error_msg":  "Incorrect IAM authentication information: " + why,
		"request_id": requestID(),
	})
	return http.StatusUnauthorized, b
}

// checkAuth answers a request that is not let in; ok reports that it is.
func checkAuth(r *http.Request, token string, key accessKey, now time.Time) (status int, body []byte, ok bool) {
	if auth := r.Header.Get("Authorization"); auth != "" {
		if key.id == "" {
			status, body = apigUnauthorized("AK/SK authentication is not enabled for this API")
			return status, body, false
		}
		if why := verifySignature(r, auth, key, now); why != "" {
			status, body = apigUnauthorized(why)
			return status, body, false
		}
		return 0, nil, true
	}
	switch got := r.Header.Get("X-Auth-Token"); {
	case token == "" && key.id == "":
		return 0, nil, true
	case token == "":
		status, body = apigUnauthorized("no Authorization header; sign the request with an access key")
	case got == "":
		status, body = errorBody(http.StatusUnauthorized, "ROMA.1000", "No token is available in the request.")
	case got != token:
		status, body = errorBody(http.StatusUnauthorized, "ROMA.1002", "Incorrect token in the request.")
	default:
		return 0, nil, true
	}
	return status, body, false
}

// verifySignature checks an SDK-HMAC-SHA256 Authorization header against the request as
// received; it returns why it is refused, or "". It is written apart from roma's signer
// (escaping through url.QueryEscape, headers from the received request), so that the two
// check each other.
func verifySignature(r *http.Request, auth string, key accessKey, now time.Time) string {
	alg, params, _ := strings.Cut(auth, " ")
	if alg != "SDK-HMAC-SHA256" {
		return fmt.Sprintf("unsupported signing algorithm %q", clip(alg))
	}
	fields := map[string]string{}
	for _, p := range strings.Split(params, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		fields[k] = v
	}
	access, signedList, sig := fields["Access"], fields["SignedHeaders"], fields["Signature"]
	switch {
	case access == "" || signedList == "" || sig == "":
		return "the Authorization header lacks Access, SignedHeaders or Signature"
	case access != key.id:
		return "the access key " + clip(access) + " does not exist"
	}
	signed := strings.Split(signedList, ";")
	has := func(h string) bool {
		for _, s := range signed {
			if s == h {
				return true
			}
		}
		return false
	}
	if !has("host") || !has("x-sdk-date") {
		return "host and x-sdk-date must be signed"
	}
	date := r.Header.Get("X-Sdk-Date")
	at, err := time.Parse("20060102T150405Z", date)
	if err != nil {
		return "X-Sdk-Date is missing or not YYYYMMDDTHHMMSSZ"
	}
	if d := now.Sub(at); d > MaxClockSkew || d < -MaxClockSkew {
		return fmt.Sprintf("the request date %s is more than 15 minutes from the server's time", date)
	}
	if key.securityToken != "" {
		switch got := r.Header.Get("X-Security-Token"); {
		case got == "":
			return "the security token is missing (temporary credentials need X-Security-Token)"
		case !has("x-security-token"):
			return "the security token is not signed"
		case got != key.securityToken:
			return "the security token does not match the access key"
		}
	}

	var cr strings.Builder
	cr.WriteString(r.Method + "\n")
	segs := strings.Split(r.URL.EscapedPath(), "/")
	for i, seg := range segs {
		dec, err := url.PathUnescape(seg)
		if err != nil {
			return "the path cannot be decoded"
		}
		segs[i] = encode(dec)
	}
	path := strings.Join(segs, "/")
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	cr.WriteString(path + "\n")
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "the query cannot be decoded"
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var pairs []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			pairs = append(pairs, encode(k)+"="+encode(v))
		}
	}
	cr.WriteString(strings.Join(pairs, "&") + "\n")
	for _, h := range signed {
		var vs []string
		if h == "host" {
			vs = []string{r.Host}
		} else {
			vs = append(vs, r.Header.Values(h)...)
		}
		sort.Strings(vs)
		for _, v := range vs {
			cr.WriteString(h + ":" + strings.TrimSpace(v) + "\n")
		}
	}
	cr.WriteString("\n" + signedList + "\n")
	if p := r.Header.Get("X-Sdk-Content-Sha256"); p == "UNSIGNED-PAYLOAD" {
		cr.WriteString(p)
	} else {
		body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
		if err != nil {
			return "the body cannot be read"
		}
		sum := sha256.Sum256(body)
		cr.WriteString(hex.EncodeToString(sum[:]))
	}
	crSum := sha256.Sum256([]byte(cr.String()))
	mac := hmac.New(sha256.New, []byte(key.secret))
	fmt.Fprintf(mac, "SDK-HMAC-SHA256\n%s\n%x", date, crSum)
	want := hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return "verify aksk signature fail"
	}
	return ""
}

// encode escapes everything but letters, digits and "-_.~", as %XX.
func encode(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// clip shortens a client-sent value quoted in an error body.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
