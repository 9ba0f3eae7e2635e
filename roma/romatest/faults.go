package romatest

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

type faultKind int

const (
	faultLatency faultKind = iota
	faultStatus
	faultRaw
	faultTruncate
	faultOversize
	faultReset
	faultFloodList
	faultStall
)

// A Fault changes how the server answers a request. Make one with Latency, Status,
// ErrorBody, HTMLPage, EmptyBody, Truncated, Stalled, Oversized, FloodList or Reset, and
// queue it with Server.Inject.
type Fault struct {
	kind        faultKind
	delay       time.Duration
	status      int
	contentType string
	body        []byte
	size        int64
	retryAfter  string
}

// Latency delays the answer by d (or until the client gives up), then answers normally.
func Latency(d time.Duration) Fault { return Fault{kind: faultLatency, delay: d} }

// Status answers with an error status and the error body the FDI API or its gateway
// sends for it: 400 FDI.3002, 401 ROMA.1002, 403 ROMA.1006, 404 FDI.3021, and
// APIG.9999 (the gateway's "System error.", no FDI example being public) for the others.
func Status(code int) Fault {
	var c, m string
	switch code {
	case http.StatusBadRequest:
		c, m = "FDI.3002", "Invalid parameters."
	case http.StatusUnauthorized:
		c, m = "ROMA.1002", "Incorrect token in the request."
	case http.StatusForbidden:
		c, m = "ROMA.1006", "You do not have permission to perform this operation."
	case http.StatusNotFound:
		c, m = "FDI.3021", "One or more tasks do not exist."
	default:
		c, m = "APIG.9999", "System error."
	}
	return ErrorBody(code, c, m)
}

// ErrorBody answers with status and the body {"error_code": code, "error_msg": msg}.
func ErrorBody(status int, code, msg string) Fault {
	_, b := errorBody(status, code, msg)
	return Fault{kind: faultStatus, status: status, contentType: "application/json;charset=UTF-8", body: b}
}

// HTMLPage answers with status and an nginx-style HTML error page, as a proxy in front of
// the API does.
func HTMLPage(status int) Fault {
	text := strconv.Itoa(status) + " " + http.StatusText(status)
	page := "<html>\r\n<head><title>" + text + "</title></head>\r\n<body>\r\n<center><h1>" + text +
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	return Fault{kind: faultRaw, status: status, contentType: "text/html", body: []byte(page)}
}

// EmptyBody answers with status and no body.
func EmptyBody(status int) Fault {
	return Fault{kind: faultRaw, status: status, contentType: "application/json"}
}

// Truncated sends the normal answer's headers, Content-Length included, and half its
// body, then closes the connection.
func Truncated() Fault { return Fault{kind: faultTruncate} }

// Stalled sends the normal answer's headers, Content-Length included, and half its body,
// then nothing more until the client gives up: a transfer that hangs midway.
func Stalled() Fault { return Fault{kind: faultStall} }

// Oversized answers 200 with a body of n bytes (a task whose task_detail never ends),
// streamed without a Content-Length.
func Oversized(n int64) Fault { return Fault{kind: faultOversize, size: n} }

// FloodList answers 200 with a task list page of n entities (and total n), whatever limit
// and offset were asked for, streamed without a Content-Length, as a hostile or broken
// server might: a client must stop reading it at the most one page may hold. The entities
// are generated (task IDs flood0000000, flood0000001, …) and never held in memory at once.
func FloodList(n int) Fault { return Fault{kind: faultFloodList, size: int64(n)} }

// Reset closes the connection with a TCP reset before answering.
func Reset() Fault { return Fault{kind: faultReset} }

// WithRetryAfter adds a Retry-After header (seconds or an HTTP date) to a Status,
// ErrorBody, HTMLPage or EmptyBody fault.
func (f Fault) WithRetryAfter(v string) Fault {
	f.retryAfter = v
	return f
}

type queuedFault struct {
	Fault
	left int // requests still to fault; <= 0 means every request
}

// Inject makes the next n requests fail with f, after any faults already queued. n <= 0
// makes every request from then on fail with f, until ClearFaults.
func (s *Server) Inject(n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &queuedFault{Fault: f, left: n})
}

// InjectTask makes the next n ShowTask requests for taskID fail with f (n <= 0: every
// one, until ClearFaults), whatever other requests come in between: with concurrent
// clients it is the way to make one task's fetch fail. Task faults come before the
// faults of Inject, which such a request does not consume.
func (s *Server) InjectTask(taskID string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.taskFaults == nil {
		s.taskFaults = map[string][]*queuedFault{}
	}
	s.taskFaults[taskID] = append(s.taskFaults[taskID], &queuedFault{Fault: f, left: n})
}

// ClearFaults removes every queued fault, those of InjectTask included.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
	s.taskFaults = nil
}

// nextTaskFault takes the fault queued for the task a ShowTask path names, if any.
// s.mu is held.
func (s *Server) nextTaskFault(path string) *Fault {
	if len(s.taskFaults) == 0 {
		return nil
	}
	id, ok := taskRoute(path)
	if !ok || id == "" {
		return nil
	}
	queue, ok := s.taskFaults[id]
	if !ok {
		return nil
	}
	f, rest := take(queue)
	s.taskFaults[id] = rest
	return f
}

// take returns the fault at the head of q (nil if q is empty) and the queue after taking
// it: a fault with a count leaves the queue when the count runs out, one without stays.
func take(q []*queuedFault) (*Fault, []*queuedFault) {
	if len(q) == 0 {
		return nil, q
	}
	head := q[0]
	if head.left > 0 {
		head.left--
		if head.left == 0 {
			q = q[1:]
		}
	}
	f := head.Fault
	return &f, q
}

// before applies faults that replace or delay the answer. It reports whether the
// response is finished.
func (f *Fault) before(w http.ResponseWriter, r *http.Request) bool {
	switch f.kind {
	case faultLatency:
		t := time.NewTimer(f.delay)
		defer t.Stop()
		select {
		case <-t.C:
			return false
		case <-r.Context().Done():
			return true
		}
	case faultStatus, faultRaw:
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		w.Header().Set("Content-Type", f.contentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(f.body)))
		w.WriteHeader(f.status)
		w.Write(f.body)
		return true
	case faultReset:
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		if tcp, ok := conn.(*net.TCPConn); ok {
			tcp.SetLinger(0)
		}
		conn.Close()
		return true
	case faultFloodList:
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(http.StatusOK)
		bw := bufio.NewWriterSize(w, 32<<10)
		fmt.Fprintf(bw, `{"total":%d,"size":%d,"entities":[`, f.size, f.size)
		// Appended into one buffer: the server allocates nothing per entity, so that tests
		// can count the client's allocations.
		var e []byte
		for i := int64(0); i < f.size; i++ {
			e = e[:0]
			if i > 0 {
				e = append(e, ',')
			}
			e = append(e, `{"task_id":"flood`...)
			e = appendPadded(e, i, 7)
			e = append(e, `","task_name":"flood `...)
			e = strconv.AppendInt(e, i, 10)
			e = append(e, `","task_type":"REALTIME","status":0,"created_date":"`...)
			e = strconv.AppendInt(e, 1700000000000+i, 10)
			e = append(e, `"}`...)
			if _, err := bw.Write(e); err != nil {
				return true // the client stopped reading
			}
		}
		bw.WriteString("]}")
		bw.Flush()
		return true
	case faultOversize:
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(http.StatusOK)
		head := []byte(`{"task":{"task_id":"oversized"},"task_detail":"`)
		w.Write(head)
		chunk := make([]byte, 32<<10)
		for i := range chunk {
			chunk[i] = 'x'
		}
		for left := f.size - int64(len(head)) - 2; left > 0; left -= int64(len(chunk)) {
			if _, err := w.Write(chunk[:min(int64(len(chunk)), left)]); err != nil {
				return true
			}
		}
		w.Write([]byte(`"}`))
		return true
	}
	return false
}

// write applies faults that damage the normal answer (status, body).
func (f *Fault) write(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	switch f.kind {
	case faultStall:
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		w.Write(body[:len(body)/2])
		http.NewResponseController(w).Flush()
		<-r.Context().Done()
		panic(http.ErrAbortHandler)
	case faultTruncate:
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		w.Write(body[:len(body)/2])
		http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	default:
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		w.Write(body)
	}
}

// appendPadded appends n in decimal, zero-padded to width digits.
func appendPadded(b []byte, n int64, width int) []byte {
	var d [20]byte
	digits := strconv.AppendInt(d[:0], n, 10)
	for i := len(digits); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, digits...)
}
