//go:build unix

package ingest

import (
	"os"
	"syscall"
)

// openNoBlock opens path for reading without waiting: with O_NONBLOCK a
// named pipe put in place of a file after it was checked opens at once
// (and is then rejected) instead of waiting for a writer; regular files
// are unaffected.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
