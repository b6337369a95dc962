//go:build !unix

package cache

import (
	"errors"
	"os"
)

// openNoBlock opens path for reading after checking that it is a regular
// file, so that a named pipe is never opened (without O_NONBLOCK, opening
// one would wait for a writer).
func openNoBlock(path string) (*os.File, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	return os.Open(path)
}
