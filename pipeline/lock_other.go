//go:build !unix

package pipeline

import "os"

// tryLock cannot lock where flock is unavailable: runs are not excluded
// there, as the package documentation says.
func tryLock(f *os.File) (bool, error) { return true, nil }

func unlock(f *os.File) error { return nil }
