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
	// is set; FenceKind is "ARTICLE" or "SUMMARY" accordingly. A
	// story-scope stage defined by a prompt file that reads articles
	// gets them here too.
	Articles      []Text
	FromSummaries bool
	FenceKind     string

	// Outputs holds the outputs of the stages this stage reads, by the
	// name in its reads (summaries, disputes, brief, or a stage defined
	// by a prompt file), so that {{.Outputs.claims}} is the claims
	// stage's. A stage that produced nothing for the story is absent.
	Outputs map[string]Output
}

// Output is one stage's output as a later stage reads it. For a
// story-scope stage, Text is its reply (JSON text for a json stage) and
// Data the decoded JSON (quotes checked: objects with a "quote" carry
// "quote_verified"). For an article-scope stage, Articles holds each
// article's output in story order, and Text and Data are the current
// article's when the reader is an article-scope stage too.
type Output struct {
	Text     string
	Data     any
	Articles []ArticleOutput
}

// ArticleOutput is an article-scope stage's output for one article.
type ArticleOutput struct {
	ID, Source, Text string
	Data             any
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
