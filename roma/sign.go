package roma

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The names and formats of AK/SK signing (SDK-HMAC-SHA256), as the official Huawei Cloud
// SDKs and the API gateway (APIG) use them.
const (
	// SignAlgorithm starts the Authorization header of a signed request.
	SignAlgorithm = "SDK-HMAC-SHA256"
	// SignDateFormat is the time layout of the X-Sdk-Date header (UTC).
	SignDateFormat = "20060102T150405Z"
	// HeaderSignDate is the header carrying the signing time.
	HeaderSignDate = "X-Sdk-Date"
	// HeaderSecurityToken carries the security token of temporary credentials; it is signed.
	HeaderSecurityToken = "X-Security-Token"
	// HeaderContentSHA256 replaces the body hash: "UNSIGNED-PAYLOAD" leaves the body out.
	HeaderContentSHA256 = "X-Sdk-Content-Sha256"
	// UnsignedPayload is the HeaderContentSHA256 value for a body that is not signed.
	UnsignedPayload = "UNSIGNED-PAYLOAD"
)

// AccessKey is a Huawei Cloud access key: an access key ID (AK, not secret, shown
// abbreviated as "HPUA…WXYZ"), its secret access key (SK) and, for temporary credentials
// (from IAM's security-token APIs or an agency), a security token. The SK and the security
// token are secrets like a Token: no printing, logging or encoding method of AccessKey
// shows them. The zero AccessKey means "no access key".
type AccessKey struct {
	id            string
	secret        Token
	securityToken Token
}

// NewAccessKey returns a permanent access key. Surrounding white space is removed.
func NewAccessKey(id, secret string) AccessKey {
	return AccessKey{id: strings.TrimSpace(id), secret: NewToken(secret)}
}

// NewTemporaryAccessKey returns temporary credentials: an access key with the security
// token issued with it, sent (and signed) in the X-Security-Token header.
func NewTemporaryAccessKey(id, secret, securityToken string) AccessKey {
	k := NewAccessKey(id, secret)
	k.securityToken = NewToken(securityToken)
	return k
}

// IsZero reports whether k is the zero AccessKey.
func (k AccessKey) IsZero() bool { return k.id == "" && k.secret.IsZero() && k.securityToken.IsZero() }

// ID returns the access key ID (AK).
func (k AccessKey) ID() string { return k.id }

// Temporary reports whether k has a security token.
func (k AccessKey) Temporary() bool { return !k.securityToken.IsZero() }

// Abbrev returns the access key ID cut to its first and last four characters,
// "HPUA…WXYZ", for messages; IDs of 12 characters or fewer show as "…" and their last
// two characters.
func (k AccessKey) Abbrev() string {
	if len(k.id) <= 12 {
		return "…" + k.id[max(len(k.id)-2, 0):]
	}
	return k.id[:4] + "…" + k.id[len(k.id)-4:]
}

// String reads "access key HPUA…WXYZ" or "temporary access key HPUA…WXYZ"; the secrets
// never show.
func (k AccessKey) String() string {
	if k.Temporary() {
		return "temporary access key " + k.Abbrev()
	}
	return "access key " + k.Abbrev()
}

// GoString returns "roma.AccessKey{HPUA…WXYZ, [REDACTED]}".
func (k AccessKey) GoString() string { return "roma.AccessKey{" + k.Abbrev() + ", " + redacted + "}" }

// Format writes String for every verb, and GoString for %#v.
func (k AccessKey) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, k.GoString())
		return
	}
	fmt.Fprint(f, k.String())
}

// MarshalJSON encodes k as the string String returns.
func (k AccessKey) MarshalJSON() ([]byte, error) { return []byte(`"` + k.String() + `"`), nil }

// LogValue makes slog print String.
func (k AccessKey) LogValue() slog.Value { return slog.StringValue(k.String()) }

// validate checks that the key can sign; the error never quotes a secret.
func (k AccessKey) validate() error {
	switch {
	case k.id == "":
		return errors.New("access key: the access key ID (AK) is empty")
	case k.secret.IsZero():
		return errors.New("access key: the secret access key (SK) is empty")
	}
	for i := 0; i < len(k.id); i++ {
		if c := k.id[i]; c <= ' ' || c >= 0x7f || c == ',' || c == '=' {
			return fmt.Errorf("access key: the access key ID has a space, comma, '=', control or non-ASCII character at byte %d", i)
		}
	}
	if err := k.secret.validate(); err != nil {
		return fmt.Errorf("access key: secret access key: %w", err)
	}
	if err := k.securityToken.validate(); err != nil {
		return fmt.Errorf("access key: security token: %w", err)
	}
	return nil
}

// Sign signs req for the time at with SDK-HMAC-SHA256, as the official Huawei Cloud SDKs
// do, and agrees with their signer byte for byte. It sets X-Sdk-Date, X-Security-Token for
// temporary credentials, X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD when the Content-Type is
// neither JSON nor BSON, and Authorization:
//
//	SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2;…>, Signature=<hex>
//
// The signature is the hex HMAC-SHA256, keyed with the SK, of
// "SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of the canonical request>", where the
// canonical request is, line by line: the method; the path, each segment decoded then
// escaped (all but letters, digits and "-_.~" as %XX), ending with "/"; the query, keys
// and values decoded ('+' is a space) then escaped the same way, sorted by key and then
// value, joined as k=v&…; one "name:value" line per signed header (values trimmed),
// then an empty line; the signed header names joined by ';'; the hex SHA-256 of the
// body, or the X-Sdk-Content-Sha256 value when the request has one.
//
// Signed headers are the request's headers at signing time, lower-cased and sorted, and
// "host" (req.Host, or the URL's host, as net/http sends it), except Content-Type and any
// name containing '_' (never signed). A header added after Sign (by a transport or a
// proxy) is not signed and does no harm; one changed after Sign breaks the signature.
// Sign again, with a fresh time, for every attempt: the gateway refuses a date more than
// 15 minutes off its clock.
//
// The body is read through req.GetBody when set; otherwise it is read once and replaced
// by an in-memory copy. A previous Authorization and X-Sdk-Date are replaced.
func (k AccessKey) Sign(req *http.Request, at time.Time) error {
	if err := k.validate(); err != nil {
		return err
	}
	if req.URL == nil {
		return errors.New("sign request: no URL")
	}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Header.Del("Authorization")
	date := at.UTC().Format(SignDateFormat)
	req.Header.Set(HeaderSignDate, date)
	if k.Temporary() {
		req.Header.Set(HeaderSecurityToken, k.securityToken.value)
	}
	if ct, ok := req.Header["Content-Type"]; ok && len(ct) > 0 && !strings.Contains(ct[0], "application/json") && !strings.Contains(ct[0], "application/bson") {
		req.Header.Set(HeaderContentSHA256, UnsignedPayload)
	}
	payload := req.Header.Get(HeaderContentSHA256)
	if payload == "" {
		sum, err := bodySHA256(req)
		if err != nil {
			return fmt.Errorf("sign request: %w", err)
		}
		payload = sum
	}
	var cr strings.Builder
	cr.Grow(512)
	cr.WriteString(req.Method)
	cr.WriteByte('\n')
	if err := writeCanonicalPath(&cr, req.URL.EscapedPath()); err != nil {
		return fmt.Errorf("sign request: path: %w", err)
	}
	cr.WriteByte('\n')
	if err := writeCanonicalQuery(&cr, req.URL.RawQuery); err != nil {
		return fmt.Errorf("sign request: query: %w", err)
	}
	cr.WriteByte('\n')
	signed := writeCanonicalHeaders(&cr, req)
	cr.WriteByte('\n')
	cr.WriteString(signed)
	cr.WriteByte('\n')
	cr.WriteString(payload)

	crSum := sha256.Sum256([]byte(cr.String()))
	var sts strings.Builder
	sts.Grow(len(SignAlgorithm) + len(date) + 2 + 2*sha256.Size)
	sts.WriteString(SignAlgorithm)
	sts.WriteByte('\n')
	sts.WriteString(date)
	sts.WriteByte('\n')
	sts.WriteString(hex.EncodeToString(crSum[:]))
	mac := hmac.New(sha256.New, []byte(k.secret.value))
	mac.Write([]byte(sts.String()))
	req.Header.Set("Authorization", SignAlgorithm+" Access="+k.id+", SignedHeaders="+signed+", Signature="+hex.EncodeToString(mac.Sum(nil)))
	return nil
}

// bodySHA256 is the hex SHA-256 of the request body, read without consuming it.
func bodySHA256(req *http.Request) (string, error) {
	h := sha256.New()
	if req.Body == nil || req.Body == http.NoBody {
		return hexSum(h), nil
	}
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return "", fmt.Errorf("read body: %w", err)
		}
		defer rc.Close()
		if _, err := io.Copy(h, rc); err != nil {
			return "", fmt.Errorf("read body: %w", err)
		}
		return hexSum(h), nil
	}
	b, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return "", fmt.Errorf("read body: %w", err)
	}
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	h.Write(b)
	return hexSum(h), nil
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

// writeCanonicalPath writes the escaped path with each segment decoded and escaped again,
// ending with "/".
func writeCanonicalPath(b *strings.Builder, escapedPath string) error {
	for i, seg := range strings.Split(escapedPath, "/") {
		if i > 0 {
			b.WriteByte('/')
		}
		s, err := url.PathUnescape(seg)
		if err != nil {
			return err
		}
		signEscape(b, s)
	}
	if escapedPath == "" || !strings.HasSuffix(escapedPath, "/") {
		b.WriteByte('/')
	}
	return nil
}

// writeCanonicalQuery writes the sorted, escaped query.
func writeCanonicalQuery(b *strings.Builder, rawQuery string) error {
	if rawQuery == "" {
		return nil
	}
	type pair struct{ k, v string }
	pairs := make([]pair, 0, strings.Count(rawQuery, "&")+1)
	for part := range strings.SplitSeq(rawQuery, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k, err := url.QueryUnescape(k)
		if err != nil {
			return err
		}
		v, err = url.QueryUnescape(v)
		if err != nil {
			return err
		}
		pairs = append(pairs, pair{k, v})
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.v, b.v)
	})
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		signEscape(b, p.k)
		b.WriteByte('=')
		signEscape(b, p.v)
	}
	return nil
}

// writeCanonicalHeaders writes one "name:value\n" line per signed header value and
// returns the signed header names joined by ';'.
func writeCanonicalHeaders(b *strings.Builder, req *http.Request) string {
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	names := make([]string, 0, len(req.Header)+1)
	values := make(map[string][]string, len(req.Header)+1)
	values["host"] = []string{host}
	names = append(names, "host")
	for name, vs := range req.Header {
		low := strings.ToLower(name)
		if low == "host" || strings.HasPrefix(low, "content-type") || strings.Contains(low, "_") {
			continue
		}
		if _, seen := values[low]; !seen {
			names = append(names, low)
		}
		values[low] = append(values[low], vs...)
	}
	slices.Sort(names)
	for _, name := range names {
		vs := values[name]
		if len(vs) > 1 {
			vs = slices.Clone(vs)
			slices.Sort(vs)
		}
		for _, v := range vs {
			b.WriteString(name)
			b.WriteByte(':')
			b.WriteString(strings.TrimSpace(v))
			b.WriteByte('\n')
		}
	}
	return strings.Join(names, ";")
}

// signEscape writes s with every byte but letters, digits and "-_.~" as %XX (upper-case
// hex), the escaping of the SDK signer.
func signEscape(b *strings.Builder, s string) {
	const hexDigits = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '~' || c == '.' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
}
