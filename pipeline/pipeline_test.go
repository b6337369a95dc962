package pipeline

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/llm"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/prompts"
)

// writeStories writes nStories folders of nArticles generated articles
// under root and returns root.
func writeStories(t testing.TB, root string, nStories, nArticles int) string {
	t.Helper()
	for s := 0; s < nStories; s++ {
		for a := 0; a < nArticles; a++ {
			writeArticle(t, root, s, a, 3)
		}
	}
	return root
}

// writeArticle writes one generated article of the given number of
// paragraphs, in words of our own.
func writeArticle(t testing.TB, root string, s, a, paragraphs int) string {
	t.Helper()
	dir := filepath.Join(root, fmt.Sprintf("story-%02d", s))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "---\nsource: Outlet %c\ntitle: Council vote %d\n---\n", 'A'+a, s)
	for p := 0; p < paragraphs; p++ {
		fmt.Fprintf(&b, "The council of town %d voted %d to %d on the harbour plan, outlet %c reported in paragraph %d. ", s, 5+a, 4-a%3, 'A'+a, p)
		fmt.Fprintf(&b, "Residents near pier %d said the works would take %d months. ", p+s, 6+a)
		fmt.Fprintf(&b, "The mayor's office gave a cost of %d million for stage %d.\n\n", 10+a+p, p)
	}
	path := filepath.Join(dir, fmt.Sprintf("outlet-%c.md", 'a'+a))
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type harness struct {
	t        *testing.T
	server   *fakeai.Server
	cacheDir string
	outDir   string
	prompts  string // override folder, "" for the embedded prompts
	stages   map[string]StageSettings
	identity string // Options.Identity; "" carries nothing over
	touch    func(keys []string)
}

func newHarness(t *testing.T, opts fakeai.Options) *harness {
	srv := fakeai.New(opts)
	t.Cleanup(srv.Close)
	h := &harness{t: t, server: srv, cacheDir: t.TempDir(), outDir: t.TempDir(), stages: map[string]StageSettings{}}
	for _, s := range prompts.Stages {
		h.stages[s] = StageSettings{Model: "fake-model", MaxInputTokens: 4000, ValidationRetries: 2, JSONSchema: true}
	}
	return h
}

// run runs the pipeline over paths with a client that retries fast, and
// returns the result.
func (h *harness) run(concurrency int, paths ...string) *Result {
	h.t.Helper()
	cfg := llm.Config{BaseURL: h.server.URL(), APIKey: "sk-test-key", MaxAttempts: 4, BackoffInitial: time.Millisecond, BackoffMax: 5 * time.Millisecond, Timeout: 5 * time.Second}
	return h.runClient(cfg, h.server.URL(), concurrency, paths...)
}

// runSent is run, also returning how many requests reached the server.
func (h *harness) runSent(concurrency int, paths ...string) (*Result, int) {
	h.t.Helper()
	before := h.server.Requests()
	res := h.run(concurrency, paths...)
	return res, h.server.Requests() - before
}

// sent counts the calls of a manifest that reached the server, by stage.
func sent(m *manifest.Manifest) map[string]int {
	n := map[string]int{}
	for _, c := range m.Calls {
		if c.Cache != "hit" {
			n[c.Stage]++
		}
	}
	return n
}

func TestRerunSendsNothing(t *testing.T) {
	h := newHarness(t, fakeai.Options{})
	root := writeStories(t, t.TempDir(), 3, 4)
	first := h.run(4, root)
	if first.ExitCode != 0 {
		t.Fatalf("first run exit %d: %+v", first.ExitCode, first.Manifest.Errors)
	}
	before := h.server.Requests()
	if want := 3*4 + 3*2; before != want {
		t.Fatalf("first run sent %d requests, want %d", before, want)
	}
	second := h.run(4, root)
	if got := h.server.Requests() - before; got != 0 {
		t.Errorf("second run sent %d requests, want 0", got)
	}
	if second.Manifest.Totals.Calls != 0 || second.Manifest.Totals.CacheHits != 18 {
		t.Errorf("second run totals = %+v, want 0 calls and 18 cache hits", second.Manifest.Totals)
	}
	// Same inputs and cached replies: same outputs.
	for _, f := range []string{"brief.md", "disputes.json", "sources/outlet-a.md"} {
		a, _ := os.ReadFile(filepath.Join(first.Dir, "story-00", f))
		b, _ := os.ReadFile(filepath.Join(second.Dir, "story-00", f))
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s differs between runs or is empty", f)
		}
	}
}

func TestEditingBriefPromptResendsOnlyBriefs(t *testing.T) {
	h := newHarness(t, fakeai.Options{})
	root := writeStories(t, t.TempDir(), 3, 3)
	h.run(2, root)
	before := h.server.Requests()

	h.prompts = t.TempDir()
	p, _ := prompts.Load("")
	brief, _ := p.Get(prompts.Brief)
	edited := strings.Replace(brief.Text, "150 to 250 words", "120 to 200 words", 1)
	if edited == brief.Text {
		t.Fatal("edit did not apply")
	}
	if err := os.WriteFile(filepath.Join(h.prompts, "brief.md"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	res := h.run(2, root)
	if got := h.server.Requests() - before; got != 3 {
		t.Errorf("after editing brief.md the run sent %d requests, want 3 (one per story)", got)
	}
	if got := sent(res.Manifest); got[prompts.Brief] != 3 || len(got) != 1 {
		t.Errorf("calls sent by stage = %v, want only 3 briefs", got)
	}
}

func TestAddingArticleResendsItsSummaryAndReduces(t *testing.T) {
	h := newHarness(t, fakeai.Options{})
	root := writeStories(t, t.TempDir(), 2, 3)
	h.run(2, root)
	before := h.server.Requests()
	writeArticle(t, root, 1, 3, 3)
	res := h.run(2, root)
	if got := h.server.Requests() - before; got != 3 {
		t.Errorf("after adding one article the run sent %d requests, want 3", got)
	}
	want := map[string]int{prompts.SourceSummary: 1, prompts.Brief: 1, prompts.Disputes: 1}
	got := sent(res.Manifest)
	for stage, n := range want {
		if got[stage] != n {
			t.Errorf("sent %d %s calls, want %d", got[stage], stage, n)
		}
	}
	for _, c := range res.Manifest.Calls {
		if c.Cache != "hit" && c.Story != "story-01" {
			t.Errorf("call for untouched story sent: %+v", c)
		}
		if c.Cache != "hit" && c.Stage == prompts.SourceSummary && c.Article != "outlet-d" {
			t.Errorf("summary of an unchanged article sent: %+v", c)
		}
	}
}

func TestConcurrencyBound(t *testing.T) {
	h := newHarness(t, fakeai.Options{Latency: 20 * time.Millisecond})
	root := writeStories(t, t.TempDir(), 8, 5)
	res := h.run(4, root)
	if res.ExitCode != 0 {
		t.Fatalf("exit %d: %+v", res.ExitCode, res.Manifest.Errors)
	}
	if peak := h.server.PeakInFlight(); peak != 4 {
		t.Errorf("server saw at most %d requests at once, want exactly 4", peak)
	}
	if got, want := h.server.Requests(), 40+16; got != want {
		t.Errorf("requests = %d, want %d", got, want)
	}
}

func TestFabricatedQuoteIsFlagged(t *testing.T) {
	h := newHarness(t, fakeai.Options{Respond: func(req openai.ChatCompletionRequest) string {
		if req.ResponseFormat == nil {
			return fakeai.DefaultRespond(req)
		}
		blocks := fakeai.Blocks(req.Messages[len(req.Messages)-1].Content)
		return fmt.Sprintf(`{"disputed_points":[{"topic":"vote count","kind":"factual","summary":"They differ.","positions":[
			{"source":%q,"claim":"real","quote":%q},
			{"source":%q,"claim":"made up","quote":"The council unanimously rejected the harbour plan."},
			{"source":"Nonexistent Times","claim":"ghost","quote":"Anything."}]}]}`,
			blocks[0].ID, fakeai.Sentences(blocks[0].Text, 1)[0], blocks[1].ID)
	}})
	root := writeStories(t, t.TempDir(), 1, 2)
	res := h.run(2, root)
	var d story.Disputes
	readJSON(t, filepath.Join(res.Dir, "story-00", "disputes.json"), &d)
	if len(d.DisputedPoints) != 1 || len(d.DisputedPoints[0].Positions) != 3 {
		t.Fatalf("disputes = %+v", d)
	}
	pos := d.DisputedPoints[0].Positions
	if !pos[0].QuoteVerified {
		t.Errorf("verbatim quote not verified: %+v", pos[0])
	}
	if pos[1].QuoteVerified {
		t.Errorf("fabricated quote verified: %+v", pos[1])
	}
	if !pos[2].UnknownSource || pos[2].QuoteVerified {
		t.Errorf("unknown source not flagged: %+v", pos[2])
	}
	md, _ := os.ReadFile(filepath.Join(res.Dir, "story-00", "disputes.md"))
	if !strings.Contains(string(md), "not found in the article") || !strings.Contains(string(md), "unknown source") {
		t.Errorf("disputes.md does not flag the bad positions:\n%s", md)
	}
	if s := res.Manifest.Stories[0]; s.UnverifiedQuotes != 2 || s.UnknownSources != 1 {
		t.Errorf("manifest story = %+v, want 2 unverified quotes and 1 unknown source", s)
	}
}

func TestLongArticleIsSplit(t *testing.T) {
	h := newHarness(t, fakeai.Options{})
	h.stages[prompts.SourceSummary] = StageSettings{Model: "fake-model", MaxInputTokens: 300}
	root := t.TempDir()
	writeArticle(t, root, 0, 0, 3)
	writeArticle(t, root, 0, 1, 40) // about 2,500 tokens
	res := h.run(2, root)
	if res.ExitCode != 0 {
		t.Fatalf("exit %d: %+v", res.ExitCode, res.Manifest.Errors)
	}
	var parts, combine int
	for _, c := range res.Manifest.Calls {
		if c.Stage == prompts.SourceSummary && c.Article == "outlet-b" {
			if c.Part == "combine" {
				combine++
			} else if c.Part != "" {
				parts++
			}
		}
	}
	if parts < 5 || combine != 1 {
		t.Errorf("long article: %d part calls and %d combine calls, want >= 5 and 1", parts, combine)
	}
	for _, body := range h.server.Bodies() {
		if strings.Contains(string(body), "part ") && strings.Contains(string(body), "of one article") {
			return
		}
	}
	t.Error("no request told the model it sees one part of an article")
}

func TestBriefTreeReduce(t *testing.T) {
	h := newHarness(t, fakeai.Options{})
	h.stages[prompts.Brief] = StageSettings{Model: "fake-model", MaxInputTokens: 256}
	root := writeStories(t, t.TempDir(), 1, 6)
	res := h.run(2, root)
	if res.ExitCode != 0 {
		t.Fatalf("exit %d: %+v", res.ExitCode, res.Manifest.Errors)
	}
	var reduces, final int
	for _, c := range res.Manifest.Calls {
		if c.Stage == prompts.Brief {
			if strings.HasPrefix(c.Part, "reduce-") {
				reduces++
			} else {
				final++
			}
		}
	}
	if reduces < 2 || final != 1 {
		t.Errorf("brief calls: %d partial, %d final; want >= 2 partial and 1 final", reduces, final)
	}
}

func TestCorruptCacheEntryIsAMiss(t *testing.T) {
	h := newHarness(t, fakeai.Options{})
	root := writeStories(t, t.TempDir(), 1, 2)
	h.run(1, root)
	before := h.server.Requests()
	var corrupted int
	filepath.WalkDir(h.cacheDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && len(filepath.Base(path)) == 64 {
			data, _ := os.ReadFile(path)
			os.WriteFile(path, data[:len(data)/2], 0o600)
			corrupted++
		}
		return nil
	})
	if corrupted != 4 {
		t.Fatalf("corrupted %d cache entries, want 4", corrupted)
	}
	res := h.run(1, root)
	if got := h.server.Requests() - before; got != 4 {
		t.Errorf("after corrupting the cache the run sent %d requests, want 4", got)
	}
	if res.ExitCode != 0 {
		t.Errorf("exit %d: %+v", res.ExitCode, res.Manifest.Errors)
	}
	h.run(1, root)
	if got := h.server.Requests() - before; got != 4 {
		t.Errorf("rewritten entries were not used: %d requests in all, want 4", got)
	}
}

func TestMalformedDisputesAreRetriedWithTheError(t *testing.T) {
	var mu sync.Mutex
	seen := 0
	h := newHarness(t, fakeai.Options{Respond: func(req openai.ChatCompletionRequest) string {
		if req.ResponseFormat == nil {
			return fakeai.DefaultRespond(req)
		}
		mu.Lock()
		defer mu.Unlock()
		seen++
		if seen == 1 {
			return `{"disputed_points":[{"topic":"x","kind":"rumour","summary":"s","positions":[]}]}`
		}
		if !strings.Contains(req.Messages[len(req.Messages)-1].Content, `kind "rumour"`) {
			return `not json`
		}
		return fakeai.DefaultRespond(req)
	}})
	root := writeStories(t, t.TempDir(), 1, 2)
	res := h.run(1, root)
	if res.ExitCode != 0 {
		t.Fatalf("exit %d: %+v", res.ExitCode, res.Manifest.Errors)
	}
	for _, c := range res.Manifest.Calls {
		if c.Stage == prompts.Disputes && c.Attempts != 2 {
			t.Errorf("disputes call made %d attempts, want 2 (one repair)", c.Attempts)
		}
	}
}

func TestFailedArticleDoesNotSinkTheStory(t *testing.T) {
	h := newHarness(t, fakeai.Options{Respond: func(req openai.ChatCompletionRequest) string {
		if strings.Contains(req.Messages[len(req.Messages)-1].Content, "outlet C reported") && req.ResponseFormat == nil &&
			!strings.Contains(req.Messages[len(req.Messages)-1].Content, "Sources:") {
			return "" // an empty reply, every time
		}
		return fakeai.DefaultRespond(req)
	}})
	root := writeStories(t, t.TempDir(), 2, 3)
	res := h.run(2, root)
	if res.ExitCode != 1 {
		t.Errorf("exit %d, want 1", res.ExitCode)
	}
	if res.Manifest.Totals.Failed != 2 {
		t.Errorf("failed = %d, want 2 (outlet C of each story): %+v", res.Manifest.Totals.Failed, res.Manifest.Errors)
	}
	for _, s := range []string{"story-00", "story-01"} {
		var b story.Brief
		readJSON(t, filepath.Join(res.Dir, s, "brief.json"), &b)
		if len(b.Missing) != 1 || b.Missing[0] != "Outlet C" {
			t.Errorf("%s brief missing = %v, want [Outlet C]", s, b.Missing)
		}
		if _, err := os.Stat(filepath.Join(res.Dir, s, "disputes.json")); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestOfflineCitationsResolveToTheRightArticle(t *testing.T) {
	st := &story.Story{Articles: []*story.Article{
		{ID: "wire", Source: "Wire"}, {ID: "wire-2", Source: "Wire"}, {ID: "a-b", Source: "A, B"}, {ID: "post", Source: "Post"},
	}}
	labels := citationLabels(st)
	want := map[string]string{"wire": "wire", "wire-2": "wire-2", "a-b": "a-b", "post": "Post"}
	for id, label := range want {
		if labels[id] != label {
			t.Errorf("label of %s = %q, want %q", id, labels[id], label)
		}
	}
}
