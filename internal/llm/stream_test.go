package llm_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/llm"
)

// A streamed reply is read into the same Reply as a plain one: content,
// finish reason, model and usage; the unusable ones fail the same way.
func TestStreamEqualsPlain(t *testing.T) {
	for _, fault := range []fakeai.Fault{fakeai.None, fakeai.Truncated, fakeai.Empty, fakeai.Refused, fakeai.Filtered} {
		t.Run(fault.String(), func(t *testing.T) {
			var replies [2]llm.Reply
			var errs [2]error
			for i, noStream := range []bool{false, true} {
				srv := fakeai.New(fakeai.Options{Script: []fakeai.Fault{fault}})
				c := newClient(t, srv, func(cfg *llm.Config) { cfg.NoStream = noStream; cfg.MaxAttempts = 1 })
				replies[i], errs[i] = c.Complete(context.Background(), request())
				srv.Close()
				replies[i].Latency = 0
				if fault == fakeai.None && !noStream {
					body := srv.Bodies()[0]
					if !strings.Contains(string(body), `"stream":true`) || !strings.Contains(string(body), `"include_usage":true`) {
						t.Errorf("streamed request body lacks stream options: %s", body)
					}
				}
			}
			if replies[0] != replies[1] || fmt.Sprint(errs[0]) != fmt.Sprint(errs[1]) {
				t.Errorf("streamed %+v (%v)\nplain    %+v (%v)", replies[0], errs[0], replies[1], errs[1])
			}
			if fault == fakeai.None && (replies[0].Content != wantContent || replies[0].PromptTokens == 0 || replies[0].CompletionTokens == 0) {
				t.Errorf("streamed reply %+v", replies[0])
			}
		})
	}
}

// A hang is caught by the first-byte deadline and a stalled stream by the
// chunk deadline, long before the attempt's timeout; the retry succeeds.
func TestStreamDeadlines(t *testing.T) {
	for _, fault := range []fakeai.Fault{fakeai.Hang, fakeai.Stall} {
		t.Run(fault.String(), func(t *testing.T) {
			srv := fakeai.New(fakeai.Options{Script: []fakeai.Fault{fault}})
			defer srv.Close()
			var causes []string
			c := newClient(t, srv, func(cfg *llm.Config) {
				cfg.Timeout = time.Hour
				cfg.FirstByteTimeout = 50 * time.Millisecond
				cfg.ChunkTimeout = 50 * time.Millisecond
				cfg.OnRetry = func(c string) { causes = append(causes, c) }
			})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			r, err := c.Complete(ctx, request())
			if err != nil {
				t.Fatalf("%v (the hour-long attempt timeout was not needed)", err)
			}
			if r.Attempts != 2 || r.Content != wantContent || len(causes) != 1 || causes[0] != llm.CauseTimeout {
				t.Errorf("attempts %d, content %q, retry causes %v", r.Attempts, r.Content, causes)
			}
		})
	}
}

// An endless 200 fails its call with a clear error once the bound sized
// from max_tokens is passed, streamed or not, and is not retried.
func TestEndlessReplyBounded(t *testing.T) {
	for _, noStream := range []bool{false, true} {
		srv := fakeai.New(fakeai.Options{Script: []fakeai.Fault{fakeai.Endless}})
		c := newClient(t, srv, func(cfg *llm.Config) { cfg.NoStream = noStream })
		req := request()
		req.MaxTokens = 16
		r, err := c.Complete(context.Background(), req)
		srv.Close()
		if !errors.Is(err, llm.ErrBadReply) || !strings.Contains(err.Error(), "reply body passed") || r.Attempts != 1 {
			t.Errorf("stream %v: attempts %d, err %v; want one attempt failing on the body bound", !noStream, r.Attempts, err)
		}
	}
}

// An endpoint that ignores "stream" and answers a plain JSON body: the
// client resends without streaming, once, and keeps to plain replies.
func TestEndpointIgnoringStream(t *testing.T) {
	n := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"fine"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}`)
	}))
	defer ts.Close()
	c, err := llm.New(llm.Config{BaseURL: ts.URL, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if r, err := c.Complete(context.Background(), request()); err != nil || r.Content != "fine" {
			t.Fatalf("reply %+v, err %v", r, err)
		}
	}
	if n != 3 {
		t.Errorf("%d requests for 2 calls, want 3 (one fallback)", n)
	}
}

// The key in every form it can come back in: trimmed by the HTTP layer
// and echoed in a 401, JSON-escaped in a raw error body, and inside the
// content of a successful completion (streamed or not).
func TestKeyRedactedInEveryForm(t *testing.T) {
	const key = "sk-live&7f3a9c1e5b2d8a4f"
	check := func(what, s string) {
		t.Helper()
		for _, form := range []string{key, `sk-live\u00267f3a9c1e5b2d8a4f`} {
			if strings.Contains(s, form) {
				t.Errorf("%s holds the key as %q: %s", what, form, s)
			}
		}
	}

	echo := fakeai.New(fakeai.Options{RequireKey: "another-key"})
	defer echo.Close()
	_, err := newClient(t, echo, func(cfg *llm.Config) { cfg.APIKey = key + " \t" }).Complete(context.Background(), request())
	if !errors.Is(err, llm.ErrAuth) {
		t.Fatalf("err = %v, want ErrAuth", err)
	}
	check("401 error", err.Error())

	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `{"detail": "upstream refused key sk-live\u00267f3a9c1e5b2d8a4f`) // cut JSON: shown raw
	}))
	defer ts.Close()
	c, _ := llm.New(llm.Config{BaseURL: ts.URL, APIKey: key, MaxAttempts: 1})
	_, err = c.Complete(context.Background(), request())
	if err == nil {
		t.Fatal("want an error")
	}
	check("raw error body", err.Error())

	for _, noStream := range []bool{false, true} {
		srv := fakeai.New(fakeai.Options{Respond: func(openai.ChatCompletionRequest) string {
			return "Your key is " + key + ", as you asked."
		}})
		r, err := newClient(t, srv, func(cfg *llm.Config) { cfg.APIKey = key; cfg.NoStream = noStream }).Complete(context.Background(), request())
		srv.Close()
		if err != nil || !strings.Contains(r.Content, "[REDACTED]") {
			t.Fatalf("reply %+v, err %v", r, err)
		}
		check("completion content", r.Content)
	}
}

// Systematic failures name the endpoint and the cause and match
// ErrEndpoint, after one request.
func TestSystematicFailures(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	noV1 := strings.TrimSuffix(srv.URL(), "/v1")
	_, err := newClient(t, srv, func(cfg *llm.Config) { cfg.BaseURL = noV1 }).Complete(context.Background(), request())
	if !errors.Is(err, llm.ErrEndpoint) || !strings.Contains(err.Error(), "did you mean "+noV1+"/v1?") {
		t.Errorf("base URL without /v1: %v", err)
	}

	missing := fakeai.New(fakeai.Options{AlwaysStatus: 404})
	defer missing.Close()
	_, err = newClient(t, missing, nil).Complete(context.Background(), request())
	if !errors.Is(err, llm.ErrEndpoint) || !strings.Contains(err.Error(), "no such model") || strings.Contains(err.Error(), "did you mean") {
		t.Errorf("unknown model: %v", err)
	}
	if missing.Requests() != 1 {
		t.Errorf("%d requests, want 1", missing.Requests())
	}

	_, err = newClient(t, srv, func(cfg *llm.Config) { cfg.BaseURL = "http://no-such-host.invalid/v1" }).Complete(context.Background(), request())
	if !errors.Is(err, llm.ErrEndpoint) || !strings.Contains(err.Error(), "no-such-host.invalid") {
		t.Errorf("unresolvable host: %v", err)
	}

	// A streak of failed calls across stories.
	failing := fakeai.New(fakeai.Options{Rate5xx: 1, RetryAfter: "0"})
	defer failing.Close()
	c := newClient(t, failing, func(cfg *llm.Config) { cfg.MaxAttempts = 1 })
	for i := range 8 {
		req := request()
		req.Group = fmt.Sprint("story-", i%4)
		_, err = c.Complete(context.Background(), req)
		if errors.Is(err, llm.ErrEndpoint) != (i == 7) {
			t.Errorf("call %d: ErrEndpoint %v: %v", i, errors.Is(err, llm.ErrEndpoint), err)
		}
	}
}

// Limits advertised in headers are learned: once the budget is spent the
// client waits instead of drawing 429s.
func TestLearnsAdvertisedLimits(t *testing.T) {
	srv := fakeai.New(fakeai.Options{Limits: &fakeai.Limits{RequestsPerMinute: 5, TokensPerMinute: 1_000_000, Enforce: true}})
	defer srv.Close()
	var held []string
	c := newClient(t, srv, func(cfg *llm.Config) { cfg.OnHold = func(l string, d time.Duration) { held = append(held, l) } })
	for range 5 {
		if _, err := c.Complete(context.Background(), request()); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	r, err := c.Complete(ctx, request())
	if err == nil || r.Attempts != 0 || srv.Limited() != 0 {
		t.Errorf("sixth call: attempts %d, err %v, 429s %d; want it held by the learned limit", r.Attempts, err, srv.Limited())
	}
	if len(held) != 1 || held[0] != llm.LimitRequests {
		t.Errorf("holds reported: %v", held)
	}
}

// A 429 whose headers say the tokens budget is spent, with OpenAI's reset
// (the time to refill completely, here 6 minutes): the next call waits
// only until there is room for it, at the learned rate.
func TestSpentBudgetWaitsForRoomNotFullReset(t *testing.T) {
	n := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		h := w.Header()
		h.Set("x-ratelimit-limit-tokens", "600000") // 10,000 tokens a second
		h.Set("x-ratelimit-reset-tokens", "6m0s")
		if n == 1 {
			h.Set("x-ratelimit-remaining-tokens", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"error":{"message":"Rate limit reached.","type":"tokens","code":"rate_limit_exceeded"}}`)
			return
		}
		h.Set("x-ratelimit-remaining-tokens", "500000")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"fine"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}`)
	}))
	defer ts.Close()
	var holds []time.Duration
	c, err := llm.New(llm.Config{BaseURL: ts.URL, NoStream: true, BackoffInitial: time.Millisecond, MaxRetryAfter: time.Minute,
		OnHold: func(limit string, d time.Duration) {
			if limit == llm.LimitTokens {
				holds = append(holds, d)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := c.Complete(context.Background(), request()); err != nil || r.Content != "fine" {
		t.Fatalf("reply %+v, err %v", r, err)
	}
	if len(holds) != 1 || holds[0] > time.Second {
		t.Errorf("held for %v; want one wait of well under a second (about 60 tokens at 10,000 a second)", holds)
	}
}

func TestRedactor(t *testing.T) {
	const key = " sk-a&b<c\n"
	redact := llm.Redactor(key)
	for _, s := range []string{key, "sk-a&b<c", `sk-a\u0026b\u003cc`, `sk-a&b<c\n`, `\" sk-a\u0026b\u003cc\n\"`} {
		if got := redact("before " + s + " after"); strings.Contains(got, "sk-a") {
			t.Errorf("redact(%q) = %q", s, got)
		}
	}
	if got := llm.Redactor("")("nothing to hide"); got != "nothing to hide" {
		t.Errorf("empty key changed the text: %q", got)
	}
}
