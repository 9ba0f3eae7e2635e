package roma_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

// Sign a request with an access key, as the official Huawei Cloud SDKs do.
func ExampleAccessKey_Sign() {
	key := roma.NewAccessKey("HPUAEXAMPLEAKZ2QWXYZ", "ExampleSecretKey0123456789abcdefGHIJKLMN")
	req, err := http.NewRequest(http.MethodGet, "https://roma.cn-north-4.myhuaweicloud.com/v2/c53626012ba84727b938ca8bf03108ef/fdi/instances/db93bfe1-c660-4c9e-82b6-388e44662cc8/tasks?offset=0&limit=100&name=orders", nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "fdireview/devel")
	if err := key.Sign(req, time.Date(2026, 12, 4, 10, 15, 0, 0, time.UTC)); err != nil {
		log.Fatal(err)
	}
	fmt.Println(req.Header.Get("X-Sdk-Date"))
	fmt.Println(req.Header.Get("Authorization"))
	fmt.Println(key)
	// Output:
	// 20261204T101500Z
	// SDK-HMAC-SHA256 Access=HPUAEXAMPLEAKZ2QWXYZ, SignedHeaders=accept;host;user-agent;x-sdk-date, Signature=a8b4d3d83d513d9fb2eb8858f71e6c25c08e4ea993d9f98535d2b91f2560d2ae
	// access key HPUA…WXYZ
}

// Fetch a task with the credentials the environment gives, as the binaries do; the fake
// server verifies the signature.
func ExampleLoadCredentials() {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.SetToken("")
	srv.SetAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)

	env := map[string]string{
		roma.AccessKeyEnv: romatest.DefaultAccessKey,
		roma.SecretKeyEnv: romatest.DefaultSecretKey,
	}
	creds, err := roma.LoadCredentials(func(k string) string { return env[k] }, roma.CredentialFiles{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(creds)
	c, err := roma.New(srv.URL, roma.WithCredentials(creds))
	if err != nil {
		log.Fatal(err)
	}
	ref := roma.TaskRef{ProjectID: romatest.ProjectID, InstanceID: romatest.InstanceID, TaskID: "9496207a5d6b44b486d79005b5815bd4"}
	task, err := c.Task(context.Background(), ref)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(task.Info.Name)

	// With a wrong secret key the gateway refuses the signature.
	env[roma.SecretKeyEnv] = "not-the-secret-key"
	creds, _ = roma.LoadCredentials(func(k string) string { return env[k] }, roma.CredentialFiles{})
	c, _ = roma.New(srv.URL, roma.WithCredentials(creds))
	_, err = c.RawTask(context.Background(), ref)
	var apiErr *roma.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Status, apiErr.Code, errors.Is(err, roma.ErrUnauthorized))
	}
	// Output:
	// signing with access key ROMA…0001 from HUAWEICLOUD_SDK_AK
	// fdi_task_pzy4m5
	// 401 APIG.0301 true
}

// Derive the endpoint from a region, as --region does.
func ExampleRegionEndpoint() {
	endpoint, known, err := roma.RegionEndpoint("cn-north-4")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(endpoint, known)
	// Output:
	// https://roma.cn-north-4.myhuaweicloud.com true
}
