package report

import (
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/summarize/summarize/internal/grounding"
	"github.com/summarize/summarize/internal/story"
)

// glance is what a reader sees of a story before reading it: its
// headline, a one-line lede and the outlets in order of publication. The
// story page and the index row show the same, from storyGlance.
type glance struct {
	Headline string
	Lede     string
	// Outlets are the story's articles in order of publication; those
	// without a readable time come last, in story order.
	Outlets []*story.Article
	// Times holds each outlet's publication time as shown, "" when it is
	// unknown, parallel to Outlets.
	Times []string
	// BriefMarkdown is the brief without the heading it opened with.
	BriefMarkdown string
}

// storyGlance works out a story's headline and lede:
//
//   - the headline is the brief's own opening heading when the brief has
//     one that is not merely the story's folder name (an LLM brief's
//     title), else a headline stage's headline.md, else the most central
//     article title (the one sharing the most words with the other
//     titles and texts), else the story's name;
//   - the lede is the brief's first sentence, without citations.
func storyGlance(sf *StoryFiles) glance {
	var g glance
	name := sf.Meta.Name
	var articles []*story.Article
	if sf.Story != nil {
		articles = sf.Story.Articles
		if sf.Story.Name != "" {
			name = sf.Story.Name
		}
	}
	md := ""
	if sf.Brief != nil {
		md = sf.Brief.Markdown
	} else {
		md = sf.BriefMD
	}
	heading, rest := cutHeading(md)
	g.BriefMarkdown = rest
	switch {
	case heading != "" && !sameName(heading, name) && !sameName(heading, sf.Meta.ID):
		g.Headline = heading
	case stageHeadline(sf) != "":
		g.Headline = stageHeadline(sf)
	default:
		g.Headline = centralTitle(articles)
	}
	if g.Headline == "" {
		g.Headline = firstNonEmpty(name, sf.Meta.ID)
	}
	for _, s := range grounding.Sentences(rest) {
		if c := s.Claim(); c != "" {
			g.Lede = c
			break
		}
	}
	// A stop after the sentence's citation is cut with it.
	if g.Lede != "" && !strings.ContainsAny(g.Lede[len(g.Lede)-1:], ".!?\"'”’") {
		g.Lede += "."
	}
	g.Outlets, g.Times = byPublication(articles)
	return g
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// cutHeading splits a Markdown document into its opening level-one
// heading ("" when it opens with something else) and the rest.
func cutHeading(md string) (heading, rest string) {
	trimmed := strings.TrimLeft(md, " \t\r\n")
	line, after, _ := strings.Cut(trimmed, "\n")
	if !strings.HasPrefix(line, "# ") {
		return "", md
	}
	return strings.TrimSpace(strings.TrimPrefix(line, "# ")), after
}

// sameName reports whether a heading just repeats a name, as the offline
// brief's "# harbor-bridge-closure" does.
func sameName(heading, name string) bool {
	return name != "" && story.Slug(heading) == story.Slug(name)
}

// centralTitle returns the article title that shares the most content
// words with the other articles' titles and texts: the title most of the
// story's outlets would agree describes it. Ties go to the earlier
// article.
func centralTitle(articles []*story.Article) string {
	// Each article's words are gathered once: a story may hold hundreds.
	texts := make([]map[string]bool, len(articles))
	for i, a := range articles {
		texts[i] = contentWords(a.Title + " " + a.Text)
	}
	best, bestScore := "", -1.0
	for i, a := range articles {
		if a.Title == "" {
			continue
		}
		words := contentWords(a.Title)
		if len(words) == 0 {
			continue
		}
		score := 0.0
		for j, other := range texts {
			if i == j {
				continue
			}
			for w := range words {
				if other[w] {
					score++
				}
			}
		}
		score /= float64(len(words))
		if score > bestScore {
			best, bestScore = a.Title, score
		}
	}
	return best
}

// contentWords returns the lower-case words of at least four letters of
// s: short words are mostly function words, which say nothing of a
// story.
func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len([]rune(w)) >= 4 {
			out[w] = true
		}
	}
	return out
}

// byPublication orders articles by publication time, those without a
// readable one last in their original order, and returns each one's time
// as shown ("" for unknown).
func byPublication(articles []*story.Article) ([]*story.Article, []string) {
	type dated struct {
		a     *story.Article
		t     time.Time
		shown string
		ok    bool
	}
	ds := make([]dated, len(articles))
	for i, a := range articles {
		t, clock, ok := story.ParsePublished(a.Published)
		d := dated{a: a, t: t, ok: ok}
		switch {
		case ok && clock:
			d.shown = t.UTC().Format("2006-01-02 15:04 UTC")
		case ok:
			d.shown = t.Format("2006-01-02")
		default:
			d.shown = strings.TrimSpace(a.Published)
		}
		ds[i] = d
	}
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].ok != ds[j].ok {
			return ds[i].ok
		}
		return ds[i].ok && ds[i].t.Before(ds[j].t)
	})
	out := make([]*story.Article, len(ds))
	times := make([]string, len(ds))
	for i, d := range ds {
		out[i], times[i] = d.a, d.shown
	}
	return out, times
}

// stageHeadline is the headline a stage named "headline" (defined by a
// prompt file, story scope) wrote: the first line of its text, or the
// "headline" field of its JSON. "" when the run has no such stage.
func stageHeadline(sf *StoryFiles) string {
	for _, out := range sf.Stages {
		if out.Stage != "headline" || out.Article != "" {
			continue
		}
		if m, ok := out.Data.(map[string]any); ok {
			if h, ok := m["headline"].(string); ok {
				return strings.TrimSpace(h)
			}
			continue
		}
		return firstLine(out.Text)
	}
	return ""
}
