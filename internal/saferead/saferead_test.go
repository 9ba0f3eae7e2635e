package saferead

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	var notRegular *NotRegularError
	var tooLarge *TooLargeError
	for _, tc := range []struct {
		name  string
		path  string
		max   int64
		check func(b []byte, err error) bool
	}{
		{"at the limit", file, 5, func(b []byte, err error) bool { return err == nil && string(b) == "12345" }},
		{"no limit", file, 0, func(b []byte, err error) bool { return err == nil && len(b) == 5 }},
		{"over by size", file, 4, func(_ []byte, err error) bool {
			return errors.As(err, &tooLarge) && tooLarge.Size == 5 && tooLarge.Limit == 4
		}},
		{"reported size 0, read past the limit", "/proc/self/status", 8, func(_ []byte, err error) bool {
			return errors.As(err, &tooLarge) && tooLarge.Size == -1
		}},
		{"a FIFO, refused without blocking", fifo, 10, func(_ []byte, err error) bool { return errors.As(err, &notRegular) }},
		{"a directory", dir, 10, func(_ []byte, err error) bool { return errors.As(err, &notRegular) }},
		{"a device", "/dev/zero", 10, func(_ []byte, err error) bool { return errors.As(err, &notRegular) }},
		{"missing", filepath.Join(dir, "none"), 10, func(_ []byte, err error) bool { return errors.Is(err, os.ErrNotExist) }},
	} {
		if _, err := os.Stat(tc.path); tc.name != "missing" && err != nil {
			t.Logf("%s: %v; skipped", tc.name, err)
			continue
		}
		b, err := ReadFile(tc.path, tc.max)
		if !tc.check(b, err) {
			t.Errorf("%s: %q, %v", tc.name, b, err)
		}
	}
}
