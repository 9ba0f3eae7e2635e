package web

import (
	"fmt"
	"os"
	"syscall"
)

// statStamp identifies a file's content without reading it: inode, size, and the
// modification and change times in nanoseconds. The change time cannot be set by users
// (touch -d sets mtime only), so an edit that keeps size and mtime still changes it.
func statStamp(fi os.FileInfo) string {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fmt.Sprintf("%d:%d:%d:%d", st.Ino, fi.Size(), fi.ModTime().UnixNano(), st.Ctim.Nano())
	}
	return fmt.Sprintf("%d:%d", fi.Size(), fi.ModTime().UnixNano())
}
