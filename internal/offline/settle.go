package offline

import (
	"slices"
	"strings"
	"unicode"

	"github.com/summarize/summarize/internal/story"
)

// The brief is fair to what the sources dispute. For every disputed point a
// brief sentence touches (it quotes a position, or states one position's
// value), the brief
//   - cites no source for a value that source disputes: a source with a
//     position on the point whose version the sentence does not state is
//     dropped from that sentence's citations;
//   - gives every version with its sources, one sentence each, right
//     after: "Harbor Daily reports that the closure will last six weeks.
//     [Harbor Daily] Valley Ledger reports that the bridge will be shut for
//     two months. [Valley Ledger]" Each version is told in the words of a
//     sentence its own source wrote; when one cannot be (no clause to
//     quote, or a position that is not a value, such as a denial or a
//     wording), the brief instead gives, verbatim, the sentence of each
//     version it does not state, cited to the source that wrote it.
// Framing points count as disputed: a brief that takes one source's loaded
// words gives the other wording too. Once the brief is cut to length, every
// point it still states from some sides only is mended: told whole, or its
// sentences taken out (see complete).
// It then leads with the sentence most sources agree on that touches no
// disputed point.

// A version is one camp of a disputed point: the sources that state the
// same value, and the position that words it.
type version struct {
	sources []string // doc IDs, in canonical order
	pos     story.Position
	quotes  map[string]string // each source's quote
	claims  []string          // every claim of the camp, folded
	marks   map[string]bool   // see markVersions
}

// versionsOf groups a point's positions into camps: two positions are one
// camp when their claims are the same text, or the same figure once
// normalized ("30-day" and "month-long").
func versionsOf(p story.Point) []version {
	var out []version
	for _, pos := range p.Positions {
		claim := strings.ToLower(strings.TrimSpace(pos.Claim))
		joined := false
		for k := range out {
			// Compared as written: "March 3" is a date, "march 3" is not.
			if sameValue(strings.TrimSpace(out[k].pos.Claim), strings.TrimSpace(pos.Claim)) {
				if !slices.Contains(out[k].sources, pos.Source) {
					out[k].sources = append(out[k].sources, pos.Source)
					out[k].quotes[pos.Source] = pos.Quote
				}
				out[k].claims = append(out[k].claims, claim)
				joined = true
				break
			}
		}
		if !joined {
			out = append(out, version{sources: []string{pos.Source}, pos: pos, claims: []string{claim}, quotes: map[string]string{pos.Source: pos.Quote}})
		}
	}
	return out
}

func sameValue(x, y string) bool {
	if x == y {
		return true
	}
	tx, ty := scanTokens(x), scanTokens(y)
	fx, fy := extractFacts(tx), extractFacts(ty)
	if len(fx) == 0 && len(fy) == 0 {
		// Doers and causes worded differently: "the night security
		// guard" and "the site's night security guard, Pavel Nowak".
		return sharesWord(tx, ty)
	}
	if len(fx) == 0 || len(fy) == 0 {
		return false
	}
	for _, f := range fx {
		for _, g := range fy {
			if f.key == g.key && f.agrees(g) {
				return true
			}
		}
	}
	return false
}

// sharesWord reports whether two claims without figures share a word of
// weight, leaving out the words the engine itself uses to word positions
// ("says it is so", "plain wording", "calls it").
func sharesWord(x, y []token) bool {
	words := func(ts []token) map[string]bool {
		m := make(map[string]bool)
		for _, t := range ts {
			if !t.punct && len(t.low) >= 4 && !stopWords[t.low] && !claimWords[t.low] {
				m[stem(t.low)] = true
			}
		}
		return m
	}
	wx, wy := words(x), words(y)
	for w := range wx {
		if wy[w] {
			return true
		}
	}
	return false
}

var claimWords = wordSet("says said gives calls wording plain reports uses critical favourable loaded lead leads with written before after outcome")

// states reports whether sentence text states version v: it is one of
// the camp's quotes, or it holds one of its claims where a claim is a value
// worth looking for (a figure or a name, not "plain wording").
func (v version) states(text string, quotes map[string]bool) bool {
	return v.statesAsWritten(text, quotes) || statesFigure(text, v.pos.Claim) || v.marksIn(text) >= statedMarks || v.retells(text)
}

// retoldWords is how many words of weight a sentence must share with a
// version's quote to retell it when it gives the version's small count
// of another noun: "paramedics have treated three people at the scene,
// and one woman has been taken to hospital as a precaution" retells
// "Paramedics treated three passengers …, and one woman was taken to
// hospital as a precaution" (five shared), while a sentence that only
// shares the story's words with it ("three people", "hospital") does not.
const retoldWords = 3

// retells reports whether text gives v's head count, however small and
// of whatever noun, in a sentence that tells what one of v's quotes
// tells (retoldWords).
func (v version) retells(text string) bool {
	cf := extractFacts(scanTokens(v.pos.Claim))
	if len(cf) == 0 || !strings.HasPrefix(cf[0].key, "count:") {
		return false
	}
	tt := scanTokens(text)
	if !slices.ContainsFunc(extractFacts(tt), func(g fact) bool { return strings.HasPrefix(g.key, "count:") && cf[0].states(g) }) {
		return false
	}
	mine := make(map[string]bool)
	for _, w := range contentTerms(tt) {
		mine[w] = true
	}
	for _, q := range v.quotes {
		shared := make(map[string]bool)
		for _, w := range contentTerms(scanTokens(q)) {
			if mine[w] {
				shared[w] = true
			}
		}
		if len(shared) >= retoldWords {
			return true
		}
	}
	return false
}

// statedMarks is how many of a version's marks (see markVersions) a
// sentence must hold to state it in other words: "ran aground in thick
// fog" states "the ship straying off course in thick fog". One mark is a
// mention ("voices"), not a telling.
const statedMarks = 2

// marksIn counts the marks of v that text holds.
func (v version) marksIn(text string) int {
	seen := make(map[string]bool)
	for _, t := range scanTokens(text) {
		if st := stem(t.low); !t.punct && v.marks[st] {
			seen[st] = true
		}
	}
	return len(seen)
}

// statesAsWritten is states without figures in other words: one of the
// camp's quotes, or one of its claims as written.
func (v version) statesAsWritten(text string, quotes map[string]bool) bool {
	if quotes[text] {
		return true
	}
	low := strings.ToLower(text)
	for _, c := range v.claims {
		// A place claim is "in Jeddah"; the sentence may say "at".
		if valueLike(c) && strings.Contains(low, strings.TrimPrefix(c, "in ")) {
			return true
		}
		// A cause or a doer is "a power cut"; the sentence may say "a
		// storm-related power cut". Without its article a claim must
		// keep two words, or it would be found in every sentence
		// ("a fire").
		if bare := withoutArticle(c); bare != c && valueLike(c) && len(strings.Fields(bare)) >= 2 && strings.Contains(low, bare) {
			return true
		}
	}
	return false
}

// withoutArticle drops a claim's leading article.
func withoutArticle(c string) string {
	for _, a := range []string{"a ", "an ", "the "} {
		if rest, ok := strings.CutPrefix(c, a); ok {
			return rest
		}
	}
	return c
}

// statesFigure reports whether text gives the figure of claim in its own
// words: "the school's 1,150 students" states "1,150 pupils", "£4.2m"
// states "£4.2 m". Counts must be of some size, since "two" or "three" of
// something stand in many sentences about other things, unless they count
// the same noun ("11 deputies" states "11 Liberal Centre deputies"), and
// a measure states only a measure (see isMeasure).
func statesFigure(text, claim string) bool {
	cf := extractFacts(scanTokens(claim))
	if len(cf) == 0 {
		return false
	}
	kind := func(f fact) string { k, _, _ := strings.Cut(f.key, ":"); return k }
	for _, g := range extractFacts(scanTokens(text)) {
		for _, f := range cf {
			if kind(f) != kind(g) || !f.states(g) || kind(f) == "count" && (f.hi < minStatedCount || isMeasure(f.key) || isMeasure(g.key)) && f.key != g.key ||
				!asClose(f, g) {
				continue
			}
			return true
		}
	}
	return false
}

// asClose reports whether a date or a time of day g tells f as closely
// as f is told, within it: "in March" does not state "March 3", nor
// "7.05am" "6.50am" (a relative slack on a day of the year or an hour
// would let them).
func asClose(f, g fact) bool {
	if f.key != "monthday" && f.key != "clock" {
		return true
	}
	const eps = 1e-9
	return g.lo >= f.lo-eps && g.hi <= f.hi+eps
}

// isMeasure reports whether a count's key is of a measure in units (a
// length, a weight, a volume), which states only a measure of the same
// kind: "about 40 km west" does not state "40,000 people".
func isMeasure(key string) bool {
	return key == distanceKey || key == massKey || key == volumeKey
}

// statesCount is statesFigure for a claim that is a head count.
func statesCount(text, claim string) bool {
	cf := extractFacts(scanTokens(claim))
	return len(cf) > 0 && strings.HasPrefix(cf[0].key, "count:") && statesFigure(text, claim)
}

// minStatedCount is the least count statesFigure matches by value alone.
const minStatedCount = 20

// voices reports whether sentence text states version v, or says it in
// other words: it holds a word that sets v apart (see markVersions).
func (v version) voices(text string, quotes map[string]bool) bool {
	// A sum in other words is not enough to call a sentence reported
	// speech of a rival version ("an increase of 25%" may be anyone's
	// sum); a head count is ("the Rivers Agency's figure of 4,000 dead
	// fish is a serious undercount").
	if v.statesAsWritten(text, quotes) || statesCount(text, v.pos.Claim) {
		return true
	}
	for _, t := range scanTokens(text) {
		if !t.punct && v.marks[stem(t.low)] {
			return true
		}
	}
	return false
}

// markMinIDF keeps a version's marks to words found in at most one
// sentence in eleven (idf = ln(1 + n/df)): a commoner word ("ship" in a
// ferry story) would mark a version in sentences that only mention it.
const markMinIDF = 2.5

// markVersions gives each version of a point the words that set it apart,
// so that a sentence saying it in other words is known to state it ("the
// ship lost steering" states "a loss of power to the steering gear"): the
// content words of its claims that no other version's claims use and that
// are rare in the story (idf at least markMinIDF). Figures are left to
// their values.
func markVersions(vs []version, idf map[string]float64) {
	words := make([]map[string]bool, len(vs))
	for k, v := range vs {
		words[k] = make(map[string]bool)
		for _, c := range v.claims {
			ts := scanTokens(c)
			if len(extractFacts(ts)) > 0 {
				continue
			}
			for _, t := range ts {
				if !t.punct && len(t.low) >= 3 && !stopWords[t.low] && !claimWords[t.low] {
					words[k][stem(t.low)] = true
				}
			}
		}
	}
	for k := range vs {
		vs[k].marks = make(map[string]bool)
		for w := range words[k] {
			shared := false
			for o := range words {
				shared = shared || o != k && words[o][w]
			}
			if !shared && idf[w] >= markMinIDF {
				vs[k].marks[w] = true
			}
		}
	}
}

// valueLike reports whether a claim is a value that can be looked for in
// a sentence (a figure, a name, a place) rather than a description of a
// position ("plain wording", "says it is so").
func valueLike(claim string) bool {
	if claim == "" || len(strings.Fields(claim)) > 6 {
		return false
	}
	for _, generic := range []string{"says ", "plain ", "report", "gives no", "calls it", "uses "} {
		if strings.HasPrefix(claim, generic) {
			return false
		}
	}
	return true
}

// settle applies the rules above to a brief of verbatim sentences.
func (e *Engine) settle(brief, spares []Attributed, avoid []string, points []story.Point, docs []Doc, idf map[string]float64) []Attributed {
	name := make(map[string]string, len(docs))
	for _, d := range docs {
		name[d.ID] = d.Name
	}
	previews := previewSources(points)
	var ds []*touchedPoint
	for _, p := range points {
		if p.Kind != story.KindFactual && p.Kind != story.KindTiming && p.Kind != story.KindFraming || strings.HasPrefix(p.Topic, previewTopic) {
			continue
		}
		vs := versionsOf(p)
		if len(vs) < 2 {
			continue
		}
		markVersions(vs, idf)
		d := &touchedPoint{versions: vs}
		for _, v := range vs {
			q := make(map[string]bool)
			for _, pos := range p.Positions {
				if slices.Contains(v.sources, pos.Source) {
					q[pos.Quote] = true
				}
			}
			d.byQuote = append(d.byQuote, q)
		}
		ds = append(ds, d)
	}
	brief = gather(brief, ds)
	st := &settling{e: e, ds: ds, brief: brief, spares: spares, avoid: avoid, name: name, previews: previews, touching: make(map[int]bool)}
	for _, s := range brief {
		st.place(s, false)
	}
	out, touching, disownedText := st.out, st.touching, st.disowned
	// Every source heard: by a sentence it does not disown, if it has one.
	own := slices.DeleteFunc(slices.Clone(brief), func(b Attributed) bool { return slices.Contains(disownedText, b.Text) })
	out = heardAll(heardAll(once(out, touching), own), brief)
	out = e.fitBudget(st.complete(out, touching, false), touching)
	out = st.heardAtLast(st.refill(st.complete(out, touching, true)), docs)
	return st.withPreviews(leadWithAgreement(out, touching), points)
}

// withPreviews ends the brief with each preview a timing point found, in
// its own words and said to be one ("Radio Hallow wrote before the vote:
// “Councillors will meet on Thursday to decide.”"): the brief tells the
// outcome, and a reader of the preview, which told of it as still to
// come, should learn why its account differs, not be left with one side
// of the point. A preview sentence that states another source's version
// of a disputed point is left out (its date may be the meeting's, read as
// the event's), as is one the caller's checks asked to avoid.
func (st *settling) withPreviews(out []Attributed, points []story.Point) []Attributed {
	for _, p := range points {
		event, ok := strings.CutPrefix(p.Topic, previewTopic)
		if !ok {
			continue
		}
		for _, pos := range p.Positions {
			if !previewClaim(pos.Claim) || pos.Quote == "" || !namesTheDay(pos.Quote) {
				continue
			}
			said := withoutStamp(&sentence{text: pos.Quote, tokens: scanTokens(pos.Quote)})
			told := Attributed{Text: st.name[pos.Source] + " wrote before the " + event + ": “" + said + "”", Sources: []string{pos.Source}, Own: true, Owed: true}
			if slices.Contains(st.avoid, told.Text) {
				continue
			}
			// The preview's sentence in the brief already, as if it
			// told what happened, is marked for what it is, and moved to
			// the end: the brief leads with what happened.
			rest := out
			if k := slices.IndexFunc(out, func(s Attributed) bool { return s.Text == said }); k >= 0 {
				rest = slices.Delete(slices.Clone(out), k, k+1)
			} else if slices.ContainsFunc(out, func(s Attributed) bool { return strings.Contains(s.Text, said) }) || st.credits(pos.Quote, pos.Source) {
				continue
			}
			if room, ok := st.roomFor(rest, words([]Attributed{told})); ok {
				out = append(room, told)
			}
		}
	}
	return out
}

// roomFor returns out with room for need more words within the brief's
// length, made if need be by leaving out its least central sentence that
// is owed to no point and whose sources are all cited elsewhere; ok is
// false when there is no such room.
func (st *settling) roomFor(out []Attributed, need int) ([]Attributed, bool) {
	limit := st.e.opts.BriefMaxWords
	if words(out)+need <= limit {
		return out, true
	}
	drop := -1
	for k, o := range out {
		if o.Owed || len(o.about) > 0 || words(out)-words(out[k:k+1])+need > limit {
			continue
		}
		heard := !slices.ContainsFunc(o.Sources, func(id string) bool {
			return !slices.ContainsFunc(out, func(p Attributed) bool { return p.Text != o.Text && slices.Contains(p.Sources, id) })
		})
		if heard && (drop < 0 || o.weight < out[drop].weight) {
			drop = k
		}
	}
	if drop < 0 {
		return out, false
	}
	return slices.Delete(slices.Clone(out), drop, drop+1), true
}

// namesTheDay reports whether a sentence puts what it says is to come on
// a day of its own, after its "will" in the same clause ("will vote
// tonight", "will be sentenced on Friday", "will be decided later
// today"): the mark of a preview of a scheduled event. A plan told for
// later ("will close by the end of June … announced on Tuesday", "said on
// Thursday it will close") is news in its own right, reported as such by
// the other outlets too, and is not said to be written before anything.
func namesTheDay(sentence string) bool {
	ts := scanTokens(sentence)
	for k, t := range ts {
		if !futureWords[t.low] {
			continue
		}
		for j := k + 1; j < len(ts) && j <= k+dayReach && !ts[j].punct; j++ {
			if weekdays[ts[j].low] || eventDays[ts[j].low] {
				return true
			}
		}
	}
	return false
}

// dayReach is how far after "will" a preview's day may stand: "will
// engage in a phone call with Russian President Vladimir Putin on
// Tuesday" is eleven words.
const dayReach = 14

var eventDays = wordSet("today tonight tomorrow")

// futureWords are the words of futureMarkers that say something is to
// come ("will", "due", "scheduled"), their auxiliaries left out.
var futureWords = func() map[string]bool {
	out := make(map[string]bool)
	for _, m := range futureMarkers {
		for _, w := range m {
			if !markerAuxiliaries[w] {
				out[w] = true
			}
		}
	}
	return out
}()

var markerAuxiliaries = wordSet("is are be to")

// credits reports whether text states a version of a disputed point that
// source does not hold.
func (st *settling) credits(text, source string) bool {
	for _, d := range st.ds {
		for _, k := range d.stating(text) {
			if !slices.Contains(d.versions[k].sources, source) {
				return true
			}
		}
	}
	return false
}

// heardAtLast gives a source the brief still does not cite at all its best
// spare sentence that touches no disputed point, whatever the length
// budget: every source is heard (its own sentences may all have gone, as
// reported speech, as the checks' to avoid, or to mend a point).
func (st *settling) heardAtLast(out []Attributed, docs []Doc) []Attributed {
	for _, d := range docs {
		if slices.ContainsFunc(out, func(o Attributed) bool { return slices.Contains(o.Sources, d.ID) }) {
			continue
		}
		// Clean, or at least leaving no point told from one side.
		fair := func(s Attributed) bool {
			with := append(slices.Clone(out), s)
			return !slices.ContainsFunc(st.ds, func(p *touchedPoint) bool { return p.partIn(with) && !p.partIn(out) })
		}
		k := slices.IndexFunc(st.spares, func(s Attributed) bool { return s.Sources[0] == d.ID && st.clean(s) })
		if k < 0 {
			k = slices.IndexFunc(st.spares, func(s Attributed) bool { return s.Sources[0] == d.ID && fair(s) })
		}
		if k >= 0 {
			s := st.spares[k]
			s.Sources = s.Sources[:1] // its co-sources are heard already, or not vouched for here
			out = append(out, s)
		}
	}
	return out
}

// refill tops a brief that fairness left under its least length up with
// spare sentences (best ranked first) that state no version of any
// disputed point, so need nothing told.
func (st *settling) refill(out []Attributed) []Attributed {
	for _, s := range st.spares {
		if words(out) >= st.e.opts.BriefMinWords {
			break
		}
		if words(out)+words([]Attributed{s}) > st.e.opts.BriefMaxWords ||
			slices.ContainsFunc(out, func(o Attributed) bool { return o.Text == s.Text }) || !st.clean(s) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// completeRounds bounds complete's repairs: a told version can state a
// version of another point, which then needs telling in turn, and that
// chain must end. On the development sets a third round is rarely
// reached.
const completeRounds = 3

// complete mends the points the brief states from one side only. Placing
// tells a point's versions against the sentences the brief had before
// settling, and some of those leave later (a source's sentence voicing a
// version it disputes is reported speech); cutting to length can drop
// others. So every point is checked again against the brief as it stands:
// the versions it lacks are told after the last sentence that states one,
// in their sources' clauses; a point whose clauses cannot be told, or do
// not fit once the brief must keep to its length (final), loses the
// sentences that state it instead, and what of them must stay (a source's
// only sentence) has the missing versions given as written beside it.
func (st *settling) complete(out []Attributed, touching map[int]bool, final bool) []Attributed {
	fits := func(told []Attributed) bool {
		return told != nil && (!final || words(out)+words(told) <= st.e.opts.BriefMaxWords)
	}
	for range completeRounds {
		mended := false
		for di, d := range st.ds {
			if !d.partIn(out) {
				continue
			}
			mended = true
			// Told in the sources' clauses if they can be; else the
			// sentences stating the point go. Whole sentences as
			// written come last: told for one point, they state
			// others' versions, often of points the engine has not
			// found, which are then left one-sided.
			told := st.tellClauses(d.versions, d.statedIn(out))
			if !fits(told) {
				out = st.dropStating(out, touching, di)
				// What must stay (a source's only sentence) has the
				// missing versions beside it as their sources wrote
				// them, if they fit.
				if !d.partIn(out) {
					continue
				}
				if told = st.tell(d.versions, d.statedIn(out)); !fits(told) {
					continue
				}
			}
			for k := range told {
				told[k].about, told[k].told = []int{di}, true
			}
			out = insertAt(out, touching, d.lastIn(out)+1, told)
		}
		if !mended {
			break
		}
	}
	return out
}

// partIn reports whether brief states some versions of the point, not all.
func (d *touchedPoint) partIn(brief []Attributed) bool {
	n := len(d.statedIn(brief))
	return n > 0 && n < len(d.versions)
}

// lastIn is the index of the last sentence of brief that states a version
// of the point, or -1.
func (d *touchedPoint) lastIn(brief []Attributed) int {
	last := -1
	for k, s := range brief {
		if len(d.stating(s.Text)) > 0 {
			last = k
		}
	}
	return last
}

// words counts the words of sentences.
func words(ss []Attributed) int {
	n := 0
	for _, s := range ss {
		n += len(strings.Fields(s.Text))
	}
	return n
}

// insertAt inserts sentences at index at of out, keeping touching's marks
// (indexes into out) in step; the inserted sentences touch a point.
func insertAt(out []Attributed, touching map[int]bool, at int, add []Attributed) []Attributed {
	shifted := make(map[int]bool, len(touching)+len(add))
	for i := range touching {
		if i >= at {
			i += len(add)
		}
		shifted[i] = true
	}
	for k := range add {
		shifted[at+k] = true
	}
	clear(touching)
	for i := range shifted {
		touching[i] = true
	}
	return slices.Insert(out, at, add...)
}

// dropStating drops the sentences that state a version of point d (the
// lead is chosen after, from what is left), keeping touching's marks in
// step. A sentence told for another point stays (that point would be left
// one-sided), and the last sentence of a source gives way to a spare of
// the same source that touches no point, if there is one; else it stays:
// every source is heard.
func (st *settling) dropStating(out []Attributed, touching map[int]bool, di int) []Attributed {
	d := st.ds[di]
	states := func(s Attributed) bool { return len(d.stating(s.Text)) > 0 }
	return filter(out, touching, func(_ int, s Attributed) (Attributed, bool, bool) {
		if !states(s) {
			return s, true, true
		}
		// A sentence told for another point stays: that point needs it.
		if s.told && s.about[0] != di {
			return s, true, true
		}
		src := s.Sources[0]
		if slices.ContainsFunc(out, func(o Attributed) bool { return o.Sources[0] == src && !states(o) }) {
			return s, false, false // the source is heard elsewhere
		}
		if sp := slices.IndexFunc(st.spares, func(o Attributed) bool {
			return o.Sources[0] == src && st.clean(o) && !slices.ContainsFunc(out, func(x Attributed) bool { return x.Text == o.Text })
		}); sp >= 0 {
			return st.spares[sp], true, false
		}
		return s, true, true
	})
}

// filter keeps, in order, the sentences of out that keep (given each one's
// index) says to keep, as keep returns them (a sentence may be replaced),
// and touching's marks
// (indexes into out) in step: a kept sentence keeps its mark where keep
// says it still touches what it did.
func filter(out []Attributed, touching map[int]bool, keep func(k int, s Attributed) (_ Attributed, kept, marked bool)) []Attributed {
	var kept []Attributed
	marks := make(map[int]bool, len(touching))
	for k, s := range out {
		s, ok, marked := keep(k, s)
		if !ok {
			continue
		}
		if marked && touching[k] {
			marks[len(kept)] = true
		}
		kept = append(kept, s)
	}
	clear(touching)
	for k := range marks {
		touching[k] = true
	}
	return kept
}

// clean reports whether sentence s states or voices no version of any
// disputed point, so needs nothing told.
func (st *settling) clean(s Attributed) bool {
	return !slices.ContainsFunc(st.ds, func(d *touchedPoint) bool {
		return len(d.stating(s.Text)) > 0 || len(d.voicing(s.Text)) > 0
	})
}

// settling is the state of one settle call.
type settling struct {
	e        *Engine
	ds       []*touchedPoint
	brief    []Attributed
	spares   []Attributed // see briefing.spares
	avoid    []string     // texts the brief must not have (see Draft.Brief)
	name     map[string]string
	previews map[string]bool
	out      []Attributed
	touching map[int]bool // index in out
	disowned []string     // texts left out as reported speech
}

// place settles sentence s against every disputed point and appends it to
// the brief, followed by the versions of each point it is the first to
// touch. Those versions are placed the same way, since a source's sentence
// told for one point can state a version of another ("… their fair share
// from 1 April", told for its wording, dates the change): that point is
// then told too. Recursion ends as each point is told once.
func (st *settling) place(s Attributed, told bool) {
	var after []Attributed
	disowned := false
	// A preview vouches for nothing that happened after it was
	// written: it is cited for its own sentences only.
	s.Sources = slices.DeleteFunc(slices.Clone(s.Sources), func(id string) bool { return id != s.Sources[0] && st.previews[id] })
	// Nor does a report of the outcome vouch for a preview's future
	// ("will meet on Thursday to decide"): a preview's sentence is
	// cited to the preview alone.
	if st.previews[s.Sources[0]] {
		s.Sources = s.Sources[:1]
	}
	for di, d := range st.ds {
		stated := d.stating(s.Text)
		voiced := d.voicing(s.Text)
		// A source's own sentence that voices a version the source
		// disputes ("the managing director has said the ship lost
		// steering", in the paper that blames fog; "figures of 11,000
		// … are simply wrong") is reported speech: the brief leaves it
		// out and tells the versions. A version told for another point
		// stays: that point needs it.
		if !told && len(voiced) > 0 && disowns(d.versions, voiced, s.Sources[0]) {
			disowned = true
			st.disowned = append(st.disowned, s.Text)
		}
		if len(voiced) > 0 {
			s.Sources = uncited(s.Sources, d.versions, voiced)
		}
		if len(stated) == 0 {
			continue
		}
		// A version the brief states is owed as much as the ones it
		// tells: cutting it to length would leave the others alone.
		s.Owed = true
		if !slices.Contains(s.about, di) {
			s.about = append(s.about, di)
		}
		if !d.told {
			d.told = true
			for _, a := range st.tell(d.versions, d.statedIn(append(append(slices.Clone(st.brief), st.out...), s))) {
				a.about, a.told = []int{di}, true
				after = append(after, a)
			}
		}
	}
	if !disowned {
		if len(s.about) > 0 {
			st.touching[len(st.out)] = true
		}
		st.out = append(st.out, s)
	}
	for _, a := range after {
		st.place(a, true)
	}
}

// once drops a sentence the brief already has (two points can tell the
// same version), keeping touching's marks in step.
func once(out []Attributed, touching map[int]bool) []Attributed {
	seen := make(map[string]bool, len(out))
	return filter(out, touching, func(_ int, s Attributed) (Attributed, bool, bool) {
		if seen[s.Text] {
			return s, false, false
		}
		seen[s.Text] = true
		return s, true, true
	})
}

// heardAll gives back, at the end, the first sentence of each source that
// the brief quoted before settling and no longer cites at all: every
// source is heard, if only once, whatever the length budget.
func heardAll(out, brief []Attributed) []Attributed {
	for _, b := range brief {
		id := b.Sources[0]
		// Heard means quoted: a co-citation may go with its sentence when
		// the brief is cut to length.
		if slices.ContainsFunc(out, func(o Attributed) bool { return len(o.Sources) > 0 && o.Sources[0] == id }) {
			continue
		}
		out = append(out, Attributed{Text: b.Text, Sources: []string{id}, Owed: true})
	}
	return out
}

// which lists the versions of the point that sentence text states, by
// the test given (version.states or version.voices).
func (d *touchedPoint) which(text string, test func(version, string, map[string]bool) bool) []int {
	var out []int
	for k, v := range d.versions {
		if test(v, text, d.byQuote[k]) {
			out = append(out, k)
		}
	}
	return out
}

// uncited drops from a sentence's citations every source, but the one that
// wrote it, whose version of the point is not among those it voices: the
// brief cites nobody for a version they dispute.
func uncited(sources []string, vs []version, voiced []int) []string {
	first := sources[0]
	return slices.DeleteFunc(slices.Clone(sources), func(id string) bool {
		for k, v := range vs {
			if slices.Contains(v.sources, id) {
				return !slices.Contains(voiced, k) && id != first
			}
		}
		return false
	})
}

// previewSources lists the sources a preview point says wrote before the
// event.
func previewSources(points []story.Point) map[string]bool {
	out := make(map[string]bool)
	for _, p := range points {
		if !strings.HasPrefix(p.Topic, previewTopic) {
			continue
		}
		for _, pos := range p.Positions {
			out[pos.Source] = out[pos.Source] || previewClaim(pos.Claim)
		}
	}
	return out
}

// previewClaim reports whether a preview point's position is the
// preview's: its claim is the future phrase of its lead ("will vote").
func previewClaim(claim string) bool {
	low := strings.Fields(strings.ToLower(claim))
	return slices.ContainsFunc(futureMarkers, func(m []string) bool {
		return len(low) >= len(m) && slices.Equal(low[:len(m)], m)
	})
}

// disowns reports whether source id holds a version of the point that the
// sentence does not state, while it states another.
func disowns(vs []version, stated []int, id string) bool {
	for k, v := range vs {
		if slices.Contains(v.sources, id) {
			return !slices.Contains(stated, k)
		}
	}
	return false
}

type touchedPoint struct {
	versions []version
	byQuote  []map[string]bool // per version: the quotes of its camp
	told     bool
	// stated and voiced remember which versions a text states or
	// voices: settling asks of the same sentences again and again.
	stated, voiced map[string][]int
}

// stating lists the versions sentence text states (version.states).
func (d *touchedPoint) stating(text string) []int { return d.remember(&d.stated, text, version.states) }

// voicing lists the versions sentence text voices (version.voices).
func (d *touchedPoint) voicing(text string) []int { return d.remember(&d.voiced, text, version.voices) }

// remember is which, its answers kept in *memo.
func (d *touchedPoint) remember(memo *map[string][]int, text string, test func(version, string, map[string]bool) bool) []int {
	if k, ok := (*memo)[text]; ok {
		return k
	}
	if *memo == nil {
		*memo = make(map[string][]int)
	}
	(*memo)[text] = d.which(text, test)
	return (*memo)[text]
}

// gather moves the sentences that state a version of a disputed point up
// to the first sentence that states another, so that a reader meets the
// versions side by side.
func gather(brief []Attributed, ds []*touchedPoint) []Attributed {
	brief = slices.Clone(brief)
	for _, d := range ds {
		first := -1
		for i := 0; i < len(brief); i++ {
			if len(d.stating(brief[i].Text)) == 0 {
				continue
			}
			if first < 0 {
				first = i
				continue
			}
			if i > first+1 {
				s := brief[i]
				brief = slices.Delete(brief, i, i+1)
				brief = slices.Insert(brief, first+1, s)
			}
			first++
		}
	}
	return brief
}

// statedIn lists the versions some sentence of brief states.
func (d *touchedPoint) statedIn(brief []Attributed) []int {
	var out []int
	for _, s := range brief {
		for _, k := range d.stating(s.Text) {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

// tell writes one sentence per version not stated, each attributed to its sources
// and quoting their clause; when a version has no value or no clause to
// quote, it gives instead the sentence of each version not stated, as its
// source wrote it.
func (st *settling) tell(vs []version, stated []int) []Attributed {
	if told := st.tellClauses(vs, stated); told != nil {
		return told
	}
	var out []Attributed
	for k, v := range vs {
		text := withoutStamp(&sentence{text: v.pos.Quote, tokens: scanTokens(v.pos.Quote)})
		if !slices.Contains(stated, k) && !slices.Contains(st.avoid, text) {
			out = append(out, Attributed{Text: text, Sources: []string{v.pos.Source}, Owed: true})
		}
	}
	return out
}

// tellClauses is tell's first form, or nil when some version cannot be
// told in it.
func (st *settling) tellClauses(vs []version, stated []int) []Attributed {
	e, name := st.e, st.name
	var out []Attributed
	for k, v := range vs {
		if slices.Contains(stated, k) {
			continue // the brief says it already
		}
		if !valueLike(strings.ToLower(strings.TrimSpace(v.pos.Claim))) {
			return nil
		}
		clause, finite := versionClause(e.tags(), v.pos.Quote, v.pos.Claim)
		if clause == "" || !finite || firstPerson(clause) {
			// "reports 6 a.m. beside Tansy Creek" is no sentence, and
			// "reports that our analysts estimate" speaks in the
			// outlet's own voice: its own sentence says it better.
			return nil
		}
		// A clause in one source's words is told of the sources whose own
		// sentence says as much: the others would be cited for words
		// they never wrote.
		var names, ids []string
		for _, id := range v.sources {
			if id == v.pos.Source || bearsOut(v.quotes[id], clause) {
				names = append(names, name[id])
				ids = append(ids, id)
			}
		}
		verb := "report"
		if len(names) == 1 {
			verb = "reports"
		}
		if finite {
			verb += " that"
		}
		text := joinNames(names) + " " + verb + " " + clause + "."
		if slices.Contains(st.avoid, text) {
			return nil
		}
		out = append(out, Attributed{Text: text, Sources: ids, Own: true, Owed: true})
	}
	return out
}

// bearsOut reports whether a quote holds most of a clause's content words
// (three in four): enough that its source can be cited for the clause.
func bearsOut(quote, clause string) bool {
	have := make(map[string]bool)
	for _, t := range scanTokens(quote) {
		have[stem(t.low)] = true
	}
	n, in := 0, 0
	for _, t := range scanTokens(clause) {
		if t.punct || stopWords[t.low] {
			continue
		}
		n++
		if have[stem(t.low)] {
			in++
		}
	}
	return n > 0 && 4*in >= 3*n
}

// firstPerson reports whether a clause speaks as its writer ("our
// volunteers", "we counted").
func firstPerson(clause string) bool {
	for _, w := range strings.Fields(strings.ToLower(clause)) {
		switch strings.Trim(w, ".,;:\"'") {
		case "we", "our", "us", "i", "my", "me":
			return true
		}
	}
	return false
}

// versionClause returns the clause of quote that states claim, as its
// source wrote it: from the start of the clause through the value and the
// noun and verb phrases after it, at most 14 words.
//
// finite tells whether the clause has a finite verb of its own, so that it
// reads after "reports that".
func versionClause(t *tagger, quote, claim string) (clause string, finite bool) {
	focus := strings.TrimPrefix(claim, "in ")
	if i := strings.Index(focus, ", "); i >= 0 {
		focus = focus[:i]
	}
	off := strings.Index(strings.ToLower(quote), strings.ToLower(focus))
	if focus == "" || off < 0 {
		return "", false
	}
	ws := t.tag(quote)
	i := wordAt(ws, off)
	end := wordAt(ws, off+len(focus))
	if i < 0 {
		return "", false
	}
	if end < 0 {
		end = len(ws)
	}
	start := clauseStart(ws, i)
	// "… Kelvara First, whose National Renewal won 59 seats": the
	// relative word is not the clause's.
	for start < i && (relativeWords[strings.ToLower(ws[start].text)] || ws[start].tag == "CC") {
		start++ // nor a conjunction ("and Serran province was hit")
	}
	if isVerb(ws[start].tag) || ws[start].tag == "MD" {
		return "", false // a clause without its subject: "takes effect on September 1"
	}
	for k := start; k < i; k++ {
		if reportingVerbs[strings.ToLower(ws[k].text)] && isVerb(ws[k].tag) {
			start = k + 1
			if start < i && strings.EqualFold(ws[start].text, "that") {
				start++
			}
		}
	}
	if start >= i || ws[start].tag == "TO" || isVerb(ws[start].tag) || ws[start].tag == "MD" || ws[start].tag == "CC" {
		return "", false // what a reporting verb leaves: "told" "to stay at home and that …"
	}
	hi := end
	if _, h := nounPhrase(ws, end); h > hi && h-end <= 3 {
		hi = h
	}
	if lo, h := verbPhrase(ws, hi); lo >= 0 && h-hi <= 5 {
		hi = h
	}
	if hi-start > 14 || hi-start <= end-i {
		return "", false // too long to quote, or nothing but the value
	}
	for hi > i+1 && !strings.ContainsFunc(ws[hi-1].text, isWordRune) {
		hi-- // "a scheme of 420 homes —": the dash opens an aside
	}
	if hi < len(ws) && (phraseGoesOn[strings.ToLower(ws[hi].text)] || ws[hi-1].tag == "VBN" && (ws[hi].tag == "TO" || ws[hi].tag == "RP" || particles[strings.ToLower(ws[hi].text)] || strings.EqualFold(ws[hi].text, "from"))) {
		return "", false // "12 people were taken" to hospital; "700 people were forced" out of (or from) their homes
	}
	if hi < len(ws) && phraseGoesOn[strings.ToLower(ws[hi].text)] {
		return "", false // "investigators have not determined" what; "it will give a fifth" of what
	}
	if hi < len(ws) && strings.EqualFold(ws[hi].text, "by") && hi-2 > i && strings.HasSuffix(strings.ToLower(ws[hi-2].text), "ed") && ws[hi-1].tag == "RP" {
		return "", false // "the draconian 12-point penalty handed down" by the league … punishes: the clause's verb is still to come
	}
	if hi < len(ws) && hi == end && measureGoesOn[strings.ToLower(ws[hi].text)] {
		return "", false // "the explosion tore through a coal face 1,100 metres" below ground
	}
	for _, w := range ws[end:hi] {
		if reportingVerbs[strings.ToLower(w.text)] && isVerb(w.tag) {
			// "one nurse with 19 years' service said", "Rowan Ellery
			// told staff": what was said is the news, cut off.
			return "", false
		}
	}
	if low := strings.ToLower(ws[hi-1].text); low == "shortly" || low == "soon" || low == "just" {
		return "", false // "the 6-3 vote came shortly" after 10pm
	}
	if first := strings.ToLower(ws[start].text); ws[start].tag == "PRP" || first == "this" || first == "that" || first == "these" || first == "those" {
		return "", false // "reports that it takes effect": away from its sentence, "it" names nothing
	}
	if hi+2 < len(ws) && ws[hi].text == "," && isNoun(ws[hi+1].tag) && isNoun(ws[hi+2].tag) {
		return "", false // "a swift, textbook response": the tagger ends the noun phrase at its comma
	}
	switch last := ws[hi-1]; {
	case last.tag == "JJ" || last.tag == "PRP$" || last.tag == "POS": // "what one called a swift", textbook response
		return "", false
	case isVerb(last.tag) && auxiliaries[strings.ToLower(last.text)], last.tag == "IN", last.tag == "TO", last.tag == "DT", last.tag == "CC",
		danglingPrepositions[strings.ToLower(last.text)], // the tagger takes "towards" for a noun
		last.tag == "VB" && hi-2 >= 0 && ws[hi-2].tag == "TO":
		return "", false // "about 90 passengers are", "votes to", "voted 4-1 to approve": the clause stops short
	}
	for _, w := range ws[start+1 : hi] {
		switch w.tag {
		case "VBD", "VBZ", "VBP", "MD":
			finite = true
		}
	}
	clause = join(lowerFirst(ws[start:hi]))
	if strings.ContainsAny(clause, "\"“”") {
		return "", false // a quotation cut short is no clause to report
	}
	return clause, finite
}

var relativeWords = wordSet("whose which who whom that where")

// danglingPrepositions are prepositions a clause cannot end on, whatever the
// tagger makes of them.
var danglingPrepositions = wordSet("towards toward into onto upon against despite among amid between beyond within without across through")

// phraseGoesOn are the words that carry a phrase on past where a clause
// would stop: its verb's object clause or its noun's complement.
var phraseGoesOn = wordSet("of as what whether how why than")

// measureGoesOn are the words that say which way a distance or time runs
// from its figure ("1,100 metres below ground", "40 metres down the
// face"): a clause that stops at the figure stops short.
var measureGoesOn = wordSet("below above down up away deep long high wide beneath under over before after")

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// fitBudget drops sentences from the end while the brief is over its
// length: first those that touch no disputed point, then any but the
// sentences that give the versions, which the brief owes its readers, and
// a source's last quoted sentence.
func (e *Engine) fitBudget(out []Attributed, touching map[int]bool) []Attributed {

	drop := func(k int) {
		out = filter(out, touching, func(i int, s Attributed) (Attributed, bool, bool) { return s, i != k, true })
	}
	// The last sentence quoting a source keeps that source heard.
	last := func(k int) bool {
		return !slices.ContainsFunc(out, func(o Attributed) bool { return o.Text != out[k].Text && o.Sources[0] == out[k].Sources[0] })
	}
	for _, spare := range []func(k int) bool{
		func(k int) bool { return touching[k] || out[k].Owed || last(k) },
		func(k int) bool { return out[k].Owed || last(k) },
	} {
		for k := len(out) - 1; k > 0 && words(out) > e.opts.BriefMaxWords; k-- {
			if !spare(k) {
				drop(k)
			}
		}
	}
	// Still over: whole points go, the latest first, every version of a
	// point with it, so that no point is left told from one side.
	// A point one of whose sentences must stay (the lead, or the last
	// that quotes its source) stays whole: dropping the others would leave
	// it one-sided.
	droppable := func(p int) bool {
		for k, s := range out {
			if slices.Equal(s.about, []int{p}) && (k == 0 || last(k)) {
				return false
			}
		}
		return true
	}
	for words(out) > e.opts.BriefMaxWords {
		p := -1
		for _, s := range out {
			for _, q := range s.about {
				if q > p && droppable(q) {
					p = q
				}
			}
		}
		if p < 0 {
			break
		}
		for k := len(out) - 1; k >= 0; k-- {
			if slices.Equal(out[k].about, []int{p}) {
				drop(k)
				continue
			}
			out[k].about = slices.DeleteFunc(out[k].about, func(q int) bool { return q == p })
		}
	}
	for k := len(out) - 1; k > 0 && words(out) > e.opts.BriefMaxWords; k-- {
		if !last(k) {
			drop(k)
		}
	}
	return out
}

// leadWithAgreement moves to the front the sentence with the most sources
// among those that touch no disputed point and do not speak in an outlet's
// own voice; on a tie, the most central in the story (a campaign's claim
// that only it makes is not the story's lead). Where no such sentence has
// two sources, the most central sentence leads, disputed or not.
func leadWithAgreement(out []Attributed, touching map[int]bool) []Attributed {
	pick := func(allowTouching bool) int {
		best := -1
		for k, s := range out {
			if touching[k] && !allowTouching || s.Owed || firstPerson(s.Text) {
				continue
			}
			if best < 0 || len(s.Sources) > len(out[best].Sources) ||
				len(s.Sources) == len(out[best].Sources) && s.weight > out[best].weight {
				best = k
			}
		}
		return best
	}
	best := pick(false)
	// No two sources agree on anything untouched: lead with the story's
	// most central sentence, disputed or not (its citations are settled
	// and its versions follow it).
	if best < 0 || len(out[best].Sources) < 2 {
		best = pick(true)
	}
	if best <= 0 {
		return out
	}
	lead := out[best]
	out = slices.Delete(out, best, best+1)
	return slices.Insert(out, 0, lead)
}
