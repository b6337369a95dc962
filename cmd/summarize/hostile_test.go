package main

// The hostile-input suite of issue 17: what an unattended run must survive
// from its file system, its inputs, its configuration and its operator.
// Each test names the guarantee of the README's Reliability section it
// checks.

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/testfs"
)

// TestReadOnlyCacheLosesNoReply: a cache folder that cannot be written is
// found before the first request; the run warns once, uses every reply it
// is sent, completes, and keeps using what the folder already holds.
func TestReadOnlyCacheLosesNoReply(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	t.Cleanup(srv.Close)
	r := newLLMRun(t, srv.URL(), "")
	r.cacheDir = testfs.ReadOnlyDir(t)
	corpus := t.TempDir()
	writeCorpus(t, corpus, 3, 4)
	res := r.run(t, context.Background(), "ro", corpus)
	const calls = 3*4 + 3*2
	if res.code != 0 {
		t.Fatalf("exit %d, want 0\n%s", res.code, tail(res.stderr, 2000))
	}
	if got := srv.Requests(); got != calls {
		t.Errorf("sent %d requests, want %d (each once)", got, calls)
	}
	if !strings.Contains(res.stderr, "not writable") {
		t.Errorf("stderr does not warn about the cache:\n%s", tail(res.stderr, 2000))
	}
	m := readManifest(t, filepath.Join(r.out, "ro"))
	if m.Status != "complete" || len(m.Errors) != 0 {
		t.Errorf("status %s, errors %+v", m.Status, m.Errors)
	}
	if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], "not writable") {
		t.Errorf("manifest warnings = %q, want the one about the cache folder", m.Warnings)
	}
	checkStoryOutputs(t, filepath.Join(r.out, "ro"), m)
}
