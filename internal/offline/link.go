package offline

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summarize/summarize/internal/story"
)

// A component is a set of sentences from different sources linked on one
// aspect (a kind of figure, a place, an actor, a polarity, a wording).
type component struct {
	members  []int // item indexes, one per source, in source order
	conflict bool  // some linked pair disagrees
}

// link joins items (sentences, via cand) pairwise: compare says whether two
// items from different sources talk about the same thing on the aspect and,
// if so, whether they agree. Linked items form components; each source
// keeps its most strongly linked item. An item linked to nothing is a
// component of its own. The work is quadratic in the items of one story,
// never more.
func (f *finder) link(n int, cand func(int) int, compare func(x, y int) (linked, agree bool)) []component {
	return f.linkApart(n, cand, compare, nil)
}

// linkApart is link that never joins two items distinct says are of
// different things, even through items linked to both: a link that would
// is left out. Components past maxApartChecked items are joined unchecked,
// which keeps the work quadratic in a story of thousands of mentions.
func (f *finder) linkApart(n int, cand func(int) int, compare func(x, y int) (linked, agree bool), distinct func(x, y int) bool) []component {
	a := f.a
	parent := make([]int, n)
	members := make([][]int, n) // root -> its items, while checked
	for x := range parent {
		parent[x] = x
		members[x] = []int{x}
	}
	// Components found apart stay apart as they grow, and a root keeps
	// its index while it is one, so a pair of roots once found apart is
	// not checked again: two large components are linked by many pairs.
	apart := make(map[[2]int]bool)
	kept := func(rx, ry int) bool {
		if distinct == nil || len(members[rx])+len(members[ry]) > maxApartChecked {
			return true
		}
		key := [2]int{min(rx, ry), max(rx, ry)}
		if apart[key] {
			return false
		}
		for _, x := range members[rx] {
			if slices.ContainsFunc(members[ry], func(y int) bool { return distinct(x, y) }) {
				apart[key] = true
				return false
			}
		}
		return true
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	conflict := make([]bool, n)
	strength := make([]float64, n)
	type pair struct {
		x, y  int
		agree bool
		sim   float64
	}
	var pairs []pair
	for x := 0; x < n; x++ {
		for y := x + 1; y < n; y++ {
			i, j := cand(x), cand(y)
			if a.cands[i].doc == a.cands[j].doc {
				continue
			}
			if linked, agree := compare(x, y); linked {
				pairs = append(pairs, pair{x, y, agree, a.sim[i][j]})
			}
		}
	}
	// The likest pairs join first, so that where distinct keeps two
	// items apart, the one a weak link reached is the one left out ("a
	// twenty-metre stretch" of wall does not take the river's "4.1
	// metres" from the other outlet's "3.6 metres" peak).
	if distinct != nil {
		slices.SortStableFunc(pairs, func(p, q pair) int { return cmp.Compare(q.sim, p.sim) })
	}
	for _, p := range pairs {
		x, y := p.x, p.y
		rx, ry := find(x), find(y)
		if rx != ry && !kept(rx, ry) {
			continue
		}
		r := min(rx, ry)
		if rx != ry {
			members[r] = append(members[r], members[max(rx, ry)]...)
			members[max(rx, ry)] = nil
		}
		parent[max(rx, ry)] = r
		conflict[r] = conflict[rx] || conflict[ry] || !p.agree
		strength[x] = max(strength[x], p.sim)
		strength[y] = max(strength[y], p.sim)
	}
	byRoot := make(map[int]int) // root -> index in out
	var out []component
	best := make(map[[2]int]int) // (root, doc) -> item
	for x := 0; x < n; x++ {
		r := find(x)
		k, ok := byRoot[r]
		if !ok {
			k = len(out)
			byRoot[r] = k
			out = append(out, component{conflict: conflict[r]})
		}
		key := [2]int{r, a.cands[cand(x)].doc}
		if b, ok := best[key]; !ok || strength[x] > strength[b] {
			if !ok {
				out[k].members = append(out[k].members, x)
			} else {
				out[k].members[slices.Index(out[k].members, b)] = x
			}
			best[key] = x
		}
	}
	for k := range out {
		slices.SortFunc(out[k].members, func(x, y int) int { return a.cands[cand(x)].doc - a.cands[cand(y)].doc })
	}
	return out
}

// maxApartChecked bounds the components linkApart checks item by item:
// far more mentions of one kind of figure than any story of the
// development sets holds (the largest, 60 or so), so only a story of
// hundreds of articles goes unchecked.
const maxApartChecked = 200

// camps splits a component's members into groups that agree among
// themselves; claim and value word each member's position and a camp's.
func (f *finder) camps(members []int, cand func(int) int, agree func(x, y int) bool, claim, value func(int) string) []camp {
	var out []camp
	var items [][]int
	for _, x := range members {
		joined := false
		for c := range out {
			for _, y := range items[c] {
				if agree(x, y) {
					joined = true
					break
				}
			}
			if joined {
				out[c].members = append(out[c].members, cand(x))
				out[c].claims = append(out[c].claims, claim(x))
				items[c] = append(items[c], x)
				break
			}
		}
		if !joined {
			out = append(out, camp{members: []int{cand(x)}, claims: []string{claim(x)}, value: value(x)})
			items = append(items, []int{x})
		}
	}
	return out
}

// A claimSet is what one aspect's reader found in a story, as splitPoints
// takes it: the sentence of each claim, which claims are about the same
// thing and whether they agree, and how a position and a camp are worded.
type claimSet struct {
	cand         func(x int) int
	compare      func(x, y int) (linked, agree bool)
	agree        func(x, y int) bool
	claim, value func(x int) string
}

// oneQuestion is the claim set of claims that all answer one question of
// the story, each the sentence cand gives ("was anyone hurt", "which germ",
// "is it treated as suspicious"): every two are compared, and agree as
// agree says.
func oneQuestion(cand func(x int) int, agree func(x, y int) bool, claim, value func(x int) string) claimSet {
	return claimSet{cand: cand, compare: func(x, y int) (bool, bool) { return true, agree(x, y) }, agree: agree, claim: claim, value: value}
}

// splitPoints links n claims (see link) and makes a factual point of each
// component that falls into two camps or more, on aspect, worded with verb
// ("%s say %s") and headed by topic, when topic is not nil.
func (f *finder) splitPoints(n int, cs claimSet, aspect string, weight float64, verb string, topic func(members []int) string) []candidate {
	var out []candidate
	for _, c := range f.link(n, cs.cand, cs.compare) {
		if !c.conflict {
			continue
		}
		camps := f.camps(c.members, cs.cand, cs.agree, cs.claim, cs.value)
		if len(camps) < 2 {
			continue
		}
		pt := f.point(story.KindFactual, aspect, "", camps, weight, verb)
		if topic != nil {
			pt.point.Topic = topic(c.members)
		}
		out = append(out, pt)
	}
	return out
}

// placePoints reports sentences that put the same event in different
// places. Places every source names are the story's setting and are left
// out; two places agree when they share a word or when either source
// mentions the other's place anywhere, which keeps "in Jeddah" and "in
// Saudi Arabia" from clashing when an article names both.
func (f *finder) placePoints() []candidate {
	var items []int
	places := make(map[int][]name)
	for i := range f.a.cands {
		for _, nm := range f.info[i].names {
			if nm.place && !f.everywhere(nm.text) {
				places[i] = append(places[i], nm)
			}
		}
		if len(places[i]) > 0 {
			items = append(items, i)
		}
	}
	cand := func(x int) int { return items[x] }
	agree := func(x, y int) bool {
		i, j := items[x], items[y]
		return f.namesMeet(i, places[i], []int{j}, places[j])
	}
	// Places attached to the same word ("shelter at X", "shelter at
	// Y") need less similarity elsewhere in the sentence.
	sameHead := func(i, j int) bool {
		for _, p := range places[i] {
			for _, q := range places[j] {
				if p.head != "" && p.head == q.head {
					return true
				}
			}
		}
		return false
	}
	// Places the same people or thing are moved to ("Patients will be
	// moved to Brookfield Hospital", "Patients … will be transferred to
	// Ashwell Ward") answer where they go, however unlike the rest.
	sameMoved := func(i, j int) bool {
		for _, p := range places[i] {
			for _, q := range places[j] {
				if p.moved != "" && p.moved == q.moved {
					return true
				}
			}
		}
		return false
	}
	compare := func(x, y int) (bool, bool) {
		i, j := items[x], items[y]
		sim := f.a.sim[i][j]
		linked := sim >= f.e.opts.AlignThreshold+0.1 || (sameHead(i, j) && sim >= f.e.opts.AlignThreshold/2) || sim > 0 && sameMoved(i, j)
		return linked, agree(x, y)
	}
	var out []candidate
	for _, c := range f.link(len(items), cand, compare) {
		if !c.conflict {
			continue
		}
		label := func(x int) string { return nameList(places[items[x]]) }
		camps := f.camps(c.members, cand, agree, func(x int) string { return "in " + label(x) }, label)
		if len(camps) >= 2 {
			out = append(out, f.point(story.KindFactual, "Place", "", camps, 0.9, "%s place it in %s"))
		}
	}
	return out
}

// actorPoints reports sentences that credit the same act to different
// people or bodies: with the names set aside, the sentences must share at
// least half their content words.
func (f *finder) actorPoints() []candidate {
	var items []int
	actors := make(map[int][]name)
	for i := range f.a.cands {
		for _, nm := range f.info[i].names {
			if nm.place || slices.ContainsFunc(nm.parts, func(p string) bool { return f.places[p] }) {
				continue
			}
			actors[i] = append(actors[i], nm)
		}
		if len(actors[i]) > 0 {
			items = append(items, i)
		}
	}
	cand := func(x int) int { return items[x] }
	// Two sentences agree on who when they name the same one, or when
	// either source names the other's anywhere ("the Talvorian
	// president" in an article that names Ilan Varos as president).
	agree := func(x, y int) bool {
		i, j := items[x], items[y]
		return f.namesMeet(i, actors[i], []int{j}, actors[j])
	}
	compare := func(x, y int) (bool, bool) {
		i, j := items[x], items[y]
		if f.a.sim[i][j] < f.e.opts.AlignThreshold {
			return false, false
		}
		if agree(x, y) {
			return true, true
		}
		return f.plainOverlap(i, j) >= 0.5 || f.sameActAfter(i, actors[i], j, actors[j]), false
	}
	var out []candidate
	for _, c := range f.link(len(items), cand, compare) {
		if !c.conflict {
			continue
		}
		// A position names the people or bodies its sentence credits
		// that no other linked sentence names: the disputed ones.
		label := func(x int) string {
			var own []name
			for _, nm := range actors[items[x]] {
				shared := false
				for _, y := range c.members {
					if y != x && slices.ContainsFunc(actors[items[y]], nm.sameEntity) {
						shared = true
					}
				}
				if !shared {
					own = append(own, nm)
				}
			}
			if len(own) == 0 {
				own = actors[items[x]]
			}
			return nameList(own)
		}
		camps := f.camps(c.members, cand, agree, label, label)
		if len(camps) >= 2 {
			out = append(out, f.point(story.KindFactual, "Who", "", camps, 0.8, "%s name %s"))
		}
	}
	return out
}

// sameActAfter reports whether a name in sentence i and one in sentence j
// do the same thing: the first words of weight after each name ("told
// staff at a meeting") share two, however the sentences go on ("Chief
// executive Rowan Ellery told staff at a meeting in the factory canteen
// …" against "Operations director Fiona Leckie told staff at a meeting at
// the factory on Tuesday morning").
func (f *finder) sameActAfter(i int, ni []name, j int, nj []name) bool {
	after := func(c int, ns []name) [][]string {
		ts := f.a.cands[c].tokens
		var out [][]string
		for _, n := range ns {
			k := n.endIn(ts)
			if k < 0 {
				continue
			}
			var words []string
			for m := k + 1; m < len(ts) && len(words) < actWords && !ts[m].punct; m++ {
				if !stopWords[ts[m].low] && !ts[m].num && !ts[m].capital && len(ts[m].low) > 2 {
					words = append(words, stem(ts[m].low))
				}
			}
			out = append(out, words)
		}
		return out
	}
	for _, x := range after(i, ni) {
		for _, y := range after(j, nj) {
			shared := 0
			for _, w := range x {
				if slices.Contains(y, w) {
					shared++
				}
			}
			if shared >= 2 && len(x) > 0 && x[0] == y[0] {
				return true
			}
		}
	}
	return false
}

// actWords is how many words of weight after a name say what it did: a
// verb and its object's head ("told staff", "raised the alarm").
const actWords = 3

// pairDenial marks sentence i as denying, and adds it and every sentence
// of another source that asserts what it denies, of one subject.
func (f *finder) pairDenial(i int, deny map[int]bool, add func(int)) {
	for j := range f.a.cands {
		if f.a.cands[j].doc != f.a.cands[i].doc && !deny[j] && f.denies(i, j) && f.asserts(j, f.info[i].denied) && f.ofOneSubject(i, j) {
			deny[i] = true
			add(i)
			add(j)
		}
	}
}

// negationPoints reports a sentence denying what a similar sentence of
// another source asserts. The denied word must appear in the asserting
// sentence ("will not add ferry trips" against "will add extra ferry
// trips"), which keeps unrelated negations in similar sentences out.
func (f *finder) negationPoints() []candidate {
	a := f.a
	inItems := make(map[int]bool)
	var items []int
	add := func(i int) {
		if !inItems[i] {
			inItems[i] = true
			items = append(items, i)
		}
	}
	// deny marks the sentences that deny; the others assert. A sentence
	// may assert the denied thing though it negates something else
	// ("Caldwell was offered the chance to resign …, and she refused").
	deny := make(map[int]bool)
	for i := range a.cands {
		if !f.info[i].negated || f.info[i].denied == "" || strings.Contains(a.cands[i].text, "?") {
			continue // a question ("What do I not need to do?") denies or asserts nothing
		}
		f.pairDenial(i, deny, add)
		// "did not fail and was never switched off": when the first
		// negation denies nothing asserted elsewhere, a later one may.
		for _, alt := range f.info[i].laterDenials {
			if deny[i] {
				break
			}
			was := f.info[i]
			f.info[i].negation, f.info[i].denied = alt[0], alt[1]
			if f.pairDenial(i, deny, add); !deny[i] {
				f.info[i] = was
			}
		}
	}
	slices.Sort(items)
	cand := func(x int) int { return items[x] }
	agree := func(x, y int) bool { return deny[items[x]] == deny[items[y]] }
	compare := func(x, y int) (bool, bool) {
		i, j := items[x], items[y]
		switch {
		case agree(x, y):
			return a.sim[i][j] >= f.e.opts.SameThreshold, true
		case deny[i]:
			return f.denies(i, j), false
		default:
			return f.denies(j, i), false
		}
	}
	var out []candidate
	for _, c := range f.link(len(items), cand, compare) {
		if !c.conflict {
			continue
		}
		claim := func(x int) string {
			if in := f.info[items[x]]; deny[items[x]] {
				return fmt.Sprintf("says it is not so (“%s %s”)", in.negation, in.denied)
			}
			return "says it is so"
		}
		value := func(x int) string {
			if in := f.info[items[x]]; deny[items[x]] {
				return fmt.Sprintf("the opposite (“%s %s”)", in.negation, in.denied)
			}
			return "it is so"
		}
		camps := f.camps(c.members, cand, agree, claim, value)
		if len(camps) < 2 {
			continue
		}
		pt := f.point(story.KindFactual, "Whether", "", camps, 0.85, "%s say %s")
		pt.point.Topic = f.whetherTopic(camps, pt.point.Topic)
		// "Riverside Gazette denies (“not breached”) what North Star
		// Radio reports." reads better than two camps.
		var yes, no []string
		cue := ""
		for _, cp := range camps {
			for _, m := range cp.members {
				name := f.a.docs[f.a.cands[m].doc].Name
				if in := f.info[m]; deny[m] {
					no = append(no, name)
					if cue == "" {
						cue = in.negation + " " + in.denied
					}
				} else {
					yes = append(yes, name)
				}
			}
		}
		deny, report := "deny", "report"
		if len(no) == 1 {
			deny = "denies"
		}
		if len(yes) == 1 {
			report = "reports"
		}
		pt.point.Summary = fmt.Sprintf("%s %s (“%s”) what %s %s.", joinNames(no), deny, cue, joinNames(yes), report)
		out = append(out, pt)
	}
	return out
}

// asserts reports whether sentence j may assert what a denial of word
// denies: it is no question, and no negation of its own stands earlier in
// the clause of that word, if j has it ("she refused" at the end of
// "was offered the chance to resign …, and she refused" leaves "offered"
// asserted).
// ofOneSubject reports whether a denial and an assertion that say what
// someone is ("Professor Greaves was not responsible", "a former
// postdoctoral researcher was responsible") say it of the same subject;
// sentences that are not both such predications pass.
func (f *finder) ofOneSubject(i, j int) bool {
	ti, tj := f.a.cands[i].tokens, f.a.cands[j].tokens
	w := lemma(f.info[i].denied)
	ki := slices.IndexFunc(ti, func(t token) bool { return !t.punct && lemma(t.low) == w })
	kj := slices.IndexFunc(tj, func(t token) bool { return !t.punct && lemma(t.low) == w })
	if ki < 0 || kj < 0 || isPastVerb(ti[ki].low) {
		return true
	}
	si, sj := predicated(ti, ki), predicated(tj, kj)
	return len(si) == 0 || len(sj) == 0 || sharesStem(si, sj)
}

// predicated returns the content stems of the subject that a copula
// before ts[k] gives the word ("researcher" in "a former postdoctoral
// researcher was responsible"), or none when no copula stands there.
func predicated(ts []token, k int) []string {
	j := k - 1
	for j >= 0 && (negations[ts[j].low] || strings.HasSuffix(ts[j].low, "ly") || ts[j].low == "been" || ts[j].low == "not") {
		j--
	}
	if j < 1 || !copulas[ts[j].low] {
		return nil
	}
	var out []string
	for n := j - 1; n >= 0 && n >= j-4; n-- {
		t := ts[n]
		if t.punct || t.low == "that" || t.low == "who" || clauseOpeners[t.low] {
			break
		}
		if !stopWords[t.low] {
			out = append(out, stem(t.low))
		}
	}
	return out
}

func (f *finder) asserts(j int, word string) bool {
	ts := f.a.cands[j].tokens
	if strings.Contains(f.a.cands[j].text, "?") || asks(ts) || demandItem(f.a.cands[j].text) {
		return false
	}
	w := lemma(word)
	wanted := false
	for k, t := range ts {
		if t.punct || lemma(t.low) != w {
			continue
		}
		// "a ransom demand of £750,000, to be paid in cryptocurrency":
		// an infinitive says what was wanted, not what was done.
		if k >= 1 && ts[k-1].low == "to" || k >= 2 && ts[k-1].low == "be" && ts[k-2].low == "to" {
			wanted = true
			continue
		}
		// Even a negation negated() lets pass ("if no improved offer
		// was made") keeps the word from being asserted.
		for n := k - 1; n >= 0 && !ts[n].punct; n-- {
			if negations[ts[n].low] || clearingVerbs[ts[n].low] || ts[n].low == "if" || ts[n].low == "unless" {
				return false // nor does a condition assert ("if someone calls … and asks")
			}
		}
		return true
	}
	return !wanted && !f.info[j].negated
}

// demandItem reports whether a sentence is an item of a list that opens
// on a lower-case word ("- publish all air quality readings taken since
// Wednesday, in full;"): a campaign's demand or a fragment of a list,
// which asserts nothing a denial could answer.
func demandItem(text string) bool {
	rest := strings.TrimLeft(text, "-•*–— ")
	if len(rest) == len(text) || rest == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsLower(r)
}

// asks reports whether a sentence puts its clause as a question ("Asked
// whether the rebels would face disciplinary action, Antal said …"),
// which asserts nothing a denial could answer.
func asks(ts []token) bool {
	return slices.ContainsFunc(ts, func(t token) bool { return t.low == "whether" })
}

// denies reports whether negated sentence i denies what sentence j asserts.
func (f *finder) denies(i, j int) bool {
	// The denied phrase itself in the other sentence ("no dead fish"
	// against "thousands of dead fish") is evidence enough that both
	// talk about the same thing, however the rest is worded.
	if f.a.sim[i][j] > 0 && negators[strings.ToLower(f.info[i].negation)] && (f.deniesPhrase(i, j) || f.deniesNoun(i, j) || f.deniesClause(i, j) || f.deniesPassive(i, j)) {
		return true
	}
	// "One worker was still unaccounted for" against "all six staff
	// were accounted for": the state and its un- word answer one
	// question, however little else the sentences share.
	if f.info[i].negation == "un" && f.a.sim[i][j] >= f.e.opts.AlignThreshold/2 {
		return slices.ContainsFunc(f.a.cands[j].tokens, func(t token) bool { return t.low == f.info[i].denied })
	}
	sim, context := f.a.sim[i][j], f.info[i].deniedContext
	if p := f.antecedent(i); p >= 0 {
		sim, context = max(sim, f.a.sim[p][j]), append(slices.Clone(context), f.a.cands[p].terms...)
	}
	if sim < f.e.opts.AlignThreshold {
		return false
	}
	// "No passenger trains were in the area", "no direct flights": a
	// "no" before a modifier denies the thing it modifies, which the
	// rules above look for; "passengers" alone in the other sentence
	// ("3,000 passengers a day use the line") is not that thing.
	if f.modifierDenied(i) {
		return false
	}
	w := lemma(f.info[i].denied)
	found := false
	for _, t := range f.a.cands[j].tokens {
		if !t.punct && lemma(t.low) == w {
			found = true
		}
	}
	if !found {
		return false
	}
	// The words around the denial must be there too: "they will not
	// stay that way" does not deny "the deck stays stable".
	for _, t := range context {
		if t != w && slices.Contains(f.a.cands[j].terms, t) {
			return true
		}
	}
	return false
}

// antecedent returns the sentence a denial's "such" points back to, the
// one before it in its article ("NTA is aware of claims … that a train
// driver reported a problem on the viaduct. No such report was
// received."), or -1: that sentence says what is denied.
func (f *finder) antecedent(i int) int {
	ts := f.a.cands[i].tokens
	k := slices.IndexFunc(ts, func(t token) bool { return !t.punct && strings.EqualFold(t.text, f.info[i].negation) })
	if k < 0 || k+1 >= len(ts) || ts[k+1].low != "such" || i == 0 {
		return -1
	}
	if p := f.a.cands[i-1]; p.doc == f.a.cands[i].doc && p.index == f.a.cands[i].index-1 {
		return i - 1
	}
	return -1
}

// deniesPassive reports whether sentence i denies in the passive what
// sentence j asserts of the same subject: "the match was not abandoned"
// against "The match was abandoned".
func (f *finder) deniesPassive(i, j int) bool {
	ts := f.a.cands[i].tokens
	k := slices.IndexFunc(ts, func(t token) bool { return !t.punct && t.low == f.info[i].denied })
	if k < 3 || !isPastVerb(ts[k].low) || !negators[ts[k-1].low] && ts[k-1].low != "been" {
		return false
	}
	aux := k - 2
	if ts[k-1].low == "been" {
		aux = k - 3 // "has not been abandoned"
	}
	if aux < 1 || !beVerb(ts[aux].low) && ts[aux].low != "has" && ts[aux].low != "have" {
		return false
	}
	head := subjectHead(ts, aux)
	if head.punct || pronouns[head.low] || stopWords[head.low] {
		return false
	}
	other := f.a.cands[j].tokens
	for n, t := range other {
		if t.punct || lemma(t.low) != lemma(ts[k].low) {
			continue
		}
		if a := passiveAux(other, n); a > 0 && !negatedBefore(other, n) && stem(subjectHead(other, a).low) == stem(head.low) {
			return true
		}
	}
	return false
}

// modifierDenied reports whether sentence i's denial is "no" before a word
// that modifies a noun after it ("no passenger trains", "no air
// conditioning").
func (f *finder) modifierDenied(i int) bool {
	if !strings.EqualFold(f.info[i].negation, "no") {
		return false
	}
	ts := f.a.cands[i].tokens
	k := slices.IndexFunc(ts, func(t token) bool { return !t.punct && t.low == f.info[i].denied })
	if k < 0 || k+1 >= len(ts) {
		return false
	}
	// A plural is the head itself ("No passengers left the train").
	if strings.HasSuffix(ts[k].low, "s") {
		return false
	}
	next := ts[k+1]
	return !next.punct && !next.num && !stopWords[next.low] && len(next.low) > 2 && !isPastVerb(next.low)
}

// deniesNoun reports whether sentence i says there was "no" thing that a
// sentence j on the same subject says there was: a head of the noun phrase
// after "no" ("no confirmed cases of illness", "no safety warnings"), rare
// in the story, stands in j ("treated for stomach illness", "issued a
// written warning").
//
// The similarity floor is three quarters of the alignment threshold: a
// denial shares fewer words with what it denies than a rival version
// does. At half, a tuning story's denial was found ("no money had been
// paid and no frozen assets released" against "the release of 300 million
// crowns of … assets frozen"), but two fresh sets, never read, gained a
// false point each.
func (f *finder) deniesNoun(i, j int) bool {
	if f.a.sim[i][j] < f.e.opts.AlignThreshold*0.75 {
		return false
	}
	ts := f.a.cands[i].tokens
	head, end := deniedHead(ts)
	if head == "" {
		return false
	}
	st := stem(head)
	if len(head) < 4 || vagueNouns[head] || f.a.idf[st] < nearMinIDF ||
		!slices.ContainsFunc(f.a.cands[j].terms, func(t string) bool { return countClass(t) == countClass(st) }) {
		return false
	}
	// "No members of the public had been injured" denies an injury, not
	// members: where the noun is the subject of a passive, the other
	// sentence must have its verb too ("Our members spoke to residents"
	// does not say anyone was hurt).
	if verb := passiveAfter(ts, end+1); verb != "" {
		return slices.ContainsFunc(f.a.cands[j].tokens, func(t token) bool { return !t.punct && lemma(t.low) == verb })
	}
	return true
}

// deniedHead returns the head of the noun phrase after a sentence's "no"
// and its index, or "" where the "no" denies nothing that happened.
func deniedHead(ts []token) (head string, end int) {
	k := slices.IndexFunc(ts, func(t token) bool { return t.low == "no" })
	// "Make no mistake": an idiom that stresses, not a denial.
	if k < 0 || k > 0 && lemma(ts[k-1].low) == "make" {
		return "", 0
	}
	// The head: the phrase's last word, past an "of" ("cases of
	// illness" is about illness). Stopping at a gerund after the "of"
	// ("no intention of coming back") cost a point on a fresh set, whose
	// "no" phrase ran on into the thing denied.
	end = k
	for n := k + 1; n < len(ts) && n <= k+6 && !ts[n].punct; n++ {
		w := ts[n].low
		if w == "of" {
			continue
		}
		if stopWords[w] || ts[n].num {
			break
		}
		head, end = w, n
	}
	// "No office in Kessoria is above the law": a rule told in the
	// present, not a denial that something happened.
	for n := end + 1; n < len(ts) && n <= end+4 && !ts[n].punct; n++ {
		if ts[n].low == "is" || ts[n].low == "are" {
			return "", 0
		}
	}
	return head, end
}

// passiveAfter returns the lemma of the participle of a passive verb
// within a few words after k ("of the public had been injured"), or "".
func passiveAfter(ts []token, k int) string {
	for n := k; n < len(ts) && n <= k+5 && !ts[n].punct; n++ {
		// A passive ("had been injured"), by passiveAux's reading; not
		// "had arrived" ("no soldiers had arrived" denies soldiers, who
		// were deployed or not).
		if auxiliaryVerbs[ts[n].low] || !isPastVerb(ts[n].low) {
			continue
		}
		if passiveAux(ts, n) > 0 {
			return lemma(ts[n].low)
		}
		return "" // the noun's verb is active
	}
	return ""
}

var auxiliaryVerbs = wordSet("had have has was were been be is are")

// deniesClause reports whether sentence i says there is "no evidence"
// (or sign, or indication) of what sentence j asserts: two content words of
// the clause after it stand in j ("no evidence that residents' personal
// data had been taken" against "residents' personal data was stolen").
func (f *finder) deniesClause(i, j int) bool {
	ts := f.a.cands[i].tokens
	k := slices.IndexFunc(ts, func(t token) bool { return t.low == "no" })
	if k < 0 || k+2 >= len(ts) || !evidenceWords[ts[k+1].low] || ts[k+2].low != "that" && ts[k+2].low != "of" {
		return false
	}
	shared := 0
	for n := k + 3; n < len(ts) && n <= k+11 && !ts[n].punct; n++ {
		w := ts[n].low
		if stopWords[w] || len(w) < 4 || ts[n].num {
			continue
		}
		if slices.ContainsFunc(f.a.cands[j].terms, func(t string) bool { return foldStem(t) == foldStem(stem(w)) }) {
			shared++
		}
	}
	return shared >= 2
}

// vagueNouns name no thing a denial could be about ("no estimated time
// for reopening" denies nothing "by the time they got there" asserts).
var vagueNouns = wordSet("time times way ways thing things day days year years word words need chance idea matter point place figure figures number details timetable money plans plan limit limits intention sign signs choice choices option options alternative alternatives doubt")

var evidenceWords = wordSet("evidence sign signs indication suggestion proof")

// negators are the words that deny outright; a verb of refusing
// ("accused Putin of rejecting a full ceasefire") may do something else.
var negators = wordSet("not n't never no none nobody nothing neither nor")

// passingVerbs are the verbs of a thing passing to someone: a denial of
// one answers an assertion of another ("had never been given a formal
// warning" against "was handed a formal warning"), for who gives and who
// receives tell one fact.
var passingVerbs = foldTable(lemma, map[string]string{"give": "give gave given hand handed issue issued serve served receive received"})

func passingVerb(l string) string {
	if v, ok := passingVerbs[l]; ok {
		return v
	}
	return l
}

// deniesPhrase reports whether sentence j holds the two words a negation
// in sentence i denies, in order ("public consultation" of "there was no
// public consultation"), the second a noun-like content word.
func (f *finder) deniesPhrase(i, j int) bool {
	ts := f.a.cands[i].tokens
	k := slices.IndexFunc(ts, func(t token) bool { return !t.punct && t.low == f.info[i].denied })
	if k < 0 || k+1 >= len(ts) {
		return false
	}
	other := f.a.cands[j].tokens
	if next := phraseNext(ts, k); next > 0 {
		first, second := stem(ts[k].low), stem(ts[next].low)
		for n := 0; n+1 < len(other); n++ {
			if stem(other[n].low) == first && stem(other[n+1].low) == second {
				return true
			}
		}
	}
	// A verb and its object, said apart in the other sentence: "did not
	// pay a dividend in 2025" against "paid its shareholders a £64
	// million dividend in 2025". The object must be rare in the story.
	switch strings.ToLower(f.info[i].negation) {
	case "not", "n't", "never":
	default:
		return false // "no office …": a noun denied, which deniesNoun reads
	}
	// The object's head: the last word of the noun phrase straight after
	// the verb and its article ("the broader U.S. proposal" is about a
	// proposal, not about "broader").
	obj := ""
	for n := k + 1; n < len(ts) && n <= k+5 && !ts[n].punct; n++ {
		if n == k+1 && (determiners[ts[n].low] || ts[n].low == "any") {
			continue
		}
		if stopWords[ts[n].low] || ts[n].num || len(ts[n].low) < 3 {
			break
		}
		obj = stem(ts[n].low)
	}
	if obj == "" || f.a.idf[obj] < nearMinIDF || !slices.Contains(f.a.cands[j].terms, obj) {
		return false
	}
	verb := passingVerb(lemma(ts[k].low))
	return slices.ContainsFunc(other, func(t token) bool { return !t.punct && passingVerb(lemma(t.low)) == verb })
}

// phraseNext returns the index of the word that ts[k] modifies, or 0: the
// word after it, or the noun after a coordinated modifier ("no agency or
// replacement drivers" denies agency drivers).
func phraseNext(ts []token, k int) int {
	content := func(n int) bool {
		return n < len(ts) && !ts[n].punct && !stopWords[ts[n].low] && len(ts[n].low) >= 3
	}
	if content(k + 1) {
		return k + 1
	}
	if k+3 < len(ts) && (ts[k+1].low == "or" || ts[k+1].low == "nor" || ts[k+1].low == "and") && content(k+2) && content(k+3) {
		return k + 3
	}
	return 0
}

// framingPoints reports the same fact told with loaded words by some
// sources and plainly by others.
func (f *finder) framingPoints() []candidate {
	a := f.a
	threshold := f.e.opts.AlignThreshold + 0.05
	inItems := make(map[int]bool)
	var items []int
	for i := range a.cands {
		if len(f.info[i].loaded) == 0 {
			continue
		}
		for j := range a.cands {
			if a.cands[j].doc != a.cands[i].doc && len(f.info[j].loaded) == 0 && a.sim[i][j] >= threshold {
				for _, k := range []int{i, j} {
					if !inItems[k] {
						inItems[k] = true
						items = append(items, k)
					}
				}
			}
		}
	}
	slices.Sort(items)
	cand := func(x int) int { return items[x] }
	hot := func(x int) bool { return len(f.info[items[x]].loaded) > 0 }
	agree := func(x, y int) bool { return hot(x) == hot(y) }
	compare := func(x, y int) (bool, bool) {
		return a.sim[items[x]][items[y]] >= threshold, agree(x, y)
	}
	var out []candidate
	for _, c := range f.link(len(items), cand, compare) {
		if !c.conflict {
			continue
		}
		claim := func(x int) string {
			if hot(x) {
				return "calls it " + quotedList(f.info[items[x]].loaded)
			}
			return "plain wording"
		}
		value := func(x int) string {
			if hot(x) {
				return "loaded wording (" + quotedList(f.info[items[x]].loaded) + ")"
			}
			return "plain wording"
		}
		camps := f.camps(c.members, cand, agree, claim, value)
		if len(camps) >= 2 {
			out = append(out, f.point(story.KindFraming, "Wording", "", camps, 0.5, "%s use %s"))
		}
	}
	return out
}

// lowerInitial lower-cases the first letter of a clause that opens a
// heading, unless its first word is a name or an acronym ("MBC News").
func (f *finder) lowerInitial(clause string) string {
	first, _, _ := strings.Cut(clause, " ")
	if f.a.proper[strings.ToLower(first)] || len(first) > 1 && strings.ToUpper(first[:2]) == first[:2] {
		return clause
	}
	return strings.ToLower(clause[:1]) + clause[1:]
}

// readsAsWhether reports whether topic is a "Whether …" heading that
// reads (readableTopic).
func (f *finder) readsAsWhether(topic string) bool {
	return strings.HasPrefix(topic, "Whether ") && readableTopic(f.tagged(), topic)
}

// whetherTopic heads a negation point with the clause the asserting
// sentence states around the denied word: "Whether the levee was
// breached". fallback is used when no sentence gives one.
func (f *finder) whetherTopic(camps []camp, fallback string) string {
	for _, cp := range camps {
		for _, m := range cp.members {
			if f.info[m].negated {
				continue
			}
			for _, o := range camps {
				for _, n := range o.members {
					in := f.info[n]
					if !in.negated {
						continue
					}
					w := stem(in.denied)
					for _, t := range f.a.cands[m].tokens {
						if !t.punct && stem(t.low) == w {
							if topic := topicFor(f.tagged(), "whether", "", f.a.cands[m].text, t.text); f.readsAsWhether(topic) {
								return topic
							}
						}
					}
				}
			}
		}
	}
	// The asserting sentence's first clause, when it is short: "Whether
	// residents' personal data was stolen".
	for _, cp := range camps {
		for _, m := range cp.members {
			if f.info[m].negated {
				continue
			}
			clause, _, _ := strings.Cut(strings.TrimRight(f.a.cands[m].text, "."), ";")
			clause, _, _ = strings.Cut(clause, ", ")
			if topic := "Whether " + f.lowerInitial(clause); f.readsAsWhether(topic) && len(strings.Fields(clause)) <= 10 {
				return topic
			}
		}
	}
	// The denying sentence's first clause with its denial taken out:
	// "No tree preservation order was in force at the time" asks
	// "Whether any tree preservation order was in force at the time".
	for _, cp := range camps {
		for _, m := range cp.members {
			if !f.info[m].negated {
				continue
			}
			clause, _, _ := strings.Cut(strings.TrimRight(f.a.cands[m].text, "."), ";")
			clause, _, _ = strings.Cut(clause, ", ")
			if asked, ok := undenied(clause); ok && len(strings.Fields(asked)) <= 12 {
				if topic := "Whether " + f.lowerInitial(asked); f.readsAsWhether(topic) {
					return topic
				}
			}
		}
	}
	if f.readsAsWhether(fallback) || !strings.HasPrefix(fallback, "Whether ") {
		return fallback
	}
	return "Whether it happened"
}

// undenied returns a denying clause as the claim it denies, its one
// denial taken out: "was not offered" gives "was offered", "was never
// told" "was told", "No one was hurt" "anyone was hurt", "No passenger
// trains were in the area" "any passenger trains were in the area". ok is false when the clause denies in
// another way ("did not", whose verb would need its tense back, or two
// denials).
func undenied(clause string) (string, bool) {
	words := strings.Fields(clause)
	var out []string
	denials := 0
	for k, w := range words {
		low := strings.Trim(strings.ToLower(w), ",;:")
		switch {
		case low == "not" || low == "never":
			if k == 0 || strings.EqualFold(words[k-1], "did") || strings.EqualFold(words[k-1], "does") || strings.EqualFold(words[k-1], "do") {
				return "", false
			}
			denials++
		case k == 0 && (low == "no" || low == "none"):
			denials++
			if len(words) > 1 && strings.EqualFold(words[1], "one") {
				out = append(out, "anyone")
				words[1] = ""
			} else {
				out = append(out, "any")
			}
		case k == 0 && low == "nobody":
			denials++
			out = append(out, "anyone")
		case strings.HasSuffix(low, "n't") || low == "nobody" || low == "nothing" || low == "neither" || low == "nor":
			return "", false
		case w != "":
			out = append(out, w)
		}
	}
	if denials != 1 {
		return "", false
	}
	return strings.Join(out, " "), true
}
