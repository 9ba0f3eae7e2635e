package roma

import (
	"errors"
	"fmt"
	"log/slog"
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

// redact replaces every occurrence of the token in s by "[REDACTED]", for text that came
// from elsewhere (a proxy's error page may echo request headers).
func (t Token) redact(s string) string {
	if t.value == "" {
		return s
	}
	return strings.ReplaceAll(s, t.value, redacted)
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
