package roma_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/roma"
)

func TestLoadCredentials(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const ak, sk, st = "HPUAEXAMPLEAKZ2QWXYZ", "ExampleSecretKey0123456789abcdefGHIJKLMN", "SecurityToken-0123456789abcdef"
	akFile, skFile := write("ak", ak+"\n"), write("sk", "\uFEFF"+sk+"\r\n")
	csvFile := write("credentials.csv", "\uFEFFUser Name,Access Key Id,Secret Access Key\r\nreviewer,"+ak+","+sk+"\r\n")
	iniFile := write("credentials", "# SDK profile\n[global]\nak = OTHERAKOTHERAK\nsk = other\n[basic]\nak = "+ak+"\nsk = \""+sk+"\"\nsecurity_token = "+st+"\n")
	envFile := write("env", "export HUAWEICLOUD_SDK_AK="+ak+"\nHUAWEICLOUD_SDK_SK='"+sk+"'\n")
	tokenFile := write("token", "MIIDkg-file-token\n")
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }

	tests := []struct {
		name  string
		env   map[string]string
		files roma.CredentialFiles
		// want: the kind and source, as String says, or an error containing errText.
		want, errText string
	}{
		{name: "nothing", want: "no credentials"},
		{name: "AK and SK files", files: roma.CredentialFiles{AccessKeyFile: akFile, SecretKeyFile: skFile},
			want: "signing with access key HPUA…WXYZ from files " + akFile + " and " + skFile},
		{name: "console CSV", files: roma.CredentialFiles{CredentialsFile: csvFile}, want: "signing with access key HPUA…WXYZ from file " + csvFile},
		{name: "SDK profile, basic section, temporary", files: roma.CredentialFiles{CredentialsFile: iniFile},
			want: "signing with temporary access key HPUA…WXYZ (security token signed) from file " + iniFile},
		{name: "env file", files: roma.CredentialFiles{CredentialsFile: envFile}, want: "signing with access key HPUA…WXYZ from file " + envFile},
		{name: "files win over the environment", env: map[string]string{roma.AccessKeyEnv: "ENVAKENVAKENVAK1", roma.SecretKeyEnv: "x"},
			files: roma.CredentialFiles{CredentialsFile: csvFile}, want: "HPUA…WXYZ from file"},
		{name: "token file flag wins over the environment", env: map[string]string{roma.AccessKeyEnv: ak, roma.SecretKeyEnv: sk},
			files: roma.CredentialFiles{TokenFile: tokenFile}, want: "sending the IAM token from file " + tokenFile},
		{name: "SDK environment", env: map[string]string{roma.AccessKeyEnv: ak, roma.SecretKeyEnv: sk, roma.TokenEnv: "MIIDkg-env-token"},
			want: "signing with access key HPUA…WXYZ from HUAWEICLOUD_SDK_AK"},
		{name: "SDK environment, temporary", env: map[string]string{roma.AccessKeyEnv: ak, roma.SecretKeyEnv: sk, roma.SecurityTokenEnv: st},
			want: "signing with temporary access key HPUA…WXYZ (security token signed) from HUAWEICLOUD_SDK_AK"},
		{name: "token environment", env: map[string]string{roma.TokenEnv: "MIIDkg-env-token"}, want: "sending the IAM token from ROMA_AUTH_TOKEN"},

		{name: "AK without SK", env: map[string]string{roma.AccessKeyEnv: ak}, errText: "HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is not"},
		{name: "SK without AK", env: map[string]string{roma.SecretKeyEnv: sk}, errText: "HUAWEICLOUD_SDK_SK is set but HUAWEICLOUD_SDK_AK is not"},
		{name: "security token alone", env: map[string]string{roma.SecurityTokenEnv: st}, errText: "temporary credentials need all three"},
		{name: "AK file without SK file", files: roma.CredentialFiles{AccessKeyFile: akFile}, errText: "give both"},
		{name: "two sources", files: roma.CredentialFiles{CredentialsFile: csvFile, TokenFile: tokenFile}, errText: "give one of"},
		{name: "missing file", files: roma.CredentialFiles{CredentialsFile: filepath.Join(dir, "nope")}, errText: "read credentials file"},
		{name: "empty SK file", files: roma.CredentialFiles{AccessKeyFile: akFile, SecretKeyFile: write("empty", "\n")}, errText: "is empty"},
		{name: "CSV without the columns", files: roma.CredentialFiles{CredentialsFile: write("bad.csv", "Access Key Id,Name\n"+ak+",x\n")}, errText: "Secret Access Key"},
		{name: "CSV with two keys", files: roma.CredentialFiles{CredentialsFile: write("two.csv", "Access Key Id,Secret Access Key\n"+ak+","+sk+"\nB,C\n")}, errText: "more than one"},
		{name: "profile without sk", files: roma.CredentialFiles{CredentialsFile: write("nosk", "ak = "+ak+"\n")}, errText: `no "sk = …" line`},
		{name: "profile garbage line", files: roma.CredentialFiles{CredentialsFile: write("garbage", "ak = "+ak+"\n"+sk+"\n")}, errText: "line 2: want key = value"},
		{name: "SK with a newline inside", env: map[string]string{roma.AccessKeyEnv: ak, roma.SecretKeyEnv: "abc\ndef-" + sk}, errText: "secret access key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env = tt.env
			c, err := roma.LoadCredentials(getenv, tt.files)
			if tt.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("err = %v, want one containing %q", err, tt.errText)
				}
				if strings.Contains(err.Error(), sk) || strings.Contains(err.Error(), st) || strings.Contains(err.Error(), "def-") {
					t.Errorf("the error quotes a secret: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadCredentials: %v", err)
			}
			if !strings.Contains(c.String(), tt.want) {
				t.Errorf("credentials = %q, want %q", c.String(), tt.want)
			}
			for _, s := range []string{c.String(), fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), c.UnauthorizedHint(), jsonString(c)} {
				if strings.Contains(s, sk) || strings.Contains(s, st) || strings.Contains(s, "file-token") || strings.Contains(s, "env-token") {
					t.Errorf("a secret shows: %s", s)
				}
			}
		})
	}
}

func TestUnauthorizedHintSaysWhatToCheckPerKind(t *testing.T) {
	tests := []struct {
		c    roma.Credentials
		want []string
	}{
		{roma.Credentials{AccessKey: roma.NewAccessKey("HPUAEXAMPLEAKZ2QWXYZ", "sk-sk-sk-sk"), Source: roma.AccessKeyEnv}, []string{"HPUA…WXYZ", "HUAWEICLOUD_SDK_AK", "secret key", "clock", "APIG.0301"}},
		{roma.Credentials{AccessKey: roma.NewTemporaryAccessKey("HPUAEXAMPLEAKZ2QWXYZ", "sk-sk-sk-sk", "st-st-st-st")}, []string{"security token", "expire"}},
		{roma.Credentials{Token: roma.NewToken("MIIDkg-token"), Source: "file /t"}, []string{"IAM token", "24 hours", "file /t"}},
		{roma.Credentials{}, []string{roma.AccessKeyEnv, roma.SecretKeyEnv, roma.SecurityTokenEnv, roma.TokenEnv}},
	}
	for _, tt := range tests {
		h := tt.c.UnauthorizedHint()
		for _, w := range tt.want {
			if !strings.Contains(h, w) {
				t.Errorf("%v: hint %q does not mention %q", tt.c, h, w)
			}
		}
	}
}

func TestRegionEndpoint(t *testing.T) {
	tests := []struct {
		region, want string
		known        bool
		err          bool
	}{
		{"cn-north-4", "https://roma.cn-north-4.myhuaweicloud.com", true, false},
		{"ap-southeast-3", "https://roma.ap-southeast-3.myhuaweicloud.com", true, false},
		{"la-south-2", "https://roma.la-south-2.myhuaweicloud.com", false, false},
		{"", "", false, true},
		{"CN-NORTH-4", "", false, true},
		{"cn-north-4.evil.example/x", "", false, true},
		{"4cn", "", false, true},
		{strings.Repeat("a", 33), "", false, true},
	}
	for _, tt := range tests {
		got, known, err := roma.RegionEndpoint(tt.region)
		if (err != nil) != tt.err || got != tt.want || known != tt.known {
			t.Errorf("RegionEndpoint(%q) = %q, %v, %v; want %q, %v, error %v", tt.region, got, known, err, tt.want, tt.known, tt.err)
		}
	}
}

// FuzzCredentialsFile: any file content gives credentials or an error, never a panic, and
// an error never quotes a secret value of the file.
func FuzzCredentialsFile(f *testing.F) {
	for _, s := range []string{
		"User Name,Access Key Id,Secret Access Key\nu,AKAKAKAKAKAK,SECRETSECRETVALUE\n",
		"[basic]\nak = AKAKAKAKAKAK\nsk = SECRETSECRETVALUE\nsecurity_token = TOKENTOKENVALUE\n",
		"ak=AKAKAKAKAKAK\nsk=\"SECRETSECRETVALUE\n",
		"\"Access Key Id\",\"Secret Access Key\"\n\"AK\nAK\",\"SECRETSECRETVALUE",
		"[\n", "=\n", "\uFEFF",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, content string) {
		p := filepath.Join(t.TempDir(), "c")
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := roma.LoadCredentials(nil, roma.CredentialFiles{CredentialsFile: p})
		if err != nil {
			if strings.Contains(err.Error(), "SECRETSECRETVALUE") || strings.Contains(err.Error(), "TOKENTOKENVALUE") {
				t.Errorf("the error quotes a secret: %v", err)
			}
			return
		}
		if c.AccessKey.IsZero() || c.AccessKey.ID() == "" {
			t.Errorf("no error but no access key: %v", c)
		}
		if s := fmt.Sprintf("%v %+v %#v", c, c, c); strings.Contains(s, "SECRETSECRETVALUE") {
			t.Errorf("a secret shows: %s", s)
		}
	})
}
