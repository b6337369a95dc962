package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/prompts"
)

// TestPromptTuningLoop walks the loop the README promises: run, edit one
// prompt, re-run (only that stage is sent), diff the two runs.
func TestPromptTuningLoop(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	out, promptDir := t.TempDir(), t.TempDir()
	env := map[string]string{"OPENAI_API_KEY": "sk-test", "SUMMARIZE_CACHE_DIR": t.TempDir()}
	dir := storyDir(t)
	args := func(runID string) []string {
		return []string{"run", "--provider", "openai", "--base-url", srv.URL(), "--prompts", promptDir, "--out", out, "--run-id", runID, dir}
	}
	if code, _, stderr := cli(t, env, args("before")...); code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	sentBefore := srv.Requests()

	set, _ := prompts.Load("")
	brief, _ := set.Get(prompts.Brief)
	edited := strings.Replace(brief.Text, "one to three paragraphs", "one paragraph", 1)
	os.WriteFile(filepath.Join(promptDir, "brief.md"), []byte(edited), 0o644)
	if code, _, stderr := cli(t, env, args("after")...); code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	if got := srv.Requests() - sentBefore; got != 1 {
		t.Errorf("after editing the brief prompt the run sent %d requests, want 1", got)
	}

	code, stdout, stderr := cli(t, nil, "diff", filepath.Join(out, "before"), filepath.Join(out, "after"))
	if code != 0 {
		t.Fatalf("diff: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "brief") || strings.Contains(stdout, "Prompts (they apply to every story):\n  unchanged") {
		t.Errorf("diff does not report the brief prompt change:\n%s", stdout)
	}
	page := filepath.Join(t.TempDir(), "diff.html")
	if code, _, stderr := cli(t, nil, "diff", "--html", page, filepath.Join(out, "before"), filepath.Join(out, "after")); code != 0 {
		t.Fatalf("diff --html: exit %d\n%s", code, stderr)
	}
	if data, err := os.ReadFile(page); err != nil || !strings.Contains(string(data), "Content-Security-Policy") {
		t.Errorf("diff page: %v", err)
	}
	if code, _, _ := cli(t, nil, "diff", filepath.Join(out, "before"), filepath.Join(out, "nope")); code != 2 {
		t.Errorf("diff with a missing run: exit %d, want 2", code)
	}

	if code, stdout, stderr := cli(t, nil, "report", filepath.Join(out, "after")); code != 0 || !strings.Contains(stdout, "index.html") {
		t.Errorf("report: exit %d\n%s%s", code, stdout, stderr)
	}
}

func TestCacheCommands(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	cacheDir := t.TempDir()
	env := map[string]string{"OPENAI_API_KEY": "sk-test", "SUMMARIZE_CACHE_DIR": cacheDir}
	dir := storyDir(t)
	for i := 0; i < 2; i++ {
		if code, _, stderr := cli(t, env, "run", "--provider", "openai", "--base-url", srv.URL(), "--out", t.TempDir(), dir); code != 0 {
			t.Fatalf("run %d: exit %d\n%s", i, code, stderr)
		}
	}
	code, stdout, _ := cli(t, env, "cache", "stats")
	// Three summaries, a brief and disputes: five entries; the second run
	// hit all five.
	if code != 0 || !strings.Contains(stdout, "entries   5") || !strings.Contains(stdout, "hit rate  50.0%") {
		t.Errorf("cache stats: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := cli(t, env, "cache", "prune"); code != 2 || !strings.Contains(stderr, "--max-age") {
		t.Errorf("prune without limits: exit %d %q", code, stderr)
	}
	code, stdout, _ = cli(t, env, "cache", "prune", "--max-size", "1")
	if code != 0 || !strings.Contains(stdout, "removed 5 entries") {
		t.Errorf("cache prune: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := cli(t, env, "run", "--provider", "openai", "--base-url", srv.URL(), "--out", t.TempDir(), dir); code != 0 {
		t.Fatalf("run: %s", stderr)
	}
	if code, stdout, _ := cli(t, env, "cache", "clear"); code != 0 || !strings.Contains(stdout, cacheDir) {
		t.Errorf("cache clear: exit %d\n%s", code, stdout)
	}
	if _, stdout, _ := cli(t, env, "cache", "stats"); !strings.Contains(stdout, "entries   0") {
		t.Errorf("after clear:\n%s", stdout)
	}
}
