package llm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/llm"
)

const testKey = "sk-test-7f3a9c1e5b2d8a4f6e0c"

func fence(id, source, text string) string {
	return fmt.Sprintf("<<<BEGIN UNTRUSTED ARTICLE id=%q source=%q>>>\n%s\n<<<END UNTRUSTED ARTICLE>>>", id, source, text)
}

func request() llm.Request {
	return llm.Request{
		Model: "gpt-4o-mini",
		Messages: []llm.Message{
			{Role: "system", Content: "Summarize the article."},
			{Role: "user", Content: fence("wire", "Wire", "The harbour reopened on Friday after the storm had passed. Ferries resumed their service. Damage was light.")},
		},
	}
}

const wantContent = "The harbour reopened on Friday after the storm had passed. Ferries resumed their service."

// newClient returns a client for srv with fast retries; edit adjusts the
// config.
func newClient(t *testing.T, srv *fakeai.Server, edit func(*llm.Config)) *llm.Client {
	t.Helper()
	cfg := llm.Config{
		BaseURL:        srv.URL(),
		APIKey:         testKey,
		Timeout:        5 * time.Second,
		MaxAttempts:    4,
		BackoffInitial: time.Millisecond,
		BackoffMax:     5 * time.Millisecond,
		MaxRetryAfter:  5 * time.Second,
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := llm.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestComplete(t *testing.T) {
	srv := fakeai.New(fakeai.Options{RequireKey: testKey})
	defer srv.Close()
	c := newClient(t, srv, nil)
	r, err := c.Complete(context.Background(), request())
	if err != nil {
		t.Fatal(err)
	}
	if r.Content != wantContent || r.FinishReason != "stop" || r.Model != "gpt-4o-mini" {
		t.Errorf("reply = %+v", r)
	}
	if r.Attempts != 1 || r.PromptTokens == 0 || r.CompletionTokens == 0 || r.Latency <= 0 {
		t.Errorf("accounting = %+v", r)
	}
}

func TestRetryAfterHonored(t *testing.T) {
	srv := fakeai.New(fakeai.Options{Script: []fakeai.Fault{fakeai.TooManyRequests}, RetryAfter: "1"})
	defer srv.Close()
	c := newClient(t, srv, nil)
	start := time.Now()
	r, err := c.Complete(context.Background(), request())
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Errorf("retried after %v; Retry-After asked for 1s", elapsed)
	}
	if r.Attempts != 2 || srv.Requests() != 2 {
		t.Errorf("attempts %d, requests %d; want 2", r.Attempts, srv.Requests())
	}
}

func TestRetryAfterCapped(t *testing.T) {
	srv := fakeai.New(fakeai.Options{Script: []fakeai.Fault{fakeai.TooManyRequests}, RetryAfter: "3600"})
	defer srv.Close()
	c := newClient(t, srv, func(cfg *llm.Config) { cfg.MaxRetryAfter = 10 * time.Millisecond })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.Complete(ctx, request()); err != nil {
		t.Fatalf("an hour's Retry-After was not capped: %v", err)
	}
}

func TestRetriedFaults(t *testing.T) {
	for _, tc := range []struct {
		name   string
		script []fakeai.Fault
	}{
		{"5xx", []fakeai.Fault{fakeai.ServerError, fakeai.ServerError, fakeai.ServerError}},
		{"html 502", []fakeai.Fault{fakeai.BadGateway, fakeai.BadGateway}},
		{"broken body", []fakeai.Fault{fakeai.Malformed}},
		{"truncated then empty", []fakeai.Fault{fakeai.Truncated, fakeai.Empty}},
		{"refused then filtered", []fakeai.Fault{fakeai.Refused, fakeai.Filtered}},
		{"mixed", []fakeai.Fault{fakeai.TooManyRequests, fakeai.BadGateway, fakeai.Empty}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := fakeai.New(fakeai.Options{Script: tc.script, RetryAfter: "0"})
			defer srv.Close()
			r, err := newClient(t, srv, nil).Complete(context.Background(), request())
			if err != nil {
				t.Fatal(err)
			}
			if want := len(tc.script) + 1; r.Attempts != want || srv.Requests() != want {
				t.Errorf("attempts %d, requests %d; want %d", r.Attempts, srv.Requests(), want)
			}
			if r.Content != wantContent {
				t.Errorf("content %q", r.Content)
			}
		})
	}
}

func TestHangTimesOut(t *testing.T) {
	srv := fakeai.New(fakeai.Options{Script: []fakeai.Fault{fakeai.Hang}})
	defer srv.Close()
	c := newClient(t, srv, func(cfg *llm.Config) { cfg.Timeout = 200 * time.Millisecond })
	start := time.Now()
	r, err := c.Complete(context.Background(), request())
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < 200*time.Millisecond {
		t.Errorf("finished after %v, before the attempt timeout", elapsed)
	}
	if r.Attempts != 2 {
		t.Errorf("attempts %d, want 2", r.Attempts)
	}
}

func TestHangEveryAttempt(t *testing.T) {
	srv := fakeai.New(fakeai.Options{RateHang: 1})
	defer srv.Close()
	c := newClient(t, srv, func(cfg *llm.Config) { cfg.Timeout = 50 * time.Millisecond; cfg.MaxAttempts = 3 })
	r, err := c.Complete(context.Background(), request())
	if err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if r.Attempts != 3 || srv.Requests() != 3 {
		t.Errorf("attempts %d, requests %d; want 3", r.Attempts, srv.Requests())
	}
}

func TestNotRetried(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 422} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			srv := fakeai.New(fakeai.Options{AlwaysStatus: status})
			defer srv.Close()
			r, err := newClient(t, srv, nil).Complete(context.Background(), request())
			var se *llm.StatusError
			if !errors.As(err, &se) || se.StatusCode != status {
				t.Fatalf("err = %v, want a StatusError %d", err, status)
			}
			if r.Attempts != 1 || srv.Requests() != 1 {
				t.Errorf("attempts %d, requests %d; want 1", r.Attempts, srv.Requests())
			}
			if auth := status == 401 || status == 403; errors.Is(err, llm.ErrAuth) != auth {
				t.Errorf("errors.Is(ErrAuth) = %v for %d", !auth, status)
			}
		})
	}
}

func TestBadReplyExhausts(t *testing.T) {
	for _, tc := range []struct {
		fault  fakeai.Fault
		reason string
	}{
		{fakeai.Truncated, "truncated"},
		{fakeai.Empty, "empty"},
		{fakeai.Refused, "refused"},
		{fakeai.Filtered, "filtered"},
	} {
		t.Run(tc.reason, func(t *testing.T) {
			srv := fakeai.New(fakeai.Options{Script: []fakeai.Fault{tc.fault, tc.fault, tc.fault, tc.fault}})
			defer srv.Close()
			r, err := newClient(t, srv, func(cfg *llm.Config) { cfg.MaxAttempts = 3 }).Complete(context.Background(), request())
			if !errors.Is(err, llm.ErrBadReply) || !strings.Contains(err.Error(), tc.reason) {
				t.Fatalf("err = %v, want ErrBadReply naming %q", err, tc.reason)
			}
			if r.Attempts != 3 || srv.Requests() != 3 {
				t.Errorf("attempts %d, requests %d; want 3", r.Attempts, srv.Requests())
			}
		})
	}
}

func TestHTML502Exhausts(t *testing.T) {
	srv := fakeai.New(fakeai.Options{Rate5xx: 1, Script: []fakeai.Fault{fakeai.BadGateway, fakeai.BadGateway}})
	defer srv.Close()
	_, err := newClient(t, srv, func(cfg *llm.Config) { cfg.MaxAttempts = 2 }).Complete(context.Background(), request())
	var se *llm.StatusError
	if !errors.As(err, &se) || se.StatusCode != 502 {
		t.Fatalf("err = %v, want a StatusError 502", err)
	}
	if !strings.Contains(err.Error(), "502 Bad Gateway") || strings.Contains(err.Error(), "<html>") {
		t.Errorf("error should name the page, not dump it: %v", err)
	}
}

// A 200 whose body is not JSON (a captive portal, a misrouted proxy) is an
// unusable reply: retried, then ErrBadReply.
func TestUndecodableBody(t *testing.T) {
	var mu sync.Mutex
	n := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		if first {
			fmt.Fprint(w, "<html><body>Please log in</body></html>")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"fine"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}`)
	}))
	defer ts.Close()
	c, err := llm.New(llm.Config{BaseURL: ts.URL, MaxAttempts: 2, BackoffInitial: time.Millisecond, NoStream: true})
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Complete(context.Background(), request())
	if err != nil || r.Content != "fine" || r.Attempts != 2 {
		t.Fatalf("reply %+v, err %v; want the second answer", r, err)
	}
	c, _ = llm.New(llm.Config{BaseURL: ts.URL, MaxAttempts: 1, NoStream: true})
	mu.Lock()
	n = 0
	mu.Unlock()
	if _, err := c.Complete(context.Background(), request()); !errors.Is(err, llm.ErrBadReply) {
		t.Fatalf("err = %v, want ErrBadReply", err)
	}
}

func TestConnectionRefused(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	url := srv.URL()
	srv.Close()
	c, err := llm.New(llm.Config{BaseURL: url, MaxAttempts: 3, BackoffInitial: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	// An endpoint that never answered is given one retry, then reported
	// as unreachable, naming itself.
	r, err := c.Complete(context.Background(), request())
	if !errors.Is(err, llm.ErrEndpoint) || !strings.Contains(err.Error(), "2 tries") || !strings.Contains(err.Error(), url) || r.Attempts != 0 {
		t.Fatalf("attempts %d, err %v; want ErrEndpoint naming %s after 2 tries and no request sent", r.Attempts, err, url)
	}
}

func TestCallerCancel(t *testing.T) {
	srv := fakeai.New(fakeai.Options{RateHang: 1})
	defer srv.Close()
	c := newClient(t, srv, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	r, err := c.Complete(ctx, request())
	if !errors.Is(err, context.DeadlineExceeded) || r.Attempts != 1 {
		t.Fatalf("attempts %d, err %v; want the caller's deadline after 1 attempt", r.Attempts, err)
	}
}

func wireBodies(t *testing.T, srv *fakeai.Server) []map[string]json.RawMessage {
	t.Helper()
	var out []map[string]json.RawMessage
	for _, b := range srv.Bodies() {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("body %s: %v", b, err)
		}
		out = append(out, m)
	}
	return out
}

func TestSchemaFallback(t *testing.T) {
	srv := fakeai.New(fakeai.Options{RejectJSONSchema: true})
	defer srv.Close()
	c := newClient(t, srv, func(cfg *llm.Config) { cfg.MaxAttempts = 1 })
	req := request()
	req.Schema = &llm.Schema{Name: "disputes", Schema: json.RawMessage(`{"type":"object","properties":{"disputed_points":{"type":"array"}},"required":["disputed_points"],"additionalProperties":false}`)}
	r, err := c.Complete(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if r.Attempts != 2 || !json.Valid([]byte(r.Content)) {
		t.Errorf("attempts %d, content %q", r.Attempts, r.Content)
	}
	if _, err := c.Complete(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	bodies := wireBodies(t, srv)
	if len(bodies) != 3 {
		t.Fatalf("%d requests, want 3 (the fallback is remembered)", len(bodies))
	}
	var formats []string
	for _, b := range bodies {
		var rf struct {
			Type       string `json:"type"`
			JSONSchema *struct {
				Name   string          `json:"name"`
				Strict bool            `json:"strict"`
				Schema json.RawMessage `json:"schema"`
			} `json:"json_schema"`
		}
		if err := json.Unmarshal(b["response_format"], &rf); err != nil {
			t.Fatal(err)
		}
		formats = append(formats, rf.Type)
		if rf.Type == "json_schema" && (rf.JSONSchema == nil || rf.JSONSchema.Name != "disputes" || !rf.JSONSchema.Strict || !bytes.Contains(rf.JSONSchema.Schema, []byte("disputed_points"))) {
			t.Errorf("json_schema sent as %s", b["response_format"])
		}
	}
	if got := strings.Join(formats, ","); got != "json_schema,json_object,json_object" {
		t.Errorf("response formats %s", got)
	}
}

func TestWireParameters(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	c := newClient(t, srv, nil)
	zero, topP, seed := 0.0, 0.9, 42
	req := request()
	req.Temperature, req.TopP, req.Seed, req.MaxTokens = &zero, &topP, &seed, 300
	if _, err := c.Complete(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	req = request()
	req.Model, req.MaxTokens, req.JSONMode = "gpt-5-mini", 500, true
	if _, err := c.Complete(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	raw := srv.Bodies()
	if !bytes.Contains(raw[0], []byte(`"temperature":0`)) {
		t.Errorf(`body lacks "temperature":0: %s`, raw[0])
	}
	b := wireBodies(t, srv)
	for name, want := range map[string]string{"temperature": "0", "top_p": "0.9", "seed": "42", "max_tokens": "300"} {
		if got := string(b[0][name]); got != want {
			t.Errorf("first body %s = %q, want %q", name, got, want)
		}
	}
	for _, name := range []string{"temperature", "top_p", "seed", "max_tokens"} {
		if v, ok := b[1][name]; ok {
			t.Errorf("second body sends %s = %s though it is unset", name, v)
		}
	}
	if got := string(b[1]["max_completion_tokens"]); got != "500" {
		t.Errorf("gpt-5 max_completion_tokens = %q", got)
	}
	if got := string(b[1]["response_format"]); got != `{"type":"json_object"}` {
		t.Errorf("JSON mode response_format = %s", got)
	}
	var msgs []struct{ Role, Content string }
	if err := json.Unmarshal(b[0]["messages"], &msgs); err != nil || len(msgs) != 2 || msgs[1].Content != request().Messages[1].Content {
		t.Errorf("messages = %s (%v)", b[0]["messages"], err)
	}
}

// A configured requests-per-minute figure paces requests before anything
// is learned: a minute's budget, then one request per 1/RPM.
func TestRPMCeilingPaces(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	c := newClient(t, srv, func(cfg *llm.Config) { cfg.RequestsPerMinute = 3 }) // a budget of 3, then one per 20 s
	for range 3 {
		if _, err := c.Complete(context.Background(), request()); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if r, err := c.Complete(ctx, request()); err == nil || r.Attempts != 0 || srv.Requests() != 3 {
		t.Fatalf("fourth call: attempts %d, err %v, requests %d; want it held by the ceiling", r.Attempts, err, srv.Requests())
	}
}

func TestTPM(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	c := newClient(t, srv, func(cfg *llm.Config) { cfg.TokensPerMinute = 6000 }) // 100 tokens a second
	big := request()
	big.Messages[1].Content += strings.Repeat(" filler", 5000) // ~9000 tokens by len/4, beyond the bucket
	if _, err := c.Complete(context.Background(), big); err != nil {
		t.Fatalf("a request larger than the TPM bucket failed: %v", err)
	}
	start := time.Now()
	if _, err := c.Complete(context.Background(), request()); err != nil {
		t.Fatal(err)
	}
	// The small request (~50 tokens) waits for the drained bucket to refill.
	if elapsed := time.Since(start); elapsed < 300*time.Millisecond {
		t.Errorf("second request went after %v, want a wait for the bucket", elapsed)
	}

	counted := 0
	c = newClient(t, srv, func(cfg *llm.Config) {
		cfg.TokensPerMinute = 1000
		cfg.CountTokens = func(s string) int { counted++; return 1 }
	})
	if _, err := c.Complete(context.Background(), request()); err != nil || counted == 0 {
		t.Errorf("CountTokens used %d times, err %v", counted, err)
	}
}

func TestRateWaitRespectsContext(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	c := newClient(t, srv, func(cfg *llm.Config) { cfg.RequestsPerMinute = 1 })
	if _, err := c.Complete(context.Background(), request()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	r, err := c.Complete(ctx, request())
	if err == nil || r.Attempts != 0 || srv.Requests() != 1 {
		t.Fatalf("attempts %d, err %v; want a limit error and no request", r.Attempts, err)
	}
}

// The key must not show in any error or log line, even when the endpoint
// repeats it back.
func TestKeyNeverLeaks(t *testing.T) {
	var logs bytes.Buffer
	var logMu sync.Mutex
	logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		logMu.Lock()
		defer logMu.Unlock()
		return logs.Write(p)
	}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	withLog := func(cfg *llm.Config) { cfg.Logger = logger; cfg.MaxAttempts = 3 }

	var errs []error
	echo := fakeai.New(fakeai.Options{RequireKey: "the-right-key"}) // echoes the key it got
	defer echo.Close()
	_, err := newClient(t, echo, withLog).Complete(context.Background(), request())
	if !errors.Is(err, llm.ErrAuth) || echo.Requests() != 1 {
		t.Fatalf("err %v after %d requests; want ErrAuth after 1", err, echo.Requests())
	}
	errs = append(errs, err)

	// A key in the base URL, as some gateways want, and every retried fault.
	faulty := fakeai.New(fakeai.Options{RequireKey: testKey, Rate429: 0.2, Rate5xx: 0.3, RateMalformed: 0.1, RateEmpty: 0.2, RetryAfter: "0"})
	defer faulty.Close()
	for _, base := range []string{faulty.URL(), faulty.URL() + "?key=" + testKey} {
		c := newClient(t, faulty, func(cfg *llm.Config) { withLog(cfg); cfg.BaseURL = base })
		for range 20 {
			if _, err := c.Complete(context.Background(), request()); err != nil {
				errs = append(errs, err)
			}
		}
	}
	closed := fakeai.New(fakeai.Options{})
	closed.Close()
	_, err = newClient(t, closed, func(cfg *llm.Config) { withLog(cfg); cfg.BaseURL = closed.URL() + "?key=" + testKey }).Complete(context.Background(), request())
	errs = append(errs, err)

	if len(errs) < 3 {
		t.Fatalf("only %d errors to check", len(errs))
	}
	for _, err := range errs {
		if err == nil {
			t.Fatal("expected an error")
		}
		if strings.Contains(err.Error(), testKey) {
			t.Errorf("error contains the key: %v", err)
		}
		if se := (*llm.StatusError)(nil); errors.As(err, &se) && strings.Contains(se.Message, testKey) {
			t.Errorf("StatusError message contains the key: %v", se.Message)
		}
	}
	logMu.Lock()
	defer logMu.Unlock()
	if !strings.Contains(logs.String(), "retrying") {
		t.Errorf("no retries logged:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), testKey) {
		t.Errorf("log contains the key:\n%s", logs.String())
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// Many goroutines share one client over a faulty endpoint: every call ends
// well and the total requests stay within the retry bound.
func TestConcurrentUnderFaults(t *testing.T) {
	// No hangs here: a request the client gives up on may reach the
	// server's handler only after the test has counted (hangs are tested
	// above).
	srv := fakeai.New(fakeai.Options{Seed: 1, Rate429: 0.2, Rate5xx: 0.1, RateMalformed: 0.05, RateEmpty: 0.05, RetryAfter: "0"})
	defer srv.Close()
	const calls, attempts = 60, 8
	c := newClient(t, srv, func(cfg *llm.Config) { cfg.MaxAttempts = attempts })
	var wg sync.WaitGroup
	var mu sync.Mutex
	sent := 0
	for range calls {
		wg.Go(func() {
			r, err := c.Complete(context.Background(), request())
			if err != nil || r.Content != wantContent {
				t.Errorf("reply %q, err %v", r.Content, err)
			}
			mu.Lock()
			sent += r.Attempts
			mu.Unlock()
		})
	}
	wg.Wait()
	if sent != srv.Requests() || sent > calls*attempts || sent <= calls {
		t.Errorf("attempts %d, server requests %d, bound %d", sent, srv.Requests(), calls*attempts)
	}
}

func TestAzure(t *testing.T) {
	var got *http.Request
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"x","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}`)
	}))
	defer ts.Close()
	c, err := llm.New(llm.Config{BaseURL: ts.URL, APIKey: testKey, APIType: "azure", APIVersion: "2024-10-21"})
	if err != nil {
		t.Fatal(err)
	}
	req := request()
	req.Model = "gpt-4o"
	if _, err := c.Complete(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if got.URL.Path != "/openai/deployments/gpt-4o/chat/completions" || got.URL.Query().Get("api-version") != "2024-10-21" || got.Header.Get("api-key") != testKey {
		t.Errorf("azure request %s %v", got.URL, got.Header)
	}
}

func TestNewRejects(t *testing.T) {
	for _, cfg := range []llm.Config{
		{BaseURL: "localhost:11434"},
		{BaseURL: "ftp://example.com"},
		{APIType: "anthropic"},
		{MaxAttempts: -1},
	} {
		if _, err := llm.New(cfg); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		}
	}
	_, err := llm.New(llm.Config{BaseURL: "ftp://x/?key=" + testKey, APIKey: testKey})
	if err == nil || strings.Contains(err.Error(), testKey) {
		t.Errorf("err = %v", err)
	}
}

// BenchmarkComplete measures the client's own overhead per call, over a
// local fake endpoint that answers at once.
func BenchmarkComplete(b *testing.B) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	c, err := llm.New(llm.Config{BaseURL: srv.URL(), APIKey: testKey})
	if err != nil {
		b.Fatal(err)
	}
	zero := 0.0
	req := request()
	req.Temperature = &zero
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Complete(context.Background(), req); err != nil {
				b.Error(err)
			}
		}
	})
}

// A provider allowing fewer requests in flight than the caller sends: the
// client learns the lower limit and every call succeeds within a small
// attempt budget.
func TestLearnsProviderConcurrency(t *testing.T) {
	srv := fakeai.New(fakeai.Options{MaxConcurrent: 2, Latency: 20 * time.Millisecond})
	defer srv.Close()
	c := newClient(t, srv, func(cfg *llm.Config) {
		cfg.MaxConcurrent = 8
		cfg.MaxAttempts = 4
		cfg.BackoffInitial = 20 * time.Millisecond
	})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				if _, err := c.Complete(context.Background(), request()); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if srv.Requests() > 40*2 {
		t.Errorf("%d requests for 40 calls", srv.Requests())
	}
}

// countingTransport counts requests from their start until their reply
// body is closed: the client's own view of what it has in flight (the
// server's count ends when its handler returns, a moment after the client
// has read the last byte).
type countingTransport struct {
	next           http.RoundTripper
	mu             sync.Mutex
	inFlight, peak int
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.inFlight++
	c.peak = max(c.peak, c.inFlight)
	c.mu.Unlock()
	resp, err := c.next.RoundTrip(r)
	if err != nil {
		c.done()
		return nil, err
	}
	resp.Body = &closeHook{ReadCloser: resp.Body, hook: c.done}
	return resp, nil
}

func (c *countingTransport) done() {
	c.mu.Lock()
	c.inFlight--
	c.mu.Unlock()
}

type closeHook struct {
	io.ReadCloser
	once sync.Once
	hook func()
}

func (c *closeHook) Close() error {
	err := c.ReadCloser.Close()
	c.once.Do(c.hook)
	return err
}

func TestMaxConcurrentBound(t *testing.T) {
	srv := fakeai.New(fakeai.Options{Latency: 20 * time.Millisecond})
	defer srv.Close()
	ct := &countingTransport{next: http.DefaultTransport}
	c := newClient(t, srv, func(cfg *llm.Config) { cfg.MaxConcurrent = 3; cfg.HTTPClient = &http.Client{Transport: ct} })
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			if _, err := c.Complete(context.Background(), request()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if ct.peak != 3 {
		t.Errorf("peak in flight %d, want 3", ct.peak)
	}
}

// A 429 asks the client to wait: it spends no attempt, up to three times
// MaxAttempts of them.
func Test429SpendsNoAttempt(t *testing.T) {
	many := make([]fakeai.Fault, 6)
	for i := range many {
		many[i] = fakeai.TooManyRequests
	}
	srv := fakeai.New(fakeai.Options{Script: append(many, fakeai.ServerError), RetryAfter: "0"})
	defer srv.Close()
	r, err := newClient(t, srv, func(cfg *llm.Config) { cfg.MaxAttempts = 2 }).Complete(context.Background(), request())
	if err != nil || r.Attempts != 8 {
		t.Fatalf("6 429s and a 5xx with 2 attempts: reply after %d requests, err %v; want success on the 8th", r.Attempts, err)
	}

	always := fakeai.New(fakeai.Options{Rate429: 1, RetryAfter: "0"})
	defer always.Close()
	r, err = newClient(t, always, func(cfg *llm.Config) { cfg.MaxAttempts = 2 }).Complete(context.Background(), request())
	if err == nil || r.Attempts != 2+3*2 {
		t.Errorf("endless 429s with 2 attempts: %d requests, err %v; want 8 then an error", r.Attempts, err)
	}
}
