package report

import (
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

func TestStoryGlance(t *testing.T) {
	articles := []*story.Article{
		{ID: "a", Title: "Ferry pier vote on Tuesday", Published: "2025-03-04", Text: "The council will vote on the ferry pier on Tuesday."},
		{ID: "b", Title: "Council approves ferry pier", Published: "2025-03-05T18:30:00Z", Text: "The council approved the ferry pier by seven votes to two."},
		{ID: "c", Title: "Weather", Text: "Rain all week; the council approved the ferry pier."},
		{ID: "d", Title: "Pier approved by council", Published: "March 5, 2025", Text: "Councillors approved the ferry pier."},
	}
	tests := []struct {
		name, brief, headlineStage string
		want, lede                 string
	}{
		{"the brief's own heading", "# Pier gets the green light\n\nThe council approved the pier [b]. It cost more [d].", "", "Pier gets the green light", "The council approved the pier."},
		// "Pier approved by council": each of its words is in two or three
		// other articles; "approves" of b's title is in none.
		{"a heading repeating the folder name falls to the most central title", "# ferry-pier\n\nIt rained [c].", "", "Pier approved by council", "It rained."},
		{"a headline stage", "It rained [c].", "Ferry pier approved, 7-2\n", "Ferry pier approved, 7-2", "It rained."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sf := &StoryFiles{
				Meta:  manifest.Story{ID: "ferry-pier", Name: "ferry-pier"},
				Story: &story.Story{ID: "ferry-pier", Name: "ferry-pier", Articles: articles},
				Brief: &story.Brief{Markdown: tt.brief},
			}
			if tt.headlineStage != "" {
				sf.Stages = []StageOutput{{Stage: "headline", Text: tt.headlineStage}}
			}
			g := storyGlance(sf)
			if g.Headline != tt.want || g.Lede != tt.lede {
				t.Errorf("headline %q, lede %q; want %q, %q", g.Headline, g.Lede, tt.want, tt.lede)
			}
			var order []string
			for _, a := range g.Outlets {
				order = append(order, a.ID)
			}
			// By publication time ("March 5, 2025" is midnight, before
			// 18:30 that day), the undated one last.
			if got := strings.Join(order, ","); got != "a,d,b,c" {
				t.Errorf("outlets in order %s", got)
			}
		})
	}
}
