package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/report"
	"github.com/summarize/summarize/prompts"
)

func newBenchCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure the real pipeline over generated stories against an in-process fake endpoint (or the offline engine)",
		Long: `bench generates --stories stories of --articles articles of about --words
words each (deterministic text of its own) in a temporary folder and runs the
real pipeline over them, as "summarize run" does, report pages included.

With --provider openai (the default) the model is an in-process fake
OpenAI-compatible endpoint answering after --latency. The run goes three
times: cold (a fresh, empty reply cache), warm (nothing changed, same output
folder: every story is carried over from the cold run) and cache-only (a new
output folder, so nothing is carried over, but every call is answered from
the cache, as after a change that touches every story's later stages). It
prints the wall time against the ideal time for that latency and
concurrency:

  ideal = (ceil(map calls / concurrency) + ceil(reduce calls / concurrency) + 1) * latency

where map calls are the per-article summary calls and reduce calls the brief
and disputes calls: every call takes one latency, at most concurrency are in
flight, a story's reduce calls cannot start before its summaries end, and
its brief, which reads the disputed points, not before its disputes end
(the + 1: the last story's brief waits one latency for its disputes; 0
when brief.md sets reads: [summaries]). It prints each story's own
critical path too (its slowest summary, its disputes and its brief, as
the manifest's call latencies give them), requests sent, the peak of
requests in flight seen by the endpoint, peak memory (VmHWM of /proc/self/status: the process's peak
resident set, reset before each phase where the kernel allows; the Go
runtime's total mapped memory where /proc is absent) and prompt tokens per
story. Client-side rate limits are off: the bench measures the pipeline, not
the limiter.

With --provider offline it runs the extractive engine once (no cache, no
network) with one worker per CPU, as "summarize run" does.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBench(cmd, env)
		},
	}
	f := cmd.Flags()
	f.String("provider", "openai", "openai (fake endpoint, cold and warm runs) or offline")
	f.Int("stories", 200, "stories to generate")
	f.Int("articles", 5, "articles per story")
	f.Int("words", 700, "words per article, about")
	f.Duration("latency", 200*time.Millisecond, "the fake endpoint's answer time")
	f.Int("concurrency", 16, "model calls in flight at once (openai; the offline engine has one worker per CPU)")
	f.String("dir", "", "keep inputs, outputs and cache in this folder (default: a temporary folder, removed)")
	f.String("cpuprofile", "", "write a CPU profile of the measured runs to this file (go tool pprof)")
	return cmd
}

type benchOptions struct {
	provider                 string
	stories, articles, words int
	latency                  time.Duration
	concurrency              int
	dir                      string
}

func runBench(cmd *cobra.Command, env *cliEnv) error {
	f := cmd.Flags()
	var o benchOptions
	o.provider, _ = f.GetString("provider")
	o.stories, _ = f.GetInt("stories")
	o.articles, _ = f.GetInt("articles")
	o.words, _ = f.GetInt("words")
	o.latency, _ = f.GetDuration("latency")
	o.concurrency, _ = f.GetInt("concurrency")
	o.dir, _ = f.GetString("dir")
	if o.provider != "openai" && o.provider != "offline" {
		return usageErr("bench: --provider is openai or offline, not %q", o.provider)
	}
	if o.stories < 1 || o.articles < 1 || o.words < 1 {
		return usageErr("bench: --stories, --articles and --words must be at least 1")
	}
	if o.concurrency < 1 {
		return usageErr("bench: --concurrency must be at least 1")
	}
	cfg, err := loadConfig(cmd, env, nil)
	if err != nil {
		return err
	}
	if o.dir == "" {
		tmp, err := os.MkdirTemp("", "summarize-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		o.dir = tmp
	}
	in := filepath.Join(o.dir, "in")
	start := time.Now()
	if err := writeBenchStories(in, o.stories, o.articles, o.words); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "bench: wrote %d stories of %d articles in %s\n", o.stories, o.articles, time.Since(start).Round(time.Millisecond))
	if path, _ := f.GetString("cpuprofile"); path != "" {
		pf, err := os.Create(path)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if o.provider == "offline" {
		return benchOffline(cmd.Context(), env, cfg, o, in)
	}
	return benchLLM(cmd.Context(), env, cfg, o, in)
}

// writeBenchStories writes one folder per story holding one Markdown file
// per article, written one at a time so that memory does not grow with the
// number of stories.
func writeBenchStories(root string, stories, articles, words int) error {
	for s := range stories {
		dir := filepath.Join(root, fmt.Sprintf("story-%05d", s+1))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		for a := range articles {
			source, title, body := benchArticle(s, a, words)
			text := fmt.Sprintf("---\nsource: %q\ntitle: %q\n---\n%s\n", source, title, body)
			path := filepath.Join(dir, fmt.Sprintf("article-%02d.md", a+1))
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// benchPhase is what one measured run produced.
type benchPhase struct {
	name     string
	pipeline time.Duration // pipeline.Run alone
	wall     time.Duration // with the report pages, as summarize run
	requests int
	peak     int
	memory   int64 // peak of the whole phase
	// pipelineMemory is the peak during pipeline.Run alone; the report
	// pages come after it.
	pipelineMemory int64
	m              *manifest.Manifest
	dir            string // the run folder
}

func benchLLM(ctx context.Context, env *cliEnv, cfg *config.Config, o benchOptions, in string) error {
	srv := fakeai.New(fakeai.Options{Latency: o.latency, MaxBodies: 1})
	defer srv.Close()
	cfg.Provider = "openai"
	cfg.LLM.BaseURL = srv.URL()
	cfg.LLM.APIKeyEnv = ""
	cfg.LLM.RequestsPerMinute, cfg.LLM.TokensPerMinute = 0, 0
	cfg.Cache.Enabled, cfg.Cache.Dir = true, filepath.Join(o.dir, "cache")
	cfg.Out = filepath.Join(o.dir, "out")
	cfg.Concurrency = o.concurrency
	cfg.Keep = 0

	inputs, err := ingest.Discover([]string{in}, ingest.Options{MaxFileBytes: cfg.Input.MaxFileBytes})
	if err != nil {
		return err
	}
	set, err := prompts.Load(cfg.PromptsDir)
	if err != nil {
		return usageErr("%v", err)
	}
	var phases []benchPhase
	for _, name := range []string{"cold", "warm", "cached"} {
		if name == "cached" {
			// A new output folder has no run to carry stories over from.
			cfg.Out = filepath.Join(o.dir, "out-cached")
		}
		before := srv.Requests()
		resetPeakMemory()
		p, err := benchRun(ctx, env, cfg, set, inputs)
		if err != nil {
			return err
		}
		p.name = name
		p.requests = srv.Requests() - before
		p.peak = srv.PeakInFlight()
		p.memory = peakMemory()
		phases = append(phases, p)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	cold, warm, cached := phases[0], phases[1], phases[2]
	var mapCalls, reduceCalls int
	for _, c := range cold.m.Calls {
		if c.Stage == prompts.SourceSummary {
			mapCalls++
		} else {
			reduceCalls++
		}
	}
	// The last story's brief waits one wave for its disputes, unless
	// brief.md does not read them.
	brief, _ := set.Stage(prompts.Brief)
	waits := brief.ReadsStage(prompts.Disputes)
	tail := 0
	if waits {
		tail = 1
	}
	waves := ceilDiv(mapCalls, o.concurrency) + ceilDiv(reduceCalls, o.concurrency) + tail
	ideal := time.Duration(waves) * o.latency
	stories := max(cold.m.Totals.Stories, 1)
	articleTokens := benchArticleTokens(cold.m, cold.dir)

	w := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "stories\t%d × %d articles × ~%d words\n", cold.m.Totals.Stories, o.articles, o.words)
	fmt.Fprintf(w, "latency, concurrency\t%s, %d\n", o.latency, o.concurrency)
	fmt.Fprintf(w, "calls\t%d map + %d reduce\n", mapCalls, reduceCalls)
	fmt.Fprintf(w, "ideal time\t%s\t(%d + %d + %d waves × %s)\n", ideal, ceilDiv(mapCalls, o.concurrency), ceilDiv(reduceCalls, o.concurrency), tail, o.latency)
	path := storyPaths(cold.m, waits)
	how := "slowest summary, then disputes, then the brief, which reads the disputed points"
	if !waits {
		how = "slowest summary, then disputes and brief side by side (brief.md does not read disputes)"
	}
	fmt.Fprintf(w, "story critical path\t%s median, %s max\t(%s)\n", path.median, path.max, how)
	fmt.Fprintf(w, "cold wall time\t%s\t(pipeline %s + report pages %s)\n", cold.wall.Round(time.Millisecond), cold.pipeline.Round(time.Millisecond), (cold.wall - cold.pipeline).Round(time.Millisecond))
	fmt.Fprintf(w, "cold / ideal\t%.3f\t(pipeline alone %.3f)\n", cold.wall.Seconds()/ideal.Seconds(), cold.pipeline.Seconds()/ideal.Seconds())
	fmt.Fprintf(w, "cold requests\t%d\n", cold.requests)
	fmt.Fprintf(w, "peak in flight\t%d\n", cold.peak)
	fmt.Fprintf(w, "cold peak memory\t%s\t(VmHWM; %s before the report pages)\n", mib(cold.memory), mib(cold.pipelineMemory))
	fmt.Fprintf(w, "prompt tokens per story\t%d\t(endpoint's count; article text %d tokens by the same rule: %.2f×)\n",
		cold.m.Totals.PromptTokens/stories, articleTokens/stories, float64(cold.m.Totals.PromptTokens)/float64(max(articleTokens, 1)))
	fmt.Fprintf(w, "warm wall time\t%s\t(pipeline %s; %.2f%% of cold)\n", warm.wall.Round(time.Millisecond), warm.pipeline.Round(time.Millisecond), 100*warm.wall.Seconds()/cold.wall.Seconds())
	fmt.Fprintf(w, "warm requests\t%d\t(%d stories carried over unchanged, %d cache hits)\n", warm.requests, warm.m.Totals.StoriesReused, warm.m.Totals.CacheHits)
	fmt.Fprintf(w, "warm peak memory\t%s\t(VmHWM; %s before the report pages)\n", mib(warm.memory), mib(warm.pipelineMemory))
	fmt.Fprintf(w, "cache-only wall time\t%s\t(pipeline %s; %.2f%% of cold)\n", cached.wall.Round(time.Millisecond), cached.pipeline.Round(time.Millisecond), 100*cached.wall.Seconds()/cold.wall.Seconds())
	fmt.Fprintf(w, "cache-only requests\t%d\t(%d cache hits)\n", cached.requests, cached.m.Totals.CacheHits)
	fmt.Fprintf(w, "failures\t%d cold, %d warm, %d cache-only\n", cold.m.Totals.Failed, warm.m.Totals.Failed, cached.m.Totals.Failed)
	return w.Flush()
}

// benchRun runs the pipeline and the report pages once, as summarize run
// does.
func benchRun(ctx context.Context, env *cliEnv, cfg *config.Config, set *prompts.Set, inputs []ingest.Input) (benchPhase, error) {
	log := slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	start := time.Now()
	res, err := runStories(ctx, env, cfg, set, inputs, runHooks{log: log})
	if err != nil {
		return benchPhase{}, err
	}
	p := benchPhase{pipeline: time.Since(start), m: res.Manifest, dir: res.Dir, pipelineMemory: peakMemory()}
	if err := report.WriteRun(res.Dir); err != nil {
		log.Error("report", "error", err)
	}
	p.wall = time.Since(start)
	return p, nil
}

func benchOffline(ctx context.Context, env *cliEnv, cfg *config.Config, o benchOptions, in string) error {
	cfg.Provider = "offline"
	cfg.Out = filepath.Join(o.dir, "out")
	cfg.Keep = 0
	inputs, err := ingest.Discover([]string{in}, ingest.Options{MaxFileBytes: cfg.Input.MaxFileBytes})
	if err != nil {
		return err
	}
	resetPeakMemory()
	p, err := benchRun(ctx, env, cfg, nil, inputs)
	if err != nil {
		return err
	}
	p.memory = peakMemory()
	w := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "stories\t%d × %d articles × ~%d words\n", p.m.Totals.Stories, o.articles, o.words)
	fmt.Fprintf(w, "engine, workers\toffline, %d (one per CPU)\n", runtime.GOMAXPROCS(0))
	fmt.Fprintf(w, "wall time\t%s\t(pipeline %s + report pages %s)\n", p.wall.Round(time.Millisecond), p.pipeline.Round(time.Millisecond), (p.wall - p.pipeline).Round(time.Millisecond))
	fmt.Fprintf(w, "stories per second\t%.1f\n", float64(p.m.Totals.Stories)/p.wall.Seconds())
	fmt.Fprintf(w, "peak memory\t%s\t(VmHWM; %s before the report pages)\n", mib(p.memory), mib(p.pipelineMemory))
	fmt.Fprintf(w, "failures\t%d\n", p.m.Totals.Failed)
	return w.Flush()
}

// benchArticleTokens sums, over the run's stories, the article text sent
// to the model, counted by the fake endpoint's rule (4 bytes a token) so
// that it compares with the prompt tokens it reports.
func benchArticleTokens(m *manifest.Manifest, runDir string) int {
	total := 0
	for _, s := range m.Stories {
		data, err := os.ReadFile(filepath.Join(runDir, s.Dir, "story.json"))
		if err != nil {
			continue
		}
		// Count the "text" fields' bytes without keeping the stories.
		for _, line := range bytes.Split(data, []byte("\n")) {
			line = bytes.TrimSpace(line)
			if text, ok := bytes.CutPrefix(line, []byte(`"text": `)); ok {
				if s, err := strconv.Unquote(string(bytes.TrimSuffix(text, []byte(",")))); err == nil {
					total += (len(s) + 3) / 4
				}
			}
		}
	}
	return total
}

// criticalPath sums a story's chained calls.
type criticalPath struct{ median, max time.Duration }

// storyPaths measures each story's critical path from the manifest's
// call latencies: its slowest summary, then its disputes and its brief,
// one after the other when the brief waits for the disputed points (the
// default) and side by side otherwise.
func storyPaths(m *manifest.Manifest, briefWaits bool) criticalPath {
	type chain struct{ summary, disputes, brief int64 }
	chains := map[string]*chain{}
	for _, c := range m.Calls {
		ch := chains[c.Story]
		if ch == nil {
			ch = &chain{}
			chains[c.Story] = ch
		}
		switch c.Stage {
		case prompts.SourceSummary:
			ch.summary = max(ch.summary, c.LatencyMS)
		case prompts.Disputes:
			ch.disputes += c.LatencyMS
		case prompts.Brief:
			ch.brief += c.LatencyMS
		}
	}
	var paths []time.Duration
	for _, ch := range chains {
		reduce := ch.disputes + ch.brief
		if !briefWaits {
			reduce = max(ch.disputes, ch.brief)
		}
		paths = append(paths, time.Duration(ch.summary+reduce)*time.Millisecond)
	}
	if len(paths) == 0 {
		return criticalPath{}
	}
	slices.Sort(paths)
	return criticalPath{median: paths[len(paths)/2], max: paths[len(paths)-1]}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func mib(n int64) string {
	if n <= 0 {
		return "unknown"
	}
	return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
}

// resetPeakMemory resets the kernel's peak resident set of this process
// (Linux: writing 5 to /proc/self/clear_refs), so that the next
// peakMemory reports the peak of one phase. Elsewhere it does nothing.
func resetPeakMemory() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakMemory returns the process's peak resident set (VmHWM) in bytes, or
// where /proc is absent the memory the Go runtime has obtained from the
// system, which bounds the heap's peak.
func peakMemory() int64 {
	if f, err := os.Open("/proc/self/status"); err == nil {
		defer f.Close()
		if n, ok := vmHWM(f); ok {
			return n
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.Sys)
}

func vmHWM(r io.Reader) (int64, bool) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, false
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil || kb < 0 || kb > math.MaxInt64/1024 {
			return 0, false
		}
		return kb * 1024, true
	}
	return 0, false
}
