package offline

import (
	"context"
	"errors"
	"os"
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
	docs := docsOf(stories[0])
	e := New(DefaultOptions())
	for _, d := range docs {
		sum := e.Summarize(d)
		t.Logf("SUMMARY %s (%s):", d.ID, d.Name)
		for _, s := range sum {
			t.Logf("  - %s", s)
		}
	}
	brief := e.Brief(docs)
	words := 0
	t.Logf("BRIEF:")
	for _, b := range brief {
		words += len(strings.Fields(b.Text))
		t.Logf("  %s %v", b.Text, b.Sources)
	}
	t.Logf("brief words: %d", words)
	points := e.Disputes(docs)
	for _, p := range points {
		t.Logf("POINT [%s] %s\n    %s", p.Kind, p.Topic, p.Summary)
		for _, pos := range p.Positions {
			t.Logf("      %s: %s | %q", pos.Source, pos.Claim, pos.Quote)
		}
	}
}
