package pipeline

// Hostile-state tests of issue 17 at the pipeline's level.

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/manifest"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/testfs"
)

// TestUncachableRepliesAreUsed: with a cache folder that refuses every
// write, every answered request still produces its output: the run is
// complete, each unstored reply is a warning in the manifest, and nothing
// is sent twice within the run.
func TestUncachableRepliesAreUsed(t *testing.T) {
	h := newHarness(t, fakeai.Options{})
	h.cacheDir = testfs.ReadOnlyDir(t)
	root := writeStories(t, t.TempDir(), 3, 4)
	res, n := h.runSent(4, root)
	const calls = 3*4 + 3*2
	if res.ExitCode != 0 || res.Manifest.Status != "complete" {
		t.Fatalf("exit %d, status %s: %+v", res.ExitCode, res.Manifest.Status, res.Manifest.Errors)
	}
	if n != calls {
		t.Errorf("sent %d requests, want %d (each once)", n, calls)
	}
	for _, s := range res.Manifest.Stories {
		if s.Status != "done" {
			t.Errorf("story %s: %s", s.ID, s.Status)
		}
	}
	if got := len(res.Manifest.Warnings); got != calls {
		t.Errorf("%d warnings, want one per unstored reply (%d): %q", got, calls, res.Manifest.Warnings)
	}
	for _, w := range res.Manifest.Warnings {
		if !strings.Contains(w, "reply used but not cached") {
			t.Errorf("warning %q does not say the reply was used", w)
		}
	}
}

// TestLatestTellsTheTruth: latest moves only after the report pages are
// written and only to a run with a done story; a run whose pages fail is
// partial with ExitInternal; the output lock is held while pages are
// written; old runs are deleted only once latest names the new one.
func TestLatestTellsTheTruth(t *testing.T) {
	released := &gateEngine{started: make(chan struct{}, 1), release: make(chan struct{})}
	close(released.release)
	good := oneStory(t)
	empty := func(t *testing.T) []ingest.Input {
		dir := filepath.Join(t.TempDir(), "nothing-usable")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "a.md"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		in, err := ingest.Discover([]string{dir}, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return in
	}(t)
	diskFull := errors.New("no space left on device")
	cases := []struct {
		name       string
		inputs     []ingest.Input
		pagesErr   error
		wantStatus string
		wantExit   int
		wantLatest bool
	}{
		{"pages written", good, nil, "complete", 0, true},
		{"pages failed", good, diskFull, "partial", ExitInternal, false},
		{"no story done", empty, nil, "partial", 1, false},
		{"no story done, pages failed", empty, diskFull, "partial", ExitInternal, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			// A good earlier run that latest names.
			if _, err := Run(context.Background(), released, good, Options{OutDir: out, RunID: "before"}); err != nil {
				t.Fatal(err)
			}
			var lockErr error
			pages := func(dir string) error {
				_, lockErr = LockOut(out)
				return tc.pagesErr
			}
			res, err := Run(context.Background(), released, tc.inputs, Options{OutDir: out, RunID: "now", Keep: 1, Pages: pages})
			if err != nil {
				t.Fatal(err)
			}
			if !errors.Is(lockErr, ErrLocked) {
				t.Errorf("taking the lock while pages are written: %v, want ErrLocked", lockErr)
			}
			m := readManifestFile(t, filepath.Join(out, "now"))
			if m.Status != tc.wantStatus || m.ExitCode != tc.wantExit || res.ExitCode != tc.wantExit {
				t.Errorf("status %s, exit %d (result %d); want %s, %d", m.Status, m.ExitCode, res.ExitCode, tc.wantStatus, tc.wantExit)
			}
			if tc.pagesErr != nil && !hasError(m.Errors, "report", diskFull.Error()) {
				t.Errorf("the pages' failure is not in the manifest: %+v", m.Errors)
			}
			latest, _ := readLatest(out)
			if moved := latest == "now"; moved != tc.wantLatest {
				t.Errorf("latest = %q; moved %v, want %v", latest, moved, tc.wantLatest)
			}
			_, err = os.Stat(filepath.Join(out, "before"))
			if kept := err == nil; kept == tc.wantLatest {
				t.Errorf("run before kept = %v with --keep 1; want it deleted only when latest moved", kept)
			}
		})
	}
}

func hasError(errs []manifest.Error, stage, text string) bool {
	for _, e := range errs {
		if e.Stage == stage && strings.Contains(e.Error, text) {
			return true
		}
	}
	return false
}

func readManifestFile(t *testing.T, dir string) *manifest.Manifest {
	t.Helper()
	m, err := manifest.Read(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}
