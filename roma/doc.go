// Package roma is a client for the ROMA Connect FDI task API: it fetches one task
// (ShowTask, GET /v2/{project_id}/fdi/instances/{instance_id}/tasks/{task_id}) and the task
// list (ListTasks, GET …/tasks), and hands the bodies to rawform.
//
// It exists so that the fdi command and the viewer fetch tasks the same careful way:
//
//   - Authentication is an access key or a token (Credentials). With an access key
//     (WithAccessKey; AccessKey), every attempt of every request is signed afresh with
//     SDK-HMAC-SHA256, as the official Huawei Cloud SDKs sign (AccessKey.Sign, which
//     agrees with their signer byte for byte): X-Sdk-Date, Authorization, the project ID
//     in X-Project-Id and, for temporary credentials, the security token in
//     X-Security-Token, signed. With a token (WithToken), it is sent in the X-Auth-Token
//     header. LoadCredentials finds them as the binaries do: flag files, then
//     HUAWEICLOUD_SDK_AK/_SK/_SECURITY_TOKEN, then ROMA_AUTH_TOKEN. RegionEndpoint derives
//     https://roma.{region}.myhuaweicloud.com.
//   - The secret access key, the security token and the token are secrets: Token and
//     AccessKey print "[REDACTED]" or only the abbreviated access key ID (String,
//     GoString, Format, MarshalJSON, LogValue); they never appear in logs, errors or URLs.
//     Redirects are not followed, so the headers never go to another host. Whatever a
//     server echoes of them (in X-Request-Id, Location, error_code, error_msg or an HTML
//     page; whole, URL- or HTML-escaped, or cut short) is replaced by "[REDACTED]" before
//     any string is shortened for display, so no log line, error or page built from them
//     shows it. Secrets shorter than MinRedactLen (8) characters are not searched for in
//     such text: they are not secrets and would mangle ordinary words. A refused request's
//     *APIError carries in Hint what to check for the kind of credential sent.
//   - Project, instance and task IDs are checked (letters, digits, '-' and '_', 1 to 64
//     characters) before any request is sent, so no ID can change the request path.
//   - Every call has a deadline (WithTimeout, 30 s by default, retries included) and a
//     response size cap (WithMaxBodySize, 32 MiB by default).
//   - GETs are retried with exponential backoff and full jitter on 429, 502, 503 and 504
//     and on connection resets and truncated bodies, at most RetryPolicy.Attempts times,
//     honouring Retry-After and the caller's context.
//   - Failures are typed: *APIError for an error status (errors.Is(err, ErrNotFound) and
//     errors.Is(err, ErrUnauthorized) work on it; the gateway's 401 APIG.0301 for a
//     refused signature is ErrUnauthorized), ErrResponseTooLarge, ErrInvalidID, and
//     the *rawform.Error of a 200 body that is not a valid task, wrapped with context.
//   - TLS certificates are verified unless WithInsecureSkipVerify is given, which is
//     logged as a warning.
//
// A *Client is safe for concurrent use; TaskPair fetches the two sides of a comparison in
// parallel.
//
// Signing costs about 9 µs and 34 allocations per request (BenchmarkSign), against some
// 100 µs for the smallest ShowTask over loopback with a token (BenchmarkLoopbackRequestToken)
// and 113 µs signed and verified by the fake (BenchmarkLoopbackRequestSigned).
//
// What roma does not do: it does not create, update, run or delete tasks, and it does not
// obtain tokens or temporary credentials (get a token from IAM, POST /v3/auth/tokens, header
// X-Subject-Token; temporary credentials from POST /v3.0/OS-CREDENTIAL/securitytokens). It
// does not read the SDKs' ~/.huaweicloud/credentials profile by itself: name it with
// CredentialFiles.CredentialsFile.
package roma
