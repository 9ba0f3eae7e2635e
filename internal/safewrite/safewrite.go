// Package safewrite writes a whole file the careful way, for commands given an output path
// by the user (fdi fetch -o, fdi fetch --all):
//
//   - a new or existing regular file is replaced atomically: the data goes to a temporary
//     file beside it, which is synced, given the old file's permission bits (or perm for a
//     new file), renamed over the target, and the directory is synced, so a crash leaves
//     the old content or the new, never a torn file;
//   - a symbolic link is followed: the file it points to is replaced, the link kept;
//   - an existing character device or named pipe (/dev/null, /dev/stdout, a terminal, a
//     FIFO) is written through, never replaced: renaming over /dev/null as root would
//     turn it into a regular file;
//   - any other existing non-regular target (a directory, a block device, a socket) is
//     refused.
package safewrite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrNotRegular is returned (wrapped) for a target that is neither a regular file nor a
// device or pipe meant for writing.
var ErrNotRegular = errors.New("not a regular file, device or pipe")

// WriteFile writes data to name as the package doc says; perm applies to a file created
// anew.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	target := name
	if resolved, err := filepath.EvalSymlinks(name); err == nil {
		target = resolved
	}
	fi, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return replace(target, data, perm)
	case err != nil:
		return fmt.Errorf("write %s: %w", name, err)
	case fi.Mode().IsRegular():
		return replace(target, data, fi.Mode().Perm())
	case fi.Mode()&(fs.ModeCharDevice|fs.ModeNamedPipe) != 0:
		return writeThrough(name, target, data)
	default:
		return fmt.Errorf("write %s: %w (%s); refusing to replace it", name, ErrNotRegular, fi.Mode().Type())
	}
}

// writeThrough writes to an existing device or pipe without replacing it.
func writeThrough(name, target string, data []byte) error {
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	_, werr := f.Write(data)
	if err := errors.Join(werr, f.Close()); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// replace is Replace with errors naming target.
func replace(target string, data []byte, perm fs.FileMode) error {
	if err := Replace(target, data, perm); err != nil {
		return fmt.Errorf("write %s: %w", target, err)
	}
	return nil
}

// Replace writes data to a synced temporary file beside target, gives it perm, renames it
// over target and syncs the directory: a crash leaves the old content or the new. It does
// not look at what target is: the rename replaces the directory entry itself, so a
// symbolic link there is replaced, never written through (callers that must refuse one
// check first). Errors do not name target, so that each caller names it its own way.
func Replace(target string, data []byte, perm fs.FileMode) error {
	dir := filepath.Dir(target)
	f, err := os.CreateTemp(dir, "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	if werr == nil {
		werr = f.Chmod(perm)
	}
	if werr == nil {
		werr = f.Sync()
	}
	if err := errors.Join(werr, f.Close()); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp)
		return err
	}
	// The rename is durable once the directory is synced.
	if d, err := os.Open(dir); err == nil {
		serr := d.Sync()
		d.Close()
		if serr != nil && !errors.Is(serr, errors.ErrUnsupported) {
			return fmt.Errorf("sync directory: %w", serr)
		}
	}
	return nil
}
