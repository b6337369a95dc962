// Package fakeai is an in-process fake of an OpenAI-compatible chat
// completions endpoint, for tests and benchmarks that must not touch the
// network.
//
// It speaks the real wire format: POST /v1/chat/completions with an OpenAI
// request body, answered by an OpenAI response body (id, object, created,
// model, choices, usage) or an OpenAI error body
// ({"error":{"message","type","param","code"}}); any other path gets
// OpenAI's 404 ("Invalid URL (POST /chat/completions)"), as a base URL
// without /v1 does on OpenAI. A request with "stream": true is answered
// as OpenAI documents streaming: Content-Type text/event-stream, one
// "data: {chunk}" line and a blank line per chat.completion.chunk (the
// first delta carries the role, then content or refusal pieces, then a
// chunk with finish_reason), with stream_options.include_usage a last
// chunk whose choices are empty and which carries usage (every earlier
// chunk has "usage": null), and "data: [DONE]" at the end.
//
// With Options.Limits the server advertises and may enforce rate limits as
// OpenAI does: every reply, errors included, carries
// x-ratelimit-limit-requests, -limit-tokens, -remaining-requests,
// -remaining-tokens, -reset-requests and -reset-tokens (durations such as
// "1s", "6m0s", "20ms"); the budgets refill continuously, a request
// costs one request and its prompt plus its max_tokens in tokens, and an
// enforced budget that cannot pay answers 429 with OpenAI's message
// ("... on requests per min (RPM): Limit 100, Used 100, Requested 1.
// Please try again in 600ms.").
//
// Faults are injected per request with configurable probabilities drawn
// from a seeded generator, or in a fixed order from Options.Script, so a
// test can reproduce them.
//
// Fault meanings:
//   - TooManyRequests: 429 with Retry-After set to Options.RetryAfter.
//   - ServerError: 500, 503 or 504 with a JSON error body.
//   - BadGateway: 502 with an HTML body, as a proxy in front of a provider
//     sends; go-openai reports it as a *openai.RequestError.
//   - Hang: no answer until the client gives up or the server closes.
//   - Stall: a streamed reply stops after its first chunks and sends
//     nothing more until the client gives up (a plain reply hangs).
//   - Endless: a 200 whose body never ends: a stream of content chunks
//     without end, or for a plain reply a JSON string without end.
//   - Malformed: when the request asked for JSON (response_format set), a
//     200 whose completion content is not valid JSON; otherwise the HTTP body
//     itself is broken: a 200 announcing more bytes than it sends (a stream
//     cut off before its finish_reason), after which the connection is
//     cut (the client sees an unexpected EOF, a transport fault to be
//     retried like a 5xx).
//   - Truncated: finish_reason "length" with the content cut in half.
//   - Empty: finish_reason "stop" with empty content.
//   - Refused: content null and message.refusal set.
//   - Filtered: finish_reason "content_filter" with content null.
//
// A Server is safe for concurrent use: requests may arrive in parallel and
// its methods may be called from any goroutine while it serves. Close ends
// hanging requests and returns only when every handler has finished, so no
// goroutine outlives it.
package fakeai

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"
)

// Fault is one kind of misbehaviour the server can inject into a reply.
type Fault int

// The faults; see the package comment for what each one sends.
const (
	None Fault = iota
	TooManyRequests
	ServerError
	BadGateway
	Hang
	Malformed
	Truncated
	Empty
	Refused
	Filtered
	Stall
	Endless
)

var faultNames = [...]string{"none", "429", "5xx", "502-html", "hang", "malformed", "truncated", "empty", "refused", "filtered", "stall", "endless"}

func (f Fault) String() string {
	if f < 0 || int(f) >= len(faultNames) {
		return fmt.Sprintf("fault(%d)", int(f))
	}
	return faultNames[f]
}

// Options configures a Server. The zero value answers every request
// correctly at once.
type Options struct {
	// Latency delays every chat completion answer, faults included.
	Latency time.Duration

	// Fault probabilities per chat completion request, each in [0, 1].
	// One uniform draw per request picks at most one fault, so the rates
	// are exact marginals as long as they sum to at most 1. Rate5xx is
	// split between ServerError (3/4) and BadGateway (1/4).
	Rate429, Rate5xx, RateHang, RateMalformed, RateTruncated, RateEmpty float64
	RateRefused, RateFiltered, RateStall                                float64

	// Limits, when set, are advertised in rate-limit headers on every
	// reply and, with Enforce, enforced (see the package comment).
	Limits *Limits

	// Script forces the faults of the first len(Script) chat completion
	// requests that reach fault selection, in arrival order; the rates
	// apply after it runs out. None in a script means a correct answer.
	Script []Fault

	// RetryAfter is the Retry-After header value sent with 429s; empty
	// sends none.
	RetryAfter string

	// AlwaysStatus, when non-zero, answers every request with this HTTP
	// status and an OpenAI error body (for example 401).
	AlwaysStatus int

	// RequireKey, when non-empty, rejects with 401 any request whose
	// bearer token (or Azure api-key header) differs. Like some providers,
	// the error message repeats the key it was given, so clients can be
	// tested for leaking it.
	RequireKey string

	// RejectJSONSchema answers 400 to requests with a json_schema
	// response format, like endpoints without structured outputs.
	RejectJSONSchema bool

	// MaxConcurrent, when positive, answers 429 to a request arriving
	// while MaxConcurrent requests are already in flight, like a provider
	// enforcing a lower concurrency limit than the client's.
	MaxConcurrent int

	// Seed seeds the fault draws.
	Seed int64

	// Respond produces the completion content; nil uses DefaultRespond.
	Respond func(req openai.ChatCompletionRequest) (content string)

	// MaxBodies bounds how many request bodies Bodies keeps (the first
	// ones received); 0 means 1000.
	MaxBodies int

	// Batch configures the Batch API (see batch.go).
	Batch BatchOptions
}

// Limits are the rate limits a Server advertises. Zero figures are not
// advertised.
type Limits struct {
	RequestsPerMinute, TokensPerMinute int
	// Enforce answers 429 to a request the budgets cannot pay for.
	Enforce bool
}

// Server is a running fake endpoint.
type Server struct {
	ts     *httptest.Server
	closed chan struct{}
	once   sync.Once

	mu        sync.Mutex
	opts      Options
	rng       *rand.Rand
	requests  int
	scriptPos int
	inFlight  int
	peak      int
	bodies    [][]byte
	faults    map[Fault]int
	batch     batchStore
	budgets   [2]budget // requests, tokens
	limited   int       // requests refused by an enforced limit
}

// New starts a server with opts. Close it when done.
func New(opts Options) *Server {
	s := &Server{
		closed: make(chan struct{}),
		opts:   opts,
		rng:    rand.New(rand.NewPCG(uint64(opts.Seed), 0x5eed)),
		faults: make(map[Fault]int),
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL returns the base URL clients should use; it ends in /v1.
func (s *Server) URL() string { return s.ts.URL + "/v1" }

// Client returns an HTTP client configured for the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close ends hanging requests, shuts the server down and waits for every
// handler to return.
func (s *Server) Close() {
	s.once.Do(func() { close(s.closed) })
	s.ts.Close()
}

// SetOptions replaces the options; the fault generator keeps its state, so
// a new Seed has no effect, and the script restarts from its beginning.
func (s *Server) SetOptions(opts Options) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts = opts
	s.scriptPos = 0
}

// SetRespond replaces the responder; nil restores DefaultRespond.
func (s *Server) SetRespond(respond func(openai.ChatCompletionRequest) string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Respond = respond
}

// Requests returns how many HTTP requests the server has received, on any
// path and whatever the answer.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// PeakInFlight returns the largest number of requests the server was
// handling at one moment.
func (s *Server) PeakInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

// Faults returns how many times each fault was injected by the script or
// the rates (not counting AlwaysStatus, RequireKey, RejectJSONSchema or
// MaxConcurrent rejections).
func (s *Server) Faults() map[Fault]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := make(map[Fault]int, len(s.faults))
	for f, n := range s.faults {
		m[f] = n
	}
	return m
}

// Limited returns how many requests an enforced limit refused with 429.
func (s *Server) Limited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited
}

// Bodies returns copies of the raw request bodies received, in arrival
// order, up to Options.MaxBodies of them.
func (s *Server) Bodies() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([][]byte, len(s.bodies))
	for i, b := range s.bodies {
		out[i] = bytes.Clone(b)
	}
	return out
}

// maxBodyBytes bounds a request body; real providers reject far smaller.
const maxBodyBytes = 32 << 20

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.serveBatchAPI(w, r) {
		return
	}
	arrived := time.Now()
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))

	s.mu.Lock()
	s.requests++
	s.inFlight++
	inFlight := s.inFlight
	s.peak = max(s.peak, inFlight)
	opts := s.opts
	limit := opts.MaxBodies
	if limit == 0 {
		limit = 1000
	}
	if len(s.bodies) < limit {
		s.bodies = append(s.bodies, body)
	}
	s.mu.Unlock()
	answered := sync.OnceFunc(func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	})
	defer answered()
	// A request stops being in flight before its last bytes leave: the
	// client may send its next request as soon as it has them, before
	// this handler returns, and that one must not be counted beside it.
	w = &answeringWriter{ResponseWriter: w, answered: answered}

	path := strings.TrimSuffix(r.URL.Path, "/")
	if path != "/v1/chat/completions" {
		writeError(w, http.StatusNotFound, "invalid_request_error", nil, "Invalid URL ("+r.Method+" "+r.URL.Path+")")
		return
	}
	if r.Method != http.MethodPost {
		writeError(w, http.StatusMethodNotAllowed, "invalid_request_error", "method_not_allowed", "Use POST for "+r.URL.Path)
		return
	}
	if opts.AlwaysStatus != 0 {
		writeStatus(w, opts.AlwaysStatus)
		return
	}
	if opts.RequireKey != "" {
		got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if got == "" {
			got = r.Header.Get("api-key")
		}
		if got != opts.RequireKey {
			writeError(w, http.StatusUnauthorized, "invalid_request_error", "invalid_api_key", "Incorrect API key provided: "+got+".")
			return
		}
	}
	if opts.MaxConcurrent > 0 && inFlight > opts.MaxConcurrent {
		if opts.RetryAfter != "" {
			w.Header().Set("Retry-After", opts.RetryAfter)
		}
		writeError(w, http.StatusTooManyRequests, "requests", "rate_limit_exceeded",
			fmt.Sprintf("Rate limit reached: at most %d concurrent requests.", opts.MaxConcurrent))
		return
	}
	if readErr != nil {
		writeError(w, http.StatusBadRequest, "invalid_request_error", nil, "Could not read the request body: "+readErr.Error())
		return
	}
	var req openai.ChatCompletionRequest
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request_error", nil, "We could not parse the JSON body of your request: "+err.Error())
		return
	}
	if req.Model == "" || len(req.Messages) == 0 {
		writeError(w, http.StatusBadRequest, "invalid_request_error", nil, "Both model and messages are required.")
		return
	}
	rf := req.ResponseFormat
	if opts.RejectJSONSchema && rf != nil && rf.Type == openai.ChatCompletionResponseFormatTypeJSONSchema {
		writeError(w, http.StatusBadRequest, "invalid_request_error", nil,
			"Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.")
		return
	}

	if refused := s.charge(w.Header(), req, arrived); refused != "" {
		writeError(w, http.StatusTooManyRequests, strings.Fields(refused)[0], "rate_limit_exceeded", "Rate limit reached for "+req.Model+" in organization org-fake on "+refused)
		return
	}
	fault := s.nextFault()
	if opts.Latency > 0 {
		// A provider's latency runs from the request's arrival to its
		// answer, its own work included: the answer waits for that moment
		// rather than adding the fake's parsing and rendering on top.
		w = &delayedWriter{ResponseWriter: w, until: arrived.Add(opts.Latency), wait: func(d time.Duration) bool { return s.wait(r, d) }}
	}
	wantsJSON := rf != nil && (rf.Type == openai.ChatCompletionResponseFormatTypeJSONSchema ||
		rf.Type == openai.ChatCompletionResponseFormatTypeJSONObject)

	switch fault {
	case TooManyRequests:
		if opts.RetryAfter != "" {
			w.Header().Set("Retry-After", opts.RetryAfter)
		}
		writeError(w, http.StatusTooManyRequests, "requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again later.")
		return
	case ServerError:
		s.mu.Lock()
		status := []int{500, 503, 504}[s.rng.IntN(3)]
		s.mu.Unlock()
		writeStatus(w, status)
		return
	case BadGateway:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n")
		return
	case Hang:
		s.wait(r, 0)
		// The client is gone or the server is closing: cut the connection
		// rather than answer.
		panic(http.ErrAbortHandler)
	case Endless:
		writeEndless(w, r, req)
		return
	}

	respond := opts.Respond
	if respond == nil {
		respond = DefaultRespond
	}
	content := respond(req)
	refusal := ""
	finish := "stop"
	switch fault {
	case Malformed:
		if wantsJSON {
			content = "Here is the JSON: " + cutHalf(content) + " ...(continued)"
		} else if req.Stream {
			writeStream(w, req, cutHalf(content), "", "", func() { panic(http.ErrAbortHandler) })
			return
		} else {
			writeBrokenBody(w, req, content)
			return
		}
	case Truncated:
		content, finish = cutHalf(content), "length"
	case Empty:
		content = ""
	case Refused:
		content, refusal = "", "I'm sorry, I can't help with that request."
	case Filtered:
		content, finish = "", "content_filter"
	case Stall:
		stall := func() {
			s.wait(r, 0)
			panic(http.ErrAbortHandler)
		}
		if !req.Stream {
			stall()
		}
		writeStream(w, req, cutHalf(content), "", "", stall)
		return
	}
	if req.Stream {
		writeStream(w, req, content, refusal, finish, nil)
		return
	}
	writeJSON(w, http.StatusOK, completion(req, content, refusal, finish))
}

// nextFault picks the fault for one request: the script first, then one
// uniform draw against the cumulative rates.
func (s *Server) nextFault() Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := None
	if s.scriptPos < len(s.opts.Script) {
		f = s.opts.Script[s.scriptPos]
		s.scriptPos++
	} else {
		o := s.opts
		u := s.rng.Float64()
		for _, c := range []struct {
			rate  float64
			fault Fault
		}{
			{o.Rate429, TooManyRequests},
			{o.Rate5xx * 3 / 4, ServerError},
			{o.Rate5xx / 4, BadGateway},
			{o.RateHang, Hang},
			{o.RateMalformed, Malformed},
			{o.RateTruncated, Truncated},
			{o.RateEmpty, Empty},
			{o.RateRefused, Refused},
			{o.RateFiltered, Filtered},
			{o.RateStall, Stall},
		} {
			if u < c.rate {
				f = c.fault
				break
			}
			u -= c.rate
		}
	}
	if f != None {
		s.faults[f]++
	}
	return f
}

// wait blocks for d (forever if d is 0) or until the client disconnects or
// the server closes; it reports whether the full time passed.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	var timeout <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-timeout:
		return true
	case <-r.Context().Done():
	case <-s.closed:
	}
	return false
}

// delayedWriter holds a response back until a moment: its first header or
// body write waits for it, and gives up the connection when the client or
// the server goes away first.
// answeringWriter calls answered before the write that completes the
// response: a plain response's body, or a stream's closing "[DONE]".
type answeringWriter struct {
	http.ResponseWriter
	answered func()
}

func (a *answeringWriter) Write(p []byte) (int, error) {
	if !strings.HasPrefix(a.Header().Get("Content-Type"), "text/event-stream") || bytes.Contains(p, []byte("[DONE]")) {
		a.answered()
	}
	return a.ResponseWriter.Write(p)
}

func (a *answeringWriter) Flush() {
	if f, ok := a.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

type delayedWriter struct {
	http.ResponseWriter
	until  time.Time
	wait   func(time.Duration) bool
	waited bool
}

func (d *delayedWriter) hold() {
	if d.waited {
		return
	}
	d.waited = true
	if left := time.Until(d.until); left > 0 && !d.wait(left) {
		panic(http.ErrAbortHandler)
	}
}

func (d *delayedWriter) WriteHeader(status int) {
	d.hold()
	d.ResponseWriter.WriteHeader(status)
}

func (d *delayedWriter) Write(p []byte) (int, error) {
	d.hold()
	return d.ResponseWriter.Write(p)
}

func (d *delayedWriter) Flush() {
	d.hold()
	if f, ok := d.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// writeBrokenBody announces a complete response but sends only half of it
// and then cuts the connection.
func writeBrokenBody(w http.ResponseWriter, req openai.ChatCompletionRequest, content string) {
	full, err := json.Marshal(completion(req, content, "", "stop"))
	if err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", fmt.Sprint(len(full)))
	w.WriteHeader(http.StatusOK)
	w.Write(full[:len(full)/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	panic(http.ErrAbortHandler)
}

// The wire format of a chat completion response. These are the server's own
// types rather than go-openai's because go-openai omits an empty content,
// whereas OpenAI sends "content": null.
type (
	response struct {
		ID      string   `json:"id"`
		Object  string   `json:"object"`
		Created int64    `json:"created"`
		Model   string   `json:"model"`
		Choices []choice `json:"choices"`
		Usage   usage    `json:"usage"`
	}
	choice struct {
		Index        int     `json:"index"`
		Message      message `json:"message"`
		FinishReason string  `json:"finish_reason"`
	}
	message struct {
		Role    string  `json:"role"`
		Content *string `json:"content"`
		Refusal *string `json:"refusal"`
	}
	usage struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
		TotalTokens      int `json:"total_tokens"`
	}
)

func completion(req openai.ChatCompletionRequest, content, refusal, finish string) response {
	msg := message{Role: "assistant"}
	if content != "" || (refusal == "" && finish != "content_filter") {
		msg.Content = &content
	}
	if refusal != "" {
		msg.Refusal = &refusal
	}
	prompt := promptTokens(req)
	completionTokens := estimateTokens(content + refusal)
	return response{
		ID:      fmt.Sprintf("chatcmpl-fake%x", time.Now().UnixNano()),
		Object:  "chat.completion",
		Created: time.Now().Unix(),
		Model:   req.Model,
		Choices: []choice{{Index: 0, Message: msg, FinishReason: finish}},
		Usage: usage{
			PromptTokens:     prompt,
			CompletionTokens: completionTokens,
			TotalTokens:      prompt + completionTokens,
		},
	}
}

// estimateTokens is the usual rough rule of four bytes per token.
func estimateTokens(s string) int { return (len(s) + 3) / 4 }

// cutHalf returns the first half of s, on a rune boundary.
func cutHalf(s string) string {
	i := len(s) / 2
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// writeError sends an OpenAI error body; code may be a string or nil.
func writeError(w http.ResponseWriter, status int, typ string, code any, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{
		"message": msg,
		"type":    typ,
		"param":   nil,
		"code":    code,
	}})
}

// writeStatus sends an error body typical of status.
func writeStatus(w http.ResponseWriter, status int) {
	switch status {
	case http.StatusUnauthorized:
		writeError(w, status, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.")
	case http.StatusForbidden:
		writeError(w, status, "invalid_request_error", "unsupported_country_region_territory", "Country, region, or territory not supported.")
	case http.StatusNotFound:
		writeError(w, status, "invalid_request_error", "model_not_found", "The model does not exist or you do not have access to it.")
	case http.StatusTooManyRequests:
		writeError(w, status, "requests", "rate_limit_exceeded", "Rate limit reached for requests.")
	default:
		if status >= 500 {
			writeError(w, status, "server_error", nil, "The server had an error while processing your request. Sorry about that!")
			return
		}
		writeError(w, status, "invalid_request_error", nil, http.StatusText(status))
	}
}

// Block is one fenced piece of untrusted text found in a prompt.
type Block struct {
	Kind   string // "ARTICLE" or "SUMMARY"
	ID     string
	Source string
	Text   string
}

var fenceRE = regexp.MustCompile(`(?s)<<<BEGIN UNTRUSTED (ARTICLE|SUMMARY) id="([^"]*)" source="([^"]*)">>>\n(.*?)\n<<<END UNTRUSTED (?:ARTICLE|SUMMARY)>>>`)

// Blocks returns the fenced blocks in text, in order.
func Blocks(text string) []Block {
	var out []Block
	for _, m := range fenceRE.FindAllStringSubmatch(text, -1) {
		out = append(out, Block{Kind: m[1], ID: m[2], Source: m[3], Text: m[4]})
	}
	return out
}

// DefaultRespond answers deterministically from the fenced blocks of the
// last user message, so outputs stay grounded in the input. When the
// request asks for JSON it returns one disputed point built from the first
// two blocks, each position quoting its block's first sentence verbatim (no
// points with fewer than two blocks); otherwise it returns the first two
// sentences of the first block, each followed by a citation of its source
// when the block is a summary (a brief request).
func DefaultRespond(req openai.ChatCompletionRequest) string {
	var prompt string
	for i := len(req.Messages) - 1; i >= 0; i-- {
		if req.Messages[i].Role == openai.ChatMessageRoleUser {
			prompt = messageText(req.Messages[i])
			break
		}
	}
	blocks := Blocks(prompt)
	rf := req.ResponseFormat
	if rf != nil && rf.Type == openai.ChatCompletionResponseFormatTypeJSONSchema && rf.JSONSchema != nil &&
		rf.JSONSchema.Name != "disputed_points" && rf.JSONSchema.Schema != nil {
		// Another structured stage: any valid reply of its shape.
		if raw, err := rf.JSONSchema.Schema.MarshalJSON(); err == nil {
			if reply, err := schemaReply(raw, blocks); err == nil {
				return reply
			}
		}
	}
	if rf != nil && (rf.Type == openai.ChatCompletionResponseFormatTypeJSONSchema ||
		rf.Type == openai.ChatCompletionResponseFormatTypeJSONObject) {
		return disputesJSON(blocks)
	}
	if len(blocks) == 0 {
		return "The prompt held no fenced article or summary."
	}
	if b := blocks[0]; b.Kind == "SUMMARY" {
		// A brief: every sentence cites its source, as the brief prompt
		// asks; a partial brief already does.
		if strings.HasPrefix(b.Source, "partial brief") {
			return strings.TrimSpace(b.Text)
		}
		var cited []string
		for _, s := range Sentences(b.Text, 2) {
			cited = append(cited, s+" ["+b.Source+"]")
		}
		return strings.Join(cited, " ")
	}
	return strings.Join(Sentences(blocks[0].Text, 2), " ")
}

func messageText(m openai.ChatCompletionMessage) string {
	if len(m.MultiContent) == 0 {
		return m.Content
	}
	var b strings.Builder
	for _, p := range m.MultiContent {
		b.WriteString(p.Text)
	}
	return b.String()
}

func disputesJSON(blocks []Block) string {
	type position struct {
		Source string `json:"source"`
		Claim  string `json:"claim"`
		Quote  string `json:"quote"`
	}
	type point struct {
		Topic     string     `json:"topic"`
		Kind      string     `json:"kind"`
		Summary   string     `json:"summary"`
		Positions []position `json:"positions"`
	}
	points := []point{}
	if len(blocks) >= 2 {
		a, b := blocks[0], blocks[1]
		quote := func(bl Block) string {
			if s := Sentences(bl.Text, 1); len(s) > 0 {
				return s[0]
			}
			return ""
		}
		points = append(points, point{
			Topic:   "Opening account of the events",
			Kind:    "factual",
			Summary: fmt.Sprintf("%s and %s open their reports with different accounts.", a.Source, b.Source),
			Positions: []position{
				{Source: a.ID, Claim: a.Source + " leads with its own account.", Quote: quote(a)},
				{Source: b.ID, Claim: b.Source + " leads with a different account.", Quote: quote(b)},
			},
		})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any{"disputed_points": points}); err != nil {
		panic(err)
	}
	return strings.TrimSpace(buf.String())
}

// minSentence keeps abbreviations such as "Mr." or "U.S." from ending a
// sentence too early: a boundary is only taken after this many bytes.
const minSentence = 20

// Sentences returns up to n leading sentences of text, each a verbatim
// substring of it (trimmed of surrounding space). A sentence ends at '.',
// '!' or '?' (optionally followed by closing quotes or brackets) before
// white space, but not at a period after an initial, a dotted abbreviation
// or a common title, or at a blank line.
func Sentences(text string, n int) []string {
	var out []string
	rest := strings.TrimSpace(text)
	for len(out) < n && rest != "" {
		end := sentenceEnd(rest)
		out = append(out, strings.TrimSpace(rest[:end]))
		rest = strings.TrimSpace(rest[end:])
	}
	return out
}

func sentenceEnd(s string) int {
	for i, r := range s {
		if r == '\n' && strings.HasPrefix(s[i+1:], "\n") && i >= minSentence {
			return i
		}
		if r != '.' && r != '!' && r != '?' || i < minSentence {
			continue
		}
		j := i + 1
		for j < len(s) {
			c, size := utf8.DecodeRuneInString(s[j:])
			if !strings.ContainsRune(`"')]”’»`, c) {
				break
			}
			j += size
		}
		if j == len(s) {
			return j
		}
		if next, _ := utf8.DecodeRuneInString(s[j:]); unicode.IsSpace(next) && !(r == '.' && abbreviation(s[:i])) {
			return j
		}
	}
	return len(s)
}

// abbreviation reports whether the word ending text (just before a period)
// is an initial, a dotted abbreviation such as "U.S" or a common title.
func abbreviation(text string) bool {
	word := text[strings.LastIndexFunc(text, unicode.IsSpace)+1:]
	if utf8.RuneCountInString(word) <= 1 || strings.Contains(word, ".") {
		return true
	}
	switch strings.ToLower(word) {
	case "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "no", "vs", "etc", "inc", "ltd", "co", "corp":
		return true
	}
	return false
}
