package pipeline

// The suite every engine passes: the LLM engine on the in-process fake
// endpoint and the offline engine run the same story through the same
// pipeline, and the same invariants must hold of what they write. Their
// outputs for that story are golden files under testdata/suite/golden,
// reviewed in diffs; regenerate them with
//
//	go test ./pipeline -run TestEngineSuite -update

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summarize/summarize/internal/cache"
	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/grounding"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/llm"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/offline"
	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/internal/tokens"
	"github.com/summarize/summarize/prompts"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/suite/golden")

const (
	suiteStories = "testdata/suite/story"
	suitePrompts = "testdata/suite/prompts" // headline.md and actors.md
	suiteStory   = "quarry-road-reopening"
)

// suiteEngine makes an engine for one run and tells whether it runs the
// stages defined by prompt files.
type suiteEngine struct {
	name       string
	userStages bool
	make       func(t *testing.T, set *prompts.Set, rec *manifest.Recorder) Engine
}

var suiteEngines = []suiteEngine{
	{name: "llm", userStages: true, make: func(t *testing.T, set *prompts.Set, rec *manifest.Recorder) Engine {
		srv := fakeai.New(fakeai.Options{})
		t.Cleanup(srv.Close)
		client, err := llm.New(llm.Config{BaseURL: srv.URL(), APIKey: "sk-test-key", MaxAttempts: 2})
		if err != nil {
			t.Fatal(err)
		}
		c, err := cache.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		stages := map[string]StageSettings{}
		for _, s := range set.Stages() {
			stages[s.Name] = StageSettings{Model: "fake-model", MaxInputTokens: 8000, ValidationRetries: 2, JSONSchema: true}
		}
		return &LLMEngine{Client: client, Cache: c, Prompts: set, Tokens: tokens.New("gpt-4o-mini"), Stages: stages, Endpoint: "fake", Recorder: rec}
	}},
	{name: "offline", make: func(t *testing.T, set *prompts.Set, rec *manifest.Recorder) Engine {
		return OfflineEngine{Engine: offline.New(offline.Options{})}
	}},
}

func TestEngineSuite(t *testing.T) {
	set, err := prompts.Load(suitePrompts)
	if err != nil {
		t.Fatal(err)
	}
	inputs, err := ingest.Discover([]string{suiteStories}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, se := range suiteEngines {
		t.Run(se.name, func(t *testing.T) {
			out := t.TempDir()
			var logs bytes.Buffer
			run := func() *Result {
				rec := &manifest.Recorder{}
				res, err := Run(context.Background(), se.make(t, set, rec), inputs, Options{
					OutDir: out, Concurrency: 2, Recorder: rec, Stages: set.Stages(), Identity: "suite " + se.name,
					Manifest: manifest.Manifest{Provider: se.name}, Logger: slog.New(slog.NewTextHandler(&logs, nil)),
				})
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			res := run()
			if res.ExitCode != 0 && res.Manifest.Status != "flagged" {
				t.Fatalf("exit %d, status %s: %+v", res.ExitCode, res.Manifest.Status, res.Manifest.Errors)
			}
			dir := filepath.Join(res.Dir, suiteStory)
			var st story.Story
			readJSON(t, filepath.Join(dir, "story.json"), &st)
			checkSuiteOutputs(t, &st, dir)

			// The stages defined by prompt files: run, or skipped with
			// one warning.
			for _, f := range []string{"headline.md", "actors.json"} {
				_, err := os.Stat(filepath.Join(dir, f))
				if se.userStages && err != nil {
					t.Errorf("%s: %v", f, err)
				}
				if !se.userStages && err == nil {
					t.Errorf("%s written by an engine that cannot run it", f)
				}
			}
			if warned := strings.Count(logs.String(), "no method for stages"); se.userStages != (warned == 0) || warned > 1 {
				t.Errorf("the skipped-stages warning appears %d times:\n%s", warned, logs.String())
			}
			compareGolden(t, se.name, dir)

			// Unchanged: carried over, nothing asked of the engine.
			again := run()
			if s := again.Manifest.Stories[0]; s.ReusedFrom != res.Manifest.RunID || len(again.Manifest.Calls) != 0 {
				t.Errorf("re-run: story %+v, %d calls; want it carried over with none", s, len(again.Manifest.Calls))
			}
		})
	}
}

// checkSuiteOutputs checks what every engine's outputs must satisfy.
func checkSuiteOutputs(t *testing.T, st *story.Story, dir string) {
	t.Helper()
	if len(st.Articles) != 3 {
		t.Fatalf("story.json has %d articles, want 3", len(st.Articles))
	}
	var d story.Disputes
	readJSON(t, filepath.Join(dir, "disputes.json"), &d)
	if d.Version != story.DisputesVersion || d.Story != suiteStory || len(d.Sources) != 3 {
		t.Errorf("disputes.json header: version %d story %q sources %d", d.Version, d.Story, len(d.Sources))
	}
	for _, p := range append(d.DisputedPoints, d.Omissions...) {
		if p.Topic == "" || len(p.Positions) == 0 {
			t.Errorf("point without topic or positions: %+v", p)
		}
		for _, pos := range p.Positions {
			a := st.Article(pos.Source)
			if pos.UnknownSource != (a == nil) {
				t.Errorf("position %+v: unknown_source is %v", pos, pos.UnknownSource)
			}
			if a != nil && pos.QuoteVerified != grounding.Verify(pos.Quote, a.Text) {
				t.Errorf("position %+v: quote_verified is %v", pos, pos.QuoteVerified)
			}
		}
	}
	var b story.Brief
	readJSON(t, filepath.Join(dir, "brief.json"), &b)
	if strings.TrimSpace(b.Markdown) == "" || len(b.Citations) == 0 {
		t.Errorf("brief.json: empty brief or no citation: %+v", b)
	}
	for _, c := range b.Citations {
		if !c.Known || st.Article(c.Source) == nil {
			t.Errorf("brief cites %+v, which names no source", c)
		}
	}
	for _, a := range st.Articles {
		data, err := os.ReadFile(filepath.Join(dir, "sources", a.ID+".md"))
		if err != nil || !strings.HasPrefix(string(data), "# "+a.Source) {
			t.Errorf("sources/%s.md: %v\n%s", a.ID, err, data)
		}
	}
}

// goldenFiles are the outputs people read, compared with the golden
// copies; report.html and manifest.json hold times and run IDs.
var goldenFiles = []string{"brief.md", "brief.json", "disputes.md", "disputes.json", "checks.json", "headline.md", "actors.json"}

func compareGolden(t *testing.T, engine, dir string) {
	t.Helper()
	golden := filepath.Join("testdata", "suite", "golden", engine)
	files := append([]string{}, goldenFiles...)
	sums, _ := filepath.Glob(filepath.Join(dir, "sources", "*.md"))
	for _, s := range sums {
		files = append(files, filepath.Join("sources", filepath.Base(s)))
	}
	for _, name := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if os.IsNotExist(err) {
			continue // a stage this engine skips
		}
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(golden, name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: no golden file (%v); run go test ./pipeline -run TestEngineSuite -update and review the diff", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; if the change is intended, run go test ./pipeline -run TestEngineSuite -update and review the diff\n--- got\n%s\n--- want\n%s", name, path, got, want)
		}
	}
}

// TestBriefRequestCarriesDisputedPoints: the brief is asked for after the
// disputes, and its request holds each disputed point, every position
// named by the source the brief cites, fenced as untrusted text; the
// default prompt asks for each version to be attributed.
func TestBriefRequestCarriesDisputedPoints(t *testing.T) {
	var briefs []string
	var mu sync.Mutex
	h := newHarness(t, fakeai.Options{Respond: func(req openai.ChatCompletionRequest) string {
		last := req.Messages[len(req.Messages)-1].Content
		switch {
		case req.ResponseFormat != nil:
			blocks := fakeai.Blocks(last)
			return fmt.Sprintf(`{"disputed_points":[{"topic":"Length of the works","kind":"timing","summary":"They differ on the length.","positions":[
				{"source":%q,"claim":"six months","quote":%q},{"source":%q,"claim":"seven months","quote":%q}]}]}`,
				blocks[0].ID, fakeai.Sentences(blocks[0].Text, 1)[0], blocks[1].ID, fakeai.Sentences(blocks[1].Text, 1)[0])
		case strings.Contains(req.Messages[0].Content, "neutral brief"):
			mu.Lock()
			briefs = append(briefs, req.Messages[0].Content+"\n"+last)
			mu.Unlock()
		}
		return fakeai.DefaultRespond(req)
	}})
	root := writeStories(t, t.TempDir(), 1, 2)
	if res := h.run(2, root); res.ExitCode != 0 {
		t.Fatalf("exit %d: %+v", res.ExitCode, res.Manifest.Errors)
	}
	if len(briefs) != 1 {
		t.Fatalf("%d brief requests, want 1", len(briefs))
	}
	b := briefs[0]
	for _, want := range []string{"attribute each version", "<<<BEGIN UNTRUSTED DISPUTES", "Length of the works (timing): They differ on the length.",
		"- Outlet A: six months", "- Outlet B: seven months"} {
		if !strings.Contains(b, want) {
			t.Errorf("the brief request lacks %q:\n%s", want, b)
		}
	}
}

// TestStageGraphFailures: a stage whose input failed is not run, with an
// error naming what it lacked, and the story is partial; the built-in
// stages and the stages that did not depend on the failure still write
// their files.
func TestStageGraphFailures(t *testing.T) {
	h := newHarness(t, fakeai.Options{Respond: func(req openai.ChatCompletionRequest) string {
		if rf := req.ResponseFormat; rf != nil && rf.JSONSchema != nil && rf.JSONSchema.Name == "claims" {
			return `{"claims": "not a list"}`
		}
		return fakeai.DefaultRespond(req)
	}})
	h.prompts = t.TempDir()
	write := func(name, front string) {
		body := "---\n" + front + "\n---\n{{define \"system\"}}Editor.{{end}}{{define \"user\"}}{{range .Articles}}{{fence \"ARTICLE\" .ID .Source .Text}}{{end}}{{.Article.Text}}{{end}}\n"
		if err := os.WriteFile(filepath.Join(h.prompts, name+".md"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("claims", "scope: article\noutput: json\nvalidation_retries: 1\nschema: {type: object, additionalProperties: false, required: [claims], properties: {claims: {type: array, items: {type: string}}}}")
	write("verdict", "scope: story\nreads: [claims]")
	write("tagline", "scope: story\nreads: [articles]")
	root := writeStories(t, t.TempDir(), 1, 2)
	res := h.run(2, root)
	if res.ExitCode != 1 || res.Manifest.Stories[0].Status != "partial" {
		t.Fatalf("exit %d, story %+v; want 1 and partial", res.ExitCode, res.Manifest.Stories[0])
	}
	dir := filepath.Join(res.Dir, "story-00")
	for _, f := range []string{"brief.md", "disputes.json", "tagline.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	for _, f := range []string{"verdict.md", "claims"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("%s written although its stage failed", f)
		}
	}
	var claims, verdict int
	for _, e := range res.Manifest.Errors {
		switch e.Stage {
		case "claims":
			claims++
			if !strings.Contains(e.Error, "must be of type array") {
				t.Errorf("claims error does not say why: %s", e.Error)
			}
		case "verdict":
			verdict++
			if !strings.Contains(e.Error, "not run: claims") {
				t.Errorf("verdict error does not say what it lacked: %s", e.Error)
			}
		}
	}
	if claims != 2 || verdict != 1 {
		t.Errorf("errors: %d claims (want 2, one per article), %d verdict (want 1): %+v", claims, verdict, res.Manifest.Errors)
	}
}
