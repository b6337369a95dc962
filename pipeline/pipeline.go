// Package pipeline runs summarize's stages over a batch of stories and
// writes a run folder.
//
// The stages are data (prompts.Stage): the three built-in ones and any a
// prompts folder defines. Each story runs them as a graph (graph.go): a
// stage starts as soon as what it reads is there, so the last summary of a
// story to finish starts its disputes, the disputes its brief, and a
// stage defined by a prompt file starts when its reads are done. One
// bounded pool of workers (an errgroup with SetLimit) serves the whole
// run, each article-scope call one task, so a run over many stories keeps
// the pool full without waiting for all summaries. Stories are loaded one
// at a time as the pool has room, and dropped once written, so memory
// stays flat however many stories a run has.
//
// Failures are per item: a broken article or a failed model call is
// recorded in the manifest and the rest of the run goes on. Only a
// rejected API key (every further call would fail too), fail-fast mode or
// the caller's context stop the run early; what finished is written.
//
// Every output file is written atomically. A run folder is created
// exclusively: two runs can never write the same folder. A run holds the
// output folder's lock (LockOut) from start to end, so a second run on the
// same output folder, in this process or another, is refused with
// ErrLocked rather than racing on latest or on retention (Options.Keep).
package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/summarize/summarize/internal/grounding"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/prompts"
)

// Engine does the model work of the three built-in stages (see
// prompts.Builtins). Implementations must be safe for concurrent use.
type Engine interface {
	// Summarize returns the summary of one article.
	Summarize(ctx context.Context, st *story.Story, a *story.Article) (string, error)
	// Disputes returns the points on which the sources disagree, from
	// in.Summaries (at least two). The pipeline checks every quote and
	// source afterwards.
	Disputes(ctx context.Context, st *story.Story, in Inputs) ([]story.Point, error)
	// Brief returns the merged brief of a story in Markdown, with
	// bracketed citations of source names, from in.Summaries (at least
	// one), in.Missing and in.Disputes.
	Brief(ctx context.Context, st *story.Story, in Inputs) (string, error)
}

// safely makes an engine call, turning a panic inside it into the call's
// error, so that a bug an unusual article trips fails that story alone
// instead of the whole batch.
func safely[T any](call func() (T, error)) (v T, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("engine panicked: %v", p)
		}
	}()
	return call()
}

// Summary is one article's summary.
type Summary struct {
	Article *story.Article
	Text    string
}

// Inputs is what a story-scope stage reads: the outputs of the stages
// before it.
type Inputs struct {
	// Summaries holds the articles that have a summary, in story order;
	// Missing names the sources of those that have none.
	Summaries []Summary
	Missing   []string
	// Disputes holds the checked disputed points (quote_verified and
	// unknown_source set), for the brief; nil when the disputes stage
	// found none, did not run or failed.
	Disputes []story.Point
	// Outputs holds the outputs of the stages the stage reads, by the
	// name it reads them by (summaries, disputes, brief or a
	// user-defined stage's name); a stage that produced nothing for the
	// story is absent.
	Outputs map[string]StageOutput
	// Warn records a warning about the story in the manifest (an
	// article an engine set aside, say); nil means none is recorded.
	Warn func(string)
}

// Observer is told of progress; its methods are called from many
// goroutines and must be safe for concurrent use.
type Observer interface {
	StoryStarted(st *story.Story)
	ArticleDone(st *story.Story, a *story.Article, err error)
	StoryDone(st *story.Story, rec manifest.Story)
}

// Options configures a run.
type Options struct {
	// OutDir is the folder under which the run folder is created.
	OutDir string
	// RunID names the run folder; "" means a UTC timestamp.
	RunID       string
	Concurrency int
	FailFast    bool
	Ingest      ingest.Options
	// Manifest carries the run's description (provider, model, config
	// and prompt digests); Run fills in the rest.
	Manifest manifest.Manifest
	Recorder *manifest.Recorder
	Logger   *slog.Logger
	Observer Observer
	// Keep, when positive, deletes the oldest run folders beyond the
	// newest Keep after a complete or partial run (see PruneRuns).
	Keep int
	// Identity names everything besides a story's input files that its
	// outputs depend on: the program build, the engine and its settings,
	// the prompts. When it is set, a story whose input files and Identity
	// are those of a done story of the output folder's latest run, and
	// whose files there are intact, is carried over: its files are
	// hard-linked into the new run folder (copied where links are not
	// supported), nothing is asked of the engine, and its manifest record
	// says where it came from. "" turns carrying over off, and records no
	// keys for the next run to match.
	Identity string
	// Arrange, when set, is called on each story once it is loaded and
	// before anything is computed from it ("summarize eval --order"
	// reverses its articles to show what their order changes).
	Arrange func(st *story.Story)
	// Gates name the checks (story.Check*) whose non-zero count flags a
	// story: its status is "flagged" instead of "done", and the run exits
	// 1. Its files are written all the same.
	Gates []string
	// Files are written into the run folder as soon as it is created,
	// by path relative to it (such as the prompt files the run uses,
	// under manifest.PromptsDir).
	Files map[string][]byte
	// Touch, when set, is given the reply-cache keys a carried-over story
	// was made from, so that they stay as recently used as if the story
	// had been computed (and "cache prune" keeps them for the day it
	// changes). It must be safe for concurrent use.
	Touch func(keys []string)
	// Stages are the stages to run, each after those it reads (as
	// prompts.Set.Stages returns them); nil means prompts.Builtins.
	Stages []prompts.Stage
	// Pages, when set, writes the run's report pages into its folder
	// once the manifest is written, under the output folder's lock and
	// before latest moves (see publish); its failure is the run's.
	Pages func(dir string) error
	// OutLock, when set, is the lock of OutDir that the caller holds
	// already (and releases); otherwise Run takes it for its duration.
	OutLock *OutLock
}

func (o Options) stages() []prompts.Stage {
	if o.Stages == nil {
		return prompts.Builtins
	}
	return o.Stages
}

// Result is what a run produced.
type Result struct {
	Dir      string
	Manifest *manifest.Manifest
	// ExitCode follows the CLI's contract: 0 every story done, 1 some
	// failure, 2 a fatal configuration error (such as a rejected key),
	// ExitInternal outputs that could not be written, 130 interrupted.
	ExitCode int
	// Err is why the run stopped early (the fatal error, or the context's
	// cause); nil when it ran to the end.
	Err error
}

// ErrFatal marks an error after which no further model call can succeed,
// such as a rejected API key; engines wrap it to stop the whole run.
var ErrFatal = errors.New("fatal")

var errFailFast = errors.New("stopped after the first failure (--fail-fast)")

// Run processes inputs with eng and writes the run folder. It returns an
// error only when the run folder cannot be created or the manifest cannot
// be written; everything else is in the Result.
func Run(ctx context.Context, eng Engine, inputs []ingest.Input, opts Options) (*Result, error) {
	if opts.Concurrency < 1 {
		opts.Concurrency = 1
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Recorder == nil {
		opts.Recorder = &manifest.Recorder{}
	}
	if opts.OutLock == nil {
		lock, err := LockOut(opts.OutDir)
		if err != nil {
			return nil, err
		}
		defer lock.Unlock()
	}
	dir, runID, err := createRunDir(opts.OutDir, opts.RunID)
	if err != nil {
		return nil, err
	}
	if err := writeRunFiles(dir, opts.Files); err != nil {
		return nil, err
	}
	r := &runner{eng: eng, opts: opts, dir: dir, rec: opts.Recorder, log: opts.Logger}
	var skipped []string
	r.plan, skipped = newPlan(opts.stages(), eng)
	if len(skipped) > 0 {
		r.log.Warn("this engine has no method for stages defined by prompt files; they are skipped", "stages", strings.Join(skipped, ", "))
	}
	m := opts.Manifest
	m.Version, m.RunID, m.Started = manifest.Version, runID, time.Now().UTC()
	for _, def := range r.plan.stages {
		if !def.Builtin {
			m.PromptStages = append(m.PromptStages, manifest.StageFiles{Name: def.Name, Scope: string(def.Scope), Output: def.Output, Files: def.Files})
		}
	}
	r.log.Info("run started", "run", runID, "dir", dir, "stories", len(inputs), "provider", m.Provider)
	if opts.Identity != "" {
		if r.prev, err = loadPrevious(opts.OutDir, r.plan.stages); err != nil {
			r.log.Warn("cannot carry stories over from the latest run; computing them all", "error", err)
		}
	}

	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r.cancel = cancel
	r.group.SetLimit(opts.Concurrency)
	for _, in := range inputs {
		if runCtx.Err() != nil {
			break
		}
		r.startStory(runCtx, in)
	}
	r.group.Wait()

	m.Finished = time.Now().UTC()
	m.Totals.WallMS = m.Finished.Sub(m.Started).Milliseconds()
	cause := context.Cause(runCtx)
	if ctx.Err() != nil {
		cause = ctx.Err()
	}
	m.Status, m.ExitCode = "complete", 0
	switch {
	case ctx.Err() != nil:
		m.Status, m.ExitCode = "interrupted", 130
		r.rec.AddError(manifest.Error{Error: "run interrupted: " + context.Cause(ctx).Error() + "; a re-run resumes from the cache"})
	case errors.Is(cause, ErrFatal):
		m.Status, m.ExitCode = "aborted", 2
		r.rec.AddError(manifest.Error{Error: "run aborted: " + cause.Error()})
	case errors.Is(cause, errFailFast):
		m.Status, m.ExitCode = "aborted", 1
	}
	given := len(m.Warnings)
	r.rec.Fill(&m)
	for _, w := range m.Warnings[given:] {
		r.log.Warn("run warning", "warning", w)
	}
	if m.ExitCode == 0 && (m.Totals.Failed > 0 || len(inputs) == 0) {
		m.Status, m.ExitCode = "partial", 1
	}
	if m.ExitCode == 0 && m.Totals.StoriesFlagged > 0 {
		m.Status, m.ExitCode = "flagged", 1
	}
	if err := r.publish(&m); err != nil {
		return nil, err
	}
	r.log.Info("run finished", "run", runID, "status", m.Status, "exit_code", m.ExitCode,
		"stories", m.Totals.Stories, "carried_over", m.Totals.StoriesReused, "flagged", m.Totals.StoriesFlagged, "calls", m.Totals.Calls, "cache_hits", m.Totals.CacheHits, "failed", m.Totals.Failed,
		"retries", m.Totals.Retries, "wait_ms", m.Totals.WaitMS)
	res := &Result{Dir: dir, Manifest: &m, ExitCode: m.ExitCode}
	if m.Status == "interrupted" || m.Status == "aborted" {
		res.Err = cause
	}
	return res, nil
}

type runner struct {
	eng    Engine
	plan   *plan
	opts   Options
	dir    string
	prev   *previousRun // nil: nothing to carry over
	rec    *manifest.Recorder
	log    *slog.Logger
	group  errgroup.Group
	cancel context.CancelCauseFunc
	// writeFailed is set when an output file could not be written.
	writeFailed atomic.Bool
}

// fail records an item's failure and decides whether the run goes on.
func (r *runner) fail(e manifest.Error, err error) {
	e.Error = err.Error()
	if e.Stage == "write" {
		r.writeFailed.Store(true)
	}
	r.rec.AddError(e)
	r.log.Error("failed", "story", e.Story, "article", e.Article, "stage", e.Stage, "path", e.Path, "error", e.Error)
	switch {
	case errors.Is(err, ErrFatal):
		r.cancel(err)
	case r.opts.FailFast:
		r.cancel(errFailFast)
	}
}

// storyRun is one story in flight.
type storyRun struct {
	st       *story.Story
	dir      string
	inputKey string
	graph    *graphState

	mu        sync.Mutex
	summaries map[string]string
	failed    []string
	disputes  *story.Disputes
	brief     *story.Brief
	outputs   map[string]*StageOutput // user-defined stages, by name
	// unverified and unknown count the user-defined stages' unverified
	// quotes and unknown sources.
	unverified, unknown int
	writeErr            error
	written             map[string][sha256.Size]byte // by path in dir
	warnings            []string                     // from the engine, for the manifest
}

// warn records a warning about the story for the manifest.
func (sr *storyRun) warn(w string) {
	sr.mu.Lock()
	sr.warnings = append(sr.warnings, w)
	sr.mu.Unlock()
}

// noteWriteErr keeps a failure to write one of the story's files.
func (sr *storyRun) noteWriteErr(err error) {
	if err == nil {
		return
	}
	sr.mu.Lock()
	sr.writeErr = errors.Join(sr.writeErr, err)
	sr.mu.Unlock()
}

// write writes one of the story's files, named relative to its folder,
// and remembers its digest for the manifest when the story has a key for
// the next run to match.
func (sr *storyRun) write(name string, data []byte) error {
	if sr.dir == "" {
		return nil // a dry run's story (DryRunStory)
	}
	path := filepath.Join(sr.dir, name)
	if dir := filepath.Dir(path); dir != sr.dir {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
	}
	if err := writeFile(path, data); err != nil || sr.inputKey == "" {
		return err
	}
	sum := sha256.Sum256(data)
	sr.mu.Lock()
	sr.written[name] = sum
	sr.mu.Unlock()
	return nil
}

func (sr *storyRun) writeJSON(name string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", filepath.Join(sr.dir, name), err)
	}
	return sr.write(name, append(data, '\n'))
}

// startStory starts one story: carried over on a worker when the latest
// run has it with the same key, otherwise loaded here and its summaries
// queued on the pool.
func (r *runner) startStory(ctx context.Context, in ingest.Input) {
	var key string
	if r.opts.Identity != "" {
		// A story whose files cannot be read gets no key; Load says why.
		key, _ = inputKey(r.opts.Identity, in, r.opts.Ingest)
	}
	if rec, ok := r.prev.match(in.ID, key); ok {
		r.group.Go(func() error {
			if !r.carryOver(in, rec) {
				// Rare (files edited by hand since): computed on this
				// worker, one summary after another, since queuing
				// them from a worker could wait on itself.
				r.runStory(ctx, in, key, func(task func()) { task() })
			}
			return nil
		})
		return
	}
	r.runStory(ctx, in, key, func(task func()) {
		r.group.Go(func() error { task(); return nil })
	})
}

// runStory loads and computes a story; spawn runs each summary task.
func (r *runner) runStory(ctx context.Context, in ingest.Input, key string, spawn func(task func())) {
	st := ingest.Load(ctx, in, r.opts.Ingest)
	if r.opts.Arrange != nil {
		r.opts.Arrange(st)
	}
	if ctx.Err() != nil {
		// The run stopped while the story was read: like the stories
		// after it, it was never started, and its unread files are not
		// its problems.
		return
	}
	if r.opts.Observer != nil {
		r.opts.Observer.StoryStarted(st)
	}
	sr := &storyRun{st: st, dir: filepath.Join(r.dir, st.ID), inputKey: key, graph: newGraphState(r.plan),
		summaries: make(map[string]string), outputs: make(map[string]*StageOutput), written: make(map[string][sha256.Size]byte)}
	for _, p := range st.Problems {
		r.fail(manifest.Error{Story: st.ID, Path: p.Path, Stage: "load"}, errors.New(p.Err))
	}
	for _, w := range st.Warnings {
		r.log.Warn("input warning", "story", st.ID, "warning", w)
	}
	if err := os.MkdirAll(filepath.Join(sr.dir, "sources"), 0o700); err != nil {
		r.fail(manifest.Error{Story: st.ID, Stage: "write"}, err)
		return
	}
	st.Version = story.StoryVersion
	sr.noteWriteErr(sr.writeJSON("story.json", st))
	if len(st.Articles) == 0 {
		r.finishStory(ctx, sr)
		return
	}
	r.startGraph(ctx, sr, spawn)
}

// summarize runs the source_summary stage (def) for article a.
func (r *runner) summarize(ctx context.Context, sr *storyRun, def prompts.Stage, a *story.Article) {
	var err error
	var text string
	if err = ctx.Err(); err == nil {
		text, err = safely(func() (string, error) { return r.eng.Summarize(ctx, sr.st, a) })
	}
	if err == nil {
		err = sr.write(def.FilesFor([]string{a.ID})[0], []byte(sourceMarkdown(a, text)))
	}
	if r.opts.Observer != nil {
		r.opts.Observer.ArticleDone(sr.st, a, err)
	}
	sr.mu.Lock()
	defer sr.mu.Unlock()
	if err != nil {
		sr.failed = append(sr.failed, a.ID)
		if ctx.Err() == nil {
			r.fail(manifest.Error{Story: sr.st.ID, Article: a.ID, Stage: "source_summary"}, fmt.Errorf("summarize %s: %w", a.ID, err))
		}
		return
	}
	sr.summaries[a.ID] = text
}

// finishStory records a story whose stages have all run (see graph.go):
// its counts, its status, and for a done story the keys the next run
// matches to carry it over. It runs on the worker that finished the
// story's last stage.
func (r *runner) finishStory(ctx context.Context, sr *storyRun) {
	st := sr.st
	sr.mu.Lock()
	briefDoc, disputes, writeErr := sr.brief, sr.disputes, sr.writeErr
	warnings := slices.Concat(st.Warnings, sr.warnings)
	sr.mu.Unlock()
	rec := manifest.Story{ID: st.ID, Name: st.Name, Path: st.Path, Dir: st.ID, Failed: sr.failed, Warnings: warnings,
		UnverifiedQuotes: sr.unverified, UnknownSources: sr.unknown}
	for _, a := range st.Articles {
		rec.Articles = append(rec.Articles, a.ID)
	}
	sort.Strings(rec.Failed)
	countOutputs(&rec, briefDoc, disputes)
	flagged, err := r.checkStory(sr, briefDoc, disputes, &rec)
	writeErr = errors.Join(writeErr, err)
	missing := r.missingOutputs(sr)
	if writeErr != nil {
		r.fail(manifest.Error{Story: st.ID, Stage: "write"}, writeErr)
	}
	switch {
	case ctx.Err() != nil && (briefDoc == nil || disputes == nil || missing):
		rec.Status = "interrupted"
	case briefDoc == nil:
		rec.Status = "failed"
	case disputes == nil || missing || len(sr.failed) > 0 || len(st.Problems) > 0 || writeErr != nil:
		rec.Status = "partial"
	default:
		rec.Status = "done"
		if flagged {
			rec.Status = "flagged"
		}
		if sr.inputKey != "" {
			rec.InputKey, rec.OutputsDigest = sr.inputKey, outputsDigest(sr.written)
			rec.CacheKeys = r.rec.CacheKeys(st.ID)
		}
	}
	if len(st.Articles) == 0 {
		rec.Status = "failed"
		// The problems that left no article are already recorded, each
		// saying why; a second error would only count the story twice.
		if len(st.Problems) == 0 {
			r.fail(manifest.Error{Story: st.ID, Path: st.Path, Stage: "load"}, fmt.Errorf("story %s has no usable article", st.ID))
		}
	}
	r.rec.AddStory(rec)
	if r.opts.Observer != nil {
		r.opts.Observer.StoryDone(st, rec)
	}
	r.log.Info("story done", "story", st.ID, "status", rec.Status, "articles", len(st.Articles),
		"disputed_points", rec.DisputedPoints, "unverified_quotes", rec.UnverifiedQuotes,
		"checks", rec.Checks, "flagged", rec.Flagged)
}

// countOutputs adds to rec what the brief and the disputes hold: disputed
// points, unverified quotes, unknown sources. Either may be nil.
func countOutputs(rec *manifest.Story, briefDoc *story.Brief, disputes *story.Disputes) {
	if briefDoc != nil {
		for _, c := range briefDoc.Citations {
			if !c.Known {
				rec.UnknownSources++
			}
		}
	}
	if disputes == nil {
		return
	}
	rec.DisputedPoints = len(disputes.DisputedPoints)
	for _, p := range slices.Concat(disputes.DisputedPoints, disputes.Omissions) {
		for _, pos := range p.Positions {
			if !pos.QuoteVerified {
				rec.UnverifiedQuotes++
			}
			if pos.UnknownSource {
				rec.UnknownSources++
			}
		}
	}
}

// missingOutputs reports whether a user-defined stage of the plan lacks
// an output for the story or for one of its articles.
func (r *runner) missingOutputs(sr *storyRun) bool {
	sr.mu.Lock()
	defer sr.mu.Unlock()
	for _, def := range r.plan.stages {
		if def.Builtin {
			continue
		}
		so := sr.outputs[def.Name]
		switch {
		case so == nil:
			return true
		case def.Scope == prompts.ScopeStory && so.Story == nil:
			return true
		case def.Scope == prompts.ScopeArticle && len(so.Articles) < len(sr.st.Articles):
			return true
		}
	}
	return false
}

// carryOver links the files of rec, the previous run's record of the
// story, and records the story; it reports whether it did.
func (r *runner) carryOver(in ingest.Input, rec manifest.Story) bool {
	dir := filepath.Join(r.dir, in.ID)
	if err := r.prev.link(rec, dir); err != nil {
		os.RemoveAll(dir)
		r.log.Warn("cannot carry story over; computing it again", "story", in.ID, "from", r.prev.id, "error", err)
		return false
	}
	if rec.ReusedFrom == "" {
		rec.ReusedFrom = r.prev.id
	}
	if r.opts.Touch != nil {
		r.opts.Touch(rec.CacheKeys)
	}
	r.rec.AddStory(rec)
	if obs := r.opts.Observer; obs != nil {
		st := &story.Story{ID: in.ID, Name: in.Name, Path: in.Path}
		for _, id := range rec.Articles {
			st.Articles = append(st.Articles, &story.Article{ID: id})
		}
		obs.StoryStarted(st)
		for _, a := range st.Articles {
			obs.ArticleDone(st, a, nil)
		}
		obs.StoryDone(st, rec)
	}
	r.log.Info("story carried over", "story", in.ID, "from", rec.ReusedFrom, "articles", len(rec.Articles))
	return true
}

func (r *runner) brief(ctx context.Context, st *story.Story, in Inputs) (*story.Brief, error) {
	md, err := safely(func() (string, error) { return r.eng.Brief(ctx, st, in) })
	if err != nil {
		return nil, err
	}
	return &story.Brief{
		Version:   story.BriefVersion,
		Story:     st.ID,
		Markdown:  md,
		Citations: grounding.Citations(st, md), // never nil: [] when nothing is cited
		Missing:   in.Missing,
	}, nil
}

func (r *runner) disputes(ctx context.Context, st *story.Story, in Inputs) (*story.Disputes, error) {
	d := &story.Disputes{Version: story.DisputesVersion, Story: st.ID, Sources: st.Sources(), DisputedPoints: []story.Point{}, Omissions: []story.Point{}}
	if len(in.Summaries) < 2 {
		d.Note = fmt.Sprintf("only %d usable source: nothing to compare", len(in.Summaries))
		return d, nil
	}
	points, err := safely(func() ([]story.Point, error) { return r.eng.Disputes(ctx, st, in) })
	if err != nil {
		return nil, err
	}
	grounding.CheckDisputes(st, points)
	grounding.AddClosestSentences(st, points)
	if points != nil {
		d.DisputedPoints = points
	}
	d.SplitOmissions()
	return d, nil
}
