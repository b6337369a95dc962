package main

import (
	"strings"
	"testing"
)

// TestEvalHasOneConfigFlag: eval --order reads the global --config; a
// flag of its own of that name would hide it in --help and in parsing.
func TestEvalHasOneConfigFlag(t *testing.T) {
	code, stdout, stderr := cli(t, nil, "eval", "--help")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if n := strings.Count(stdout, "--config"); n != 1 {
		t.Errorf("eval --help lists --config %d times, want once:\n%s", n, stdout)
	}
}

// TestBatchesWithNothingRecorded: an output folder without batches gets
// one sentence, not an empty table under a header.
func TestBatchesWithNothingRecorded(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := cli(t, nil, "batches", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if got, want := strings.TrimSpace(stdout), "no batches recorded in "+out; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
}
