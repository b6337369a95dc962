package offline

import (
	"slices"
	"strings"
)

// A name is a run of capitalized words: a person, organization or place.
type name struct {
	text  string   // as written, possessive dropped
	parts []string // lower-case words that identify it, titles left out
	place bool     // introduced by a locative preposition ("in Jeddah")
	// head is the word a place is attached to: "shelter" in "a shelter
	// at Lindale High School".
	head string
	// moved is, for a place something is moved to, the stem of what
	// is moved: "patient" in "Patients will be moved to Brookfield
	// Hospital".
	moved string
}

// endIn returns the index in ts of the name's last identifying word
// (where what the name did follows), or -1.
func (n name) endIn(ts []token) int {
	last := n.parts[len(n.parts)-1]
	return slices.IndexFunc(ts, func(t token) bool { return t.low == last })
}

// sameEntity reports whether two names can refer to the same entity:
// "Vladimir Putin" and "Putin" share a word.
func (n name) sameEntity(m name) bool {
	for _, a := range n.parts {
		for _, b := range m.parts {
			// "Brookfield Hospital" and "Kingsmead General Hospital"
			// are two hospitals: a kind of place they share says
			// nothing when each has a name of its own.
			if a == b && kindWords[a] && len(n.parts) > 1 && len(m.parts) > 1 {
				continue
			}
			if a == b || countryOf(a) != "" && countryOf(a) == countryOf(b) {
				return true
			}
		}
	}
	return false
}

// kindWords name a kind of place or building, not which one.
var kindWords = wordSet(`hospital infirmary general royal ward centre center school college academy hall church
court house station street road avenue lane square park bridge airport harbour harbor port`)

// countryOf folds the names news writing gives one country ("UK",
// "Britain", "United Kingdom"), or "".
func countryOf(part string) string {
	return countryNames[strings.Trim(part, ".")]
}

var countryNames = foldTable(func(w string) string { return w }, map[string]string{
	"uk": "uk u.k britain british kingdom england",
	"us": "us u.s usa america american states",
})

var titles = wordSet(`president prime minister mayor secretary governor chief dr dr. mr mr. mrs mrs. ms ms.
sen sen. rep rep. gen gen. general spokesman spokeswoman spokesperson envoy director deputy special foreign
chancellor king queen prince judge justice officer commissioner chair chairman chairwoman ceo head
professor prof prof. lt captain colonel sheriff inspector superintendent councillor councilor senator
representative state defence defense interior health finance`)

// geoWords end the names of places ("Marrow River", "Kessler Falls").
var geoWords = wordSet(`river creek lake sea ocean bay gulf mountain mountains hill hills valley island islands
street road avenue square park bridge falls harbor harbour port county province region district city
town village airport station coast beach desert forest canyon`)

var locatives = wordSet("in at near outside inside across throughout")

// notNames are capitalized words that start or sit in a sentence without
// naming anyone.
var notNames = wordSet(`the a an this that these those it its he she they we i his her their our but and or
so yet if when while after before as in on at by for with from of to despite meanwhile however although
though since still also there here what which who why how according under over amid following once now
then earlier later officials official some many most several other others both each`)

// extractNames finds the names in a sentence. proper tells whether a
// lower-cased word is a proper noun in this story, which decides whether a
// capitalized first word is a name or just the start of the sentence.
func extractNames(tokens []token, proper func(string) bool) []name {
	var out []name
	for i := 0; i < len(tokens); i++ {
		t := tokens[i]
		if n, end, ok := roadJunction(tokens, i); ok {
			out = append(out, n)
			i = end
			continue
		}
		if t.punct || !t.capital || t.num {
			continue
		}
		if notNames[t.low] || months[t.low] != 0 || weekdays[t.low] || (t.first && !proper(t.low) && !titles[t.low]) {
			continue
		}
		j := i
		for j+1 < len(tokens) {
			n := tokens[j+1]
			if n.punct || !n.capital || n.num || months[n.low] != 0 || weekdays[n.low] {
				break
			}
			j++
		}
		var parts, words []string
		for k := i; k <= j; k++ {
			words = append(words, strings.TrimSuffix(strings.TrimSuffix(tokens[k].text, "'s"), "’s"))
			if !titles[tokens[k].low] && !notNames[tokens[k].low] && len(tokens[k].low) > 1 {
				parts = append(parts, tokens[k].low)
			}
		}
		if len(parts) == 0 {
			i = j
			continue
		}
		n := name{text: strings.Join(words, " "), parts: parts}
		p := i - 1
		if p >= 0 && tokens[p].low == "the" {
			p--
		}
		if p >= 0 && !tokens[p].punct && locatives[tokens[p].low] {
			n.place = true
			h := p - 1
			if h >= 1 && particles[tokens[h].low] {
				h-- // "handed over at Zahira airport": the verb is the head
			}
			if h >= 0 && !tokens[h].punct && !stopWords[tokens[h].low] && !tokens[h].capital {
				n.head = venueHead(stem(tokens[h].low))
			}
		}
		// "transferred to Ashwell Ward", "moved to Brookfield Hospital":
		// where people or a service are moved to, one head for every
		// verb of moving.
		if p >= 1 && tokens[p].low == "to" && movingVerbs[stem(tokens[p-1].low)] {
			n.place, n.head = true, "moved"
			n.moved = movedSubject(tokens, p-1)
		}
		// "in Jeddah, Saudi Arabia": the second name is a place too.
		if len(out) > 0 && out[len(out)-1].place && i >= 2 && tokens[i-1].text == "," {
			n.place = true
		}
		if geoWords[tokens[j].low] {
			n.place = true
		}
		out = append(out, n)
		i = j
	}
	return out
}

// roadJunction reads a numbered road junction, written in lower case
// ("between junctions 14 and 15", "at junction 9"), as a place: where on
// a motorway a crash or a closure is. Its one part is the numbers
// together, so that "junctions 14 and 15" and "junctions 15 and 16" are
// two places; end is the index of its last number.
func roadJunction(tokens []token, i int) (n name, end int, ok bool) {
	if tokens[i].low != "junction" && tokens[i].low != "junctions" || i+1 >= len(tokens) || !tokens[i+1].num {
		return name{}, 0, false
	}
	end = i + 1
	if end+2 < len(tokens) && (tokens[end+1].low == "and" || tokens[end+1].low == "to") && tokens[end+2].num {
		end += 2
	}
	words := []string{tokens[i].low}
	id := "junction"
	for k := i + 1; k <= end; k++ {
		words = append(words, tokens[k].text)
		if tokens[k].num {
			id += "-" + tokens[k].low
		}
	}
	return name{text: strings.Join(words, " "), parts: []string{id}, place: true, head: "junction"}, end, true
}

// venueHead folds the words that put an event at a venue into one, so
// that "held at the Civic Centre" and "will take place at the Corn
// Exchange" are about the same thing.
func venueHead(st string) string {
	if venueWords[st] {
		return "held"
	}
	return st
}

var venueWords = stemSet("held hold place staged hosted venue took")

// movedSubject returns the stem of the subject of a passive verb of
// moving at tokens[k] ("Patients will be moved"), or "".
func movedSubject(tokens []token, k int) string {
	aux := k
	for aux > 0 && (beVerb(tokens[aux-1].low) || tokens[aux-1].low == "be" || verbAuxiliaries[tokens[aux-1].low]) {
		aux--
	}
	if aux == k || aux == 0 || tokens[aux-1].punct {
		return ""
	}
	return stem(subjectHead(tokens, aux).low)
}

// movingVerbs move people or a service to a place.
var movingVerbs = stemSet("taken moved transferred relocated diverted airlifted flown rushed rehoused evacuated")

// particles complete a phrasal verb ("handed over", "broke out").
var particles = wordSet("over up out off down back away")

// negations are the words that turn an assertion into its denial.
var negations = wordSet(`not n't never no none neither nor nobody nothing denied denies deny denying
refused refuses refusing rejected rejects rejecting declined declines cannot can't don't
didn't won't isn't wasn't aren't weren't hasn't haven't hadn't doesn't shouldn't wouldn't couldn't`)

// negated reports whether a sentence denies rather than asserts, with the
// negating word and the word it denies. Fixed
// phrases that only look negative ("not only", "no doubt", "no longer")
// do not count.
func negated(tokens []token) (yes bool, cue, denied string) {
	yes, cue, denied, _ = negatedFrom(tokens, 0)
	return yes, cue, denied
}

// negatedFrom is negated for the words from tokens[from] on, with the
// index of the negating word.
func negatedFrom(tokens []token, from int) (yes bool, cue, denied string, at int) {
	for i := from; i < len(tokens); i++ {
		t := tokens[i]
		if of := clearedOf(tokens, i); of > 0 {
			return true, t.text, deniedWord(tokens, of), i
		}
		if w, ok := unPrefixed(t.low); ok && predicative(tokens, i) {
			return true, "un", w, i
		}
		if t.punct || !negations[t.low] {
			continue
		}
		next := ""
		if i+1 < len(tokens) {
			next = tokens[i+1].low
		}
		if (t.low == "not" && next == "only") || (t.low == "no" && noIdioms[next]) {
			continue
		}
		// "no cold calling" zones: a quoted name that opens with a
		// negation denies nothing.
		if quotedName(tokens, i) {
			continue
		}
		// "Make no mistake: this was a cynical abuse" insists.
		if t.low == "no" && next == "mistake" && i > 0 && tokens[i-1].low == "make" {
			continue
		}
		if hedged(tokens, i) || opinion(tokens, i) || conditional(tokens, i) || passiveRefusal(tokens, i) || restrictive(tokens, i) {
			continue
		}
		denied := deniedWord(tokens, i)
		if numberWords[denied] != 0 || denied != "" && denied[0] >= '0' && denied[0] <= '9' {
			continue // "three people, not two": a figure put right, which figures compare
		}
		if stopWords[denied] {
			// "Neither of the crew was hurt" denies, but not a word
			// another sentence could assert; "the villages are not in
			// it yet" denies no claim at all.
			return true, t.text, "", i
		}
		if k := i + 1; k < len(tokens) && denied != "" && slices.ContainsFunc(tokens[k:min(len(tokens), k+4)], func(n token) bool { return n.low == denied && n.capital }) {
			continue // "not Northmoor's first spill": a name is not a claim to deny
		}
		return true, t.text, denied, i
	}
	return false, "", "", -1
}

// laterDenials returns the negations of a sentence after its first, each
// as its cue and the word it denies.
func laterDenials(tokens []token) [][2]string {
	var out [][2]string
	_, _, _, at := negatedFrom(tokens, 0)
	for at >= 0 {
		var yes bool
		var cue, denied string
		if yes, cue, denied, at = negatedFrom(tokens, at+1); yes && denied != "" {
			out = append(out, [2]string{cue, denied})
		}
	}
	return out
}

// quotedName reports whether tokens[i] opens a short quoted phrase that
// names the noun after it ("no cold calling" zones, a “no go” area),
// rather than quoting speech ("No one was hurt," he said).
func quotedName(tokens []token, i int) bool {
	if i == 0 || !isQuote(tokens[i-1].text) {
		return false
	}
	for k := i + 1; k < len(tokens) && k <= i+4; k++ {
		if isQuote(tokens[k].text) {
			return !tokens[k-1].punct && k+1 < len(tokens) && !tokens[k+1].punct && !tokens[k+1].capital &&
				!stopWords[tokens[k+1].low] && !reportingVerbs[tokens[k+1].low]
		}
		if tokens[k].punct {
			return false
		}
	}
	return false
}

func isQuote(s string) bool { return s == "\"" || s == "“" || s == "”" }

// unPrefixed returns the state a word of "un-" denies ("unaccounted",
// "unharmed", "unpaid"), among the states news reports of people, sums and
// notices; other words are no denial ("under", "until", "unique").
func unPrefixed(w string) (string, bool) {
	rest, ok := strings.CutPrefix(w, "un")
	if !ok || !unStates[rest] {
		return "", false
	}
	return rest, true
}

// predicative reports whether the word at tokens[i] says what state
// something is in ("was still unaccounted for", "remains unpaid", "left
// unanswered") rather than qualifying a noun ("an unannounced inspection").
func predicative(tokens []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		if stateVerbs[tokens[k].low] {
			return true
		}
	}
	return false
}

var stateVerbs = wordSet("was were is are be been remain remains remained remaining left leaves stay stays stayed went escaped")

var unStates = wordSet("accounted harmed hurt injured damaged paid affected scathed touched announced confirmed disclosed published answered resolved detected noticed reported insured vaccinated attended")

// noIdioms follow a "no" that denies nothing ("no doubt", "no longer",
// "no matter").
var noIdioms = wordSet("doubt longer one vote votes matter wonder")

// clearedOf returns, for a verb of clearing someone at tokens[i] ("cleared
// Professor Greaves of any wrongdoing", "was acquitted of fraud"), the
// index of its "of", whose object the sentence denies; or 0.
func clearedOf(tokens []token, i int) int {
	if !clearingVerbs[tokens[i].low] {
		return 0
	}
	for k := i + 1; k < len(tokens) && k <= i+5 && !tokens[k].punct; k++ {
		if tokens[k].low == "of" {
			return k
		}
	}
	return 0
}

var clearingVerbs = wordSet("cleared clears acquitted acquits exonerated exonerates absolved absolves")

// denialContext returns the content stems within a few words of a
// sentence's first negation.
func denialContext(tokens []token) []string {
	for i, t := range tokens {
		if _, un := unPrefixed(t.low); t.punct || !negations[t.low] && !un {
			continue
		}
		lo, hi := max(0, i-4), min(len(tokens), i+6)
		return contentTerms(tokens[lo:hi])
	}
	return nil
}

// auxiliaries sit between a negation and the word it denies.
var auxiliaries = wordSet(`be been being was were is are am have has had do does did will would could should
can may might must yet ever also even quite fully so to a an the any its their his her`)

// deniedWord returns the word a negation at tokens[i] denies: "breached"
// in "was not breached", "add" in "will not add".
func deniedWord(tokens []token, i int) string {
	// "Nor will the bank's chief executive be rewarded": after an
	// inverted "nor" the denied word is the verb, past the subject.
	if tokens[i].low == "nor" {
		for k := i + 1; k < len(tokens) && k <= i+8 && !tokens[k].punct; k++ {
			if isPastVerb(tokens[k].low) {
				return tokens[k].low
			}
		}
		return ""
	}
	for k := i + 1; k < len(tokens) && k <= i+4; k++ {
		if tokens[k].punct {
			return ""
		}
		// "No such report was received" denies the report.
		if tokens[k].low == "such" {
			continue
		}
		if !auxiliaries[tokens[k].low] && !negations[tokens[k].low] {
			// "The county cannot keep delaying repairs" says what must
			// not go on, which no other sentence's "delaying" asserts
			// happened; nor does it deny keeping something.
			if aspectVerbs[tokens[k].low] && k+1 < len(tokens) && strings.HasSuffix(tokens[k+1].low, "ing") {
				return ""
			}
			return tokens[k].low
		}
	}
	return ""
}

var aspectVerbs = wordSet("keep continue stop start begin go")

// loadedWords are words that tell the reader what to think of a fact. The
// brief prefers a plain equivalent, and an aligned pair where one source uses
// them and another does not is a framing point. "Scheme" is not among them:
// British writing calls any project one.
var loadedWords = wordSet(`slammed slams blasted blasts lashed ripped regime radical radicals
extremist extremists thugs mob disastrous catastrophic catastrophe shocking outrageous notorious infamous
botched fiasco debacle chaos chaotic brazen reckless draconian crippling devastating skyrocketing
skyrocketed soaring plummeting plummeted gutted caved bombshell explosive damning sham scandal
scandalous propaganda cronies lavish stunning stunned outrage furious fury heroic brutal ruthless
alarming disgraceful shameful shameless slashed cronyism meltdown spiralling spiraling ballooning
secretive scrambled scrambling dire slammed`)

// loaded returns the loaded words of a sentence, in order.
func loaded(tokens []token) []string {
	var out []string
	for k, t := range tokens {
		// "The blast ripped through a coal face", "slammed into the
		// barrier": the verbs of attack told of a thing moving.
		if k+1 < len(tokens) && physicalPreps[tokens[k+1].low] {
			continue
		}
		if !t.punct && loadedWords[t.low] {
			out = append(out, t.text)
		}
	}
	return out
}

var physicalPreps = wordSet("through into across down apart open")

// hedged reports whether the negation at tokens[i] hedges or withholds
// rather than denies: "declined to comment", "refused to say", "stopped
// short of", "did not rule out", "would not say", "not immediately clear",
// "no immediate comment". None of these asserts that something is not so,
// so none can be the denial in a negation dispute.
func hedged(tokens []token, i int) bool {
	word := func(k int) string {
		if k < 0 || k >= len(tokens) || tokens[k].punct {
			return ""
		}
		return tokens[k].low
	}
	next, next2 := word(i+1), word(i+2)
	switch tokens[i].low {
	case "declined", "declines", "refused", "refuses", "refusing":
		// "declined to comment", "refused to say whether"
		return next == "to" && withholding[next2] || next == "comment"
	case "not", "n't", "never":
		if i > 0 && (tokens[i-1].low == "probably" || tokens[i-1].low == "likely") {
			return true // "will probably never be called": a forecast
		}
		// "may not use a hosepipe": a rule or a maybe, not a denial
		// that something happened.
		if prev := word(i - 1); prev == "may" || prev == "must" || prev == "might" {
			return true
		}
		// "had not been taken lightly", "is not the company's first
		// brush": the manner or the order is denied, not the act.
		if slices.ContainsFunc(tokens[i+1:min(len(tokens), i+5)], func(t token) bool {
			return t.low == "lightly" || t.low == "first" || t.low == "last"
		}) {
			return true
		}
		return next == "rule" || next2 == "rule" || next == "immediately" || withholding[next] ||
			next == "yet" || (next == "say" || next2 == "say") || next == "clear" || next2 == "clear" ||
			givingVerbs[next] && (withheldDetails[word(i+2)] || withheldDetails[word(i+3)])
	case "no":
		// "gave no figure and no timetable" withholds details.
		gave := givingVerbs[word(i-1)] || word(i-1) == "and" && slices.ContainsFunc(tokens[max(0, i-5):i], func(t token) bool { return givingVerbs[t.low] })
		return next == "immediate" || next == "comment" || next == "decision" || withheldDetails[next] && gave
	}
	return false
}

// withheldDetails are what a source that "gave no figure" or "did not
// give a timetable" keeps back; givingVerbs the verbs it withholds them by.
var (
	withheldDetails = wordSet("figure figures number numbers timetable timeline date details detail breakdown estimate reason")
	givingVerbs     = wordSet("gave give gives giving provide provided offered offer")
)

// restrictive reports whether the negation at tokens[i] stands in a
// restrictive relative clause, which picks out whom it is about rather
// than denying anything: "patients who have not heard about a new
// appointment are asked to call", "loans that are not covered". A clause
// set off by a comma ("the council, which has not paid") does assert.
func restrictive(tokens []token, i int) bool {
	k := i - 1
	for k >= 0 && auxiliaries[tokens[k].low] {
		k--
	}
	// "has said that no jobs will be lost": a "that" after a verb of
	// saying opens what was said.
	if k > 0 && tokens[k].low == "that" && reportingVerbs[tokens[k-1].low] {
		return false
	}
	return k > 0 && (tokens[k].low == "who" || tokens[k].low == "that" || tokens[k].low == "which") && !tokens[k-1].punct
}

// opinion reports whether the negation at tokens[i] judges rather than
// denies: "is not a plan" calls something by another name, and "we do not
// thank the company" is the writer's own stance, not a fact it denies.
func opinion(tokens []token, i int) bool {
	word := func(k int) string {
		if k < 0 || k >= len(tokens) || tokens[k].punct {
			return ""
		}
		return tokens[k].low
	}
	switch tokens[i].low {
	case "not", "n't":
		if copulas[word(i-1)] && (word(i+1) == "a" || word(i+1) == "an") {
			return true
		}
	}
	subject := word(i - 1)
	if subject == "do" || subject == "did" || subject == "will" || subject == "can" {
		subject = word(i - 2)
	}
	return subject == "we" || subject == "i"
}

var copulas = wordSet("is was are were isn't wasn't")

// conditional reports whether the negation at tokens[i] stands in a
// condition or an open question, which asserts nothing: "if no improved
// offer was made", "unless no one objects", "whether or not".
func conditional(tokens []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-5 && !tokens[k].punct; k-- {
		switch tokens[k].low {
		case "if", "unless", "whether", "what":
			return true // also a free relative: "stressed what had not been lost"
		}
	}
	return false
}

// passiveRefusal reports whether a verb of refusing at tokens[i] is
// passive ("applicants whose claims are rejected can be held"): something
// is turned down, and nothing another source says is denied.
func passiveRefusal(tokens []token, i int) bool {
	switch tokens[i].low {
	case "rejected", "refused", "denied", "declined":
		return i > 0 && (copulas[tokens[i-1].low] || tokens[i-1].low == "been" || tokens[i-1].low == "be")
	}
	return false
}

// withholding are the verbs of saying that a refusal or a "not" withholds
// rather than denies.
var withholding = wordSet("comment say said confirm confirmed discuss disclose elaborate specify answer respond speculate rule")
