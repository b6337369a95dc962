package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/summarize/summarize/internal/cache"
	"github.com/summarize/summarize/internal/llm"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/schema"
	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/prompts"
)

// Completer sends one chat completion, with its own retries.
type Completer interface {
	Complete(ctx context.Context, req llm.Request) (llm.Reply, error)
}

// ReplyCache stores validated model replies by request.
type ReplyCache interface {
	Get(key cache.Key) ([]byte, bool)
	Put(key cache.Key, data []byte) error
}

// TokenCounter counts and splits text in model tokens.
type TokenCounter interface {
	Count(text string) int
	Split(text string, budget int) []string
}

// StageSettings are the effective model settings of one stage.
type StageSettings struct {
	Model             string
	Temperature, TopP *float64
	Seed              *int
	MaxOutputTokens   int
	// MaxInputTokens is the budget for the untrusted text of one call:
	// longer inputs are split (summaries) or reduced in a tree (briefs).
	MaxInputTokens int
	// ValidationRetries bounds how often a reply that fails validation is
	// sent back to the model with the validation error.
	ValidationRetries int
	// JSONSchema asks for a JSON-schema response format (structured
	// stages); otherwise JSON mode.
	JSONSchema bool
}

// Price is a model's price in USD per million tokens, and the share of it
// a call answered by a provider batch does not pay.
type Price struct{ InputPerMillion, OutputPerMillion, BatchDiscount float64 }

// LLMEngine runs the stages through prompts on an OpenAI-compatible
// endpoint. Every call goes through the cache when one is set.
type LLMEngine struct {
	Client  Completer
	Cache   ReplyCache // nil: no caching
	Prompts *prompts.Set
	Tokens  TokenCounter
	Stages  map[string]StageSettings
	// Endpoint identifies the server in cache keys (never the API key).
	Endpoint string
	Recorder *manifest.Recorder
	Prices   func(model string) (Price, bool)
}

// cacheFormat changes whenever the meaning of a cache entry changes.
const cacheFormat = "summarize-reply-v1"

type cacheKey struct {
	Format   string      `json:"format"`
	Endpoint string      `json:"endpoint"`
	Request  llm.Request `json:"request"`
}

type cacheEntry struct {
	Content          string `json:"content"`
	Model            string `json:"model"`
	PromptTokens     int    `json:"prompt_tokens"`
	CompletionTokens int    `json:"completion_tokens"`
}

type callSite struct {
	stage, story, article, part string
}

func (e *LLMEngine) settings(stage string) StageSettings { return e.Stages[stage] }

// request builds the request for rendered messages.
func (e *LLMEngine) request(stage string, msgs []prompts.Message) llm.Request {
	s := e.settings(stage)
	req := llm.Request{Model: s.Model, Temperature: s.Temperature, TopP: s.TopP, Seed: s.Seed, MaxTokens: s.MaxOutputTokens}
	for _, m := range msgs {
		req.Messages = append(req.Messages, llm.Message{Role: m.Role, Content: m.Content})
	}
	if def, _ := e.Prompts.Stage(stage); def.Output == "json" {
		if s.JSONSchema {
			name := def.SchemaName
			if name == "" {
				name = def.Name
			}
			req.Schema = &llm.Schema{Name: name, Schema: def.Schema}
		} else {
			req.JSONMode = true
		}
	}
	return req
}

// call sends one prompt, or answers it from the cache. A reply that fails
// validate is sent back with the error, at most ValidationRetries times; only
// a reply that passes is cached, under the original request's key, so a
// re-run never repeats the repair.
func (e *LLMEngine) call(ctx context.Context, site callSite, msgs []prompts.Message, validate func(string) error) (string, error) {
	req := e.request(site.stage, msgs)
	req.Group = site.story
	rec := manifest.Call{Stage: site.stage, Story: site.story, Article: site.article, Part: site.part, Model: req.Model, Cache: "off"}
	var key cache.Key
	if e.Cache != nil {
		k, err := cache.KeyOf(cacheKey{Format: cacheFormat, Endpoint: e.Endpoint, Request: req})
		if err != nil {
			return "", err
		}
		key, rec.Cache, rec.CacheKey = k, "miss", k.String()
		if data, ok := e.Cache.Get(key); ok {
			var ent cacheEntry
			if json.Unmarshal(data, &ent) == nil && validate(ent.Content) == nil {
				rec.Cache = "hit"
				rec.CachedPromptTokens, rec.CachedCompletionTokens = ent.PromptTokens, ent.CompletionTokens
				rec.CachedCostUSD = e.cost(req.Model, ent.PromptTokens, ent.CompletionTokens)
				e.noteUnwrapped(&rec, ent.Content)
				e.Recorder.AddCall(rec)
				return ent.Content, nil
			}
		}
	}
	start := time.Now()
	if def, ok := e.Prompts.Stage(site.stage); ok && def.Output == "json" {
		ctx = context.WithValue(ctx, schemaKey{}, def.Schema)
	}
	content, err := e.send(ctx, site, req, validate, &rec)
	rec.LatencyMS = time.Since(start).Milliseconds()
	if e.Prices != nil {
		if p, ok := e.Prices(req.Model); ok {
			rec.CostUSD = (float64(rec.PromptTokens)*p.InputPerMillion + float64(rec.CompletionTokens)*p.OutputPerMillion) / 1e6
			if rec.Batch != "" {
				rec.CostUSD *= 1 - p.BatchDiscount
			}
		}
	}
	if err != nil {
		rec.Error = err.Error()
		e.Recorder.AddCall(rec)
		return "", err
	}
	e.noteUnwrapped(&rec, content)
	e.Recorder.AddCall(rec)
	if e.Cache != nil {
		data, _ := json.Marshal(cacheEntry{Content: content, Model: req.Model, PromptTokens: rec.PromptTokens, CompletionTokens: rec.CompletionTokens})
		if err := e.Cache.Put(key, data); err != nil {
			// The reply is paid for: use it, and say that a re-run
			// will send it again.
			e.Recorder.AddWarning(fmt.Sprintf("%s of %s: reply used but not cached (a re-run sends it again): %v", site.stage, site.story, err))
		}
	}
	return content, nil
}

// cost estimates a call's cost in USD from the price table; 0 for a
// model without a price.
func (e *LLMEngine) cost(model string, promptTokens, completionTokens int) float64 {
	if e.Prices == nil {
		return 0
	}
	p, ok := e.Prices(model)
	if !ok {
		return 0
	}
	return (float64(promptTokens)*p.InputPerMillion + float64(completionTokens)*p.OutputPerMillion) / 1e6
}

type schemaKey struct{}

// StageSchema returns the JSON schema of the stage a Completer is called
// for, nil for a text stage. The request carries it only in json_schema
// mode; a Completer that answers locally, as the dry run's does, needs it
// in JSON mode too, to answer in a shape that passes validation.
func StageSchema(ctx context.Context) json.RawMessage {
	s, _ := ctx.Value(schemaKey{}).(json.RawMessage)
	return s
}

func (e *LLMEngine) send(ctx context.Context, site callSite, req llm.Request, validate func(string) error, rec *manifest.Call) (string, error) {
	retries := e.settings(site.stage).ValidationRetries
	for try := 0; ; try++ {
		reply, err := e.Client.Complete(ctx, req)
		rec.Attempts += max(reply.Attempts, 1)
		rec.PromptTokens += reply.PromptTokens
		rec.CompletionTokens += reply.CompletionTokens
		if reply.Batch != "" {
			rec.Batch = reply.Batch
		}
		if err != nil {
			if errors.Is(err, llm.ErrEndpoint) {
				err = fmt.Errorf("%w: %w", ErrFatal, err)
			}
			return "", err
		}
		verr := validate(reply.Content)
		if verr == nil {
			return reply.Content, nil
		}
		if try >= retries {
			return "", fmt.Errorf("invalid reply after %d tries: %w", try+1, verr)
		}
		req.Messages = append(req.Messages,
			llm.Message{Role: "assistant", Content: reply.Content},
			llm.Message{Role: "user", Content: "Your reply was not valid: " + verr.Error() + ". Reply again with only the corrected answer, in the required shape."})
	}
}

func acceptText(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("empty reply")
	}
	return nil
}

func (e *LLMEngine) render(stage string, data prompts.Data) ([]prompts.Message, error) {
	p, err := e.Prompts.Get(stage)
	if err != nil {
		return nil, err
	}
	return p.Render(data)
}

func storyData(st *story.Story) prompts.Data {
	d := prompts.Data{Story: prompts.StoryInfo{ID: st.ID, Name: st.Name}}
	for _, a := range st.Articles {
		d.Sources = append(d.Sources, prompts.Source{ID: a.ID, Name: a.Source, Title: a.Title, URL: a.URL, Published: a.Published})
	}
	return d
}

func articleText(a *story.Article, text string) prompts.Text {
	return prompts.Text{ID: a.ID, Source: a.Source, Title: a.Title, Published: a.Published, Text: text}
}

// Summarize summarizes one article; one too long for the stage's input
// budget is split on paragraph boundaries, its parts summarized and the
// part summaries combined.
func (e *LLMEngine) Summarize(ctx context.Context, st *story.Story, a *story.Article) (string, error) {
	budget := e.settings(prompts.SourceSummary).MaxInputTokens
	site := callSite{stage: prompts.SourceSummary, story: st.ID, article: a.ID}
	if e.fits(budget, a.Text) {
		d := storyData(st)
		d.Article = articleText(a, a.Text)
		return e.renderAndCall(ctx, site, d, acceptText)
	}
	pieces := e.Tokens.Split(a.Text, budget)
	parts := make([]prompts.Text, len(pieces))
	for i, piece := range pieces {
		d := storyData(st)
		d.Article = articleText(a, piece)
		d.Part, d.PartCount = i+1, len(pieces)
		site.part = fmt.Sprintf("%d/%d", i+1, len(pieces))
		sum, err := e.renderAndCall(ctx, site, d, acceptText)
		if err != nil {
			return "", fmt.Errorf("part %d of %d: %w", i+1, len(pieces), err)
		}
		parts[i] = articleText(a, sum)
		parts[i].ID = fmt.Sprintf("%s-part-%d", a.ID, i+1)
	}
	d := storyData(st)
	d.Article = articleText(a, "")
	d.Combine, d.Parts = true, parts
	site.part = "combine"
	return e.renderAndCall(ctx, site, d, acceptText)
}

func (e *LLMEngine) renderAndCall(ctx context.Context, site callSite, d prompts.Data, validate func(string) error) (string, error) {
	msgs, err := e.render(site.stage, d)
	if err != nil {
		return "", err
	}
	return e.call(ctx, site, msgs, validate)
}

// Brief merges the summaries; when they exceed the stage's input budget
// they are reduced in a tree: groups that fit are briefed first, and the
// partial briefs briefed again, until one call holds everything.
func (e *LLMEngine) Brief(ctx context.Context, st *story.Story, in Inputs) (string, error) {
	sums := in.Summaries
	budget := e.settings(prompts.Brief).MaxInputTokens
	points := briefPoints(st, in.Disputes)
	if budget > 0 && len(points) > 0 {
		// The final call carries the disputed points beside the
		// summaries: they count against the same budget.
		budget = max(budget-e.Tokens.Count(prompts.Points(points)), 1)
	}
	items := make([]prompts.Text, len(sums))
	for i, s := range sums {
		items[i] = articleText(s.Article, s.Text)
	}
	site := callSite{stage: prompts.Brief, story: st.ID}
	for level := 1; ; level++ {
		groups := e.pack(items, budget)
		if len(groups) <= 1 {
			d := storyData(st)
			d.Summaries, d.Missing, d.Partial = items, in.Missing, level > 1
			d.Disputes = points
			d.Outputs = templateOutputs(st, nil, in.Outputs)
			site.part = ""
			return e.renderAndCall(ctx, site, d, acceptText)
		}
		next := make([]prompts.Text, len(groups))
		for i, g := range groups {
			d := storyData(st)
			d.Summaries, d.Partial = g, level > 1
			site.part = fmt.Sprintf("reduce-%d-%d", level, i+1)
			out, err := e.renderAndCall(ctx, site, d, acceptText)
			if err != nil {
				return "", fmt.Errorf("partial brief %s: %w", site.part, err)
			}
			var names []string
			for _, t := range g {
				names = append(names, t.Source)
			}
			next[i] = prompts.Text{ID: fmt.Sprintf("partial-%d-%d", level, i+1), Source: "partial brief of " + strings.Join(names, ", "), Text: out}
		}
		items = next
	}
}

// RunStage runs a stage defined by a prompt file for article a, or for
// the story when a is nil. Its input is not split: input beyond the
// stage's max_input_tokens is an error rather than cut. A json stage's
// reply must satisfy the stage's schema; one that does not is sent back
// with the reason, at most validation_retries times.
func (e *LLMEngine) RunStage(ctx context.Context, def prompts.Stage, st *story.Story, a *story.Article, in Inputs) (string, error) {
	d := storyData(st)
	d.Missing = in.Missing
	d.Outputs = templateOutputs(st, a, in.Outputs)
	var texts []string
	site := callSite{stage: def.Name, story: st.ID}
	if a != nil {
		d.Article = articleText(a, a.Text)
		site.article = a.ID
		texts = append(texts, a.Text)
	} else if def.ReadsStage(prompts.ReadArticles) {
		d.FenceKind = "ARTICLE"
		for _, art := range st.Articles {
			d.Articles = append(d.Articles, articleText(art, art.Text))
			texts = append(texts, art.Text)
		}
	}
	if def.ReadsStage(prompts.ReadSummaries) {
		for _, s := range in.Summaries {
			d.Summaries = append(d.Summaries, articleText(s.Article, s.Text))
			texts = append(texts, s.Text)
		}
	}
	if def.ReadsStage(prompts.Disputes) {
		d.Disputes = briefPoints(st, in.Disputes)
	}
	for _, o := range d.Outputs {
		texts = append(texts, o.Text)
		for _, ao := range o.Articles {
			texts = append(texts, ao.Text)
		}
	}
	if budget := e.settings(def.Name).MaxInputTokens; !e.fits(budget, texts...) {
		return "", fmt.Errorf("its input exceeds max_input_tokens (%d) and a stage defined by a prompt file is not split; raise max_input_tokens in %s.md or read a shorter stage's output", budget, def.Name)
	}
	validate := acceptText
	if def.Output == "json" {
		sch, err := schema.Parse(def.Schema)
		if err != nil {
			return "", err
		}
		validate = func(content string) error {
			var v any
			payload, _ := jsonPayload(content)
			if err := json.Unmarshal([]byte(payload), &v); err != nil {
				return fmt.Errorf("the reply is not JSON: %v", err)
			}
			return sch.Check(v)
		}
	}
	return e.renderAndCall(ctx, site, d, validate)
}

// templateOutputs gives a template the outputs its stage reads; a is the
// article an article-scope stage runs for (nil for a story-scope stage).
func templateOutputs(st *story.Story, a *story.Article, outs map[string]StageOutput) map[string]prompts.Output {
	m := make(map[string]prompts.Output, len(outs))
	for name, so := range outs {
		var o prompts.Output
		if so.Story != nil {
			o.Text, o.Data = so.Story.Text, so.Story.Data
		}
		for _, art := range st.Articles {
			if ao := so.Articles[art.ID]; ao != nil {
				o.Articles = append(o.Articles, prompts.ArticleOutput{ID: art.ID, Source: art.Source, Text: ao.Text, Data: ao.Data})
				if a != nil && art.ID == a.ID {
					o.Text, o.Data = ao.Text, ao.Data
				}
			}
		}
		m[name] = o
	}
	return m
}

// briefPoints gives the brief's template the disputed points, each
// position naming its source as the brief cites it.
func briefPoints(st *story.Story, points []story.Point) []prompts.Point {
	out := make([]prompts.Point, 0, len(points))
	for _, p := range points {
		bp := prompts.Point{Topic: p.Topic, Kind: p.Kind, Summary: p.Summary}
		for _, pos := range p.Positions {
			name := pos.Source
			if a := st.Article(pos.Source); a != nil {
				name = a.Source
			}
			bp.Positions = append(bp.Positions, prompts.Position{Source: name, SourceID: pos.Source, Claim: pos.Claim, Quote: pos.Quote, QuoteVerified: pos.QuoteVerified})
		}
		out = append(out, bp)
	}
	return out
}

// fits reports whether texts together are within budget tokens (no
// budget: always). Texts no longer in bytes than the budget fit without
// being counted, since no token is shorter than a byte: counting costs
// about a millisecond per thousand tokens, which a re-run answered from
// the cache would otherwise spend on every article.
func (e *LLMEngine) fits(budget int, texts ...string) bool {
	if budget <= 0 {
		return true
	}
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	if size <= budget {
		return true
	}
	total := 0
	for _, t := range texts {
		total += e.Tokens.Count(t)
	}
	return total <= budget
}

// pack groups texts greedily into runs whose tokens fit budget. Every
// group of a reduction level has at least two texts, so each level shrinks
// the list and the tree ends.
func (e *LLMEngine) pack(items []prompts.Text, budget int) [][]prompts.Text {
	tok := e.Tokens
	if len(items) <= 1 {
		return [][]prompts.Text{items}
	}
	texts := make([]string, len(items))
	for i, t := range items {
		texts[i] = t.Text
	}
	if e.fits(budget, texts...) {
		return [][]prompts.Text{items}
	}
	var groups [][]prompts.Text
	var cur []prompts.Text
	size := 0
	for _, t := range items {
		n := tok.Count(t.Text)
		if len(cur) >= 2 && size+n > budget {
			groups = append(groups, cur)
			cur, size = nil, 0
		}
		cur = append(cur, t)
		size += n
	}
	if len(cur) == 1 && len(groups) > 0 {
		groups[len(groups)-1] = append(groups[len(groups)-1], cur[0])
	} else {
		groups = append(groups, cur)
	}
	return groups
}

// Disputes compares the full articles when they fit the stage's budget and
// their summaries otherwise.
func (e *LLMEngine) Disputes(ctx context.Context, st *story.Story, in Inputs) ([]story.Point, error) {
	sums := in.Summaries
	budget := e.settings(prompts.Disputes).MaxInputTokens
	d := storyData(st)
	d.Outputs = templateOutputs(st, nil, in.Outputs)
	d.FenceKind = "ARTICLE"
	texts := make([]string, len(sums))
	for i, s := range sums {
		d.Articles = append(d.Articles, articleText(s.Article, s.Article.Text))
		texts[i] = s.Article.Text
	}
	if def, _ := e.Prompts.Stage(prompts.Disputes); !def.ReadsStage(prompts.ReadArticles) {
		// A disputes prompt that compares what another stage extracted
		// (such as claims) reads no article text: its input is bounded
		// by that stage's replies.
		d.Articles, d.FenceKind = nil, ""
	} else if !e.fits(budget, texts...) {
		d.Articles, d.FenceKind, d.FromSummaries = nil, "SUMMARY", true
		total := 0
		for _, s := range sums {
			d.Articles = append(d.Articles, articleText(s.Article, s.Text))
			total += e.Tokens.Count(s.Text)
		}
		if total > budget {
			return nil, fmt.Errorf("even the summaries (%d tokens) exceed stages.disputes.max_input_tokens (%d)", total, budget)
		}
	}
	var points []story.Point
	validate := func(content string) error {
		p, err := parseDisputes(content)
		if err == nil {
			points = p
		}
		return err
	}
	if _, err := e.renderAndCall(ctx, callSite{stage: prompts.Disputes, story: st.ID}, d, validate); err != nil {
		return nil, err
	}
	return points, nil
}

// disputesReply is the shape the disputes prompt asks the model for.
type disputesReply struct {
	DisputedPoints []struct {
		Topic     string `json:"topic"`
		Kind      string `json:"kind"`
		Summary   string `json:"summary"`
		Positions []struct {
			Source string `json:"source"`
			Claim  string `json:"claim"`
			Quote  string `json:"quote"`
		} `json:"positions"`
	} `json:"disputed_points"`
}

// parseDisputes decodes and validates a disputes reply. The errors are
// written for the model, which sees them when asked to try again.
func parseDisputes(content string) ([]story.Point, error) {
	s, _ := jsonPayload(content)
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	var r disputesReply
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("the reply is not the required JSON object: %v", err)
	}
	if dec.More() {
		return nil, errors.New("the reply has text after the JSON object")
	}
	if r.DisputedPoints == nil && !strings.Contains(s, `"disputed_points"`) {
		return nil, errors.New(`the reply has no "disputed_points" field`)
	}
	points := make([]story.Point, 0, len(r.DisputedPoints))
	for i, p := range r.DisputedPoints {
		n := i + 1
		if strings.TrimSpace(p.Topic) == "" {
			return nil, fmt.Errorf("disputed point %d has an empty topic", n)
		}
		if !validKind(p.Kind) {
			return nil, fmt.Errorf("disputed point %d has kind %q; use one of %s", n, p.Kind, strings.Join(story.Kinds, ", "))
		}
		if len(p.Positions) == 0 {
			return nil, fmt.Errorf("disputed point %d has no positions", n)
		}
		pt := story.Point{Topic: p.Topic, Kind: p.Kind, Summary: p.Summary}
		for j, pos := range p.Positions {
			if strings.TrimSpace(pos.Source) == "" || strings.TrimSpace(pos.Quote) == "" {
				return nil, fmt.Errorf("position %d of disputed point %d needs a source and a quote", j+1, n)
			}
			pt.Positions = append(pt.Positions, story.Position{Source: pos.Source, Claim: pos.Claim, Quote: pos.Quote})
		}
		points = append(points, pt)
	}
	return points, nil
}

func validKind(k string) bool {
	for _, v := range story.Kinds {
		if k == v {
			return true
		}
	}
	return false
}
