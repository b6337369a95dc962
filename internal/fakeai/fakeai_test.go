package fakeai

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

const article1 = "The council approved the new bridge on Tuesday after a long debate. Supporters said it would cut commuting times. Critics warned about the cost."
const article2 = "A divided council narrowly backed the bridge plan late on Tuesday. The vote was five to four. Opponents vowed to keep fighting."

func fence(id, source, text string) string {
	return fmt.Sprintf("<<<BEGIN UNTRUSTED ARTICLE id=%q source=%q>>>\n%s\n<<<END UNTRUSTED ARTICLE>>>", id, source, text)
}

func chatBody(t *testing.T, jsonMode bool) []byte {
	t.Helper()
	req := openai.ChatCompletionRequest{
		Model: "test-model",
		Messages: []openai.ChatCompletionMessage{
			{Role: "system", Content: "You compare news articles."},
			{Role: "user", Content: "Compare these.\n\n" + fence("city-news", "City News", article1) + "\n\n" + fence("daily", "The Daily", article2)},
		},
	}
	if jsonMode {
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	}
	b, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type result struct {
	status int
	header http.Header
	body   []byte
	err    error
}

func post(ctx context.Context, url string, body []byte) result {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return result{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return result{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return result{status: resp.StatusCode, header: resp.Header, body: b, err: err}
}

func TestWireFormat(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	if !strings.HasSuffix(s.URL(), "/v1") {
		t.Fatalf("URL() = %q, want a /v1 suffix", s.URL())
	}
	// Like OpenAI, only the /v1 path exists.
	if r := post(context.Background(), strings.TrimSuffix(s.URL(), "/v1")+"/chat/completions", chatBody(t, false)); r.status != 404 ||
		!strings.Contains(string(r.body), "Invalid URL (POST /chat/completions)") {
		t.Errorf("POST without /v1: status %d, body %s; want OpenAI's 404", r.status, r.body)
	}
	for _, path := range []string{s.URL() + "/chat/completions"} {
		r := post(context.Background(), path, chatBody(t, false))
		if r.err != nil || r.status != 200 {
			t.Fatalf("POST %s: status %d, err %v, body %s", path, r.status, r.err, r.body)
		}
		var raw map[string]any
		if err := json.Unmarshal(r.body, &raw); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"id", "object", "created", "model", "choices", "usage"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("response lacks %q: %s", k, r.body)
			}
		}
		var resp openai.ChatCompletionResponse
		if err := json.Unmarshal(r.body, &resp); err != nil {
			t.Fatal(err)
		}
		if resp.Object != "chat.completion" || resp.Model != "test-model" || len(resp.Choices) != 1 {
			t.Fatalf("unexpected response %s", r.body)
		}
		c := resp.Choices[0]
		if c.Message.Role != "assistant" || c.FinishReason != "stop" {
			t.Errorf("choice = %+v", c)
		}
		want := "The council approved the new bridge on Tuesday after a long debate. Supporters said it would cut commuting times."
		if c.Message.Content != want {
			t.Errorf("content = %q, want %q", c.Message.Content, want)
		}
		u := resp.Usage
		if u.PromptTokens == 0 || u.CompletionTokens == 0 || u.TotalTokens != u.PromptTokens+u.CompletionTokens {
			t.Errorf("usage = %+v", u)
		}
	}
	if s.Requests() != 2 {
		t.Errorf("Requests() = %d, want 2", s.Requests())
	}
}

func TestErrors(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	r := post(context.Background(), s.URL()+"/completions", chatBody(t, false))
	assertError(t, r, 404)
	r = post(context.Background(), s.URL()+"/chat/completions", []byte("{not json"))
	assertError(t, r, 400)

	s.SetOptions(Options{AlwaysStatus: 401})
	r = post(context.Background(), s.URL()+"/chat/completions", chatBody(t, false))
	assertError(t, r, 401)
}

func assertError(t *testing.T, r result, status int) {
	t.Helper()
	if r.err != nil || r.status != status {
		t.Fatalf("status %d (err %v), want %d", r.status, r.err, status)
	}
	var body struct {
		Error *struct {
			Message string `json:"message"`
			Type    string `json:"type"`
			Code    any    `json:"code"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil || body.Error == nil || body.Error.Message == "" || body.Error.Type == "" {
		t.Fatalf("error body %s is not an OpenAI error (%v)", r.body, err)
	}
}

func TestDefaultRespondJSON(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	r := post(context.Background(), s.URL()+"/chat/completions", chatBody(t, true))
	var resp openai.ChatCompletionResponse
	if err := json.Unmarshal(r.body, &resp); err != nil {
		t.Fatal(err)
	}
	var out struct {
		DisputedPoints []struct {
			Topic, Kind, Summary string
			Positions            []struct{ Source, Claim, Quote string }
		} `json:"disputed_points"`
	}
	if err := json.Unmarshal([]byte(resp.Choices[0].Message.Content), &out); err != nil {
		t.Fatalf("content is not JSON: %v\n%s", err, resp.Choices[0].Message.Content)
	}
	if len(out.DisputedPoints) != 1 {
		t.Fatalf("got %d points, want 1", len(out.DisputedPoints))
	}
	p := out.DisputedPoints[0]
	if p.Kind != "factual" || p.Topic == "" || p.Summary == "" || len(p.Positions) != 2 {
		t.Fatalf("point = %+v", p)
	}
	wants := []struct{ source, quote string }{
		{"city-news", "The council approved the new bridge on Tuesday after a long debate."},
		{"daily", "A divided council narrowly backed the bridge plan late on Tuesday."},
	}
	for i, w := range wants {
		if p.Positions[i].Source != w.source || p.Positions[i].Quote != w.quote {
			t.Errorf("position %d = %+v, want source %q quote %q", i, p.Positions[i], w.source, w.quote)
		}
	}

	one := openai.ChatCompletionRequest{
		Messages:       []openai.ChatCompletionMessage{{Role: "user", Content: fence("a", "A", article1)}},
		ResponseFormat: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONSchema},
	}
	if got := DefaultRespond(one); got != `{"disputed_points":[]}` {
		t.Errorf("one block: %s", got)
	}
}

func TestDefaultRespondSummaryBlocks(t *testing.T) {
	prompt := "<<<BEGIN UNTRUSTED SUMMARY id=\"x\" source=\"X\">>>\nShort one. It is about the bridge vote that happened.\n<<<END UNTRUSTED SUMMARY>>>"
	got := DefaultRespond(openai.ChatCompletionRequest{Messages: []openai.ChatCompletionMessage{{Role: "user", Content: prompt}}})
	if got != "Short one. It is about the bridge vote that happened. [X]" {
		t.Errorf("got %q", got)
	}
	got = DefaultRespond(openai.ChatCompletionRequest{Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "no fences"}}})
	if got == "" {
		t.Error("no answer without fences")
	}
}

func TestSentences(t *testing.T) {
	text := "Mr. Smith told the U.S. Senate on Monday that costs rose 3.5% last year. \"It is too much,\" he said. Then he left."
	got := Sentences(text, 3)
	want := []string{
		"Mr. Smith told the U.S. Senate on Monday that costs rose 3.5% last year.",
		"\"It is too much,\" he said.",
		"Then he left.",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Sentences = %q, want %q", got, want)
	}
	for _, s := range got {
		if !strings.Contains(text, s) {
			t.Errorf("%q is not verbatim", s)
		}
	}
}

// The default responder's quotes must be verbatim in real articles too.
func TestSeedsGrounded(t *testing.T) {
	files, _ := filepath.Glob("/work/shared/seeds/*.txt")
	if len(files) < 2 {
		t.Skip("seed articles not present")
	}
	var prompt strings.Builder
	var texts []string
	for i, f := range files[:2] {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.TrimSpace(string(b))
		texts = append(texts, text)
		prompt.WriteString(fence(fmt.Sprint("s", i), "Seed", text) + "\n\n")
	}
	req := openai.ChatCompletionRequest{
		Messages:       []openai.ChatCompletionMessage{{Role: "user", Content: prompt.String()}},
		ResponseFormat: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject},
	}
	var out struct {
		DisputedPoints []struct {
			Positions []struct{ Quote string }
		} `json:"disputed_points"`
	}
	if err := json.Unmarshal([]byte(DefaultRespond(req)), &out); err != nil {
		t.Fatal(err)
	}
	for i, p := range out.DisputedPoints[0].Positions {
		if p.Quote == "" || !strings.Contains(texts[i], p.Quote) {
			t.Errorf("quote %d %q not in its article", i, p.Quote)
		}
	}
}

func TestFaultReplies(t *testing.T) {
	s := New(Options{Script: []Fault{Truncated, Empty, Refused, Filtered, Malformed, BadGateway, ServerError, TooManyRequests}, RetryAfter: "1"})
	defer s.Close()
	url := s.URL() + "/chat/completions"
	decode := func(r result) openai.ChatCompletionChoice {
		t.Helper()
		var resp openai.ChatCompletionResponse
		if err := json.Unmarshal(r.body, &resp); err != nil || r.status != 200 {
			t.Fatalf("status %d, %v: %s", r.status, err, r.body)
		}
		return resp.Choices[0]
	}
	if c := decode(post(context.Background(), url, chatBody(t, false))); c.FinishReason != "length" || c.Message.Content == "" {
		t.Errorf("truncated: %+v", c)
	}
	if c := decode(post(context.Background(), url, chatBody(t, false))); c.FinishReason != "stop" || c.Message.Content != "" {
		t.Errorf("empty: %+v", c)
	}
	r := post(context.Background(), url, chatBody(t, false))
	if c := decode(r); c.Message.Refusal == "" || !bytes.Contains(r.body, []byte(`"content":null`)) {
		t.Errorf("refused: %s", r.body)
	}
	if c := decode(post(context.Background(), url, chatBody(t, false))); c.FinishReason != "content_filter" {
		t.Errorf("filtered: %+v", c)
	}
	if c := decode(post(context.Background(), url, chatBody(t, true))); json.Valid([]byte(c.Message.Content)) {
		t.Errorf("malformed JSON content is valid: %q", c.Message.Content)
	}
	r = post(context.Background(), url, chatBody(t, false))
	if r.status != 502 || !bytes.Contains(r.body, []byte("<html>")) {
		t.Errorf("bad gateway: %d %s", r.status, r.body)
	}
	r = post(context.Background(), url, chatBody(t, false))
	if r.status != 500 && r.status != 503 && r.status != 504 {
		t.Errorf("server error: status %d", r.status)
	}
	assertError(t, r, r.status)
	r = post(context.Background(), url, chatBody(t, false))
	assertError(t, r, 429)
	if r.header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After = %q", r.header.Get("Retry-After"))
	}

	// A malformed reply to a request without a response format is a body
	// cut short.
	s.SetOptions(Options{Script: []Fault{Malformed}})
	r = post(context.Background(), url, chatBody(t, false))
	if r.err == nil {
		t.Errorf("broken body read without error: %d %s", r.status, r.body)
	}
	got := s.Faults()
	for _, f := range []Fault{Truncated, Empty, Refused, Filtered, BadGateway, ServerError, TooManyRequests} {
		if got[f] != 1 {
			t.Errorf("Faults()[%v] = %d, want 1", f, got[f])
		}
	}
	if got[Malformed] != 2 {
		t.Errorf("Faults()[malformed] = %d, want 2", got[Malformed])
	}
}

func TestHangEndsWhenClientLeaves(t *testing.T) {
	s := New(Options{RateHang: 1})
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if r := post(ctx, s.URL()+"/chat/completions", chatBody(t, false)); r.err == nil {
		t.Fatalf("hung request answered: %d", r.status)
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.inFlightNow() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("handler still running after the client left")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *Server) inFlightNow() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight
}

func TestHangEndsOnClose(t *testing.T) {
	s := New(Options{RateHang: 1})
	errc := make(chan error, 3)
	for range 3 {
		go func() { errc <- post(context.Background(), s.URL()+"/chat/completions", chatBody(t, false)).err }()
	}
	for s.Requests() < 3 {
		time.Sleep(time.Millisecond)
	}
	s.Close() // must return although three requests hang
	for range 3 {
		if err := <-errc; err == nil {
			t.Error("hung request got an answer")
		}
	}
}

func TestPeakInFlight(t *testing.T) {
	const n = 12
	var arrived sync.WaitGroup
	arrived.Add(n)
	s := New(Options{Respond: func(req openai.ChatCompletionRequest) string {
		arrived.Done()
		arrived.Wait() // every request is in flight at once
		return "ok"
	}})
	defer s.Close()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if r := post(context.Background(), s.URL()+"/chat/completions", chatBody(t, false)); r.status != 200 {
				t.Errorf("status %d", r.status)
			}
		})
	}
	wg.Wait()
	if got := s.PeakInFlight(); got != n {
		t.Errorf("PeakInFlight() = %d, want %d", got, n)
	}
	if got := len(s.Bodies()); got != n {
		t.Errorf("len(Bodies()) = %d, want %d", got, n)
	}
}

func TestMaxConcurrent(t *testing.T) {
	release := make(chan struct{})
	var entered sync.WaitGroup
	entered.Add(2)
	s := New(Options{MaxConcurrent: 2, RetryAfter: "0", Respond: func(openai.ChatCompletionRequest) string {
		entered.Done()
		<-release
		return "ok"
	}})
	defer s.Close()
	statuses := make(chan int, 2)
	for range 2 {
		go func() { statuses <- post(context.Background(), s.URL()+"/chat/completions", chatBody(t, false)).status }()
	}
	entered.Wait()
	r := post(context.Background(), s.URL()+"/chat/completions", chatBody(t, false))
	assertError(t, r, 429)
	close(release)
	for range 2 {
		if st := <-statuses; st != 200 {
			t.Errorf("admitted request: status %d", st)
		}
	}
}

func TestRequireKey(t *testing.T) {
	s := New(Options{RequireKey: "right"})
	defer s.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/chat/completions", bytes.NewReader(chatBody(t, false)))
	req.Header.Set("Authorization", "Bearer wrong-key-123")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 401 || !bytes.Contains(body, []byte("wrong-key-123")) {
		t.Errorf("status %d body %s: want 401 echoing the key", resp.StatusCode, body)
	}
}

func TestFaultRates(t *testing.T) {
	opts := Options{Seed: 7, Rate429: 0.2, Rate5xx: 0.1, RateHang: 0.02, RateMalformed: 0.05, RateTruncated: 0.03, RateEmpty: 0.01}
	const n = 20000
	a, b := New(opts), New(opts)
	defer a.Close()
	defer b.Close()
	for i := range n {
		if fa, fb := a.nextFault(), b.nextFault(); fa != fb {
			t.Fatalf("draw %d differs with one seed: %v vs %v", i, fa, fb)
		}
	}
	got := a.Faults()
	for _, c := range []struct {
		name string
		n    int
		rate float64
	}{
		{"429", got[TooManyRequests], opts.Rate429},
		{"5xx", got[ServerError] + got[BadGateway], opts.Rate5xx},
		{"hang", got[Hang], opts.RateHang},
		{"malformed", got[Malformed], opts.RateMalformed},
		{"truncated", got[Truncated], opts.RateTruncated},
		{"empty", got[Empty], opts.RateEmpty},
	} {
		// Five standard deviations of a binomial count.
		tol := 5 * math.Sqrt(n*c.rate*(1-c.rate))
		if math.Abs(float64(c.n)-n*c.rate) > tol {
			t.Errorf("%s: %d of %d, want %.0f ± %.0f", c.name, c.n, n, n*c.rate, tol)
		}
	}
}

// Over HTTP, what clients see matches what the server says it injected.
func TestFaultsOverHTTP(t *testing.T) {
	s := New(Options{Seed: 3, Rate429: 0.3, Rate5xx: 0.2})
	defer s.Close()
	var mu sync.Mutex
	seen := map[int]int{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 25 {
				r := post(context.Background(), s.URL()+"/chat/completions", chatBody(t, false))
				mu.Lock()
				seen[r.status]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	f := s.Faults()
	if seen[429] != f[TooManyRequests] || seen[502] != f[BadGateway] || seen[500]+seen[503]+seen[504] != f[ServerError] {
		t.Errorf("client saw %v, server injected %v", seen, f)
	}
	if seen[200]+seen[429]+seen[500]+seen[502]+seen[503]+seen[504] != 200 || s.Requests() != 200 {
		t.Errorf("statuses %v, requests %d", seen, s.Requests())
	}
	if seen[429] == 0 || seen[200] == 0 {
		t.Errorf("implausible mix %v", seen)
	}
}

func TestBodiesBounded(t *testing.T) {
	s := New(Options{MaxBodies: 2})
	defer s.Close()
	for range 3 {
		post(context.Background(), s.URL()+"/chat/completions", chatBody(t, false))
	}
	if got := s.Bodies(); len(got) != 2 || !json.Valid(got[0]) {
		t.Errorf("kept %d bodies", len(got))
	}
}

func TestPieces(t *testing.T) {
	for _, text := range []string{"", "short", strings.Repeat("word ", 40), "averyveryverylongwordwithoutanyspaceatallthatgoesonandonandonandon end"} {
		got := pieces(text)
		if strings.Join(got, "") != text {
			t.Errorf("pieces(%q) = %q: not the text", text, got)
		}
		for _, p := range got[:max(len(got)-1, 0)] {
			if len(p) < 48 {
				t.Errorf("pieces(%q): a piece of %d bytes before the last", text, len(p))
			}
		}
	}
}

// streamBody is chatBody asking for a streamed reply, with usage when
// usage is set.
func streamBody(t *testing.T, usage bool) []byte {
	t.Helper()
	var req map[string]any
	if err := json.Unmarshal(chatBody(t, false), &req); err != nil {
		t.Fatal(err)
	}
	req["stream"] = true
	if usage {
		req["stream_options"] = map[string]any{"include_usage": true}
	}
	b, _ := json.Marshal(req)
	return b
}

// The stream as OpenAI documents it: text/event-stream, "data: " lines
// each followed by a blank line, chat.completion.chunk objects whose
// first delta has the role, a chunk with finish_reason, with
// include_usage a last chunk with empty choices and the usage (null
// before), and data: [DONE].
func TestStreamWireFormat(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	for _, usage := range []bool{true, false} {
		r := post(context.Background(), s.URL()+"/chat/completions", streamBody(t, usage))
		if r.err != nil || r.status != 200 || r.header.Get("Content-Type") != "text/event-stream" {
			t.Fatalf("status %d, content type %q, err %v", r.status, r.header.Get("Content-Type"), r.err)
		}
		events := strings.Split(strings.TrimSuffix(string(r.body), "\n\n"), "\n\n")
		if last := events[len(events)-1]; last != "data: [DONE]" {
			t.Fatalf("stream ends with %q, want data: [DONE]", last)
		}
		var content strings.Builder
		var finish string
		var sawUsage bool
		for i, ev := range events[:len(events)-1] {
			data, ok := strings.CutPrefix(ev, "data: ")
			if !ok || strings.Contains(data, "\n") {
				t.Fatalf("event %d is not one data line: %q", i, ev)
			}
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(data), &raw); err != nil {
				t.Fatal(err)
			}
			if u, ok := raw["usage"]; ok != usage {
				t.Errorf("event %d: usage field present %v, want %v", i, ok, usage)
			} else if ok && (string(u) == "null") == (i == len(events)-2) {
				t.Errorf("event %d: usage %s", i, u)
			}
			var c openai.ChatCompletionStreamResponse
			if err := json.Unmarshal([]byte(data), &c); err != nil {
				t.Fatal(err)
			}
			if c.Object != "chat.completion.chunk" || c.Model != "test-model" || c.ID == "" {
				t.Errorf("event %d: %s", i, data)
			}
			if i == 0 && (len(c.Choices) != 1 || c.Choices[0].Delta.Role != "assistant") {
				t.Errorf("first chunk carries no role: %s", data)
			}
			if c.Usage != nil {
				sawUsage = len(c.Choices) == 0 && c.Usage.TotalTokens == c.Usage.PromptTokens+c.Usage.CompletionTokens && c.Usage.CompletionTokens > 0
			}
			for _, ch := range c.Choices {
				content.WriteString(ch.Delta.Content)
				if ch.FinishReason != "" {
					finish = string(ch.FinishReason)
				}
			}
		}
		want := "The council approved the new bridge on Tuesday after a long debate. Supporters said it would cut commuting times."
		if content.String() != want || finish != "stop" || sawUsage != usage {
			t.Errorf("usage %v: content %q, finish %q, usage chunk %v", usage, content.String(), finish, sawUsage)
		}
	}
}

// Advertised limits are in the headers of every reply and, enforced, a
// request beyond them gets OpenAI's 429 with the headers.
func TestLimitsHeaders(t *testing.T) {
	s := New(Options{Limits: &Limits{RequestsPerMinute: 2, TokensPerMinute: 100000, Enforce: true}})
	defer s.Close()
	var last result
	for i := range 3 {
		last = post(context.Background(), s.URL()+"/chat/completions", chatBody(t, false))
		if want := []int{200, 200, 429}[i]; last.status != want {
			t.Fatalf("request %d: status %d, want %d: %s", i, last.status, want, last.body)
		}
		h := last.header
		if h.Get("X-Ratelimit-Limit-Requests") != "2" || h.Get("X-Ratelimit-Limit-Tokens") != "100000" ||
			h.Get("X-Ratelimit-Remaining-Requests") == "" || h.Get("X-Ratelimit-Reset-Requests") == "" {
			t.Errorf("request %d: headers %v", i, h)
		}
	}
	if h := last.header; h.Get("X-Ratelimit-Remaining-Requests") != "0" {
		t.Errorf("429 says %s requests remain", h.Get("X-Ratelimit-Remaining-Requests"))
	}
	if !strings.Contains(string(last.body), "on requests per min (RPM): Limit 2, Used 2, Requested 1. Please try again in") || s.Limited() != 1 {
		t.Errorf("429 body %s, limited %d", last.body, s.Limited())
	}
}
