package report

import (
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/grounding"
	"github.com/summarize/summarize/internal/story"
)

// TestSentenceFlagsMarkInPlace marks the second sentence of a brief, whose
// citation sits after its full stop, and checks the page says why and
// links to the disputed point.
func TestSentenceFlagsMarkInPlace(t *testing.T) {
	src := "The bridge closes for six weeks [Harbor Daily]. It costs **$18 million**. [Harbor Daily] Ferries run [A].\n"
	checks := &story.Checks{Items: []story.CheckItem{
		{Check: story.CheckContradictedCitations, Sentence: "It costs **$18 million**. [Harbor Daily]", Point: "Cost <of> repairs", Reason: "cites Harbor Daily for \"$18 million\""},
	}}
	flagged := grounding.FlaggedSentences(src, checks)
	if len(flagged) != 1 {
		t.Fatalf("flagged = %+v", flagged)
	}
	f := newSentenceFlags(src, flagged, []string{story.CheckContradictedCitations})
	var out strings.Builder
	mid := strings.Index(src, "[Harbor Daily] Ferries") // as briefHTML writes stretches between citations
	f.write(&out, src, 0, mid)
	f.write(&out, src, mid, len(src))
	f.flush(&out, src)
	body, err := renderMarkdown(newMarkdown(0), out.String())
	if err != nil {
		t.Fatal(err)
	}
	html := string(f.linkPoints(f.apply(body), func(topic string) string { return "point-" + story.Slug(topic) }))
	for _, want := range []string{
		`<mark class="flagged" id="flagged-1" title="contradicted citation: cites Harbor Daily for &#34;$18 million&#34;">It costs <strong>$18 million</strong>. [Harbor Daily]</mark>`,
		`<span class="flag">contradicted citation</span>`,
		`<a href="#point-cost-of-repairs">disputed point</a>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %s:\n%s", want, html)
		}
	}
	if strings.Contains(html, "sumflag") || strings.Count(html, "<mark") != 1 {
		t.Errorf("placeholders left, marks miscounted :\n%s", html)
	}
}
