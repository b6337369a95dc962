package prompts

import (
	"fmt"
	"strings"
)

// Data is what every template is executed against. Fields a stage does not
// use are left zero.
type Data struct {
	Story   StoryInfo
	Sources []Source
	// Missing names the sources whose articles produced no summary.
	Missing []string

	// source_summary: Article is the article, or the part of it being
	// summarized when PartCount > 1. With Combine set, Parts holds the
	// part summaries to merge.
	Article   Text
	Part      int
	PartCount int
	Combine   bool
	Parts     []Text

	// brief: one Text per source summary; with Partial set some of them
	// are partial briefs of a tree reduction. Disputes holds the points
	// on which the disputes stage found the sources disagree (empty when
	// they agree, when the story has one source, or when that stage
	// failed), so that the brief can attribute each version.
	Summaries []Text
	Partial   bool
	Disputes  []Point

	// disputes: the full articles, or their summaries when FromSummaries
	// is set; FenceKind is "ARTICLE" or "SUMMARY" accordingly.
	Articles      []Text
	FromSummaries bool
	FenceKind     string
}

// StoryInfo names the story.
type StoryInfo struct {
	ID   string
	Name string
}

// Source describes one article of the story.
type Source struct {
	ID, Name, Title, URL, Published string
}

// Text is a piece of untrusted text with the source it comes from.
type Text struct {
	ID, Source, Title, Published, Text string
}

// Point is one disputed point as the brief reads it.
type Point struct {
	Topic, Kind, Summary string
	Positions            []Position
}

// Position is what one source says on a disputed point: Source is the
// source's name, SourceID its ID; QuoteVerified says whether Quote was
// found in the article.
type Position struct {
	Source, SourceID, Claim, Quote string
	QuoteVerified                  bool
}

// Points renders disputed points as plain text, one line per point and
// one indented line per position, for the "points" template function.
func Points(points []Point) string {
	var b strings.Builder
	for i, p := range points {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%d. %s (%s): %s", i+1, p.Topic, p.Kind, p.Summary)
		for _, pos := range p.Positions {
			fmt.Fprintf(&b, "\n   - %s: %s", pos.Source, pos.Claim)
		}
	}
	return b.String()
}
