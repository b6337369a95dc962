package pipeline

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/prompts"
)

func storyRecord(t *testing.T, m *manifest.Manifest, id string) manifest.Story {
	t.Helper()
	for _, s := range m.Stories {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no story %s in run %s", id, m.RunID)
	return manifest.Story{}
}

func TestCarryOverUnchangedStories(t *testing.T) {
	h := newHarness(t, fakeai.Options{})
	h.identity = "build-1"
	root := writeStories(t, t.TempDir(), 3, 4)
	first := h.run(4, root)
	if first.ExitCode != 0 {
		t.Fatalf("first run exit %d: %+v", first.ExitCode, first.Manifest.Errors)
	}
	callKeys := map[string][]string{}
	for _, c := range first.Manifest.Calls {
		callKeys[c.Story] = append(callKeys[c.Story], c.CacheKey)
	}
	for _, s := range first.Manifest.Stories {
		if len(s.InputKey) != 64 || len(s.OutputsDigest) != 64 || s.ReusedFrom != "" {
			t.Errorf("first run's record of %s: key %q, digest %q, reused from %q", s.ID, s.InputKey, s.OutputsDigest, s.ReusedFrom)
		}
		want := slices.Sorted(slices.Values(callKeys[s.ID]))
		if len(want) != 4+2 || !slices.Equal(s.CacheKeys, want) {
			t.Errorf("%s records cache keys %v, want its 6 calls' %v", s.ID, s.CacheKeys, want)
		}
	}
	var touchedMu sync.Mutex
	touched := map[string]bool{}
	h.touch = func(keys []string) {
		touchedMu.Lock()
		defer touchedMu.Unlock()
		for _, k := range keys {
			touched[k] = true
		}
	}

	// One article of story-01 changes: only that story is computed.
	path := filepath.Join(root, "story-01", "outlet-c.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "The council of town 1 voted", "The council of town 1 narrowly voted", 1)
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil || edited == string(data) {
		t.Fatalf("edit: %v", err)
	}
	second, got := h.runSent(4, root)
	if second.ExitCode != 0 {
		t.Fatalf("second run exit %d: %+v", second.ExitCode, second.Manifest.Errors)
	}
	if got != 3 {
		t.Errorf("second run sent %d requests, want 3 (the changed summary, the brief, the disputes)", got)
	}
	if got := second.Manifest.Totals.StoriesReused; got != 2 {
		t.Errorf("second run carried %d stories over, want 2", got)
	}
	for _, c := range second.Manifest.Calls {
		if c.Story != "story-01" {
			t.Errorf("call recorded for a carried-over story: %+v", c)
		}
	}
	if rec := storyRecord(t, second.Manifest, "story-01"); rec.ReusedFrom != "" || rec.InputKey == storyRecord(t, first.Manifest, "story-01").InputKey {
		t.Errorf("changed story recorded as %+v", rec)
	}
	for _, id := range []string{"story-00", "story-02"} {
		rec, old := storyRecord(t, second.Manifest, id), storyRecord(t, first.Manifest, id)
		if rec.ReusedFrom != first.Manifest.RunID || rec.InputKey != old.InputKey || rec.OutputsDigest != old.OutputsDigest || rec.Status != "done" {
			t.Errorf("%s recorded as %+v, want carried over from %s", id, rec, first.Manifest.RunID)
		}
		for _, name := range storyFiles(prompts.Builtins, rec) {
			a, errA := os.Stat(filepath.Join(first.Dir, id, name))
			b, errB := os.Stat(filepath.Join(second.Dir, id, name))
			if errA != nil || errB != nil || !os.SameFile(a, b) {
				t.Errorf("%s/%s is not linked from the first run: %v %v", id, name, errA, errB)
			}
		}
	}

	// Nothing changes: every story is carried over, story-01 from the
	// second run and the others still naming the run that computed them.
	clear(touched)
	third, got := h.runSent(4, root)
	if got != 0 || len(third.Manifest.Calls) != 0 {
		t.Errorf("third run sent %d requests and recorded %d calls, want none", got, len(third.Manifest.Calls))
	}
	if third.ExitCode != 0 || third.Manifest.Totals.StoriesReused != 3 || third.Manifest.Totals.Articles != 12 {
		t.Errorf("third run: exit %d, totals %+v", third.ExitCode, third.Manifest.Totals)
	}
	if got := storyRecord(t, third.Manifest, "story-01").ReusedFrom; got != second.Manifest.RunID {
		t.Errorf("story-01 carried over from %q, want %q", got, second.Manifest.RunID)
	}
	if got := storyRecord(t, third.Manifest, "story-00").ReusedFrom; got != first.Manifest.RunID {
		t.Errorf("story-00 carried over from %q, want the run that computed it, %q", got, first.Manifest.RunID)
	}
	// Carrying a story over keeps the cache entries it was made from in
	// use, story-00's included though no run since the first computed it.
	for _, s := range third.Manifest.Stories {
		for _, k := range s.CacheKeys {
			if !touched[k] {
				t.Errorf("cache entry %s of carried-over %s not touched", k, s.ID)
			}
		}
		if len(s.CacheKeys) != 6 {
			t.Errorf("carried-over %s lists %d cache keys, want 6", s.ID, len(s.CacheKeys))
		}
	}
	a, _ := os.ReadFile(filepath.Join(second.Dir, "story-01", "brief.md"))
	b, _ := os.ReadFile(filepath.Join(third.Dir, "story-01", "brief.md"))
	if len(a) == 0 || string(a) != string(b) {
		t.Error("story-01's brief differs between the second and third runs")
	}
}

func TestCarryOverRefusesEditedOutputs(t *testing.T) {
	h := newHarness(t, fakeai.Options{})
	h.identity = "build-1"
	root := writeStories(t, t.TempDir(), 2, 3)
	first := h.run(2, root)
	briefPath := filepath.Join(first.Dir, "story-00", "brief.md")
	original, err := os.ReadFile(briefPath)
	if err != nil {
		t.Fatal(err)
	}
	// An editor rewrites the brief in place: the next run must not pass
	// the edit off as the pipeline's.
	if err := os.WriteFile(briefPath, []byte("# Edited by hand\n\nA sentence no source said.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	inputs, err := ingest.Discover([]string{root}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ids, from, err := CarriedOver(nil, inputs, Options{OutDir: h.outDir, Identity: h.identity})
	if err != nil || from != first.Manifest.RunID || len(ids) != 1 || !ids["story-01"] {
		t.Errorf("CarriedOver = %v, %q, %v; want only story-01, from %s", ids, from, err, first.Manifest.RunID)
	}
	second, got := h.runSent(2, root)
	if got != 0 {
		t.Errorf("second run sent %d requests; the cache holds every reply", got)
	}
	if rec := storyRecord(t, second.Manifest, "story-00"); rec.ReusedFrom != "" || rec.Status != "done" {
		t.Errorf("story with an edited file recorded as %+v, want computed again", rec)
	}
	if rec := storyRecord(t, second.Manifest, "story-01"); rec.ReusedFrom != first.Manifest.RunID {
		t.Errorf("untouched story recorded as %+v, want carried over", rec)
	}
	brief, _ := os.ReadFile(filepath.Join(second.Dir, "story-00", "brief.md"))
	if string(brief) != string(original) {
		t.Errorf("second run's brief is\n%s\nwant the pipeline's\n%s", brief, original)
	}
}

func TestCarryOverNeedsSameIdentity(t *testing.T) {
	h := newHarness(t, fakeai.Options{})
	h.identity = "build-1"
	root := writeStories(t, t.TempDir(), 2, 3)
	h.run(2, root)
	h.identity = "build-2"
	res := h.run(2, root)
	if res.Manifest.Totals.StoriesReused != 0 || res.Manifest.Totals.CacheHits != 2*5 {
		t.Errorf("with another identity: totals %+v, want nothing carried over and 10 cache hits", res.Manifest.Totals)
	}
	h.identity = ""
	res = h.run(2, root)
	if res.Manifest.Totals.StoriesReused != 0 {
		t.Errorf("with carrying over off, %d stories were carried over", res.Manifest.Totals.StoriesReused)
	}
	for _, s := range res.Manifest.Stories {
		if s.InputKey != "" || s.OutputsDigest != "" {
			t.Errorf("with carrying over off, %s records key %q and digest %q", s.ID, s.InputKey, s.OutputsDigest)
		}
	}
}

func TestCarryOverSkipsUnfinishedStories(t *testing.T) {
	var broken atomic.Bool
	broken.Store(true)
	h := newHarness(t, fakeai.Options{Respond: func(req openai.ChatCompletionRequest) string {
		if broken.Load() && req.ResponseFormat != nil {
			for _, m := range req.Messages {
				if strings.Contains(m.Content, "town 1 ") {
					return "no JSON here"
				}
			}
		}
		return fakeai.DefaultRespond(req)
	}})
	h.identity = "build-1"
	root := writeStories(t, t.TempDir(), 2, 3)
	first := h.run(2, root)
	if rec := storyRecord(t, first.Manifest, "story-01"); rec.Status != "partial" || rec.InputKey != "" {
		t.Fatalf("story with failed disputes recorded as %+v, want partial and no key", rec)
	}
	broken.Store(false)
	second := h.run(2, root)
	if second.ExitCode != 0 {
		t.Fatalf("second run exit %d: %+v", second.ExitCode, second.Manifest.Errors)
	}
	if rec := storyRecord(t, second.Manifest, "story-01"); rec.ReusedFrom != "" || rec.Status != "done" {
		t.Errorf("partial story recorded as %+v in the second run, want computed again and done", rec)
	}
	if rec := storyRecord(t, second.Manifest, "story-00"); rec.ReusedFrom != first.Manifest.RunID {
		t.Errorf("done story recorded as %+v, want carried over", rec)
	}
	if _, err := os.Stat(filepath.Join(second.Dir, "story-01", "disputes.json")); err != nil {
		t.Errorf("retried story has no disputes: %v", err)
	}
}

func TestPlainNames(t *testing.T) {
	for _, tc := range []struct {
		rec  manifest.Story
		want bool
	}{
		{manifest.Story{Dir: "flood", Articles: []string{"river-post", "north-ledger"}}, true},
		{manifest.Story{Dir: "../flood", Articles: []string{"a"}}, false},
		{manifest.Story{Dir: "flood", Articles: []string{"../../etc/passwd"}}, false},
		{manifest.Story{Dir: "flood", Articles: []string{"sub/a"}}, false},
		{manifest.Story{Dir: "..", Articles: []string{"a"}}, false},
		{manifest.Story{Dir: "", Articles: []string{"a"}}, false},
		{manifest.Story{Dir: ".", Articles: []string{"a"}}, false},
	} {
		if got := plainNames(tc.rec); got != tc.want {
			t.Errorf("plainNames(%+v) = %v, want %v", tc.rec, got, tc.want)
		}
	}
}
