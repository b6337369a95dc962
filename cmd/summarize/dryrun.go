package main

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"

	"golang.org/x/sync/errgroup"

	"github.com/summarize/summarize/internal/schema"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/cache"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/llm"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/tokens"
	"github.com/summarize/summarize/pipeline"
	"github.com/summarize/summarize/prompts"
)

// A dry run renders every prompt the run would send, through the real
// LLMEngine, but with a Completer that answers locally and a cache that is
// only read. Nothing is sent and nothing is written: no run folder, no
// lock, no cache entry, no usage record. (Reading a cache entry may refresh
// its last-use time, as every read does, which only keeps "cache prune"
// from dropping a reply the next run needs.)
//
// Calls whose reply is cached are exact and free. A call that would be sent
// is counted with its prompt tokens counted offline (internal/tokens) and
// its output at the stage's max_output_tokens, so the cost printed is an
// upper bound. A summary that is not cached is unknown, so the brief (and a
// disputes call that falls back to summaries) cannot be rendered exactly:
// the dry run stands in a text of max_output_tokens tokens for it, which
// bounds that prompt from above too, and reports how many calls are such
// estimates.

// dryStandIn starts every stand-in reply, so that a prompt built from one
// is recognized as an estimate.
const dryStandIn = "[dry-run stand-in for a reply not in the cache]"

// dryCompleter answers every request locally with a stand-in reply and
// counts the requests that would have been sent.
type dryCompleter struct {
	tokens    pipeline.TokenCounter
	sent      atomic.Int64
	estimated atomic.Int64
}

func (d *dryCompleter) Complete(ctx context.Context, req llm.Request) (llm.Reply, error) {
	if err := ctx.Err(); err != nil {
		return llm.Reply{}, err
	}
	d.sent.Add(1)
	// The overheads follow OpenAI's accounting: a few tokens per message
	// and per reply.
	prompt := 3
	estimate := false
	for _, m := range req.Messages {
		prompt += 4 + d.tokens.Count(m.Content)
		estimate = estimate || strings.Contains(m.Content, dryStandIn)
	}
	if estimate {
		d.estimated.Add(1)
	}
	out := max(req.MaxTokens, 1)
	// A JSON stage gets the least reply its schema accepts, in JSON
	// mode too (the request then lacks the schema).
	content := `{}`
	if sch, err := schema.Parse(pipeline.StageSchema(ctx)); err == nil {
		if data, err := json.Marshal(sch.Zero()); err == nil {
			content = string(data)
		}
	}
	if req.Schema == nil && !req.JSONMode {
		// About one token per repeated word: a stand-in as long as the
		// longest reply the stage allows.
		content = dryStandIn + strings.Repeat(" estimate", max(out-12, 1))
	}
	return llm.Reply{Content: content, PromptTokens: prompt, CompletionTokens: out, Attempts: 1, Model: req.Model}, nil
}

// readOnlyCache reads the reply cache and never writes it.
type readOnlyCache struct {
	c *cache.Cache
}

func (r readOnlyCache) Get(k cache.Key) ([]byte, bool) { return r.c.Get(k) }
func (r readOnlyCache) Put(cache.Key, []byte) error    { return nil }

// dryRunResult sums a dry run.
type dryRunResult struct {
	stories, articles int
	// carried counts the stories the run would carry over unchanged
	// from run carriedFrom, making no call for them.
	carried         int
	carriedFrom     string
	calls           []manifest.Call
	sent, estimated int
	failures        []string
}

// dryRun renders and looks up every call the run over inputs would make.
func dryRun(ctx context.Context, env *cliEnv, cfg *config.Config, set *prompts.Set, inputs []ingest.Input) (*dryRunResult, error) {
	res := &dryRunResult{}
	rec := &manifest.Recorder{}
	eng, err := buildEngine(cfg, set, rec, env, dry)
	if err != nil {
		return nil, err
	}
	opts, err := eng.options(cfg)
	if err != nil {
		return nil, err
	}
	carried, from, err := pipeline.CarriedOver(eng.Engine, inputs, opts)
	if err != nil {
		fmt.Fprintf(env.stderr, "dry run: cannot tell which stories the latest run would lend: %v\n", err)
	}
	res.carried, res.carriedFrom = len(carried), from
	var mu sync.Mutex
	// count counts a story that makes no call: carried over, or offline.
	count := func(in ingest.Input) {
		st := ingest.Load(ctx, in, opts.Ingest)
		mu.Lock()
		res.stories++
		res.articles += len(st.Articles)
		mu.Unlock()
	}
	if eng.llm == nil {
		for _, in := range inputs {
			count(in)
		}
		return res, nil
	}
	dc := eng.dry

	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, in := range inputs {
		g.Go(func() error {
			if carried[in.ID] {
				count(in)
				return nil
			}
			stories, articles, failures := dryStory(ctx, eng, in, opts.Ingest)
			mu.Lock()
			res.stories += stories
			res.articles += articles
			res.failures = append(res.failures, failures...)
			mu.Unlock()
			return nil
		})
	}
	g.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var m manifest.Manifest
	rec.Fill(&m)
	res.calls = m.Calls
	res.sent, res.estimated = int(dc.sent.Load()), int(dc.estimated.Load())
	sort.Strings(res.failures)
	return res, nil
}

// dryStory makes one story's calls through the pipeline's own stage graph
// (pipeline.DryRunStory), writing nothing.
func dryStory(ctx context.Context, eng *engine, in ingest.Input, ingestOpts ingest.Options) (stories, articles int, failures []string) {
	st := ingest.Load(ctx, in, ingestOpts)
	for _, e := range pipeline.DryRunStory(ctx, eng.Engine, st, eng.stages) {
		at := st.ID
		if e.Article != "" {
			at += "/" + e.Article
		}
		failures = append(failures, fmt.Sprintf("%s %s: %s", at, e.Stage, e.Error))
	}
	return 1, len(st.Articles), failures
}

// printDryRun prints the dry run's table: per stage, the calls, how many
// are cached, how many would be sent, their tokens and cost.
func printDryRun(env *cliEnv, cfg *config.Config, set *prompts.Set, res *dryRunResult) error {
	w := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "dry run\tnothing sent, nothing written\n")
	fmt.Fprintf(w, "stories\t%d\n", res.stories)
	fmt.Fprintf(w, "articles\t%d\n", res.articles)
	if res.carried > 0 {
		fmt.Fprintf(w, "carried over\t%d stories unchanged since run %s: no call, no cost\n", res.carried, res.carriedFrom)
	}
	if cfg.Provider == "offline" {
		fmt.Fprintf(w, "provider\toffline: no model calls, no cost\n")
		return w.Flush()
	}
	type row struct {
		calls, cached, send, prompt, output int
		cost                                float64
	}
	rows := map[string]*row{}
	var total row
	noPrice := map[string]bool{}
	for _, c := range res.calls {
		r := rows[c.Stage]
		if r == nil {
			r = &row{}
			rows[c.Stage] = r
		}
		for _, r := range []*row{r, &total} {
			r.calls++
			if c.Cache == "hit" {
				r.cached++
				continue
			}
			r.send++
			r.prompt += c.PromptTokens
			r.output += c.CompletionTokens
			r.cost += c.CostUSD
		}
		if c.Cache != "hit" {
			if _, ok := cfg.Price(c.Model); !ok {
				noPrice[c.Model] = true
			}
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "stage\tcalls\tcached\tto send\tprompt tokens\tmax output tokens\test. cost (USD)")
	var stages []string
	for _, st := range set.Stages() {
		stages = append(stages, st.Name)
	}
	for _, stage := range append(stages, "total") {
		r := rows[stage]
		if stage == "total" {
			r = &total
		}
		if r == nil {
			r = &row{}
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%.4f\n", stage, r.calls, r.cached, r.send, r.prompt, r.output, r.cost)
	}
	w.Flush()
	fmt.Fprintln(env.stdout)
	fmt.Fprintf(env.stdout, "requests to send: %d (at least; retries and replies sent back for repair come on top)\n", total.send)
	fmt.Fprintf(env.stdout, "estimated cost: at most $%.4f (every reply taken at its stage's max_output_tokens)\n", total.cost)
	if cfg.LLM.Batch {
		fmt.Fprintf(env.stdout, "with --batch: at most $%.4f (batch_discount %g: the Batch API's price), answered within 24 hours\n", total.cost*(1-cfg.BatchDiscount), cfg.BatchDiscount)
	}
	if res.estimated > 0 {
		fmt.Fprintf(env.stdout, "%d of the calls to send are estimates: their prompts include summaries that are not cached yet, counted as max_output_tokens each\n", res.estimated)
	}
	if counter := tokens.New(cfg.LLM.Model); counter.Estimate() {
		fmt.Fprintf(env.stdout, "model %s is unknown to the offline tokenizer: token counts use %s and may be off by tens of percent\n", cfg.LLM.Model, counter.Encoding())
	}
	for model := range noPrice {
		fmt.Fprintf(env.stdout, "no price for model %s in the prices table: its calls count as $0\n", model)
	}
	if cfg.APIKey(env.getenv) == "" && cfg.LLM.APIKeyEnv != "" && isOpenAI(cfg.LLM.BaseURL) {
		fmt.Fprintf(env.stdout, "note: %s is not set; the real run would be refused\n", cfg.LLM.APIKeyEnv)
	}
	for _, f := range res.failures {
		fmt.Fprintf(env.stdout, "would fail: %s\n", f)
	}
	return nil
}
