package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/fdireview/fdireview/roma"
)

// credentialsUsage is the part of fetch's usage about credentials and the endpoint.
const credentialsUsage = `Credentials, the first found of (see the README's "Credentials"):
  1. files named by flags: --ak-file with --sk-file, --credentials-file (the console's
     credentials.csv, or the SDK profile: ak = …, sk = …, security_token = …), or
     --token-file (an IAM token); give one of the three;
  2. HUAWEICLOUD_SDK_AK with HUAWEICLOUD_SDK_SK, and HUAWEICLOUD_SDK_SECURITY_TOKEN for
     temporary credentials: every request is signed (SDK-HMAC-SHA256), as the official
     SDKs do;
  3. ROMA_AUTH_TOKEN, an IAM token (X-Auth-Token).
Secrets are never taken from flags, so they do not show in the process list, and never
printed. The endpoint is --endpoint, or else the one of --region (e.g. cn-north-4:
https://roma.cn-north-4.myhuaweicloud.com), or else FDI_ENDPOINT, or else the one of
HUAWEICLOUD_SDK_REGION.
`

// credentialFlags are the credential and region flags of every fetch form.
type credentialFlags struct {
	akFile, skFile, credentialsFile, tokenFile, region *string
}

func addCredentialFlags(fs *flag.FlagSet) *credentialFlags {
	return &credentialFlags{
		akFile:          fs.String("ak-file", "", "read the access key ID (AK) from this file; with --sk-file"),
		skFile:          fs.String("sk-file", "", "read the secret access key (SK) from this file; with --ak-file"),
		credentialsFile: fs.String("credentials-file", "", "read an access key from this file: the console's credentials.csv, or ak = …, sk = … (security_token = …) lines"),
		tokenFile:       fs.String("token-file", "", "read an IAM token from this file instead of $"+roma.TokenEnv),
		region:          fs.String("region", "", "derive the endpoint from this region, e.g. cn-north-4 (env "+roma.RegionEnv+"); --endpoint wins"),
	}
}

// load returns the credentials, from the flags' files or the environment.
func (f *credentialFlags) load(e *env) (roma.Credentials, error) {
	return roma.LoadCredentials(e.getenv, roma.CredentialFiles{
		AccessKeyFile: *f.akFile, SecretKeyFile: *f.skFile, CredentialsFile: *f.credentialsFile, TokenFile: *f.tokenFile,
	})
}

// endpoint picks the endpoint: --endpoint if given, then --region, then FDI_ENDPOINT
// (the flag's default), then HUAWEICLOUD_SDK_REGION; "" if none. A region the SDK does not
// list gets a warning, not a refusal.
func (f *credentialFlags) endpoint(e *env, fs *flag.FlagSet, endpoint string) (string, error) {
	explicit := false
	fs.Visit(func(fl *flag.Flag) { explicit = explicit || fl.Name == "endpoint" })
	region, from := *f.region, "--region"
	switch {
	case explicit || (region == "" && endpoint != ""):
		return endpoint, nil
	case region == "":
		region, from = strings.TrimSpace(e.getenv(roma.RegionEnv)), roma.RegionEnv
		if region == "" {
			return "", nil
		}
	}
	u, known, err := roma.RegionEndpoint(region)
	if err != nil {
		return "", fmt.Errorf("%s: %w", from, err)
	}
	if !known {
		fmt.Fprintf(e.stderr, "fdi fetch: warning: region %s (%s) is not one the SDK lists (%s); using %s\n", region, from, strings.Join(roma.Regions(), ", "), u)
	}
	return u, nil
}

// reportCredentials says which credential is used, or warns that there is none.
func reportCredentials(e *env, c roma.Credentials) {
	if c.IsZero() {
		fmt.Fprintf(e.stderr, "fdi fetch: warning: no credentials (set %s and %s, or %s, or use --credentials-file or --token-file); the API will refuse the request\n",
			roma.AccessKeyEnv, roma.SecretKeyEnv, roma.TokenEnv)
		return
	}
	fmt.Fprintf(e.stderr, "fdi fetch: %s\n", c)
}

// unauthorizedHint is what to check when the API refused the credentials: the hint the
// client put in the error for the kind it sent.
func unauthorizedHint(err error) string {
	var apiErr *roma.APIError
	if errors.As(err, &apiErr) && apiErr.Hint != "" {
		return apiErr.Hint
	}
	return "check the credentials (see 'fdi fetch -h')"
}
