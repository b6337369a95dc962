package pipeline

import (
	"context"
	"testing"

	"github.com/summarize/summarize/internal/cache"
	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/llm"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/tokens"
	"github.com/summarize/summarize/prompts"
)

// BenchmarkCachedRerun measures a re-run into a new output folder in
// which every call is a cache hit: what a run costs after a change that
// touches every story but not its summaries (50 stories of 5 articles a
// run).
func BenchmarkCachedRerun(b *testing.B) { benchmarkRerun(b, false) }

// BenchmarkCarriedRerun measures a re-run into the same output folder with
// nothing changed: every story is carried over from the run before.
func BenchmarkCarriedRerun(b *testing.B) { benchmarkRerun(b, true) }

func benchmarkRerun(b *testing.B, carry bool) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	root := b.TempDir()
	for s := 0; s < 50; s++ {
		for a := 0; a < 5; a++ {
			writeArticle(b, root, s, a, 8)
		}
	}
	client, err := llm.New(llm.Config{BaseURL: srv.URL()})
	if err != nil {
		b.Fatal(err)
	}
	c, err := cache.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	set, err := prompts.Load("")
	if err != nil {
		b.Fatal(err)
	}
	// The budgets of config/summarize.yaml.
	stages := map[string]StageSettings{
		prompts.SourceSummary: {Model: "m", MaxInputTokens: 6000},
		prompts.Brief:         {Model: "m", MaxInputTokens: 12000},
		prompts.Disputes:      {Model: "m", MaxInputTokens: 24000, JSONSchema: true},
	}
	inputs, err := ingest.Discover([]string{root}, ingest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	out := b.TempDir()
	run := func() *Result {
		rec := &manifest.Recorder{}
		eng := &LLMEngine{Client: client, Cache: c, Prompts: set, Tokens: tokens.New("gpt-4o-mini"), Stages: stages, Endpoint: srv.URL(), Recorder: rec}
		opts := Options{OutDir: b.TempDir(), Concurrency: 16, Recorder: rec}
		if carry {
			opts.OutDir, opts.Identity = out, "bench"
		}
		res, err := Run(context.Background(), eng, inputs, opts)
		if err != nil || res.ExitCode != 0 {
			b.Fatalf("run: %v %+v", err, res)
		}
		return res
	}
	run()
	sent := srv.Requests()
	b.ResetTimer()
	for b.Loop() {
		res := run()
		if carry && res.Manifest.Totals.StoriesReused != 50 {
			b.Fatalf("%d of 50 stories carried over", res.Manifest.Totals.StoriesReused)
		}
	}
	b.StopTimer()
	if srv.Requests() != sent {
		b.Fatalf("a cached re-run sent %d requests", srv.Requests()-sent)
	}
}
