package pipeline

// The stage graph. A run's stages (prompts.Stage, in an order where each
// comes after what it reads) form a graph per story: a stage starts when
// every stage it reads has finished for the whole story, so the summaries
// start at once, the disputes when the last summary ends, the brief when
// the disputes end, and a user-defined stage when what its reads name is
// there. An article-scope stage is one task per article; a story-scope
// stage one task. A stage whose input failed still runs with what there
// is, as the built-in brief does without disputed points, or is skipped
// with an error saying why; either way the graph goes on, so a story
// always finishes.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/summarize/summarize/internal/grounding"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/schema"
	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/prompts"
)

// StageRunner is implemented by engines that run user-defined stages
// (prompts.Stage with Builtin false). The pipeline skips such stages, and
// says so once, for an engine without it.
type StageRunner interface {
	// RunStage runs def for one article (a is nil for a story-scope
	// stage) and returns the reply: text, or a JSON object that
	// satisfies def.Schema.
	RunStage(ctx context.Context, def prompts.Stage, st *story.Story, a *story.Article, in Inputs) (string, error)
}

// Output is one stage's output for a story or one article: the reply, and
// for a JSON stage the decoded value, quotes checked.
type Output struct {
	Text string
	Data any
}

// StageOutput is what a stage produced for a story: Story for a
// story-scope stage, Articles by article ID for an article-scope one.
type StageOutput struct {
	Story    *Output
	Articles map[string]*Output
}

// plan is a run's stage graph.
type plan struct {
	stages []prompts.Stage
	// readers[i] lists the stages that read stage i; reads[i] counts
	// the stages stage i reads.
	readers [][]int
	reads   []int
}

// newPlan builds the graph of stages, dropping the user-defined stages
// when eng cannot run them (and the reads of them); skipped names those.
func newPlan(stages []prompts.Stage, eng Engine) (p *plan, skipped []string) {
	_, canRun := eng.(StageRunner)
	var kept []prompts.Stage
	for _, s := range stages {
		if !s.Builtin && !canRun {
			skipped = append(skipped, s.Name)
			continue
		}
		kept = append(kept, s)
	}
	index := map[string]int{}
	for i, s := range kept {
		index[s.Name] = i
	}
	p = &plan{stages: kept, readers: make([][]int, len(kept)), reads: make([]int, len(kept))}
	for i, s := range kept {
		var reads []string
		for _, r := range s.Reads {
			name := r
			if r == prompts.ReadSummaries {
				name = prompts.SourceSummary
			}
			if slices.Contains(skipped, r) {
				continue
			}
			reads = append(reads, r)
			if j, ok := index[name]; ok && !slices.Contains(p.readers[j], i) {
				p.readers[j] = append(p.readers[j], i)
				p.reads[i]++
			}
		}
		p.stages[i].Reads = reads
	}
	return p, skipped
}

// graphState is a story's progress through the plan.
type graphState struct {
	waiting []atomic.Int32 // per stage: stages it reads not finished yet
	left    []atomic.Int32 // per article-scope stage: articles not done
	pending atomic.Int32   // stages not finished
}

func newGraphState(p *plan) *graphState {
	g := &graphState{waiting: make([]atomic.Int32, len(p.stages)), left: make([]atomic.Int32, len(p.stages))}
	for i, n := range p.reads {
		g.waiting[i].Store(int32(n))
	}
	g.pending.Store(int32(len(p.stages)))
	return g
}

// startGraph starts the stages that read only the articles; spawn runs
// each of their article tasks.
func (r *runner) startGraph(ctx context.Context, sr *storyRun, spawn func(task func())) {
	if len(r.plan.stages) == 0 {
		r.finishStory(ctx, sr)
		return
	}
	for i := range r.plan.stages {
		if r.plan.reads[i] == 0 {
			r.startStage(ctx, sr, i, spawn)
		}
	}
}

// trySpawn runs task on a free worker, or here when there is none: a task
// queued from a worker must never wait for a worker.
func (r *runner) trySpawn(task func()) {
	if !r.group.TryGo(func() error { task(); return nil }) {
		task()
	}
}

func (r *runner) startStage(ctx context.Context, sr *storyRun, i int, spawn func(task func())) {
	def := r.plan.stages[i]
	if def.Scope == prompts.ScopeStory {
		r.runStoryStage(ctx, sr, def)
		r.stageDone(ctx, sr, i)
		return
	}
	sr.graph.left[i].Store(int32(len(sr.st.Articles)))
	for _, a := range sr.st.Articles {
		spawn(func() {
			r.runArticleStage(ctx, sr, def, a)
			if sr.graph.left[i].Add(-1) == 0 {
				r.stageDone(ctx, sr, i)
			}
		})
	}
}

// stageDone starts the stages that were waiting only for stage i, all
// but the last on free workers when there are some, and finishes the
// story after its last stage.
func (r *runner) stageDone(ctx context.Context, sr *storyRun, i int) {
	var ready []int
	for _, j := range r.plan.readers[i] {
		if sr.graph.waiting[j].Add(-1) == 0 {
			ready = append(ready, j)
		}
	}
	for k, j := range ready {
		run := func() { r.startStage(ctx, sr, j, r.trySpawn) }
		if k == len(ready)-1 || !r.group.TryGo(func() error { run(); return nil }) {
			run()
		}
	}
	if sr.graph.pending.Add(-1) == 0 {
		r.finishStory(ctx, sr)
	}
}

func (r *runner) runArticleStage(ctx context.Context, sr *storyRun, def prompts.Stage, a *story.Article) {
	if def.Name == prompts.SourceSummary {
		r.summarize(ctx, sr, def, a)
		return
	}
	in, err := sr.inputs(def, a)
	if err == nil {
		err = r.runUserStage(ctx, sr, def, a, in)
	}
	if err != nil && ctx.Err() == nil {
		r.fail(manifest.Error{Story: sr.st.ID, Article: a.ID, Stage: def.Name}, fmt.Errorf("%s of %s/%s: %w", def.Name, sr.st.ID, a.ID, err))
	}
}

func (r *runner) runStoryStage(ctx context.Context, sr *storyRun, def prompts.Stage) {
	in, err := sr.inputs(def, nil)
	switch {
	case ctx.Err() != nil:
		return
	case def.Name == prompts.Disputes:
		if len(in.Summaries) == 0 {
			return // the story failed already: no summary at all
		}
		var d *story.Disputes
		if d, err = r.disputes(ctx, sr.st, in); err == nil {
			sr.mu.Lock()
			sr.disputes = d
			sr.mu.Unlock()
			// Files: disputes.json, disputes.md (prompts.Builtins).
			sr.noteWriteErr(errors.Join(sr.writeJSON(def.Files[0], d), sr.write(def.Files[1], []byte(disputesMarkdown(sr.st, d)))))
		}
	case def.Name == prompts.Brief:
		if len(in.Summaries) == 0 {
			return
		}
		var b *story.Brief
		if b, err = r.brief(ctx, sr.st, in); err == nil {
			sr.mu.Lock()
			sr.brief = b
			sr.mu.Unlock()
			// Files: brief.md, brief.json (prompts.Builtins).
			sr.noteWriteErr(errors.Join(sr.write(def.Files[0], []byte(briefMarkdown(sr.st, b))), sr.writeJSON(def.Files[1], b)))
		}
	default:
		if err == nil {
			err = r.runUserStage(ctx, sr, def, nil, in)
		}
	}
	if err != nil && ctx.Err() == nil {
		r.fail(manifest.Error{Story: sr.st.ID, Stage: def.Name}, fmt.Errorf("%s of %s: %w", def.Name, sr.st.ID, err))
	}
}

// runUserStage runs a user-defined stage for one article (a nil: for the
// story), checks its quotes and writes its file.
func (r *runner) runUserStage(ctx context.Context, sr *storyRun, def prompts.Stage, a *story.Article, in Inputs) error {
	reply, err := safely(func() (string, error) { return r.eng.(StageRunner).RunStage(ctx, def, sr.st, a, in) })
	if err != nil {
		return err
	}
	out := &Output{Text: reply}
	data := []byte(strings.TrimSpace(reply) + "\n")
	if def.Output == "json" {
		payload, _ := jsonPayload(reply)
		if err := json.Unmarshal([]byte(payload), &out.Data); err != nil {
			return fmt.Errorf("decode reply: %w", err)
		}
		unverified, unknown := checkQuotes(sr.st, a, out.Data)
		sr.mu.Lock()
		sr.unverified += unverified
		sr.unknown += unknown
		sr.mu.Unlock()
		enc, err := json.MarshalIndent(out.Data, "", "  ")
		if err != nil {
			return err
		}
		data = append(enc, '\n')
		out.Text = string(enc)
	}
	files := def.FilesFor([]string{""})
	if a != nil {
		files = def.FilesFor([]string{a.ID})
	}
	sr.mu.Lock()
	so := sr.outputs[def.Name]
	if so == nil {
		so = &StageOutput{Articles: map[string]*Output{}}
		sr.outputs[def.Name] = so
	}
	if a == nil {
		so.Story = out
	} else {
		so.Articles[a.ID] = out
	}
	sr.mu.Unlock()
	sr.noteWriteErr(sr.write(files[0], data))
	return nil
}

// inputs gathers what def reads for the story, or for article a of it. A
// user-defined stage none of whose story-scope reads produced anything
// cannot run; the built-in stages make do with what there is.
func (sr *storyRun) inputs(def prompts.Stage, a *story.Article) (Inputs, error) {
	sr.mu.Lock()
	defer sr.mu.Unlock()
	in := Inputs{Warn: sr.warn}
	for _, art := range sr.st.Articles {
		if text, ok := sr.summaries[art.ID]; ok {
			in.Summaries = append(in.Summaries, Summary{Article: art, Text: text})
		} else {
			in.Missing = append(in.Missing, art.Source)
		}
	}
	if sr.disputes != nil && def.ReadsStage(prompts.Disputes) {
		in.Disputes = sr.disputes.DisputedPoints
	}
	in.Outputs = map[string]StageOutput{}
	for _, name := range def.Reads {
		switch name {
		case prompts.ReadArticles:
			continue
		case prompts.ReadSummaries:
			if len(in.Summaries) > 0 {
				so := StageOutput{Articles: map[string]*Output{}}
				for _, s := range in.Summaries {
					so.Articles[s.Article.ID] = &Output{Text: s.Text}
				}
				in.Outputs[name] = so
			}
		case prompts.Disputes:
			if sr.disputes != nil {
				data, _ := json.Marshal(sr.disputes)
				var v any
				_ = json.Unmarshal(data, &v)
				in.Outputs[name] = StageOutput{Story: &Output{Text: string(data), Data: v}}
			}
		case prompts.Brief:
			if sr.brief != nil {
				in.Outputs[name] = StageOutput{Story: &Output{Text: sr.brief.Markdown}}
			}
		default:
			if so := sr.outputs[name]; so != nil {
				in.Outputs[name] = *so
			}
		}
		if def.Builtin {
			continue
		}
		so, ok := in.Outputs[name]
		switch {
		case !ok:
			return in, fmt.Errorf("not run: %s, which it reads, has no output", name)
		case a != nil && so.Story == nil && so.Articles[a.ID] == nil:
			return in, fmt.Errorf("not run: %s, which it reads, has no output for this article", name)
		}
	}
	return in, nil
}

// checkQuotes checks, anywhere in a decoded JSON reply, every object with
// a string "quote": the quote must occur in the article its "source"
// names (an article ID or source name), or for an article-scope stage
// without "source" in that article. It adds "quote_verified" and, for a
// source that names no article, "unknown_source": true, and counts both.
func checkQuotes(st *story.Story, a *story.Article, v any) (unverified, unknown int) {
	switch x := v.(type) {
	case []any:
		for _, item := range x {
			u, k := checkQuotes(st, a, item)
			unverified, unknown = unverified+u, unknown+k
		}
	case map[string]any:
		for _, val := range x {
			u, k := checkQuotes(st, a, val)
			unverified, unknown = unverified+u, unknown+k
		}
		quote, ok := x["quote"].(string)
		if !ok {
			return
		}
		art := a
		if src, ok := x["source"].(string); ok {
			art = grounding.Resolve(st, src)
			if art == nil {
				x["unknown_source"] = true
				unknown++
			}
		}
		verified := art != nil && grounding.Verify(quote, art.Text)
		x["quote_verified"] = verified
		if !verified {
			unverified++
		}
	}
	return
}

// addReads gives preflight data what stage reads besides the articles
// and summaries: a disputed point, and for every stage read, an output of
// the shape it has (a json stage's least valid value), so that a template
// using .Disputes or .Outputs is executed before a run relies on it.
func addReads(set *prompts.Set, stage string, st *story.Story, d *prompts.Data) {
	def, ok := set.Stage(stage)
	if !ok {
		return
	}
	if def.ReadsStage(prompts.Disputes) && len(st.Articles) > 1 {
		a, b := st.Articles[0], st.Articles[1]
		d.Disputes = []prompts.Point{{Topic: "Sample point", Kind: story.KindFactual, Summary: "The sources differ.", Positions: []prompts.Position{
			{Source: a.Source, SourceID: a.ID, Claim: "one version", Quote: a.Text, QuoteVerified: true},
			{Source: b.Source, SourceID: b.ID, Claim: "another version", Quote: b.Text, QuoteVerified: true}}}}
	}
	d.Outputs = map[string]prompts.Output{}
	for _, name := range def.Reads {
		if name == prompts.ReadArticles {
			continue
		}
		read, _ := set.Stage(name)
		if name == prompts.ReadSummaries {
			read, _ = set.Stage(prompts.SourceSummary)
		}
		var data any
		if read.Output == "json" {
			if sch, err := schema.Parse(read.Schema); err == nil {
				data = sch.Zero()
			}
		}
		o := prompts.Output{Text: "Sample output of " + name + ".", Data: data}
		if read.Scope == prompts.ScopeArticle {
			for _, a := range st.Articles {
				o.Articles = append(o.Articles, prompts.ArticleOutput{ID: a.ID, Source: a.Source, Text: o.Text, Data: data})
			}
		}
		d.Outputs[name] = o
	}
}

// DryRunStory runs a story's stage graph as Run would, with eng, and
// writes nothing: the dry run's way of making every call a run would make,
// in the same order and with the same inputs. It returns the failures.
func DryRunStory(ctx context.Context, eng Engine, st *story.Story, stages []prompts.Stage) []manifest.Error {
	rec := &manifest.Recorder{}
	r := &runner{eng: eng, rec: rec, log: slog.New(slog.DiscardHandler), cancel: func(error) {}}
	r.plan, _ = newPlan(stages, eng)
	r.group.SetLimit(1)
	sr := &storyRun{st: st, graph: newGraphState(r.plan), summaries: map[string]string{}, outputs: map[string]*StageOutput{}}
	if len(st.Articles) > 0 {
		r.startGraph(ctx, sr, func(task func()) { task() })
	}
	r.group.Wait()
	var m manifest.Manifest
	rec.Fill(&m)
	return m.Errors
}
