package safewrite_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/fdireview/fdireview/internal/safewrite"
)

// nullDevice returns a character device that discards what is written: a private node
// made with mknod when allowed (root), so that a regression replacing the device harms
// nothing, else /dev/null (a regression then fails with EACCES rather than replacing it).
func nullDevice(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
		return p
	}
	if os.Geteuid() == 0 {
		t.Skip("root without mknod: not risking /dev/null")
	}
	return "/dev/null"
}

// TestHostileTargets: -o over a device replaced it with a regular file (as root, -o
// /dev/null replaced /dev/null), a 0600 file became 0644 (issue #14).
func TestHostileTargets(t *testing.T) {
	data := []byte(`{"task":{}}`)
	tests := []struct {
		name    string
		setup   func(t *testing.T) string // returns the target
		check   func(t *testing.T, target string)
		wantErr error
	}{
		{name: "new file gets perm", setup: func(t *testing.T) string { return filepath.Join(t.TempDir(), "new.json") },
			check: func(t *testing.T, p string) { wantFile(t, p, data, 0o644) }},
		{name: "0600 file keeps its mode", setup: func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "secret.json")
			if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			os.Chmod(p, 0o600)
			return p
		}, check: func(t *testing.T, p string) { wantFile(t, p, data, 0o600) }},
		{name: "character device written through, not replaced", setup: nullDevice,
			check: func(t *testing.T, p string) { wantMode(t, p, fs.ModeDevice|fs.ModeCharDevice) }},
		{name: "named pipe written through", setup: func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "fifo")
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				t.Skip(err)
			}
			got := make(chan []byte, 1)
			go func() {
				f, err := os.Open(p)
				if err != nil {
					got <- nil
					return
				}
				b, _ := io.ReadAll(f)
				f.Close()
				got <- b
			}()
			t.Cleanup(func() {
				if b := <-got; string(b) != string(data) {
					t.Errorf("the reader of the pipe got %q, want %q", b, data)
				}
			})
			return p
		}, check: func(t *testing.T, p string) { wantMode(t, p, fs.ModeNamedPipe) }},
		{name: "symlink to a file: the file replaced, the link kept", setup: func(t *testing.T) string {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "real.json"), []byte("old"), 0o640); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, "link.json")
			if err := os.Symlink("real.json", p); err != nil {
				t.Fatal(err)
			}
			return p
		}, check: func(t *testing.T, p string) {
			if fi, err := os.Lstat(p); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("the link was replaced: %v %v", fi.Mode(), err)
			}
			wantFile(t, filepath.Join(filepath.Dir(p), "real.json"), data, 0o640)
		}},
		{name: "directory refused", setup: func(t *testing.T) string { return t.TempDir() }, wantErr: safewrite.ErrNotRegular,
			check: func(t *testing.T, p string) { wantMode(t, p, fs.ModeDir) }},
		{name: "socket refused", setup: func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "sock")
			fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
			if err != nil {
				t.Skip(err)
			}
			defer syscall.Close(fd)
			if err := syscall.Bind(fd, &syscall.SockaddrUnix{Name: p}); err != nil {
				t.Skip(err)
			}
			return p
		}, wantErr: safewrite.ErrNotRegular, check: func(t *testing.T, p string) { wantMode(t, p, fs.ModeSocket) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.setup(t)
			err := safewrite.WriteFile(p, data, 0o644)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("WriteFile: %v, want %v", err, tt.wantErr)
			}
			tt.check(t, p)
			left, _ := filepath.Glob(filepath.Join(filepath.Dir(p), ".*.tmp"))
			if len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

func wantFile(t *testing.T, p string, data []byte, perm fs.FileMode) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil || string(b) != string(data) {
		t.Errorf("%s holds %q (%v), want %q", p, b, err, data)
	}
	if fi, err := os.Stat(p); err != nil || fi.Mode() != perm {
		t.Errorf("%s mode %v (%v), want %v", p, fi.Mode(), err, perm)
	}
}

func wantMode(t *testing.T, p string, typ fs.FileMode) {
	t.Helper()
	fi, err := os.Lstat(p)
	if err != nil || fi.Mode().Type() != typ {
		t.Errorf("%s is now %v (%v), want type %v", p, fi.Mode().Type(), err, typ)
	}
}
