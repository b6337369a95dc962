// Package batch drives an OpenAI-compatible Batch API (OpenAI, Azure
// OpenAI and others that take the same file format) for chat completions:
// it writes requests as JSONL input files, uploads them (purpose "batch"),
// creates batches on /v1/chat/completions with a 24h completion window,
// polls them and reads their output and error files back as replies.
//
// Guarantees:
//   - a line's body is exactly the body llm.Client.Complete would send for
//     the same llm.Request (llm.RequestBody), and its custom_id is the
//     SHA-256 of that body (CustomID), so equal requests share one ID in
//     every process and every run;
//   - Split never puts two models, more than Config.MaxLines lines or more
//     than Config.MaxBytes bytes in one input file (the provider's limits:
//     50,000 requests and 200 MB per file, one model per file);
//   - an answered line is checked as a direct reply is (llm.ParseReply):
//     refused, filtered, truncated or empty replies are failures, never
//     replies;
//   - no error text contains the API key;
//   - a batch whose creation answer was lost can be found again from its
//     input file (Upload, then Create, then ByInputFile if need be), so a
//     caller that records the file first never pays for a batch it lost.
//
// A Client is safe for concurrent use. State (state.go) is the record of
// submitted batches a run keeps in its output folder.
package batch

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summarize/summarize/internal/llm"
)

// The provider's limits on one input file, from OpenAI's Batch API
// reference: at most 50,000 requests and 200 MB.
const (
	MaxLines = 50000
	MaxBytes = 200 << 20
)

// Config describes the endpoint. Zero limits take the provider's.
type Config struct {
	// BaseURL, APIKey, APIType and APIVersion are those of llm.Config.
	BaseURL, APIKey, APIType, APIVersion string
	// HTTPClient sends the requests; nil uses a new http.Client.
	HTTPClient *http.Client
	// MaxLines and MaxBytes bound one input file (defaults MaxLines and
	// MaxBytes).
	MaxLines, MaxBytes int
}

// Client talks to one endpoint's Files and Batches APIs.
type Client struct {
	api                *openai.Client
	key                string
	maxLines, maxBytes int
}

// New returns a client for cfg.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://api.openai.com/v1"
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("batch: base URL is not an http(s) URL")
	}
	oc, err := llm.OpenAIConfig(cfg.APIType, cfg.APIKey, cfg.BaseURL, cfg.APIVersion)
	if err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	if cfg.HTTPClient != nil {
		oc.HTTPClient = cfg.HTTPClient
	}
	c := &Client{api: openai.NewClientWithConfig(oc), key: cfg.APIKey, maxLines: cfg.MaxLines, maxBytes: cfg.MaxBytes}
	if c.maxLines <= 0 || c.maxLines > MaxLines {
		c.maxLines = MaxLines
	}
	if c.maxBytes <= 0 || c.maxBytes > MaxBytes {
		c.maxBytes = MaxBytes
	}
	return c, nil
}

// Line is one request of a batch.
type Line struct {
	ID      string // CustomID of Request
	Request llm.Request
	body    []byte
}

// NewLine returns the line for req.
func NewLine(req llm.Request) (Line, error) {
	body, err := llm.RequestBody(req)
	if err != nil {
		return Line{}, err
	}
	return Line{ID: customID(body), Request: req, body: body}, nil
}

// CustomID returns the custom_id of req's line: "req-" and the SHA-256 of
// its body in hex.
func CustomID(req llm.Request) (string, error) {
	body, err := llm.RequestBody(req)
	if err != nil {
		return "", err
	}
	return customID(body), nil
}

func customID(body []byte) string {
	sum := sha256.Sum256(body)
	return "req-" + hex.EncodeToString(sum[:])
}

// inputLine is one line of an input file, as the Batch API documents it.
type inputLine struct {
	CustomID string          `json:"custom_id"`
	Method   string          `json:"method"`
	URL      string          `json:"url"`
	Body     json.RawMessage `json:"body"`
}

func (l Line) encode() ([]byte, error) {
	data, err := json.Marshal(inputLine{CustomID: l.ID, Method: http.MethodPost, URL: string(openai.BatchEndpointChatCompletions), Body: l.body})
	if err != nil {
		return nil, fmt.Errorf("batch: encode line %s: %w", l.ID, err)
	}
	return append(data, '\n'), nil
}

// Split groups lines into input files: one model per file, in the order
// models first appear, each file within the client's line and byte
// limits. A line too large for any file is an error.
func (c *Client) Split(lines []Line) ([][]Line, error) {
	var files [][]Line
	open := map[string]int{} // model -> index of its open file
	size := map[int]int{}
	for _, l := range lines {
		enc, err := l.encode()
		if err != nil {
			return nil, err
		}
		if len(enc) > c.maxBytes {
			return nil, fmt.Errorf("batch: request %s is %d bytes, more than an input file may hold (%d)", l.ID, len(enc), c.maxBytes)
		}
		i, ok := open[l.Request.Model]
		if !ok || len(files[i]) >= c.maxLines || size[i]+len(enc) > c.maxBytes {
			i = len(files)
			files = append(files, nil)
			open[l.Request.Model] = i
		}
		files[i] = append(files[i], l)
		size[i] += len(enc)
	}
	return files, nil
}

// Counts are a batch's request counts.
type Counts struct {
	Total     int `json:"total"`
	Completed int `json:"completed"`
	Failed    int `json:"failed"`
}

// Batch is what the provider says of one batch.
type Batch struct {
	ID, InputFileID, Status   string
	OutputFileID, ErrorFileID string
	Counts                    Counts
	// Errors are the reasons a batch failed validation.
	Errors []string
}

// Terminal reports whether a batch in status will change no more.
func Terminal(status string) bool {
	switch status {
	case "completed", "failed", "expired", "cancelled":
		return true
	}
	return false
}

func (c *Client) batchOf(b openai.Batch) Batch {
	out := Batch{ID: b.ID, InputFileID: b.InputFileID, Status: b.Status,
		Counts: Counts{Total: b.RequestCounts.Total, Completed: b.RequestCounts.Completed, Failed: b.RequestCounts.Failed}}
	if b.OutputFileID != nil {
		out.OutputFileID = *b.OutputFileID
	}
	if b.ErrorFileID != nil {
		out.ErrorFileID = *b.ErrorFileID
	}
	if b.Errors != nil {
		for _, e := range b.Errors.Data {
			msg := e.Code + ": " + e.Message
			if e.Line != nil {
				msg = fmt.Sprintf("line %d: %s", *e.Line, msg)
			}
			out.Errors = append(out.Errors, c.redact(msg))
		}
	}
	return out
}

// Submit uploads lines as one input file and creates its batch. lines
// must come from one file of Split. A caller that must not lose a batch
// it pays for records Upload's file ID before calling Create, and finds
// the batch with ByInputFile if Create's answer is lost.
func (c *Client) Submit(ctx context.Context, lines []Line) (Batch, error) {
	file, err := c.Upload(ctx, lines)
	if err != nil {
		return Batch{}, err
	}
	return c.Create(ctx, file)
}

// Upload writes lines as one input file, uploads it with purpose "batch"
// and returns its file ID.
func (c *Client) Upload(ctx context.Context, lines []Line) (string, error) {
	if len(lines) == 0 {
		return "", errors.New("batch: no lines to submit")
	}
	var buf bytes.Buffer
	for _, l := range lines {
		enc, err := l.encode()
		if err != nil {
			return "", err
		}
		buf.Write(enc)
	}
	// The name only helps a person reading the provider's file list.
	name := fmt.Sprintf("summarize-%s-%d.jsonl", strings.TrimPrefix(lines[0].ID, "req-")[:12], len(lines))
	f, err := c.api.CreateFileBytes(ctx, openai.FileBytesRequest{Name: name, Bytes: buf.Bytes(), Purpose: openai.PurposeBatch})
	if err != nil {
		return "", c.wrap("upload input file", err)
	}
	return f.ID, nil
}

// Create creates the batch of an uploaded input file, on
// /v1/chat/completions with a 24h completion window.
func (c *Client) Create(ctx context.Context, inputFileID string) (Batch, error) {
	b, err := c.api.CreateBatch(ctx, openai.CreateBatchRequest{
		InputFileID:      inputFileID,
		Endpoint:         openai.BatchEndpointChatCompletions,
		CompletionWindow: "24h",
		Metadata:         map[string]any{"created_by": "summarize"},
	})
	if err != nil {
		return Batch{InputFileID: inputFileID}, c.wrap("create batch", err)
	}
	return c.batchOf(b.Batch), nil
}

// listPage is how many batches ByInputFile asks for at a time, the most
// the provider's list endpoint returns.
const listPage = 100

// ByInputFile finds the batch created from input file inputFileID among
// the provider's batches, which it lists newest first; ok is false when
// there is none.
func (c *Client) ByInputFile(ctx context.Context, inputFileID string) (_ Batch, ok bool, _ error) {
	var after *string
	limit := listPage
	for {
		page, err := c.api.ListBatch(ctx, after, &limit)
		if err != nil {
			return Batch{}, false, c.wrap("list batches", err)
		}
		for _, b := range page.Data {
			if b.InputFileID == inputFileID {
				return c.batchOf(b), true, nil
			}
		}
		if !page.HasMore || len(page.Data) == 0 {
			return Batch{}, false, nil
		}
		last := page.Data[len(page.Data)-1].ID
		after = &last
	}
}

// Retrieve returns a batch's current state.
func (c *Client) Retrieve(ctx context.Context, id string) (Batch, error) {
	b, err := c.api.RetrieveBatch(ctx, id)
	if err != nil {
		return Batch{}, c.wrap("retrieve batch "+id, err)
	}
	return c.batchOf(b.Batch), nil
}

// Cancel asks the provider to cancel a batch.
func (c *Client) Cancel(ctx context.Context, id string) (Batch, error) {
	b, err := c.api.CancelBatch(ctx, id)
	if err != nil {
		return Batch{}, c.wrap("cancel batch "+id, err)
	}
	return c.batchOf(b.Batch), nil
}

// Poll bounds how Wait polls: the first wait, and the longest one it
// backs off to.
type Poll struct{ Initial, Max time.Duration }

// maxPollErrors is how many polls in a row may fail for a reason worth
// retrying (a 429 or 5xx, a broken connection) before Wait gives up: at
// the longest poll interval, a provider outage of about an hour.
const maxPollErrors = 12

// Wait retrieves batch id until it is terminal, waiting p.Initial between
// polls at first and half as long again after each poll, up to p.Max.
// report, when set, is given every state retrieved. A poll that fails with
// 408, 429, 5xx or a connection error is retried at the next interval; any
// other error, or maxPollErrors failures in a row, ends the wait.
func (c *Client) Wait(ctx context.Context, id string, p Poll, report func(Batch)) (Batch, error) {
	wait := max(p.Initial, time.Millisecond)
	failures := 0
	for {
		b, err := c.Retrieve(ctx, id)
		switch {
		case err != nil && (ctx.Err() != nil || !transient(err) || failures+1 >= maxPollErrors):
			return b, err
		case err != nil:
			failures++
		default:
			failures = 0
			if report != nil {
				report(b)
			}
			if Terminal(b.Status) {
				return b, nil
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return b, ctx.Err()
		case <-t.C:
		}
		wait = min(wait+wait/2, max(p.Max, p.Initial))
	}
}

// transient reports whether a failed request may succeed later: 408,
// 429 or 5xx from the provider, or no HTTP answer at all.
func transient(err error) bool {
	var se *llm.StatusError
	if !errors.As(err, &se) {
		return true
	}
	switch code := se.StatusCode; {
	case code == http.StatusRequestTimeout, code == http.StatusTooManyRequests, code >= 500:
		return true
	}
	return false
}

// Result is the outcome of one line: a reply, or why there is none.
type Result struct {
	Reply llm.Reply
	Err   error
}

// outputLine is one line of an output or error file.
type outputLine struct {
	CustomID string `json:"custom_id"`
	Response *struct {
		StatusCode int             `json:"status_code"`
		Body       json.RawMessage `json:"body"`
	} `json:"response"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// Results reads a terminal batch's output and error files: the result of
// each line they mention, by custom_id. Each reply has Attempts 1 and
// Batch set to b.ID. Lines that neither file mentions (a batch failed or
// cancelled before running them) are absent.
func (c *Client) Results(ctx context.Context, b Batch) (map[string]Result, error) {
	out := make(map[string]Result)
	for _, file := range []string{b.OutputFileID, b.ErrorFileID} {
		if file == "" {
			continue
		}
		if err := c.readResults(ctx, b.ID, file, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (c *Client) readResults(ctx context.Context, batchID, file string, out map[string]Result) error {
	raw, err := c.api.GetFileContent(ctx, file)
	if err != nil {
		return c.wrap("download file "+file+" of batch "+batchID, err)
	}
	defer raw.Close()
	sc := bufio.NewScanner(raw)
	sc.Buffer(make([]byte, 0, 64<<10), MaxBytes)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var l outputLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil || l.CustomID == "" {
			return fmt.Errorf("batch: file %s of batch %s has a line that is not a batch result", file, batchID)
		}
		out[l.CustomID] = c.resultOf(batchID, l)
	}
	if err := sc.Err(); err != nil {
		return c.wrap("read file "+file+" of batch "+batchID, err)
	}
	return nil
}

func (c *Client) resultOf(batchID string, l outputLine) Result {
	switch {
	case l.Error != nil:
		return Result{Err: fmt.Errorf("batch %s: %s", batchID, c.redact(l.Error.Code+": "+l.Error.Message))}
	case l.Response == nil:
		return Result{Err: fmt.Errorf("batch %s: line has neither response nor error", batchID)}
	case l.Response.StatusCode != http.StatusOK:
		var e struct {
			Error struct{ Message string } `json:"error"`
		}
		_ = json.Unmarshal(l.Response.Body, &e)
		return Result{Err: fmt.Errorf("batch %s: %w", batchID, &llm.StatusError{StatusCode: l.Response.StatusCode, Message: c.redact(e.Error.Message)})}
	}
	reply, err := llm.ParseReply(l.Response.Body)
	if err != nil {
		return Result{Err: fmt.Errorf("batch %s: %w", batchID, err)}
	}
	reply.Attempts, reply.Batch = 1, batchID
	// A key the model repeated must not reach the cache or the outputs.
	reply.Content, reply.Model = c.redact(reply.Content), c.redact(reply.Model)
	return Result{Reply: reply}
}

// wrap gives err context and removes the key from its text.
func (c *Client) wrap(what string, err error) error {
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		err = &llm.StatusError{StatusCode: apiErr.HTTPStatusCode, Message: c.redact(apiErr.Message)}
	case errors.As(err, &reqErr):
		err = &llm.StatusError{StatusCode: reqErr.HTTPStatusCode, Message: c.redact(string(bytesPrefix(reqErr.Body, 200)))}
	case c.key != "" && strings.Contains(err.Error(), c.key):
		err = errors.New(c.redact(err.Error()))
	}
	return fmt.Errorf("batch: %s: %w", what, err)
}

// redact removes the key in every form package llm looks for (as given,
// trimmed, JSON-escaped).
func (c *Client) redact(s string) string {
	return llm.Redactor(c.key)(s)
}

func bytesPrefix(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
