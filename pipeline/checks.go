package pipeline

import (
	"github.com/summarize/summarize/internal/grounding"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// checkStory runs the checks (package grounding) on what the story is
// about to write, writes checks.json and records the counts in rec. It
// reports whether a gated check fired.
func (r *runner) checkStory(sr *storyRun, briefDoc *story.Brief, disputes *story.Disputes, rec *manifest.Story) (flagged bool, err error) {
	if briefDoc == nil && disputes == nil {
		return false, nil
	}
	c := grounding.Check(sr.st, briefDoc, disputes, r.opts.Gates)
	rec.Checks, rec.Flagged = c.Counts, c.Flagged
	return len(c.Flagged) > 0, sr.writeJSON("checks.json", c)
}
