package main

import (
	"os"
	"path/filepath"
	"testing"
)

// someExamples copies n story folders of examples/, spread evenly over
// the sorted list so that every kind of story the set holds can be among
// them, into a new folder, and returns it. Tests of what a run does with
// its stories (carry-over, a full disk, settings reaching the engine, the
// eval command's report) need a handful of real stories, not all of them:
// the offline engine's own tests run it over every example.
func someExamples(t *testing.T, n int) string {
	t.Helper()
	all, err := filepath.Glob(filepath.Join("..", "..", "examples", "[a-z0-9]*"))
	if err != nil || len(all) < n {
		t.Fatalf("want at least %d example stories, found %d (%v)", n, len(all), err)
	}
	dir := t.TempDir()
	for k := range n {
		src := all[k*len(all)/n]
		dst := filepath.Join(dir, filepath.Base(src))
		if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
