package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/prompts"
)

// TestRunsRememberTheirPrompts: a run folder keeps the prompt files it
// used and the stage settings in force; diff shows the prompt text that
// changed and no operational key; runs are found by ID and as latest;
// runs lists them; a folder that is not a run is an error.
func TestRunsRememberTheirPrompts(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	out, promptDir := t.TempDir(), t.TempDir()
	env := map[string]string{"OPENAI_API_KEY": "sk-test", "SUMMARIZE_CACHE_DIR": t.TempDir()}
	dir := storyDir(t)
	args := func(runID string, more ...string) []string {
		return append([]string{"run", "--provider", "openai", "--base-url", srv.URL(), "--prompts", promptDir, "--out", out, "--run-id", runID}, append(more, dir)...)
	}
	if code, _, stderr := cli(t, env, args("before")...); code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	brief := defaultPrompt(t, prompts.Brief)
	kept, err := os.ReadFile(filepath.Join(out, "before", manifest.PromptsDir, "brief.md"))
	if err != nil || string(kept) != brief {
		t.Fatalf("the run folder does not keep the brief prompt it used: %v", err)
	}
	m, err := manifest.Read(filepath.Join(out, "before", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	stages, _ := m.Config["stages"].(map[string]any)
	briefSettings, _ := stages["brief"].(map[string]any)
	if got, _ := briefSettings["max_output_tokens"].(float64); got != 700 {
		t.Errorf("manifest stages.brief.max_output_tokens = %v, want 700 from the front matter", briefSettings["max_output_tokens"])
	}

	edited := strings.Replace(brief, "max_output_tokens: 700", "max_output_tokens: 500", 1)
	edited = strings.Replace(edited, "no headings, no preamble.", "no headings, no preamble, no adjectives.", 1)
	os.WriteFile(filepath.Join(promptDir, "brief.md"), []byte(edited), 0o644)
	if code, _, stderr := cli(t, env, args("after", "--log-format", "json")...); code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}

	for _, pair := range [][2]string{{"before", "after"}, {"before", "latest"}} {
		code, stdout, stderr := cli(t, nil, "diff", "--out", out, pair[0], pair[1])
		if code != 0 {
			t.Fatalf("diff %v: exit %d\n%s", pair, code, stderr)
		}
		for _, want := range []string{"- - 150 to 250 words of plain prose in one to three paragraphs, no headings, no preamble.", "+ - 150 to 250 words", "no adjectives.", "- max_output_tokens: 700", "+ max_output_tokens: 500", "stages.brief.max_output_tokens: 700 -> 500"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("diff %v lacks %q:\n%s", pair, want, stdout)
			}
		}
		for _, noise := range []string{"run_id", "log.format", "prompts_dir"} {
			if strings.Contains(stdout, noise) {
				t.Errorf("diff %v lists operational key %s:\n%s", pair, noise, stdout)
			}
		}
	}
	page := filepath.Join(t.TempDir(), "diff.html")
	if code, _, stderr := cli(t, nil, "diff", "--out", out, "--html", page, "before", "after"); code != 0 {
		t.Fatalf("diff --html: exit %d\n%s", code, stderr)
	}
	if data, _ := os.ReadFile(page); !strings.Contains(string(data), "<ins>+ max_output_tokens: 500</ins>") {
		t.Errorf("diff page lacks the prompt's line diff")
	}

	notRun := t.TempDir()
	os.WriteFile(filepath.Join(notRun, "notes.txt"), []byte("x"), 0o644)
	for _, pair := range [][2]string{{notRun, "after"}, {"before", "nope"}} {
		code, _, stderr := cli(t, nil, "diff", "--out", out, pair[0], pair[1])
		if code != 2 || stderr == "" {
			t.Errorf("diff %v: exit %d %q, want 2 and a message", pair, code, stderr)
		}
	}
	if _, _, stderr := cli(t, nil, "diff", "--out", out, notRun, "after"); !strings.Contains(stderr, "not a run folder") {
		t.Errorf("diff of a folder that is not a run: %q", stderr)
	}

	os.MkdirAll(filepath.Join(out, "unrelated"), 0o700)
	code, stdout, stderr := cli(t, nil, "runs", "--out", out)
	if code != 0 {
		t.Fatalf("runs: exit %d\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "before ") || !strings.HasPrefix(lines[2], "after (latest)") || !strings.Contains(lines[1], "complete") {
		t.Errorf("runs lists:\n%s", stdout)
	}
}
