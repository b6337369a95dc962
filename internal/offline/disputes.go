package offline

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/summarize/summarize/internal/story"
)

// Disputes returns the points on which docs disagree, most salient first,
// at most Options.MaxPoints of them.
//
// Sentences are aligned across sources (each sentence with its most similar
// sentence in every other source, above AlignThreshold), and aligned
// sentences are grouped, one per source at most, strongest links first.
// Within a group the engine compares, after normalization, figures of the
// same kind (counts of the same noun, percentages, money, durations, dates,
// times of day), the places events are said to happen in, the actors named,
// assertion against negation, and loaded against plain wording. Sources
// that agree form one camp; two or more camps make a point.
//
// An omission is a sentence no other source says anything like, that is
// central in its own article and names a person, place or figure no other
// source mentions at all. Its point has a single position, the source that
// makes the claim: the others have nothing to quote, so they are named in
// the summary ("… do not mention it") instead of given empty positions that
// would fail grounding.
func (e *Engine) Disputes(docs []Doc) []story.Point {
	if len(docs) < 2 {
		return nil
	}
	a := e.analyze(docs)
	if len(a.cands) == 0 {
		return nil
	}
	f := &finder{e: e, a: a, info: a.details(), cent: make([]float64, len(a.cands))}
	for d := range docs {
		scores := a.lexRank(a.byDoc[d], nil)
		var top float64
		for _, s := range scores {
			top = math.Max(top, s)
		}
		for x, i := range a.byDoc[d] {
			f.cent[i] = scores[x] / top
		}
	}
	f.places = make(map[string]bool)
	for _, in := range f.info {
		for _, nm := range in.names {
			if nm.place {
				for _, p := range nm.parts {
					f.places[p] = true
				}
			}
		}
	}

	groups := f.align()
	var found []candidate
	inGroup := make([]bool, len(a.cands))
	for _, g := range groups {
		for _, m := range g {
			inGroup[m] = true
		}
		found = append(found, f.groupPoints(g)...)
	}
	found = append(found, f.omissions(inGroup)...)

	sort.SliceStable(found, func(x, y int) bool {
		if found[x].score != found[y].score {
			return found[x].score > found[y].score
		}
		return found[x].sig < found[y].sig
	})
	var out []story.Point
	seen := make(map[string]bool)
	omitted, framed := 0, 0
	for _, c := range found {
		if len(out) == e.opts.MaxPoints {
			break
		}
		if seen[c.sig] {
			continue
		}
		switch c.point.Kind {
		case story.KindOmission:
			if omitted == e.opts.MaxOmissions {
				continue
			}
			omitted++
		case story.KindFraming:
			if framed == 3 {
				continue
			}
			framed++
		}
		seen[c.sig] = true
		out = append(out, c.point)
	}
	return out
}

type finder struct {
	e      *Engine
	a      *analysis
	info   []details
	cent   []float64       // centrality within the sentence's own document, top = 1
	places map[string]bool // words that name a place somewhere in the story
}

type candidate struct {
	point story.Point
	score float64
	sig   string // identifies the same finding reached from two groups
}

// align groups sentences that report the same fact, at most one per
// source: links between each sentence and its best match in every other
// source are joined strongest first, and a link that would put two
// sentences of one source in a group is skipped.
func (f *finder) align() [][]int {
	a := f.a
	type link struct {
		i, j int
		sim  float64
	}
	var links []link
	best := func(i int, in []int) int {
		b := -1
		for _, j := range in {
			if b < 0 || a.sim[i][j] > a.sim[i][b] {
				b = j
			}
		}
		return b
	}
	for d1 := range a.docs {
		for d2 := d1 + 1; d2 < len(a.docs); d2++ {
			for _, i := range a.byDoc[d1] {
				if j := best(i, a.byDoc[d2]); j >= 0 && a.sim[i][j] >= f.e.opts.AlignThreshold {
					links = append(links, link{i, j, a.sim[i][j]})
				}
			}
			for _, j := range a.byDoc[d2] {
				if i := best(j, a.byDoc[d1]); i >= 0 && a.sim[i][j] >= f.e.opts.AlignThreshold {
					links = append(links, link{i, j, a.sim[i][j]})
				}
			}
		}
	}
	slices.SortFunc(links, func(x, y link) int {
		if c := cmp.Compare(y.sim, x.sim); c != 0 {
			return c
		}
		if c := cmp.Compare(x.i, y.i); c != 0 {
			return c
		}
		return cmp.Compare(x.j, y.j)
	})
	links = slices.CompactFunc(links, func(x, y link) bool { return x.i == y.i && x.j == y.j })

	group := make([]int, len(a.cands))
	members := make([][]int, len(a.cands))
	for i := range group {
		group[i] = i
		members[i] = []int{i}
	}
	for _, l := range links {
		gi, gj := group[l.i], group[l.j]
		if gi == gj {
			continue
		}
		clash := false
		for _, x := range members[gi] {
			for _, y := range members[gj] {
				if a.cands[x].doc == a.cands[y].doc {
					clash = true
				}
			}
		}
		if clash {
			continue
		}
		if gi > gj {
			gi, gj = gj, gi
		}
		for _, y := range members[gj] {
			group[y] = gi
		}
		members[gi] = append(members[gi], members[gj]...)
		members[gj] = nil
	}
	var groups [][]int
	for g, m := range members {
		if len(m) < 2 || group[g] != g {
			continue
		}
		slices.SortFunc(m, func(x, y int) int { return cmp.Compare(a.cands[x].doc, a.cands[y].doc) })
		groups = append(groups, m)
	}
	return groups
}

// A camp is the members of a group that say the same thing on one aspect.
type camp struct {
	members []int
	claims  []string // per member
	value   string   // how the summary words the camp's position
}

// groupPoints compares the members of one aligned group.
func (f *finder) groupPoints(g []int) []candidate {
	var out []candidate

	// Figures, finest date first so that "March 3" against "March 5"
	// is not also reported as a month dispute.
	keySet := make(map[string]bool)
	for _, m := range g {
		for _, ft := range f.info[m].facts {
			keySet[ft.key] = true
		}
	}
	keys := make([]string, 0, len(keySet))
	for k := range keySet {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y string) int {
		if c := cmp.Compare(keyOrder(x), keyOrder(y)); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	dateDisputed := false
	for _, key := range keys {
		if dateDisputed && (key == "month" || key == "year" || key == "weekday") {
			continue
		}
		var camps []camp
		var campFacts [][]fact
		for _, m := range g {
			var mine []fact
			for _, ft := range f.info[m].facts {
				if ft.key == key {
					mine = append(mine, ft)
				}
			}
			if len(mine) == 0 {
				continue
			}
			joined := false
			for c := range camps {
				if anyAgree(mine, campFacts[c]) {
					camps[c].members = append(camps[c].members, m)
					camps[c].claims = append(camps[c].claims, surfaces(mine))
					campFacts[c] = append(campFacts[c], mine...)
					joined = true
					break
				}
			}
			if !joined {
				camps = append(camps, camp{members: []int{m}, claims: []string{surfaces(mine)}, value: mine[0].describe()})
				campFacts = append(campFacts, mine)
			}
		}
		if len(camps) < 2 || f.crossSim(camps) < f.e.opts.AlignThreshold {
			continue
		}
		kind := story.KindFactual
		if campFacts[0][0].timing() {
			kind = story.KindTiming
		}
		if key == "monthday" || key == "month" || key == "year" || key == "weekday" {
			dateDisputed = true
		}
		aspect, anchor := aspectOf(key, campFacts)
		out = append(out, f.point(kind, aspect, anchor, camps, 1.0, "%s say %s"))
	}

	// Figures that some members give and others, reporting the same
	// thing, leave out.
	for _, key := range keys {
		if c, facts, ok := f.detailCamps(g, key); ok {
			aspect, anchor := aspectOf(key, [][]fact{facts})
			out = append(out, f.point(story.KindOmission, aspect, anchor, c, 0.6, "%s %s"))
		}
	}

	// Places.
	if c := f.placeCamps(g); len(c) >= 2 && f.crossSim(c) >= f.e.opts.AlignThreshold+0.1 {
		out = append(out, f.point(story.KindFactual, "Place", "", c, 0.9, "%s place it in %s"))
	}
	// Actors.
	if c := f.actorCamps(g); len(c) >= 2 {
		out = append(out, f.point(story.KindFactual, "Who", "", c, 0.8, "%s name %s"))
	}
	// Assertion against denial.
	var yes, no camp
	for _, m := range g {
		if f.info[m].negated {
			no.members = append(no.members, m)
			no.claims = append(no.claims, fmt.Sprintf("denies it (“%s”)", f.info[m].negation))
		} else {
			yes.members = append(yes.members, m)
			yes.claims = append(yes.claims, "asserts it")
		}
	}
	if len(yes.members) > 0 && len(no.members) > 0 {
		yes.value, no.value = "it is so", "it is not"
		c := []camp{yes, no}
		if f.crossSim(c) >= f.e.opts.AlignThreshold+0.1 {
			out = append(out, f.point(story.KindFactual, "Whether", "", c, 0.85, "%s say %s"))
		}
	}
	// Loaded against plain wording of the same fact.
	var hot, plain camp
	for _, m := range g {
		if w := f.info[m].loaded; len(w) > 0 {
			hot.members = append(hot.members, m)
			hot.claims = append(hot.claims, "calls it "+quotedList(w))
			if hot.value == "" {
				hot.value = "loaded wording (" + quotedList(w) + ")"
			}
		} else {
			plain.members = append(plain.members, m)
			plain.claims = append(plain.claims, "plain wording")
		}
	}
	plain.value = "plain wording"
	if len(hot.members) > 0 && len(plain.members) > 0 {
		c := []camp{hot, plain}
		if f.crossSim(c) >= f.e.opts.AlignThreshold+0.05 {
			out = append(out, f.point(story.KindFraming, "Wording", "", c, 0.5, "%s use %s"))
		}
	}
	return out
}

// detailCamps finds, for one kind of figure, the members of a group that
// state it, all agreeing, and the members that report the same thing
// closely (similarity at least SameThreshold) without it. Only figures
// worth a reader's attention count: amounts, shares, durations and dates.
func (f *finder) detailCamps(g []int, key string) ([]camp, []fact, bool) {
	switch {
	case key == "duration", key == "percent", key == "money", key == "monthday", strings.HasPrefix(key, "count:"):
	default:
		return nil, nil, false
	}
	var with, without camp
	var facts []fact
	for _, m := range g {
		var mine []fact
		for _, ft := range f.info[m].facts {
			if ft.key == key {
				mine = append(mine, ft)
			}
		}
		if len(mine) == 0 {
			without.members = append(without.members, m)
			continue
		}
		if len(facts) > 0 && !anyAgree(mine, facts) {
			return nil, nil, false // a dispute, reported as such
		}
		facts = append(facts, mine...)
		with.members = append(with.members, m)
		with.claims = append(with.claims, "gives "+surfaces(mine))
	}
	if len(with.members) == 0 || len(without.members) == 0 {
		return nil, nil, false
	}
	var close []int
	for _, m := range without.members {
		for _, w := range with.members {
			if f.a.sim[m][w] >= f.e.opts.SameThreshold {
				close = append(close, m)
				break
			}
		}
	}
	if len(close) == 0 {
		return nil, nil, false
	}
	aspect, _ := aspectOf(key, [][]fact{facts})
	without = camp{members: close}
	for range close {
		without.claims = append(without.claims, "gives no "+strings.ToLower(strings.TrimPrefix(aspect, "Number of ")))
	}
	with.value = "give " + facts[0].describe()
	without.value = "report it without one"
	return []camp{with, without}, facts, true
}

func keyOrder(k string) int {
	switch k {
	case "monthday":
		return 0
	case "weekday":
		return 1
	case "month":
		return 2
	case "year":
		return 3
	}
	return 4
}

func anyAgree(x, y []fact) bool {
	for _, f := range x {
		for _, g := range y {
			if f.agrees(g) {
				return true
			}
		}
	}
	return false
}

func surfaces(fs []fact) string {
	var s []string
	for _, f := range fs {
		if !slices.Contains(s, f.surface) {
			s = append(s, f.surface)
		}
	}
	return strings.Join(s, ", ")
}

func quotedList(w []string) string {
	var q []string
	for _, x := range w {
		if !slices.Contains(q, "“"+x+"”") {
			q = append(q, "“"+x+"”")
		}
	}
	return strings.Join(q, ", ")
}

// aspectOf names what a figure measures, for the point's topic.
func aspectOf(key string, facts [][]fact) (aspect, anchor string) {
	for _, fs := range facts {
		for _, f := range fs {
			if f.anchor != "" && anchor == "" {
				anchor = f.anchor
			}
		}
	}
	switch {
	case strings.HasPrefix(key, "count:"):
		return "Number of " + anchor, ""
	case key == "percent":
		return "Share", anchor
	case key == "money":
		return "Amount", anchor
	case key == "duration":
		return "Duration", anchor
	case key == "clock":
		return "Time of day", anchor
	}
	return "Date", anchor
}

// crossSim is the strongest similarity between sentences of different
// camps: a dispute needs two sources that talk about the same thing.
func (f *finder) crossSim(camps []camp) float64 {
	var best float64
	for x := range camps {
		for y := x + 1; y < len(camps); y++ {
			for _, i := range camps[x].members {
				for _, j := range camps[y].members {
					best = math.Max(best, f.a.sim[i][j])
				}
			}
		}
	}
	return best
}

// placeCamps splits a group by where its members say the event happens.
// Two places are compatible when they share a word or when one source
// mentions the other's place anywhere in its article, which keeps "in
// Jeddah" and "in Saudi Arabia" from clashing when the article names both.
func (f *finder) placeCamps(g []int) []camp {
	var camps []camp
	var campNames [][]name
	for _, m := range g {
		var mine []name
		for _, nm := range f.info[m].names {
			if nm.place && !f.everywhere(nm.text) {
				mine = append(mine, nm)
			}
		}
		if len(mine) == 0 {
			continue
		}
		joined := false
		for c := range camps {
			if f.namesMeet(m, mine, camps[c].members, campNames[c]) {
				camps[c].members = append(camps[c].members, m)
				camps[c].claims = append(camps[c].claims, "in "+nameList(mine))
				campNames[c] = append(campNames[c], mine...)
				joined = true
				break
			}
		}
		if !joined {
			camps = append(camps, camp{members: []int{m}, claims: []string{"in " + nameList(mine)}, value: nameList(mine)})
			campNames = append(campNames, mine)
		}
	}
	return camps
}

// everywhere reports whether every source mentions s: a place all of them
// name is the story's setting, not a disputed location.
func (f *finder) everywhere(s string) bool {
	s = strings.ToLower(s)
	for _, t := range f.a.lowerText {
		if !strings.Contains(t, s) {
			return false
		}
	}
	return true
}

func (f *finder) namesMeet(m int, mine []name, members []int, theirs []name) bool {
	for _, x := range mine {
		for _, y := range theirs {
			if x.sameEntity(y) {
				return true
			}
		}
	}
	for _, o := range members {
		for _, x := range mine {
			if strings.Contains(f.a.lowerText[f.a.cands[o].doc], strings.ToLower(x.text)) {
				return true
			}
		}
		for _, y := range theirs {
			if strings.Contains(f.a.lowerText[f.a.cands[m].doc], strings.ToLower(y.text)) {
				return true
			}
		}
	}
	return false
}

// actorCamps splits a group by who its members say acted, for members
// whose wording is otherwise close: with the names set aside, the
// sentences must share most of their content words.
func (f *finder) actorCamps(g []int) []camp {
	actors := func(m int) []name {
		var out []name
		for _, nm := range f.info[m].names {
			if nm.place {
				continue
			}
			isPlace := false
			for _, p := range nm.parts {
				if f.places[p] {
					isPlace = true
				}
			}
			if !isPlace {
				out = append(out, nm)
			}
		}
		return out
	}
	var camps []camp
	var campNames [][]name
	for _, m := range g {
		mine := actors(m)
		if len(mine) == 0 {
			continue
		}
		joined := false
		for c := range camps {
			meet := false
			for _, x := range mine {
				for _, y := range campNames[c] {
					if x.sameEntity(y) {
						meet = true
					}
				}
			}
			if meet {
				camps[c].members = append(camps[c].members, m)
				camps[c].claims = append(camps[c].claims, nameList(mine))
				campNames[c] = append(campNames[c], mine...)
				joined = true
				break
			}
		}
		if !joined {
			camps = append(camps, camp{members: []int{m}, claims: []string{nameList(mine)}, value: nameList(mine)})
			campNames = append(campNames, mine)
		}
	}
	if len(camps) < 2 {
		return nil
	}
	close := false
	for x := range camps {
		for y := x + 1; y < len(camps); y++ {
			for _, i := range camps[x].members {
				for _, j := range camps[y].members {
					if f.plainOverlap(i, j) >= 0.5 {
						close = true
					}
				}
			}
		}
	}
	if !close {
		return nil
	}
	return camps
}

// plainOverlap is the Jaccard overlap of two sentences' content words
// other than proper nouns.
func (f *finder) plainOverlap(i, j int) float64 {
	set := func(s *sentence) map[string]bool {
		m := make(map[string]bool)
		for _, t := range s.tokens {
			if t.punct || t.num || f.a.proper[t.low] || stopWords[t.low] || len(t.low) < 3 {
				continue
			}
			m[stem(t.low)] = true
		}
		return m
	}
	x, y := set(f.a.cands[i]), set(f.a.cands[j])
	inter := 0
	for w := range x {
		if y[w] {
			inter++
		}
	}
	union := len(x) + len(y) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

func nameList(ns []name) string {
	var s []string
	for _, n := range ns {
		if !slices.Contains(s, n.text) {
			s = append(s, n.text)
		}
	}
	return strings.Join(s, ", ")
}

// point builds a disputed point from camps. verb words one camp's position
// in the summary, as in "%s say %s".
func (f *finder) point(kind, aspect, anchor string, camps []camp, weight float64, verb string) candidate {
	a := f.a
	p := story.Point{Kind: kind}
	var involved []int
	var parts []string
	var sigParts []string
	for _, c := range camps {
		var names []string
		for k, m := range c.members {
			d := a.cands[m].doc
			names = append(names, a.docs[d].Name)
			p.Positions = append(p.Positions, story.Position{
				Source: a.docs[d].ID,
				Claim:  c.claims[k],
				Quote:  a.cands[m].text,
			})
			involved = append(involved, m)
			sigParts = append(sigParts, a.docs[d].ID+"="+c.value)
		}
		v := verb
		if len(names) == 1 {
			v = strings.Replace(strings.Replace(verb, " say ", " says ", 1), " place ", " places ", 1)
			v = strings.Replace(strings.Replace(v, " name ", " names ", 1), " use ", " uses ", 1)
		}
		parts = append(parts, fmt.Sprintf(v, joinNames(names), c.value))
	}
	slices.SortStableFunc(p.Positions, func(x, y story.Position) int {
		return cmp.Compare(f.docIndex(x.Source), f.docIndex(y.Source))
	})
	p.Summary = joinClauses(parts) + "."
	p.Summary = strings.ToUpper(p.Summary[:1]) + p.Summary[1:]
	keywords := f.keywords(involved, 3)
	switch {
	case anchor != "":
		p.Topic = aspect + " of the " + anchor
		if kw := without(keywords, anchor); len(kw) > 0 {
			p.Topic += " (" + strings.Join(kw, ", ") + ")"
		}
	case len(keywords) > 0:
		p.Topic = aspect + ": " + strings.Join(keywords, ", ")
	default:
		p.Topic = aspect
	}
	var cent, sim float64
	for _, m := range involved {
		cent += f.cent[m]
	}
	cent /= float64(len(involved))
	sim = f.crossSim(camps)
	score := weight * (0.5 + cent) * (0.5 + sim) * (1 + 0.15*float64(len(involved)-2))
	slices.Sort(sigParts)
	return candidate{point: p, score: score, sig: kind + "|" + aspect + "|" + strings.Join(sigParts, ";")}
}

func without(words []string, w string) []string {
	var out []string
	for _, x := range words {
		if !strings.EqualFold(x, w) && stem(strings.ToLower(x)) != stem(strings.ToLower(w)) {
			out = append(out, x)
		}
	}
	return out
}

func (f *finder) docIndex(id string) int {
	for d, doc := range f.a.docs {
		if doc.ID == id {
			return d
		}
	}
	return len(f.a.docs)
}

// keywords names what sentences talk about: their content words shared by
// most of them, rarest in the story first, as written in the first one.
func (f *finder) keywords(members []int, n int) []string {
	a := f.a
	count := make(map[string]int)
	surface := make(map[string]string)
	var order []string
	for _, m := range members {
		seen := make(map[string]bool)
		for _, t := range a.cands[m].tokens {
			if t.punct || t.num || stopWords[t.low] || len(t.low) < 3 || numberWords[t.low] != 0 ||
				timeUnit(t.low) > 0 || negations[t.low] || loadedWords[t.low] {
				continue
			}
			st := stem(t.low)
			if seen[st] {
				continue
			}
			seen[st] = true
			if _, ok := surface[st]; !ok {
				w := t.low
				if a.proper[t.low] {
					w = t.text
				}
				surface[st] = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
				order = append(order, st)
			}
			count[st]++
		}
	}
	need := 2
	if len(members) < 2 {
		need = 1
	}
	var shared []string
	for _, st := range order {
		if count[st] >= need {
			shared = append(shared, st)
		}
	}
	isName := func(st string) bool { return a.proper[strings.ToLower(surface[st])] }
	sort.SliceStable(shared, func(x, y int) bool {
		if count[shared[x]] != count[shared[y]] {
			return count[shared[x]] > count[shared[y]]
		}
		if isName(shared[x]) != isName(shared[y]) {
			return !isName(shared[x]) // names say who, not what
		}
		return a.idf[shared[x]] > a.idf[shared[y]]
	})
	if len(shared) > n {
		shared = shared[:n]
	}
	out := make([]string, len(shared))
	for k, st := range shared {
		out[k] = surface[st]
	}
	return out
}

func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func joinClauses(parts []string) string {
	switch len(parts) {
	case 1:
		return parts[0]
	case 2:
		return parts[0] + ", while " + parts[1]
	}
	return strings.Join(parts[:len(parts)-1], "; ") + "; and " + parts[len(parts)-1]
}

// omissions finds the salient claims only one source makes: at most one
// per source, its most central sentence that no other source echoes and
// that brings a name or figure the other articles never mention.
func (f *finder) omissions(inGroup []bool) []candidate {
	a := f.a
	var out []candidate
	for d := range a.docs {
		best, bestScore, bestNovel := -1, 0.0, []string(nil)
		median := medianOf(subset(f.cent, a.byDoc[d]))
		for _, i := range a.byDoc[d] {
			if inGroup[i] || f.cent[i] < median {
				continue
			}
			echoed := false
			for o, idx := range a.byDoc {
				if o == d {
					continue
				}
				for _, j := range idx {
					if a.sim[i][j] >= f.e.opts.UniqueThreshold {
						echoed = true
						break
					}
				}
				if echoed {
					break
				}
			}
			if echoed {
				continue
			}
			novel := f.novelties(i)
			if len(novel) == 0 {
				continue
			}
			score := 0.55 * (0.5 + f.cent[i]) * (1 + 0.25*float64(min(len(novel), 3)))
			if score > bestScore {
				best, bestScore, bestNovel = i, score, novel
			}
		}
		if best < 0 {
			continue
		}
		var others []string
		for o, doc := range a.docs {
			if o != d {
				others = append(others, doc.Name)
			}
		}
		s := a.cands[best]
		kw := f.keywords([]int{best}, 3)
		p := story.Point{
			Topic: "Only " + a.docs[d].Name + ": " + strings.Join(mergeWords(bestNovel, kw, 3), ", "),
			Kind:  story.KindOmission,
			Summary: fmt.Sprintf("Only %s reports this (%s); %s %s not mention it.", a.docs[d].Name,
				strings.Join(bestNovel, ", "), joinNames(others), doVerb(len(others))),
			Positions: []story.Position{{Source: a.docs[d].ID, Claim: "reports " + strings.Join(bestNovel, ", "), Quote: s.text}},
		}
		out = append(out, candidate{point: p, score: bestScore, sig: "omission|" + a.docs[d].ID + "|" + s.text})
	}
	return out
}

func doVerb(n int) string {
	if n == 1 {
		return "does"
	}
	return "do"
}

func mergeWords(first, then []string, n int) []string {
	var out []string
	for _, w := range append(slices.Clone(first), then...) {
		if len(out) == n {
			break
		}
		dup := false
		for _, o := range out {
			if strings.Contains(strings.ToLower(o), strings.ToLower(w)) || strings.Contains(strings.ToLower(w), strings.ToLower(o)) {
				dup = true
			}
		}
		if !dup {
			out = append(out, w)
		}
	}
	return out
}

// novelties lists the names and figures of sentence i that no other
// source's article mentions anywhere.
func (f *finder) novelties(i int) []string {
	a := f.a
	d := a.cands[i].doc
	mentioned := func(s string) bool {
		s = strings.ToLower(s)
		for o := range a.docs {
			if o != d && strings.Contains(a.lowerText[o], s) {
				return true
			}
		}
		return false
	}
	var out []string
	for _, nm := range f.info[i].names {
		novel := true
		for _, p := range nm.parts {
			if mentioned(p) {
				novel = false
			}
		}
		if novel && !slices.Contains(out, nm.text) {
			out = append(out, nm.text)
		}
	}
	for _, ft := range f.info[i].facts {
		if !mentioned(ft.surface) && !slices.Contains(out, ft.surface) {
			out = append(out, ft.surface)
		}
	}
	return out
}

func subset(v []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = v[i]
	}
	return out
}
