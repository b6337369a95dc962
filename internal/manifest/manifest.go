// Package manifest defines manifest.json, the record of one run: what was
// configured, every model call made or answered from the cache, what each
// story produced and what failed.
//
// A Recorder collects call records and errors from many goroutines at once;
// all its methods are safe for concurrent use. A Manifest is plain data.
package manifest

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"sync"
	"time"
)

// Version is the version of the manifest.json format.
const Version = 1

// PromptsDir is the folder of a run folder that holds a copy of each
// prompt file the run used, as PromptsDir/NAME.md. It starts with "_",
// which no story folder name (a slug) does.
const PromptsDir = "_prompts"

// Manifest is the content of manifest.json.
type Manifest struct {
	Version  int       `json:"version"`
	RunID    string    `json:"run_id"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Status is "complete" (every story done), "partial" (some failed),
	// "flagged" (every story finished, some flagged by a gated check),
	// "interrupted" or "aborted" (a fatal error such as a rejected key).
	Status   string `json:"status"`
	ExitCode int    `json:"exit_code"`
	Provider string `json:"provider"`
	Model    string `json:"model,omitempty"`
	BaseURL  string `json:"base_url,omitempty"`
	// ConfigDigest is the SHA-256 of the effective configuration, secrets
	// excluded; Config is that configuration.
	ConfigDigest  string            `json:"config_digest"`
	Config        map[string]any    `json:"config,omitempty"`
	PromptDigests map[string]string `json:"prompt_digests,omitempty"`
	// PromptStages lists the stages defined by prompt files that the run
	// ran, with the files each writes in a story folder ("{article}"
	// stands for each article ID), so that readers of a run folder (the
	// report, diff) find their outputs.
	PromptStages []StageFiles `json:"prompt_stages,omitempty"`
	Stories      []Story      `json:"stories"`
	Calls        []Call       `json:"calls"`
	Errors       []Error      `json:"errors"`
	// Warnings are run-wide problems that cost no output but may cost
	// money later, such as a reply that was used but could not be cached, or
	// settings the engine ignores (a prompts folder given to offline).
	Warnings []string `json:"warnings,omitempty"`
	Totals   Totals   `json:"totals"`
}

// StageFiles describes a stage defined by a prompt file.
type StageFiles struct {
	Name   string   `json:"name"`
	Scope  string   `json:"scope"`  // "article" or "story"
	Output string   `json:"output"` // "text" or "json"
	Files  []string `json:"files"`
}

// Story records one story's outcome.
type Story struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Path string `json:"path"`
	// Dir is the story's output folder, relative to the run folder.
	Dir      string   `json:"dir"`
	Status   string   `json:"status"` // "done", "flagged", "partial" or "failed"
	Articles []string `json:"articles"`
	// Failed lists the IDs (or paths) of articles that produced no summary.
	Failed           []string `json:"failed,omitempty"`
	DisputedPoints   int      `json:"disputed_points"`
	UnverifiedQuotes int      `json:"unverified_quotes"`
	UnknownSources   int      `json:"unknown_sources"`
	Warnings         []string `json:"warnings,omitempty"`
	// Checks holds the count of every check (story.CheckNames) on the
	// story's brief and disputes; Flagged names the gated ones that are
	// not zero, which make the status "flagged".
	Checks  map[string]int `json:"checks,omitempty"`
	Flagged []string       `json:"flagged,omitempty"`
	// InputKey is the SHA-256 of everything the story's outputs depend
	// on: its input files' paths and contents, the settings that shape
	// outputs, the prompts and the program. OutputsDigest is the SHA-256
	// of the files the pipeline wrote for it (report.html aside). Both
	// are set for done stories only; together they let the next run carry
	// the story over instead of computing it again.
	InputKey      string `json:"input_key,omitempty"`
	OutputsDigest string `json:"outputs_digest,omitempty"`
	// ReusedFrom names the run whose files this story's were carried over
	// from (linked, not recomputed); "" when this run computed them. Such
	// a story has no calls in this run.
	ReusedFrom string `json:"reused_from,omitempty"`
	// CacheKeys lists the reply-cache entries a done story's outputs were
	// made from, carried forward with the story, so that a run carrying
	// it over can keep them as recently used as a run computing it.
	CacheKeys []string `json:"cache_keys,omitempty"`
}

// Call records one logical model call: one prompt sent (with its retries)
// or answered from the cache.
type Call struct {
	Stage   string `json:"stage"`
	Story   string `json:"story"`
	Article string `json:"article,omitempty"`
	// Part names a piece of a split input, such as "2/3" or "reduce-1".
	Part  string `json:"part,omitempty"`
	Model string `json:"model,omitempty"`
	Cache string `json:"cache"` // "hit", "miss" or "off"
	// Attempts counts the HTTP requests sent; 0 for a cache hit.
	Attempts         int     `json:"attempts"`
	PromptTokens     int     `json:"prompt_tokens"`
	CompletionTokens int     `json:"completion_tokens"`
	LatencyMS        int64   `json:"latency_ms"`
	CostUSD          float64 `json:"cost_usd"`
	Error            string  `json:"error,omitempty"`
	// Unwrapped says how a JSON stage's reply was found when it was not
	// bare JSON: "fence" (inside a Markdown code fence) or "prose" (with
	// text before or after it); "" otherwise.
	Unwrapped string `json:"unwrapped,omitempty"`
	// CachedPromptTokens, CachedCompletionTokens and CachedCostUSD are,
	// for a cache hit, the usage and cost of the reply when it was sent:
	// what the call would cost without the cache. Zero otherwise.
	CachedPromptTokens     int     `json:"cached_prompt_tokens,omitempty"`
	CachedCompletionTokens int     `json:"cached_completion_tokens,omitempty"`
	CachedCostUSD          float64 `json:"cached_cost_usd,omitempty"`
	// CacheKey names the reply-cache entry that answered the call or
	// that its reply was stored under; "" with the cache off.
	CacheKey string `json:"cache_key,omitempty"`
	// Batch names the provider batch that answered the call ("" when it
	// was sent on its own); its cost is at the batch price.
	Batch string `json:"batch,omitempty"`
}

// Error records one failure: an unusable input, a failed call, a story
// that could not be finished.
type Error struct {
	Story   string `json:"story,omitempty"`
	Article string `json:"article,omitempty"`
	Stage   string `json:"stage,omitempty"`
	Path    string `json:"path,omitempty"`
	Error   string `json:"error"`
}

// Totals sums a run.
type Totals struct {
	Stories       int `json:"stories"`
	StoriesFailed int `json:"stories_failed"`
	// StoriesReused counts the stories carried over from an earlier run.
	StoriesReused int `json:"stories_reused"`
	// StoriesFlagged counts the stories with status "flagged".
	StoriesFlagged int `json:"stories_flagged"`
	Articles       int `json:"articles"`
	// Calls counts the model requests actually sent, retries included.
	Calls     int `json:"calls"`
	CacheHits int `json:"cache_hits"`
	// RepliesUnwrapped counts the calls whose JSON reply came in a code
	// fence or with prose around it (Call.Unwrapped).
	RepliesUnwrapped int `json:"replies_unwrapped"`
	// BatchCalls counts the calls answered by a provider batch.
	BatchCalls       int     `json:"batch_calls,omitempty"`
	PromptTokens     int     `json:"prompt_tokens"`
	CompletionTokens int     `json:"completion_tokens"`
	CostUSD          float64 `json:"cost_usd"`
	// Failed counts the failures listed in Errors.
	Failed int   `json:"failed"`
	WallMS int64 `json:"wall_ms"`
	// Retries counts the model requests sent again, by cause: "429",
	// "5xx", "timeout" (attempt, first-byte or stalled-stream deadline),
	// "malformed" (undecodable or unusable reply), "connection".
	Retries map[string]int `json:"retries,omitempty"`
	// WaitMS is the time calls spent held by each provider limit
	// ("requests per minute", "tokens per minute", "concurrency"), summed
	// over calls, in milliseconds.
	WaitMS map[string]int64 `json:"wait_ms,omitempty"`
}

// Recorder collects calls, stories and errors during a run.
type Recorder struct {
	// Redact, when set, is applied to every error and warning text
	// recorded, so that a secret that slipped into one never reaches
	// manifest.json. It must be safe for concurrent use.
	Redact func(string) string
	// OnHold, when set, is told when a call starts waiting for a provider
	// limit and how long it expects to wait (see Held).
	OnHold func(limit string, d time.Duration)

	mu      sync.Mutex
	calls   []Call
	stories []Story
	errors  []Error
	warns   []string
	keys    map[string][]string // cache keys of answered calls, by story
	retries map[string]int
	waits   map[string]time.Duration
}

// AddRetry counts a model request sent again, by cause.
func (r *Recorder) AddRetry(cause string) {
	r.mu.Lock()
	if r.retries == nil {
		r.retries = make(map[string]int)
	}
	r.retries[cause]++
	r.mu.Unlock()
}

// Held reports that a call starts waiting about d for a provider limit;
// it passes the news to OnHold.
func (r *Recorder) Held(limit string, d time.Duration) {
	if r.OnHold != nil {
		r.OnHold(limit, d)
	}
}

// AddWait adds time a call spent held by a provider limit.
func (r *Recorder) AddWait(limit string, d time.Duration) {
	r.mu.Lock()
	if r.waits == nil {
		r.waits = make(map[string]time.Duration)
	}
	r.waits[limit] += d
	r.mu.Unlock()
}

// AddCall records a call.
func (r *Recorder) AddCall(c Call) {
	c.Error = r.redact(c.Error)
	r.mu.Lock()
	r.calls = append(r.calls, c)
	if c.CacheKey != "" && c.Error == "" {
		if r.keys == nil {
			r.keys = make(map[string][]string)
		}
		r.keys[c.Story] = append(r.keys[c.Story], c.CacheKey)
	}
	r.mu.Unlock()
}

// CacheKeys returns the cache keys of the calls answered so far for
// story, sorted, each once.
func (r *Recorder) CacheKeys(story string) []string {
	r.mu.Lock()
	keys := slices.Clone(r.keys[story])
	r.mu.Unlock()
	slices.Sort(keys)
	return slices.Compact(keys)
}

// AddStory records a story's outcome.
func (r *Recorder) AddStory(s Story) {
	if r.Redact != nil {
		s.Warnings = slices.Clone(s.Warnings)
		for i, w := range s.Warnings {
			s.Warnings[i] = r.redact(w)
		}
	}
	r.mu.Lock()
	r.stories = append(r.stories, s)
	r.mu.Unlock()
}

// AddError records a failure.
func (r *Recorder) AddError(e Error) {
	e.Error = r.redact(e.Error)
	r.mu.Lock()
	r.errors = append(r.errors, e)
	r.mu.Unlock()
}

func (r *Recorder) redact(s string) string {
	if r.Redact == nil || s == "" {
		return s
	}
	return r.Redact(s)
}

// AddWarning records a run-wide warning.
func (r *Recorder) AddWarning(w string) {
	w = r.redact(w)
	r.mu.Lock()
	r.warns = append(r.warns, w)
	r.mu.Unlock()
}

// Fill copies what was recorded into m, in a deterministic order, and
// computes m.Totals (all but WallMS).
func (r *Recorder) Fill(m *Manifest) {
	r.mu.Lock()
	defer r.mu.Unlock()
	m.Calls = append([]Call(nil), r.calls...)
	m.Stories = append([]Story(nil), r.stories...)
	m.Errors = append([]Error(nil), r.errors...)
	// Warnings given before the run (in m already) come first.
	m.Warnings = append(m.Warnings, r.warns...)
	sort.Strings(m.Warnings[len(m.Warnings)-len(r.warns):])
	sort.SliceStable(m.Calls, func(i, j int) bool {
		a, b := m.Calls[i], m.Calls[j]
		if a.Story != b.Story {
			return a.Story < b.Story
		}
		if a.Stage != b.Stage {
			return a.Stage < b.Stage
		}
		if a.Article != b.Article {
			return a.Article < b.Article
		}
		return a.Part < b.Part
	})
	sort.SliceStable(m.Stories, func(i, j int) bool { return m.Stories[i].ID < m.Stories[j].ID })
	sort.SliceStable(m.Errors, func(i, j int) bool {
		a, b := m.Errors[i], m.Errors[j]
		if a.Story != b.Story {
			return a.Story < b.Story
		}
		return a.Article+a.Path+a.Stage < b.Article+b.Path+b.Stage
	})
	t := Totals{WallMS: m.Totals.WallMS, Stories: len(m.Stories), Failed: len(m.Errors)}
	if len(r.retries) > 0 {
		t.Retries = maps.Clone(r.retries)
	}
	for limit, d := range r.waits {
		if t.WaitMS == nil {
			t.WaitMS = make(map[string]int64)
		}
		t.WaitMS[limit] = d.Milliseconds()
	}
	for _, s := range m.Stories {
		t.Articles += len(s.Articles)
		switch s.Status {
		case "failed":
			t.StoriesFailed++
		case "flagged":
			t.StoriesFlagged++
		}
		if s.ReusedFrom != "" {
			t.StoriesReused++
		}
	}
	for _, c := range m.Calls {
		t.Calls += c.Attempts
		if c.Cache == "hit" {
			t.CacheHits++
		}
		if c.Unwrapped != "" {
			t.RepliesUnwrapped++
		}
		if c.Batch != "" {
			t.BatchCalls++
		}
		t.PromptTokens += c.PromptTokens
		t.CompletionTokens += c.CompletionTokens
		t.CostUSD += c.CostUSD
	}
	m.Totals = t
}

// Read loads a manifest.json.
func Read(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("read manifest %s: %w", path, err)
	}
	if m.Version != Version {
		return nil, fmt.Errorf("read manifest %s: version %d, want %d", path, m.Version, Version)
	}
	return &m, nil
}
