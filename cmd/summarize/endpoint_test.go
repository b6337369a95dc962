package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summarize/summarize/internal/fakeai"
)

// An endpoint that cannot serve any call stops the run early with exit 2,
// status aborted, and a last message naming the endpoint and the cause;
// the manifest is written.
func TestBrokenEndpointStopsRun(t *testing.T) {
	live := fakeai.New(fakeai.Options{})
	defer live.Close()
	missingModel := fakeai.New(fakeai.Options{AlwaysStatus: 404})
	defer missingModel.Close()
	dead := fakeai.New(fakeai.Options{})
	deadURL := dead.URL()
	dead.Close()
	noV1 := strings.TrimSuffix(live.URL(), "/v1")

	for _, tc := range []struct {
		name, url string
		srv       *fakeai.Server // nil: nothing to count
		want      []string
	}{
		{"connection refused", deadURL, nil, []string{deadURL, "cannot be reached"}},
		{"base URL without /v1", noV1, live, []string{noV1, "answered 404", "did you mean " + noV1 + "/v1?"}},
		{"unknown model", missingModel.URL(), missingModel, []string{missingModel.URL(), "no such model"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := 0
			if tc.srv != nil {
				before = tc.srv.Requests()
			}
			root := t.TempDir()
			writeCorpus(t, root, 20, 5)
			r := newLLMRun(t, tc.url, "")
			res := r.run(t, context.Background(), "broken", root)
			if res.code != 2 {
				t.Fatalf("exit %d, want 2\nstderr:\n%s", res.code, tail(res.stderr, 3000))
			}
			last := lastLine(res.stderr)
			for _, w := range tc.want {
				if !strings.Contains(last, w) {
					t.Errorf("last message lacks %q:\n%s", w, last)
				}
			}
			if tc.srv != nil {
				if n := tc.srv.Requests() - before; n > 8 {
					t.Errorf("%d requests sent, want at most one per worker (8)", n)
				}
			}
			m := readManifest(t, filepath.Join(r.out, "broken"))
			if m.Status != "aborted" || m.ExitCode != 2 {
				t.Errorf("manifest status %s exit %d, want aborted 2", m.Status, m.ExitCode)
			}
			t.Logf("%s: exit 2 after %s: %s", tc.name, res.elapsed, last)
		})
	}
}

// An endless 200 fails its call with a clear error, the other calls go
// on, and the manifest is written (issue 17).
func TestEndlessReplyFailsItsCall(t *testing.T) {
	srv := fakeai.New(fakeai.Options{Script: []fakeai.Fault{fakeai.Endless}})
	defer srv.Close()
	root := t.TempDir()
	articles := writeCorpus(t, root, 2, 3)
	r := newLLMRun(t, srv.URL(), "")
	// A long attempt timeout, so that only the body bound can end the
	// endless reply.
	cfg := strings.Replace(fastConfig, "timeout: 300ms", "timeout: 60s", 1)
	if err := os.WriteFile(r.config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	res := r.run(t, context.Background(), "endless", root)
	if res.code != 1 {
		t.Fatalf("exit %d, want 1 (one call failed)\nstderr:\n%s", res.code, tail(res.stderr, 3000))
	}
	m := readManifest(t, filepath.Join(r.out, "endless"))
	if len(m.Errors) != 1 || !strings.Contains(m.Errors[0].Error, "reply body passed") {
		t.Fatalf("errors %+v, want the one bounded read", m.Errors)
	}
	if want := articles + 2*2; len(m.Calls) != want {
		t.Errorf("%d calls recorded, want %d", len(m.Calls), want)
	}
}

// A key the model repeats inside a successful completion reaches no
// output, cache entry or message, streamed or not.
func TestKeyInCompletionRedacted(t *testing.T) {
	for _, stream := range []string{"true", "false"} {
		t.Run("stream "+stream, func(t *testing.T) {
			srv := fakeai.New(fakeai.Options{Respond: func(req openai.ChatCompletionRequest) string {
				return strings.Replace(fakeai.DefaultRespond(req), ".", ", the key is "+testKey+".", 1)
			}})
			defer srv.Close()
			root := t.TempDir()
			writeCorpus(t, root, 2, 3)
			r := newLLMRun(t, srv.URL(), "")
			cfg := strings.Replace(fastConfig, "llm:\n", "llm:\n  stream: "+stream+"\n", 1)
			if err := os.WriteFile(r.config, []byte(cfg), 0o600); err != nil {
				t.Fatal(err)
			}
			res := r.run(t, context.Background(), "echo", root)
			if strings.Contains(res.stdout+res.stderr, testKey) {
				t.Error("the key is in the CLI's output")
			}
			seen := 0
			for _, dir := range []string{r.out, r.cacheDir} {
				walkFiles(t, dir, func(path string, data []byte) {
					seen++
					if strings.Contains(string(data), testKey) {
						t.Errorf("%s holds the key", path)
					}
				})
			}
			if seen == 0 {
				t.Fatal("no files written")
			}
		})
	}
}

// The run says when it is held by a provider limit: one line per limit at
// most every ten seconds, and none for short waits.
func TestHoldLogger(t *testing.T) {
	var buf strings.Builder
	hold := holdLogger(slog.New(slog.NewTextHandler(&buf, nil)))
	hold("tokens per minute", 12*time.Second)
	hold("tokens per minute", 3*time.Second)          // within ten seconds of the last: quiet
	hold("requests per minute", 500*time.Millisecond) // short: quiet
	hold("requests per minute", 2*time.Second)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `msg="waiting: tokens per minute, 12s"`) ||
		!strings.Contains(lines[1], `msg="waiting: requests per minute, 2s"`) {
		t.Errorf("log:\n%s", buf.String())
	}
	if holdLogger(nil) != nil {
		t.Error("a hook without a logger")
	}
}
