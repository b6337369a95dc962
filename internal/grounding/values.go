package grounding

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/summarize/summarize/internal/story"
)

// How a brief sentence is compared with a disputed point. Each position's
// value is the terms of its claim (numbers with their unit, as "6 week";
// names, places and dates) that not every position's claim shares: for
// claims "340 jobs" and "about 400 jobs" the values are "340 job" and
// "400 job". Positions with equal values form one side. A sentence states a
// side when it contains at least half of that side's terms, and it is on
// the point's topic when it shares at least minContext content words with
// the point's topic and quotes. Claims without a number or a name
// ("says it is so") give no value, so points of negation are never
// compared: the check misses them rather than guess. Points of framing and
// emphasis are left out by kind, since their claims quote words, not values.

// minContext is how many content words a sentence must share with a
// point's topic and quotes to be compared with it. On examples/ the counts
// are the same for 1, 2 or 3, since the values themselves (names, numbers
// with units) are distinctive, so the value is a judgment, not a fit: two
// keeps a sentence that shares only a figure and one word with a point
// ("two weeks of pay" beside a closure of "two weeks") from being read as
// stating its value.
const minContext = 2

type disputeValues struct {
	point    *story.Point
	groups   []valueGroup
	context  map[string]bool
	statedIn [][]string // per group, the sentences stating it
}

type valueGroup struct {
	terms   []string
	sources []string
	claim   string
}

// valueTerms returns the terms a value is recognized by in text: numbers
// followed by their unit where one follows ("six-week" is "6 week"),
// and every capitalized word that is not a stop word or a source's name.
func valueTerms(text string, excluded map[string]bool) []string {
	ws := words(text)
	var out []string
	add := func(t string) {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	for i, w := range ws {
		switch {
		case w.num:
			t := w.low
			if strings.HasPrefix(text[w.end:], "%") {
				t += " percent" // "3%" is "3 percent"
			} else if i+1 < len(ws) && !ws[i+1].num && !ws[i+1].capital && !stopWords[ws[i+1].low] {
				// A unit is a common noun: in "1,400 Fenwick teachers"
				// the capitalized word is a name, not what is counted.
				if gap := text[w.end:ws[i+1].start]; gap == " " || gap == "-" {
					t += " " + stem(ws[i+1].low)
				}
			}
			add(t)
		case w.capital && !stopWords[w.low] && !excluded[w.low]:
			add(w.low)
		}
	}
	return out
}

func valuesOf(p *story.Point, excluded map[string]bool) *disputeValues {
	pv := &disputeValues{point: p, context: map[string]bool{}}
	for _, w := range contentWords(p.Topic, excluded) {
		pv.context[w] = true
	}
	var all [][]string
	for _, pos := range p.Positions {
		for _, w := range contentWords(pos.Quote, excluded) {
			pv.context[w] = true
		}
		all = append(all, valueTerms(pos.Claim, excluded))
	}
	if len(all) == 0 {
		return pv
	}
	shared := slices.Clone(all[0])
	for _, ts := range all[1:] {
		shared = slices.DeleteFunc(shared, func(t string) bool { return !slices.Contains(ts, t) })
	}
	for i, pos := range p.Positions {
		if pos.UnknownSource {
			continue
		}
		terms := slices.DeleteFunc(all[i], func(t string) bool { return slices.Contains(shared, t) })
		if len(terms) == 0 {
			continue
		}
		gi := slices.IndexFunc(pv.groups, func(g valueGroup) bool { return sameValue(g.terms, terms) })
		if gi < 0 {
			gi = len(pv.groups)
			pv.groups = append(pv.groups, valueGroup{terms: terms, claim: pos.Claim})
		}
		if g := &pv.groups[gi]; !slices.Contains(g.sources, pos.Source) {
			g.sources = append(g.sources, pos.Source)
		}
	}
	pv.statedIn = make([][]string, len(pv.groups))
	return pv
}

// onTopic reports whether a sentence with these content words is about
// the point.
func (pv *disputeValues) onTopic(content []string) bool {
	n := 0
	for _, w := range content {
		if pv.context[w] {
			n++
		}
	}
	return n >= minContext
}

// stated returns the groups whose value the terms state.
func (pv *disputeValues) stated(terms []string) map[int]bool {
	out := map[int]bool{}
	for gi, g := range pv.groups {
		n := 0
		for _, t := range g.terms {
			if termIn(t, terms) {
				n++
			}
		}
		if n > 0 && 2*n >= len(g.terms) {
			out[gi] = true
		}
	}
	return out
}

// termIn reports whether value term t occurs among a sentence's terms. A
// number with a unit ("25000 vehicle") also matches the bare number in a
// sentence that leaves the unit out ("… count 25,000"), unless the number
// is a single digit, which a sentence uses for too many other things.
func termIn(t string, terms []string) bool {
	if slices.Contains(terms, t) {
		return true
	}
	num, _, hasUnit := strings.Cut(t, " ")
	return hasUnit && len(num) >= 2 && slices.Contains(terms, num)
}

// contradicts reports a sentence citing source id that states another
// side's value and none of id's own.
func (pv *disputeValues) contradicts(st *story.Story, id string, stated map[int]bool) (story.CheckItem, bool) {
	var own []int
	for gi, g := range pv.groups {
		if slices.Contains(g.sources, id) {
			own = append(own, gi)
		}
	}
	if len(own) == 0 {
		return story.CheckItem{}, false
	}
	for _, gi := range own {
		if stated[gi] {
			return story.CheckItem{}, false
		}
	}
	for gi, g := range pv.groups {
		if !stated[gi] {
			continue
		}
		return story.CheckItem{
			Check: story.CheckContradictedCitations, Point: pv.point.Topic, Sources: []string{id},
			Reason: fmt.Sprintf("cites %s for %q, the version of %s; %s says %q", nameOf(st, id), g.claim,
				names(st, g.sources), nameOf(st, id), pv.groups[own[0]].claim),
		}, true
	}
	return story.CheckItem{}, false
}

// oneSided reports a point of which the brief states exactly one side.
func (pv *disputeValues) oneSided(st *story.Story) (story.CheckItem, bool) {
	var stated []int
	for gi, s := range pv.statedIn {
		if len(s) > 0 {
			stated = append(stated, gi)
		}
	}
	if len(stated) != 1 {
		return story.CheckItem{}, false
	}
	g := pv.groups[stated[0]]
	var others []string
	for gi, o := range pv.groups {
		if gi != stated[0] {
			others = append(others, fmt.Sprintf("%q (%s)", o.claim, names(st, o.sources)))
		}
	}
	return story.CheckItem{
		Check: story.CheckOneSidedPoints, Point: pv.point.Topic, Sentence: pv.statedIn[stated[0]][0], Sources: g.sources,
		Reason: fmt.Sprintf("the brief states only %q (%s), never %s", g.claim, names(st, g.sources), strings.Join(others, " or ")),
	}, true
}

func names(st *story.Story, ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = nameOf(st, id)
	}
	return strings.Join(out, ", ")
}

// sameValue reports whether two positions' value terms put them on one
// side. Where both give figures, the figures decide: "1,400 teachers" and
// "1,400 Fenwick teachers" agree (a name beside a figure is not a second
// value), while "6 week" and "6 month" do not; a figure without a unit
// agrees with the same figure with one. Without figures on both sides,
// the terms must be the same.
func sameValue(a, b []string) bool {
	na, nb := figures(a), figures(b)
	if len(na) > 0 && len(nb) > 0 {
		return figuresIn(na, nb) && figuresIn(nb, na)
	}
	x, y := slices.Clone(a), slices.Clone(b)
	sort.Strings(x)
	sort.Strings(y)
	return slices.Equal(x, y)
}

// figures returns the terms that start with a digit ("1400 teacher", "3").
func figures(terms []string) []string {
	var out []string
	for _, t := range terms {
		if t != "" && t[0] >= '0' && t[0] <= '9' {
			out = append(out, t)
		}
	}
	return out
}

// figuresIn reports whether every figure of a has one of b with the same
// number and, where both give a unit, the same unit.
func figuresIn(a, b []string) bool {
	for _, t := range a {
		nt, ut, _ := strings.Cut(t, " ")
		if !slices.ContainsFunc(b, func(u string) bool {
			nu, uu, _ := strings.Cut(u, " ")
			return nt == nu && (ut == "" || uu == "" || ut == uu)
		}) {
			return false
		}
	}
	return true
}
