package offline

import (
	"fmt"
	"testing"
)

// TestRecentScopes: a story's disputes and brief share one analysis; the
// kept analyses stay within maxRecent and the pairwise budget, the newest
// always kept.
func TestRecentScopes(t *testing.T) {
	story := func(n int) []Doc {
		return []Doc{
			{ID: "a", Name: "A", Text: fmt.Sprintf("The council closed the bridge for %d days on Monday. Traffic was diverted.", n)},
			{ID: "b", Name: "B", Text: fmt.Sprintf("The bridge was closed for %d days, the council said. Drivers were sent round.", n+1)},
		}
	}
	e := New(DefaultOptions())
	docs := story(3)
	if _, err := e.Disputes(docs); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Draft(docs, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(e.recent.entries); n != 1 {
		t.Fatalf("%d analyses kept for one story, want 1", n)
	}
	first, _, _, _ := e.scoped(docs)
	for n := range maxRecent + 4 {
		e.Disputes(story(10 + n))
	}
	if n := len(e.recent.entries); n != maxRecent {
		t.Errorf("%d analyses kept, want at most %d", n, maxRecent)
	}
	if again, _, _, _ := e.scoped(docs); again == first {
		t.Errorf("the oldest analysis was kept past maxRecent")
	}
	// A budget below one story keeps only the newest.
	e.compared = 1
	e.Disputes(story(99))
	if n := len(e.recent.entries); n != 1 {
		t.Errorf("%d analyses kept over the budget, want the newest alone", n)
	}
}
