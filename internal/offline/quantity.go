package offline

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A fact is one normalized figure a sentence states: a count, percentage,
// amount of money, duration, date or time of day. Two facts with the same key
// talk about the same thing and can be compared; their values agree when
// their ranges overlap.
type fact struct {
	key    string // "percent", "money", "duration", "year", "monthday" (a month alone as its days), "weekday", "clock", "count:<stem>"
	lo, hi float64
	// surface is the phrase as written ("month-long", "about 20%").
	surface string
	// anchor is the word the figure qualifies ("ceasefire" in "30-day
	// ceasefire"), used to name the disputed point.
	anchor string
	// slot is the stem of the word that says what the figure is about
	// in the sentence ("raise" in "an 8% raise" and "a raise of 6%",
	// "start" in "takes effect on September 1"); see slotOf.
	slot string
	// per is the period a sum is paid for each time ("year" in
	// "£250,000 a year"), or "" (see perOf).
	per string
	// deal says what a sum is said to be by the verb before it
	// (see moneyVerb): "claim", "repay".
	deal string
	// near holds the content stems within nearWindow words of the
	// figure: what the sentence says right around it ("drive" in "the
	// drive takes at least 90 minutes"); see nearOf.
	near []string
	// year is a year named beside the figure ("a quake in 1998 that
	// killed about 90 people"), or 0: what the figure dates to.
	year float64
	// whole says what of a group a count counts (see countScope).
	whole countScope
	// span says what a duration measures (see spanOf).
	span spanKind
	// until marks a time that ends a state (see endPoint).
	until bool
	// spent marks a span spent in a state (see spentIn).
	spent bool
	// state is what befell those a count counts, when its clause says
	// (see stateOf): "ill", "hospital", "dead".
	state string
	// owner holds the proper names of who has or won what a count
	// counts, when its verb's doer names them (see ownerOf).
	owner []string
	// corrected marks another's figure that its sentence goes on to
	// correct (see truerFigure).
	corrected bool
	// way is 1 for jobs made, -1 for jobs lost, 0 for other counts (see
	// jobWay).
	way int
	// weekday is the day of the week a date was read from, 1 for Monday
	// to 7 for Sunday, or 0 (see datedWeekday).
	weekday int
	// bound is atLeast or atMost when the figure is given as a bound
	// ("more than 400", "on earnings above $250,000"), else exact.
	bound hedge
	// toEnd marks a length read from the end of a state and its
	// article's date (see lengthUntil); end is that end, as a
	// "monthday" range.
	toEnd bool
	end   [2]float64
}

// timing reports whether the fact is about time rather than amount.
func (f fact) timing() bool {
	switch f.key {
	case "duration", "year", "monthday", "weekday", "clock":
		return true
	}
	return false
}

// monthOnly reports whether f names a month, or a part of one, without
// its day ("in May", "the end of September").
func (f fact) monthOnly() bool {
	return f.key == "monthday" && f.hi-f.lo >= 9
}

// agrees reports whether f and g can be the same figure: their ranges
// overlap. Two bounds the same way are two figures when their bounds
// differ: an outlet that knew of 600 would not write "more than 400",
// and a tax that starts on earnings above $200,000 does not start above
// $250,000.
func (f fact) agrees(g fact) bool {
	// Two lengths to an end agree when their ends do, whatever days
	// their papers appeared.
	if f.toEnd && g.toEnd {
		return f.end[0] <= g.end[1] && g.end[0] <= f.end[1]
	}
	// Two weekdays are one day when they name one, whatever dates their
	// articles' publication gave them: "Sunday's match" in Friday's
	// paper and in Monday's may be one match.
	if f.weekday != 0 && g.weekday != 0 {
		return f.weekday == g.weekday
	}
	if f.bound != exact && f.bound == g.bound {
		return f.lo <= g.hi && g.lo <= f.hi && f.sameBound(g)
	}
	return f.lo <= g.hi && g.lo <= f.hi
}

// sameBound reports whether two bounds the same way name one figure,
// within statedSlack.
func (f fact) sameBound(g fact) bool {
	bf, bg := f.named(), g.named()
	return math.Abs(bf-bg) <= statedSlack*math.Max(math.Abs(bf), math.Abs(bg))
}

// states reports whether g gives f's figure, not just one consistent with
// it: "more than four hours" agrees with "six hours" (a bound reaches
// past itself) but does not say six hours. The figures they name must be
// within the rounding of an approximate figure.
func (f fact) states(g fact) bool {
	mf, mg := f.named(), g.named()
	return f.agrees(g) && math.Abs(mf-mg) <= statedSlack*math.Max(math.Abs(mf), math.Abs(mg))
}

// named is the figure f names: a bound's own figure ("above $200,000"
// names $200,000, though it reaches to $300,000), else its range's middle.
func (f fact) named() float64 {
	switch f.bound {
	case atLeast:
		return f.lo
	case atMost:
		return f.hi
	}
	return (f.lo + f.hi) / 2
}

// statedSlack is the relative slack of rangeOf's approximate figures.
const statedSlack = 0.05

var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"dozen": 12,
}

var magnitudes = map[string]float64{
	"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"m": 1e6, "bn": 1e9, "k": 1e3,
}

// fractionWords maps a fraction's denominator word to the denominator.
var fractionWords = map[string]float64{
	"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
	"fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
	"eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}

// timeUnit returns the length of a unit of time in days, or 0.
func timeUnit(w string) float64 {
	switch w {
	case "second", "seconds":
		return 1.0 / 86400
	case "minute", "minutes":
		return 1.0 / 1440
	case "hour", "hours":
		return 1.0 / 24
	case "day", "days", "daylong":
		return 1
	case "week", "weeks", "weeklong":
		return 7
	case "fortnight", "fortnights":
		return 14
	case "month", "months", "monthlong":
		return 30
	case "year", "years", "yearlong":
		return 365
	case "decade", "decades":
		return 3650
	}
	return 0
}

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan.": 1, "feb.": 2, "aug.": 8, "sept.": 9, "sep.": 9, "oct.": 10, "nov.": 11, "dec.": 12,
}

var weekdays = wordSet("monday tuesday wednesday thursday friday saturday sunday")

// monthContext lists words after which a capitalized month name is a date
// rather than a verb or a name ("May", "March").
var monthContext = wordSet("in on by since until till from before after through early mid late last next this of during throughout end")

type hedge int

const (
	exact hedge = iota
	approx
	atLeast
	atMost
)

// hedgeBefore reads the hedge that precedes tokens[i].
func hedgeBefore(tokens []token, i int) hedge {
	prev := func(k int) string {
		if i-k < 0 || tokens[i-k].punct {
			return ""
		}
		return tokens[i-k].low
	}
	p1, p2 := prev(1), prev(2)
	switch {
	case p1 == "than" && (p2 == "more" || p2 == "over"):
		return atLeast
	case p1 == "than" && (p2 == "less" || p2 == "fewer"):
		return atMost
	case p1 == "least" && p2 == "at", p1 == "over", p1 == "above", p1 == "exceeding":
		return atLeast
	case p1 == "to" && p2 == "up", p1 == "under", p1 == "below":
		return atMost
	case p1 == "to" && p2 == "close":
		return approx
	}
	switch p1 {
	case "about", "around", "approximately", "roughly", "nearly", "almost", "some", "estimated",
		"approx.", "circa", "roughly.", "or":
		return approx
	}
	return exact
}

// rangeOf turns a value and its hedge into the range of values it admits.
// tolerance is the relative slack an exact value still has, used for units
// that are themselves approximate ("a month" is 28 to 31 days).
func rangeOf(v float64, h hedge, tolerance float64) (float64, float64) {
	lo, hi := v*(1-tolerance), v*(1+tolerance)
	switch h {
	case approx:
		// "About 1,400" and "some 1,600" are two figures, not one:
		// newsroom rounding puts an approximate figure within a few
		// percent of what it rounds.
		lo, hi = v*0.95, v*1.05
	case atLeast:
		// "At least 72 hours" and "more than 400" name the figure to
		// expect, not any larger one: a writer who knew of ten days or
		// 1,000 would have said so. Half as much again is the most
		// such a bound is taken to cover, and "up to" reaches down as far.
		hi = v * boundReach
	case atMost:
		lo = v / boundReach
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	return lo, hi
}

// boundReach is how far past itself a bound ("at least", "up to") is read
// to reach; see rangeOf.
const boundReach = 1.5

// extractFacts finds the figures a sentence states and normalizes them:
// "30-day", "month-long" and "one-month" are all 30 days; "about 20%", "a
// fifth" and "one in five" are all 20 percent; "twelve" is 12.
func extractFacts(tokens []token) []fact {
	sc := &factScanner{tokens: tokens, used: make([]bool, len(tokens))}
	readers := []func(int) (int, bool){sc.dateByName, sc.impliedDuration, sc.bareFraction, sc.voteTally, sc.household, sc.number}
	for i := 0; i < len(tokens); i++ {
		if sc.used[i] {
			continue
		}
		had := len(sc.facts)
		for _, read := range readers {
			if next, done := read(i); done {
				sc.bound(had, i)
				i = next
				break
			}
		}
	}
	sc.corrections()
	return sc.facts
}

// corrections reads a bare number that a sentence gives as the true
// version of a count it named before ("The company claims 340 jobs are
// affected, but the true number is nearly 400") as a count of that noun,
// in place of the count it corrects.
func (sc *factScanner) corrections() {
	sc.truerFigure()
	c, ok := correction(sc.tokens)
	if !ok {
		return
	}
	prior := -1
	for n, f := range sc.facts {
		if f.anchor != "" && strings.HasPrefix(f.key, "count:") && indexOf(sc.tokens, f.surface) < c.phrase {
			prior = n
		}
	}
	if prior < 0 {
		return
	}
	// The count corrected is the sentence's telling of another's
	// version, not one of its own.
	fixed, _ := corrected(sc.tokens, sc.facts[prior])
	fixed.way = jobWay(sc.tokens, sc.facts[prior])
	sc.facts = append(slices.Delete(sc.facts, prior, prior+1), fixed)
}

// corrected returns the count that a sentence's correction phrase gives
// as the true version of was, told in the sentence or the one before it.
func corrected(ts []token, was fact) (fact, bool) {
	c, ok := correction(ts)
	if !ok || !strings.HasPrefix(was.key, "count:") || was.anchor == "" {
		return fact{}, false
	}
	lo, hi := rangeOf(c.value, hedgeBefore(ts, c.from), 0)
	return fact{key: was.key, surface: surfaceOf(ts, c.from, c.to), lo: lo, hi: hi, anchor: was.anchor}, true
}

// A bareTruth is a sentence's phrase giving the true version of a count
// with a bare number after it ("the true number is nearly 400"): where
// the phrase starts, where the number starts and ends, and its value.
type bareTruth struct {
	phrase, from, to int
	value            float64
}

// correction finds a sentence's bareTruth. A number read as a figure of
// its own ("the real cost is £18.2m") needs no correction.
func correction(ts []token) (bareTruth, bool) {
	k := truePhrase(ts, correctedNouns)
	if k < 0 {
		return bareTruth{}, false
	}
	m := k + 2
	for m < len(ts) && m <= k+5 && !ts[m].num && numberWords[ts[m].low] == 0 && !ts[m].punct {
		m++
	}
	if m >= len(ts) {
		return bareTruth{}, false
	}
	v, end, ok := readNumber(ts, m)
	if !ok {
		return bareTruth{}, false
	}
	if next, _ := countedNoun(ts, end+1); next != "" || end+1 < len(ts) && (ts[end+1].text == "%" || magnitudes[ts[end+1].low] > 0) ||
		opensWord(ts[m-1].text) {
		return bareTruth{}, false
	}
	return bareTruth{phrase: k, from: m, to: end, value: v}, true
}

// truerFigure marks, in a sentence that gives the true version of a
// figure ("The council says the scheme will cost £14.6m, but … puts the
// real figure at £18.2m"), the figures of that kind told before it as
// corrected: they are another's version, told to be answered.
func (sc *factScanner) truerFigure() {
	key, k := truerKey(sc.tokens, sc.facts)
	if key == "" {
		return
	}
	for n, f := range sc.facts {
		if at := exactIndex(sc.tokens, f.surface); f.key == key && at >= 0 && at < k {
			sc.facts[n].corrected = true
		}
	}
}

// truerKey returns the kind of figure a sentence gives the true version
// of ("… puts the real figure at £18.2m") and where its phrase for that
// starts, or "" when it gives none; facts are the sentence's.
func truerKey(ts []token, facts []fact) (key string, at int) {
	k := truePhrase(ts, correctedNouns, correctedSums)
	if k < 0 {
		return "", -1
	}
	for _, f := range facts {
		if exactIndex(ts, f.surface) > k {
			return f.key, k
		}
	}
	return "", -1
}

// exactIndex returns where the whole of surface first stands in ts, or -1.
func exactIndex(ts []token, surface string) int {
	want := scanTokens(surface)
	for k := 0; len(want) > 0 && k+len(want) <= len(ts); k++ {
		if slices.EqualFunc(ts[k:k+len(want)], want, func(t, w token) bool { return t.text == w.text }) {
			return k
		}
	}
	return -1
}

// truePhrase returns where a sentence's first phrase for a figure's true
// version starts ("the real figure", "the true cost"), a correcting word
// before a noun of one of nouns, or -1.
func truePhrase(ts []token, nouns ...map[string]bool) int {
	for k := 0; k+1 < len(ts); k++ {
		if correctingWords[ts[k].low] && slices.ContainsFunc(nouns, func(set map[string]bool) bool { return set[ts[k+1].low] }) {
			return k
		}
	}
	return -1
}

// correctingWords and correctedNouns (or, for sums, correctedSums) make
// the phrase that gives a figure's true version: "the true number", "the
// real total", "the actual cost".
var (
	correctingWords = wordSet("true real actual correct accurate")
	correctedNouns  = wordSet("number figure total toll count tally")
	correctedSums   = wordSet("cost bill price sum amount")
)

// bound records on the facts read from tokens[i] on (facts[had:]) the
// bound their figure is given as, if any ("above $250,000").
func (sc *factScanner) bound(had, i int) {
	if i > 0 && sc.tokens[i-1].punct && strings.ContainsAny(sc.tokens[i-1].text, "$€£") {
		i--
	}
	h := hedgeBefore(sc.tokens, i)
	if h != atLeast && h != atMost {
		return
	}
	for k := had; k < len(sc.facts); k++ {
		sc.facts[k].bound = h
	}
}

// factScanner is the state of one extractFacts call: each reader looks at
// the token at i and, when it reads a figure there, records it, marks the
// tokens it used and reports done with the index of the last one it read.
type factScanner struct {
	tokens []token
	used   []bool
	facts  []fact
}

func (sc *factScanner) word(i int) string {
	if i < 0 || i >= len(sc.tokens) || sc.tokens[i].punct {
		return ""
	}
	return sc.tokens[i].low
}

// surface writes tokens[i..j] back as the phrase was written.
func (sc *factScanner) surface(i, j int) string {
	tokens := sc.tokens
	var b strings.Builder
	for k := i; k <= j && k < len(tokens); k++ {
		if k > i {
			if tokens[k].hyphen {
				b.WriteByte('-')
			} else if !tokens[k].punct || tokens[k].text == "%" || tokens[k].text == "$" {
				if !(tokens[k].text == "%" || tokens[k-1].text == "$" || tokens[k-1].text == "€" || tokens[k-1].text == "£" || tokens[k-1].text == ":" || tokens[k-1].text == "/") {
					b.WriteByte(' ')
				}
			}
		}
		b.WriteString(tokens[k].text)
	}
	return b.String()
}

// inDateline reports whether tokens[i] sits in a dateline: the place in
// capitals that opens a wire story, its filing date and agency, up to the
// dash that starts the story ("FELLBRIDGE, June 10 (Westmarch Press) -").
func inDateline(tokens []token, i int) bool {
	if len(tokens) == 0 || tokens[0].punct || tokens[0].text != strings.ToUpper(tokens[0].text) || len(tokens[0].text) < 3 {
		return false
	}
	for k := i + 1; k < len(tokens) && k <= i+8; k++ {
		switch tokens[k].text {
		case "-", "—", "–":
			return true
		}
	}
	return false
}

// dateByName reads a weekday or a month, with its day when given ("March 3", "3 March").
func (sc *factScanner) dateByName(i int) (int, bool) {
	tokens := sc.tokens
	t := tokens[i]
	w := t.low
	// Dates by name.
	if !t.punct && (weekdays[w] || months[w] != 0) && inDateline(tokens, i) {
		if i+1 < len(tokens) && tokens[i+1].num {
			sc.used[i+1] = true
		}
		return i, true // "SALTMOUTH, Oct 2 (GWS) -": when it was filed
	}
	if !t.punct && weekdays[w] && t.capital {
		if saidOn(tokens, i) {
			return i, true // "officials said on Monday": when it was said
		}
		sc.facts = append(sc.facts, fact{key: "weekday", surface: t.text, lo: weekdayNumber(w), hi: weekdayNumber(w)})
		return i, true
	}
	if m, ok := months[w]; ok && t.capital && (monthContext[sc.word(i-1)] || (i+1 < len(tokens) && tokens[i+1].num) || (i >= 1 && tokens[i-1].num)) {
		// A full date is compared as a date; the month alone only
		// when no day is given.
		switch {
		case i+1 < len(tokens) && tokens[i+1].num && tokens[i+1].value >= 1 && tokens[i+1].value <= 31 && !tokens[i+1].comma:
			d := float64(m*100) + tokens[i+1].value
			sc.facts = append(sc.facts, fact{key: "monthday", surface: sc.surface(i, i+1), lo: d, hi: d})
			sc.used[i+1] = true
		case i >= 1 && tokens[i-1].num && tokens[i-1].value >= 1 && tokens[i-1].value <= 31:
			d := float64(m*100) + tokens[i-1].value
			lo, from := d, i-1
			// "from 17 to 19 July", "17-19 July": the days a span covers.
			if k := i - 3; k >= 0 && (tokens[k+1].low == "to" || tokens[k+1].text == "-" || tokens[k+1].low == "and") &&
				tokens[k].num && tokens[k].value >= 1 && tokens[k].value < tokens[i-1].value {
				lo, from = float64(m*100)+tokens[k].value, k
			} else if tokens[i-1].hyphen && i >= 2 && tokens[i-2].num && tokens[i-2].value < tokens[i-1].value {
				lo, from = float64(m*100)+tokens[i-2].value, i-2
			}
			sc.facts = append(sc.facts, fact{key: "monthday", surface: sc.surface(from, i), lo: lo, hi: d})
		default:
			// A month alone covers its days, so that "the end of
			// September" differs from "30 June" but not from "30
			// September".
			from, first, last := sc.monthPart(i)
			sc.facts = append(sc.facts, fact{key: "monthday", surface: sc.surface(from, i), lo: float64(m*100 + first), hi: float64(m*100 + last)})
		}
		return i, true
	}
	return i, false
}

// monthPart returns the days of the month named at tokens[i] that the
// words before it narrow it to ("early", "mid-", "late", "the end of"),
// and where that phrase starts. The thirds follow the newsroom's loose
// usage: early is the first ten days, late the last ten or so.
func (sc *factScanner) monthPart(i int) (from, first, last int) {
	switch {
	case sc.word(i-1) == "early":
		return i - 1, 1, 10
	case sc.word(i-1) == "mid":
		return i - 1, 11, 20
	case sc.word(i-1) == "late":
		return i - 1, 21, 31
	case sc.word(i-1) == "of" && (sc.word(i-2) == "end" || sc.word(i-2) == "close"):
		return i - 2, 21, 31
	case sc.word(i-1) == "of" && (sc.word(i-2) == "start" || sc.word(i-2) == "beginning"):
		return i - 2, 1, 10
	case sc.word(i-1) == "of" && sc.word(i-2) == "middle":
		return i - 2, 11, 20
	}
	return i, 1, 31
}

// impliedDuration reads a duration whose one is implied: "month-long", "a month", "weeklong".
func (sc *factScanner) impliedDuration(i int) (int, bool) {
	tokens := sc.tokens
	t := tokens[i]
	w := t.low
	// "month-long", "a month", "weeklong": a duration with an implied one.
	if u := timeUnit(w); u > 0 && !t.punct {
		long := sc.word(i+1) == "long" && tokens[i+1].hyphen
		// "a month" is a duration, but "twice a month" and "40,000
		// vehicles a day" are rates.
		// "a day out", "a night off": an outing, not a length of time.
		if next := sc.word(i + 1); next == "out" || next == "off" {
			return i, true
		}
		article := (sc.word(i-1) == "a" || sc.word(i-1) == "an") &&
			!(i >= 2 && (tokens[i-2].num || (!tokens[i-2].punct && !stopWords[sc.word(i-2)] && !locatives[sc.word(i-2)] && !lasting[sc.word(i-2)])))
		if strings.HasSuffix(w, "long") || long || article {
			start, end := i, i
			if article {
				start = i - 1
			}
			if long {
				end = i + 1
			}
			if article && sc.word(i+1) == "and" && (sc.word(i+2) == "a" || sc.word(i+2) == "an") && sc.word(i+3) == "half" {
				u *= 1.5 // "a year and a half"
				end = i + 3
			}
			lo, hi := rangeOf(u, hedgeBefore(tokens, start), 0.05)
			sc.facts = append(sc.facts, fact{key: "duration", surface: sc.surface(start, end), lo: lo, hi: hi, anchor: adjectival(tokens, i, end+1)})
			for k := start; k <= end; k++ {
				sc.used[k] = true
			}
		}
		return i, true
	}
	return i, false
}

// lasting are the words before "a day" or "an hour" that make it a
// length of time ("takes an hour", "roughly a year") rather than a rate
// ("40,000 vehicles a day").
var lasting = wordSet("take takes took taking last lasts lasted spend spends spent wait waited roughly nearly almost around just barely")

// bareFraction reads a fraction with no number word: "half of", "a fifth", "a quarter of"; or a fraction of a unit of time ("half a day").
func (sc *factScanner) bareFraction(i int) (int, bool) {
	tokens := sc.tokens
	t := tokens[i]
	w := t.low
	// "Half a million pounds" is a sum, which number reads.
	if _, _, ok := shareOfMagnitude(tokens, i); ok {
		return i, false
	}
	// Fractions with no number word: "half of", "a fifth", "a quarter of".
	if den, ok := fractionWords[w]; ok && !t.num {
		num := 0.0
		start := i
		switch p := sc.word(i - 1); {
		case p == "a" || p == "an":
			num, start = 1, i-1
		case numberWords[p] != 0 && numberWords[p] < den:
			num, start = numberWords[p], i-1
		case w == "half":
			num = 1
		}
		if num == 0 || (start > 0 && !tokens[start].hyphen && isOrdinalContext(sc.word(start-1))) {
			return i, true
		}
		next := sc.word(i + 1)
		if u := timeUnit(sc.word(i + 2)); (next == "a" || next == "an") && u > 0 {
			lo, hi := rangeOf(u*num/den, hedgeBefore(tokens, start), 0.05)
			sc.facts = append(sc.facts, fact{key: "duration", surface: sc.surface(start, i+2), lo: lo, hi: hi})
			sc.used[i+1], sc.used[i+2] = true, true
			return i, true
		}
		if next == "of" || next == "the" || next == "its" || next == "their" || next == "all" ||
			i+1 >= len(tokens) || tokens[i+1].punct {
			v := 100 * num / den
			lo, hi := rangeOf(v, hedgeBefore(tokens, start), 0.02)
			sc.facts = append(sc.facts, fact{key: "percent", surface: sc.surface(start, i), lo: lo, hi: hi, anchor: shareOf(tokens, i+1)})
		}
		return i, true
	}
	return i, false
}

// ordinal reads the place in a sequence that the ordinal at tokens[i..end],
// of value v, gives: "in the 73rd minute", "an 81st-minute equaliser", "on
// the fourth floor", compared with the same noun's ordinal.
func (sc *factScanner) ordinal(i, end int, v float64) {
	if noun := sc.word(end + 1); ordinalNouns[noun] {
		sc.facts = append(sc.facts, fact{key: "ordinal:" + noun, surface: sc.surface(i, end+1), lo: v, hi: v, anchor: noun})
	}
}

// household reads "a family of five": a count of the people a household
// holds, comparable with a count of people ("four people, including two
// children, were asleep upstairs"). A noun after the number counts that
// noun instead.
func (sc *factScanner) household(i int) (int, bool) {
	ts := sc.tokens
	if i+2 >= len(ts) || !households[ts[i].low] || ts[i+1].low != "of" {
		return i, false
	}
	v, end, ok := readNumber(ts, i+2)
	if !ok || v < 2 || v > householdMax {
		return i, false
	}
	if noun, _ := countedNoun(ts, end+1); noun != "" && !isPastVerb(noun) {
		return i, false
	}
	sc.facts = append(sc.facts, fact{key: peopleKey, surface: sc.surface(i, end), lo: v, hi: v, anchor: "people"})
	for k := i; k <= end; k++ {
		sc.used[k] = true
	}
	return end, true
}

// householdMax bounds a household's count: a family of five, not of
// three hundred.
const householdMax = 20

var households = wordSet("family household")

// voteTally reads a vote tally (see tally).
func (sc *factScanner) voteTally(i int) (int, bool) {
	tokens := sc.tokens
	// Vote tallies: "voted 6-1", "a 5-2 vote", "unanimously".
	if ft, end, ok := tally(tokens, i); ok {
		sc.facts = append(sc.facts, ft)
		for k := i; k <= end; k++ {
			sc.used[k] = true
		}
		return end, true
	}
	return i, false
}

// number reads a number written in digits or words and what it measures: a share, money, a duration, a ratio ("one in five"), a fraction, a time of day, a year, or a count of the noun after it.
func (sc *factScanner) number(i int) (int, bool) {
	tokens := sc.tokens
	t := tokens[i]
	w := t.low
	// Numbers, written in digits or words.
	v, end, ok := readNumber(tokens, i)
	if !ok {
		if n := slices.Index(ordinalList, w); n >= 0 {
			sc.ordinal(i, i, float64(n+1))
		}
		return i, true
	}
	for k := i; k <= end; k++ {
		sc.used[k] = true
	}
	start := i
	currency := ""
	if i > 0 && tokens[i-1].punct && (tokens[i-1].text == "$" || tokens[i-1].text == "€" || tokens[i-1].text == "£") {
		currency, start = tokens[i-1].text, i-1
	}
	h := hedgeBefore(tokens, start)
	next := sc.word(end + 1)
	if _, ok := months[next]; ok && end+1 < len(tokens) && tokens[end+1].capital && v >= 1 && v <= 31 {
		return i, true // "3 March": read with the month
	}
	if _, ok := months[sc.word(end+3)]; ok && (next == "to" || next == "and") && end+2 < len(tokens) && tokens[end+2].num && v >= 1 && v <= 31 {
		return i, true // "17 to 19 July": read with the month as a span
	}
	isPercentSign := end+1 < len(tokens) && tokens[end+1].text == "%"
	switch {
	case t.ordinal || (!t.num && ordinalWords[w]):
		// "in the 73rd minute", "an 81st-minute equaliser", "on the
		// fourth floor": which of a sequence, compared with the same
		// noun's ordinal.
		sc.ordinal(i, end, v)
		return i, true
	case isPercentSign || next == "percent" || next == "pct" || (next == "per" && sc.word(end+2) == "cent"):
		e := end + 1
		if next == "per" {
			e = end + 2
		}
		lo, hi := rangeOf(v, h, 0)
		sc.facts = append(sc.facts, fact{key: "percent", surface: sc.surface(start, e), lo: lo, hi: hi, anchor: shareOf(tokens, e+1)})
		sc.used[end+1] = true
	case currency != "" || currencyNames[next]:
		e := end
		if currency == "" {
			e = end + 1
		}
		lo, hi := rangeOf(v, h, 0)
		sc.facts = append(sc.facts, fact{key: "money", surface: sc.surface(start, e), lo: lo, hi: hi})
	case timeUnit(next) > 0 || next == "and" && sc.word(end+2) == "a" && sc.word(end+3) == "half" && timeUnit(sc.word(end+4)) > 0:
		if next == "and" { // "two and a half years"
			v += 0.5
			end += 3
			next = sc.word(end + 1)
		}
		e := end + 1
		if sc.word(e+1) == "and" && (sc.word(e+2) == "a" || sc.word(e+2) == "an") && sc.word(e+3) == "half" {
			v += 0.5 // "a year and a half"
			e += 3
		}
		if sc.word(e+1) == "old" || (sc.word(e+1) == "long" && sc.word(e+2) == "old") {
			// An age, not a duration: "a 93-year-old widow" is compared
			// with the age another outlet gives the widow.
			if timeUnit(next) == 365 && sc.word(e+1) == "old" {
				noun, _ := countedNoun(tokens, e+2)
				if noun != "" {
					sc.facts = append(sc.facts, fact{key: ageKey, surface: sc.surface(start, e+1), lo: v, hi: v, anchor: noun})
				}
			}
			return i, true
		}
		if sc.word(e+1) == "long" && tokens[e+1].hyphen {
			e++
		}
		lo, hi := rangeOf(v*timeUnit(next), h, 0.05)
		sc.facts = append(sc.facts, fact{key: "duration", surface: sc.surface(start, e), lo: lo, hi: hi, anchor: adjectival(tokens, end+1, e+1)})
		sc.used[end+1] = true
	case next == "in" || (next == "out" && sc.word(end+2) == "of"):
		// "one in five", "three out of ten"
		k := end + 2
		if next == "out" {
			k = end + 3
		}
		if m, mEnd, ok := readNumber(tokens, k); ok && m > v && v > 0 {
			lo, hi := rangeOf(100*v/m, h, 0.02)
			noun, _ := countedNoun(tokens, mEnd+1)
			sc.facts = append(sc.facts, fact{key: "percent", surface: sc.surface(start, mEnd), lo: lo, hi: hi, anchor: noun})
			for j := k; j <= mEnd; j++ {
				sc.used[j] = true
			}
			return mEnd, true
		}
		fallthrough
	default:
		if fd, ok := fractionWords[next]; ok && v < fd && (sc.word(end+2) == "of" || end+2 >= len(tokens) || tokens[end+2].punct) {
			lo, hi := rangeOf(100*v/fd, h, 0.02)
			sc.facts = append(sc.facts, fact{key: "percent", surface: sc.surface(start, end+1), lo: lo, hi: hi, anchor: shareOf(tokens, end+2)})
			sc.used[end+1] = true
			return i, true
		}
		if e, hour, ok := sc.clockWithMinutes(i, end, v); ok {
			if hour >= 0 {
				lo, hi := clockRange(tokens, i, hour)
				sc.facts = append(sc.facts, fact{key: "clock", surface: sc.surface(start, e), lo: lo, hi: hi})
			}
			return e, true
		}
		if next == "a.m." || next == "p.m." || next == "am" || next == "pm" || next == "o'clock" {
			hour := v
			if v != math.Trunc(v) {
				hour = math.Trunc(v) + math.Round((v-math.Trunc(v))*100)/60 // "2.30am"
			}
			if next == "p.m." || next == "pm" || next == "o'clock" && hour < 12 && afternoonAfter(tokens, end+2) {
				hour += 12
			}
			lo, hi := clockRange(tokens, i, hour)
			sc.facts = append(sc.facts, fact{key: "clock", surface: sc.surface(start, end+1), lo: lo, hi: hi})
			return i, true
		}
		if t.num && !t.comma && (v >= 1900 || v >= 1500 && olderYear(tokens, i)) && v <= 2100 && v == math.Trunc(v) && end == i {
			lo, hi := yearRange(tokens, i)
			sc.facts = append(sc.facts, fact{key: "year", surface: t.text, lo: lo, hi: hi})
			return i, true
		}
		// A bare count needs the noun it counts; a count of one, or a
		// number inside a name ("Route 9"), says too little to compare.
		anchor, last := countedNoun(tokens, end+1)
		// "not the 1,150 the company announced": a determiner opens
		// another noun phrase, so the count names none.
		if w := sc.word(end + 1); w == "the" || w == "a" || w == "an" || w == "its" || w == "their" {
			anchor = ""
		}
		if anchor == "s" {
			anchor = "" // a decade: "a man in his 70s"
		}
		// "according to two people familiar with the inquiry": who told
		// the outlet, not who the story counts.
		if informants(tokens, last) {
			return i, true
		}
		if i > 0 && tokens[i-1].low == "magnitude" {
			anchor = "magnitude" // "a magnitude-6.8 quake" measures the quake
		}
		// "4,812 was inside the ground": a count that is its clause's
		// singular subject counts no noun after it ("nine were Corrin
		// employees" counts employees).
		if w := sc.word(end + 1); w == "was" || w == "is" {
			anchor = ""
		}
		if c := collectiveBefore(tokens, i); anchor == "" && c != "" {
			anchor, last = c, i
		}
		// "Three other people were pulled from their vehicles" counts
		// people besides those another figure counts; "the country's
		// three largest mines" ranks, and counts nothing that happened.
		if w := sc.word(end + 1); w == "other" || w == "more" || w == "further" || w == "additional" || w == "others" ||
			len(w) > 5 && strings.HasSuffix(w, "est") {
			return i, true
		}
		// "Vrelna Gora No. 2 coal mine": a number in a name.
		if i >= 1 && (sc.word(i-1) == "no" || sc.word(i-1) == "no." || i >= 2 && tokens[i-1].text == "." && sc.word(i-2) == "no") {
			return i, true
		}
		// "About 1,400 teachers" opens with a capital too: a hedge
		// is not a name, nor is a sentence's opening word of no
		// weight ("The six staff who work there", "All six staff").
		named := i > 0 && tokens[i-1].capital && !(tokens[i-1].first && stopWords[tokens[i-1].low])
		if anchor == "" || v == 1 && !oneDead(tokens, sc.surface(start, last)) || named && hedgeBefore(tokens, i) == exact {
			return i, true
		}
		lo, hi := rangeOf(v, h, 0)
		// "Her eleven co-authors" are the authors but one: with her,
		// the "team of 12 authors" another outlet counts.
		if sc.word(end+1) == "co" && end+2 < len(tokens) && tokens[end+2].hyphen {
			hi++
		}
		// "A few dozen" and "several dozen" are vaguer than "a dozen":
		// two to five dozen, three to nine.
		if t.low == "dozen" && i > 0 {
			switch tokens[i-1].low {
			case "few":
				lo, hi = 24, 60
			case "several":
				lo, hi = 36, 108
			}
		}
		key := countKey(anchor)
		if kmh, end, ok := sc.speed(anchor, last); ok {
			// "12 km/h", "30mph" and "20 miles an hour" in km/h.
			key, lo, hi, last = speedKey, lo*kmh, hi*kmh, end
		} else if metres, slack := lengthUnit(anchor); metres > 0 {
			// "two miles" and "eight kilometres" measure one thing.
			key, lo, hi = distanceKey, lo*metres*(1-slack), hi*metres*(1+slack)
		} else if k, size, slack := measureUnit(anchor); size > 0 {
			// "1.8 tonnes" and "less than 200kg" of what leaked.
			key, lo, hi = k, lo*size*(1-slack), hi*size*(1+slack)
		}
		sc.facts = append(sc.facts, fact{key: key, surface: sc.surface(start, last), lo: lo, hi: hi, anchor: anchor})
	}
	return i, true
}

// oneDead reports whether a count of one, surface in tokens, counts the
// dead ("where one man has died", "one person was killed"): said of
// anything else a count of one says too little to compare, but one death
// against "two people have died" is a dispute.
func oneDead(tokens []token, surface string) bool {
	return stateOf(tokens, fact{surface: surface}) == "dead"
}

// informants reports whether the counted noun at tokens[last] is followed
// by the words that make its count an outlet's unnamed sources ("two
// people familiar with the investigation", "three people close to the
// talks", "people with knowledge of the deal", "officials briefed on").
func informants(tokens []token, last int) bool {
	at := func(k int) string {
		if k < len(tokens) {
			return tokens[k].low
		}
		return ""
	}
	switch at(last + 1) {
	case "familiar":
		return at(last+2) == "with"
	case "close":
		return at(last+2) == "to"
	case "with":
		return at(last+2) == "knowledge" || at(last+2) == "direct"
	case "briefed":
		return at(last+2) == "on"
	}
	return false
}

// currencyNames are the units a sum is told in when no sign gives it
// ("35 million dollars", "five million crowns"): a sum, not a count of
// crowns. ("Marks" are left out: a test's marks are counted.)
var currencyNames = wordSet("dollars euros pounds crowns kroner kronor florins guilders talers thalers francs rupees yen roubles rubles dinars pesos shillings zlotys")

// olderYear reports whether a number before 1900 at tokens[i] is a year:
// a preposition of time leads to it ("completed in 1884", "since 1850")
// and no noun follows that it would count ("in 1500 homes").
func olderYear(tokens []token, i int) bool {
	if i == 0 || !yearPrepositions[tokens[i-1].low] {
		return false
	}
	noun, _ := countedNoun(tokens, i+1)
	return noun == ""
}

var yearPrepositions = wordSet("in since until till from by before after circa")

// distanceKey is the key of a length, in metres whatever its unit.
const distanceKey = "count:distance"

// ageKey is the key of a person's age in years, with the noun it is
// the age of as its anchor ("a 93-year-old widow").
const ageKey = "age"

// speedKey is the key of a speed, in km/h whatever its unit.
const speedKey = "speed"

// speed reads a speed whose unit opens at anchor, the counted word at
// tokens[last]: "km/h", "kph", "mph", "knots", or a length "per hour" or
// "an hour". It returns km/h per unit and the speed's last token.
func (sc *factScanner) speed(anchor string, last int) (kmh float64, end int, ok bool) {
	switch strings.ToLower(anchor) {
	case "mph":
		return 1.609344, last, true
	case "kph", "kmh", "km/h":
		return 1, last, true
	case "knots", "knot":
		return 1.852, last, true
	}
	metres, _ := lengthUnit(anchor)
	if metres == 0 {
		return 0, 0, false
	}
	per := func(k int) bool { return sc.word(k) == "h" || sc.word(k) == "hr" || sc.word(k) == "hour" }
	switch {
	case last+2 < len(sc.tokens) && sc.tokens[last+1].text == "/" && per(last+2):
		return metres / 1000, last + 2, true
	case (sc.word(last+1) == "per" || sc.word(last+1) == "an") && per(last+2):
		return metres / 1000, last + 2, true
	}
	return 0, 0, false
}

// lengthUnit returns a unit of length in metres, and how loosely a figure
// in it matches one in another unit: a mile given as "1.6 km" or "a mile
// and a half" as "2.5 km" is rounded, by up to about 8%, while metric
// units convert exactly.
func lengthUnit(w string) (metres, slack float64) {
	switch strings.ToLower(w) {
	case "metre", "metres", "meter", "meters":
		return 1, 0
	case "centimetre", "centimetres", "centimeter", "centimeters", "cm":
		return 0.01, 0
	case "kilometre", "kilometres", "kilometer", "kilometers", "km", "kms":
		return 1000, 0
	case "mile", "miles":
		return 1609.344, 0.08
	case "yard", "yards":
		return 0.9144, 0.08
	case "foot", "feet", "ft":
		return 0.3048, 0.08
	}
	return 0, 0
}

// measureUnit reads a unit of weight or of volume: the key its figures
// are compared under and its size in kilograms or litres, with the slack
// of a unit outlets round to ("a ton" is a short, long or metric ton).
func measureUnit(w string) (key string, size, slack float64) {
	switch strings.ToLower(w) {
	case "tonne", "tonnes", "t":
		return massKey, 1000, 0
	case "ton", "tons":
		return massKey, 1000, 0.1
	case "kilogram", "kilograms", "kilogramme", "kilogrammes", "kg", "kgs", "kilo", "kilos":
		return massKey, 1, 0
	case "gram", "grams", "g":
		return massKey, 0.001, 0
	case "pound", "pounds", "lb", "lbs":
		return massKey, 0.4536, 0
	case "litre", "litres", "liter", "liters", "l":
		return volumeKey, 1, 0
	case "millilitre", "millilitres", "ml":
		return volumeKey, 0.001, 0
	case "gallon", "gallons":
		return volumeKey, 4.546, 0.2 // imperial or US
	case "barrel", "barrels":
		return volumeKey, 159, 0
	}
	return "", 0, 0
}

// massKey and volumeKey are the keys of a weight in kilograms and of a
// volume in litres, whatever their units.
const (
	massKey   = "count:mass"
	volumeKey = "count:volume"
)

// countClass names what a counted noun counts, so that two outlets'
// counts of the same thing meet though they name it differently ("300
// people" and "120 residents" evacuated): the nouns news writing uses
// interchangeably for the same head count. Nouns that pick out a group
// (firefighters, passengers, pupils) keep their own class.
// countKey is the key of a count of the noun w.
func countKey(w string) string { return "count:" + countClass(stem(w)) }

func countClass(st string) string {
	if c, ok := countClasses[st]; ok {
		return c
	}
	return st
}

// peopleKey is the kind of a count of people however named.
const peopleKey = "count:people"

var countClasses = foldTable(stem, map[string]string{
	"people":   "people person persons resident local villager inhabitant individual citizen townspeople victim casualty reveller",
	"walker":   "walker hiker rambler trekker",
	"worker":   "worker employee staff staffer docker dockworker",
	"job":      "job position post role",
	"home":     "home house dwelling household family property premises",
	"pupil":    "pupil student child children schoolchild schoolchildren",
	"vehicle":  "vehicle machine",
	"ship":     "ship vessel boat",
	"aircraft": "aircraft plane jet turboprop airliner",
	"crowd":    "crowd audience attendance congregation gathering turnout",
})

// foldTable maps the key of every word of each group (its stem, say) to
// the group's name.
func foldTable(key func(string) string, groups map[string]string) map[string]string {
	m := make(map[string]string)
	for name, words := range groups {
		for _, w := range strings.Fields(words) {
			m[key(w)] = name
		}
	}
	return m
}

// clockWithMinutes reads a time written with its minutes after a colon,
// "2:30 a.m." or "14:45", whose hour v is tokens[i..end]. It returns the
// last token read and the hour of the day (2.5 for "2:30 a.m."), or an hour
// of -1 for a live blog's time stamp ("09:30 — The men are..."), which
// dates an update rather than anything the update reports. ok is false when
// the tokens are not such a time.
func (sc *factScanner) clockWithMinutes(i, end int, v float64) (last int, hour float64, ok bool) {
	ts := sc.tokens
	m := end + 2
	if end+1 >= len(ts) || ts[end+1].text != ":" || m >= len(ts) || !ts[m].num || len(ts[m].text) != 2 ||
		ts[m].value >= 60 || v != math.Trunc(v) || v > 24 {
		return 0, 0, false
	}
	for k := end + 1; k <= m; k++ {
		sc.used[k] = true
	}
	hour = v + ts[m].value/60
	last = m
	switch sc.word(m + 1) {
	case "a.m.", "am":
		if v == 12 {
			hour -= 12
		}
		last = m + 1
	case "p.m.", "pm":
		if v < 12 {
			hour += 12
		}
		last = m + 1
	}
	if timeStamp(ts, i, last) {
		return last, -1, true
	}
	return last, hour, true
}

// clockRange is the span of hours a time of day at tokens[i] admits, by
// the words before it: "shortly after 4 a.m." runs to half past, so it
// agrees with "04:12"; "just before 8am" from half past seven; "about
// 4pm" twelve minutes either way, "about 7.30pm" six.
func clockRange(tokens []token, i int, hour float64) (float64, float64) {
	w := func(k int) string {
		if k < 0 || tokens[k].punct {
			return ""
		}
		return tokens[k].low
	}
	// A time given to the minute is hedged more narrowly than one on
	// the hour: "shortly after 9.40pm" is not 10.15pm.
	reach := 0.5
	if hour != math.Trunc(hour) {
		reach = 0.25
	}
	switch p1, p2 := w(i-1), w(i-2); {
	case p1 == "after" && (p2 == "shortly" || p2 == "just" || p2 == "soon"):
		return hour, hour + reach
	case p1 == "before" && (p2 == "shortly" || p2 == "just"):
		return hour - reach, hour
	case p1 == "about" || p1 == "around" || p1 == "approximately" || p1 == "roughly":
		return hour - reach/2.5, hour + reach/2.5
	}
	return hour, hour
}

// afternoonAfter reports whether the words from tokens[k] put an hour
// "o'clock" after noon ("three o'clock this afternoon", "at six o'clock
// in the evening"), as a writer who gives no "am" or "pm" does.
func afternoonAfter(tokens []token, k int) bool {
	for j := k; j < len(tokens) && j < k+3; j++ {
		switch tokens[j].low {
		case "afternoon", "evening", "night", "tonight":
			return true
		}
	}
	return false
}

// yearRange is the span of years a year at tokens[i] admits: a decade
// ("the 1960s", "the late 1960s") covers its years, so "built in the late
// 1960s" agrees with "built in 1968".
func yearRange(tokens []token, i int) (float64, float64) {
	v := tokens[i].value
	if i+1 >= len(tokens) || tokens[i+1].text != "s" || math.Mod(v, 10) != 0 {
		return v, v
	}
	if i > 0 {
		switch tokens[i-1].low {
		case "early":
			return v, v + 3
		case "mid":
			return v + 3, v + 6
		case "late":
			return v + 6, v + 9
		}
	}
	return v, v + 9
}

// stampOf returns the hour of the time stamp a sentence opens on, if any.
func stampOf(ts []token) (float64, bool) {
	i := 0
	for i < len(ts) && i < 2 && ts[i].punct && strings.ContainsAny(ts[i].text, "[(*") {
		i++ // "[09:20]", "**09:20**"
	}
	if i >= len(ts) || !ts[i].num {
		return 0, false
	}
	sc := factScanner{tokens: ts, used: make([]bool, len(ts))}
	v := ts[i].value
	if e, hour, ok := sc.clockWithMinutes(i, i, v); ok && hour < 0 {
		hour = v
		if m := i + 2; m <= e && m < len(ts) {
			hour += ts[m].value / 60
		}
		if w := sc.word(e); (w == "p.m." || w == "pm") && v < 12 {
			hour += 12
		}
		return hour, true
	}
	return 0, false
}

// timeStamp reports whether the time at ts[i..last] opens its sentence as a
// live blog's time stamp does: followed by a dash or colon, or straight by
// the update's first word ("10:05 a.m. The fire has burned...").
func timeStamp(ts []token, i, last int) bool {
	for k := 0; k < i; k++ {
		if k >= 2 || !ts[k].punct || !strings.ContainsAny(ts[k].text, "[(*") {
			return false
		}
	}
	if last+1 >= len(ts) {
		return false
	}
	next := ts[last+1]
	return next.punct && next.text != "," && next.text != "." || next.capital
}

// collectiveBefore returns the collective noun a count gives the size of,
// read before it: "a crowd of 4,812", "a crowd of about 6,000", "the
// crowd was estimated at about 6,000", "attendance was put at 3,200";
// or "".
func collectiveBefore(tokens []token, i int) string {
	k := i - 1
	for k >= 0 && k >= i-3 && !tokens[k].punct && hedgeLeads[tokens[k].low] {
		k--
	}
	if k >= 1 && tokens[k].low == "of" && collective(tokens[k-1].low) {
		return tokens[k-1].low
	}
	// The subject of a clause that puts it at the count.
	for j := k; j >= 0 && j >= i-collectiveReach; j-- {
		if tokens[j].punct {
			return ""
		}
		if collective(tokens[j].low) && j+1 < len(tokens) && (tokens[j+1].low == "was" || tokens[j+1].low == "is" || tokens[j+1].low == "of") {
			return tokens[j].low
		}
	}
	return ""
}

// hedgeLeads are the words of a hedge or bound that may stand between a
// collective noun's "of" and its count ("a crowd of about 6,000").
var hedgeLeads = wordSet("about around approximately roughly nearly almost some more less fewer over than at least up to under")

// collective reports whether w names a gathering of people, whose size a
// bare count gives: the count class crowdKey counts.
func collective(w string) bool { return countKey(w) == crowdKey }

// crowdKey is the key of the size of a gathering ("a crowd of 4,812", "an
// attendance of 6,000").
const crowdKey = "count:crowd"

// collectiveReach is how far back the clause's subject may stand ("the
// crowd was estimated at about 6,000").
const collectiveReach = 6

// countedNoun finds the noun a count counts, starting at tokens[j]: the
// first content word, or the second when the first looks like a modifier
// ("four mainland regions", "12 new workers"). It returns the noun and its
// index.
// joinedHead returns the index of the plural noun that heads "X and
// [Y] Zs" at tokens[k] ("nursing and support staff", "nurses and care
// workers").
func joinedHead(tokens []token, k int, content func(int) bool) (int, bool) {
	if k+2 >= len(tokens) || tokens[k+1].low != "and" {
		return 0, false
	}
	plural := func(e int) bool {
		return content(e) && !tokens[e].capital && (strings.HasSuffix(tokens[e].low, "s") || pluralNouns[tokens[e].low])
	}
	for e := k + 2; e <= k+3; e++ {
		if plural(e) {
			return e, true
		}
		if !content(e) {
			break
		}
	}
	return 0, false
}

func countedNoun(tokens []token, j int) (string, int) {
	content := func(k int) bool {
		return k < len(tokens) && !tokens[k].punct && !tokens[k].num && !stopWords[tokens[k].low] &&
			numberWords[tokens[k].low] == 0 && magnitudes[tokens[k].low] == 0
	}
	for k := j; k < len(tokens) && k < j+3; k++ {
		if tokens[k].punct {
			return "", 0
		}
		if !content(k) {
			continue
		}
		// "a fourteen-storey building", "a six-lane road": a number
		// joined to its noun measures the thing after it.
		if tokens[k].hyphen && k == j {
			return tokens[k].low, k
		}
		// "31 nursing and support staff", "40 nurses and care
		// workers": a count of two groups joined by "and" counts by
		// the last noun.
		if e, ok := joinedHead(tokens, k, content); ok {
			return tokens[e].low, e
		}
		// "2,000 letters of objection" are objections: the letters
		// carry what they count.
		if carriers[tokens[k].low] && k+2 < len(tokens) && tokens[k+1].low == "of" && content(k+2) {
			return tokens[k+2].low, k + 2
		}
		if m, _ := lengthUnit(tokens[k].low); m > 0 {
			return tokens[k].low, k // "3 km downstream" measures in km
		}
		// "Eight ill-prepared walkers": a compound modifier comes
		// whole before its noun.
		if e := k + 1; e < len(tokens) && tokens[e].hyphen {
			for e+1 < len(tokens) && tokens[e+1].hyphen {
				e++
			}
			if n := e + 1; content(n) {
				// "41 long-finned pilot whales" are whales.
				if !strings.HasSuffix(tokens[n].low, "s") && !pluralNouns[tokens[n].low] && content(n+1) && !tokens[n+1].capital && strings.HasSuffix(tokens[n+1].low, "s") {
					n++
				}
				return tokens[n].low, n
			}
		}
		if !strings.HasSuffix(tokens[k].low, "s") && !pluralNouns[tokens[k].low] && content(k+1) && !tokens[k+1].capital {
			return tokens[k+1].low, k + 1
		}
		// "11 Liberal Centre deputies", "40 Labour MPs": a name before
		// the noun says whose they are.
		if tokens[k].capital {
			e := k
			for e+1 < len(tokens) && e < k+3 && tokens[e+1].capital && content(e+1) {
				e++
			}
			if n := e + 1; content(n) && !tokens[n].capital && (strings.HasSuffix(tokens[n].low, "s") || pluralNouns[tokens[n].low]) {
				return tokens[n].low, n
			}
		}
		return tokens[k].low, k
	}
	return "", 0
}

// carriers are the nouns a count names by what they carry.
var carriers = wordSet("letters messages emails notes submissions")

// adjectival returns the noun a duration qualifies when it is written as
// a modifier ("30-day pause", "month-long comment period"), or "" when it
// is adverbial ("for two years in a row"), whose subject is the verb.
func adjectival(tokens []token, unit, next int) string {
	if unit >= len(tokens) || next >= len(tokens) || tokens[next].punct {
		return ""
	}
	u := tokens[unit].low
	joined := tokens[unit].hyphen || (next > 0 && tokens[next-1].low == "long") || strings.HasSuffix(u, "long")
	if !joined || strings.HasSuffix(u, "s") {
		return ""
	}
	noun, _ := countedNoun(tokens, next)
	return noun
}

// shareOf returns what a share is a share of: the noun after "of" in
// "a third of homes" or "20% of the plant's workforce".
func shareOf(tokens []token, j int) string {
	if j >= len(tokens) || tokens[j].low != "of" {
		return ""
	}
	noun, _ := countedNoun(tokens, j+1)
	return noun
}

// pluralNouns are plurals without a final s, which end a counted phrase.
var pluralNouns = wordSet("people children men women police staff personnel cattle feet teeth mice geese")

var ordinalList = strings.Fields("first second third fourth fifth sixth seventh eighth ninth tenth")

var ordinalWords = wordSet(strings.Join(ordinalList, " "))

// ordinalNouns are the sequences whose place an ordinal gives that outlets
// report and can get wrong: a match's minute, a building's floor, a race's lap.
var ordinalNouns = wordSet("minute floor storey lap round hole innings day")

func isOrdinalContext(w string) bool {
	return w == "the" || w == "its" || w == "their" || w == "first" || w == "second"
}

// readNumber reads a number starting at tokens[i]: "1,200", "3.5 million",
// "twenty-five", "two hundred", "a dozen". It returns the value and the index
// of its last token.
func readNumber(tokens []token, i int) (float64, int, bool) {
	if i >= len(tokens) || tokens[i].punct {
		return 0, 0, false
	}
	if v, end, ok := shareOfMagnitude(tokens, i); ok {
		return v, end, true
	}
	t := tokens[i]
	var v float64
	end := i
	switch {
	case t.num:
		v = t.value
	case numberWords[t.low] != 0:
		v, end = tensAndUnits(tokens, i)
		v, end = hundredsAnd(tokens, v, end)
		v, end = spokenDecimal(tokens, v, end)
	case (t.low == "a" || t.low == "an") && i+1 < len(tokens) && tokens[i+1].low == "dozen":
		return 12, i + 1, true
	default:
		return 0, 0, false
	}
	// "six and a half thousand", "two and a half million": the half is
	// of the magnitude that follows it.
	if end+4 < len(tokens) && tokens[end+1].low == "and" && tokens[end+2].low == "a" && tokens[end+3].low == "half" && magnitudes[tokens[end+4].low] > 1 {
		v += 0.5
		end += 3
	}
	for end+1 < len(tokens) {
		m, ok := magnitudes[tokens[end+1].low]
		if !ok || tokens[end+1].punct {
			break
		}
		v *= m
		end++
	}
	return v, end, true
}

// tensAndUnits reads a number word at tokens[i], with the unit after a
// tens word ("twenty three"), and returns it and where it ends.
func tensAndUnits(tokens []token, i int) (float64, int) {
	v, end := numberWords[tokens[i].low], i
	if end+1 < len(tokens) {
		if u := numberWords[tokens[end+1].low]; u != 0 && u < 10 && v >= 20 && v < 100 && math.Mod(v, 10) == 0 {
			v += u
			end++
		}
	}
	return v, end
}

// hundredsAnd reads on past a number word v ending at tokens[end] through
// "hundred and" and the tens and units after it ("three hundred and
// twenty" is 320, not 300 and then 20 of something).
func hundredsAnd(tokens []token, v float64, end int) (float64, int) {
	if v >= 10 || end+3 >= len(tokens) || tokens[end+1].low != "hundred" || tokens[end+2].low != "and" {
		return v, end
	}
	next := tokens[end+3].low
	if numberWords[next] == 0 || next == "dozen" {
		return v, end
	}
	rest, last := tensAndUnits(tokens, end+3)
	return v*100 + rest, last
}

// spokenDecimal reads the decimals of a number written as it is said on
// air ("three point one million pounds", "two point five per cent"),
// whose whole part v ends at tokens[end]: each digit after "point", as a
// word. Read as two numbers, "one million pounds" would be a sum of its
// own and a false version of the £3.1m the print outlets give.
func spokenDecimal(tokens []token, v float64, end int) (float64, int) {
	if end+2 >= len(tokens) || tokens[end+1].low != "point" || v != math.Trunc(v) {
		return v, end
	}
	var digits strings.Builder
	k := end + 2
	for ; k < len(tokens); k++ {
		d, ok := spokenDigits[tokens[k].low]
		if !ok {
			break
		}
		digits.WriteByte('0' + d)
	}
	if digits.Len() == 0 {
		return v, end
	}
	// Parsed as written in figures, so that "three point one" is the
	// very value "3.1" is.
	x, err := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 0, 64)+"."+digits.String(), 64)
	if err != nil {
		return v, end
	}
	return x, k - 1
}

var spokenDigits = map[string]byte{
	"zero": 0, "nought": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4,
	"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}

// shareOfMagnitude reads a fraction of a million or a billion as news
// writes it: "a quarter of a million", "half a million", "three quarters
// of a billion".
func shareOfMagnitude(tokens []token, i int) (float64, int, bool) {
	word := func(k int) string {
		if k < len(tokens) {
			return tokens[k].low
		}
		return ""
	}
	k, times := i, 1.0
	switch w := word(k); {
	case w == "a" || w == "an":
		k++
	case numberWords[w] > 1 && numberWords[w] < 10:
		times = numberWords[w] // "three quarters"
		k++
	}
	share, ok := map[string]float64{"half": 2, "quarter": 4, "quarters": 4, "third": 3, "thirds": 3}[word(k)]
	if !ok {
		return 0, 0, false
	}
	k++
	if word(k) == "of" {
		k++
	}
	if word(k) != "a" {
		return 0, 0, false
	}
	m, ok := magnitudes[word(k+1)]
	if !ok || m < 1e6 {
		return 0, 0, false
	}
	return times * m / share, k + 1, true
}

func weekdayNumber(w string) float64 {
	for i, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		if d == w {
			return float64(i + 1)
		}
	}
	return 0
}

// describe writes a fact's value in plain words for a summary line.
func (f fact) describe() string {
	kind := strings.SplitN(f.key, ":", 2)[0]
	v := (f.lo + f.hi) / 2
	if math.IsInf(f.hi, 1) {
		v = f.lo
	}
	switch kind {
	case "duration":
		// As written: a reader compares "two days" with "36 hours"
		// at a glance, and a hedged span's midpoint in other units
		// ("72 hours" as 3.7 days) reads as a figure nobody gave.
		if f.toEnd {
			return "until " + quoteWord(f.surface) // a length told by its end
		}
		return quoteWord(f.surface)
	case "percent":
		if strings.ContainsAny(f.surface, "%") || strings.Contains(f.surface, "percent") || strings.Contains(f.surface, "per cent") {
			return f.surface
		}
		return fmt.Sprintf("%s (%s%%)", quoteWord(f.surface), strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64))
	}
	return f.surface
}

func quoteWord(s string) string { return "“" + s + "”" }

// saidOn reports whether the weekday at tokens[i] dates a statement
// ("said on Monday", "said Monday", "told reporters on Tuesday") rather
// than the event.
func saidOn(tokens []token, i int) bool {
	// "told analysts on a call on Tuesday": up to six words back when
	// they are only the audience and the occasion.
	reach := 3
	for k := i - 1; k >= 0 && k >= i-6; k-- {
		if tokens[k].punct {
			break
		}
		if (tokens[k].low == "told" || tokens[k].low == "said") && k+1 < len(tokens) && tokens[k+1].low != "to" {
			reach = 6 // not "were told to leave on Thursday"
		}
	}
	for k := i - 1; k >= 0 && k >= i-reach; k-- {
		if tokens[k].punct {
			return false
		}
		switch tokens[k].low {
		case "said", "says", "told", "announced", "confirmed", "stated", "reporters":
			return true
		}
	}
	return false
}

// voteWords mark a sentence about a vote, where "6-1" is a tally and not a
// score.
var (
	voteWords  = wordSet("vote voted votes voting ballot approved approve passed backed endorsed rejected adopted")
	tallyNouns = wordSet("decision ruling majority verdict split margin vote judgment")
)

// tally reads a vote tally at tokens[i]: "6-1", "27 votes to 11", "by
// 203 to 188" (value: the votes against) or "unanimous(ly)" (none
// against), in a sentence about a vote, and returns where it ends.
func tally(tokens []token, i int) (fact, int, bool) {
	about := false
	for _, t := range tokens {
		if voteWords[t.low] {
			about = true
		}
	}
	// "The 4-3 decision", "the 7-4 ruling": the noun says it is a tally.
	if !about && i+2 < len(tokens) && tokens[i+1].num && tokens[i+1].hyphen && tallyNouns[tokens[i+2].low] {
		about = true
	}
	if !about {
		return fact{}, 0, false
	}
	t := tokens[i]
	switch {
	case t.low == "unanimous" || t.low == "unanimously":
		return fact{key: "vote", surface: t.text, lo: 0, hi: 0}, i, true
	case t.num && !t.comma && t.value <= 50 && i+1 < len(tokens) && tokens[i+1].num && tokens[i+1].hyphen && tokens[i+1].value <= 50 && tokens[i+1].value < t.value:
		against := tokens[i+1].value
		return fact{key: "vote", surface: t.text + "-" + tokens[i+1].text, lo: against, hi: against}, i + 1, true
	}
	return votesTo(tokens, i)
}

// votesTo reads a tally told in words at tokens[i]: "27 votes to nine",
// "by 203 to 188". The votes for must outnumber those against, which
// keeps "by 5 to 10 per cent" out.
func votesTo(tokens []token, i int) (fact, int, bool) {
	from, end, ok := readNumber(tokens, i)
	if !ok {
		return fact{}, 0, false
	}
	to := end + 1
	if to < len(tokens) && (tokens[to].low == "votes" || tokens[to].low == "vote") {
		to++
	} else if i == 0 || tokens[i-1].low != "by" {
		return fact{}, 0, false
	}
	if to+1 >= len(tokens) || tokens[to].low != "to" {
		return fact{}, 0, false
	}
	against, last, ok := readNumber(tokens, to+1)
	if !ok || against >= from || last+1 < len(tokens) && !tokens[last+1].punct && !stopWords[tokens[last+1].low] {
		return fact{}, 0, false
	}
	return fact{key: "vote", surface: surfaceOf(tokens, i, last), lo: against, hi: against}, last, true
}

// changeStems are the stems of the words that say which way a figure
// moved.
var changeStems = stemSet("rose rise rises rising risen fell fall falls falling fallen dropped drop drops climbed climb " +
	"jumped jump grew grow growing increased increase increases decreased decrease declined decline slumped slump " +
	"soared plunged plummeted surged tumbled slipped dipped gained higher lower")

// slotOf returns what a figure with the given surface is about in its
// sentence: the content word right after it ("8% raise", "$86 million
// repair"), else the one before a preposition that leads to it ("raise of
// 6%", "takes effect on September 1"), as a stem with newsroom synonyms
// folded; "" when neither is there.
func slotOf(tokens []token, surface string) string {
	want := scanTokens(surface)
	n := len(want)
	if n == 0 {
		return ""
	}
	content := func(k int) bool {
		return k >= 0 && k < len(tokens) && !tokens[k].punct && !tokens[k].num && !stopWords[tokens[k].low] &&
			len(tokens[k].low) > 2 && numberWords[tokens[k].low] == 0 && timeUnit(tokens[k].low) == 0 && !tokens[k].capital
	}
	for k := 0; k+n <= len(tokens); k++ {
		if tokens[k].text != want[0].text || tokens[k+n-1].text != want[n-1].text {
			continue
		}
		if content(k + n) {
			return foldStem(stem(tokens[k+n].low))
		}
		p := k - 1
		if p >= 0 && tokens[p].punct && tokens[p].text != "," {
			p-- // "$" and the like belong to the figure
		}
		if p >= 0 && stem(tokens[p].low) == "start" {
			return "start" // "starting August 1", "effective March 3"
		}
		if p >= 1 && !tokens[p].punct && slotPrepositions[tokens[p].low] && content(p-1) {
			return foldStem(stem(tokens[p-1].low))
		}
		// "built in 1927", "completed in 1884": a structure's year.
		if p >= 1 && tokens[p].low == "in" && buildVerbs[tokens[p-1].low] && n == 1 && len(want[0].text) == 4 {
			return "build"
		}
		return ""
	}
	return ""
}

// soleClass is what of a figure makes it its article's one answer when
// no other figure of its kind and class stands there: the state of a
// head count, the period of a sum paid each time; "" for others.
func (f fact) soleClass() string {
	if f.key == "money" && f.per != "" {
		return "per " + f.per
	}
	return f.state
}

// perOf returns the period a sum with the given surface is paid for each
// time: "year" in "£250,000 a year", "each year", "per annum" or
// "annually"; "" when none follows it.
func perOf(tokens []token, surface string) string {
	k := indexOf(tokens, surface) + len(scanTokens(surface))
	word := func(j int) string {
		if j < len(tokens) {
			return tokens[j].low
		}
		return ""
	}
	switch w := word(k); {
	case w == "annually" || w == "per" && word(k+1) == "annum":
		return "year"
	case w == "a" || w == "an" || w == "per" || w == "each" || w == "every":
		switch u := word(k + 1); u {
		case "year", "month", "week", "day":
			return u
		}
		// "£250 per member per week": past whom it is for.
		if u := word(k + 3); (word(k+2) == "per" || word(k+2) == "a" || word(k+2) == "each") && (u == "year" || u == "month" || u == "week" || u == "day") {
			return u
		}
	}
	return ""
}

// moneyVerb returns what a sum is said to be, from the verb of money
// right before it ("claimed almost £49,000", "must repay £31,200", "told
// to hand back £38,000"), folded so that outlets' words for one act meet;
// "" when no such verb stands there.
func moneyVerb(tokens []token, surface string) string {
	k := indexOf(tokens, surface) - 1
	for k >= 0 && (ownerHedges[tokens[k].low] || tokens[k].low == "under" || tokens[k].low == "£" || tokens[k].low == "$" || tokens[k].low == "€") {
		k--
	}
	if k < 0 {
		return ""
	}
	w := tokens[k].low
	if particles[w] && k > 0 {
		w = tokens[k-1].low + " " + w // "hand back", "pay back"
	}
	return moneyVerbs[w]
}

// moneyVerbs fold the verbs of money, and the two-word ones
// ("hand back"), into the act they name.
var moneyVerbs = func() map[string]string {
	m := foldTable(func(w string) string { return w }, map[string]string{
		"repay": "repay repays repaid repaying refund refunded",
		"claim": "claim claims claimed claiming",
		"spend": "spend spends spent spending",
		"raise": "raise raises raised raising",
		"lose":  "lose loses lost losing",
		"save":  "save saves saved saving",
		"earn":  "earn earns earned earning",
		"fine":  "fine fined",
		"owe":   "owe owes owed owing",
	})
	for _, p := range []string{"hand back", "handed back", "pay back", "paid back", "give back"} {
		m[p] = "repay"
	}
	return m
}()

// buildVerbs date a structure.
var buildVerbs = wordSet("built completed constructed erected rebuilt")

var slotPrepositions = wordSet("of by at to on from starting until since for")

// nearOf returns the content stems within nearWindow words either side of
// the figure with the given surface, the figure itself and names left out.
func nearOf(tokens []token, surface string) []string {
	want := scanTokens(surface)
	n := len(want)
	for k := 0; n > 0 && k+n <= len(tokens); k++ {
		if tokens[k].text != want[0].text || tokens[k+n-1].text != want[n-1].text {
			continue
		}
		var out []string
		take := func(t token) {
			if t.punct || t.num || t.capital || stopWords[t.low] || len(t.low) < 3 ||
				numberWords[t.low] != 0 || timeUnit(t.low) > 0 || reportingVerbs[t.low] || dayParts[t.low] {
				return
			}
			out = append(out, stem(t.low))
		}
		// The window counts words that say something: "its first
		// emergency call from the block shortly after 2am" reaches the call.
		for j, seen := k-1, 0; j >= 0 && seen < nearWindow; j-- {
			if !stopWords[tokens[j].low] {
				seen++
			}
			take(tokens[j])
		}
		for j, seen := k+n, 0; j < len(tokens) && seen < nearWindow; j++ {
			if !stopWords[tokens[j].low] {
				seen++
			}
			take(tokens[j])
		}
		return out
	}
	return nil
}

// foldStem folds the stems of words news writing uses for one another
// around a figure ("shut for four weeks", "close for ten days"; "killed",
// "dead", "died"; "hurt", "injured"), so that two outlets' wording of the
// same slot meets.
func foldStem(st string) string {
	if f, ok := stemFolds[st]; ok {
		return f
	}
	return st
}

var stemFolds = foldTable(lemma, map[string]string{ // lemma: "found" is find's, not "founded"'s
	"close": "close closed closure closing shut shutting",
	"die":   "die died dead death deaths killed kill killing",
	"hurt":  "hurt injured injury injuries wounded",
	"cost":  "cost costs bill price",
	// Verbs of who found, calmed or began something, for doers.
	"find":    "discovered found spotted noticed detected located uncovered",
	"sedate":  "darted sedated tranquillised tranquilized",
	"start":   "started launched begun began begin",
	"mediate": "mediated brokered",
	// Words for a break-in to computers, for who found it.
	"breach": "breach intrusion hack cyberattack",
	// Verbs and nouns of putting a motion to a meeting ("was tabled
	// by", "was put forward by", "was brought by"), for who proposed it.
	"propose":  "proposed tabled brought put submitted moved",
	"proposal": "proposal motion",
	// Works on a structure, for what a sum pays for ("a £2.4m repair
	// scheme", "a £4.1m strengthening scheme").
	"repair": "repair repairs strengthening refurbishment renovation restoration",
	// Verbs of a ceiling on a sum ("capped at £500", "limited to £250").
	"limit": "limit limited capped cap restricted",
})

// dayParts say when in a day or a year, as the figures beside them do: "on
// Thursday evening" and "on Tuesday evening" share the word but not the
// event, nor do "in the summer of 2022" and "by the summer of 2027".
var dayParts = wordSet("morning afternoon evening night overnight tonight today yesterday tomorrow weekend midday noon midnight dawn dusk spring summer autumn winter")

// nearWindow is how far around a figure its context reaches: about the
// span of the clause that holds it ("expects the closure to save €2.4
// million a year", "the drive takes at least 90 minutes").
const nearWindow = 4

// datedWeekday gives a weekday the date it names in an article published
// at pub: the last such day on or before publication, or, in a sentence
// about what is still to come, the next on or after it. "Resigned on
// Friday" in a paper of Monday 15 June is 12 June, which another outlet's
// "quit on 9 June" disputes.
func datedWeekday(f fact, pub time.Time, ahead bool) fact {
	day := time.Weekday(int(f.lo) % 7) // weekdayNumber counts Monday as 1, Sunday as 7
	shift := -((int(pub.Weekday()) - int(day) + 7) % 7)
	if ahead {
		shift = (int(day) - int(pub.Weekday()) + 7) % 7
	}
	at := pub.AddDate(0, 0, shift)
	f.key, f.weekday = "monthday", int(f.lo)
	f.lo = float64(int(at.Month())*100 + at.Day())
	f.hi = f.lo
	return f
}
