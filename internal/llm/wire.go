package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"
)

// wireKey is the context key under which an attempt hands its wireParams
// to wireDoer.
type wireKey struct{}

// wireParams carries what go-openai cannot express to the HTTP layer, and
// brings back what only the HTTP layer knows. One attempt owns it; go-openai
// calls Do on the attempt's goroutine.
type wireParams struct {
	temperature, topP *float64
	// limit bounds the reply body in bytes.
	limit int64
	// firstByte and gap, when set, bound the wait for the reply's headers
	// and the silence between two reads of its body; cancel ends the
	// attempt with errNoFirstByte or errStalled when one passes.
	firstByte, gap time.Duration
	cancel         context.CancelCauseFunc
	// sent counts requests written in full to a connection: one that
	// timed out while waiting for a connection never reached the endpoint
	// and is not counted. The transport reports it from its own goroutine.
	sent atomic.Int32

	mu  sync.Mutex
	hdr http.Header // the reply's headers
}

func (p *wireParams) header() http.Header {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hdr
}

var (
	errNoFirstByte = errors.New("no reply")
	errStalled     = errors.New("the stream stalled")
	errTooLarge    = errors.New("reply body too large")
)

// wireDoer sits between go-openai and the HTTP client. It writes the
// sampling parameters into the JSON body, because go-openai's float32
// fields are omitempty and so silently drop a configured 0; it counts the
// requests really sent; it keeps the reply's headers; and it bounds the
// reply body in size and, for streams, in time.
type wireDoer struct{ next *http.Client }

func (d wireDoer) Do(req *http.Request) (*http.Response, error) {
	p, _ := req.Context().Value(wireKey{}).(*wireParams)
	if p == nil {
		return d.next.Do(req)
	}
	if (p.temperature != nil || p.topP != nil) && req.Body != nil {
		var err error
		if req, err = withSampling(req, p); err != nil {
			return nil, err
		}
	}
	trace := &httptrace.ClientTrace{WroteRequest: func(info httptrace.WroteRequestInfo) {
		if info.Err == nil {
			p.sent.Add(1)
		}
	}}
	var first *time.Timer
	if p.firstByte > 0 && p.cancel != nil {
		first = time.AfterFunc(p.firstByte, func() { p.cancel(errNoFirstByte) })
	}
	resp, err := d.next.Do(req.WithContext(httptrace.WithClientTrace(req.Context(), trace)))
	if first != nil {
		first.Stop()
	}
	if err != nil {
		return resp, err
	}
	p.mu.Lock()
	p.hdr = resp.Header
	p.mu.Unlock()
	body := &boundedBody{rc: resp.Body, left: p.limit}
	if p.gap > 0 && p.cancel != nil {
		body.idle = time.AfterFunc(p.gap, func() { p.cancel(errStalled) })
		body.gap = p.gap
	}
	resp.Body = body
	return resp, nil
}

// boundedBody fails a read past its limit with errTooLarge, and restarts
// the idle timer on every read that brings data.
type boundedBody struct {
	rc   io.ReadCloser
	left int64
	idle *time.Timer
	gap  time.Duration
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if n > 0 && b.idle != nil {
		b.idle.Reset(b.gap)
	}
	return n, err
}

func (b *boundedBody) Close() error {
	if b.idle != nil {
		b.idle.Stop()
	}
	return b.rc.Close()
}

func withSampling(req *http.Request, p *wireParams) (*http.Request, error) {
	body, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read request body: %w", err)
	}
	if body, err = setSampling(body, p.temperature, p.topP); err != nil {
		return nil, err
	}
	out := req.Clone(req.Context())
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.ContentLength = int64(len(body))
	out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return out, nil
}

// setSampling writes temperature and top_p, those that are set, into a
// JSON request body.
func setSampling(body []byte, temperature, topP *float64) ([]byte, error) {
	if temperature == nil && topP == nil {
		return body, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, fmt.Errorf("rewrite request body: %w", err)
	}
	for name, v := range map[string]*float64{"temperature": temperature, "top_p": topP} {
		if v == nil {
			continue
		}
		enc, err := json.Marshal(*v)
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", name, err)
		}
		fields[name] = enc
	}
	body, err := json.Marshal(fields)
	if err != nil {
		return nil, fmt.Errorf("rewrite request body: %w", err)
	}
	return body, nil
}

// classify turns go-openai's error for one attempt into the error to report
// (its text free of the key), its cause, whether another attempt may
// succeed, and whether any can.
func (c *Client) classify(attemptCtx context.Context, err error, out *outcome) {
	out.retryAfter = retryAfter(out.header, time.Now())
	var reqErr *openai.RequestError
	var apiErr *openai.APIError
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, errTooLarge):
		out.err = fmt.Errorf("%w: the reply body passed %d bytes, the bound for a reply of at most %d tokens; it was not read further",
			ErrBadReply, out.bodyLimit, out.maxTokens)
		out.cause = CauseMalformed
	case errors.As(err, &reqErr):
		se := &StatusError{StatusCode: reqErr.HTTPStatusCode, Message: c.clean("non-JSON error body: " + bodySummary(reqErr.Body))}
		c.status(se, out)
	case errors.As(err, &apiErr):
		se := &StatusError{StatusCode: apiErr.HTTPStatusCode, Message: c.clean(apiErr.Message)}
		if code, ok := apiErr.Code.(string); ok && code != "" {
			se.Code = code
			se.Message += " (" + c.clean(code) + ")"
		}
		if se.StatusCode == 0 {
			// An error event inside a stream: the endpoint failed midway.
			out.err, out.retry, out.cause = fmt.Errorf("error in the stream: %s", se.Message), true, Cause5xx
			return
		}
		c.status(se, out)
	case errors.Is(context.Cause(attemptCtx), errNoFirstByte):
		out.err, out.retry, out.cause = fmt.Errorf("no reply within %v (llm first-byte deadline)", c.cfg.FirstByteTimeout), true, CauseTimeout
	case errors.Is(context.Cause(attemptCtx), errStalled):
		out.err, out.retry, out.cause = fmt.Errorf("the stream stalled: no data for %v (llm chunk deadline)", c.cfg.ChunkTimeout), true, CauseTimeout
	case attemptCtx.Err() != nil:
		// The attempt's own deadline passed (the caller's context is
		// checked by Complete): a hung endpoint, worth another try.
		out.err, out.retry, out.cause = fmt.Errorf("attempt timed out after %v", c.cfg.Timeout), true, CauseTimeout
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound && !c.answered.Load():
		out.err = fmt.Errorf("send request: %w", err)
		out.fatal = c.unreachable(err)
	case transient(err):
		out.err, out.retry, out.cause = fmt.Errorf("connection failed: %w", err), true, CauseConnection
	case errors.Is(err, ErrBadReply):
		out.err, out.retry, out.cause = err, true, CauseMalformed
	case isDecodeError(err):
		out.err, out.retry, out.cause = fmt.Errorf("%w: undecodable response body: %v", ErrBadReply, err), true, CauseMalformed
	default:
		out.err = fmt.Errorf("send request: %w", err)
	}
}

// status fills out for an HTTP error status.
func (c *Client) status(se *StatusError, out *outcome) {
	out.err, out.retry = se, retryableStatus(se.StatusCode)
	switch {
	case se.StatusCode == http.StatusTooManyRequests:
		out.cause = Cause429
	case se.StatusCode == http.StatusRequestTimeout:
		out.cause = CauseTimeout
	case se.StatusCode >= 500:
		out.cause = Cause5xx
	case se.StatusCode == http.StatusNotFound:
		out.fatal = c.notFound(se)
	}
}

// notFound explains a 404, which is about the endpoint or the model, never
// about one request: a wrong path (most often a base URL without /v1) or
// a model the endpoint does not have.
func (c *Client) notFound(se *StatusError) error {
	msg := strings.ToLower(se.Message)
	if se.Code == "model_not_found" || se.Code == "DeploymentNotFound" ||
		strings.Contains(msg, "model") && (strings.Contains(msg, "not exist") || strings.Contains(msg, "not found")) {
		return fmt.Errorf("%w: %s has no such model: %w", ErrEndpoint, c.endpoint(), se)
	}
	hint := ""
	if u, err := url.Parse(c.cfg.BaseURL); err == nil && !strings.Contains(u.Path+"/", "/v1/") && c.cfg.APIType != "azure" {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/v1"
		u.User = nil
		hint = fmt.Sprintf("; did you mean %s?", c.keys.redact(u.String()))
	}
	return fmt.Errorf("%w: %s has no chat completions endpoint (POST …/chat/completions answered 404)%s: %w", ErrEndpoint, c.endpoint(), hint, se)
}

// unreachable explains a connection that could not be made to an
// endpoint that never answered.
func (c *Client) unreachable(err error) error {
	return fmt.Errorf("%w: %s cannot be reached (is the server running, and is the URL right?): %w", ErrEndpoint, c.endpoint(), err)
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// transient reports errors of the connection rather than of the request.
func transient(err error) bool {
	for _, target := range []error{io.EOF, io.ErrUnexpectedEOF, syscall.ECONNRESET,
		syscall.ECONNREFUSED, syscall.ECONNABORTED, syscall.EPIPE} {
		if errors.Is(err, target) {
			return true
		}
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isDecodeError(err error) bool {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	return errors.As(err, &syntax) || errors.As(err, &typ)
}

// retryAfter reads how long the endpoint asked to wait, from OpenAI's
// retry-after-ms or the standard Retry-After (seconds or an HTTP date).
func retryAfter(h http.Header, now time.Time) time.Duration {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs <= 0 || secs > 1e6 {
			return 0
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// clean removes the key from an endpoint's message and keeps it short.
// It redacts before and after shortening: folding white space could
// otherwise join a key's pieces into a form not yet looked for.
func (c *Client) clean(msg string) string {
	return c.keys.redact(shorten(c.keys.redact(msg)))
}

// bodySummary describes a non-JSON error body: an HTML page's title, or
// the body's start.
func bodySummary(body []byte) string {
	s := string(body)
	if i := strings.Index(strings.ToLower(s), "<title>"); i >= 0 {
		rest := s[i+len("<title>"):]
		if j := strings.Index(strings.ToLower(rest), "</title>"); j >= 0 {
			return "HTML page titled " + strconv.Quote(strings.TrimSpace(rest[:j]))
		}
	}
	if strings.TrimSpace(s) == "" {
		return "(empty)"
	}
	return s
}

// shorten folds white space and cuts s to a length fit for an error.
func shorten(s string) string {
	const limit = 300
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
