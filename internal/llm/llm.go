// Package llm is the one client summarize uses for every OpenAI-compatible
// chat completions endpoint (OpenAI, Azure OpenAI, OpenRouter, Groq,
// Together, vLLM, Ollama, llama.cpp server), built on go-openai.
//
// Complete sends one chat completion and guarantees:
//   - every HTTP attempt has its own deadline (Config.Timeout), so a hung
//     endpoint costs at most MaxAttempts timeouts, never the run;
//   - 408, 429, 500, 502, 503, 504, attempt timeouts and broken connections
//     are retried with exponential backoff and jitter, waiting at least what
//     Retry-After (or retry-after-ms) asks, up to Config.MaxRetryAfter;
//   - other 4xx are not retried; 401 and 403 match ErrAuth so a caller can
//     stop the whole run at once;
//   - replies that are empty, truncated (finish_reason "length"), filtered
//     ("content_filter") or refused are retried too, and when attempts run
//     out the error names the reason and matches ErrBadReply;
//   - at most MaxAttempts HTTP requests are sent, plus one if the endpoint
//     rejects a json_schema response format: the request is then resent in
//     JSON mode, and the client uses JSON mode for the rest of its life;
//   - requests-per-minute, tokens-per-minute and concurrency limits are
//     applied before every attempt, waiting as long as the context allows;
//     the concurrency limit also learns a provider's lower one from 429s;
//   - a sampling parameter that is set reaches the wire even when it is 0
//     (go-openai itself drops "temperature":0), and one that is nil is not
//     sent;
//   - no error string and no log record contains the API key, even when the
//     endpoint echoes it back.
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
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"
	"golang.org/x/time/rate"
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
	// (default 2m).
	Timeout time.Duration
	// MaxAttempts is the number of HTTP attempts per Complete (default 4).
	MaxAttempts int
	// BackoffInitial and BackoffMax bound the exponential backoff between
	// attempts (defaults 500ms and 30s).
	BackoffInitial, BackoffMax time.Duration
	// MaxRetryAfter caps how long a Retry-After header may make an attempt
	// wait (default 60s).
	MaxRetryAfter time.Duration

	// RequestsPerMinute and TokensPerMinute are client-side limits shared
	// by all calls; 0 means none. Requests are spaced evenly. The token
	// bucket holds one minute's worth; a request estimated larger than
	// that waits for a full bucket instead of failing.
	RequestsPerMinute, TokensPerMinute int
	// MaxConcurrent bounds the requests in flight across all calls; 0
	// means no fixed bound. Either way the bound adapts: a 429 received
	// while k requests were in flight lowers it to k-1, and successes
	// raise it again slowly, so a provider enforcing a lower concurrency
	// limit slows the client down instead of exhausting its attempts.
	MaxConcurrent int

	// HTTPClient sends the requests; nil uses a new http.Client.
	HTTPClient *http.Client
	// CountTokens estimates the tokens of a text for TokensPerMinute; nil
	// uses len/4.
	CountTokens func(string) int
	// Logger receives a Debug record per retry; nil discards them.
	Logger *slog.Logger
}

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
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s: %s", e.StatusCode, http.StatusText(e.StatusCode), e.Message)
}

// Is makes 401 and 403 match ErrAuth.
func (e *StatusError) Is(target error) bool {
	return target == ErrAuth && (e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden)
}

// Client sends chat completions to one endpoint.
type Client struct {
	cfg        Config
	api        *openai.Client
	log        *slog.Logger
	rpm, tpm   *rate.Limiter // nil when unlimited
	conc       *adaptiveLimit
	noJSONSchm atomic.Bool // the endpoint rejected json_schema once
}

// New returns a client for cfg.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://api.openai.com/v1"
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("llm: base URL %q is not an http(s) URL", redact(cfg.BaseURL, cfg.APIKey))
	}
	if cfg.MaxAttempts < 0 || cfg.Timeout < 0 || cfg.BackoffInitial < 0 || cfg.BackoffMax < 0 ||
		cfg.MaxRetryAfter < 0 || cfg.RequestsPerMinute < 0 || cfg.TokensPerMinute < 0 || cfg.MaxConcurrent < 0 {
		return nil, errors.New("llm: negative attempts, durations or limits in config")
	}
	setDefault(&cfg.MaxAttempts, 4)
	setDefault(&cfg.Timeout, 2*time.Minute)
	setDefault(&cfg.BackoffInitial, 500*time.Millisecond)
	setDefault(&cfg.BackoffMax, 30*time.Second)
	setDefault(&cfg.MaxRetryAfter, time.Minute)
	cfg.BackoffMax = max(cfg.BackoffMax, cfg.BackoffInitial)

	var oc openai.ClientConfig
	switch strings.ToLower(cfg.APIType) {
	case "", "openai":
		oc = openai.DefaultConfig(cfg.APIKey)
		oc.BaseURL = cfg.BaseURL
	case "azure":
		oc = openai.DefaultAzureConfig(cfg.APIKey, cfg.BaseURL)
		if cfg.APIVersion != "" {
			oc.APIVersion = cfg.APIVersion
		}
	default:
		return nil, fmt.Errorf("llm: API type %q is not openai or azure", cfg.APIType)
	}
	httpClient := cfg.HTTPClient
	if httpClient == nil {
		httpClient = &http.Client{}
	}
	oc.HTTPClient = wireDoer{next: httpClient}

	c := &Client{cfg: cfg, api: openai.NewClientWithConfig(oc), log: cfg.Logger, conc: newAdaptiveLimit(cfg.MaxConcurrent)}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if n := cfg.RequestsPerMinute; n > 0 {
		c.rpm = rate.NewLimiter(rate.Every(time.Minute/time.Duration(n)), 1)
	}
	if n := cfg.TokensPerMinute; n > 0 {
		c.tpm = rate.NewLimiter(rate.Limit(float64(n)/60), n)
	}
	return c, nil
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// Complete sends req, retrying as the package comment describes, and
// returns the first usable reply.
func (c *Client) Complete(ctx context.Context, req Request) (Reply, error) {
	start := time.Now()
	var reply Reply
	tries := 0
	fail := func(err error) (Reply, error) {
		reply.Latency = time.Since(start)
		return reply, c.wrap(req, tries, reply.Attempts, err)
	}
	if req.Model == "" || len(req.Messages) == 0 {
		return fail(errors.New("request needs a model and at least one message"))
	}
	tokens := c.estimateTokens(req)

	budget := c.cfg.MaxAttempts
	fellBack := false
	var delay time.Duration
	for {
		if tries > 0 {
			if err := sleep(ctx, delay); err != nil {
				return fail(err)
			}
		}
		if err := c.waitLimits(ctx, tokens); err != nil {
			return fail(err)
		}
		inFlight, err := c.conc.acquire(ctx)
		if err != nil {
			return fail(fmt.Errorf("wait for a concurrency slot: %w", err))
		}
		useSchema := req.Schema != nil && !c.noJSONSchm.Load()
		out := c.attempt(ctx, req, useSchema)
		var se *StatusError
		c.conc.release(inFlight, errors.As(out.err, &se) && se.StatusCode == http.StatusTooManyRequests, out.err == nil)
		tries++
		reply.Attempts += out.sent
		if out.err == nil {
			out.reply.Attempts, out.reply.Latency = reply.Attempts, time.Since(start)
			return out.reply, nil
		}
		if ctx.Err() != nil {
			return fail(ctx.Err())
		}
		if useSchema && out.schemaRejected && !fellBack {
			// The endpoint lacks structured outputs: ask again at once in
			// JSON mode, without spending a retry on it.
			c.noJSONSchm.Store(true)
			fellBack = true
			budget++
			delay = 0
			c.log.Debug("llm: endpoint rejected json_schema, using JSON mode", "model", req.Model)
			continue
		}
		if !out.retry || tries >= budget {
			return fail(out.err)
		}
		delay = max(c.backoff(tries), min(out.retryAfter, c.cfg.MaxRetryAfter))
		c.log.Debug("llm: retrying", "model", req.Model, "try", tries, "sent", reply.Attempts,
			"delay", delay, "err", redact(out.err.Error(), c.cfg.APIKey))
	}
}

// outcome is the result of one attempt.
type outcome struct {
	reply          Reply
	err            error
	sent           int // HTTP requests written to the endpoint (0 if refused client-side)
	retry          bool
	retryAfter     time.Duration
	schemaRejected bool
}

func (c *Client) attempt(ctx context.Context, req Request, useSchema bool) outcome {
	wire := &wireParams{temperature: req.Temperature, topP: req.TopP}
	actx, cancel := context.WithTimeout(context.WithValue(ctx, wireKey{}, wire), c.cfg.Timeout)
	defer cancel()
	resp, err := c.api.CreateChatCompletion(actx, c.chatRequest(req, useSchema))
	out := outcome{sent: int(wire.sent.Load())}
	if err != nil {
		out.retry, out.err = c.classify(actx, err)
		out.retryAfter = retryAfter(resp.Header(), time.Now())
		var se *StatusError
		out.schemaRejected = errors.As(out.err, &se) && se.StatusCode == http.StatusBadRequest &&
			mentionsResponseFormat(se.Message)
		return out
	}
	out.reply, out.err = replyOf(resp)
	out.retry = out.err != nil
	return out
}

// replyOf checks a chat completion and returns its first choice; an
// unusable one (none, refused, filtered, truncated, empty) is an error
// matching ErrBadReply.
func replyOf(resp openai.ChatCompletionResponse) (Reply, error) {
	if len(resp.Choices) == 0 {
		return Reply{}, fmt.Errorf("%w: no choices in the reply", ErrBadReply)
	}
	ch := resp.Choices[0]
	switch {
	case ch.Message.Refusal != "":
		return Reply{}, fmt.Errorf("%w: refused: %s", ErrBadReply, shorten(ch.Message.Refusal))
	case ch.FinishReason == openai.FinishReasonContentFilter:
		return Reply{}, fmt.Errorf("%w: filtered (finish_reason content_filter)", ErrBadReply)
	case ch.FinishReason == openai.FinishReasonLength:
		return Reply{}, fmt.Errorf("%w: truncated (finish_reason length)", ErrBadReply)
	case strings.TrimSpace(ch.Message.Content) == "":
		return Reply{}, fmt.Errorf("%w: empty content", ErrBadReply)
	}
	return Reply{
		Content:          ch.Message.Content,
		FinishReason:     string(ch.FinishReason),
		Model:            resp.Model,
		PromptTokens:     resp.Usage.PromptTokens,
		CompletionTokens: resp.Usage.CompletionTokens,
	}, nil
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

// estimateTokens is what a request counts against TokensPerMinute:
// providers count the prompt plus the completion budget.
func (c *Client) estimateTokens(req Request) int {
	count := c.cfg.CountTokens
	if count == nil {
		count = func(s string) int { return (len(s) + 3) / 4 }
	}
	n := 3 + req.MaxTokens
	for _, m := range req.Messages {
		n += 4 + count(m.Content)
	}
	return n
}

func (c *Client) waitLimits(ctx context.Context, tokens int) error {
	if c.rpm != nil {
		if err := c.rpm.Wait(ctx); err != nil {
			return fmt.Errorf("wait for requests-per-minute limit: %w", err)
		}
	}
	if c.tpm != nil {
		if err := c.tpm.WaitN(ctx, min(tokens, c.tpm.Burst())); err != nil {
			return fmt.Errorf("wait for tokens-per-minute limit (%d tokens): %w", tokens, err)
		}
	}
	return nil
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

// wrap gives err the call's context and removes the API key from its text.
func (c *Client) wrap(req Request, tries, sent int, err error) error {
	err = fmt.Errorf("llm: chat completion with model %s (%d tries, %d requests sent): %w", req.Model, tries, sent, err)
	if c.cfg.APIKey == "" || !strings.Contains(err.Error(), c.cfg.APIKey) {
		return err
	}
	return &redactedError{msg: redact(err.Error(), c.cfg.APIKey), err: err}
}

// redactedError hides the key in an error's text while errors.Is and
// errors.As still see the chain.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func redact(s, key string) string {
	if key == "" {
		return s
	}
	return strings.ReplaceAll(s, key, "[REDACTED]")
}
