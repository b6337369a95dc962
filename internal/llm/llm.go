// Package llm is the one client summarize uses for every OpenAI-compatible
// chat completions endpoint (OpenAI, Azure OpenAI, OpenRouter, Groq,
// Together, vLLM, Ollama, llama.cpp server), built on go-openai.
//
// Complete sends one chat completion and guarantees:
//   - replies are streamed (stream: true with stream_options.include_usage)
//     unless Config.NoStream is set or the endpoint rejects it, so a hung
//     request is caught by a deadline on its first byte
//     (Config.FirstByteTimeout) and on the gap between chunks
//     (Config.ChunkTimeout) long before the total deadline of an attempt
//     (Config.Timeout); content, refusal, finish reason, model and usage
//     are read from the stream exactly as from a plain reply, so the Reply
//     is the same either way;
//   - every reply body is read with a bound sized from the request's
//     MaxTokens (bodyLimit); a body past it fails the call at once, with an
//     error that says so, instead of filling memory;
//   - 408, 429, 500, 502, 503, 504, attempt timeouts, stalled streams,
//     broken connections and unusable replies (empty, truncated,
//     filtered, refused, undecodable) are retried with exponential backoff
//     and jitter, waiting at least what Retry-After (or retry-after-ms, or
//     the reset the 429 names) asks, up to Config.MaxRetryAfter; when
//     attempts run out the error says why, and unusable replies match
//     ErrBadReply;
//   - other 4xx are not retried; 401 and 403 match ErrAuth;
//   - errors after which no call to this endpoint can succeed match
//     ErrEndpoint, and name the endpoint and the cause: a rejected key, a
//     404 on the chat path (with "did you mean …/v1?" when the base URL
//     lacks it), a model that does not exist, connection refused or a
//     host that does not resolve before the endpoint ever answered, and a
//     streak of failStreak calls in a row failing for at least
//     failStreakGroups different Request.Group values;
//   - at most MaxAttempts HTTP requests are sent that fail for a reason
//     other than a 429, and at most rateWaits×MaxAttempts answered 429
//     (a 429 asks the client to wait, it does not say the request
//     failed), plus one if the endpoint rejects a json_schema response
//     format or streaming: the request is then resent without it, and the
//     client does without it for the rest of its life;
//   - a sampling parameter that is set reaches the wire even when it is 0
//     (go-openai itself drops "temperature":0), and one that is nil is not
//     sent;
//   - no error string, log record or Reply field contains the API key in
//     any form it can take on the way back: as given, trimmed of white
//     space (as the HTTP layer sends it), or JSON-escaped; this holds for
//     error bodies and for the content of a successful completion alike.
//
// # Limits
//
// The client paces requests to the provider's limits, learned from the
// rate-limit headers of every reply (x-ratelimit-limit-requests,
// -limit-tokens, -remaining-*, -reset-*, and the variants Azure, Groq and
// OpenRouter send; see parseRateHeaders). Each limit is mirrored as the
// provider documents it: a budget of limit units per minute, refilled
// continuously, whose level is corrected from each reply's remaining
// figure. A request counts one against requests and its prompt plus its
// MaxTokens against tokens, as OpenAI counts them. A configured
// RequestsPerMinute or TokensPerMinute is a ceiling on what is learned, and
// the pace before anything is learned; 0 means learn only. Nothing is
// assumed about anyone's tier.
//
// A 429 is not one thing:
//   - a rate 429 (it carries rate-limit headers, or its message names
//     requests or tokens per minute) waits for the reset it names; when it
//     says a budget is spent, every call waits for that budget's reset,
//     not only the rejected one, and a limit named in its message ("Limit
//     30000") is learned, so the pace slows to it;
//   - only repeated 429s that track requests in flight lower concurrency:
//     multiplicatively, at least to 1, recovering within 30 s (see
//     adaptiveLimit); random 429s, as from a quota shared with other jobs,
//     leave it alone.
//
// Waits are reported: Config.OnHold when a wait for a limit begins,
// Config.OnWait with its length when it ends, Config.OnRetry with the
// cause of each retry.
//
// Complete does not check that a JSON reply is valid or matches the schema:
// callers parse it and decide whether to re-prompt with the validation
// error.
//
// A Client is safe for concurrent use by many goroutines, and its limits
// apply across all of them; share one per endpoint.
package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Config describes an endpoint and how to talk to it. Zero durations and
// MaxAttempts take the defaults documented on each field.
type Config struct {
	// BaseURL is the endpoint's API root, such as https://api.openai.com/v1
	// (the default) or http://localhost:11434/v1.
	BaseURL string
	// APIKey is sent as a bearer token (or the api-key header for Azure);
	// it may be empty for local servers.
	APIKey string
	// APIType is "openai" (the default) or "azure".
	APIType string
	// APIVersion is Azure's api-version query parameter (default
	// 2023-05-15); it is ignored for other APIs.
	APIVersion string

	// Timeout bounds each HTTP attempt, reading the reply included
	// (default 2m): it is sized for long replies, and streaming catches
	// hangs sooner.
	Timeout time.Duration
	// NoStream asks for plain (not streamed) replies; then only Timeout
	// catches a hung request.
	NoStream bool
	// FirstByteTimeout bounds the wait for a streamed reply's headers
	// (default 30s: time to first token is a few seconds for prompts of
	// tens of thousands of tokens on OpenAI's and Groq's endpoints, so 30 s
	// is an order of magnitude of margin, yet a quarter of Timeout). It
	// does not apply to reasoning models, which think before they answer.
	FirstByteTimeout time.Duration
	// ChunkTimeout bounds the silence between two chunks of a streamed
	// reply (default 20s: chunks come every few tens of milliseconds while
	// a model writes, and providers send keep-alive comments while busy).
	ChunkTimeout time.Duration
	// MaxAttempts is the number of HTTP attempts per Complete (default 4).
	MaxAttempts int
	// BackoffInitial and BackoffMax bound the exponential backoff between
	// attempts (defaults 500ms and 30s).
	BackoffInitial, BackoffMax time.Duration
	// MaxRetryAfter caps how long a Retry-After header may make an attempt
	// wait (default 60s).
	MaxRetryAfter time.Duration

	// RequestsPerMinute and TokensPerMinute are ceilings on the limits
	// learned from the provider, and the pace until one is learned; 0
	// means learn only (see the package comment).
	RequestsPerMinute, TokensPerMinute int
	// MaxConcurrent bounds the requests in flight across all calls; 0
	// means no fixed bound. Either way repeated 429s that track requests
	// in flight lower it for a while (see the package comment).
	MaxConcurrent int

	// HTTPClient sends the requests; nil uses a new http.Client.
	HTTPClient *http.Client
	// CountTokens estimates the tokens of a text for a tokens-per-minute
	// limit; nil uses len/4. It is called only once such a limit is known.
	CountTokens func(string) int
	// Logger receives a Debug record per retry; nil discards them.
	Logger *slog.Logger

	// OnRetry is called with the cause of each retry: one of the Cause
	// constants. OnHold is called when a call starts waiting for a limit
	// (LimitRequests, LimitTokens, LimitConcurrency) and how long it
	// expects to wait; OnWait when the wait ended, with how long it was.
	// Each may be nil; all are called from the calling goroutines, at the
	// same time from many of them.
	OnRetry func(cause string)
	OnHold  func(limit string, d time.Duration)
	OnWait  func(limit string, d time.Duration)
}

// Retry causes, as Config.OnRetry reports them.
const (
	Cause429        = "429"
	Cause5xx        = "5xx"
	CauseTimeout    = "timeout"
	CauseMalformed  = "malformed" // undecodable body, broken stream, unusable reply
	CauseConnection = "connection"
)

// Message is one chat message.
type Message struct{ Role, Content string }

// Request is one chat completion request.
type Request struct {
	Model    string
	Messages []Message
	// Temperature and TopP are sent when set, including 0.
	Temperature, TopP *float64
	// MaxTokens bounds the completion; 0 leaves it to the endpoint. It is
	// sent as max_completion_tokens to reasoning models (o1, o3, o4,
	// gpt-5, gpt-6), which reject max_tokens.
	MaxTokens int
	Seed      *int
	// Schema asks for structured output (response_format json_schema,
	// strict); JSON mode is used instead where the endpoint lacks it.
	Schema *Schema
	// JSONMode asks for response_format json_object.
	JSONMode bool
	// Group names what the call is part of (a story), for telling a
	// streak of failures across the batch from one bad item. It is not
	// sent and not part of the request's identity.
	Group string `json:"-"`
}

// Schema is a named JSON schema for structured output.
type Schema struct {
	Name   string
	Schema json.RawMessage // a JSON object
}

// Reply is a completion and what it cost. On error, Complete still fills
// Attempts and Latency.
type Reply struct {
	Content, FinishReason, Model   string
	PromptTokens, CompletionTokens int
	Attempts                       int           // HTTP requests written in full to the endpoint
	Latency                        time.Duration // the whole Complete, waits and retries included
	// Batch names the provider batch that answered the request (see
	// package batch); "" for a reply to a request sent on its own.
	Batch string
}

var (
	// ErrAuth is matched by errors for which the endpoint rejected the
	// credentials (HTTP 401 or 403); retrying other calls is pointless.
	ErrAuth = errors.New("endpoint rejected the credentials")
	// ErrEndpoint is matched by errors after which no call to the
	// endpoint can succeed (ErrAuth among them): the caller should stop.
	ErrEndpoint = errors.New("endpoint cannot serve requests")
	// ErrBadReply is matched by errors for which the endpoint kept
	// answering with unusable replies (empty, truncated, filtered,
	// refused or undecodable).
	ErrBadReply = errors.New("unusable reply")
)

// StatusError is an HTTP error status returned by the endpoint.
type StatusError struct {
	StatusCode int
	// Message is the endpoint's error message (or the start of a non-JSON
	// error body), shortened, with the API key removed.
	Message string
	// Code is the endpoint's error code, such as "model_not_found".
	Code string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s: %s", e.StatusCode, http.StatusText(e.StatusCode), e.Message)
}

// Is makes 401 and 403 match ErrAuth and ErrEndpoint.
func (e *StatusError) Is(target error) bool {
	auth := e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
	return auth && (target == ErrAuth || target == ErrEndpoint)
}

// Client sends chat completions to one endpoint.
type Client struct {
	cfg        Config
	api        *openai.Client
	log        *slog.Logger
	pace       *pacer
	conc       *adaptiveLimit
	keys       redactor
	noJSONSchm atomic.Bool // the endpoint rejected json_schema once
	noStream   atomic.Bool // streaming is off, or the endpoint rejected it
	answered   atomic.Bool // the endpoint has answered at least once
	streak     failureStreak
}

// New returns a client for cfg.
func New(cfg Config) (*Client, error) {
	keys := newRedactor(cfg.APIKey)
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://api.openai.com/v1"
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("llm: base URL %q is not an http(s) URL", keys.redact(cfg.BaseURL))
	}
	if cfg.MaxAttempts < 0 || cfg.Timeout < 0 || cfg.BackoffInitial < 0 || cfg.BackoffMax < 0 ||
		cfg.MaxRetryAfter < 0 || cfg.RequestsPerMinute < 0 || cfg.TokensPerMinute < 0 || cfg.MaxConcurrent < 0 ||
		cfg.FirstByteTimeout < 0 || cfg.ChunkTimeout < 0 {
		return nil, errors.New("llm: negative attempts, durations or limits in config")
	}
	setDefault(&cfg.MaxAttempts, 4)
	setDefault(&cfg.Timeout, 2*time.Minute)
	setDefault(&cfg.FirstByteTimeout, 30*time.Second)
	setDefault(&cfg.ChunkTimeout, 20*time.Second)
	setDefault(&cfg.BackoffInitial, 500*time.Millisecond)
	setDefault(&cfg.BackoffMax, 30*time.Second)
	setDefault(&cfg.MaxRetryAfter, time.Minute)
	cfg.BackoffMax = max(cfg.BackoffMax, cfg.BackoffInitial)

	oc, err := OpenAIConfig(cfg.APIType, cfg.APIKey, cfg.BaseURL, cfg.APIVersion)
	if err != nil {
		return nil, fmt.Errorf("llm: %w", err)
	}
	httpClient := cfg.HTTPClient
	if httpClient == nil {
		httpClient = &http.Client{}
	}
	oc.HTTPClient = wireDoer{next: httpClient}

	now := time.Now
	c := &Client{
		cfg:  cfg,
		api:  openai.NewClientWithConfig(oc),
		log:  cfg.Logger,
		keys: keys,
		conc: newAdaptiveLimit(cfg.MaxConcurrent, now),
		pace: &pacer{
			requests: newBucket(cfg.RequestsPerMinute, now()),
			tokens:   newBucket(cfg.TokensPerMinute, now()),
			now:      now,
			held:     cfg.OnHold,
			waited:   cfg.OnWait,
		},
	}
	c.noStream.Store(cfg.NoStream)
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// rateWaits bounds the 429s a call may wait out beyond its MaxAttempts, as
// a multiple of MaxAttempts: with a quarter of requests answered 429, a
// call sees more than 3×5 of them with probability below 1e-9.
const rateWaits = 3

// Complete sends req, retrying as the package comment describes, and
// returns the first usable reply.
func (c *Client) Complete(ctx context.Context, req Request) (Reply, error) {
	start := time.Now()
	var reply Reply
	tries := 0
	fail := func(err error) (Reply, error) {
		reply.Latency = time.Since(start)
		if ctx.Err() == nil {
			err = c.streak.fail(req.Group, err)
		}
		return reply, c.wrap(req, tries, reply.Attempts, err)
	}
	if req.Model == "" || len(req.Messages) == 0 {
		return fail(errors.New("request needs a model and at least one message"))
	}

	budget := c.cfg.MaxAttempts
	throttled := 0
	fellBack := map[string]bool{}
	var delay time.Duration
	for {
		if tries > 0 {
			if err := sleep(ctx, delay); err != nil {
				return fail(err)
			}
		}
		m, err := c.pace.wait(ctx, func() int { return c.estimateTokens(req) })
		if err != nil {
			return fail(fmt.Errorf("wait for the provider's rate limits: %w", err))
		}
		s, err := c.acquire(ctx)
		if err != nil {
			return fail(fmt.Errorf("wait for a concurrency slot: %w", err))
		}
		useSchema := req.Schema != nil && !c.noJSONSchm.Load()
		stream := !c.noStream.Load()
		out := c.attempt(ctx, req, useSchema, stream)
		c.pace.observe(out.header, m)
		if out.header != nil {
			c.answered.Store(true)
		}
		kind := c.throttle(out)
		c.conc.release(s, kind, out.err == nil)
		tries++
		reply.Attempts += out.sent
		if out.err == nil {
			c.streak.succeed()
			out.reply.Attempts, out.reply.Latency = reply.Attempts, time.Since(start)
			return out.reply, nil
		}
		if ctx.Err() != nil {
			return fail(ctx.Err())
		}
		if f := out.fallback; f != "" && !fellBack[f] {
			// The endpoint lacks structured outputs or streaming: ask again
			// at once without, spending no retry on it.
			fellBack[f] = true
			if f == "json_schema" {
				c.noJSONSchm.Store(true)
			} else {
				c.noStream.Store(true)
			}
			budget++
			delay = 0
			c.log.Debug("llm: endpoint rejected "+f+", doing without", "model", req.Model)
			continue
		}
		if out.fatal == nil && !c.answered.Load() && out.cause == CauseConnection && tries >= 2 {
			out.fatal = c.unreachable(out.err)
		}
		if out.fatal != nil {
			return fail(out.fatal)
		}
		if out.cause == Cause429 && throttled < rateWaits*c.cfg.MaxAttempts {
			// A 429 says "not now", not "this failed": waiting for the
			// provider spends no attempt, up to a bound of its own.
			throttled++
			budget++
		}
		if !out.retry || tries >= budget {
			return fail(out.err)
		}
		if c.cfg.OnRetry != nil {
			c.cfg.OnRetry(out.cause)
		}
		// Waiting out 429s does not grow the backoff either: their wait is
		// what they name.
		delay = max(c.backoff(max(tries-throttled, 1)), min(out.retryAfter, c.cfg.MaxRetryAfter))
		c.log.Debug("llm: retrying", "model", req.Model, "try", tries, "sent", reply.Attempts,
			"delay", delay, "cause", out.cause, "err", c.keys.redact(out.err.Error()))
	}
}

// acquire takes a concurrency slot, reporting a wait caused by a lowered
// limit.
func (c *Client) acquire(ctx context.Context) (slot, error) {
	if s, ok := c.conc.tryAcquire(c.pace.now()); ok {
		return s, nil
	}
	start := time.Now()
	if c.cfg.OnHold != nil {
		c.cfg.OnHold(LimitConcurrency, 0)
	}
	s, err := c.conc.acquire(ctx)
	if c.cfg.OnWait != nil {
		c.cfg.OnWait(LimitConcurrency, time.Since(start))
	}
	return s, err
}

// throttle applies a 429's rate policy (see the package comment) and
// returns its kind for the concurrency limit.
func (c *Client) throttle(out outcome) int {
	var se *StatusError
	if !errors.As(out.err, &se) || se.StatusCode != http.StatusTooManyRequests {
		return notThrottled
	}
	now := c.pace.now()
	kind := throttledUnknown
	rq, tk := parseRateHeaders(out.header, now)
	for _, l := range []struct {
		h rateHeaders
		b *bucket
	}{{rq, c.pace.requests}, {tk, c.pace.tokens}} {
		if l.h.limit > 0 || l.h.remaining >= 0 {
			kind = throttledRate
		}
		if l.h.remaining == 0 && !l.b.refills() {
			// A spent budget whose refill is unknown (a fixed window,
			// Azure's remaining-only headers): hold every call until the
			// reset. A budget with a known rate (OpenAI's) already makes
			// calls wait just until there is room for them; its reset is
			// the time to refill completely, often minutes.
			l.b.spent(min(max(l.h.reset, out.retryAfter), c.cfg.MaxRetryAfter), now)
		}
	}
	if limit, figure, again := rateMessage(se.Message); limit != "" {
		kind = throttledRate
		b := c.pace.requests
		if limit == LimitTokens {
			b = c.pace.tokens
		}
		b.learn(figure, now)
		if again > 0 {
			b.spent(min(again, c.cfg.MaxRetryAfter), now)
		}
	}
	if strings.Contains(strings.ToLower(se.Message), "concurren") {
		kind = throttledConcurrency
	}
	return kind
}

// outcome is the result of one attempt.
type outcome struct {
	reply      Reply
	err        error
	fatal      error // set when no call to this endpoint can succeed
	cause      string
	header     http.Header // the reply's headers; nil when none arrived
	sent       int         // HTTP requests written to the endpoint (0 if refused client-side)
	retry      bool
	retryAfter time.Duration
	fallback   string // "json_schema" or "stream" when the endpoint rejected it
	// bodyLimit and maxTokens explain a body that was too large.
	bodyLimit int64
	maxTokens int
}

func (c *Client) attempt(ctx context.Context, req Request, useSchema, stream bool) outcome {
	wire := &wireParams{temperature: req.Temperature, topP: req.TopP, limit: bodyLimit(req.MaxTokens)}
	if stream && !isReasoningModel(req.Model) {
		wire.firstByte, wire.gap = c.cfg.FirstByteTimeout, c.cfg.ChunkTimeout
	}
	tctx, cancelTimeout := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancelTimeout()
	actx, cancel := context.WithCancelCause(context.WithValue(tctx, wireKey{}, wire))
	defer cancel(nil)
	wire.cancel = cancel

	cr := c.chatRequest(req, useSchema)
	var reply Reply
	var err error
	if stream {
		cr.Stream = true
		cr.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
		reply, err = c.readStream(actx, cr)
	} else {
		var resp openai.ChatCompletionResponse
		resp, err = c.api.CreateChatCompletion(actx, cr)
		if err == nil {
			reply, err = c.plainReply(resp)
		}
	}
	out := outcome{sent: int(wire.sent.Load()), header: wire.header(), bodyLimit: wire.limit, maxTokens: req.MaxTokens}
	if err != nil {
		c.classify(actx, err, &out)
		var se *StatusError
		if stream && out.header != nil && !errors.As(out.err, &se) && out.fatal == nil &&
			!strings.HasPrefix(out.header.Get("Content-Type"), "text/event-stream") {
			// A 200 that is not an event stream: the endpoint ignores
			// "stream" (or something in front of it answers instead).
			out.fallback = "stream"
		}
		if errors.As(out.err, &se) && se.StatusCode == http.StatusBadRequest {
			switch {
			case useSchema && mentionsResponseFormat(se.Message):
				out.fallback = "json_schema"
			case stream && mentionsStream(se.Message):
				out.fallback = "stream"
			}
		}
		return out
	}
	if reply.PromptTokens == 0 && reply.CompletionTokens == 0 {
		// An endpoint that ignores include_usage: estimate, so costs and
		// limits still count something.
		reply.PromptTokens = c.estimateTokens(req) - req.MaxTokens
		reply.CompletionTokens = c.count(reply.Content)
	}
	out.reply = reply
	return out
}

// replyOf checks a chat completion and returns its first choice; an
// unusable one (none, refused, filtered, truncated, empty) is an error
// matching ErrBadReply.
func replyOf(resp openai.ChatCompletionResponse) (Reply, error) {
	var c Client // no key to redact
	return c.plainReply(resp)
}

// plainReply checks a non-streamed reply.
func (c *Client) plainReply(resp openai.ChatCompletionResponse) (Reply, error) {
	if len(resp.Choices) == 0 {
		return Reply{}, fmt.Errorf("%w: no choices in the reply", ErrBadReply)
	}
	ch := resp.Choices[0]
	return c.usable(Reply{
		Content:          ch.Message.Content,
		FinishReason:     string(ch.FinishReason),
		Model:            resp.Model,
		PromptTokens:     resp.Usage.PromptTokens,
		CompletionTokens: resp.Usage.CompletionTokens,
	}, ch.Message.Refusal)
}

// readStream sends a streamed request and assembles the reply from its
// chunks: content and refusal deltas of choice 0 in order, the last
// finish_reason, the model, and the usage of the final chunk (the one with
// no choices, sent when include_usage is set).
func (c *Client) readStream(ctx context.Context, cr openai.ChatCompletionRequest) (Reply, error) {
	st, err := c.api.CreateChatCompletionStream(ctx, cr)
	if err != nil {
		return Reply{}, err
	}
	defer st.Close()
	var r Reply
	var content, refusal strings.Builder
	chunks := 0
	for {
		chunk, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if ctx.Err() == nil && chunks > 0 && isDecodeError(err) {
				err = fmt.Errorf("%w: undecodable stream chunk: %v", ErrBadReply, err)
			}
			return Reply{}, err
		}
		chunks++
		if chunk.Model != "" {
			r.Model = chunk.Model
		}
		if u := chunk.Usage; u != nil {
			r.PromptTokens, r.CompletionTokens = u.PromptTokens, u.CompletionTokens
		}
		for _, ch := range chunk.Choices {
			if ch.Index != 0 {
				continue
			}
			content.WriteString(ch.Delta.Content)
			refusal.WriteString(ch.Delta.Refusal)
			if ch.FinishReason != "" {
				r.FinishReason = string(ch.FinishReason)
			}
		}
	}
	if r.FinishReason == "" && refusal.Len() == 0 {
		// A stream that ends without a finish reason was cut off.
		return Reply{}, fmt.Errorf("%w: the stream ended before the reply was finished", ErrBadReply)
	}
	r.Content = content.String()
	return c.usable(r, refusal.String())
}

// usable rejects replies that cannot be used and removes the key from
// what the endpoint wrote.
func (c *Client) usable(r Reply, refusal string) (Reply, error) {
	switch {
	case refusal != "":
		return Reply{}, fmt.Errorf("%w: refused: %s", ErrBadReply, c.clean(refusal))
	case r.FinishReason == string(openai.FinishReasonContentFilter):
		return Reply{}, fmt.Errorf("%w: filtered (finish_reason content_filter)", ErrBadReply)
	case r.FinishReason == string(openai.FinishReasonLength):
		return Reply{}, fmt.Errorf("%w: truncated (finish_reason length)", ErrBadReply)
	case strings.TrimSpace(r.Content) == "":
		return Reply{}, fmt.Errorf("%w: empty content", ErrBadReply)
	}
	r.Content, r.Model = c.keys.redact(r.Content), c.keys.redact(r.Model)
	return r, nil
}

func (c *Client) chatRequest(req Request, useSchema bool) openai.ChatCompletionRequest {
	cr := openai.ChatCompletionRequest{Model: req.Model, Seed: req.Seed}
	for _, m := range req.Messages {
		cr.Messages = append(cr.Messages, openai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	if req.MaxTokens > 0 {
		if isReasoningModel(req.Model) {
			cr.MaxCompletionTokens = req.MaxTokens
		} else {
			// Many OpenAI-compatible servers know only max_tokens.
			//lint:ignore SA1019 deliberate, see above
			cr.MaxTokens = req.MaxTokens
		}
	}
	switch {
	case req.Schema != nil && useSchema:
		name := req.Schema.Name
		if name == "" {
			name = "output"
		}
		cr.ResponseFormat = &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name: name, Schema: req.Schema.Schema, Strict: true,
			},
		}
	case req.Schema != nil || req.JSONMode:
		cr.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	}
	// Temperature and TopP stay zero here: wireDoer writes them into the
	// body, because go-openai would drop a 0.
	return cr
}

func isReasoningModel(model string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5", "gpt-6"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}

func mentionsResponseFormat(msg string) bool {
	msg = strings.ToLower(msg)
	return strings.Contains(msg, "json_schema") || strings.Contains(msg, "response_format")
}

func mentionsStream(msg string) bool {
	return strings.Contains(strings.ToLower(msg), "stream")
}

// bodyLimit bounds a reply body for a request of maxTokens (0: the
// endpoint's default, taken as 16,384). A streamed token costs about 150
// to 250 bytes of SSE framing (a chunk repeats id, model and choice
// fields), so 1 KiB per token is four times that, and 1 MiB more covers
// error pages and the envelope.
func bodyLimit(maxTokens int) int64 {
	if maxTokens <= 0 {
		maxTokens = 16384
	}
	return 1<<20 + int64(maxTokens)<<10
}

// estimateTokens is what a request counts against a tokens-per-minute
// limit: providers count the prompt plus the completion budget.
func (c *Client) estimateTokens(req Request) int {
	n := 3 + req.MaxTokens
	for _, m := range req.Messages {
		n += 4 + c.count(m.Content)
	}
	return n
}

func (c *Client) count(s string) int {
	if c.cfg.CountTokens != nil {
		return c.cfg.CountTokens(s)
	}
	return (len(s) + 3) / 4
}

// backoff returns the wait before retry n (n >= 1): exponential, capped,
// with the upper half jittered so concurrent callers spread out.
func (c *Client) backoff(n int) time.Duration {
	d := c.cfg.BackoffInitial
	for i := 1; i < n && d < c.cfg.BackoffMax; i++ {
		d *= 2
	}
	d = min(d, c.cfg.BackoffMax)
	return d/2 + rand.N(d/2+1)
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// endpoint names the endpoint in errors, without credentials.
func (c *Client) endpoint() string {
	u, err := url.Parse(c.cfg.BaseURL)
	if err != nil {
		return "the endpoint"
	}
	u.User = nil
	return c.keys.redact(u.String())
}

// wrap gives err the call's context and removes the API key from its text.
func (c *Client) wrap(req Request, tries, sent int, err error) error {
	err = fmt.Errorf("llm: chat completion with model %s (%d tries, %d requests sent): %w", req.Model, tries, sent, err)
	if msg := c.keys.redact(err.Error()); msg != err.Error() {
		return &redactedError{msg: msg, err: err}
	}
	return err
}

// redactedError hides the key in an error's text while errors.Is and
// errors.As still see the chain.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redactor removes every form an API key can take in what comes back:
// as configured, trimmed of white space (the form the HTTP layer sends),
// and each of those JSON-escaped (as an endpoint's JSON error body quotes
// it, with or without HTML escaping).
type redactor []string

// Redactor returns the function that removes key, in every form the
// Client looks for, from a text: for callers that read replies another
// way (package batch).
func Redactor(key string) func(string) string { return newRedactor(key).redact }

func newRedactor(key string) redactor {
	var forms redactor
	add := func(s string) {
		if s != "" && !slices.Contains(forms, s) {
			forms = append(forms, s)
		}
	}
	for _, k := range []string{key, strings.TrimSpace(key)} {
		add(k)
		for _, html := range []bool{true, false} {
			var b strings.Builder
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(html)
			if enc.Encode(k) == nil {
				q := strings.TrimSuffix(b.String(), "\n")
				add(strings.TrimSuffix(strings.TrimPrefix(q, `"`), `"`))
			}
		}
	}
	// Longest first, so a form containing another is replaced whole.
	slices.SortStableFunc(forms, func(a, b string) int { return len(b) - len(a) })
	return forms
}

func (r redactor) redact(s string) string {
	for _, f := range r {
		s = strings.ReplaceAll(s, f, "[REDACTED]")
	}
	return s
}

// failureStreak tells a systematic failure from bad luck: failStreak calls
// in a row that failed (after their retries), for at least
// failStreakGroups different groups, with no success between.
type failureStreak struct {
	mu     sync.Mutex
	n      int
	groups map[string]bool
}

// failStreak and failStreakGroups: with the fault rates of a bad night
// (a third of requests failing) a call fails all five attempts with
// probability 0.4%, so eight in a row do not happen by chance; eight is
// also at least one call per worker at the default concurrency.
const (
	failStreak       = 8
	failStreakGroups = 3
)

func (f *failureStreak) succeed() {
	f.mu.Lock()
	f.n, f.groups = 0, nil
	f.mu.Unlock()
}

// fail records a failed call and returns err, marked as ErrEndpoint when
// it ends a streak.
func (f *failureStreak) fail(group string, err error) error {
	if errors.Is(err, ErrEndpoint) {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	if f.groups == nil {
		f.groups = make(map[string]bool)
	}
	f.groups[group] = true
	if f.n < failStreak || len(f.groups) < failStreakGroups {
		return err
	}
	return fmt.Errorf("%w: %d calls in a row failed, for %d different stories, and none succeeded; the last: %w",
		ErrEndpoint, f.n, len(f.groups), err)
}

// OpenAIConfig is go-openai's client configuration for an endpoint of
// apiType ("" or "openai", or "azure", whose apiVersion overrides the
// library's default when set). The direct and the batch clients share it.
func OpenAIConfig(apiType, key, baseURL, apiVersion string) (openai.ClientConfig, error) {
	switch strings.ToLower(apiType) {
	case "", "openai":
		oc := openai.DefaultConfig(key)
		oc.BaseURL = baseURL
		return oc, nil
	case "azure":
		oc := openai.DefaultAzureConfig(key, baseURL)
		if apiVersion != "" {
			oc.APIVersion = apiVersion
		}
		return oc, nil
	}
	return openai.ClientConfig{}, fmt.Errorf("API type %q is not openai or azure", apiType)
}
