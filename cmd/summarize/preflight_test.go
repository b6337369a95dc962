package main

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/prompts"
)

// defaultPrompt returns the text of a built-in prompt.
func defaultPrompt(t *testing.T, name string) string {
	t.Helper()
	set, err := prompts.Load("")
	if err != nil {
		t.Fatal(err)
	}
	p, err := set.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return p.Text
}

// lineOf returns the 1-based line of the first occurrence of s in text.
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("%q not in the prompt", s)
	}
	return strings.Count(text[:i], "\n") + 1
}

// TestPromptErrorsStopBeforeAnyRequest: every broken prompt is a
// configuration error (exit 2) before the first request, for the run and
// for its dry run, and the message names the file and, where there is one,
// the line.
func TestPromptErrorsStopBeforeAnyRequest(t *testing.T) {
	brief := defaultPrompt(t, prompts.Brief)
	summary := defaultPrompt(t, prompts.SourceSummary)
	disputes := defaultPrompt(t, prompts.Disputes)
	typo := strings.Replace(brief, ".Story.Name}}", ".Story.Nmae}}", 1)
	// A typo inside a branch only a split article takes.
	branch := strings.Replace(summary, `{{range .Parts}}`, `{{range .Partz}}`, 1)
	cases := []struct {
		name, file, text string
		// want are substrings of stderr; line, when set, is the line
		// of the file that must be named as FILE:LINE.
		want []string
		line string
	}{
		{"field typo", "brief.md", typo, []string{"Nmae"}, ".Story.Nmae}}"},
		{"typo in a branch", "source_summary.md", branch, []string{"Partz"}, "{{range .Partz}}"},
		{"unknown front-matter key", "brief.md", strings.Replace(brief, "output: text", "output: text\ntemprature: 0", 1), []string{`unknown front-matter key "temprature"`, "temperature"}, "temprature"},
		{"front matter never closed", "brief.md", "---\nmax_output_tokens: 100\n{{define \"system\"}}s{{end}}{{define \"user\"}}u{{end}}", []string{"never closed"}, ""},
		{"undefined function", "brief.md", strings.Replace(brief, "(join .Missing", "(joyn .Missing", 1), []string{`"joyn" not defined`}, "(joyn"},
		{"disputes without json", "disputes.md", strings.Replace(disputes, "output: json", "output: text", 1), []string{"output must be json"}, ""},
		{"file naming no stage", "breif.md", brief, []string{"breif.md"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := fakeai.New(fakeai.Options{})
			defer srv.Close()
			dir := t.TempDir()
			path := filepath.Join(dir, tc.file)
			os.WriteFile(path, []byte(tc.text), 0o644)
			want := append([]string{path}, tc.want...)
			if tc.line != "" {
				want = append(want, path+":"+strconv.Itoa(lineOf(t, tc.text, tc.line)))
			}
			env := map[string]string{"OPENAI_API_KEY": "sk-test", "SUMMARIZE_CACHE_DIR": t.TempDir()}
			out := t.TempDir()
			for _, extra := range [][]string{nil, {"--dry-run"}} {
				args := append([]string{"run", "--provider", "openai", "--base-url", srv.URL(), "--prompts", dir, "--out", out}, extra...)
				code, _, stderr := cli(t, env, append(args, storyDir(t))...)
				if code != 2 {
					t.Errorf("%v: exit %d, want 2\n%s", extra, code, stderr)
				}
				for _, w := range want {
					if !strings.Contains(stderr, w) {
						t.Errorf("%v: stderr does not name %q:\n%s", extra, w, stderr)
					}
				}
			}
			// prompts list, the command that shows what is in force,
			// refuses what run refuses.
			code, _, stderr := cli(t, env, "prompts", "list", "--prompts", dir)
			if code != 2 {
				t.Errorf("prompts list: exit %d, want 2\n%s", code, stderr)
			}
			for _, w := range want {
				if !strings.Contains(stderr, w) {
					t.Errorf("prompts list: stderr does not name %q:\n%s", w, stderr)
				}
			}
			if n := srv.Requests(); n != 0 {
				t.Errorf("%d requests reached the endpoint, want 0", n)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("a run folder was created: %v", entries)
			}
		})
	}
}

// TestPromptsShowAndExportAreTheFiles: `prompts show brief > mine/brief.md`
// and `prompts export DIR` both give files that load back as the same
// prompts, front matter included.
func TestPromptsShowAndExportAreTheFiles(t *testing.T) {
	code, stdout, stderr := cli(t, nil, "prompts", "show", "brief")
	if code != 0 {
		t.Fatalf("show: exit %d\n%s", code, stderr)
	}
	if want := defaultPrompt(t, prompts.Brief); stdout != want {
		t.Errorf("show prints %d bytes that are not the file (%d bytes); starts %q", len(stdout), len(want), stdout[:min(len(stdout), 40)])
	}
	if !strings.Contains(stderr, "embedded") {
		t.Errorf("show: the origin is not on stderr: %q", stderr)
	}
	mine := t.TempDir()
	os.WriteFile(filepath.Join(mine, "brief.md"), []byte(stdout), 0o644)
	set, err := prompts.Load(mine)
	if err != nil {
		t.Fatal(err)
	}
	def, _ := prompts.Load("")
	got, _ := set.Get(prompts.Brief)
	orig, _ := def.Get(prompts.Brief)
	if !reflect.DeepEqual(got.Meta, orig.Meta) || got.Digest != orig.Digest {
		t.Errorf("the shown file loads as %+v, want the embedded %+v", got.Meta, orig.Meta)
	}

	dir := filepath.Join(t.TempDir(), "exported")
	if code, _, stderr := cli(t, nil, "prompts", "export", "--prompts", mine, dir); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, stderr)
	}
	for _, name := range prompts.Stages {
		data, err := os.ReadFile(filepath.Join(dir, name+".md"))
		if err != nil {
			t.Fatal(err)
		}
		if p, _ := set.Get(name); string(data) != p.Text {
			t.Errorf("%s.md exported is not the effective file", name)
		}
	}
	exported, err := prompts.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, digest := range set.Digests() {
		if exported.Digests()[name] != digest {
			t.Errorf("%s: exported digest differs", name)
		}
	}
	if code, _, stderr := cli(t, nil, "prompts", "export", dir); code != 2 || !strings.Contains(stderr, "exists") {
		t.Errorf("export over existing files: exit %d %q, want 2 and a refusal", code, stderr)
	}
}

// TestOfflineNamesIgnoredSettings: model settings and prompts given to
// the offline engine are named on stderr and in the manifest.
func TestOfflineNamesIgnoredSettings(t *testing.T) {
	mine := t.TempDir()
	out := t.TempDir()
	code, _, stderr := cli(t, nil, "run", "--prompts", mine, "--model", "gpt-4o", "--base-url", "http://localhost:1/v1", "--log-format", "text", "--out", out, storyDir(t))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	m, err := manifest.Read(filepath.Join(out, "latest", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"--prompts", "--model", "--base-url"} {
		if !strings.Contains(stderr, flag) {
			t.Errorf("stderr does not name %s:\n%s", flag, stderr)
		}
		if !strings.Contains(strings.Join(m.Warnings, "\n"), flag) {
			t.Errorf("manifest warnings do not name %s: %q", flag, m.Warnings)
		}
	}
	out = t.TempDir()
	if code, _, stderr := cli(t, nil, "run", "--out", out, storyDir(t)); code != 0 || strings.Contains(stderr, "ignores") {
		t.Errorf("a plain offline run warns: exit %d\n%s", code, stderr)
	}
	if m, _ := manifest.Read(filepath.Join(out, "latest", "manifest.json")); m == nil || len(m.Warnings) != 0 {
		t.Errorf("a plain offline run has warnings: %+v", m)
	}
}

// TestEveryCommandSaysWhatItDoes: each command's line in --help, and the
// head of its own help, is its Short text; an empty one lists it bare.
func TestEveryCommandSaysWhatItDoes(t *testing.T) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Hidden || sub.Name() == "help" || sub.Name() == "completion" {
				continue
			}
			if strings.TrimSpace(sub.Short) == "" {
				t.Errorf("%s has no Short description", sub.CommandPath())
			}
			walk(sub)
		}
	}
	walk(newRootCmd(io.Discard, io.Discard, func(string) string { return "" }))
}
