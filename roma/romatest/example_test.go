package romatest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

// Serve the bundled examples, make the first request fail with a 503, and check what the
// server saw.
func ExampleNewServer() {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.Inject(1, romatest.Status(503).WithRetryAfter("1"))

	url := srv.URL + "/v2/" + romatest.ProjectID + "/fdi/instances/" + romatest.InstanceID + "/tasks/9496207a5d6b44b486d79005b5815bd4"
	for range 2 {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("X-Auth-Token", romatest.DefaultToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get("Retry-After"), len(body))
	}
	fmt.Println(len(srv.Requests()), "requests")
	// Output:
	// 503 1 54
	// 200  3703
	// 2 requests
}

// Make the server accept only requests signed with an access key, and see it refuse a
// date 20 minutes off with the gateway's APIG.0301.
func ExampleServer_SetAccessKey() {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()
	srv.SetToken("")
	srv.SetAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)

	key := roma.NewAccessKey(romatest.DefaultAccessKey, romatest.DefaultSecretKey)
	url := srv.URL + "/v2/" + romatest.ProjectID + "/fdi/instances/" + romatest.InstanceID + "/tasks/9496207a5d6b44b486d79005b5815bd4"
	for _, at := range []time.Time{time.Now(), time.Now().Add(-20 * time.Minute)} {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if err := key.Sign(req, at); err != nil {
			fmt.Println(err)
			return
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		var e struct {
			Code string `json:"error_code"`
		}
		json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		fmt.Println(strings.TrimSpace(fmt.Sprint(resp.StatusCode, " ", e.Code)))
	}
	// Output:
	// 200
	// 401 APIG.0301
}
