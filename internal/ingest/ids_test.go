package ingest

import (
	"slices"
	"testing"

	"github.com/summarize/summarize/internal/story"
)

// TestArticleIDsIndependentOfOrder: articles that share a source name get
// the same IDs whatever order they come in, and a source whose slug is
// taken literally ("CNN 2") keeps it.
func TestArticleIDsIndependentOfOrder(t *testing.T) {
	mk := func() []item {
		var items []item
		for _, a := range []struct{ source, text, path string }{
			{"CNN", "First CNN text.", "a.md"}, {"CNN", "Second CNN text.", "b.md"}, {"cnn", "Third CNN text.", "c.md"},
			{"CNN 2", "A source named CNN 2.", "d.md"}, {"AP", "Wire text.", "e.md"},
		} {
			items = append(items, item{article: &story.Article{Source: a.source, Text: a.text, Path: a.path, SHA256: story.Digest(a.text)}, file: a.path})
		}
		return items
	}
	idOf := func(items []item) map[string]string {
		m := map[string]string{}
		for _, a := range articles(items) {
			m[a.Text] = a.ID
		}
		return m
	}
	forward := idOf(mk())
	rev := mk()
	slices.Reverse(rev)
	backward := idOf(rev)
	for text, id := range forward {
		if backward[text] != id {
			t.Errorf("%q: ID %s forward, %s reversed", text, id, backward[text])
		}
	}
	if forward["A source named CNN 2."] != "cnn-2" || forward["Wire text."] != "ap" {
		t.Errorf("IDs = %v", forward)
	}
	var ids []string
	for _, id := range forward {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"ap", "cnn", "cnn-2", "cnn-3", "cnn-4"}) {
		t.Errorf("IDs = %v", ids)
	}
	// The order of the articles themselves is kept.
	if got := articles(rev); got[0].Text != "Wire text." {
		t.Errorf("articles reordered: first is %q", got[0].Text)
	}
}
