package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

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
			t.Logf("%s: exit 2 after %s", tc.name, res.elapsed)
		})
	}
}
