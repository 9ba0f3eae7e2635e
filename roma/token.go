package roma

import (
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/url"
	"os"
	"strings"
)

// TokenEnv is the environment variable the binaries read the FDI token from.
const TokenEnv = "ROMA_AUTH_TOKEN"

// redacted is what a Token prints instead of its value.
const redacted = "[REDACTED]"

// Token is an IAM token for the X-Auth-Token header. It is a secret: every way of
// printing, logging or encoding it (String, GoString, Format with any verb, MarshalJSON,
// LogValue) writes "[REDACTED]" instead. The zero Token means "no token".
type Token struct {
	value string
}

// NewToken wraps a token value. Surrounding white space (a trailing newline from a file)
// is removed.
func NewToken(value string) Token { return Token{value: strings.TrimSpace(value)} }

// IsZero reports whether the token is empty.
func (t Token) IsZero() bool { return t.value == "" }

// String returns "[REDACTED]".
func (t Token) String() string { return redacted }

// GoString returns "roma.Token{[REDACTED]}", so %#v does not print the value either.
func (t Token) GoString() string { return "roma.Token{" + redacted + "}" }

// Format writes "[REDACTED]" for every verb, %v, %+v, %#v, %s, %q and %x included.
func (t Token) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, t.GoString())
		return
	}
	fmt.Fprint(f, redacted)
}

// MarshalJSON encodes the token as the string "[REDACTED]".
func (t Token) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// LogValue makes slog print "[REDACTED]".
func (t Token) LogValue() slog.Value { return slog.StringValue(redacted) }

// validate checks that the token can be sent as a header value. The error never quotes it.
func (t Token) validate() error {
	if len(t.value) > 64<<10 {
		return errors.New("token is longer than 64 KiB")
	}
	for i := 0; i < len(t.value); i++ {
		if c := t.value[i]; c <= ' ' || c >= 0x7f {
			return fmt.Errorf("token has a control, space or non-ASCII character at byte %d", i)
		}
	}
	return nil
}

// MinRedactLen is the shortest token redact looks for in text that came from elsewhere.
// A shorter "token" (a test's "x") is not a secret worth the damage: replacing every "x"
// in a server's message would mangle it ("abc/../[REDACTED]"). Real IAM tokens run to
// thousands of characters. Token's own printing methods redact whatever the length.
const MinRedactLen = 8

// redact replaces the token in s by "[REDACTED]", for text that came from elsewhere (a
// proxy's error page or a header may echo the request's headers). It finds the token as
// sent and in its URL- and HTML-escaped forms, and also a piece of it of at least
// MinRedactLen bytes cut by the server: a start of the token running into the end of s
// or into text that is not the token, and likewise an end of the token. Redact before
// cutting a string for display, never after: a cut through the token hides it from an
// exact search.
func (t Token) redact(s string) string {
	v := t.value
	if len(v) < MinRedactLen || len(s) < MinRedactLen {
		return s
	}
	for _, form := range []string{v, url.QueryEscape(v), url.PathEscape(v), html.EscapeString(v)} {
		s = strings.ReplaceAll(s, form, redacted)
	}
	return redactPieces(s, v)
}

// shown is s fit for a message: the token redacted, then white space collapsed, control
// characters dropped and the result cut to n runes (see printable). Text from elsewhere is
// shown through here, so the redaction always comes before the cut.
func (t Token) shown(s string, n int) string { return printable(t.redact(s), n) }

// snippet is the quoted start of an unexpected body for an error message (see snippet),
// the token redacted before it is cut.
func (t Token) snippet(body []byte) string { return snippet(t.redact(string(body))) }

// redactPieces replaces each run of s of at least MinRedactLen bytes that is a start or an
// end of v.
func redactPieces(s, v string) string {
	head, tail := v[:MinRedactLen], v[len(v)-MinRedactLen:]
	if !strings.Contains(s, head) && !strings.Contains(s, tail) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], head) {
			k := MinRedactLen
			for i+k < len(s) && k < len(v) && s[i+k] == v[k] {
				k++
			}
			b.WriteString(redacted)
			i += k
			continue
		}
		if strings.HasPrefix(s[i:], tail) {
			// s[i:i+8] ends the token: take back what before it also belongs to the token's end.
			k := 0
			out := b.String()
			for k < len(out) && k < len(v)-MinRedactLen && out[len(out)-1-k] == v[len(v)-MinRedactLen-1-k] {
				k++
			}
			b.Reset()
			b.WriteString(out[:len(out)-k])
			b.WriteString(redacted)
			i += MinRedactLen
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// LoadToken returns the token the binaries use: the content of the file at path when path
// is not empty, otherwise the value of the ROMA_AUTH_TOKEN variable read through getenv.
// Reading the token from a file or the environment keeps it out of the process list,
// where a flag value would show. A zero Token and a nil error mean neither was set.
func LoadToken(getenv func(string) string, path string) (Token, error) {
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return Token{}, fmt.Errorf("read token file: %w", err)
		}
		t := NewToken(string(b))
		if t.IsZero() {
			return Token{}, fmt.Errorf("token file %s is empty", path)
		}
		return t, t.validate()
	}
	if getenv == nil {
		return Token{}, nil
	}
	t := NewToken(getenv(TokenEnv))
	if err := t.validate(); err != nil {
		return Token{}, fmt.Errorf("%s: %w", TokenEnv, err)
	}
	return t, nil
}

// secrets are the values a client redacts from text that came from elsewhere: its token,
// secret access key and security token (zero ones are skipped).
type secrets []Token

// redact applies each secret's Token.redact.
func (s secrets) redact(text string) string {
	for _, t := range s {
		text = t.redact(text)
	}
	return text
}

// shown is Token.shown for every secret: redacted first, then cut to n runes.
func (s secrets) shown(text string, n int) string { return printable(s.redact(text), n) }

// snippet is Token.snippet for every secret.
func (s secrets) snippet(body []byte) string { return snippet(s.redact(string(body))) }
