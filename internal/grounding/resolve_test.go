package grounding

import (
	"testing"

	"github.com/summarize/summarize/internal/story"
)

func resolveStory() *story.Story {
	return &story.Story{Articles: []*story.Article{
		{ID: "harbor-daily", Source: "Harbor Daily", URL: "https://www.harbordaily.example/news/bridge",
			Text: "The bridge closed on Monday. Repairs will last six weeks, the council said. Traffic moves to the ferry."},
		{ID: "morning-wire", Source: "Morning Wire", URL: "https://wire.example/a",
			Text: "Officials expect the work to take two months."},
		{ID: "wire-copy", Source: "Wire Copy", URL: "https://wire.example/b", Text: "Copy."},
	}}
}

func TestResolveNamesAndHosts(t *testing.T) {
	st := resolveStory()
	cases := []struct{ label, want string }{
		{"harbor-daily", "harbor-daily"},
		{"Harbor Daily", "harbor-daily"},
		{"HARBOR DAILY", "harbor-daily"},
		{"harbor daily.", "harbor-daily"},
		{"harbordaily.example", "harbor-daily"},
		{"www.HarborDaily.example", "harbor-daily"},
		{"https://harbordaily.example/other", "harbor-daily"},
		{"wire.example", ""}, // two articles share the host
		{"Evening Post", ""},
		{"example", ""},
	}
	for _, tc := range cases {
		got := ""
		if a := Resolve(st, tc.label); a != nil {
			got = a.ID
		}
		if got != tc.want {
			t.Errorf("Resolve(%q) = %q, want %q", tc.label, got, tc.want)
		}
	}
}

func TestClosestSentence(t *testing.T) {
	st := resolveStory()
	points := []story.Point{{Topic: "length", Positions: []story.Position{
		{Source: "Harbor Daily", Quote: "Repairs will take six weeks, said the council"},
		{Source: "morning-wire", Quote: "Officials expect the work to take two months."},
		{Source: "harbordaily.example", Quote: "zzz qqq"},
	}}}
	CheckDisputes(st, points)
	AddClosestSentences(st, points)
	got := points[0].Positions
	if got[0].Source != "harbor-daily" || got[0].QuoteVerified || got[0].Quote != "Repairs will take six weeks, said the council" {
		t.Errorf("a paraphrased quote: %+v; want it resolved, kept as written and unverified", got[0])
	}
	if got[0].ClosestSentence != "Repairs will last six weeks, the council said." {
		t.Errorf("closest sentence = %q", got[0].ClosestSentence)
	}
	if !got[1].QuoteVerified || got[1].ClosestSentence != "" {
		t.Errorf("a verified quote gained a closest sentence: %+v", got[1])
	}
	if got[2].Source != "harbor-daily" || got[2].ClosestSentence != "" {
		t.Errorf("a quote sharing no word: %+v, want no closest sentence", got[2])
	}
}
