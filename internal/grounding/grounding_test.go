package grounding

import (
	"testing"

	"github.com/summarize/summarize/internal/story"
)

func TestVerify(t *testing.T) {
	text := "The council said on Monday that the “bridge will reopen” in\n  30 days — not sooner. Officials declined to comment."
	cases := []struct {
		quote string
		want  bool
	}{
		{`the "bridge will reopen" in 30 days`, true},
		{"“The council said on Monday”", true},
		{"30 days - not sooner.", true},
		{"THE COUNCIL SAID", true},
		{"The council said … declined to comment", true},
		{"The council said ... the bridge will reopen", false}, // the quote marks are part of the text
		{"declined to comment ... The council said", false},    // order matters
		{"The council said on Tuesday", false},
		{"", false},
		{"...", false},
	}
	for _, c := range cases {
		if got := Verify(c.quote, text); got != c.want {
			t.Errorf("Verify(%q) = %v, want %v", c.quote, got, c.want)
		}
	}
}

func testStory() *story.Story {
	return &story.Story{ID: "s", Articles: []*story.Article{
		{ID: "daily-planet", Source: "Daily Planet", Text: "The mayor opened the bridge. It cost 12 million."},
		{ID: "gotham-gazette", Source: "Gotham Gazette", Text: "The bridge opened late. It cost 15 million."},
	}}
}

func TestCheckDisputes(t *testing.T) {
	points := []story.Point{{Topic: "cost", Kind: story.KindFactual, Positions: []story.Position{
		{Source: "Daily Planet", Quote: "It cost 12 million."},
		{Source: "gotham-gazette", Quote: "It cost 20 million."},
		{Source: "Metropolis Tribune", Quote: "It cost 12 million."},
	}}}
	unverified, unknown := CheckDisputes(testStory(), points)
	p := points[0].Positions
	if p[0].Source != "daily-planet" || !p[0].QuoteVerified || p[0].UnknownSource {
		t.Errorf("position 0 = %+v, want resolved and verified", p[0])
	}
	if p[1].QuoteVerified {
		t.Errorf("fabricated quote verified: %+v", p[1])
	}
	if !p[2].UnknownSource || p[2].QuoteVerified {
		t.Errorf("unknown source not flagged: %+v", p[2])
	}
	if unverified != 2 || unknown != 1 {
		t.Errorf("unverified, unknown = %d, %d; want 2, 1", unverified, unknown)
	}
}

func TestCitations(t *testing.T) {
	md := "The bridge opened [Daily Planet, Gotham Gazette]. It cost more than planned [gotham-gazette; Metropolis Tribune]. See [the plan](https://example.org)."
	got := Citations(testStory(), md)
	want := []story.Citation{
		{Label: "Daily Planet", Source: "daily-planet", Known: true},
		{Label: "Gotham Gazette", Source: "gotham-gazette", Known: true},
		{Label: "gotham-gazette", Source: "gotham-gazette", Known: true},
		{Label: "Metropolis Tribune", Known: false},
	}
	if len(got) != len(want) {
		t.Fatalf("Citations = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("citation %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
