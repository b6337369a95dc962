package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// makeRun creates a run folder whose manifest ended at the given time.
func makeRun(t *testing.T, out, id string, ended time.Time) {
	t.Helper()
	dir := filepath.Join(out, id)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "manifest.json")
	if err := os.WriteFile(path, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, ended, ended); err != nil {
		t.Fatal(err)
	}
}

func remaining(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestPruneRuns(t *testing.T) {
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	setup := func(t *testing.T) string {
		out := t.TempDir()
		// Names sort the other way from times, so the test sees which
		// order pruning follows.
		for i, id := range []string{"e", "d", "c", "b", "a"} {
			makeRun(t, out, id, base.Add(time.Duration(i)*time.Hour)) // a is newest
		}
		// Not runs: no manifest, a file, an invalid name.
		os.MkdirAll(filepath.Join(out, "crashed"), 0o700)
		os.WriteFile(filepath.Join(out, "notes.txt"), []byte("x"), 0o600)
		makeRun(t, out, "has space", base.Add(-time.Hour))
		return out
	}
	cases := []struct {
		name          string
		keep          int
		current       string
		latest        string
		wantRemaining []string
	}{
		{"keep all", 0, "a", "a", []string{"a", "b", "c", "d", "e"}},
		{"keep two", 2, "a", "a", []string{"a", "b"}},
		{"keep one", 1, "a", "a", []string{"a"}},
		{"more than runs", 9, "a", "a", []string{"a", "b", "c", "d", "e"}},
		// The current run failed to update latest: both survive, even
		// beyond keep.
		{"latest older than current", 1, "a", "d", []string{"a", "d"}},
		// A named run re-used as current although older by time.
		{"current is old", 2, "e", "a", []string{"a", "e"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := setup(t)
			if err := os.Symlink(c.latest, filepath.Join(out, "latest")); err != nil {
				t.Fatal(err)
			}
			deleted, err := PruneRuns(out, c.keep, c.current)
			if err != nil {
				t.Fatal(err)
			}
			var runs []string
			for _, n := range remaining(t, out) {
				if len(n) == 1 {
					runs = append(runs, n)
				}
			}
			if !slices.Equal(runs, c.wantRemaining) {
				t.Errorf("remaining runs %v, want %v (deleted %v)", runs, c.wantRemaining, deleted)
			}
			if got := len(deleted); got != 5-len(c.wantRemaining) {
				t.Errorf("deleted %d folders, want %d", got, 5-len(c.wantRemaining))
			}
			for _, keepName := range []string{"crashed", "notes.txt", "has space", "latest"} {
				if _, err := os.Lstat(filepath.Join(out, keepName)); err != nil {
					t.Errorf("%s was touched: %v", keepName, err)
				}
			}
		})
	}
}

func TestPruneRunsLatestAsTextFile(t *testing.T) {
	out := t.TempDir()
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	makeRun(t, out, "old", base)
	makeRun(t, out, "mid", base.Add(time.Hour))
	makeRun(t, out, "new", base.Add(2*time.Hour))
	os.WriteFile(filepath.Join(out, "latest"), []byte("old\n"), 0o600)
	if _, err := PruneRuns(out, 1, "new"); err != nil {
		t.Fatal(err)
	}
	got := remaining(t, out)
	want := []string{"latest", "new", "old"}
	if !slices.Equal(got, want) {
		t.Errorf("remaining %v, want %v", got, want)
	}
}

// TestRunKeep checks retention end to end: after each of four runs with
// Keep 2, only the two newest run folders remain, and latest names the
// newest.
func TestRunKeep(t *testing.T) {
	out := t.TempDir()
	inputs := oneStory(t)
	eng := &gateEngine{started: make(chan struct{}, 1), release: make(chan struct{})}
	close(eng.release)
	for i, id := range []string{"r1", "r2", "r3", "r4"} {
		res, err := Run(context.Background(), eng, inputs, Options{OutDir: out, RunID: id, Keep: 2})
		if err != nil {
			t.Fatal(err)
		}
		if res.ExitCode != 0 {
			t.Fatalf("run %s: exit %d", id, res.ExitCode)
		}
		// Make the order of ends unambiguous on coarse file systems.
		ended := time.Now().Add(time.Duration(i-10) * time.Minute)
		os.Chtimes(filepath.Join(out, id, "manifest.json"), ended, ended)
	}
	got := remaining(t, out)
	want := []string{LockFile, "latest", "r3", "r4"}
	if !slices.Equal(got, want) {
		t.Errorf("after four runs with keep 2: %v, want %v", got, want)
	}
	if latest, err := readLatest(out); err != nil || latest != "r4" {
		t.Errorf("latest = %q, %v; want r4", latest, err)
	}
}
