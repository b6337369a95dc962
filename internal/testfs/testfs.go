// Package testfs makes the hostile file-system states that tests need and
// that a plain temporary folder cannot give: a folder nobody may write to
// (even when the tests run as root), and named pipes. It is for tests
// only, like net/http/httptest; every helper cleans up after itself.
package testfs

import (
	"os"
	"path/filepath"
	"testing"
)

// ReadOnlyDir returns a new folder holding a file named "existing" that the
// test process cannot write to: by permissions when it is not root, else by
// a read-only bind mount over it (undone when the test ends). It skips the
// test where neither is possible.
func ReadOnlyDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "read-only")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "existing"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		return dir
	}
	if err := mountReadOnly(dir); err != nil {
		t.Skipf("running as root and cannot make a read-only folder: %v", err)
	}
	t.Cleanup(func() {
		if err := unmount(dir); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	if f, err := os.Create(filepath.Join(dir, "probe")); err == nil {
		f.Close()
		t.Skip("a read-only bind mount is still writable here")
	}
	return dir
}

// Mkfifo makes a named pipe at path, or skips the test where there are
// none.
func Mkfifo(t testing.TB, path string) {
	t.Helper()
	if err := mkfifo(path); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
}

// SmallDir returns a new empty folder on a file system of size bytes, so
// that a test can fill the disk: a tmpfs mounted for the test (undone when
// it ends). It skips the test where it cannot mount one (not root, not
// Linux).
func SmallDir(t testing.TB, size int64) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := mountSmall(dir, size); err != nil {
		t.Skipf("cannot mount a small file system: %v", err)
	}
	t.Cleanup(func() {
		if err := unmount(dir); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}
