package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

// caseVariants returns n distinct IDs that differ only by the case of their letters.
func caseVariants(n int) []string {
	const base = "abcdefghijklmnop" // 2^16 variants
	ids := make([]string, n)
	for i := range ids {
		b := []byte(base)
		for bit := range b {
			if i&(1<<bit) != 0 {
				b[bit] -= 'a' - 'A'
			}
		}
		ids[i] = string(b)
	}
	return ids
}

// TestSnapshotNamesIsLinear: 8,000 tasks of one name whose IDs differ only by case took
// 16 s to name (every name tried every number taken before it); now each is named in a
// few steps, counted as allocations: at most 20 per task (9 million for 3,000 before).
func TestSnapshotNamesIsLinear(t *testing.T) {
	for _, n := range []int{100, 3000} {
		tasks := make([]roma.TaskSummary, n)
		for i, id := range caseVariants(n) {
			tasks[i] = roma.TaskSummary{TaskID: id, TaskName: "orders"}
		}
		var names []string
		allocs := testing.AllocsPerRun(1, func() { names = snapshotNames(tasks) })
		if allocs > float64(20*n) {
			t.Errorf("%d tasks: %.0f allocations, want at most %d (linear)", n, allocs, 20*n)
		}
		seen := map[string]bool{}
		for _, name := range names {
			if k := strings.ToLower(name); seen[k] {
				t.Fatalf("%d tasks: name %q given twice (ignoring case)", n, name)
			} else {
				seen[k] = true
			}
		}
	}
}

func TestSnapshotNamesNumbersCaseVariants(t *testing.T) {
	tasks := []roma.TaskSummary{
		{TaskID: "ab", TaskName: "x"}, {TaskID: "AB", TaskName: "x"}, {TaskID: "Ab", TaskName: "x"},
		{TaskID: "z", TaskName: "x-ab-2"}, // takes the name the second would get
	}
	got := snapshotNames(tasks)
	want := []string{"x-ab", "x-AB-2", "x-Ab-3", "x-ab-2-2"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("snapshotNames:\n got %q\nwant %q", got, want)
	}
}

// TestFetchAllDeadline: one task that never answers is cut off by --deadline, not waited
// for; the others are saved and the summary says why the last one failed.
func TestFetchAllDeadline(t *testing.T) {
	srv, environ, _ := snapshotServer(t)
	var stuck string
	for _, r := range srvList(t, srv) {
		if r.TaskName == "snap_04" {
			stuck = r.TaskID
		}
	}
	srv.InjectTask(stuck, 0, romatest.Latency(time.Hour))
	code, out, errOut := runFetch(t, environ, "--all", "-o", t.TempDir(), "--name", "snap_", "--timeout", "1h", "--deadline", "2s")
	if code != 1 || !strings.Contains(out, ": 23 written, 0 unchanged, 1 failed;") ||
		!strings.Contains(out, "failed   snap_04 ("+stuck+"): ") || !strings.Contains(out, "the --deadline of 2s passed") {
		t.Errorf("exit %d, want 1 with snap_04 failed by the deadline; stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, args := range [][]string{{"--deadline", "0s"}, {"--deadline", "-1m"}, {"--max-inflight", "1MiB"}} {
		if code, _, _ := runFetch(t, environ, append([]string{"--all", "-o", t.TempDir()}, args...)...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

// srvList is the server's task list, read with a client of its own.
func srvList(t *testing.T, srv *romatest.Server) []roma.TaskSummary {
	t.Helper()
	c, err := roma.New(srv.URL, roma.WithToken(fetchToken))
	if err != nil {
		t.Fatal(err)
	}
	all, err := c.ListAll(t.Context(), romatest.ProjectID, romatest.InstanceID, roma.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// fdiProcess starts this test binary as the fdi command (TestMain) with args, the
// environment environ and the output in the returned buffers.
func fdiProcess(t *testing.T, environ map[string]string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = []string{"FDI_TEST_RUN_MAIN=1", "PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	for k, v := range environ {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd, &out, &errb
}

// waitFor polls until cond holds; it fails the test if that takes more than a minute
// (a hang, not a slow machine).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; !cond(); i++ {
		if i == 6000 {
			t.Fatalf("waited a minute for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestFetchAllStopsOnSIGINT sends a real SIGINT to a running "fdi fetch --all" at each
// stage: while the list is being read, while tasks are fetched (some saved, the others
// stuck), and while fetches wait for room in --max-inflight. Each time the process ends
// with exit 130 within a second (the test allows 5 s, to tell a hang from a busy
// machine).
func TestFetchAllStopsOnSIGINT(t *testing.T) {
	big := taskgen.Response(taskgen.Options{Mappings: 3000, Seed: 7, Name: "big_one"}) // ~2 MB
	for _, stage := range []string{"list", "fetch", "budget"} {
		t.Run(stage, func(t *testing.T) {
			srv, environ, _ := snapshotServer(t)
			args := []string{"fetch", "--all", "-o", t.TempDir(), "--parallel", "4"}
			started := func() bool { return len(srv.Requests()) > 0 }
			switch stage {
			case "list":
				srv.Inject(1, romatest.Latency(time.Hour))
			case "fetch":
				for i, task := range srvList(t, srv) {
					if i%2 == 1 {
						srv.InjectTask(task.TaskID, 0, romatest.Latency(time.Hour))
					}
				}
				srv.ResetRequests()
				// Three list pages, then tasks: the fourth worker stuck may come after three
				// tasks, so wait for three.
				started = func() bool { return len(srv.Requests()) >= 6 }
			case "budget":
				// Two large bodies that stall halfway and room in --max-inflight for one:
				// one holds the room, the other waits for it.
				for i := range 2 {
					id := fmt.Sprintf("big%d", i)
					srv.Add(romatest.Fixture{ID: id, Body: big})
					srv.InjectTask(id, 0, romatest.Stalled())
				}
				args = append(args, "--max-inflight", "3MiB", "--name", "big_one")
				srv.ResetRequests()
				started = func() bool { return len(srv.Requests()) >= 3 }
			}
			cmd, out, errb := fdiProcess(t, environ, args...)
			waitFor(t, "the "+stage+" stage", started)
			sent := time.Now()
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatalf("still running 5 s after SIGINT; stderr:\n%s", errb)
			}
			t.Logf("%s: exited %s after SIGINT", stage, time.Since(sent).Round(time.Millisecond))
			if code := cmd.ProcessState.ExitCode(); code != 130 || !strings.Contains(errb.String(), "fdi fetch: interrupted") {
				t.Errorf("exit %d, want 130 and 'interrupted'; stdout:\n%s\nstderr:\n%s", code, out, errb)
			}
		})
	}
}

// TestFetchAllBoundsInflightBytes runs "fdi fetch --all --parallel 16" over 16 tasks of
// about 4 MB and measures the process's peak resident memory: with --max-inflight 8MiB it
// holds two bodies at a time, not sixteen (16 × ~25 MB before the bound).
func TestFetchAllBoundsInflightBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 64 MB of tasks")
	}
	body := taskgen.Response(taskgen.Options{Mappings: 6000, Seed: 3, Name: "wide_task"})
	var tasks []romatest.Fixture
	for i := range 16 {
		tasks = append(tasks, romatest.Fixture{ID: fmt.Sprintf("wide%02d", i), Body: body})
	}
	_, environ := fetchServer(t, tasks...)
	peak := func(budget string) int64 {
		dir := t.TempDir()
		cmd, out, errb := fdiProcess(t, environ, "fetch", "--all", "-o", dir, "--parallel", "16", "--max-inflight", budget)
		err := cmd.Wait()
		if err != nil || !strings.Contains(out.String(), "16 tasks of instance") || !strings.Contains(out.String(), "16 written") {
			t.Fatalf("--max-inflight %s: %v; stdout:\n%s\nstderr:\n%s", budget, err, out, errb)
		}
		return cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
	}
	bounded := peak("8MiB")
	t.Logf("body %d bytes; peak RSS with --max-inflight 8MiB: %d MiB", len(body), bounded>>20)
	if bounded > 160<<20 {
		t.Errorf("peak RSS %d MiB with --max-inflight 8MiB, want at most 160 MiB", bounded>>20)
	}
	if testing.Verbose() {
		t.Logf("for comparison, --max-inflight 1GiB: %d MiB", peak("1GiB")>>20)
	}
}

// TestFetchRefusesAFloodedList: a list page of 100,000 tasks (a hostile server's 31 MiB
// page cost fetch --list 860 MB and fetch --all 1.33 GB, past the 20,000-task limit) is
// refused at the 1,001st task by --list and --all alike.
func TestFetchRefusesAFloodedList(t *testing.T) {
	srv, environ, _ := snapshotServer(t)
	for _, args := range [][]string{{"--list"}, {"--all", "-o", t.TempDir()}} {
		srv.Inject(1, romatest.FloodList(100_000))
		code, _, errOut := runFetch(t, environ, append(args, "--retries", "0")...)
		if code != 2 || !strings.Contains(errOut, "task list too long") || !strings.Contains(errOut, "/entities/1000") {
			t.Errorf("%q: exit %d, want 2 and the list refused; stderr:\n%s", args, code, errOut)
		}
	}
}
