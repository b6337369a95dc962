package pipeline

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncRunDir flushes everything written to the file system that holds dir
// (one syncfs instead of an fsync per output file).
func syncRunDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}
