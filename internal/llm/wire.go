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
	"strconv"
	"strings"
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
	// sent counts requests written in full to a connection: one that
	// timed out while waiting for a connection never reached the endpoint
	// and is not counted. The transport reports it from its own goroutine.
	sent atomic.Int32
}

// wireDoer sits between go-openai and the HTTP client. It writes the
// sampling parameters into the JSON body, because go-openai's float32
// fields are omitempty and so silently drop a configured 0, and it counts
// the requests really sent.
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
	return d.next.Do(req.WithContext(httptrace.WithClientTrace(req.Context(), trace)))
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
// (its text free of the key) and whether another attempt may succeed.
func (c *Client) classify(attemptCtx context.Context, err error) (retry bool, _ error) {
	var reqErr *openai.RequestError
	var apiErr *openai.APIError
	switch {
	case errors.As(err, &reqErr):
		se := &StatusError{StatusCode: reqErr.HTTPStatusCode, Message: c.clean("non-JSON error body: " + bodySummary(reqErr.Body))}
		return retryableStatus(se.StatusCode), se
	case errors.As(err, &apiErr):
		msg := apiErr.Message
		if code, ok := apiErr.Code.(string); ok && code != "" {
			msg += " (" + code + ")"
		}
		se := &StatusError{StatusCode: apiErr.HTTPStatusCode, Message: c.clean(msg)}
		return retryableStatus(se.StatusCode), se
	case attemptCtx.Err() != nil:
		// The attempt's own deadline passed (the caller's context is
		// checked by Complete): a hung endpoint, worth another try.
		return true, fmt.Errorf("attempt timed out after %v", c.cfg.Timeout)
	case transient(err):
		return true, fmt.Errorf("connection failed: %w", err)
	case isDecodeError(err):
		return true, fmt.Errorf("%w: undecodable response body: %v", ErrBadReply, err)
	}
	return false, fmt.Errorf("send request: %w", err)
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
func (c *Client) clean(msg string) string {
	return shorten(redact(msg, c.cfg.APIKey))
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
