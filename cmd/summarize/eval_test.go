package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/eval"
)

// snapshot lists every file under dir with its size and modification time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			files[path] = info.ModTime().String() + " " + info.Mode().String() + " " + strconv.FormatInt(info.Size(), 10)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestEvalScoresTheExamples runs the offline engine on some examples and
// scores the run: every example has a truth file, the last line has the
// documented form, --json writes the same figures, and the run folder is
// left as it was.
func TestEvalScoresTheExamples(t *testing.T) {
	out := t.TempDir()
	examples := someExamples(t, 8)
	if code, _, stderr := cli(t, ungated, "run", "--out", out, "--run-id", "ex", examples); code != 0 {
		t.Fatalf("run exit %d\n%s", code, stderr)
	}
	runDir := filepath.Join(out, "ex")
	before := snapshot(t, runDir)
	jsonPath := filepath.Join(t.TempDir(), "eval.json")
	code, stdout, stderr := cli(t, nil, "eval", runDir, "--json", jsonPath)
	if code != 0 {
		t.Fatalf("eval exit %d\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	last := lines[len(lines)-1]
	if !regexp.MustCompile(`^total: recall=[01]\.\d\d precision=[01]\.\d\d contradicted=\d+ one_sided=\d+/\d+$`).MatchString(last) {
		t.Errorf("last line %q", last)
	}
	var r eval.Report
	data, err := os.ReadFile(jsonPath)
	if err == nil {
		err = json.Unmarshal(data, &r)
	}
	if err != nil {
		t.Fatal(err)
	}
	dirs, _ := filepath.Glob(filepath.Join(examples, "*", eval.TruthFile))
	if len(r.Stories) != len(dirs) || r.Total.Disputes.Truth == 0 || len(r.Skipped) != 0 {
		t.Errorf("scored %d stories (%d skipped), want %d with truth", len(r.Stories), len(r.Skipped), len(dirs))
	}
	for _, s := range r.Stories {
		if !strings.Contains(stdout, s.Story+"\n") {
			t.Errorf("the text report has no block for %s", s.Story)
		}
	}
	after := snapshot(t, runDir)
	if len(after) != len(before) {
		t.Errorf("eval changed the run folder: %d files before, %d after", len(before), len(after))
	}
	for path, stamp := range before {
		if after[path] != stamp {
			t.Errorf("eval touched %s", path)
		}
	}
	if code, _, _ := cli(t, nil, "eval", filepath.Join(out, "absent")); code != 2 {
		t.Errorf("eval of a missing folder: exit %d, want 2", code)
	}
}

// TestEvalOrder runs a story forward and reversed and prints one line per
// story and the pooled total; an unchanged story scores 1 on both.
func TestEvalOrder(t *testing.T) {
	jsonPath := filepath.Join(t.TempDir(), "order.json")
	env := map[string]string{"SUMMARIZE_CACHE_DIR": t.TempDir()}
	code, stdout, stderr := cli(t, env, "eval", "--order", "--json", jsonPath, storyDir(t))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "harbour-vote\t") ||
		!regexp.MustCompile(`^total: sentences=[01]\.\d\d quotes=[01]\.\d\d$`).MatchString(lines[1]) {
		t.Errorf("output:\n%s", stdout)
	}
	var r eval.OrderReport
	data, err := os.ReadFile(jsonPath)
	if err == nil {
		err = json.Unmarshal(data, &r)
	}
	if err != nil || len(r.Stories) != 1 || r.Total.Sentences.Union == 0 {
		t.Errorf("json report %+v (%v)", r, err)
	}
}
