package offline

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/story"
)

// seedsDir holds five real press articles on one story, kept outside the
// repository; tests read them in place and never copy their text.
const seedsDir = "../../../shared/seeds"

// loadStories reads the stories under dir with the project's own loader.
func loadStories(t testing.TB, dir string) []*story.Story {
	t.Helper()
	inputs, err := ingest.Discover([]string{dir}, ingest.Options{})
	if err != nil {
		t.Fatalf("discover %s: %v", dir, err)
	}
	var out []*story.Story
	for _, in := range inputs {
		s := ingest.Load(context.Background(), in, ingest.Options{})
		if len(s.Problems) > 0 {
			t.Fatalf("load %s: %+v", in.Path, s.Problems)
		}
		out = append(out, s)
	}
	return out
}

// mustBrief and mustDisputes run a stage that must not fail.
func mustBrief(t testing.TB, e *Engine, docs []Doc, points []story.Point) []Attributed {
	t.Helper()
	out, err := e.Brief(docs, points)
	if err != nil {
		t.Fatalf("brief: %v", err)
	}
	return out
}

func mustDisputes(t testing.TB, e *Engine, docs []Doc) []story.Point {
	t.Helper()
	out, err := e.Disputes(docs)
	if err != nil {
		t.Fatalf("disputes: %v", err)
	}
	return out.Points
}

func docsOf(s *story.Story) []Doc {
	docs := make([]Doc, len(s.Articles))
	for i, a := range s.Articles {
		docs[i] = Doc{ID: a.ID, Name: a.Source, Text: a.Text}
	}
	return docs
}

func TestSeeds(t *testing.T) {
	if _, err := os.Stat(seedsDir); errors.Is(err, os.ErrNotExist) {
		t.Skip("no seeds at", seedsDir)
	}
	stories := loadStories(t, seedsDir)
	if len(stories) != 1 {
		t.Fatalf("seeds: %d stories, want 1", len(stories))
	}
	st := stories[0]
	docs := docsOf(st)
	e := New(DefaultOptions())
	checkOutputs(t, e, st)
	if t.Failed() || !testing.Verbose() {
		return
	}
	// For people: what a newcomer would read.
	for _, d := range docs {
		t.Logf("SUMMARY %s (%s):", d.ID, d.Name)
		for _, s := range e.Summarize(d) {
			t.Logf("  - %s", s)
		}
	}
	t.Logf("BRIEF:")
	for _, b := range mustBrief(t, e, docs, disputed(mustDisputes(t, e, docs))) {
		t.Logf("  %s %v", b.Text, b.Sources)
	}
	for _, p := range mustDisputes(t, e, docs) {
		t.Logf("POINT [%s] %s\n    %s", p.Kind, p.Topic, p.Summary)
		for _, pos := range p.Positions {
			t.Logf("      %s: %s | %q", pos.Source, pos.Claim, pos.Quote)
		}
	}
}

// checkOutputs runs the engine on a story and checks the contract: summaries
// are verbatim sentences of their article, the brief stays within its word
// range (when the story has the words) with every sentence verbatim in the
// first source it names and attributed only to sources of the story, and
// every disputed point is grounded.
func checkOutputs(t *testing.T, e *Engine, st *story.Story) {
	t.Helper()
	docs := docsOf(st)
	total := 0
	for _, d := range docs {
		total += len(strings.Fields(d.Text))
		sum := e.Summarize(d)
		if len(sum) == 0 || len(sum) > e.Options().SummarySentences {
			t.Errorf("%s: summary of %d sentences, want 1 to %d", d.ID, len(sum), e.Options().SummarySentences)
		}
		for _, s := range sum {
			if !strings.Contains(d.Text, s) {
				t.Errorf("%s: summary sentence not verbatim: %q", d.ID, s)
			}
		}
	}
	brief := mustBrief(t, e, docs, disputed(mustDisputes(t, e, docs)))
	words := 0
	cited := make(map[string]bool)
	for _, b := range brief {
		words += len(strings.Fields(b.Text))
		if len(b.Sources) == 0 {
			t.Errorf("brief sentence without sources: %q", b.Text)
			continue
		}
		for _, id := range b.Sources {
			if st.Article(id) == nil {
				t.Errorf("brief cites unknown source %q", id)
			}
			cited[id] = true
		}
		// A sentence in the engine's own words (a version of a disputed
		// point) is not verbatim; every other one is.
		if a := st.Article(b.Sources[0]); a != nil && !b.Own && !strings.Contains(a.Text, b.Text) {
			t.Errorf("brief sentence not verbatim in %s: %q", b.Sources[0], b.Text)
		}
	}
	opts := e.Options()
	if words > opts.BriefMaxWords || (words < opts.BriefMinWords && total > 2*opts.BriefMaxWords) {
		t.Errorf("brief has %d words, want %d to %d", words, opts.BriefMinWords, opts.BriefMaxWords)
	}
	f, err := e.Disputes(docs)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if aside := slices.ContainsFunc(f.SetAside, func(a Aside) bool { return a.ID == d.ID }); cited[d.ID] == aside {
			t.Errorf("brief cites %s: %v, set aside as off-topic: %v", d.ID, cited[d.ID], aside)
		}
	}
	checkGrounded(t, st, f.Points)
}

// disputed drops the omissions from points, as the pipeline does before the
// brief reads them.
func disputed(points []story.Point) []story.Point {
	var out []story.Point
	for _, p := range points {
		if p.Kind != story.KindOmission {
			out = append(out, p)
		}
	}
	return out
}
