package pipeline

// Fault tests of issue 4 at the pipeline's level: hung endpoints, and
// replies that stay unusable (truncated, empty, refused, filtered, or
// malformed JSON) for one story while the others are answered.

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/summarize/summarize/internal/cache"
	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/llm"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/internal/tokens"
	"github.com/summarize/summarize/prompts"
)

// runClient runs the pipeline over paths with the client talking to
// url under cfg (whose BaseURL and APIKey it sets). Cache keys name the
// harness's server, as if url were that server.
func (h *harness) runClient(cfg llm.Config, url string, concurrency int, paths ...string) *Result {
	h.t.Helper()
	cfg.BaseURL, cfg.APIKey = url, "sk-test-key"
	client, err := llm.New(cfg)
	if err != nil {
		h.t.Fatal(err)
	}
	c, err := cache.Open(h.cacheDir)
	if err != nil {
		h.t.Fatal(err)
	}
	set, err := prompts.Load(h.prompts)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, st := range set.Stages() {
		if _, ok := h.stages[st.Name]; !ok {
			h.stages[st.Name] = StageSettings{Model: "fake-model", ValidationRetries: 2, JSONSchema: true}
		}
	}
	rec := &manifest.Recorder{}
	eng := &LLMEngine{Client: client, Cache: c, Prompts: set, Tokens: tokens.New("gpt-4o-mini"), Stages: h.stages, Endpoint: h.server.URL(), Recorder: rec}
	inputs, err := ingest.Discover(paths, ingest.Options{})
	if err != nil {
		h.t.Fatal(err)
	}
	res, err := Run(context.Background(), eng, inputs, Options{OutDir: h.outDir, Concurrency: concurrency, Recorder: rec, Manifest: manifest.Manifest{Provider: "openai"}, Identity: h.identity, Touch: h.touch, Stages: set.Stages()})
	if err != nil {
		h.t.Fatal(err)
	}
	return res
}

// route starts a proxy that sends requests whose body matches to bad and
// all others to good, and returns its base URL.
func route(t *testing.T, match func(body []byte) bool, bad, good *fakeai.Server) string {
	t.Helper()
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		target := good
		if match(body) {
			target = bad
		}
		req, err := http.NewRequestWithContext(r.Context(), r.Method, strings.TrimSuffix(target.URL(), "/v1")+r.URL.Path, bytes.NewReader(body))
		if err != nil {
			panic(err)
		}
		req.Header = r.Header.Clone()
		resp, err := target.Client().Do(req)
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	t.Cleanup(proxy.Close)
	return proxy.URL + "/v1"
}

var quickClient = llm.Config{MaxAttempts: 3, BackoffInitial: time.Millisecond, BackoffMax: 2 * time.Millisecond, Timeout: 5 * time.Second}

// TestUnusableRepliesFailOnlyTheirStory: every request about story-01 gets
// an unusable reply. Its calls are retried a bounded number of times and
// then recorded as failed with the reason; the other stories complete and
// the run exits 1.
func TestUnusableRepliesFailOnlyTheirStory(t *testing.T) {
	for _, tc := range []struct {
		name   string
		opts   fakeai.Options
		reason string
	}{
		{"truncated", fakeai.Options{RateTruncated: 1}, "truncated (finish_reason length)"},
		{"empty", fakeai.Options{RateEmpty: 1}, "empty content"},
		{"refused", fakeai.Options{RateRefused: 1}, "refused"},
		{"filtered", fakeai.Options{RateFiltered: 1}, "filtered"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, fakeai.Options{})
			bad := fakeai.New(tc.opts)
			defer bad.Close()
			url := route(t, func(b []byte) bool { return bytes.Contains(b, []byte("council of town 1 voted")) }, bad, h.server)
			root := writeStories(t, t.TempDir(), 3, 2)
			res := h.runClient(quickClient, url, 4, root)
			if res.ExitCode != 1 {
				t.Fatalf("exit %d, want 1: %+v", res.ExitCode, res.Manifest.Errors)
			}
			m := res.Manifest
			for _, e := range m.Errors {
				if e.Story != "story-01" || !strings.Contains(e.Error, tc.reason) && e.Stage != "load" {
					t.Errorf("error %+v: want story-01 failing with %q", e, tc.reason)
				}
			}
			if len(m.Errors) != 2 {
				t.Errorf("%d errors, want 2 (one per article of story-01): %+v", len(m.Errors), m.Errors)
			}
			for _, c := range m.Calls {
				if c.Story == "story-01" && c.Attempts != quickClient.MaxAttempts {
					t.Errorf("call %s/%s made %d attempts, want %d", c.Stage, c.Article, c.Attempts, quickClient.MaxAttempts)
				}
			}
			if got, want := bad.Requests(), 2*quickClient.MaxAttempts; got != want {
				t.Errorf("failing endpoint received %d requests, want %d", got, want)
			}
			for _, s := range m.Stories {
				want := "done"
				if s.ID == "story-01" {
					want = "failed"
				}
				if s.Status != want {
					t.Errorf("story %s status %s, want %s", s.ID, s.Status, want)
				}
			}
			for _, f := range []string{"brief.md", "brief.json", "disputes.json", "sources/outlet-a.md"} {
				if _, err := os.Stat(filepath.Join(res.Dir, "story-01", f)); err == nil {
					t.Errorf("story-01/%s written from unusable replies", f)
				}
				if _, err := os.Stat(filepath.Join(res.Dir, "story-02", f)); err != nil {
					t.Errorf("other story incomplete: %v", err)
				}
			}
			// Nothing unusable was cached: with a healthy endpoint, the
			// re-run sends exactly story-01's calls.
			again, got := h.runSent(4, root)
			if again.ExitCode != 0 {
				t.Errorf("re-run exit %d: %+v", again.ExitCode, again.Manifest.Errors)
			}
			if got != 4 {
				t.Errorf("re-run sent %d requests, want 4 (story-01's two summaries, brief and disputes)", got)
			}
		})
	}
}

// TestMalformedDisputesAreNotWritten: the disputes replies of story-01 are
// never valid JSON. After the validation retries the stage fails with the
// parse error; the story keeps its summaries and brief, and no
// disputes.json or disputes.md is written from the broken reply.
func TestMalformedDisputesAreNotWritten(t *testing.T) {
	h := newHarness(t, fakeai.Options{})
	bad := fakeai.New(fakeai.Options{RateMalformed: 1})
	defer bad.Close()
	// The repair requests carry the whole conversation, so they match too.
	url := route(t, func(b []byte) bool {
		return bytes.Contains(b, []byte(`"response_format"`)) && bytes.Contains(b, []byte("council of town 1 voted"))
	}, bad, h.server)
	root := writeStories(t, t.TempDir(), 3, 2)
	res := h.runClient(quickClient, url, 4, root)
	if res.ExitCode != 1 {
		t.Fatalf("exit %d, want 1: %+v", res.ExitCode, res.Manifest.Errors)
	}
	m := res.Manifest
	retries := h.stages[prompts.Disputes].ValidationRetries
	if len(m.Errors) != 1 || m.Errors[0].Stage != "disputes" || m.Errors[0].Story != "story-01" ||
		!strings.Contains(m.Errors[0].Error, "not the required JSON object") {
		t.Errorf("errors = %+v, want one disputes error for story-01 naming the JSON problem", m.Errors)
	}
	if got, want := bad.Requests(), retries+1; got != want {
		t.Errorf("malformed endpoint received %d requests, want %d (1 + validation retries)", got, want)
	}
	dir := filepath.Join(res.Dir, "story-01")
	for _, f := range []string{"disputes.json", "disputes.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("%s written from a malformed reply", f)
		}
	}
	for _, f := range []string{"brief.md", "brief.json", "sources/outlet-a.md", "sources/outlet-b.md", "story.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("story-01 lost an output that did not depend on disputes: %v", err)
		}
	}
	for _, s := range m.Stories {
		if want := map[bool]string{true: "partial", false: "done"}[s.ID == "story-01"]; s.Status != want {
			t.Errorf("story %s status %s, want %s", s.ID, s.Status, want)
		}
	}
}

// TestHungEndpointNeverHangsTheRun: with every request hanging, each call
// costs its attempts' timeouts and the run ends; with a few hangs first,
// the run completes.
func TestHungEndpointNeverHangsTheRun(t *testing.T) {
	cfg := llm.Config{MaxAttempts: 2, BackoffInitial: time.Millisecond, BackoffMax: 2 * time.Millisecond, Timeout: 150 * time.Millisecond}

	t.Run("always", func(t *testing.T) {
		h := newHarness(t, fakeai.Options{RateHang: 1})
		root := writeStories(t, t.TempDir(), 2, 2)
		start := time.Now()
		res := h.runClient(cfg, h.server.URL(), 4, root)
		elapsed := time.Since(start)
		if res.ExitCode != 1 {
			t.Errorf("exit %d, want 1", res.ExitCode)
		}
		// Four summaries in parallel, each two attempts of 150ms: the run
		// cannot be faster than 300ms, and must end long before a minute.
		if elapsed < 2*cfg.Timeout || elapsed > 30*time.Second {
			t.Errorf("run took %s, want between %s and 30s", elapsed, 2*cfg.Timeout)
		}
		if len(res.Manifest.Errors) != 4 {
			t.Errorf("%d errors, want 4 (every article): %+v", len(res.Manifest.Errors), res.Manifest.Errors)
		}
		for _, e := range res.Manifest.Errors {
			if !strings.Contains(e.Error, "timed out") {
				t.Errorf("error %q does not say the attempt timed out", e.Error)
			}
		}
		if got := h.server.Requests(); got != 4*cfg.MaxAttempts {
			t.Errorf("server received %d requests, want %d", got, 4*cfg.MaxAttempts)
		}
	})

	t.Run("first requests", func(t *testing.T) {
		h := newHarness(t, fakeai.Options{Script: []fakeai.Fault{fakeai.Hang, fakeai.Hang, fakeai.Hang}})
		root := writeStories(t, t.TempDir(), 2, 2)
		res := h.runClient(cfg, h.server.URL(), 4, root)
		if res.ExitCode != 0 {
			t.Fatalf("exit %d, want 0: %+v", res.ExitCode, res.Manifest.Errors)
		}
		if got, want := h.server.Requests(), 4+4+3; got != want {
			t.Errorf("server received %d requests, want %d (8 calls and 3 retried hangs)", got, want)
		}
		var d story.Disputes
		readJSON(t, filepath.Join(res.Dir, "story-00", "disputes.json"), &d)
		if len(d.DisputedPoints) == 0 {
			t.Error("no disputed point after the hangs")
		}
	})
}
