package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestMain lets the test binary stand in for the fdi command: with FDI_TEST_RUN_MAIN=1 it
// runs main, so that git (in TestGitIntegration) can call "fdi" without a build step.
func TestMain(m *testing.M) {
	if os.Getenv("FDI_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// readmeBlock returns the shell lines of the README code block after the marker comment.
func readmeBlock(t *testing.T, marker string) []string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := strings.Index(text, "<!-- "+marker+":")
	if i < 0 {
		t.Fatalf("README has no %q block", marker)
	}
	start := strings.Index(text[i:], "```sh\n")
	end := strings.Index(text[i+start+6:], "```")
	if start < 0 || end < 0 {
		t.Fatalf("README %q block has no sh code block", marker)
	}
	var lines []string
	for _, l := range strings.Split(text[i+start+6:i+start+6+end], "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestGitIntegration follows the README's "Keep snapshots in git" section in a real
// repository: its setup lines, a commit that narrows a target column, then git diff
// (textconv), git difftool and GIT_EXTERNAL_DIFF with fdi diff.
func TestGitIntegration(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is not installed; CI must run this test")
		}
		t.Skip("git is not installed")
	}
	sh, err := exec.LookPath("sh")
	if err != nil || runtime.GOOS == "windows" {
		if os.Getenv("CI") != "" {
			t.Fatal("no POSIX shell; CI must run this test")
		}
		t.Skip("needs a POSIX shell")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	repo := filepath.Join(tmp, "repo")
	for _, d := range []string{bin, filepath.Join(repo, "snapshots", "prod")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	wrapper := "#!/bin/sh\nFDI_TEST_RUN_MAIN=1 exec '" + self + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "fdi"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	environ := []string{
		"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + tmp, "XDG_CONFIG_HOME=" + tmp, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid",
		"GIT_PAGER=cat", "PAGER=cat", "LC_ALL=C.UTF-8", "TERM=dumb",
	}
	shell := func(line string) string {
		t.Helper()
		cmd := exec.Command(sh, "-c", line)
		cmd.Dir, cmd.Env = repo, environ
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", line, err, out)
		}
		return string(out)
	}
	copyTask := func(from, to string) {
		t.Helper()
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repo, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	shell(git + " init -q -b main .")
	for _, line := range readmeBlock(t, "git-setup") {
		shell(line)
	}
	copyTask("../../taskset/testdata/sets/a/seed.json", "snapshots/prod/seed.json")
	copyTask("../../taskset/testdata/sets/a/crm.json", "snapshots/prod/crm.json")
	shell("git add -A && git commit -q -m 'snapshot'")
	copyTask("../../taskset/testdata/sets/b/seed.json", "snapshots/prod/seed.json")
	shell("git commit -q -am 'seed: name narrowed to VARCHAR(100)'")

	// git diff through textconv: the mapping's line and the column's line changed, and
	// nothing else.
	out := shell("git diff HEAD~1 HEAD")
	var changed []string
	for _, l := range strings.Split(out, "\n") {
		if (strings.HasPrefix(l, "-") || strings.HasPrefix(l, "+")) && !strings.HasPrefix(l, "---") && !strings.HasPrefix(l, "+++") {
			changed = append(changed, l)
		}
	}
	want := []string{
		"-name VARCHAR(255) NULL ← name VARCHAR(255) NULL",
		"+name VARCHAR(100) NULL ← name VARCHAR(255) NULL",
		"-target name VARCHAR(255) NULL",
		"+target name VARCHAR(100) NULL",
	}
	if strings.Join(changed, "\n") != strings.Join(want, "\n") {
		t.Errorf("git diff changed lines:\n%s\nwant:\n%s\nfull output:\n%s", strings.Join(changed, "\n"), strings.Join(want, "\n"), out)
	}

	// The classified report, as difftool and as GIT_EXTERNAL_DIFF, per the README.
	report := readmeBlock(t, "git-report")
	if len(report) != 2 {
		t.Fatalf("git-report block: %q", report)
	}
	const breaking = "BREAKING name: target VARCHAR(255) → VARCHAR(100) is shorter than source VARCHAR(255)"
	if out := shell(report[0]); !strings.Contains(out, breaking) || strings.Contains(out, "crm_customer_sync") {
		t.Errorf("%s: no classified report of seed.json alone:\n%s", report[0], out)
	}
	out = shell(report[1])
	if !strings.Contains(out, "fdi diff a/snapshots/prod/seed.json b/snapshots/prod/seed.json\n") || !strings.Contains(out, breaking) {
		t.Errorf("%s: no header and classified report:\n%s", report[1], out)
	}

	// Added and deleted files, and a rename, through the external diff.
	copyTask("../../taskset/testdata/sets/b/invoices.json", "snapshots/prod/invoices.json")
	shell("git add -A && git rm -q snapshots/prod/crm.json && git commit -q -m 'invoices in, crm out'")
	out = shell("GIT_EXTERNAL_DIFF='fdi diff' git diff --no-renames HEAD~1 -- snapshots/")
	for _, w := range []string{
		"fdi diff a/snapshots/prod/invoices.json b/snapshots/prod/invoices.json\nadded task invoices_sync (4 mappings)\n",
		"fdi diff a/snapshots/prod/crm.json b/snapshots/prod/crm.json\ndeleted task crm_customer_sync (4 mappings)\n",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("external diff of added and deleted files: no %q in:\n%s", w, out)
		}
	}
	shell("git mv snapshots/prod/seed.json snapshots/prod/seed_v2.json && git commit -q -m rename")
	out = shell("GIT_EXTERNAL_DIFF='fdi diff' git diff -M HEAD~1 -- snapshots/")
	if !strings.Contains(out, "fdi diff a/snapshots/prod/seed.json b/snapshots/prod/seed_v2.json\ndiff fdi_task_pzy4m5") {
		t.Errorf("external diff of a rename (9 arguments):\n%s", out)
	}

	// A root-level file named like a flag (issue #25 item 6): git passes its path as is,
	// to textconv and to the external diff, which took it for a flag ("external diff
	// died").
	shell("echo '*.json diff=fdi' >> .gitattributes")
	copyTask("../../taskset/testdata/sets/a/seed.json", "-x.json")
	shell("git add -A && git commit -q -m dash")
	copyTask("../../taskset/testdata/sets/b/seed.json", "-x.json")
	if out := shell("git diff -- ./-x.json"); !strings.Contains(out, "+name VARCHAR(100) NULL ← name VARCHAR(255) NULL") {
		t.Errorf("textconv of -x.json:\n%s", out)
	}
	out = shell("GIT_EXTERNAL_DIFF='fdi diff --ignore-case' git diff -- ./-x.json")
	if !strings.Contains(out, "fdi diff a/-x.json b/-x.json\n") || !strings.Contains(out, breaking) {
		t.Errorf("external diff of -x.json:\n%s", out)
	}
}

func TestParseGitCall(t *testing.T) {
	hex := "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		args []string
		ok   bool
		want gitCall
	}{
		{[]string{"a.json", "/tmp/x", hex, "100644", "a.json", hex, "100644"}, true,
			gitCall{path: "a.json", newPath: "a.json", old: "/tmp/x", new: "a.json"}},
		{[]string{"a.json", "/dev/null", ".", ".", "a.json", hex, "100644"}, true,
			gitCall{path: "a.json", newPath: "a.json", old: "/dev/null", new: "a.json", added: true}},
		{[]string{"a.json", "/tmp/x", hex, "100644", "/dev/null", ".", "."}, true,
			gitCall{path: "a.json", newPath: "a.json", old: "/tmp/x", new: "/dev/null", gone: true}},
		{[]string{"a.json", "/tmp/x", hex, "100644", "/tmp/y", hex, "100644", "b.json", "similarity index 90%\n"}, true,
			gitCall{path: "a.json", newPath: "b.json", old: "/tmp/x", new: "/tmp/y"}},
		{[]string{"a", "b"}, false, gitCall{}},
		{[]string{"a", "b", "c", "d", "e", "f", "g"}, false, gitCall{}},
		{[]string{"a.json", "/tmp/x", hex, "644", "a.json", hex, "100644"}, false, gitCall{}},
	}
	for _, tt := range tests {
		got, ok := parseGitCall(tt.args)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseGitCall(%q) = %+v, %v; want %+v, %v", tt.args, got, ok, tt.want, tt.ok)
		}
	}
}
