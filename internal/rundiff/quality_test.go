package rundiff

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// TestQualitySideBySide: checks, and usage as sent and uncached, of two
// runs of one story, the second answered from the cache.
func TestQualitySideBySide(t *testing.T) {
	write := func(m manifest.Manifest) string {
		dir := t.TempDir()
		data, _ := json.Marshal(m)
		if err := os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o600); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	a := write(manifest.Manifest{Version: manifest.Version, RunID: "a",
		Stories: []manifest.Story{{ID: "s", Dir: "s", Status: "flagged", Checks: map[string]int{story.CheckUnsupportedCitations: 2, story.CheckSentences: 5}}},
		Calls:   []manifest.Call{{Stage: "brief", Story: "s", Cache: "miss", PromptTokens: 100, CompletionTokens: 20, CostUSD: 0.5}}})
	b := write(manifest.Manifest{Version: manifest.Version, RunID: "b",
		Stories: []manifest.Story{{ID: "s", Dir: "s", Status: "done", Checks: map[string]int{story.CheckSentences: 5}}},
		Calls:   []manifest.Call{{Stage: "brief", Story: "s", Cache: "hit", CachedPromptTokens: 100, CachedCompletionTokens: 20, CachedCostUSD: 0.5}}})
	d, err := Compare(a, b)
	if err != nil {
		t.Fatal(err)
	}
	q := d.Quality
	if q.UncachedA != q.UncachedB || q.UncachedB != (Uncached{PromptTokens: 100, CompletionTokens: 20, CostUSD: 0.5}) {
		t.Errorf("uncached A %+v, B %+v; want both the cost of sending", q.UncachedA, q.UncachedB)
	}
	if len(d.Stories) != 1 || len(d.Stories[0].Checks) != 1 || d.Stories[0].Checks[0] != (CheckRow{story.CheckUnsupportedCitations, 2, 0}) {
		t.Errorf("story checks %+v", d.Stories)
	}
	var b2 strings.Builder
	if err := d.WriteText(&b2); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"estimated cost uncached", "unsupported_citations", "checks: unsupported_citations 2 -> 0"} {
		if !strings.Contains(b2.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b2.String())
		}
	}
	var page strings.Builder
	if err := d.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.String(), "Estimated cost uncached") || !strings.Contains(page.String(), "unsupported_citations") {
		t.Errorf("the HTML diff lacks the uncached cost or the checks")
	}
	if q.EvalA != nil || strings.Contains(b2.String(), "Eval against") {
		t.Errorf("eval figures shown without truth files")
	}
}
