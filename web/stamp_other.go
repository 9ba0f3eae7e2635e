//go:build !linux

package web

import (
	"fmt"
	"os"
)

// statStamp identifies a file's content without reading it: size and modification time
// (the inode and change time are read on Linux only).
func statStamp(fi os.FileInfo) string {
	return fmt.Sprintf("%d:%d", fi.Size(), fi.ModTime().UnixNano())
}
