package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// printChecks writes the end-of-run table's lines about the checks: one
// per check that found something, with its total and the stories it found
// it in (marked "flagged" where the check is a gate), then the flagged
// stories.
func printChecks(w io.Writer, m *manifest.Manifest) {
	for _, name := range story.CheckNames {
		if name == story.CheckSentences || name == story.CheckPositions {
			continue // sizes, not problems
		}
		total := 0
		var in []string
		for _, s := range m.Stories {
			if n := s.Checks[name]; n > 0 {
				total += n
				in = append(in, s.ID)
			}
		}
		if total == 0 {
			continue
		}
		gated := ""
		for _, s := range m.Stories {
			if slices.Contains(s.Flagged, name) {
				gated = ", gated"
				break
			}
		}
		fmt.Fprintf(w, "check %s\t%d in %s%s\n", name, total, storyList(in), gated)
	}
	var flagged []string
	for _, s := range m.Stories {
		if s.Status == "flagged" || len(s.Flagged) > 0 {
			flagged = append(flagged, s.ID)
		}
	}
	if len(flagged) > 0 {
		fmt.Fprintf(w, "flagged\t%s: see <story>/checks.json\n", storyList(flagged))
	}
}

func storyList(ids []string) string {
	if len(ids) == 1 {
		return "1 story (" + ids[0] + ")"
	}
	const most = 8
	shown := ids[:min(len(ids), most)]
	more := ""
	if len(ids) > most {
		more = fmt.Sprintf(", and %d more", len(ids)-most)
	}
	return fmt.Sprintf("%d stories (%s%s)", len(ids), strings.Join(shown, ", "), more)
}
