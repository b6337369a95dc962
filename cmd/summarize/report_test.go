package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestReportRefusesFoldersThatAreNotRuns runs "summarize report" on the
// outputs folder above the runs, on an input folder and on a run folder:
// only the run folder is rendered; the others exit 2 with a hint and are
// left exactly as they were.
func TestReportRefusesFoldersThatAreNotRuns(t *testing.T) {
	out := t.TempDir()
	in := storyDir(t)
	if code, _, stderr := cli(t, nil, "run", "--out", out, in); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	tests := []struct {
		name     string
		dir      string
		code     int
		messages []string
	}{
		{"outputs folder", out, 2, []string{"no manifest.json", "did you mean " + filepath.Join(out, "latest")}},
		{"input folder", in, 2, []string{"no manifest.json", "did you mean outputs/latest"}},
		{"missing folder", filepath.Join(out, "nope"), 2, []string{"nope"}},
		{"run folder", filepath.Join(out, "latest"), 0, nil},
	}
	// Rebuilding a run's pages refreshes the page over all runs that the
	// run wrote above it; an index.html that summarize did not write is
	// left alone.
	runs := filepath.Join(out, "index.html")
	if err := os.WriteFile(runs, []byte("stale"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := cli(t, nil, "report", filepath.Join(out, "latest")); code != 0 {
		t.Fatalf("report: exit %d\n%s", code, stderr)
	}
	if data, _ := os.ReadFile(runs); string(data) != "stale" {
		t.Error("report rewrote an index.html it did not write")
	}
	if code, _, stderr := cli(t, nil, "run", "--out", out, in); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	if err := os.Chtimes(runs, time.Unix(0, 0), time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := cli(t, nil, "report", filepath.Join(out, "latest")); code != 0 {
		t.Fatalf("report: exit %d\n%s", code, stderr)
	}
	if info, err := os.Stat(runs); err != nil || info.ModTime().Equal(time.Unix(0, 0)) {
		t.Errorf("report left the page over all runs as it was (%v)", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := listFiles(t, tt.dir)
			code, _, stderr := cli(t, nil, "report", tt.dir)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", code, tt.code, stderr)
			}
			for _, m := range tt.messages {
				if !strings.Contains(stderr, m) {
					t.Errorf("stderr does not say %q:\n%s", m, stderr)
				}
			}
			if after := listFiles(t, tt.dir); tt.code != 0 && !slices.Equal(before, after) {
				t.Errorf("files changed: before %v, after %v", before, after)
			}
		})
	}
}

// listFiles lists the files below dir with their sizes and times, "" for
// a folder that does not exist.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		out = append(out, path+" "+info.ModTime().String()+" "+info.Mode().String())
		return nil
	})
	return out
}
