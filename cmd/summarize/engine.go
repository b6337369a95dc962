package main

// The one wiring path from a configuration to a pipeline run: run, bench,
// the dry run and compare all build their engine with buildEngine and
// their pipeline options with engine.options, so that what one of them
// measures or estimates is what the others do.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"runtime"
	"slices"
	"sync/atomic"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/cache"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/llm"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/offline"
	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/internal/tokens"
	"github.com/summarize/summarize/pipeline"
	"github.com/summarize/summarize/prompts"
)

// engine is an engine wired from a configuration, with what a run needs
// around it.
type engine struct {
	pipeline.Engine
	// llm is the model engine; nil for the offline engine.
	llm *pipeline.LLMEngine
	// desc is the manifest's description of the engine.
	desc manifest.Manifest
	// workers sizes the run's pool: model calls in flight (concurrency)
	// for a model, one per CPU for the offline engine, whose work is CPU
	// bound and makes no call that concurrency would bound.
	workers int
	// touch keeps reply-cache entries in use (pipeline.Options.Touch);
	// nil without a cache.
	touch func(keys []string)
	// close records the cache's hit counts; call it once the run is over.
	close func()
	// dry counts what a dry-mode engine would have sent.
	dry    *dryCompleter
	stages []prompts.Stage
	rec    *manifest.Recorder
}

// wireMode says whether an engine may send requests and write the cache.
type wireMode int

const (
	live wireMode = iota
	// dry answers every request locally (dryCompleter) and only reads
	// the cache: the dry run's engine.
	dry
	// collect sends requests but only reads the cache: the engine of the
	// batch phase's collecting passes (batch.go), whose replies are cached
	// by the run proper.
	collect
)

// buildEngine makes the engine the configuration asks for. set may be nil
// for the offline engine.
func buildEngine(cfg *config.Config, set *prompts.Set, rec *manifest.Recorder, env *cliEnv, mode wireMode) (*engine, error) {
	e := &engine{desc: describeEngine(cfg, set), close: func() {}, stages: prompts.Builtins, rec: rec}
	if set != nil {
		e.stages = set.Stages()
	}
	if cfg.Provider == "offline" {
		e.Engine, e.workers = pipeline.OfflineEngine{Engine: offline.New(cfg.Offline)}, runtime.GOMAXPROCS(0)
		return e, nil
	}
	counter := tokens.New(cfg.LLM.Model)
	eng := &pipeline.LLMEngine{
		Prompts:  set,
		Tokens:   counter,
		Stages:   make(map[string]pipeline.StageSettings),
		Endpoint: e.desc.BaseURL,
		Recorder: rec,
		Prices: func(model string) (pipeline.Price, bool) {
			p, ok := cfg.Price(model)
			return pipeline.Price{InputPerMillion: p.InputPerMillion, OutputPerMillion: p.OutputPerMillion, BatchDiscount: cfg.BatchDiscount}, ok
		},
	}
	e.Engine, e.llm, e.workers = eng, eng, max(cfg.Concurrency, 1)
	for _, st := range e.stages {
		p, err := set.Get(st.Name)
		if err != nil {
			return nil, err
		}
		eng.Stages[st.Name] = stageSettings(cfg, st.Name, p.Meta)
	}
	if mode == dry {
		e.dry = &dryCompleter{tokens: counter}
		eng.Client = e.dry
	} else {
		client, err := newClient(cfg, env, counter, rec)
		if err != nil {
			return nil, err
		}
		eng.Client = client
	}
	if !cfg.Cache.Enabled {
		return e, nil
	}
	dir, err := cfg.CacheDir()
	if err != nil {
		return nil, usageErr("cache: %v", err)
	}
	if mode == dry {
		// Opening a cache creates its folder; a folder that does not
		// exist holds no reply, so the dry run then goes without.
		if _, err := os.Stat(dir); err != nil {
			return e, nil
		}
	}
	c, err := cache.Open(dir)
	if err != nil {
		return nil, usageErr("cache: %v", err)
	}
	if mode == dry || mode == collect {
		eng.Cache = readOnlyCache{c: c}
		return e, nil
	}
	cc := &countingCache{Cache: c}
	eng.Cache, e.close = cc, cc.record
	if w := cc.checkWritable(); w != "" {
		e.desc.Warnings = append(e.desc.Warnings, w)
	}
	e.touch = func(keys []string) {
		// Best effort, as reading is: a failure only makes an entry look
		// older to "cache prune".
		for _, s := range keys {
			if k, err := cache.ParseKey(s); err == nil {
				_ = c.Touch(k)
			}
		}
	}
	return e, nil
}

// newClient makes the model client; a missing key for OpenAI's own
// endpoint is a usage error.
func newClient(cfg *config.Config, env *cliEnv, counter *tokens.Counter, rec *manifest.Recorder) (*llm.Client, error) {
	key := cfg.APIKey(env.getenv)
	if key == "" && isOpenAI(cfg.LLM.BaseURL) {
		return nil, usageErr("no API key: set %s to use %s, or set --base-url (or OPENAI_BASE_URL) to a local server such as http://localhost:11434/v1, or use --provider offline", cfg.LLM.APIKeyEnv, cfg.LLM.BaseURL)
	}
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
		NoStream:          !cfg.LLM.Stream,
		FirstByteTimeout:  cfg.LLM.FirstByteTimeout,
		ChunkTimeout:      cfg.LLM.ChunkTimeout,
		// Counting a prompt's tokens costs about a millisecond of CPU;
		// the client calls it only once a tokens-per-minute limit is known.
		CountTokens: counter.Count,
		OnRetry:     rec.AddRetry,
		OnWait:      rec.AddWait,
		OnHold:      rec.Held,
	}
	client, err := llm.New(llmCfg)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return client, nil
}

// options returns the pipeline options of a run of e under cfg. The error
// says why stories cannot be carried over (Identity is then ""); the
// options are usable either way.
func (e *engine) options(cfg *config.Config) (pipeline.Options, error) {
	desc := e.desc
	desc.Config, desc.ConfigDigest = cfg.Map(), cfg.Digest()
	var files map[string][]byte
	if e.llm != nil {
		desc.Config["stages"] = effectiveStages(cfg, e.llm.Prompts)
		files = promptFiles(e.llm.Prompts)
	}
	identity, err := storyIdentity(cfg, desc)
	return pipeline.Options{
		OutDir:      cfg.Out,
		RunID:       cfg.RunID,
		Concurrency: e.workers,
		FailFast:    cfg.FailFast,
		Ingest:      ingestOptions(cfg),
		Manifest:    desc,
		Recorder:    e.rec,
		Keep:        cfg.Keep,
		Identity:    identity,
		Touch:       e.touch,
		Stages:      e.stages,
		Gates:       cfg.Checks.Gates,
		Files:       files,
	}, err
}

// runHooks are what a command adds to a run of runStories; every field
// may be zero.
type runHooks struct {
	log      *slog.Logger
	observer pipeline.Observer
	// warnings go to the manifest (the caller has logged them).
	warnings []string
	// redact, when set, removes secrets from what the manifest records.
	redact func(string) string
	// arrange, when set, is pipeline.Options.Arrange.
	arrange func(st *story.Story)
	// pages, when set, writes the report pages as part of the run
	// (pipeline.Options.Pages): under its lock, before latest moves.
	pages func(dir string) error
	// client, when set, answers the model requests instead of the
	// endpoint's client (the batch phase's replies, batch.go); outLock is
	// then the output folder's lock, which the caller holds.
	client  pipeline.Completer
	outLock *pipeline.OutLock
}

// runStories runs inputs through the engine cfg and set ask for, as
// "summarize run" does before its report pages. The error is a usage
// error (the engine cannot be built, the run folder cannot be made);
// everything else is in the Result.
func runStories(ctx context.Context, env *cliEnv, cfg *config.Config, set *prompts.Set, inputs []ingest.Input, h runHooks) (*pipeline.Result, error) {
	eng, err := buildEngine(cfg, set, &manifest.Recorder{Redact: h.redact, OnHold: holdLogger(h.log)}, env, live)
	if err != nil {
		return nil, err
	}
	defer eng.close()
	opts, err := eng.options(cfg)
	log := h.log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for _, w := range eng.desc.Warnings {
		log.Warn("reply cache is read-only", "warning", w)
	}
	if err != nil {
		log.Warn("stories will not be carried over", "error", err)
	}
	opts.Manifest.Warnings = append(opts.Manifest.Warnings, h.warnings...)
	opts.Logger, opts.Observer, opts.Pages, opts.OutLock, opts.Arrange = log, h.observer, h.pages, h.outLock, h.arrange
	if h.client != nil && eng.llm != nil {
		eng.llm.Client = h.client
	}
	res, err := pipeline.Run(ctx, eng.Engine, inputs, opts)
	if errors.Is(err, pipeline.ErrWrite) {
		return nil, &exitError{code: pipeline.ExitInternal, err: err}
	}
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return res, nil
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
	if _, builtin := prompts.Builtin(stage); !builtin {
		// A stage defined by a prompt file has no configuration keys:
		// its front matter decides, and a json stage's reply may be sent
		// back twice, as the disputes' is by default.
		s.ValidationRetries = 0
		if meta.Output == "json" {
			s.ValidationRetries = 2
		}
		if meta.ValidationRetries != nil {
			s.ValidationRetries = *meta.ValidationRetries
		}
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

// checkWritable finds a reply cache that cannot store replies before the
// first request, makes it read-only and returns a warning saying so (""
// when it is writable). Such a run goes on rather than stopping: its
// cached replies still count, every new reply is still used, and nothing
// is lost but the chance to reuse them; an unattended batch should not
// fail over its cache (a shared cache mounted read-only is a legitimate
// set-up).
func (c *countingCache) checkWritable() string {
	if err := c.Cache.Writable(); err != nil {
		c.readOnly = true
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
