package main

// Batch mode (--batch, llm.batch) sends a run's model calls through the
// provider's Batch API instead of one request each.
//
// It is a Completer, not a second pipeline. Collecting passes run every
// story through the real LLM engine and the pipeline's own stage graph
// (pipeline.DryRunStory, as the dry run does), against the reply cache
// read-only, with a completer that answers a request from the batch
// replies read so far and records any other as pending (errPending, which
// a pass treats as "not yet", never as a failure). A stage that reads
// another stage's output waits for a pass in which nothing of its story is
// pending (waveGate), since its prompt is built from those replies. The
// pending requests of a pass form one wave: with the default prompts the
// summaries, then the disputes, then the briefs, plus any reply sent back
// for repair. A wave is written as batch input files, submitted, and
// recorded in <out>/batches.json before anything waits on it; then the
// batches are polled until they end and their replies read. Lines that
// failed or expired go into a follow-up batch, at most llm.batch_retries
// times, then are sent directly or fail (llm.batch_fallback). When a pass finds nothing pending, the normal run
// executes with the same completer: every call is answered from the batch
// replies, validated and cached by the engine exactly as a direct reply
// would be, and recorded in the manifest with its batch ID and the batch
// price. A re-run then finds every reply in the cache and sends nothing.
//
// A run that stops waiting (--no-wait, a signal, a crash) leaves its
// batches recorded; the next run over the same inputs makes the same
// requests, finds their custom IDs (digests of the request bodies) in the
// state file, and re-attaches instead of submitting them again. The output
// folder's lock is held from the first pass to the end of the run.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/batch"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/llm"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/pipeline"
	"github.com/summarize/summarize/prompts"
)

// errPending answers a request whose reply a batch has not given yet.
var errPending = errors.New("waiting for a batch")

// batchAnswers are the line results read from terminal batches by this
// process, by custom ID. Safe for concurrent use.
type batchAnswers struct {
	mu      sync.Mutex
	results map[string]batch.Result
	read    map[string]bool // batches whose results are in
}

func newBatchAnswers() *batchAnswers {
	return &batchAnswers{results: make(map[string]batch.Result), read: make(map[string]bool)}
}

func (a *batchAnswers) get(id string) (batch.Result, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	r, ok := a.results[id]
	return r, ok
}

// put keeps r for line id unless a reply is kept already: a failure in a
// later batch never hides an answer.
func (a *batchAnswers) put(id string, r batch.Result) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if old, ok := a.results[id]; ok && old.Err == nil {
		return
	}
	a.results[id] = r
}

// lineHistory is what the state file says of one line.
type lineHistory struct {
	failures  int    // read batches that failed it
	cancelled string // the newest batch holding it, when that was cancelled
}

// batchCompleter answers requests from batch replies; see the top of this
// file. Safe for concurrent use.
type batchCompleter struct {
	answers  *batchAnswers
	history  map[string]lineHistory
	retries  int
	fallback string             // "fail" or "direct"
	direct   pipeline.Completer // the endpoint's own client
	// final is set for the run proper, which should find every reply
	// collected: a request no pass made is sent directly, not held.
	final bool
	log   *slog.Logger

	mu         sync.Mutex
	pending    map[string]batch.Line
	sentDirect int
}

func newBatchCompleter(br *batchRun, final bool) *batchCompleter {
	h := make(map[string]lineHistory)
	for _, r := range br.state.Batches {
		if r.Collected {
			continue
		}
		for _, id := range r.Lines {
			lh := h[id]
			lh.cancelled = ""
			if r.Status == "cancelled" {
				lh.cancelled = r.ID
			}
			h[id] = lh
		}
		for _, id := range r.Failed {
			lh := h[id]
			lh.failures++
			h[id] = lh
		}
	}
	return &batchCompleter{answers: br.answers, history: h, retries: br.cfg.LLM.BatchRetries, fallback: br.cfg.LLM.BatchFallback,
		direct: br.direct, final: final, log: br.log, pending: make(map[string]batch.Line)}
}

func (c *batchCompleter) Complete(ctx context.Context, req llm.Request) (llm.Reply, error) {
	if err := ctx.Err(); err != nil {
		return llm.Reply{}, err
	}
	line, err := batch.NewLine(req)
	if err != nil {
		return llm.Reply{}, err
	}
	h := c.history[line.ID]
	r, ok := c.answers.get(line.ID)
	switch {
	case ok && r.Err == nil:
		reply := r.Reply
		if reply.Batch != "" {
			// Every batch that held the line was sent it.
			reply.Attempts += h.failures
		}
		return reply, nil
	case ok && h.cancelled != "":
		// Cancelling is asking for the lines to stop; the next run
		// submits them afresh.
		return llm.Reply{Attempts: h.failures}, fmt.Errorf("batch %s was cancelled before answering: %w", h.cancelled, r.Err)
	case ok && h.failures > c.retries:
		if c.fallback == "direct" {
			return c.sendDirect(ctx, line.ID, req)
		}
		return llm.Reply{Attempts: h.failures}, fmt.Errorf("%d batches failed the request (llm.batch_retries %d), the last one: %w", h.failures, c.retries, r.Err)
	case c.final:
		c.log.Warn("a request no batch pass made is sent directly", "model", req.Model, "custom_id", line.ID)
		return c.sendDirect(ctx, line.ID, req)
	}
	c.mu.Lock()
	c.pending[line.ID] = line
	c.mu.Unlock()
	return llm.Reply{}, errPending
}

// sendDirect sends a request on its own and keeps the reply for the run
// proper, so a request sent by a pass is not sent again.
func (c *batchCompleter) sendDirect(ctx context.Context, id string, req llm.Request) (llm.Reply, error) {
	reply, err := c.direct.Complete(ctx, req)
	c.mu.Lock()
	c.sentDirect++
	c.mu.Unlock()
	if err == nil {
		c.answers.put(id, batch.Result{Reply: reply})
	}
	return reply, err
}

// waveGate holds back a story's later stages while an earlier one waits
// for a batch: their prompts would be rendered without its reply. Only
// the stages that read nothing but the articles (the summaries, and
// user-defined stages such as per-article claims) go on; the others wait
// for a pass in which nothing of their story is pending. That may cost a
// stage that does not read the pending one a wave, never a request built
// from missing input.
type waveGate struct {
	*pipeline.LLMEngine
	mu      sync.Mutex
	waiting map[string]bool // story IDs
}

func (g *waveGate) note(st *story.Story, err error) {
	if errors.Is(err, errPending) {
		g.mu.Lock()
		g.waiting[st.ID] = true
		g.mu.Unlock()
	}
}

func (g *waveGate) held(st *story.Story) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.waiting[st.ID]
}

func (g *waveGate) Summarize(ctx context.Context, st *story.Story, a *story.Article) (string, error) {
	s, err := g.LLMEngine.Summarize(ctx, st, a)
	g.note(st, err)
	return s, err
}

func (g *waveGate) Disputes(ctx context.Context, st *story.Story, in pipeline.Inputs) ([]story.Point, error) {
	if g.held(st) {
		return nil, errPending
	}
	p, err := g.LLMEngine.Disputes(ctx, st, in)
	g.note(st, err)
	return p, err
}

func (g *waveGate) Brief(ctx context.Context, st *story.Story, in pipeline.Inputs) (string, error) {
	if g.held(st) {
		return "", errPending
	}
	b, err := g.LLMEngine.Brief(ctx, st, in)
	g.note(st, err)
	return b, err
}

func (g *waveGate) RunStage(ctx context.Context, def prompts.Stage, st *story.Story, a *story.Article, in pipeline.Inputs) (string, error) {
	if readsStages(def) && g.held(st) {
		return "", errPending
	}
	out, err := g.LLMEngine.RunStage(ctx, def, st, a, in)
	g.note(st, err)
	return out, err
}

// readsStages reports whether def reads another stage's output, not only
// the articles.
func readsStages(def prompts.Stage) bool {
	for _, r := range def.Reads {
		if r != prompts.ReadArticles {
			return true
		}
	}
	return false
}

// batchRun is one invocation's batch phase.
type batchRun struct {
	cfg     *config.Config
	env     *cliEnv
	log     *slog.Logger
	inputs  []ingest.Input // the stories the run computes (not carried over)
	pass    *pipeline.LLMEngine
	direct  pipeline.Completer
	client  *batch.Client
	state   *batch.State
	answers *batchAnswers
	lock    *pipeline.OutLock
	noWait  bool
	ingest  ingest.Options
	stages  []prompts.Stage
	// cacheWritable says whether the run proper can cache the replies,
	// after which the batches are no longer needed.
	cacheWritable bool

	submitted, retried int // lines submitted by this process, and of them resubmissions
}

// batchOutcome is what the batch phase leaves for the run proper. Its
// methods accept a nil outcome: no batch phase.
type batchOutcome struct {
	br *batchRun
	// waiting is set when --no-wait stopped the phase with lines still
	// at the provider (pending of them, in batches): then there is no run
	// proper.
	waiting          bool
	pending, batches int
	final            *batchCompleter
}

// startBatchPhase runs the batch phase when the configuration asks for it;
// nil when it does not. With --no-wait and lines still at the provider it
// prints the pending status; the run proper must then not start.
func startBatchPhase(cmd *cobra.Command, env *cliEnv, cfg *config.Config, set *prompts.Set, inputs []ingest.Input, log *slog.Logger) (*batchOutcome, error) {
	noWait, _ := cmd.Flags().GetBool("no-wait")
	if !cfg.LLM.Batch || cfg.Provider == "offline" {
		if noWait {
			return nil, usageErr("--no-wait needs --batch (or llm.batch: true) and --provider openai")
		}
		if cfg.LLM.Batch {
			log.Warn("the offline engine makes no model calls: --batch (llm.batch) has no effect")
		}
		return nil, nil
	}
	out, err := startBatches(cmd.Context(), env, cfg, set, inputs, log, noWait)
	if err != nil {
		return nil, err
	}
	if out.isPending() {
		printPending(env, cfg, out)
		log.Info("run pending", "requests", out.pending, "batches", out.batches, "state", filepath.Join(cfg.Out, batch.StateFile))
		return out, nil
	}
	out.final = newBatchCompleter(out.br, true)
	return out, nil
}

// completer answers the run proper's requests; nil without a batch phase.
func (o *batchOutcome) completer() pipeline.Completer {
	if o == nil {
		return nil
	}
	return o.final
}

func (o *batchOutcome) isPending() bool { return o != nil && o.waiting }

func (o *batchOutcome) outLock() *pipeline.OutLock {
	if o == nil {
		return nil
	}
	return o.br.lock
}

func printPending(env *cliEnv, cfg *config.Config, o *batchOutcome) {
	w := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "run	pending: %d requests in %d batches at the provider\n", o.pending, o.batches)
	fmt.Fprintf(w, "submitted now	%d requests (%d of them again, after a failure)\n", o.br.submitted, o.br.retried)
	fmt.Fprintf(w, "recorded in	%s (summarize batches --out %s)\n", filepath.Join(cfg.Out, batch.StateFile), cfg.Out)
	fmt.Fprintf(w, "next	run the same command again: it re-attaches to these batches and submits nothing twice\n")
	w.Flush()
}

// startBatches takes the output folder's lock and runs the batch phase.
// On success the lock is held (outcome.br.lock) for the run proper.
func startBatches(ctx context.Context, env *cliEnv, cfg *config.Config, set *prompts.Set, inputs []ingest.Input, log *slog.Logger, noWait bool) (*batchOutcome, error) {
	lock, err := pipeline.LockOut(cfg.Out)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	out, err := collectBatches(ctx, env, cfg, set, inputs, log, noWait, lock)
	if err != nil || out.waiting {
		lock.Unlock()
	}
	return out, err
}

func collectBatches(ctx context.Context, env *cliEnv, cfg *config.Config, set *prompts.Set, inputs []ingest.Input, log *slog.Logger, noWait bool, lock *pipeline.OutLock) (*batchOutcome, error) {
	state, err := batch.LoadState(cfg.Out)
	if err != nil {
		return nil, &exitError{code: 1, err: err}
	}
	built, err := buildEngine(cfg, set, &manifest.Recorder{}, env, collect)
	if err != nil {
		return nil, err
	}
	eng := built.llm
	// Replies are cached by the run proper; a cache it cannot write
	// leaves the batches needed by the next run.
	writable := false
	if ro, ok := eng.Cache.(readOnlyCache); ok {
		writable = ro.c.Writable() == nil
	}
	client, err := batch.New(batch.Config{BaseURL: cfg.LLM.BaseURL, APIKey: cfg.APIKey(env.getenv), APIType: cfg.LLM.APIType,
		APIVersion: cfg.LLM.APIVersion, MaxLines: cfg.LLM.BatchMaxLines, MaxBytes: cfg.LLM.BatchMaxFileBytes})
	if err != nil {
		return nil, usageErr("%v", err)
	}
	opts, _ := built.options(cfg) // the run proper logs why nothing is carried over
	carried, _, err := pipeline.CarriedOver(built.Engine, inputs, opts)
	if err != nil {
		log.Warn("cannot tell which stories the latest run would lend; collecting them all", "error", err)
	}
	br := &batchRun{cfg: cfg, env: env, log: log, pass: eng, direct: eng.Client, client: client, state: state,
		answers: newBatchAnswers(), lock: lock, noWait: noWait, ingest: opts.Ingest, stages: opts.Stages, cacheWritable: writable}
	for _, in := range inputs {
		if !carried[in.ID] {
			br.inputs = append(br.inputs, in)
		}
	}
	err = br.resolve(ctx)
	done := false
	if err == nil {
		done, err = br.collect(ctx)
	}
	if err != nil {
		return nil, br.exitErr(ctx, err)
	}
	out := &batchOutcome{br: br, waiting: !done}
	if !done {
		for _, r := range state.Batches {
			if !batch.Terminal(r.Status) && !r.Collected {
				out.pending += len(r.Lines)
				out.batches++
			}
		}
	}
	return out, nil
}

// exitErr gives a batch phase error its exit code.
func (br *batchRun) exitErr(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return &exitError{code: 130, err: fmt.Errorf("interrupted while batches run; they stay recorded in %s/%s and the next run re-attaches to them: %w", br.cfg.Out, batch.StateFile, err)}
	case errors.Is(err, llm.ErrAuth):
		return &exitError{code: 2, err: fmt.Errorf("%s; %w", authProblem(br.cfg, br.env, err), err)}
	}
	return &exitError{code: 1, err: fmt.Errorf("batch: %w", err)}
}

// collect runs passes until one finds nothing pending (done), or, with
// --no-wait, until nothing more can be done without waiting.
func (br *batchRun) collect(ctx context.Context) (done bool, _ error) {
	for {
		pending, err := br.passOnce(ctx)
		if err != nil {
			return false, err
		}
		if len(pending) == 0 {
			return true, nil
		}
		var submit []batch.Line
		live, unread := map[int]bool{}, map[int]bool{}
		for _, id := range slices.Sorted(maps.Keys(pending)) {
			i := br.state.Find(id)
			switch {
			case i < 0:
				submit = append(submit, pending[id])
			case !batch.Terminal(br.state.Batches[i].Status):
				live[i] = true
			case !br.answers.read[br.state.Batches[i].ID]:
				unread[i] = true
			default: // read, and it failed the line: a follow-up batch
				br.retried++
				submit = append(submit, pending[id])
			}
		}
		for i := range unread {
			if err := br.read(ctx, i); err != nil {
				return false, err
			}
		}
		if len(unread) > 0 {
			continue
		}
		older := slices.Sorted(maps.Keys(live))
		if err := br.submit(ctx, submit, live); err != nil {
			return false, err
		}
		if br.noWait {
			progressed, err := br.checkOnce(ctx, older)
			if err != nil || !progressed {
				return false, err
			}
			continue
		}
		for _, i := range slices.Sorted(maps.Keys(live)) {
			if err := br.wait(ctx, i); err != nil {
				return false, err
			}
		}
	}
}

// passOnce runs every story through the pass engine and returns the
// requests it left pending, by custom ID.
func (br *batchRun) passOnce(ctx context.Context) (map[string]batch.Line, error) {
	comp := newBatchCompleter(br, false)
	br.pass.Client = comp
	gate := &waveGate{LLMEngine: br.pass, waiting: make(map[string]bool)}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, in := range br.inputs {
		g.Go(func() error {
			// The stage graph the run proper walks, writing nothing.
			pipeline.DryRunStory(ctx, gate, ingest.Load(ctx, in, br.ingest), br.stages)
			return nil
		})
	}
	g.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return comp.pending, nil
}

// submit writes lines as input files, submits them and records each batch
// before returning; the new batches join live.
func (br *batchRun) submit(ctx context.Context, lines []batch.Line, live map[int]bool) error {
	if len(lines) == 0 {
		return nil
	}
	files, err := br.client.Split(lines)
	if err != nil {
		return err
	}
	for _, f := range files {
		// The record is saved with the input file before the batch is
		// created, so that a batch the provider made is never lost to a
		// kill before its ID is known (see resolve).
		file, err := br.client.Upload(ctx, f)
		if err != nil {
			return err
		}
		rec := batch.Record{InputFileID: file, Model: f[0].Request.Model, Created: time.Now().UTC()}
		for _, l := range f {
			rec.Lines = append(rec.Lines, l.ID)
		}
		br.state.Add(rec)
		i := len(br.state.Batches) - 1
		if err := br.state.Save(br.cfg.Out); err != nil {
			return err
		}
		b, err := br.client.Create(ctx, file)
		if err != nil {
			return err
		}
		br.state.Batches[i].ID = b.ID
		br.state.Update(i, b)
		if err := br.state.Save(br.cfg.Out); err != nil {
			return err
		}
		live[i] = true
		br.submitted += len(f)
		br.log.Info("batch submitted", "batch", b.ID, "model", rec.Model, "requests", len(f), "status", b.Status)
	}
	return nil
}

// resolve finds the batches whose creation an earlier process started but
// did not record the answer of: the provider's list names the batch made
// from each such input file, or shows there is none, and then the record
// is dropped and its lines are submitted again.
func (br *batchRun) resolve(ctx context.Context) error {
	changed := false
	for i := len(br.state.Batches) - 1; i >= 0; i-- {
		r := br.state.Batches[i]
		if r.ID != "" {
			continue
		}
		b, ok, err := br.client.ByInputFile(ctx, r.InputFileID)
		if err != nil {
			return err
		}
		changed = true
		if !ok {
			br.log.Warn("an input file never became a batch; its requests are submitted again", "input_file", r.InputFileID, "requests", len(r.Lines))
			br.state.Forget(i)
			continue
		}
		br.state.Batches[i].ID = b.ID
		br.state.Update(i, b)
		br.log.Info("re-attached to a batch whose creation was not recorded", "batch", b.ID, "input_file", r.InputFileID)
	}
	if !changed {
		return nil
	}
	return br.state.Save(br.cfg.Out)
}

// checkOnce polls each of the batches once (--no-wait) and reads those
// that ended; it reports whether any did.
func (br *batchRun) checkOnce(ctx context.Context, batches []int) (bool, error) {
	progressed := false
	for _, i := range batches {
		b, err := br.client.Retrieve(ctx, br.state.Batches[i].ID)
		if err != nil {
			return false, err
		}
		br.report(i, b)
		if batch.Terminal(b.Status) {
			if err := br.read(ctx, i); err != nil {
				return false, err
			}
			progressed = true
		}
	}
	return progressed, br.state.Save(br.cfg.Out)
}

// wait polls batch i until it ends, then reads its results.
func (br *batchRun) wait(ctx context.Context, i int) error {
	poll := batch.Poll{Initial: br.cfg.LLM.BatchPollInitial, Max: br.cfg.LLM.BatchPollMax}
	_, err := br.client.Wait(ctx, br.state.Batches[i].ID, poll, func(b batch.Batch) { br.report(i, b) })
	if err != nil {
		return err
	}
	return br.read(ctx, i)
}

// report records and logs what the provider says of batch i, at info
// level when its status or counts moved.
func (br *batchRun) report(i int, b batch.Batch) {
	old := br.state.Batches[i]
	br.state.Update(i, b)
	level := slog.LevelDebug
	if old.Status != b.Status || old.Counts != b.Counts {
		level = slog.LevelInfo
	}
	br.log.Log(context.Background(), level, "batch status", "batch", b.ID, "status", b.Status,
		"total", b.Counts.Total, "completed", b.Counts.Completed, "failed", b.Counts.Failed)
}

// read reads the results of terminal batch i, records which lines it did
// not answer and saves the state.
func (br *batchRun) read(ctx context.Context, i int) error {
	rec := &br.state.Batches[i]
	if rec.OutputFileID == "" && rec.ErrorFileID == "" && rec.Status != "failed" && rec.Status != "cancelled" {
		// Recorded by a run that stopped before the batch ended: ask for
		// its files.
		b, err := br.client.Retrieve(ctx, rec.ID)
		if err != nil {
			return err
		}
		br.state.Update(i, b)
	}
	res, err := br.client.Results(ctx, rec.Batch())
	if err != nil {
		return err
	}
	rec.Failed = nil
	for _, id := range rec.Lines {
		r, ok := res[id]
		if !ok {
			r = batch.Result{Err: fmt.Errorf("batch %s ended %s without answering the request", rec.ID, rec.Status)}
			if len(rec.Errors) > 0 {
				r.Err = fmt.Errorf("%w: %s", r.Err, strings.Join(rec.Errors, "; "))
			}
		}
		if r.Err != nil {
			rec.Failed = append(rec.Failed, id)
		}
		br.answers.put(id, r)
	}
	rec.Read = true
	br.answers.mu.Lock()
	br.answers.read[rec.ID] = true
	br.answers.mu.Unlock()
	if len(rec.Failed) > 0 {
		br.log.Warn("batch lines failed", "batch", rec.ID, "status", rec.Status, "failed", len(rec.Failed), "of", len(rec.Lines))
	}
	return br.state.Save(br.cfg.Out)
}

// finish records, after the run proper, that its batches are collected
// (when the run ended and its replies could be cached), saves the state
// and releases the lock.
func (o *batchOutcome) finish(res *pipeline.Result) {
	if o == nil {
		return
	}
	br, comp := o.br, o.final
	defer br.lock.Unlock()
	if res != nil && res.Manifest.Status != "interrupted" && res.Manifest.Status != "aborted" && br.cacheWritable {
		br.state.Collect(time.Now())
	}
	if err := br.state.Save(br.cfg.Out); err != nil {
		br.log.Warn("could not save the batch state", "error", err)
	}
	br.log.Info("batch run finished", "submitted", br.submitted, "resubmitted", br.retried, "sent_directly", comp.sentDirect)
}

func newBatchesCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "batches",
		Short: "List the provider batches recorded in an output folder (--cancel cancels those still running)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBatches(cmd, env)
		},
	}
	cmd.Flags().String("out", "", "output folder whose batches to list (default outputs)")
	cmd.Flags().String("base-url", "", "OpenAI-compatible endpoint the batches were sent to")
	cmd.Flags().Bool("cancel", false, "cancel every recorded batch that has not ended")
	return cmd
}

func runBatches(cmd *cobra.Command, env *cliEnv) error {
	cfg, err := loadConfig(cmd, env, map[string]string{"out": "out", "base-url": "llm.base_url"})
	if err != nil {
		return err
	}
	state, err := batch.LoadState(cfg.Out)
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	cancel, _ := cmd.Flags().GetBool("cancel")
	client, err := batch.New(batch.Config{BaseURL: cfg.LLM.BaseURL, APIKey: cfg.APIKey(env.getenv), APIType: cfg.LLM.APIType,
		APIVersion: cfg.LLM.APIVersion})
	if err != nil {
		return usageErr("%v", err)
	}
	if len(state.Batches) == 0 {
		fmt.Fprintf(env.stdout, "no batches recorded in %s\n", cfg.Out)
		return nil
	}
	// The state file is the run's: this command only reads it, so it may
	// run beside a run that waits, which sees any cancel at its next poll.
	var problems []error
	w := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "batch\tstatus\tmodel\trequests\tcompleted\tfailed\tcreated\tcollected")
	for _, r := range state.Batches {
		b := r.Batch()
		if r.ID == "" {
			// Being created, or its creation was cut short: the next
			// run finds out which from the input file.
			r.ID, b.Status, b.Counts.Total = "(input "+r.InputFileID+")", "creating", len(r.Lines)
		} else if !batch.Terminal(r.Status) {
			var err error
			if cancel {
				_, err = client.Cancel(cmd.Context(), r.ID)
			}
			if err == nil {
				var now batch.Batch
				if now, err = client.Retrieve(cmd.Context(), r.ID); err == nil {
					b = now
				}
			}
			if err != nil {
				problems = append(problems, err)
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\t%d\t%s\t%v\n", r.ID, b.Status, r.Model, b.Counts.Total, b.Counts.Completed, b.Counts.Failed,
			r.Created.Format(time.RFC3339), r.Collected)
	}
	w.Flush()
	if len(problems) > 0 {
		return &exitError{code: 1, err: errors.Join(problems...)}
	}
	return nil
}
