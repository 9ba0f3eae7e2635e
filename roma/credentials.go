package roma

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// Environment variables of the official Huawei Cloud SDKs, read by LoadCredentials and
// RegionFromEnv.
const (
	// AccessKeyEnv holds the access key ID (AK).
	AccessKeyEnv = "HUAWEICLOUD_SDK_AK"
	// SecretKeyEnv holds the secret access key (SK).
	SecretKeyEnv = "HUAWEICLOUD_SDK_SK"
	// SecurityTokenEnv holds the security token of temporary credentials.
	SecurityTokenEnv = "HUAWEICLOUD_SDK_SECURITY_TOKEN"
	// RegionEnv holds the region, e.g. "cn-north-4", from which the endpoint is derived.
	RegionEnv = "HUAWEICLOUD_SDK_REGION"
)

// Credentials authenticate the client's requests: an access key, with which every
// request is signed (SDK-HMAC-SHA256), or an IAM token, sent in X-Auth-Token. At most one
// of the two is set; the zero Credentials send nothing (and a real endpoint refuses the
// request). Printing Credentials shows the kind, the abbreviated access key ID and the
// source, never a secret.
type Credentials struct {
	// AccessKey signs requests.
	AccessKey AccessKey `json:"access_key"`
	// Token is sent as X-Auth-Token when there is no access key.
	Token Token `json:"token"`
	// Source says where the credentials were read from, for messages: an environment
	// variable ("HUAWEICLOUD_SDK_AK") or a file ("file /home/me/ak.txt").
	Source string `json:"source,omitempty"`
}

// IsZero reports whether there are no credentials.
func (c Credentials) IsZero() bool { return c.AccessKey.IsZero() && c.Token.IsZero() }

// validate checks that the credentials can be sent.
func (c Credentials) validate() error {
	if !c.AccessKey.IsZero() && !c.Token.IsZero() {
		return errors.New("credentials hold both an access key and a token; give one")
	}
	if !c.AccessKey.IsZero() {
		return c.AccessKey.validate()
	}
	return c.Token.validate()
}

// String says which credential is used, e.g. "signing with access key HPUA…WXYZ from
// HUAWEICLOUD_SDK_AK", "signing with temporary access key HPUA…WXYZ (security token
// signed) from file creds.ini", "sending the IAM token from ROMA_AUTH_TOKEN" or "no
// credentials".
func (c Credentials) String() string {
	from := ""
	if c.Source != "" {
		from = " from " + c.Source
	}
	switch {
	case !c.AccessKey.IsZero() && c.AccessKey.Temporary():
		return "signing with " + c.AccessKey.String() + " (security token signed)" + from
	case !c.AccessKey.IsZero():
		return "signing with " + c.AccessKey.String() + from
	case !c.Token.IsZero():
		return "sending the IAM token" + from
	}
	return "no credentials"
}

// GoString is String, so %#v shows no secret either.
func (c Credentials) GoString() string { return "roma.Credentials{" + c.String() + "}" }

// LogValue makes slog print String.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// UnauthorizedHint says what to check, for this kind of credential, when the API refuses
// it (HTTP 401 or 403, APIG.0301, ROMA.1000/1002/1006).
func (c Credentials) UnauthorizedHint() string {
	from := ""
	if c.Source != "" {
		from = " (read from " + c.Source + ")"
	}
	switch {
	case !c.AccessKey.IsZero() && c.AccessKey.Temporary():
		return "check the temporary access key " + c.AccessKey.Abbrev() + from + ": the secret key and the security token must be the ones issued with it, and temporary credentials expire (15 minutes to 24 hours); an APIG.0301 answer means the signature was refused, which also happens when this machine's clock is more than 15 minutes off"
	case !c.AccessKey.IsZero():
		return "check the access key " + c.AccessKey.Abbrev() + from + ": the secret key must be the one issued with it, the key must be enabled in IAM and its user allowed to use ROMA Connect; an APIG.0301 answer means the signature was refused, which also happens when this machine's clock is more than 15 minutes off"
	case !c.Token.IsZero():
		return "check the IAM token" + from + ": IAM tokens expire after 24 hours, and must be issued for the project in the URL"
	}
	return "no credentials were given: set " + AccessKeyEnv + " and " + SecretKeyEnv + " (and " + SecurityTokenEnv + " for temporary credentials), or " + TokenEnv
}

// CredentialFiles names the files LoadCredentials reads; empty names are not read.
type CredentialFiles struct {
	// AccessKeyFile and SecretKeyFile hold the access key ID and the secret access key,
	// one each (surrounding white space ignored). They go together.
	AccessKeyFile, SecretKeyFile string
	// CredentialsFile holds a whole access key: the credentials.csv downloaded from the
	// Huawei Cloud console ("User Name,Access Key Id,Secret Access Key" and one row), or
	// the official SDKs' profile format, "ak = …", "sk = …" and, for temporary
	// credentials, "security_token = …" lines (in a [basic] section, or none).
	CredentialsFile string
	// TokenFile holds an IAM token.
	TokenFile string
}

// LoadCredentials returns the credentials the binaries use, the first found of:
//
//  1. files given by flags: AccessKeyFile with SecretKeyFile, CredentialsFile, or
//     TokenFile (at most one of the three);
//  2. the environment of the official SDKs: HUAWEICLOUD_SDK_AK with HUAWEICLOUD_SDK_SK
//     and, for temporary credentials, HUAWEICLOUD_SDK_SECURITY_TOKEN;
//  3. the IAM token in ROMA_AUTH_TOKEN.
//
// Secrets are read from files or the environment, never from flags, so that they do not
// show in the process list. An incomplete pair (an AK without SK, a security token
// without a key) is an error rather than a fall-through to the next source, so that a
// typo is not hidden. Errors name files and variables, never their content. Zero
// Credentials and a nil error mean nothing was set; getenv may be nil.
func LoadCredentials(getenv func(string) string, files CredentialFiles) (Credentials, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	f := files
	n := 0
	if f.AccessKeyFile != "" || f.SecretKeyFile != "" {
		n++
	}
	if f.CredentialsFile != "" {
		n++
	}
	if f.TokenFile != "" {
		n++
	}
	switch {
	case n > 1:
		return Credentials{}, errors.New("give one of: an access key file with a secret key file, a credentials file, or a token file")
	case f.AccessKeyFile != "" || f.SecretKeyFile != "":
		if f.AccessKeyFile == "" || f.SecretKeyFile == "" {
			return Credentials{}, errors.New("an access key file and a secret key file go together: give both")
		}
		ak, err := readSecretFile("access key file", f.AccessKeyFile)
		if err != nil {
			return Credentials{}, err
		}
		sk, err := readSecretFile("secret key file", f.SecretKeyFile)
		if err != nil {
			return Credentials{}, err
		}
		c := Credentials{AccessKey: NewAccessKey(ak, sk), Source: "files " + f.AccessKeyFile + " and " + f.SecretKeyFile}
		return c, c.validate()
	case f.CredentialsFile != "":
		return loadCredentialsFile(f.CredentialsFile)
	case f.TokenFile != "":
		t, err := LoadToken(nil, f.TokenFile)
		return Credentials{Token: t, Source: "file " + f.TokenFile}, err
	}
	ak, sk, st := strings.TrimSpace(getenv(AccessKeyEnv)), strings.TrimSpace(getenv(SecretKeyEnv)), strings.TrimSpace(getenv(SecurityTokenEnv))
	switch {
	case ak != "" && sk == "":
		return Credentials{}, fmt.Errorf("%s is set but %s is not: set both", AccessKeyEnv, SecretKeyEnv)
	case ak == "" && sk != "":
		return Credentials{}, fmt.Errorf("%s is set but %s is not: set both", SecretKeyEnv, AccessKeyEnv)
	case ak == "" && st != "":
		return Credentials{}, fmt.Errorf("%s is set but %s and %s are not: temporary credentials need all three", SecurityTokenEnv, AccessKeyEnv, SecretKeyEnv)
	case ak != "":
		c := Credentials{AccessKey: NewTemporaryAccessKey(ak, sk, st), Source: AccessKeyEnv}
		if err := c.validate(); err != nil {
			return Credentials{}, fmt.Errorf("%s/%s: %w", AccessKeyEnv, SecretKeyEnv, err)
		}
		return c, nil
	}
	t, err := LoadToken(getenv, "")
	if err != nil || t.IsZero() {
		return Credentials{}, err
	}
	return Credentials{Token: t, Source: TokenEnv}, nil
}

// readSecretFile reads a one-value file; what refuses it never quotes the content.
func readSecretFile(what, path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", what, err)
	}
	v := strings.TrimSpace(string(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	if v == "" {
		return "", fmt.Errorf("%s %s is empty", what, path)
	}
	return v, nil
}

// loadCredentialsFile reads a console credentials.csv or an SDK profile.
func loadCredentialsFile(path string) (Credentials, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Credentials{}, fmt.Errorf("read credentials file: %w", err)
	}
	if len(b) > 1<<20 {
		return Credentials{}, fmt.Errorf("credentials file %s is larger than 1 MiB", path)
	}
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	var ak, sk, st string
	first, _, _ := bytes.Cut(b, []byte("\n"))
	if bytes.Contains(bytes.ToLower(first), []byte("access key id")) {
		ak, sk, err = parseConsoleCSV(b)
	} else {
		ak, sk, st, err = parseProfile(b)
	}
	if err != nil {
		return Credentials{}, fmt.Errorf("credentials file %s: %w", path, err)
	}
	c := Credentials{AccessKey: NewTemporaryAccessKey(ak, sk, st), Source: "file " + path}
	if err := c.validate(); err != nil {
		return Credentials{}, fmt.Errorf("credentials file %s: %w", path, err)
	}
	return c, nil
}

// parseConsoleCSV reads the console's credentials.csv: a header naming the "Access Key
// Id" and "Secret Access Key" columns, and one row.
func parseConsoleCSV(b []byte) (ak, sk string, err error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return "", "", fmt.Errorf("line 1: not CSV: %w", csvErr(err))
	}
	akCol, skCol := -1, -1
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "access key id":
			akCol = i
		case "secret access key":
			skCol = i
		}
	}
	if akCol < 0 || skCol < 0 {
		return "", "", errors.New(`line 1: want the columns "Access Key Id" and "Secret Access Key"`)
	}
	row, err := r.Read()
	if err != nil {
		return "", "", fmt.Errorf("line 2: want the access key row: %w", csvErr(err))
	}
	if len(row) <= max(akCol, skCol) {
		return "", "", fmt.Errorf("line 2: %d columns, want at least %d", len(row), max(akCol, skCol)+1)
	}
	if _, err := r.Read(); err != io.EOF {
		return "", "", errors.New("more than one access key row; keep one")
	}
	return strings.TrimSpace(row[akCol]), strings.TrimSpace(row[skCol]), nil
}

// csvErr keeps the position of a CSV error but not its quoted content.
func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("line %d, column %d: %w", pe.Line, pe.Column, pe.Err)
	}
	if err == io.EOF {
		return errors.New("missing")
	}
	return err
}

// parseProfile reads "key = value" lines (# and ; start comments), taking the [basic]
// section when there is one, otherwise the lines outside any section. Keys: ak, sk,
// security_token, or the HUAWEICLOUD_SDK_* variable names (an env file).
func parseProfile(b []byte) (ak, sk, st string, err error) {
	type kv struct{ ak, sk, st string }
	sections := map[string]*kv{"": {}}
	cur := sections[""]
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		switch {
		case s == "" || s[0] == '#' || s[0] == ';':
			continue
		case s[0] == '[':
			name, ok := strings.CutSuffix(s[1:], "]")
			if !ok {
				return "", "", "", fmt.Errorf("line %d: a section header must end with ']'", line)
			}
			name = strings.ToLower(strings.TrimSpace(name))
			if sections[name] == nil {
				sections[name] = &kv{}
			}
			cur = sections[name]
			continue
		}
		k, v, ok := strings.Cut(s, "=")
		if !ok {
			return "", "", "", fmt.Errorf("line %d: want key = value", line)
		}
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(k), "export "))) {
		case "ak", "huaweicloud_sdk_ak":
			cur.ak = v
		case "sk", "huaweicloud_sdk_sk":
			cur.sk = v
		case "security_token", "huaweicloud_sdk_security_token":
			cur.st = v
		}
	}
	if err := sc.Err(); err != nil {
		return "", "", "", err
	}
	pick := sections[""]
	if s, ok := sections["basic"]; ok {
		pick = s
	}
	switch {
	case pick.ak == "" && pick.sk == "":
		return "", "", "", errors.New(`no access key: want "ak = …" and "sk = …" lines (in a [basic] section or none), or the console's credentials.csv`)
	case pick.ak == "":
		return "", "", "", errors.New(`no "ak = …" line beside the "sk" line`)
	case pick.sk == "":
		return "", "", "", errors.New(`no "sk = …" line beside the "ak" line`)
	}
	return pick.ak, pick.sk, pick.st, nil
}
