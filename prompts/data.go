package prompts

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
	// are partial briefs of a tree reduction.
	Summaries []Text
	Partial   bool

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
