package testfs

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// mountReadOnly bind-mounts dir onto itself and makes the mount read-only
// (a bind mount takes MS_RDONLY only on a remount).
func mountReadOnly(dir string) error {
	if err := unix.Mount(dir, dir, "", unix.MS_BIND, ""); err != nil {
		return fmt.Errorf("bind mount: %w", err)
	}
	if err := unix.Mount("", dir, "", unix.MS_REMOUNT|unix.MS_BIND|unix.MS_RDONLY, ""); err != nil {
		unix.Unmount(dir, 0)
		return fmt.Errorf("remount read-only: %w", err)
	}
	return nil
}

// mountSmall mounts a tmpfs of size bytes (rounded up to pages) on dir.
func mountSmall(dir string, size int64) error {
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d,mode=0700", size)); err != nil {
		return fmt.Errorf("mount tmpfs: %w", err)
	}
	return nil
}

func unmount(dir string) error { return unix.Unmount(dir, 0) }
