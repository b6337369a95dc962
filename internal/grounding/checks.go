package grounding

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/summarize/summarize/internal/story"
)

// DefaultGates are the checks whose non-zero count flags a story unless
// the configuration says otherwise (config checks.gates): the ones that
// mean a sentence or a quote cannot be trusted as written.
var DefaultGates = []string{
	story.CheckUncitedSentences, story.CheckUnknownCitations, story.CheckContradictedCitations,
	story.CheckUnsupportedCitations, story.CheckUnverifiedQuotes, story.CheckUnknownSources,
}

// Check runs every check on a story's brief and disputes document as the
// run is about to write them; either may be nil (a stage failed), and then
// the checks that need it count nothing. The disputes' positions must
// already carry QuoteVerified and UnknownSource (CheckDisputes). gates
// name the checks whose non-zero count flags the story.
func Check(st *story.Story, brief *story.Brief, d *story.Disputes, gates []string) *story.Checks {
	c := &story.Checks{Version: story.ChecksVersion, Story: st.ID, Counts: map[string]int{}, Flagged: []string{}, Items: []story.CheckItem{}}
	for _, name := range story.CheckNames {
		c.Counts[name] = 0
	}
	add := func(it story.CheckItem) {
		c.Counts[it.Check]++
		c.Items = append(c.Items, it)
	}
	if brief != nil {
		checkBrief(st, brief, d, c, add)
	}
	if d != nil {
		checkDisputes(st, d, c, add)
	}
	c.Flagged = Flagged(c.Counts, gates)
	return c
}

// Flagged returns the gates whose count is not zero, in the order given.
func Flagged(counts map[string]int, gates []string) []string {
	out := []string{}
	for _, g := range gates {
		if counts[g] > 0 && !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

func checkBrief(st *story.Story, brief *story.Brief, d *story.Disputes, c *story.Checks, add func(story.CheckItem)) {
	excluded := sourceNameWords(st)
	vocab := map[string]vocabulary{}
	vocabOf := func(id string) vocabulary {
		v, ok := vocab[id]
		if !ok {
			v = newVocabulary(st.Article(id).Text)
			vocab[id] = v
		}
		return v
	}
	var points []*disputeValues
	if d != nil {
		for i := range d.DisputedPoints {
			// A point of emphasis quotes each lead's words and a point
			// of framing each loaded word: neither is a value a
			// sentence could state or contradict.
			if k := d.DisputedPoints[i].Kind; k == story.KindEmphasis || k == story.KindFraming {
				continue
			}
			if pv := valuesOf(&d.DisputedPoints[i], excluded); len(pv.groups) >= 2 {
				points = append(points, pv)
			}
		}
	}
	cited := map[string]bool{}
	for _, s := range Sentences(brief.Markdown) {
		c.Counts[story.CheckSentences]++
		labels := s.Labels()
		if len(labels) == 0 {
			add(story.CheckItem{Check: story.CheckUncitedSentences, Sentence: s.Text, Reason: "the sentence cites no source"})
		}
		// A sentence is about a point as a whole; its parts may state
		// the point's values separately ("six weeks [A] or two months [B]").
		cw := contentWords(s.Claim(), excluded)
		for _, p := range s.Parts {
			ids, unknown := CitedSources(st, p.Labels)
			for _, l := range unknown {
				add(story.CheckItem{Check: story.CheckUnknownCitations, Sentence: s.Text, Sources: []string{l},
					Reason: fmt.Sprintf("%q names no source of this story", l)})
			}
			for _, id := range ids {
				cited[id] = true
				if why := vocabOf(id).unsupported(textFor(st, p.Text, id, ids), excluded); why != "" {
					add(story.CheckItem{Check: story.CheckUnsupportedCitations, Sentence: s.Text, Sources: []string{id},
						Reason: fmt.Sprintf("cites %s, but %s", nameOf(st, id), why)})
				}
			}
			terms := valueTerms(p.Text, excluded)
			for _, pv := range points {
				if !pv.onTopic(cw) {
					continue
				}
				stated := pv.stated(terms)
				for gi := range stated {
					pv.statedIn[gi] = append(pv.statedIn[gi], s.Text)
				}
				for _, id := range ids {
					if it, ok := pv.contradicts(st, id, stated); ok {
						it.Sentence = s.Text
						add(it)
					}
				}
			}
		}
	}
	for _, pv := range points {
		if it, ok := pv.oneSided(st); ok {
			add(it)
		}
	}
	missing := map[string]bool{}
	for _, m := range brief.Missing {
		missing[m] = true
	}
	for _, a := range st.Articles {
		if !cited[a.ID] && !missing[a.Source] {
			add(story.CheckItem{Check: story.CheckUncitedSources, Sources: []string{a.ID},
				Reason: fmt.Sprintf("the brief never cites %s", a.Source)})
		}
	}
}

// textFor returns the stretches of a part that source id answers for: all
// of it, except what the part attributes by name to another cited source.
func textFor(st *story.Story, text, id string, cited []string) string {
	var b strings.Builder
	for _, a := range attributed(st, text) {
		if a.source == "" || a.source == id || !slices.Contains(cited, a.source) {
			b.WriteString(a.text)
			b.WriteString(" ")
		}
	}
	return b.String()
}

func checkDisputes(st *story.Story, d *story.Disputes, c *story.Checks, add func(story.CheckItem)) {
	for _, list := range [][]story.Point{d.DisputedPoints, d.Omissions} {
		for _, p := range list {
			for _, pos := range p.Positions {
				c.Counts[story.CheckPositions]++
				switch {
				case pos.UnknownSource:
					add(story.CheckItem{Check: story.CheckUnknownSources, Point: p.Topic, Sources: []string{pos.Source},
						Reason: fmt.Sprintf("the position names %q, no source of this story", pos.Source)})
					add(story.CheckItem{Check: story.CheckUnverifiedQuotes, Point: p.Topic, Sources: []string{pos.Source},
						Reason: "the quote cannot be checked: its source is unknown"})
				case !pos.QuoteVerified:
					add(story.CheckItem{Check: story.CheckUnverifiedQuotes, Point: p.Topic, Sources: []string{pos.Source},
						Reason: fmt.Sprintf("the quote %q does not occur in %s's article", pos.Quote, nameOf(st, pos.Source))})
				}
			}
		}
	}
	for _, p := range d.DisputedPoints {
		if srcs := pointSources(p); len(srcs) < 2 {
			add(story.CheckItem{Check: story.CheckThinPoints, Point: p.Topic, Sources: srcs,
				Reason: fmt.Sprintf("a disputed point needs two sources; this one has %d", len(srcs))})
		}
	}
	for _, list := range [][]story.Point{d.DisputedPoints, d.Omissions} {
		for i, p := range list {
			for _, q := range list[:i] {
				if SamePoint(p, q) {
					add(story.CheckItem{Check: story.CheckDuplicatePoints, Point: p.Topic, Sources: pointSources(p),
						Reason: fmt.Sprintf("repeats the point %q", q.Topic)})
					break
				}
			}
		}
	}
}

// pointSources lists the distinct sources of a point's positions.
func pointSources(p story.Point) []string {
	var out []string
	for _, pos := range p.Positions {
		if !slices.Contains(out, pos.Source) {
			out = append(out, pos.Source)
		}
	}
	return out
}

// SamePoint reports whether two points are one, as the duplicate_points
// check reads them: the same topic, or points of one kind whose sources
// quote the same passages. Points of different kinds may share passages:
// one pair of sentences can differ on where a tram left the rails and on
// when.
func SamePoint(a, b story.Point) bool {
	if Fold(a.Topic) == Fold(b.Topic) {
		return true
	}
	if a.Kind != b.Kind {
		return false
	}
	key := func(p story.Point) string {
		var ks []string
		for _, pos := range p.Positions {
			ks = append(ks, pos.Source+"\x00"+Fold(pos.Quote))
		}
		sort.Strings(ks)
		return strings.Join(slices.Compact(ks), "\x01")
	}
	return key(a) == key(b)
}

func nameOf(st *story.Story, id string) string {
	if a := st.Article(id); a != nil && a.Source != "" {
		return a.Source
	}
	return id
}

// sourceNameWords are the words of the story's source names, which a
// sentence may use to attribute a claim without that article containing
// them.
func sourceNameWords(st *story.Story) map[string]bool {
	m := map[string]bool{}
	for _, a := range st.Articles {
		for _, w := range words(a.Source) {
			m[w.low] = true
		}
		for _, w := range words(strings.ReplaceAll(a.ID, "-", " ")) {
			m[w.low] = true
		}
	}
	return m
}
