package pipeline

// Hostile-state tests of issue 17 at the pipeline's level.

import (
	"strings"
	"testing"

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
