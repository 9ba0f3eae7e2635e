package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

// snapshotServer serves 24 generated tasks (snap_00 to snap_23) and one invalid one (bad-enum.json), at most
// 10 per ListTasks page: three pages.
func snapshotServer(t *testing.T) (*romatest.Server, map[string]string, map[string][]byte) {
	t.Helper()
	bodies := map[string][]byte{} // by file name
	var tasks []romatest.Fixture
	for i := range 24 {
		name := fmt.Sprintf("snap_%02d", i)
		body := taskgen.Response(taskgen.Options{Mappings: 3, Seed: int64(i), Name: name})
		task, err := romatest.FixtureFromBody(body)
		if err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, task)
		bodies[name+".json"] = body
	}
	bad, err := os.ReadFile("../../testdata/invalid/bad-enum.json")
	if err != nil {
		t.Fatal(err)
	}
	task, err := romatest.FixtureFromBody(bad)
	if err != nil {
		t.Fatal(err)
	}
	tasks = append(tasks, task)
	bodies["fdi_task_pzy4m5.json"] = bad
	srv, environ := fetchServer(t, tasks...)
	srv.SetMaxPageSize(10)
	return srv, environ, bodies
}

// snapshotFiles returns the folder's files and their modification times.
func snapshotFiles(t *testing.T, dir string) map[string]time.Time {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]time.Time{}
	for _, de := range entries {
		fi, err := de.Info()
		if err != nil {
			t.Fatal(err)
		}
		files[de.Name()] = fi.ModTime()
	}
	return files
}

func TestFetchAllSnapshotsAnInstance(t *testing.T) {
	srv, environ, bodies := snapshotServer(t)
	dir := filepath.Join(t.TempDir(), "prod")

	// First run: every task written, the invalid one too (and reported).
	code, out, errOut := runFetch(t, environ, "--all", "-o", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (one invalid task); stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "25 tasks of instance "+romatest.InstanceID+" in "+dir+": 25 written, 0 unchanged, 0 failed; 1 invalid (saved)") {
		t.Errorf("summary:\n%s", out)
	}
	invalidFile := filepath.Join(dir, "fdi_task_pzy4m5.json")
	if !strings.Contains(out, "invalid  "+invalidFile+": ") || !strings.Contains(errOut, invalidFile+":/task_detail/") {
		t.Errorf("the invalid task is not listed with its problems:\n%s\n%s", out, errOut)
	}
	lists := 0
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, "/tasks") {
			lists++
		}
	}
	if lists != 3 {
		t.Errorf("%d ListTasks requests, want 3 pages", lists)
	}
	files := snapshotFiles(t, dir)
	if len(files) != len(bodies) {
		t.Errorf("%d files, want %d: %v", len(files), len(bodies), files)
	}
	for name, want := range bodies {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: not the served body (err %v)", name, err)
		}
	}

	// Second run: nothing changed, nothing rewritten. The files are made to look old so
	// that a rewrite would show in their times.
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for name := range files {
		if err := os.Chtimes(filepath.Join(dir, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	code, out, _ = runFetch(t, environ, "--all", "-o", dir, "--parallel", "3")
	if code != 1 || !strings.Contains(out, ": 0 written, 25 unchanged, 0 failed; 1 invalid (saved)") {
		t.Errorf("exit %d, summary:\n%s", code, out)
	}
	for name, mt := range snapshotFiles(t, dir) {
		if !mt.Equal(old) {
			t.Errorf("%s rewritten by a run that changed nothing", name)
		}
	}

	// Third run: snap_03 changed on the server, snap_05 fails three times (every
	// attempt), snap_07 twice (the third attempt succeeds).
	changed, _ := taskgen.Mutate(bodies["snap_03.json"], 0.5, 1)
	task, err := romatest.FixtureFromBody(changed)
	if err != nil {
		t.Fatal(err)
	}
	srv.Add(task)
	id := func(name string) string {
		t.Helper()
		task, err := romatest.FixtureFromBody(bodies[name+".json"])
		if err != nil {
			t.Fatal(err)
		}
		return task.ID
	}
	srv.InjectTask(id("snap_05"), 3, romatest.Status(503).WithRetryAfter("0"))
	srv.InjectTask(id("snap_07"), 2, romatest.Status(502).WithRetryAfter("0"))
	srv.ResetRequests()
	code, out, errOut = runFetch(t, environ, "--all", "-o", dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(out, ": 1 written, 23 unchanged, 1 failed; 1 invalid (saved)") {
		t.Errorf("summary:\n%s\nstderr:\n%s", out, errOut)
	}
	if !strings.Contains(out, "failed   snap_05 ("+id("snap_05")+"): ") || !strings.Contains(out, "503") {
		t.Errorf("the failed task is not reported with its reason:\n%s", out)
	}
	for name, mt := range snapshotFiles(t, dir) {
		if rewritten := !mt.Equal(old); rewritten != (name == "snap_03.json") {
			t.Errorf("%s: rewritten %v", name, rewritten)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "snap_03.json")); !bytes.Equal(got, changed) {
		t.Errorf("snap_03.json does not hold the changed task")
	}
	attempts := map[string]int{}
	for _, r := range srv.Requests() {
		attempts[filepath.Base(r.Path)]++
	}
	if attempts[id("snap_05")] != 3 || attempts[id("snap_07")] != 3 || attempts[id("snap_03")] != 1 {
		t.Errorf("requests: snap_05 %d (want 3), snap_07 %d (want 3), snap_03 %d (want 1)",
			attempts[id("snap_05")], attempts[id("snap_07")], attempts[id("snap_03")])
	}

	// The run above exits 1 for the invalid task too: a failed fetch alone must do it as
	// well. snap_05 fails every attempt again; the invalid task is filtered out.
	srv.InjectTask(id("snap_05"), 3, romatest.Status(503).WithRetryAfter("0"))
	code, out, errOut = runFetch(t, environ, "--all", "-o", dir, "--name", "snap_")
	if code != 1 || !strings.Contains(out, ": 0 written, 23 unchanged, 1 failed") || !strings.Contains(out, "failed   snap_05 (") {
		t.Errorf("a failed task without an invalid one: exit %d, want 1; summary:\n%s\nstderr:\n%s", code, out, errOut)
	}

	// A filtered run leaves the other files alone and names them.
	code, out, _ = runFetch(t, environ, "--all", "-o", dir, "--name", "snap_")
	if code != 0 {
		t.Errorf("exit %d, want 0 (the invalid task is filtered out):\n%s", code, out)
	}
	if !strings.Contains(out, "24 tasks of instance") || !strings.Contains(out, "not listed "+invalidFile+" (left alone)") {
		t.Errorf("summary:\n%s", out)
	}
	if _, err := os.Stat(invalidFile); err != nil {
		t.Errorf("a file of an unlisted task was touched: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestFetchAllShowsProgressOnATerminalOnly(t *testing.T) {
	_, environ, _ := snapshotServer(t)
	for _, tty := range []bool{false, true} {
		var out, errb bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, errTTY: tty, getenv: func(k string) string { return environ[k] }}
		run(t.Context(), e, []string{"fetch", "--all", "-o", t.TempDir()})
		shown := strings.Contains(errb.String(), "\rfetching tasks: 25/25\x1b[K")
		if shown != tty {
			t.Errorf("tty %v: progress shown %v; stderr %q", tty, shown, errb.String())
		}
		if tty && !strings.HasSuffix(errb.String(), "\r\x1b[K") && !strings.Contains(errb.String(), "\r\x1b[K") {
			t.Errorf("the counter's line is not cleared: %q", errb.String())
		}
	}
}

func TestFetchAllUsage(t *testing.T) {
	_, environ, _ := snapshotServer(t)
	for _, args := range [][]string{
		{"--all"},
		{"--all", "-o", "-"},
		{"--all", "--list", "-o", t.TempDir()},
		{"--all", "--task", "x", "-o", t.TempDir()},
		{"--all", "--parallel", "0", "-o", t.TempDir()},
		{"--all", "--retries", "-1", "-o", t.TempDir()},
		{"--all", "--detail-only", "-o", t.TempDir()},
	} {
		if code, _, _ := runFetch(t, environ, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	environ[roma.TokenEnv] = "wrong-token"
	if code, _, errOut := runFetch(t, environ, "--all", "-o", t.TempDir()); code != 2 || !strings.Contains(errOut, "401") {
		t.Errorf("refused list: exit %d, stderr %s", code, errOut)
	}
}

func TestSnapshotNames(t *testing.T) {
	tasks := []roma.TaskSummary{
		{TaskID: "a1", TaskName: "orders"},
		{TaskID: "a2", TaskName: "Orders"},
		{TaskID: "a3", TaskName: "crm/sync to ../prod"},
		{TaskID: "a4", TaskName: "..hidden"},
		{TaskID: "a5", TaskName: ""},
		{TaskID: "a6", TaskName: "订单\u202egnp.exe"},
		{TaskID: "a7", TaskName: strings.Repeat("x", 200)},
		{TaskID: "a8", TaskName: "orders-a1"},
	}
	got := snapshotNames(tasks)
	want := []string{
		"orders-a1", "Orders-a2", "crm_sync_to_.._prod", "hidden", "task-a5", "订单_gnp.exe",
		strings.Repeat("x", maxNameBytes), "orders-a1-2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("snapshotNames:\n got %q\nwant %q", got, want)
	}
}

func TestFetchAllLeavesOddFilesAlone(t *testing.T) {
	_, environ, _ := snapshotServer(t)
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "outside.json")
	if err := os.WriteFile(outside, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "snap_01.json")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	code, out, _ := runFetch(t, environ, "--all", "-o", dir, "--name", "snap_")
	if code != 1 || !strings.Contains(out, "snap_01.json exists and is not a regular file; left alone") {
		t.Errorf("exit %d, summary:\n%s", code, out)
	}
	if b, _ := os.ReadFile(outside); string(b) != "keep" {
		t.Errorf("the symlink's target was written: %q", b)
	}
	if !strings.Contains(out, ": 23 written, 0 unchanged, 1 failed;") {
		t.Errorf("the other tasks were not all saved:\n%s", out)
	}
}
