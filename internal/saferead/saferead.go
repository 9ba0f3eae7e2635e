// Package saferead reads a file named by someone else (a folder of snapshots, an
// accepted-changes file found beside a task) without letting it cost more than a limit or
// hang the reader: only a regular file is read (a symbolic link to one is followed); a
// named pipe is opened without blocking and refused like a device or a directory; a file
// over the limit by its size is refused unread, and every file is read no further than
// the limit plus one byte, so that one that grows, or a kernel file that reports size 0
// (/proc/self/pagemap), costs at most the limit.
//
// Errors are typed (NotRegularError, TooLargeError) or the file system's own, unwrapped,
// so that each caller words them its own way.
package saferead

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// NotRegularError is returned for a file that is not a regular file.
type NotRegularError struct {
	Mode fs.FileMode // the file's mode, as Stat of the opened file gave it
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("not a regular file (%s)", e.Mode.Type())
}

// TooLargeError is returned for a file over the limit.
type TooLargeError struct {
	Size  int64 // the size the file reported; -1 when reading found it over the limit
	Limit int64
}

func (e *TooLargeError) Error() string {
	if e.Size >= 0 {
		return fmt.Sprintf("%d bytes, over the limit of %d", e.Size, e.Limit)
	}
	return fmt.Sprintf("over the limit of %d bytes", e.Limit)
}

// ReadFile reads the regular file at path, of at most maxBytes bytes (any size when
// maxBytes <= 0), as the package doc says.
func ReadFile(path string, maxBytes int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &NotRegularError{Mode: fi.Mode()}
	}
	if maxBytes <= 0 {
		return io.ReadAll(f)
	}
	if fi.Size() > maxBytes {
		return nil, &TooLargeError{Size: fi.Size(), Limit: maxBytes}
	}
	b, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > maxBytes {
		return nil, &TooLargeError{Size: -1, Limit: maxBytes}
	}
	return b, nil
}
