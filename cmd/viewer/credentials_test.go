package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

const (
	viewerAK = "HPUAVIEWERTESTAK9XYZ"
	viewerSK = "viewer-secret-key-canary-0123456789abcdef"
)

// TestViewerSignsWithTheSDKEnvironment: with only HUAWEICLOUD_SDK_AK and _SK set, the
// viewer's pages load from a fake API that accepts signed requests only; with a wrong SK
// they say APIG.0301 and what to check; the SK shows nowhere.
func TestViewerSignsWithTheSDKEnvironment(t *testing.T) {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.SetToken("")
	srv.SetAccessKey(viewerAK, viewerSK)
	t.Setenv(roma.TokenEnv, "")
	t.Setenv(roma.AccessKeyEnv, viewerAK)
	t.Setenv(roma.SecretKeyEnv, viewerSK)
	args := []string{"--endpoint", srv.URL, "--project", romatest.ProjectID, "--instance", romatest.InstanceID}

	v := startViewer(t, args...)
	pages := []struct{ path, want string }{
		{"/", "fdi_task_pzy4m5_v2"},
		{"/api/tasks", seedV2ID},
		{"/tasks/" + seedID, "zhenghaotest.zh_sss01"},
		{"/compare?old=" + seedID + "&new=" + seedV2ID, `data-testid="badge-breaking"`},
	}
	for _, p := range pages {
		status, body := fetch(t, v.URL+p.path)
		if status != 200 || !strings.Contains(body, p.want) {
			t.Errorf("GET %s: %d, want 200 with %q", p.path, status, p.want)
		}
		if strings.Contains(body, viewerSK) {
			t.Errorf("GET %s shows the SK", p.path)
		}
	}
	for _, r := range srv.Requests() {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "SDK-HMAC-SHA256 Access="+viewerAK+",") {
			t.Errorf("%s not signed", r.URI)
		}
	}
	v.stop()
	logs := v.stderr.String()
	if !strings.Contains(logs, "signing with access key HPUA…9XYZ from HUAWEICLOUD_SDK_AK") {
		t.Errorf("the log does not say which credential is used:\n%s", logs)
	}
	if strings.Contains(logs, viewerSK) {
		t.Error("the SK appears in the logs")
	}

	t.Setenv(roma.SecretKeyEnv, "wrong-"+viewerSK)
	v = startViewer(t, args...)
	status, body := fetch(t, v.URL+"/tasks/"+seedID)
	if status == 200 || !strings.Contains(body, "APIG.0301") || !strings.Contains(body, "check the access key HPUA…9XYZ") {
		t.Errorf("wrong SK: GET /tasks: %d\n%s", status, body)
	}
	v.stop()
	for _, s := range []string{body, v.stderr.String()} {
		if strings.Contains(s, viewerSK) {
			t.Error("the SK shows after a refusal")
		}
	}
}

func TestViewerCredentialAndRegionFlags(t *testing.T) {
	t.Setenv(roma.RegionEnv, "")
	tests := []struct {
		args []string
		env  map[string]string
		msg  string
	}{
		{[]string{"--ak-file", "x"}, nil, "need --endpoint or --region"},
		{[]string{"--region", "Bad Region", "--project", "p", "--instance", "i"}, nil, "--region: region"},
		{[]string{"--region", "cn-north-4", "--dir", "x"}, nil, "exclusive"},
		{[]string{"--project", "p", "--instance", "i"}, map[string]string{roma.RegionEnv: "CN_NORTH"}, roma.RegionEnv + ": region"},
		{[]string{"--endpoint", "http://127.0.0.1:1", "--project", "p", "--instance", "i", "--ak-file", "x"}, nil, "give both"},
	}
	for _, tt := range tests {
		for k, v := range tt.env {
			t.Setenv(k, v)
		}
		var out, errb bytes.Buffer
		code := run(context.Background(), append([]string{"--addr", "127.0.0.1:0"}, tt.args...), &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), tt.msg) {
			t.Errorf("run %v = %d, stderr %q; want 2 with %q", tt.args, code, errb.String(), tt.msg)
		}
		for k := range tt.env {
			t.Setenv(k, "")
		}
	}
	o, err := parseFlags([]string{"--region", "cn-north-4", "--project", "p", "--instance", "i"}, &bytes.Buffer{})
	if err != nil || o.endpoint != "https://roma.cn-north-4.myhuaweicloud.com" {
		t.Errorf("--region: endpoint %q, %v", o.endpoint, err)
	}
	o, err = parseFlags([]string{"--region", "cn-north-4", "--endpoint", "http://x", "--project", "p", "--instance", "i"}, &bytes.Buffer{})
	if err != nil || o.endpoint != "http://x" {
		t.Errorf("--endpoint does not win over --region: %q, %v", o.endpoint, err)
	}
	t.Setenv(roma.RegionEnv, "cn-east-3")
	o, err = parseFlags([]string{"--project", "p", "--instance", "i"}, &bytes.Buffer{})
	if err != nil || o.endpoint != "https://roma.cn-east-3.myhuaweicloud.com" {
		t.Errorf("HUAWEICLOUD_SDK_REGION: endpoint %q, %v", o.endpoint, err)
	}
	if o, err := parseFlags(nil, &bytes.Buffer{}); err != nil || o.endpoint != "" {
		t.Errorf("the demo took HUAWEICLOUD_SDK_REGION: %q, %v", o.endpoint, err)
	}
}
