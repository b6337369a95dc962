package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/template"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/manifest"
)

// twoStories writes a folder of two stories of our own.
func twoStories(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	first := storyDir(t)
	if err := os.Rename(first, filepath.Join(root, "harbour-vote")); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "school-roof")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("---\nsource: Valley News\n---\nThe school roof will be replaced over the summer at a cost of 2 million euros, the board said."), 0o644)
	os.WriteFile(filepath.Join(dir, "b.md"), []byte("---\nsource: Hill Courier\n---\nThe board said replacing the school roof would cost 3 million euros and take until October."), 0o644)
	os.WriteFile(filepath.Join(dir, "_truth.json"), []byte(`{"version": 2, "disputes": [{"topic": "Cost of the roof", "kind": "factual", "keywords": ["million"],
  "positions": [{"source": "valley-news", "value": "2 million euros", "match": ["2 million"]},
                {"source": "hill-courier", "value": "3 million euros", "match": ["3 million"]}]}]}`), 0o644)
	return root
}

// exportPrompts writes the default prompts into a new folder, with edit
// applied to the brief.
func exportPrompts(t *testing.T, edit func(string) string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "prompts")
	if code, _, stderr := cli(t, nil, "prompts", "export", dir); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, stderr)
	}
	path := filepath.Join(dir, "brief.md")
	data, _ := os.ReadFile(path)
	os.WriteFile(path, []byte(edit(string(data))), 0o644)
	return dir
}

// TestCompareVariants: two prompt folders over the same stories through
// one cache; what they share is sent once, and the page shows both
// variants for every story.
func TestCompareVariants(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	stories := twoStories(t)
	a := exportPrompts(t, func(s string) string { return s })
	b := exportPrompts(t, func(s string) string {
		return strings.Replace(s, "Write the brief now.", "Write the brief now, in one paragraph.", 1)
	})
	out := t.TempDir()
	page := filepath.Join(t.TempDir(), "compare.html")
	env := map[string]string{"OPENAI_API_KEY": "sk-test"}
	code, stdout, stderr := cli(t, env, "compare", "--provider", "openai", "--base-url", srv.URL(), "--no-cache",
		"--prompts", a, "--prompts", b, "--out", out, "--run-id", "tune", "--html", page, stories)
	if code != 0 {
		t.Fatalf("compare: exit %d\n%s\n%s", code, stdout, stderr)
	}
	ma, err := manifest.Read(filepath.Join(out, "tune-a", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	mb, err := manifest.Read(filepath.Join(out, "tune-b", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Variant B differs only in the brief: its summaries and disputes are
	// variant A's, answered from the shared cache.
	if mb.Totals.Calls != 2 || ma.Totals.Calls+mb.Totals.Calls != srv.Requests() {
		t.Errorf("requests: A %d, B %d, endpoint %d; want B to send only its 2 briefs", ma.Totals.Calls, mb.Totals.Calls, srv.Requests())
	}
	for _, want := range []string{"Against the truth files:\n  A: disputes found", "eval: disputes found", "Variant A: " + a, "Variant B: " + b, "Prompts that differ: brief", "== harbour-vote", "== school-roof", "brief A:", "brief B:"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(data)
	for _, id := range []string{"harbour-vote", "school-roof"} {
		i := strings.Index(html, `id="story-`+id+`"`)
		if i < 0 {
			t.Fatalf("page has no section for %s", id)
		}
		section := html[i:]
		if j := strings.Index(section, "</section>"); j > 0 {
			section = section[:j]
		}
		if n, want := strings.Count(section, "Against the truth file</h5>"), map[string]int{"school-roof": 2}[id]; n != want {
			t.Errorf("%s: eval figures shown %d times, want %d (one per variant where a truth file exists)", id, n, want)
		}
		if n := strings.Count(section, `class="box brief-text"`); n != 2 {
			t.Errorf("%s: %d briefs on the page, want 2 (A and B)", id, n)
		}
		for _, link := range []string{"tune-a/" + id + "/report.html", "tune-b/" + id + "/report.html"} {
			if !strings.Contains(section, link) {
				t.Errorf("%s: no link to %s", id, link)
			}
		}
	}
	if !strings.Contains(html, "<ins>+ Write the brief now, in one paragraph.{{end}}</ins>") {
		t.Errorf("page does not show how the brief prompts differ")
	}

	n := srv.Requests()
	broken := exportPrompts(t, func(s string) string { return strings.Replace(s, ".Story.Name", ".Story.Nmae", 1) })
	for _, args := range [][]string{
		{"--prompts", a},
		{"--prompts", a, "--prompts", broken},
		{"--provider", "offline", "--prompts", a, "--prompts", b},
		{"--prompts", a, "--prompts", b, "--html", filepath.Join(t.TempDir(), "no", "such", "page.html")},
		{"--prompts", a, "--prompts", b, "--out", out, "--run-id", "tune"}, // tune-a exists
	} {
		full := append([]string{"compare", "--provider", "openai", "--base-url", srv.URL(), "--out", t.TempDir()}, append(args, stories)...)
		if code, _, stderr := cli(t, env, full...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d %q, want 2", args, code, stderr)
		}
	}
	if srv.Requests() != n {
		t.Errorf("refused comparisons sent %d requests", srv.Requests()-n)
	}
}

// TestCompareShowsPromptFileStages: a variant that adds a stage defined by
// a prompt file shows that stage's output beside its brief, in the text
// and on the page, so tuning a new stage can be done with compare too.
func TestCompareShowsPromptFileStages(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	a := exportPrompts(t, func(s string) string { return s })
	b := exportPrompts(t, func(s string) string { return s })
	headline, err := os.ReadFile(filepath.Join("..", "..", "pipeline", "testdata", "suite", "prompts", "headline.md"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(b, "headline.md"), headline, 0o644)
	out := t.TempDir()
	page := filepath.Join(t.TempDir(), "compare.html")
	code, stdout, stderr := cli(t, map[string]string{"OPENAI_API_KEY": "sk-test"}, "compare", "--provider", "openai", "--base-url", srv.URL(), "--no-cache",
		"--prompts", a, "--prompts", b, "--out", out, "--run-id", "hl", "--html", page, storyDir(t))
	if code != 0 {
		t.Fatalf("compare: exit %d\n%s\n%s", code, stdout, stderr)
	}
	written, err := os.ReadFile(filepath.Join(out, "hl-b", "harbour-vote", "headline.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimSpace(strings.SplitN(string(written), "\n", 2)[0])
	if !strings.Contains(stdout, "  headline B:\n    "+text) || strings.Contains(stdout, "headline A:") {
		t.Errorf("stdout does not show B's headline (%q) and only B's:\n%s", text, stdout)
	}
	html, _ := os.ReadFile(page)
	if n := strings.Count(string(html), `<span class="mono">headline</span>`); n != 1 {
		t.Errorf("the page shows the headline stage %d times, want once (variant B)", n)
	}
	if !strings.Contains(string(html), template.HTMLEscapeString(text)) {
		t.Errorf("the page lacks B's headline %q", text)
	}
}
