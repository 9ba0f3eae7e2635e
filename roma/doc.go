// Package roma is a client for the ROMA Connect FDI task API: it fetches one task
// (ShowTask, GET /v2/{project_id}/fdi/instances/{instance_id}/tasks/{task_id}) and the task
// list (ListTasks, GET …/tasks), and hands the bodies to rawform.
//
// It exists so that the fdi command and the viewer fetch tasks the same careful way:
//
//   - Authentication is a token sent in the X-Auth-Token header. The token is held in a
//     Token, whose String, GoString, Format, MarshalJSON and LogValue print "[REDACTED]";
//     it never appears in logs, errors or URLs. Redirects are not followed, so the header
//     never goes to another host. Whatever a server echoes of it (in X-Request-Id,
//     Location, error_code, error_msg or an HTML page; whole, URL- or HTML-escaped, or cut
//     short) is replaced by "[REDACTED]" before any string is shortened for display, so
//     no log line, error or page built from them shows it. Tokens shorter than
//     MinRedactLen (8) characters are not searched for in such text: they are not secrets
//     and would mangle ordinary words.
//   - Project, instance and task IDs are checked (letters, digits, '-' and '_', 1 to 64
//     characters) before any request is sent, so no ID can change the request path.
//   - Every call has a deadline (WithTimeout, 30 s by default, retries included) and a
//     response size cap (WithMaxBodySize, 32 MiB by default).
//   - GETs are retried with exponential backoff and full jitter on 429, 502, 503 and 504
//     and on connection resets and truncated bodies, at most RetryPolicy.Attempts times,
//     honouring Retry-After and the caller's context.
//   - Failures are typed: *APIError for an error status (errors.Is(err, ErrNotFound) and
//     errors.Is(err, ErrUnauthorized) work on it), ErrResponseTooLarge, ErrInvalidID, and
//     the *rawform.Error of a 200 body that is not a valid task, wrapped with context.
//   - TLS certificates are verified unless WithInsecureSkipVerify is given, which is
//     logged as a warning.
//
// A *Client is safe for concurrent use; TaskPair fetches the two sides of a comparison in
// parallel.
//
// What roma does not do: it does not create, update, run or delete tasks, and it does not
// obtain tokens (get one from IAM, POST /v3/auth/tokens, header X-Subject-Token).
package roma
