package offline

import (
	"math"
	"regexp"
	"strings"

	"github.com/summarize/summarize/internal/story"
	"slices"
	"sort"
)

// withoutStamp returns a sentence's text without the live blog time stamp
// it may open on ("12:30 p.m. Reyes says…" gives "Reyes says…"): the stamp
// dates the update, and a brief sentence is not an update.
func withoutStamp(s *sentence) string {
	text := s.text
	if _, ok := stampOf(s.tokens); ok {
		text = stampPrefix.ReplaceAllString(text, "")
	}
	// A wire story's dateline ("PORT ALLAIR, Sept 18 (APS) - ") says
	// where and when it was filed, not what happened.
	if m := datelinePrefix.FindStringIndex(text); m != nil && m[1] < len(text) {
		rest := text[m[1]:]
		text = strings.ToUpper(rest[:1]) + rest[1:]
	}
	return text
}

var (
	stampPrefix    = regexp.MustCompile(`^[\[(*]*\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?[\])*]*\s*[—–:-]?\s*`)
	datelinePrefix = regexp.MustCompile(`^[A-Z][A-Z .'-]{2,}(,[^—–-]{0,40})?\s+[—–-]\s+`)
)

// details is what the dispute finder and the brief's attribution need to
// know about a sentence beyond its words.
type details struct {
	facts []fact
	names []name
	// correctedNext marks a sentence whose count the next sentence gives
	// its true version ("… the true number is nearly 400"; see
	// correctsBefore).
	correctedNext bool
	negated       bool
	negation      string // the word that negates
	denied        string // the word it denies
	// laterDenials are the sentence's further negations, each a cue
	// and the word it denies ("did not fail and was never switched
	// off"): tried when the first denies nothing another source
	// asserts.
	laterDenials [][2]string
	// deniedContext holds the content stems around the negation.
	deniedContext []string
	loaded        []string
}

// correctsBefore returns the count a sentence gives as the true version
// of the one its sentence before told ("The company claims 340 jobs are
// affected. … the true number is nearly 400"), when it counts nothing
// itself; details.correctedNext marks the sentence whose count it corrects.
func (a *analysis) correctsBefore(s *sentence) (fact, bool) {
	if _, ok := correction(s.tokens); !ok || s.index == 0 ||
		slices.ContainsFunc(extractFacts(s.tokens), func(f fact) bool { return strings.HasPrefix(f.key, "count:") }) {
		return fact{}, false
	}
	prev := a.all[s.doc][s.index-1].tokens
	before := extractFacts(prev)
	for k := len(before) - 1; k >= 0; k-- {
		if ft, ok := corrected(s.tokens, before[k]); ok {
			ft.way = jobWay(prev, before[k])
			return ft, true
		}
	}
	return fact{}, false
}

// correctedBy marks as corrected the facts of a sentence, ts, that tells
// another's figure ("The council says", "Council chiefs insist") whose
// kind the next sentence gives the true version of ("The council says the
// scheme will cost £14.6m. Our analysis puts the real figure at £18.2m"),
// as truerFigure does within one sentence.
func correctedBy(facts []fact, ts, next []token) {
	if !slices.ContainsFunc(ts, func(t token) bool { return reportingVerbs[t.low] || claimingVerbs[t.low] }) {
		return
	}
	if truePhrase(next, correctedNouns, correctedSums) < 0 {
		return // the common case, before the next sentence's facts are read
	}
	key, _ := truerKey(next, extractFacts(next))
	if key == "" {
		return
	}
	for k := range facts {
		if facts[k].key == key {
			facts[k].corrected = true
		}
	}
}

func (a *analysis) details() []details {
	out := make([]details, len(a.cands))
	proper := func(w string) bool { return a.proper[w] }
	for i, s := range a.cands {
		d := &out[i]
		if !retraction(s.tokens) {
			d.facts = slices.DeleteFunc(extractFacts(s.tokens), func(ft fact) bool {
				return negatedFigure(s.tokens, ft.surface) || ongoingSpan(s.tokens, ft) || notASpan(s.tokens, ft)
			})
			if ft, ok := a.correctsBefore(s); ok {
				d.facts = append(d.facts, ft)
			}
			if all := a.all[s.doc]; s.index+1 < len(all) {
				_, d.correctedNext = a.correctsBefore(all[s.index+1])
				correctedBy(d.facts, s.tokens, all[s.index+1].tokens)
			}
		}
		for k := range d.facts {
			// A tally's verb ("voted by", "approved by", "backed by")
			// says nothing of which vote it is.
			if d.facts[k].key != "vote" {
				d.facts[k].slot = slotOf(s.tokens, d.facts[k].surface)
			}
			if d.facts[k].key == "money" {
				d.facts[k].whole = sumScope(s.tokens, d.facts[k])
				d.facts[k].deal = moneyVerb(s.tokens, d.facts[k].surface)
				d.facts[k].per = perOf(s.tokens, d.facts[k].surface)
			}
			d.facts[k].near = nearOf(s.tokens, d.facts[k].surface)
			if d.facts[k].key == "percent" {
				// A share's verb says which way it went, not what
				// it measures: "shares rose 3 per cent" and
				// "profits rose by 9 per cent" are two figures.
				d.facts[k].near = slices.DeleteFunc(d.facts[k].near, func(w string) bool { return changeStems[w] })
			}
			if !d.facts[k].timing() {
				d.facts[k].year = yearNear(s.tokens, d.facts[k].surface)
			}
			if strings.HasPrefix(d.facts[k].key, "count:") {
				d.facts[k].whole = scopeOf(s.tokens, d.facts[k])
				d.facts[k].state = stateOf(s.tokens, d.facts[k])
				d.facts[k].key = harmKey(d.facts[k])
				d.facts[k].owner = ownerOf(s.tokens, d.facts[k], proper)
				if d.facts[k].way == 0 {
					d.facts[k].way = jobWay(s.tokens, d.facts[k])
				}
			}
			if d.facts[k].key == "duration" {
				d.facts[k].span = spanOf(s.tokens, d.facts[k])
				d.facts[k].spent = spentIn(s.tokens, d.facts[k])
			}
			if d.facts[k].timing() {
				d.facts[k].until = endPoint(s.tokens, d.facts[k])
			}
		}
		d.names = extractNames(s.tokens, proper)
		d.negated, d.negation, d.denied = negated(s.tokens)
		d.laterDenials = laterDenials(s.tokens)
		d.loaded = loaded(s.tokens)
		if d.negated {
			d.deniedContext = denialContext(s.tokens)
		}
	}
	return out
}

// retraction reports whether a sentence tells what its own outlet said
// before ("In our 23:14 update we reported eight abstentions", "An
// earlier version of this article gave the toll as 480"): its figures are
// ones the outlet has withdrawn, not a side it takes.
func retraction(ts []token) bool {
	// "Strathmoor now says 143 passengers were on board, not about 90
	// as we reported earlier" corrects: it stands by its new figure.
	if slices.ContainsFunc(ts, func(t token) bool { return t.low == "now" || t.low == "correction" }) {
		return false
	}
	for k, t := range ts {
		next := func(n int) string {
			if k+n < len(ts) {
				return ts[k+n].low
			}
			return ""
		}
		switch {
		case t.low == "we" && (ownReports[next(1)] || next(1) == "had" && ownReports[next(2)] || next(1) == "originally" && ownReports[next(2)]):
			return true
		case (t.low == "our" || t.low == "an" || t.low == "this") && (next(1) == "earlier" || next(1) == "previous") &&
			(next(2) == "update" || next(2) == "version" || next(2) == "report" || next(2) == "post"):
			return true
		}
	}
	return false
}

// negatedFigure reports whether a figure stands right after "not" ("Three
// people, not two, were taken to hospital"): the sentence rejects it.
func negatedFigure(ts []token, surface string) bool {
	want := scanTokens(surface)
	for k := 1; len(want) > 0 && k < len(ts); k++ {
		if ts[k].text != want[0].text {
			continue
		}
		p := k - 1
		if p > 0 && hedgeBefore(ts, k) == approx {
			p-- // "not about 90"
		}
		if ts[p].low == "not" || ts[p].low == "rather" && p > 0 && ts[p-1].low == "and" {
			return true
		}
	}
	return false
}

// assertsElsewhere reports whether document d, whose sentence j reports
// denial i ("the practice said it had not paid"), asserts what i denies in
// another sentence of its own ("a smaller sum was paid, a source says"):
// it tells the denial as another's word, so is not cited for it.
func (b *briefing) assertsElsewhere(i, d, j int) bool {
	in := b.info[i]
	if !in.negated || in.denied == "" {
		return false
	}
	if b.asserted == nil {
		b.asserted = b.assertedWords()
	}
	return slices.ContainsFunc(b.asserted[d][lemma(in.denied)], func(k int) bool { return k != j })
}

// assertedWords indexes, per document, up to two sentences that use each
// word (by lemma) and deny nothing.
func (b *briefing) assertedWords() []map[string][]int {
	out := make([]map[string][]int, len(b.a.docs))
	for d := range b.a.docs {
		out[d] = make(map[string][]int)
		for _, k := range b.a.byDoc[d] {
			if b.info[k].negated {
				continue
			}
			for _, t := range b.a.cands[k].tokens {
				// Two sentences of a word are enough to know that one
				// other than any given sentence uses it.
				if w := lemma(t.low); !t.punct && len(out[d][w]) < 2 && !slices.Contains(out[d][w], k) {
					out[d][w] = append(out[d][w], k)
				}
			}
		}
	}
	return out
}

// otherKind reports whether sentence y, close to x, says a thing of x's is
// of another kind: the same noun with another modifier, x's modifier
// nowhere in y ("Ferenc will become finance minister" against "Ferenc
// will become deputy prime minister and foreign minister"; "the east
// stand" against "the north stand"). y then does not report x.
func otherKind(x, y []token) bool {
	content := func(t token) bool { return !t.punct && !t.num && !stopWords[t.low] && len(t.low) >= 3 }
	inY := make(map[string]bool)
	for _, t := range y {
		inY[stem(t.low)] = true
	}
	for k := 0; k+1 < len(x); k++ {
		mod, head := x[k], x[k+1]
		if !content(mod) || !content(head) || mod.capital || inY[stem(mod.low)] {
			continue
		}
		for n := 1; n < len(y); n++ {
			if stem(y[n].low) == stem(head.low) && content(y[n-1]) && !y[n-1].capital {
				return true
			}
		}
	}
	return false
}

// otherName reports whether sentence y, close to x, names another place
// where x names a place, or another person or body where x names one,
// and neither names the other's: "investigators are focusing on a cooling
// tower at the Delacourt Packaging plant" is not vouched for by "… at the
// Fenlow Cold Storage depot".
func otherName(x, y details) bool {
	for _, n := range x.names {
		if slices.ContainsFunc(y.names, n.sameEntity) {
			continue
		}
		for _, m := range y.names {
			if m.place == n.place && !slices.ContainsFunc(x.names, m.sameEntity) {
				return true
			}
		}
	}
	return false
}

var ownReports = wordSet("reported said gave stated wrote put misreported")

// reports tells whether sentence y, aligned with x, reports what x says:
// it does not deny what x asserts (or the reverse), and it states every
// figure x states, with a value that agrees. A sentence that reports the
// call but not its "30-day" duration does not vouch for the duration.
func reports(x, y details) bool {
	if x.negated != y.negated {
		return false
	}
	for _, f := range x.facts {
		agree := false
		for _, g := range y.facts {
			if f.key == g.key && f.agrees(g) {
				agree = true
			}
		}
		if !agree {
			return false
		}
	}
	return true
}

// Brief returns a neutral brief merged from docs, fair to the disputed
// points given (see settle), in these steps:
//   - rank: centrality across sources (LexRank where an edge between two
//     sources weighs more than one inside a source), readability and
//     position;
//   - supportOf: for each sentence, the sentence of each other source that
//     reports the same thing (figures agreeing);
//   - pick: MMR against redundancy with a bonus for sources not yet heard,
//     to the target length;
//   - giveEveryVoice: every source with something central gets a sentence;
//   - inReadingOrder: sentences by relative position in their articles,
//     which keeps the news-style lead first;
//   - attribute: each sentence cited to every source that reports it,
//     quoting the equivalent with the least loaded wording;
//   - settle: the disputed points the brief touches.
func (e *Engine) Brief(docs []Doc, points []story.Point) ([]Attributed, error) {
	d, err := e.Draft(docs, points)
	if err != nil || d == nil {
		return nil, err
	}
	return d.Brief(nil), nil
}

// A Draft is a story analysed for its brief: what every brief of it
// shares (the story's sentences ranked, and for each the sentence of every
// other source that reports it), so that the brief can be made again,
// avoiding sentences a caller's checks left citing nobody, without the
// story being analysed again. A Draft is for one goroutine at a time.
type Draft struct {
	b      *briefing
	stale  []bool // before any sentence is avoided
	points []story.Point
}

// Draft analyses docs for their brief, fair to the points given; nil when
// the story has no sentence to brief.
func (e *Engine) Draft(docs []Doc, points []story.Point) (*Draft, error) {
	a, info, _, err := e.scoped(docs)
	if err != nil {
		return nil, err
	}
	if len(a.cands) == 0 {
		return nil, nil
	}
	b := &briefing{e: e, a: a, info: info}
	f := &finder{e: e, a: a, info: b.info}
	f.year = storyYear(a)
	stale := f.withdrawn()
	for i, s := range a.cands {
		stale[i] = stale[i] || outOfContext(s) || outletVoice(s.tokens)
	}
	b.rank()
	b.supportOf()
	return &Draft{b: b, stale: stale, points: points}, nil
}

// Brief makes the brief, leaving out the sentences whose brief text is in
// avoid (see Engine.Brief).
func (d *Draft) Brief(avoid []string) []Attributed {
	b, a := d.b, d.b.a
	b.chosen, b.words, b.avoid = nil, 0, avoid
	b.stale = slices.Clone(d.stale)
	for i, s := range a.cands {
		b.stale[i] = b.stale[i] || slices.Contains(avoid, withoutStamp(s))
	}
	b.pick()
	b.giveEveryVoice()
	b.inReadingOrder()
	return b.e.settle(b.attribute(), b.spares(), avoid, d.points, a.docs, a.idf)
}

// outOfContext reports whether a sentence cannot stand in a brief away
// from the sentences around it: it opens on a pronoun whose referent the
// sentence before held ("She said savings … would reach £30 million",
// "It employs about 6,800 people"), or it opens a quotation that it does
// not close ("\"Half the turnstiles weren't working.").
func outOfContext(s *sentence) bool {
	if len(s.tokens) > 0 && referringOpeners[s.tokens[0].low] || bothAsPronoun(s.tokens) {
		return true
	}
	return strings.Count(s.text, "\"")%2 == 1 || strings.Count(s.text, "“") != strings.Count(s.text, "”")
}

// outletVoice reports whether a sentence speaks as its outlet, outside
// any quotation ("We're getting reports that …", "our volunteers
// counted", "Residents told us"): in a brief merged from many outlets "we"
// names nobody. A version the brief owes is still told in such words,
// cited to its outlet (see settle).
func outletVoice(ts []token) bool {
	quoted := false
	for _, t := range ts {
		if isQuote(t.text) {
			quoted = !quoted
			continue
		}
		if !quoted && outletPronouns[t.low] {
			return true
		}
	}
	return false
}

var outletPronouns = wordSet("we our us we're we've ours ourselves")

var referringOpeners = wordSet("he she it they his her its their this these those him them instead")

// bothAsPronoun reports whether a sentence opens on "both" standing for
// people named before it ("Both are in a stable condition"), not on "both"
// before its noun ("Both of the tram's carriages", "Both drivers").
func bothAsPronoun(ts []token) bool {
	return len(ts) > 1 && ts[0].low == "both" && (auxiliaryVerbs[ts[1].low] || isPastVerb(ts[1].low))
}

// Tuning of the brief, set on the examples and the seeds.
const (
	// sameSourceEdge scales LexRank's edge between two sentences of one
	// source: a fact every outlet reports should outrank one an outlet
	// repeats.
	sameSourceEdge = 0.3
	// leadBonus and leadSlope weigh a sentence by its position in its
	// article: 1.15 at the top to 0.85 at the bottom, as news puts what
	// matters first.
	leadBonus, leadSlope = 1.15, 0.3
	// loadedPenalty lowers a sentence with loaded wording, so that a plain
	// telling of the same fact is preferred.
	loadedPenalty = 0.8
	// maxOverlap is the similarity above which a sentence repeats one
	// already chosen and is skipped (near-duplicate leads of each outlet).
	maxOverlap = 0.5
	// freshBonus rewards a sentence for each source not yet heard.
	freshBonus = 0.15
)

// buriedFrom is the index of an article's first sentence past what its
// writer put first (the headline, the lead and the second sentence, the
// "nut graf"): a lead is vouched for only by another article's opening.
const buriedFrom = 3

// briefing is the state of one Brief call.
type briefing struct {
	e       *Engine
	a       *analysis
	info    []details
	rel     []float64 // relevance, top = 1
	support [][]int   // per sentence, per source: the sentence that reports it, or -1
	chosen  []int
	taken   []bool
	stale   []bool // withdrawn figures (finder.withdrawn), out of context, or avoided
	covered []bool // per source: heard in the brief
	words   int
	avoid   []string // see Draft.Brief
	// asserted indexes the undenied words of each document's
	// sentences (see assertedWords), built on first use.
	asserted []map[string][]int
}

func (b *briefing) rank() {
	a := b.a
	all := make([]int, len(a.cands))
	for i := range all {
		all[i] = i
	}
	scores := a.lexRank(all, func(i, j int) float64 {
		if a.cands[i].doc == a.cands[j].doc {
			return sameSourceEdge
		}
		return 1
	})
	b.rel = make([]float64, len(a.cands))
	var maxRel float64
	for i, s := range a.cands {
		pos := float64(s.index) / float64(len(a.all[s.doc]))
		r := scores[i] * readability(s) * (leadBonus - leadSlope*pos)
		if len(b.info[i].loaded) > 0 {
			r *= loadedPenalty
		}
		b.rel[i] = r
		maxRel = math.Max(maxRel, r)
	}
	for i := range b.rel {
		b.rel[i] /= maxRel
	}
}

func (b *briefing) supportOf() {
	a := b.a
	b.support = make([][]int, len(a.cands))
	tenses := make([]tense, len(a.cands))
	for i, s := range a.cands {
		tenses[i] = tenseOf(s.tokens)
	}
	for i, s := range a.cands {
		// An article's lead carries what it puts first: another article
		// that tells the same only further down leads with something
		// else, and is not credited with this lead (see buried).
		lead := len(a.byDoc[s.doc]) > 0 && a.byDoc[s.doc][0] == i && s.index <= 1
		b.support[i] = make([]int, len(a.docs))
		// A preview is not vouched for by its outcome, nor the
		// reverse (see outcomeOf).
		for d := range a.docs {
			b.support[i][d] = -1
			if d == s.doc {
				b.support[i][d] = i
				continue
			}
			best, bestSim := -1, b.e.opts.SameThreshold
			for _, j := range a.byDoc[d] {
				if lead && a.cands[j].index >= buriedFrom {
					continue
				}
				if a.sim[i][j] >= bestSim && reports(b.info[i], b.info[j]) && !otherKind(s.tokens, a.cands[j].tokens) && !otherName(b.info[i], b.info[j]) && !b.assertsElsewhere(i, d, j) &&
					!outcomeOf(tenses[i], tenses[j]) && !outcomeOf(tenses[j], tenses[i]) {
					best, bestSim = j, a.sim[i][j]
				}
			}
			b.support[i][d] = best
		}
	}
}

func (b *briefing) take(i int) {
	b.taken[i] = true
	b.chosen = append(b.chosen, i)
	b.words += b.a.cands[i].words
	for d, j := range b.support[i] {
		if j >= 0 {
			b.covered[d] = true
		}
	}
}

func (b *briefing) pick() {
	a, opts := b.a, b.e.opts
	b.taken = make([]bool, len(a.cands))
	b.covered = make([]bool, len(a.docs))
	target := (opts.BriefMinWords + opts.BriefMaxWords) / 2
	lambda := opts.Redundancy
	for b.words < target {
		best, bestScore := -1, math.Inf(-1)
		for i, s := range a.cands {
			if b.taken[i] || b.stale[i] || b.words+s.words > opts.BriefMaxWords {
				continue
			}
			var overlap float64
			for _, c := range b.chosen {
				overlap = math.Max(overlap, a.sim[i][c])
			}
			if overlap > maxOverlap {
				continue
			}
			fresh := 0
			for d, j := range b.support[i] {
				if j >= 0 && !b.covered[d] {
					fresh++
				}
			}
			score := lambda*b.rel[i] - (1-lambda)*overlap + freshBonus*float64(fresh)/float64(len(a.docs))
			if score > bestScore {
				best, bestScore = i, score
			}
		}
		if best < 0 {
			break
		}
		b.take(best)
	}
}

// giveEveryVoice gives every source with something central a voice: its
// best sentence joins if it fits, or replaces the weakest sentence whose
// sources are all heard elsewhere.
func (b *briefing) giveEveryVoice() {
	a, opts := b.a, b.e.opts
	median := medianOf(b.rel)
	for d := range a.docs {
		if b.covered[d] {
			continue
		}
		cand := -1
		for _, i := range a.byDoc[d] {
			if b.taken[i] || b.stale[i] || b.rel[i] < median {
				continue
			}
			if cand < 0 || b.rel[i] > b.rel[cand] {
				cand = i
			}
		}
		if cand < 0 {
			continue
		}
		if b.words+a.cands[cand].words <= opts.BriefMaxWords {
			b.take(cand)
			continue
		}
		drop := -1
		for k, c := range b.chosen {
			if !alsoHeard(c, b.chosen, b.support) {
				continue
			}
			after := b.words - a.cands[c].words + a.cands[cand].words
			if after > opts.BriefMaxWords || after < min(opts.BriefMinWords, b.words) {
				continue
			}
			if drop < 0 || b.rel[c] < b.rel[b.chosen[drop]] {
				drop = k
			}
		}
		if drop >= 0 {
			b.words += a.cands[cand].words - a.cands[b.chosen[drop]].words
			b.chosen[drop] = cand
			b.taken[cand] = true
			b.covered[d] = true
		}
	}
}

func (b *briefing) inReadingOrder() {
	a := b.a
	sort.SliceStable(b.chosen, func(x, y int) bool {
		sx, sy := a.cands[b.chosen[x]], a.cands[b.chosen[y]]
		px := float64(sx.index) / float64(len(a.all[sx.doc]))
		py := float64(sy.index) / float64(len(a.all[sy.doc]))
		if px != py {
			return px < py
		}
		if sx.doc != sy.doc {
			return sx.doc < sy.doc
		}
		return sx.index < sy.index
	})
}

func (b *briefing) attribute() []Attributed {
	out := make([]Attributed, 0, len(b.chosen))
	for _, c := range b.chosen {
		out = append(out, b.attributed(c))
	}
	return out
}

// maxSpares bounds the spare sentences settle may draw on: a brief is
// under ten sentences, so twenty leave room however many it must cut.
const maxSpares = 20

// spares returns, best ranked first, the sentences pick left out that
// repeat neither a chosen sentence nor each other, attributed: what
// settle refills the brief with when being fair to a point cost it
// sentences.
func (b *briefing) spares() []Attributed {
	a := b.a
	order := make([]int, 0, len(a.cands))
	for i := range a.cands {
		if !b.taken[i] && !b.stale[i] {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(x, y int) bool { return b.rel[order[x]] > b.rel[order[y]] })
	var kept []int
	for _, i := range order {
		if len(kept) == maxSpares {
			break
		}
		if slices.ContainsFunc(b.chosen, func(c int) bool { return a.sim[i][c] > maxOverlap }) ||
			slices.ContainsFunc(kept, func(c int) bool { return a.sim[i][c] > maxOverlap }) {
			continue
		}
		kept = append(kept, i)
	}
	out := make([]Attributed, len(kept))
	for k, i := range kept {
		out[k] = b.attributed(i)
	}
	return out
}

// attributed is candidate c cited to every source that reports it,
// quoting the equivalent with the least loaded wording.
func (b *briefing) attributed(c int) Attributed {
	a := b.a
	quote := c
	for _, j := range b.support[c] {
		if j >= 0 && len(b.info[j].loaded) < len(b.info[quote].loaded) && !slices.Contains(b.avoid, withoutStamp(a.cands[j])) {
			quote = j
		}
	}
	at := Attributed{Text: withoutStamp(a.cands[quote]), weight: b.rel[c]}
	at.Sources = append(at.Sources, a.docs[a.cands[quote].doc].ID)
	for d, j := range b.support[c] {
		if j >= 0 && d != a.cands[quote].doc {
			at.Sources = append(at.Sources, a.docs[d].ID)
		}
	}
	return at
}

// alsoHeard reports whether every source supporting chosen sentence c is
// supported by another chosen sentence too, so dropping c silences no one.
func alsoHeard(c int, chosen []int, support [][]int) bool {
	for d, j := range support[c] {
		if j < 0 {
			continue
		}
		heard := false
		for _, o := range chosen {
			if o != c && support[o][d] >= 0 {
				heard = true
				break
			}
		}
		if !heard {
			return false
		}
	}
	return true
}

func medianOf(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
