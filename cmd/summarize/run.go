package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/cache"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/llm"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/offline"
	"github.com/summarize/summarize/internal/report"
	"github.com/summarize/summarize/internal/tokens"
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

func runRun(cmd *cobra.Command, env *cliEnv, paths []string) error {
	cfg, err := loadConfig(cmd, env, config.RunFlagKeys())
	if err != nil {
		return err
	}
	inputs, err := ingest.Discover(paths, ingest.Options{MaxFileBytes: cfg.Input.MaxFileBytes})
	if err != nil {
		return usageErr("%v", err)
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
		return printDryRun(env, cfg, res)
	}
	log := newLogger(cfg, env)
	var observer pipeline.Observer
	var prog *progress
	if isTerminal(env.stderr) {
		prog = newProgress(env.stderr, len(inputs))
		observer = prog
		log = newLoggerTo(cfg, prog.logWriter(), true)
	}
	for _, w := range ignored {
		log.Warn(w)
	}
	rec := &manifest.Recorder{}
	eng, desc, closeEngine, err := buildEngine(cfg, set, rec, env)
	if err != nil {
		return err
	}
	defer closeEngine()
	desc.Warnings = append(desc.Warnings, ignored...)
	if w := checkCacheWritable(eng); w != "" {
		log.Warn("reply cache is read-only", "warning", w)
		desc.Warnings = append(desc.Warnings, w)
	}
	desc.Config = cfg.Map()
	desc.ConfigDigest = cfg.Digest()
	concurrency := cfg.Concurrency
	if cfg.Provider == "offline" {
		concurrency = max(concurrency, runtime.GOMAXPROCS(0))
	}
	identity, err := storyIdentity(cfg, desc)
	if err != nil {
		log.Warn("stories will not be carried over", "error", err)
	}
	res, err := pipeline.Run(cmd.Context(), eng, inputs, pipeline.Options{
		OutDir:      cfg.Out,
		RunID:       cfg.RunID,
		Concurrency: concurrency,
		FailFast:    cfg.FailFast,
		Ingest:      ingest.Options{MaxFileBytes: cfg.Input.MaxFileBytes},
		Manifest:    desc,
		Recorder:    rec,
		Logger:      log,
		Keep:        cfg.Keep,
		Observer:    observer,
		Identity:    identity,
		Touch:       cacheToucher(eng),
	})
	if prog != nil {
		prog.finish()
	}
	if err != nil {
		return usageErr("%v", err)
	}
	if err := report.WriteRun(res.Dir); err != nil {
		log.Error("report", "error", err)
	}
	printSummary(env, res)
	if res.ExitCode != 0 {
		err := fmt.Errorf("run %s: %s; see %s", res.Manifest.RunID, res.Manifest.Status, filepath.Join(res.Dir, "manifest.json"))
		if errors.Is(res.Err, llm.ErrAuth) {
			err = fmt.Errorf("%s; %w", authProblem(cfg, env, res.Err), err)
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

// buildEngine makes the engine the configuration asks for and the
// manifest's description of it.
func buildEngine(cfg *config.Config, set *prompts.Set, rec *manifest.Recorder, env *cliEnv) (pipeline.Engine, manifest.Manifest, func(), error) {
	desc := describeEngine(cfg, set)
	noop := func() {}
	if cfg.Provider == "offline" {
		o := cfg.Offline
		opts := offline.Options{
			SummarySentences: o.SummarySentences,
			BriefMinWords:    o.BriefMinWords,
			BriefMaxWords:    o.BriefMaxWords,
			AlignThreshold:   o.AlignThreshold,
			SameThreshold:    o.SameThreshold,
			Redundancy:       o.Redundancy,
			UniqueThreshold:  o.UniqueThreshold,
			MaxPoints:        o.MaxPoints,
			MaxOmissions:     o.MaxOmissions,
		}
		return pipeline.OfflineEngine{Engine: offline.New(opts)}, desc, noop, nil
	}
	key := cfg.APIKey(env.getenv)
	if key == "" && isOpenAI(cfg.LLM.BaseURL) {
		return nil, desc, noop, usageErr("no API key: set %s to use %s, or set --base-url (or OPENAI_BASE_URL) to a local server such as http://localhost:11434/v1, or use --provider offline", cfg.LLM.APIKeyEnv, cfg.LLM.BaseURL)
	}
	endpoint := desc.BaseURL
	counter := tokens.New(cfg.LLM.Model)
	llmCfg := llm.Config{
		BaseURL:           cfg.LLM.BaseURL,
		APIKey:            key,
		APIType:           cfg.LLM.APIType,
		APIVersion:        cfg.LLM.APIVersion,
		Timeout:           cfg.LLM.Timeout,
		MaxAttempts:       cfg.LLM.MaxAttempts,
		BackoffInitial:    cfg.LLM.BackoffInitial,
		BackoffMax:        cfg.LLM.BackoffMax,
		MaxRetryAfter:     cfg.LLM.MaxRetryAfter,
		RequestsPerMinute: cfg.LLM.RequestsPerMinute,
		TokensPerMinute:   cfg.LLM.TokensPerMinute,
		MaxConcurrent:     cfg.Concurrency,
	}
	// Counting a prompt's tokens costs about a millisecond of CPU; it is
	// only needed to pace a tokens-per-minute limit.
	if cfg.LLM.TokensPerMinute > 0 {
		llmCfg.CountTokens = counter.Count
	}
	client, err := llm.New(llmCfg)
	if err != nil {
		return nil, desc, noop, usageErr("%v", err)
	}
	eng := &pipeline.LLMEngine{
		Client:   client,
		Prompts:  set,
		Tokens:   counter,
		Stages:   make(map[string]pipeline.StageSettings),
		Endpoint: endpoint,
		Recorder: rec,
		Prices: func(model string) (pipeline.Price, bool) {
			p, ok := cfg.Price(model)
			return pipeline.Price{InputPerMillion: p.InputPerMillion, OutputPerMillion: p.OutputPerMillion}, ok
		},
	}
	for _, stage := range prompts.Stages {
		p, err := set.Get(stage)
		if err != nil {
			return nil, desc, noop, err
		}
		eng.Stages[stage] = stageSettings(cfg, stage, p.Meta)
	}
	done := noop
	if cfg.Cache.Enabled {
		dir, err := cfg.CacheDir()
		if err != nil {
			return nil, desc, noop, usageErr("cache: %v", err)
		}
		c, err := cache.Open(dir)
		if err != nil {
			return nil, desc, noop, usageErr("cache: %v", err)
		}
		eng.Cache = &countingCache{Cache: c}
		done = func() { eng.Cache.(*countingCache).record() }
	}
	return eng, desc, done, nil
}

// describeEngine is the manifest's description of the engine cfg asks
// for: provider, and for a model its name, endpoint (credentials removed)
// and prompt digests.
func describeEngine(cfg *config.Config, set *prompts.Set) manifest.Manifest {
	desc := manifest.Manifest{Provider: cfg.Provider}
	if cfg.Provider != "offline" {
		desc.Model, desc.BaseURL, desc.PromptDigests = cfg.LLM.Model, redactURL(cfg.LLM.BaseURL), set.Digests()
	}
	return desc
}

// storyIdentity names everything besides its input files that a story's
// outputs depend on: this program's build (its executable's SHA-256, so
// any rebuild with a change counts), the engine, the settings that shape
// outputs and the prompts. It is "" when the cache is off: --no-cache asks
// for everything to be computed again.
func storyIdentity(cfg *config.Config, desc manifest.Manifest) (string, error) {
	if !cfg.Cache.Enabled {
		return "", nil
	}
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("find this program: %w", err)
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", fmt.Errorf("read this program: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read this program: %w", err)
	}
	fmt.Fprintf(h, "\n%q %q %q %q\n", desc.Provider, desc.Model, desc.BaseURL, cfg.OutputsDigest())
	for _, name := range slices.Sorted(maps.Keys(desc.PromptDigests)) {
		fmt.Fprintf(h, "%q %q\n", name, desc.PromptDigests[name])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// cacheToucher returns the pipeline's Options.Touch for eng's reply cache,
// nil when it has none. Touching is best effort, as reading is: a failure
// only makes an entry look older to "cache prune".
func cacheToucher(eng pipeline.Engine) func(keys []string) {
	le, ok := eng.(*pipeline.LLMEngine)
	if !ok {
		return nil
	}
	cc, ok := le.Cache.(*countingCache)
	if !ok {
		return nil
	}
	return func(keys []string) {
		for _, s := range keys {
			if k, err := cache.ParseKey(s); err == nil {
				_ = cc.Cache.Touch(k)
			}
		}
	}
}

// stageSettings resolves a stage's model settings: the configuration's
// stage override, else the prompt's front matter, else the llm defaults.
func stageSettings(cfg *config.Config, stage string, meta prompts.Meta) pipeline.StageSettings {
	sc := cfg.Stages.Get(stage)
	s := pipeline.StageSettings{
		Model:             firstNonEmpty(sc.Model, meta.Model, cfg.LLM.Model),
		Temperature:       firstSet(sc.Temperature, meta.Temperature, cfg.LLM.Temperature),
		TopP:              firstSet(sc.TopP, meta.TopP, cfg.LLM.TopP),
		Seed:              cfg.LLM.Seed,
		MaxOutputTokens:   firstPositive(sc.MaxOutputTokens, meta.MaxOutputTokens, cfg.LLM.MaxOutputTokens),
		MaxInputTokens:    firstPositive(sc.MaxInputTokens, meta.MaxInputTokens),
		ValidationRetries: sc.ValidationRetries,
		JSONSchema:        cfg.LLM.ResponseFormat == "json_schema",
	}
	if sc.Seed != nil {
		s.Seed = sc.Seed
	}
	return s
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func firstSet[T any](vals ...*T) *T {
	for _, v := range vals {
		if v != nil {
			return v
		}
	}
	return nil
}

func firstPositive(vals ...int) int {
	for _, v := range vals {
		if v > 0 {
			return v
		}
	}
	return 0
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

// countingCache counts hits and misses so that cache stats can show a hit
// rate across runs. A readOnly one answers from the folder but stores
// nothing.
type countingCache struct {
	*cache.Cache
	hits, misses atomic.Int64
	readOnly     bool // set before the run starts, read-only after
}

func (c *countingCache) Put(k cache.Key, data []byte) error {
	if c.readOnly {
		return nil
	}
	return c.Cache.Put(k, data)
}

// checkCacheWritable finds a reply cache that cannot store replies before
// the first request, makes it read-only and returns a warning saying so
// ("" when it is writable or there is none). Such a run goes on rather
// than stopping: its cached replies still count, every new reply is still
// used, and nothing is lost but the chance to reuse them; an unattended
// batch should not fail over its cache (a shared cache mounted read-only is
// a legitimate set-up).
func checkCacheWritable(eng pipeline.Engine) string {
	le, ok := eng.(*pipeline.LLMEngine)
	if !ok {
		return ""
	}
	cc, ok := le.Cache.(*countingCache)
	if !ok {
		return ""
	}
	if err := cc.Cache.Writable(); err != nil {
		cc.readOnly = true
		return fmt.Sprintf("%v: replies already cached are used, new replies are used but not stored, so a re-run sends them again", err)
	}
	return ""
}

func (c *countingCache) Get(k cache.Key) ([]byte, bool) {
	data, ok := c.Cache.Get(k)
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return data, ok
}

func (c *countingCache) record() {
	_ = c.Cache.RecordUse(int(c.hits.Load()), int(c.misses.Load()))
}

func printSummary(env *cliEnv, res *pipeline.Result) {
	m := res.Manifest
	t := m.Totals
	w := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "run\t%s (%s)\n", m.RunID, m.Status)
	fmt.Fprintf(w, "stories\t%d (%d failed, %d carried over unchanged)\n", t.Stories, t.StoriesFailed, t.StoriesReused)
	fmt.Fprintf(w, "articles\t%d\n", t.Articles)
	fmt.Fprintf(w, "requests\t%d\n", t.Calls)
	fmt.Fprintf(w, "cache hits\t%d\n", t.CacheHits)
	fmt.Fprintf(w, "tokens\t%d in, %d out\n", t.PromptTokens, t.CompletionTokens)
	fmt.Fprintf(w, "estimated cost\t$%.4f\n", t.CostUSD)
	fmt.Fprintf(w, "failures\t%d\n", t.Failed)
	fmt.Fprintf(w, "wall time\t%s\n", (time.Duration(t.WallMS) * time.Millisecond).String())
	fmt.Fprintf(w, "outputs\t%s\n", res.Dir)
	w.Flush()
}
