package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// cli runs the command line in process with the given environment.
func cli(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

// storyDir writes a small story of three articles in our own words.
func storyDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "harbour-vote")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{
		"north.md": "---\nsource: North Star\n---\nThe harbour council approved the new ferry pier on Tuesday by seven votes to two. Work is due to start in March and last 30 days.\n\nThe pier will cost 4 million euros, the council said.",
		"coast.md": "---\nsource: Coast Herald\n---\nThe harbour council approved the ferry pier on Tuesday by six votes to three. Builders expect a month-long job starting in April.\n\nCouncillors put the cost at 5 million euros.",
		"bay.md":   "---\nsource: Bay Times\n---\nA divided harbour council backed the ferry pier on Tuesday. The mayor called the vote historic.\n\nThe council did not publish a cost.",
	}
	for name, text := range texts {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestOpenAIWithoutKeyStopsAtOnce(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := cli(t, nil, "run", "--provider", "openai", "--out", out, storyDir(t))
	if code != 2 {
		t.Fatalf("exit %d, want 2; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"OPENAI_API_KEY", "--base-url", "--provider offline"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("message does not mention %s:\n%s", want, stderr)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("a run folder was created: %v", entries)
	}
}

// TestWireSettingsFollowPrecedence checks on the wire that a configured
// temperature of 0 is sent (go-openai alone would drop it) and that, for a
// nested key, the environment overrides the file and a flag overrides both.
func TestWireSettingsFollowPrecedence(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	cfgFile := filepath.Join(t.TempDir(), "summarize.yaml")
	os.WriteFile(cfgFile, []byte("llm:\n  temperature: 0\n  model: file-model\nstages:\n  brief:\n    model: file-brief-model\n"), 0o600)
	dir := storyDir(t)
	env := map[string]string{"OPENAI_API_KEY": "sk-test", "SUMMARIZE_STAGES_BRIEF_MODEL": "env-brief-model"}

	models := func(from int) map[string]bool {
		seen := map[string]bool{}
		for _, body := range srv.Bodies()[from:] {
			var req struct {
				Model       string   `json:"model"`
				Temperature *float64 `json:"temperature"`
			}
			if err := json.Unmarshal(body, &req); err != nil {
				t.Fatal(err)
			}
			if req.Temperature == nil || *req.Temperature != 0 {
				t.Errorf("request for %s carries temperature %v, want 0 on the wire", req.Model, req.Temperature)
			}
			seen[req.Model] = true
		}
		return seen
	}
	args := []string{"run", "--config", cfgFile, "--provider", "openai", "--base-url", srv.URL(), "--no-cache", "--out", t.TempDir(), dir}
	if code, _, stderr := cli(t, env, args...); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	seen := models(0)
	if !seen["env-brief-model"] || seen["file-brief-model"] || !seen["file-model"] {
		t.Errorf("models on the wire = %v, want env-brief-model (env over file) and file-model", seen)
	}

	t.Setenv("SUMMARIZE_TEST_UNUSED", "") // keep the process env untouched otherwise
	n := len(srv.Bodies())
	cfg2 := filepath.Join(t.TempDir(), "flag.yaml")
	os.WriteFile(cfg2, []byte("llm:\n  temperature: 0\nstages:\n  brief:\n    model: file-brief-model\n"), 0o600)
	args = []string{"run", "--config", cfg2, "--provider", "openai", "--base-url", srv.URL(), "--model", "flag-model", "--no-cache", "--out", t.TempDir(), dir}
	env["SUMMARIZE_LLM_MODEL"] = "env-model"
	if code, _, stderr := cli(t, env, args...); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	seen = models(n)
	if !seen["flag-model"] || seen["env-model"] {
		t.Errorf("models on the wire = %v, want flag-model (flag over env and file)", seen)
	}
}

func TestRunSeeds(t *testing.T) {
	seeds := filepath.Join("..", "..", "..", "shared", "seeds")
	if _, err := os.Stat(seeds); err != nil {
		t.Skip("no ../shared/seeds")
	}
	for _, provider := range []string{"offline", "openai"} {
		t.Run(provider, func(t *testing.T) {
			srv := fakeai.New(fakeai.Options{})
			defer srv.Close()
			out := t.TempDir()
			env := map[string]string{"OPENAI_API_KEY": "sk-test", "SUMMARIZE_CACHE_DIR": t.TempDir()}
			code, stdout, stderr := cli(t, env, "run", "--provider", provider, "--base-url", srv.URL(), "--out", out, seeds)
			if code != 0 {
				t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
			}
			m, err := manifest.Read(filepath.Join(out, "latest", "manifest.json"))
			if err != nil {
				t.Fatal(err)
			}
			if m.Totals.Stories != 1 || m.Totals.Articles != 5 || m.Totals.Failed != 0 {
				t.Errorf("totals = %+v, want 1 story of 5 articles and no failure", m.Totals)
			}
			if provider == "offline" && m.Totals.Calls != 0 {
				t.Errorf("offline run made %d model calls", m.Totals.Calls)
			}
			if provider == "openai" && m.Totals.Calls != 5+2 {
				t.Errorf("openai run made %d calls, want 7", m.Totals.Calls)
			}
			dir := filepath.Join(out, "latest", m.Stories[0].Dir)
			var d story.Disputes
			data, err := os.ReadFile(filepath.Join(dir, "disputes.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &d); err != nil || d.Version != story.DisputesVersion || len(d.Sources) != 5 {
				t.Fatalf("disputes.json: %v %+v", err, d)
			}
			for _, p := range d.DisputedPoints {
				for _, pos := range p.Positions {
					if !pos.QuoteVerified {
						t.Errorf("unverified quote from %s: %q", pos.Source, pos.Quote)
					}
				}
			}
			for _, f := range []string{"brief.md", "brief.json", "disputes.md", "story.json", "report.html"} {
				if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
					t.Errorf("%s missing or empty: %v", f, err)
				}
			}
			if _, err := os.Stat(filepath.Join(out, "latest", "index.html")); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	cases := [][]string{
		{"run"},
		{"run", "--no-such-flag", "x"},
		{"run", filepath.Join(t.TempDir(), "does-not-exist")},
		{"frobnicate"},
		{"run", "--concurrency", "0", storyDir(t)},
		{"run", "--provider", "gemini", storyDir(t)},
	}
	for _, args := range cases {
		code, _, stderr := cli(t, nil, append(args, "--out", t.TempDir())...)
		if code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, stderr)
		}
	}
	_, _, stderr := cli(t, nil, "run", "--out", t.TempDir(), "/no/such/path")
	if !strings.Contains(stderr, "/no/such/path") {
		t.Errorf("message does not name the missing path: %q", stderr)
	}
}

func TestPromptsCommands(t *testing.T) {
	code, stdout, _ := cli(t, nil, "prompts", "list")
	if code != 0 || !strings.Contains(stdout, "source_summary") || !strings.Contains(stdout, "disputes") {
		t.Errorf("prompts list: exit %d\n%s", code, stdout)
	}
	dir := storyDir(t)
	code, stdout, stderr := cli(t, nil, "prompts", "render", "disputes", "--article", filepath.Join(dir, "north.md"), "--article", filepath.Join(dir, "coast.md"))
	if code != 0 {
		t.Fatalf("prompts render: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"=== system", "=== user", `<<<BEGIN UNTRUSTED ARTICLE id="north-star" source="North Star">>>`, "month-long job"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("rendered prompt lacks %q:\n%s", want, stdout)
		}
	}
	override := t.TempDir()
	os.WriteFile(filepath.Join(override, "brief.md"), []byte("---\ndescription: mine\n---\n{{define \"system\"}}S{{end}}{{define \"user\"}}U {{.Story.Name}}{{end}}"), 0o644)
	code, stdout, _ = cli(t, nil, "prompts", "list", "--prompts", override)
	if code != 0 || !strings.Contains(stdout, filepath.Join(override, "brief.md")) {
		t.Errorf("override not listed: exit %d\n%s", code, stdout)
	}
	os.WriteFile(filepath.Join(override, "breif.md"), []byte("x"), 0o644)
	if code, _, stderr := cli(t, nil, "prompts", "list", "--prompts", override); code != 2 || !strings.Contains(stderr, "breif.md") {
		t.Errorf("misspelled override: exit %d, %q", code, stderr)
	}
}

func TestConfigShowRedacts(t *testing.T) {
	env := map[string]string{"OPENAI_API_KEY": "sk-secret-value", "OPENAI_BASE_URL": "https://user:hunter2@llm.example.com/v1"}
	code, stdout, stderr := cli(t, env, "config", "show")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(stdout, "sk-secret-value") || strings.Contains(stdout, "hunter2") {
		t.Errorf("config show leaks a secret:\n%s", stdout)
	}
	if !strings.Contains(stdout, "llm.example.com") || !strings.Contains(stdout, "set (redacted)") {
		t.Errorf("config show lacks the endpoint or the key state:\n%s", stdout)
	}
}

func TestOfflineSettingsReachTheEngine(t *testing.T) {
	out := t.TempDir()
	env := map[string]string{"SUMMARIZE_OFFLINE_MAX_POINTS": "1", "SUMMARIZE_OFFLINE_SUMMARY_SENTENCES": "1", "SUMMARIZE_CHECKS_GATES": "[]"}
	if code, _, stderr := cli(t, env, "run", "--out", out, someExamples(t, 10)); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	m, err := manifest.Read(filepath.Join(out, "latest", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Stories) < 3 {
		t.Fatalf("%d stories, want the 3 examples", len(m.Stories))
	}
	capped := 0
	for _, s := range m.Stories {
		if s.DisputedPoints > 1 {
			t.Errorf("%s: %d disputed points with offline.max_points 1", s.ID, s.DisputedPoints)
		}
		capped += s.DisputedPoints
	}
	// Not every example need have a dispute the engine finds, but the
	// cap must leave the ones it finds.
	if capped < 3 {
		t.Errorf("%d stories kept their one disputed point, want at least 3", capped)
	}
}

// TestPromptsRenderIsWhatRunSends: `prompts render` reads its articles as
// run reads the same paths (story name, outlet registry, normalization),
// so the messages it prints are those a run sends for that story.
func TestPromptsRenderIsWhatRunSends(t *testing.T) {
	dir := storyDir(t)
	// The registry renames North Star; render must show the new name.
	os.WriteFile(filepath.Join(dir, "sources.yaml"), []byte("- name: The North Star\n  aliases: [North Star]\n"), 0o644)
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	env := map[string]string{"OPENAI_API_KEY": "sk-test", "SUMMARIZE_CACHE_DIR": t.TempDir()}
	if code, _, stderr := cli(t, env, "run", "--provider", "openai", "--base-url", srv.URL(), "--out", t.TempDir(), dir); code > 1 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	sent := map[string]bool{}
	for _, body := range srv.Bodies() {
		var req openai.ChatCompletionRequest
		if err := json.Unmarshal(body, &req); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, m := range req.Messages {
			fmt.Fprintf(&b, "=== %s\n%s\n\n", m.Role, m.Content)
		}
		sent[b.String()] = true
	}
	for _, stage := range []string{"source_summary", "disputes"} {
		code, stdout, stderr := cli(t, env, "prompts", "render", stage, "--article", dir)
		if code != 0 {
			t.Fatalf("render %s: exit %d\n%s", stage, code, stderr)
		}
		if !strings.Contains(stdout, `<<<BEGIN UNTRUSTED STORY id="harbour-vote"`) || stage == "disputes" && !strings.Contains(stdout, `source="The North Star"`) {
			t.Errorf("render %s does not name the story and the registry's outlet as run does:\n%s", stage, stdout)
		}
		if !sent[stdout] {
			t.Errorf("render %s printed messages no request of the run carried:\n%s", stage, stdout)
		}
	}
}
