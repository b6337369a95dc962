package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LockFile is the name of the lock file a run holds in its output folder.
const LockFile = ".lock"

// ErrLocked is returned by Run when another run holds the output folder's
// lock.
var ErrLocked = errors.New("output folder is locked by another run")

// OutLock is an exclusive lock on an output folder, held for a whole run so
// that two runs (scheduled or by hand, in one process or several) never
// write the same output folder, its latest link or its retention at once.
// On Unix it is an flock(2) on <out>/.lock: the kernel drops it when the
// process exits, however it exits, so a crashed run never leaves a stale
// lock behind. The file itself stays; its content names the holder, for
// the message the next run prints. Where flock(2) does not exist (Windows)
// no lock is taken and concurrent runs are not excluded.
type OutLock struct {
	f *os.File
}

// LockOut takes the lock of the output folder out, creating both if
// needed. It does not wait: when another run holds the lock it fails at
// once with an error wrapping ErrLocked that names the holder.
func LockOut(out string) (*OutLock, error) {
	if err := os.MkdirAll(out, 0o700); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	path := filepath.Join(out, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock %s: %w", path, err)
	}
	locked, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if !locked {
		holder, _ := os.ReadFile(path)
		f.Close()
		who := strings.TrimSpace(string(holder))
		if who == "" {
			who = "unknown holder"
		}
		return nil, fmt.Errorf("%w (%s, lock file %s): wait for it to finish, or write to another --out", ErrLocked, who, path)
	}
	// The holder's description is informative only; failing to write it
	// does not weaken the lock.
	host, _ := os.Hostname()
	if f.Truncate(0) == nil {
		fmt.Fprintf(f, "pid %d on %s since %s\n", os.Getpid(), host, time.Now().UTC().Format(time.RFC3339))
	}
	return &OutLock{f: f}, nil
}

// Unlock releases the lock. It is safe to call on a nil lock.
func (l *OutLock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = l.f.Truncate(0)
	err := unlock(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
