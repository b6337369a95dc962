//go:build unix

package cache

import (
	"os"
	"syscall"
)

// openNoBlock opens path for reading without waiting: O_NONBLOCK makes
// opening a named pipe return at once instead of waiting for a writer (and
// has no effect on regular files), so the caller's Stat can reject it.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
