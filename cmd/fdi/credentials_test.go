package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

// Secrets of the signing tests: distinctive, so that a leak is found in any output.
const (
	signAK = "HPUAFETCHTESTAK7XYZ"
	signSK = "fetch-secret-key-canary-0123456789abcdefg"
	signST = "fetch-security-token-canary-0123456789abcdefghijklmnop"
)

// signedFetchServer is a verifying fake that accepts only signed requests, and the
// environment of a user who has only HUAWEICLOUD_SDK_AK and _SK set.
func signedFetchServer(t *testing.T) (*romatest.Server, map[string]string) {
	t.Helper()
	srv, environ := fetchServer(t)
	srv.SetToken("")
	srv.SetAccessKey(signAK, signSK)
	delete(environ, roma.TokenEnv)
	environ[roma.AccessKeyEnv] = signAK
	environ[roma.SecretKeyEnv] = signSK
	return srv, environ
}

// noSecrets fails if the SK or security token shows in the output.
func noSecrets(t *testing.T, outputs ...string) {
	t.Helper()
	for _, s := range outputs {
		for _, secret := range []string{signSK, signST, signSK[len(signSK)-12:], signST[len(signST)-12:]} {
			if strings.Contains(s, secret) {
				t.Errorf("a secret (%.6s…) appears in the output:\n%s", secret, s)
			}
		}
	}
}

func TestFetchSignsWithTheSDKEnvironment(t *testing.T) {
	srv, environ := signedFetchServer(t)
	dir := t.TempDir()
	forms := [][]string{
		{"--task", fetchSeedID, "-v"},
		{"--list", "-v"},
		{"--all", "-o", dir, "-v"},
	}
	for _, args := range forms {
		srv.ResetRequests()
		code, out, errOut := runFetch(t, environ, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, errOut)
		}
		if !strings.Contains(errOut, "signing with access key HPUA…7XYZ from HUAWEICLOUD_SDK_AK") {
			t.Errorf("%v: stderr does not say which credential was used:\n%s", args, errOut)
		}
		for _, r := range srv.Requests() {
			if !strings.HasPrefix(r.Header.Get("Authorization"), "SDK-HMAC-SHA256 Access="+signAK+",") {
				t.Errorf("%v: %s not signed", args, r.URI)
			}
		}
		noSecrets(t, out, errOut)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.json")); len(files) != len(romatest.Examples()) {
		t.Errorf("--all wrote %d files, want %d", len(files), len(romatest.Examples()))
	}
}

func TestFetchWithAWrongSecretKeyNamesAPIG0301(t *testing.T) {
	srv, environ := signedFetchServer(t)
	environ[roma.SecretKeyEnv] = "wrong-" + signSK
	for _, args := range [][]string{{"--task", fetchSeedID, "-v"}, {"--list"}, {"--all", "-o", t.TempDir()}} {
		srv.ResetRequests()
		code, out, errOut := runFetch(t, environ, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		for _, want := range []string{"APIG.0301", "hint: check the access key HPUA…7XYZ (read from HUAWEICLOUD_SDK_AK)", "clock"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("%v: stderr does not contain %q:\n%s", args, want, errOut)
			}
		}
		noSecrets(t, out, errOut)
		if strings.Contains(out+errOut, "wrong-fetch") {
			t.Errorf("the wrong SK appears in the output:\n%s", errOut)
		}
	}
}

func TestFetchSendsAndSignsTheSecurityToken(t *testing.T) {
	srv, environ := signedFetchServer(t)
	srv.SetTemporaryAccessKey(signAK, signSK, signST)
	environ[roma.SecurityTokenEnv] = signST
	code, out, errOut := runFetch(t, environ, "--task", fetchSeedID, "-v")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	r := srv.Requests()[0]
	if r.Header.Get("X-Security-Token") != signST || !strings.Contains(r.Header.Get("Authorization"), "x-security-token") {
		t.Errorf("security token sent %q, signed headers %q", r.Header.Get("X-Security-Token"), r.Header.Get("Authorization"))
	}
	if !strings.Contains(errOut, "temporary access key HPUA…7XYZ (security token signed) from HUAWEICLOUD_SDK_AK") {
		t.Errorf("stderr:\n%s", errOut)
	}
	noSecrets(t, out, errOut)

	// Without the token the server refuses, and the hint speaks of temporary credentials
	// only when they were used: here it names the access key.
	delete(environ, roma.SecurityTokenEnv)
	code, out, errOut = runFetch(t, environ, "--task", fetchSeedID)
	if code != 2 || !strings.Contains(errOut, "APIG.0301") || !strings.Contains(errOut, "security token is missing") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	noSecrets(t, out, errOut)
}

func TestFetchCredentialFlags(t *testing.T) {
	srv, environ := signedFetchServer(t)
	delete(environ, roma.AccessKeyEnv)
	delete(environ, roma.SecretKeyEnv)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	akFile, skFile := write("ak", signAK+"\n"), write("sk", signSK+"\n")
	csv := write("credentials.csv", "User Name,Access Key Id,Secret Access Key\nreviewer,"+signAK+","+signSK+"\n")
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"--ak-file and --sk-file", nil, []string{"--ak-file", akFile, "--sk-file", skFile}, 0, "from files " + akFile},
		{"--credentials-file", nil, []string{"--credentials-file", csv}, 0, "from file " + csv},
		{"flag files win over the environment", map[string]string{roma.AccessKeyEnv: "OTHERAKOTHERAK", roma.SecretKeyEnv: "other"},
			[]string{"--credentials-file", csv}, 0, "from file " + csv},
		{"the SDK environment wins over ROMA_AUTH_TOKEN", map[string]string{roma.AccessKeyEnv: signAK, roma.SecretKeyEnv: signSK, roma.TokenEnv: fetchToken},
			nil, 0, "from HUAWEICLOUD_SDK_AK"},
		{"--ak-file alone", nil, []string{"--ak-file", akFile}, 2, "give both"},
		{"two sources", nil, []string{"--credentials-file", csv, "--token-file", akFile}, 2, "give one of"},
		{"AK without SK", map[string]string{roma.AccessKeyEnv: signAK}, nil, 2, "HUAWEICLOUD_SDK_SK is not"},
		{"--endpoint wins over --region", nil, []string{"--credentials-file", csv, "--endpoint", srv.URL, "--region", "cn-north-4"}, 0, "from file"},
		{"FDI_ENDPOINT wins over HUAWEICLOUD_SDK_REGION", map[string]string{roma.RegionEnv: "cn-north-4"}, []string{"--credentials-file", csv}, 0, "from file"},
		{"bad region", nil, []string{"--credentials-file", csv, "--region", "cn-north-4.evil.example"}, 2, "--region: region"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			envi := map[string]string{}
			for k, v := range environ {
				envi[k] = v
			}
			for k, v := range tt.env {
				envi[k] = v
			}
			code, out, errOut := runFetch(t, envi, append([]string{"--task", fetchSeedID}, tt.args...)...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, want %d with %q; stderr:\n%s", code, tt.code, tt.want, errOut)
			}
			noSecrets(t, out, errOut)
		})
	}
}

func TestRegionGivesTheEndpoint(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		environ  map[string]string
		want     string
		warn     bool
		wantsErr bool
	}{
		{"--region", []string{"--region", "cn-north-4"}, nil, "https://roma.cn-north-4.myhuaweicloud.com", false, false},
		{"--region beats FDI_ENDPOINT", []string{"--region", "ap-southeast-1"}, map[string]string{"FDI_ENDPOINT": "http://x"}, "https://roma.ap-southeast-1.myhuaweicloud.com", false, false},
		{"--endpoint beats --region", []string{"--endpoint", "http://y", "--region", "cn-north-4"}, nil, "http://y", false, false},
		{"HUAWEICLOUD_SDK_REGION", nil, map[string]string{roma.RegionEnv: "cn-east-3"}, "https://roma.cn-east-3.myhuaweicloud.com", false, false},
		{"FDI_ENDPOINT beats HUAWEICLOUD_SDK_REGION", nil, map[string]string{roma.RegionEnv: "cn-east-3", "FDI_ENDPOINT": "http://x"}, "http://x", false, false},
		{"a region the SDK does not list", []string{"--region", "la-south-2"}, nil, "https://roma.la-south-2.myhuaweicloud.com", true, false},
		{"bad region variable", nil, map[string]string{roma.RegionEnv: "CN North"}, "", false, true},
		{"nothing", nil, nil, "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errb bytes.Buffer
			e := &env{stderr: &errb, getenv: func(k string) string { return tt.environ[k] }}
			fs := flag.NewFlagSet("fetch", flag.ContinueOnError)
			endpoint := fs.String("endpoint", e.getenv("FDI_ENDPOINT"), "")
			creds := addCredentialFlags(fs)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			got, err := creds.endpoint(e, fs, *endpoint)
			if (err != nil) != tt.wantsErr || got != tt.want {
				t.Errorf("endpoint = %q, %v; want %q (error %v)", got, err, tt.want, tt.wantsErr)
			}
			if warned := strings.Contains(errb.String(), "not one the SDK lists"); warned != tt.warn {
				t.Errorf("warning %v, want %v: %s", warned, tt.warn, errb.String())
			}
		})
	}
}
