package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/llm"
	"github.com/summarize/summarize/internal/report"
	"github.com/summarize/summarize/pipeline"
	"github.com/summarize/summarize/prompts"
)

func newRunCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "run PATH...",
		Short: "Summarize stories: a folder of articles is one story, a folder of such folders is many",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, env, args)
		},
	}
	f := cmd.Flags()
	f.String("provider", "", "offline (default, no key or network) or openai (any OpenAI-compatible endpoint)")
	f.String("base-url", "", "OpenAI-compatible endpoint, e.g. http://localhost:11434/v1")
	f.String("model", "", "model name for every stage without an override")
	f.String("prompts", "", "folder whose prompt files override the defaults")
	f.String("out", "", "folder under which run folders are written (default outputs)")
	f.String("run-id", "", "name of the run folder (default a UTC timestamp)")
	f.String("cache-dir", "", "model reply cache folder")
	f.Bool("no-cache", false, "neither read nor write the reply cache")
	f.Int("concurrency", 0, "model calls in flight at once, across all stories")
	f.Bool("fail-fast", false, "stop at the first failure")
	f.Int("keep", 0, "after a complete or partial run, delete the oldest run folders beyond the newest N (0 keeps all)")
	f.String("log-format", "", "auto (text on a terminal, else json), text or json: structured log lines on stderr")
	f.Bool("batch", false, "send the calls through the provider's Batch API (half price, answered within 24 hours); see the README")
	f.Bool("no-wait", false, "with --batch: submit what can be submitted, record it, and exit 0 with status pending instead of waiting")
	f.Bool("dry-run", false, "render every prompt, count tokens and look up the cache; print the calls and cost a run would make, send and write nothing")
	return cmd
}

func loadConfig(cmd *cobra.Command, env *cliEnv, flagKeys map[string]string) (*config.Config, error) {
	file, _ := cmd.Flags().GetString("config")
	cfg, err := config.Load(file, cmd.Flags(), flagKeys, env.getenv)
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	return cfg, nil
}

func newLogger(cfg *config.Config, env *cliEnv) *slog.Logger {
	return newLoggerTo(cfg, env.stderr, isTerminal(env.stderr))
}

// newLoggerTo writes log lines to w; terminal says whether they end up on
// a terminal, which picks the format when log.format is auto.
func newLoggerTo(cfg *config.Config, w io.Writer, terminal bool) *slog.Logger {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: level}
	format := cfg.Log.Format
	if format == "auto" || format == "" {
		format = "json"
		if terminal {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func runRun(cmd *cobra.Command, env *cliEnv, paths []string) (err error) {
	cfg, err := loadConfig(cmd, env, config.RunFlagKeys())
	if err != nil {
		return err
	}
	if err := checkKey(cfg, env.getenv); err != nil {
		return err
	}
	red := newRedactor(cfg.APIKey(env.getenv))
	defer func() { err = red.Err(err) }()
	env = red.env(env)
	inputs, err := ingest.Discover(paths, ingestOptions(cfg))
	if err != nil {
		return usageErr("%v", err)
	}
	if err := addSourceFiles(cfg, paths, inputs); err != nil {
		return err
	}
	set, err := prompts.Load(cfg.PromptsDir)
	if err != nil {
		return usageErr("%v", err)
	}
	if cfg.Provider != "offline" {
		if err := checkPrompts(cmd.Context(), cfg, set, inputs); err != nil {
			return err
		}
	}
	ignored := ignoredByOffline(cmd, cfg)
	if dry, _ := cmd.Flags().GetBool("dry-run"); dry {
		for _, w := range ignored {
			fmt.Fprintln(env.stderr, "summarize: warning:", w)
		}
		res, err := dryRun(cmd.Context(), env, cfg, set, inputs)
		if err != nil {
			return err
		}
		return printDryRun(env, cfg, set, res)
	}
	log := newLogger(cfg, env)
	var observer pipeline.Observer
	var prog *progress
	if isTerminal(env.stderr) {
		prog = newProgress(env.stderr, len(inputs))
		observer = prog
		log = prog.logger(cfg)
	}
	for _, w := range ignored {
		log.Warn(w)
	}
	batched, err := startBatchPhase(cmd, env, cfg, set, inputs, log)
	if err != nil || batched.isPending() {
		if prog != nil {
			prog.finish()
		}
		return err
	}
	res, err := runStories(cmd.Context(), env, cfg, set, inputs, runHooks{log: log, observer: observer, warnings: ignored, redact: red.String,
		pages: writePages(log), client: batched.completer(), outLock: batched.outLock()})
	batched.finish(res)
	if prog != nil {
		prog.finish()
	}
	if err != nil {
		return err
	}
	// The page over all runs is written again now that latest has moved
	// (or not) to this run; pages (below) wrote it before the run's own
	// pages, so that their link to it lands.
	if err := report.WriteRunsIndex(cfg.Out); err != nil {
		log.Warn("could not write the page over all runs", "error", err)
	}
	printSummary(env, res)
	printInterrupted(env.stderr, res, len(inputs))
	if res.ExitCode != 0 {
		err := fmt.Errorf("run %s: %s; see %s", res.Manifest.RunID, res.Manifest.Status, filepath.Join(res.Dir, "manifest.json"))
		switch {
		case errors.Is(res.Err, llm.ErrAuth):
			err = fmt.Errorf("%s; %w", authProblem(cfg, env, res.Err), err)
		case errors.Is(res.Err, llm.ErrEndpoint):
			// The error names the endpoint and the cause (package llm).
			err = fmt.Errorf("the run stopped early: %v; %w", res.Err, err)
		}
		if res.ExitCode == pipeline.ExitInternal {
			err = fmt.Errorf("some outputs could not be written (full disk or I/O error; latest was not moved to this run): %w", err)
		}
		return &exitError{code: res.ExitCode, err: err}
	}
	return nil
}

// authProblem says what to do about a rejected key. err's text has the key
// removed already (package llm guarantees it).
func authProblem(cfg *config.Config, env *cliEnv, err error) string {
	reason := err.Error()
	var se *llm.StatusError
	if errors.As(err, &se) {
		reason = se.Error()
	}
	endpoint := redactURL(cfg.LLM.BaseURL)
	switch {
	case cfg.LLM.APIKeyEnv == "":
		return fmt.Sprintf("%s rejected the request (%s): it needs an API key; name its environment variable in llm.api_key_env", endpoint, reason)
	case cfg.APIKey(env.getenv) == "":
		return fmt.Sprintf("%s rejected the request (%s): it needs an API key; set %s", endpoint, reason, cfg.LLM.APIKeyEnv)
	}
	return fmt.Sprintf("%s rejected the API key in %s (%s): set a valid key, or use --provider offline; the run stopped at once", endpoint, cfg.LLM.APIKeyEnv, reason)
}

func isOpenAI(baseURL string) bool {
	u, err := url.Parse(baseURL)
	return err == nil && strings.HasSuffix(u.Hostname(), "openai.com")
}

// redactURL drops user information from a URL, which may hold a secret.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}

func printSummary(env *cliEnv, res *pipeline.Result) {
	m := res.Manifest
	t := m.Totals
	w := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "run\t%s (%s)\n", m.RunID, m.Status)
	fmt.Fprintf(w, "stories\t%d (%d failed, %d flagged, %d carried over unchanged)\n", t.Stories, t.StoriesFailed, t.StoriesFlagged, t.StoriesReused)
	fmt.Fprintf(w, "articles\t%d\n", t.Articles)
	fmt.Fprintf(w, "requests\t%d\n", t.Calls)
	if len(t.Retries) > 0 {
		fmt.Fprintf(w, "retries\t%s\n", countsByKey(t.Retries, func(n int) string { return fmt.Sprint(n) }))
	}
	if len(t.WaitMS) > 0 {
		fmt.Fprintf(w, "held by limits\t%s\n", countsByKey(t.WaitMS, func(ms int64) string {
			return (time.Duration(ms) * time.Millisecond).Round(100 * time.Millisecond).String()
		}))
	}
	fmt.Fprintf(w, "cache hits\t%d\n", t.CacheHits)
	if t.BatchCalls > 0 {
		fmt.Fprintf(w, "batch calls\t%d (at batch prices)\n", t.BatchCalls)
	}
	fmt.Fprintf(w, "tokens\t%d in, %d out\n", t.PromptTokens, t.CompletionTokens)
	fmt.Fprintf(w, "estimated cost\t$%.4f\n", t.CostUSD)
	fmt.Fprintf(w, "failures\t%d\n", t.Failed)
	printChecks(w, m)
	fmt.Fprintf(w, "wall time\t%s\n", (time.Duration(t.WallMS) * time.Millisecond).String())
	fmt.Fprintf(w, "outputs\t%s\n", res.Dir)
	w.Flush()
}

// countsByKey formats a map as "k1 v1, k2 v2" in key order.
func countsByKey[V any](m map[string]V, format func(V) string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+" "+format(m[k]))
	}
	return strings.Join(parts, ", ")
}

// holdLogger returns the hook that says when the run is held by a
// provider limit: a log line when a call starts waiting a second or more,
// at most one per limit every ten seconds, so that a throttled run says so
// without flooding the log. On a terminal the line shows above the
// progress bars. nil without a logger.
func holdLogger(log *slog.Logger) func(limit string, d time.Duration) {
	if log == nil {
		return nil
	}
	var mu sync.Mutex
	last := map[string]time.Time{}
	return func(limit string, d time.Duration) {
		if d < time.Second {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last[limit]) < 10*time.Second {
			return
		}
		last[limit] = time.Now()
		log.Info("waiting: "+limit+", "+d.Round(time.Second).String(), "limit", limit, "wait_ms", d.Milliseconds())
	}
}

// writePages returns the hook that writes a run's pages: the page over
// all runs in the output folder (so that the run's index can link to it),
// then the run's own index and story pages.
func writePages(log *slog.Logger) func(dir string) error {
	return func(dir string) error {
		if err := report.WriteRunsIndex(filepath.Dir(dir)); err != nil {
			log.Warn("could not write the page over all runs", "error", err)
		}
		return report.WriteRun(dir)
	}
}
