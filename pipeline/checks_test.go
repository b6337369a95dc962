package pipeline

import (
	"testing"

	"github.com/summarize/summarize/internal/fakeai"
)

// TestCacheHitsRecordWhatTheyCostUncached: a re-run answered from the
// cache sends nothing and records, per call, the tokens the reply took
// when it was sent, so "summarize diff" can show the cost uncached.
func TestCacheHitsRecordWhatTheyCostUncached(t *testing.T) {
	h := newHarness(t, fakeai.Options{})
	root := writeStories(t, t.TempDir(), 1, 2)
	first := h.run(2, root)
	second := h.run(2, root)
	sent := map[string]int{}
	for _, c := range first.Manifest.Calls {
		sent[c.Stage+"/"+c.Article+"/"+c.Part] = c.PromptTokens
	}
	if len(second.Manifest.Calls) == 0 {
		t.Fatal("no calls recorded")
	}
	for _, c := range second.Manifest.Calls {
		if c.Cache != "hit" || c.PromptTokens != 0 || c.CachedPromptTokens == 0 || c.CachedPromptTokens != sent[c.Stage+"/"+c.Article+"/"+c.Part] {
			t.Errorf("call %+v: want a hit recording the %d prompt tokens it took when sent", c, sent[c.Stage+"/"+c.Article+"/"+c.Part])
		}
	}
}
