//go:build !linux

package pipeline

// syncRunDir is best effort where syncfs is missing: outputs are still
// replaced atomically, and the manifest itself is synced.
func syncRunDir(dir string) error { return nil }
