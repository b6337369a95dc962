package offline

import (
	"slices"
	"strings"
	"unicode"

	"github.com/jdkato/prose/v2"
)

// Topics are written as an editor would head a point ("Number of homes
// destroyed", "Who ordered the closure", "When the new fare takes effect"),
// from the words around the disputed value in one of the quoted sentences.
// Finding those words needs parts of speech: which word is the noun a
// figure counts, where the subject of a clause starts, which verb a name is
// the subject of. Capitalization and stop-word lists get these wrong on
// ordinary sentences ("The board kept the half-price fare" has no capital
// to go by), so the engine uses the averaged-perceptron tagger of
// github.com/jdkato/prose/v2, a port of TextBlob's tagger trained on the
// Penn Treebank tag set, whose model ships inside the Go module: nothing is
// downloaded, and tagging is deterministic. Its model takes about 40 MB and
// 100 ms to load, so an Engine loads it once, on first use.

// A word is one tagged token of a sentence, with its byte offset there.
type word struct {
	text, tag string
	at        int // byte offset in the sentence, -1 when not found verbatim
}

// tagger tags sentences with one loaded model. Tagging only reads the
// model, so one tagger serves any number of goroutines.
type tagger struct {
	model *prose.Model
}

func newTagger() *tagger {
	doc, err := prose.NewDocument("", prose.WithExtraction(false), prose.WithSegmentation(false))
	if err != nil {
		panic("offline: load the part-of-speech model: " + err.Error())
	}
	return &tagger{model: doc.Model}
}

// A wordTagger gives a sentence's words with their parts of speech.
type wordTagger interface{ tag(sentence string) []word }

// tagCache remembers the tags of the sentences one call has tagged: topics
// tag the same quotes again and again. It serves one goroutine.
type tagCache struct {
	t    *tagger
	seen map[string][]word
}

func (c *tagCache) tag(sentence string) []word {
	if ws, ok := c.seen[sentence]; ok {
		return ws
	}
	if c.seen == nil {
		c.seen = make(map[string][]word)
	}
	ws := c.t.tag(sentence)
	c.seen[sentence] = ws
	return ws
}

// tag returns the words of one sentence with their parts of speech.
func (t *tagger) tag(sentence string) []word {
	doc, err := prose.NewDocument(sentence, prose.UsingModel(t.model), prose.WithExtraction(false), prose.WithSegmentation(false))
	if err != nil {
		return nil
	}
	var out []word
	cursor := 0
	for _, tok := range doc.Tokens() {
		w := word{text: tok.Text, tag: tok.Tag, at: -1}
		if k := strings.Index(sentence[cursor:], tok.Text); k >= 0 && k < 40 {
			w.at = cursor + k
			cursor = w.at + len(tok.Text)
		}
		out = append(out, w)
	}
	return out
}

func isNoun(tag string) bool { return strings.HasPrefix(tag, "NN") }
func isVerb(tag string) bool { return strings.HasPrefix(tag, "VB") || tag == "MD" }

// modifier reports whether a tag can sit inside a noun phrase before its
// head: adjectives, nouns, numbers, possessives and hyphenated compounds.
func modifier(tag string) bool {
	return isNoun(tag) || strings.HasPrefix(tag, "JJ") || tag == "CD" || tag == "POS" || tag == "HYPH" || tag == "PRP$"
}

// wordAt returns the index of the first word at or after byte offset off.
func wordAt(ws []word, off int) int {
	for i, w := range ws {
		if w.at >= off {
			return i
		}
	}
	return -1
}

// join writes words back as text, without spaces before punctuation that
// attaches to the word before it.
func join(ws []word) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 && !attachesLeft(w.text) && !attachesRight(ws[i-1].text) {
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
	}
	return b.String()
}

func attachesLeft(s string) bool {
	switch s {
	case ",", ".", "%", ")", "'s", "’s", ":", ";", "'", "’", "-":
		return true
	}
	return false
}

func attachesRight(s string) bool { return s == "$" || s == "(" || s == "€" || s == "£" || s == "-" }

// nounPhrase returns the span [lo, hi) of the noun phrase whose head is at
// or right after i: modifiers before it, and the head noun run.
func nounPhrase(ws []word, i int) (int, int) {
	start := i
	for i < len(ws) && !isNoun(ws[i].tag) && (modifier(ws[i].tag) || ws[i].tag == "DT") {
		i++
	}
	if i >= len(ws) || !isNoun(ws[i].tag) {
		return -1, -1
	}
	hi := i + 1
	// The head run, possessives included: "Brennock's buses".
	for hi < len(ws) && (isNoun(ws[hi].tag) || ws[hi].tag == "HYPH" || ws[hi].tag == "POS" && hi+1 < len(ws) && isNoun(ws[hi+1].tag)) {
		hi++
	}
	lo := i
	for lo > start && (modifier(ws[lo-1].tag) || ws[lo-1].tag == "DT") && ws[lo-1].tag != "CD" {
		lo--
	}
	for lo > 0 && lo == start && modifier(ws[lo-1].tag) && ws[lo-1].tag != "CD" {
		lo--
	}
	return lo, hi
}

// clauseStart walks left from i to the start of its clause: the sentence
// start, or the word after a comma, a colon, a quotation mark or a
// subordinating word.
func clauseStart(ws []word, i int) int {
	for k := i - 1; k >= 0; k-- {
		w := ws[k]
		switch {
		case w.tag == "," || w.tag == ":" || w.tag == "." || w.tag == "``" || w.tag == "''" || w.text == "—" || w.text == "–" || w.text == "-" && w.tag != "HYPH":
			return k + 1
		case w.tag == "WDT" || w.tag == "WP" || w.tag == "WRB":
			return k + 1
		case w.tag == "IN" && subordinators[strings.ToLower(w.text)]:
			return k + 1
		case w.tag == "CC" && k < i-1 && isVerb(ws[k+1].tag):
			return k + 1
		case (w.tag == "PRP$" || w.tag == "PRP") && k > 0 && isNoun(ws[k-1].tag) && k < i-1:
			// A relative clause without its "that": "on the day its
			// former finance director was jailed".
			return k
		}
	}
	return 0
}

var reportingVerbs = wordSet("said says told added stated announced confirmed insisted argued claimed learned learnt warned confirms claims")

var subordinators = wordSet("after before because while although though since until unless if whether when as")

// verbPhrase returns the span [i, hi) of the verb phrase starting at i:
// auxiliaries, adverbs and the verb, its particle, and the noun phrase
// that follows as its object (without any prepositional phrase after it).
func verbPhrase(ws []word, i int) (int, int) {
	k := i
	for k < len(ws) && (isVerb(ws[k].tag) || ws[k].tag == "RB" || ws[k].tag == "TO") {
		k++
	}
	if k == i {
		return -1, -1
	}
	for k < len(ws) && ws[k].tag == "RP" {
		k++
	}
	if k < len(ws) && (ws[k].tag == "DT" || ws[k].tag == "PRP$" || modifier(ws[k].tag)) {
		if lo, hi := nounPhrase(ws, k); lo >= 0 && lo <= k+1 {
			k = hi
		}
	}
	return i, k
}

// lowerFirst lower-cases a clause's first word unless it is a name.
func lowerFirst(ws []word) []word {
	if len(ws) == 0 || ws[0].tag == "NNP" || ws[0].tag == "NNPS" {
		return ws
	}
	out := append([]word(nil), ws...)
	out[0].text = strings.ToLower(out[0].text)
	return out
}

// capital upper-cases the first letter of s.
func capital(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// trimWords keeps at most n words of a phrase, cutting at a word that
// could end it (a noun) where possible.
func trimWords(ws []word, n int) []word {
	if len(ws) <= n {
		return ws
	}
	cut := n
	// A noun cut from the compound it ends ("discovered by a dog" of "a
	// dog walker"): the phrase goes back to before its preposition.
	if isNoun(ws[cut-1].tag) && isNoun(ws[cut].tag) {
		for k := cut - 1; k > 2; k-- {
			if ws[k].tag == "IN" || ws[k].tag == "TO" {
				cut = k
				break
			}
		}
	}
	for cut > 1 && !isNoun(ws[cut-1].tag) && !isVerb(ws[cut-1].tag) {
		cut--
	}
	return ws[:cut]
}

// topicFor writes the topic of a point about one aspect from one quoted
// sentence, where focus is the text of the disputed value in it (a figure,
// a place, a name, a denied word). It returns "" when the sentence does not
// give the words for one.
func topicFor(t wordTagger, aspect, anchor, sentence, focus string) string {
	off, n := strings.Index(sentence, focus), len(focus)
	if off < 0 && (aspect == "clock" || aspect == "date" || aspect == "duration") {
		// A time's claim is spaced as the engine writes it ("7.15
		// am"). Amounts are left to the story's nouns: their sentence's
		// subject is seldom what they measure.
		off, n = indexLoose(sentence, focus)
	}
	if focus == "" || off < 0 {
		return ""
	}
	ws := t.tag(sentence)
	i := wordAt(ws, off)
	if i < 0 {
		return ""
	}
	end := wordAt(ws, off+n)
	if end < 0 {
		end = len(ws)
	}
	switch aspect {
	case "count":
		return countTopic(ws, i, end)
	case "percent", "money":
		return amountTopic(ws, aspect, anchor, i, end)
	case "date":
		return whenTopic("When", ws, i)
	case "clock":
		// "What time the roof collapsed", apart from the day it did.
		return whenTopic("What time", ws, i)
	case "duration":
		// "a six-week closure": the length of the closure. Else what
		// lasted is the clause before the span ("kick-off was delayed
		// by 45 minutes"), not its subject alone ("Length of
		// families", "Length of court").
		if end < len(ws) && anchor != "" && strings.EqualFold(ws[end].text, anchor) && isNoun(ws[end].tag) {
			return "Length of the " + anchor
		}
		return clauseTopic("How long", ws, i)
	case "distance":
		// "within two miles of the plant": the distance from the plant.
		for k := end; k+1 < len(ws) && k <= end+2; k++ {
			if w := strings.ToLower(ws[k].text); w == "of" || w == "from" {
				if lo, hi := nounPhrase(ws, k+1); lo >= 0 && hi-lo <= 4 {
					return "Distance from " + join(lowerFirst(ws[lo:hi]))
				}
			}
		}
	case "volume", "weight":
		return measuredTopic(ws, aspect, end)
	case "place":
		return clauseTopic("Where", ws, i)
	case "actor":
		return whoTopic(ws, i, end)
	case "whether":
		return whetherTopic(ws, i)
	case "claim":
		return claimTopic(ws)
	case "vote":
		// "news of the 7-4 decision spread": the margin of the decision.
		if end < len(ws) && tallyNouns[strings.ToLower(ws[end].text)] {
			return "Margin of the " + strings.ToLower(ws[end].text)
		}
		if lo, hi := subject(ws, i); lo >= 0 {
			return "How " + join(lowerFirst(ws[lo:hi])) + " voted"
		}
		return "Margin of the vote"
	}
	return ""
}

// indexLoose finds sub in s as strings.Index does, but where the two are
// spaced otherwise (a claim's "7.15 am" and "£4.2 m" are written "7.15am"
// and "£4.2m"), and returns the offset and length of the match in s, or
// -1.
func indexLoose(s, sub string) (int, int) {
	if k := strings.Index(s, sub); k >= 0 || sub == "" {
		return k, len(sub)
	}
	want := strings.ReplaceAll(sub, " ", "")
	for k := range s {
		if s[k] == ' ' {
			continue
		}
		m, j := 0, k
		for j < len(s) && m < len(want) {
			if s[j] == ' ' {
				j++
				continue
			}
			if s[j] != want[m] {
				break
			}
			j, m = j+1, m+1
		}
		if m == len(want) {
			return k, j - k
		}
	}
	return -1, 0
}

// readableTopic reports whether a topic taken from a sentence reads as an
// editor's heading: it holds no quotation and no figure (a heading that
// names one side's value, "When the attack struck at 3.40am", takes that
// side), it does not stop short ("… at about", "… came shortly"), and a
// clause after When, Where or Whether has a subject and a verb ("Whether
// holds far more people", "When by the time …", "Whether a packed
// commuter train" do not).
func readableTopic(t wordTagger, topic string) bool {
	if strings.ContainsAny(topic, "\"“”0123456789") || len(extractFacts(scanTokens(topic))) > 0 {
		return false
	}
	ws := t.tag(topic)
	if len(ws) < 2 {
		return false
	}
	// "Whether MBC News has also learned that …" speaks in an outlet's
	// voice, not of the story.
	for k := 1; k < len(ws); k++ {
		if strings.EqualFold(ws[k].text, "that") && reportingVerbs[strings.ToLower(ws[k-1].text)] {
			return false
		}
	}
	// "How long passengers whose journeys run": a relative clause cut
	// short.
	for k := max(0, len(ws)-3); k < len(ws); k++ {
		if relativeWords[strings.ToLower(ws[k].text)] && k > 1 {
			return false
		}
	}
	last := ws[len(ws)-1]
	lastLow := strings.ToLower(last.text)
	if !strings.ContainsFunc(lastLow, unicode.IsLetter) {
		return false // "Number of –"
	}
	if stopWords[lastLow] && lastLow != "it" && lastLow != "them" || last.tag == "IN" || last.tag == "DT" || last.tag == "CC" || last.tag == "TO" || topicHedges[lastLow] {
		return false
	}
	if (ws[0].text == "What" && ws[1].text == "time" || ws[0].text == "How" && (ws[1].text == "long" || ws[1].text == "much")) && len(ws) > 2 {
		ws = ws[1:] // "What time the roof collapsed" reads as "When …"
	}
	// "How long some of them have been waiting": whom "them" means is
	// in the sentence before.
	if len(ws) > 3 && strings.EqualFold(ws[2].text, "of") && partitives[strings.ToLower(ws[1].text)] && pointingBack[strings.ToLower(ws[3].text)] {
		return false
	}
	switch ws[0].text {
	case "When", "Where", "Whether", "time", "long", "much":
		// A subject first: not a verb, a preposition, a conjunction,
		// a pronoun that stands for what the heading must name ("How
		// long it had been closed"), or the outlet's own "our".
		first := ws[1]
		firstLow := strings.ToLower(first.text)
		if len(ws) < 4 || isVerb(first.tag) || first.tag == "IN" || first.tag == "TO" || first.tag == "MD" || first.tag == "CC" || first.tag == "RB" ||
			first.tag == "PRP" || indefinites[firstLow] || firstLow == "that" || firstLow == "this" ||
			subordinators[firstLow] || auxiliaries[firstLow] && first.tag != "DT" && first.tag != "PRP$" || firstLow == "our" {
			return false
		}
		if (ws[0].text == "long" || ws[0].text == "much") && !slices.ContainsFunc(ws[2:], func(w word) bool { return w.tag == "VBD" || w.tag == "VBZ" || w.tag == "VBP" || w.tag == "MD" }) {
			return false // "How long Pennock's decision to keep digging"
		}
		return slices.ContainsFunc(ws[2:], func(w word) bool { return isVerb(w.tag) && w.tag != "VBG" || w.tag == "MD" })
	}
	return true
}

// topicHedges are the words of time that leave a heading hanging.
var topicHedges = wordSet("shortly early late soon just almost nearly around")

// countTopic: "Number of homes destroyed" from "14 homes were destroyed"
// or "destroyed 14 homes".
func countTopic(ws []word, i, end int) string {
	lo, hi := nounPhrase(ws, i)
	if lo < 0 || hi > end+2 {
		return ""
	}
	for lo < hi && !isNoun(ws[lo].tag) && ws[lo].tag != "JJ" {
		lo++ // drop the number and determiners
	}
	phrase := join(lowerFirst(ws[lo:hi]))
	k := hi
	if k < len(ws) && (ws[k].tag == "VBD" || ws[k].tag == "VBP" || ws[k].tag == "VBZ") && k+1 < len(ws) && ws[k+1].tag == "VBN" {
		k++ // "were destroyed"
	}
	switch {
	case k < len(ws) && ws[k].tag == "VBN" && !lightParticiples[strings.ToLower(ws[k].text)]:
		phrase += " " + ws[k].text
	case i > 0 && (ws[i-1].tag == "VBD" || ws[i-1].tag == "VBN") && !reportingVerbs[strings.ToLower(ws[i-1].text)] && !lightParticiples[strings.ToLower(ws[i-1].text)]:
		phrase += " " + ws[i-1].text
	}
	return "Number of " + phrase
}

// lightParticiples say nothing without the words after them ("fallen"
// ill, "brought" ashore, "gone" missing): a heading does not end on them.
var lightParticiples = wordSet("fallen filled brought gone got gotten become been had made come left kept put taken given")

// measuredTopic heads a volume or a weight by what it measures, the noun
// after its unit ("38,000 litres of diesel escaped"): "Volume of diesel
// escaped", "Weight of waste dumped"; or "" when no "of" follows.
func measuredTopic(ws []word, kind string, end int) string {
	if end >= len(ws) || !strings.EqualFold(ws[end].text, "of") {
		return ""
	}
	lo, hi := nounPhrase(ws, end+1)
	if lo < 0 || hi-lo > 3 {
		return ""
	}
	lead := "Volume of "
	if kind == "weight" {
		lead = "Weight of "
	}
	t := lead + join(lowerFirst(stripDeterminer(ws[lo:hi])))
	k := hi
	if k < len(ws) && (ws[k].tag == "VBD" || ws[k].tag == "VBP" || ws[k].tag == "VBZ") && k+1 < len(ws) && ws[k+1].tag == "VBN" {
		k++ // "had escaped"
	}
	if k < len(ws) && (ws[k].tag == "VBN" || ws[k].tag == "VBD") && !reportingVerbs[strings.ToLower(ws[k].text)] {
		t += " " + strings.ToLower(ws[k].text)
	}
	return t
}

// amountTopic: "Size of the property tax increase", "Cost of the repair".
func amountTopic(ws []word, aspect, anchor string, i, end int) string {
	noun := ""
	switch {
	case anchor != "":
		noun = anchor
	case end < len(ws) && modifier(ws[end].tag):
		if lo, hi := nounPhrase(ws, end); lo >= 0 && lo >= end {
			noun = join(lowerFirst(ws[end:hi]))
		}
	}
	if noun == "" && i >= 2 && ws[i-1].tag == "IN" && isNoun(ws[i-2].tag) {
		// "a raise of 8%"
		lo, hi := nounPhrase(ws, i-2)
		if lo >= 0 {
			noun = join(lowerFirst(stripDeterminer(ws[lo:hi])))
		}
	}
	if (noun == "costs" || noun == "cost") && aspect == "money" {
		// "ordered to pay costs of £86,000": the noun says only that it
		// is money ("Cost of the costs"); what the money is said to do
		// says more.
		if t := clauseTopic("How much", ws, i); t != "" {
			if rest, ok := strings.CutSuffix(t, " pay "+noun); ok {
				return rest + " pay in " + noun // "How much Corrin was ordered to pay in costs"
			}
			return t
		}
		return "Amount of the " + noun
	}
	if noun == "" && aspect == "money" {
		// What the money is said to do: "How much the board expects the
		// closure to save", "How much Dunmore Polymers was fined"; not
		// the sentence's subject ("Amount of the board").
		if t := clauseTopic("How much", ws, i); t != "" {
			return t
		}
		// Failing that, the subject, if it is a thing that costs
		// ("a refurbishment costing"), not who pays.
		if lo, hi := subject(ws, i); lo >= 0 && !whoPays(ws[hi-1]) {
			noun = join(lowerFirst(stripDeterminer(ws[lo:hi])))
		}
		if noun == "" {
			return ""
		}
	}
	if noun == "" {
		if lo, hi := subject(ws, i); lo >= 0 {
			noun = join(lowerFirst(stripDeterminer(ws[lo:hi])))
		}
	}
	if noun == "" {
		return ""
	}
	if anchor != "" && aspect == "percent" {
		return "Share of " + noun
	}
	lead := "Size"
	if aspect == "money" {
		lead = "Amount"
		for _, w := range ws {
			if costWords[strings.ToLower(w.text)] {
				lead = "Cost"
			}
		}
	}
	return lead + " of the " + noun
}

// whoPays reports whether a subject's head names a person or a body (the
// board, the company, the officers, Dunmore Polymers): the amount is not
// theirs to measure.
func whoPays(w word) bool {
	low := strings.ToLower(w.text)
	return w.tag == "NNP" || w.tag == "NNPS" || w.tag == "PRP" || personNoun(stem(low)) || orgNouns[stem(low)] ||
		payerWords[low]
}

var payerWords = wordSet("people members officers prosecutors deputies government council board company trust ministry authority residents customers")

var costWords = wordSet("cost costs costing price priced bill")

func stripDeterminer(ws []word) []word {
	for len(ws) > 1 && (ws[0].tag == "DT" || ws[0].tag == "PRP$") {
		ws = ws[1:]
	}
	return ws
}

// subject returns the noun phrase that opens the clause holding word i.
func subject(ws []word, i int) (int, int) {
	start := clauseStart(ws, i)
	for k := start; k < i; k++ {
		if isNoun(ws[k].tag) {
			lo, hi := nounPhrase(ws, k)
			return max(lo, start), hi
		}
		if isVerb(ws[k].tag) {
			break
		}
	}
	return -1, -1
}

// whenTopic: "When the new fare takes effect" from "The new fare takes
// effect on September 1".
func whenTopic(lead string, ws []word, i int) string {
	if t := clauseTopic(lead, ws, i); t != "" {
		return t
	}
	if lo, hi := subject(ws, i); lo >= 0 && eventNoun(ws[hi-1].text) {
		of := "Date of "
		if lead == "What time" {
			of = "Time of "
		}
		return of + "the " + join(lowerFirst(stripDeterminer(ws[lo:hi])))
	}
	return ""
}

// eventNoun reports whether a noun names something that happens, and so
// has a time, a date and a place: by its ending ("closure", "explosion",
// "shutdown") or from a list of our own of the events news reports.
func eventNoun(w string) bool {
	w = strings.ToLower(w)
	if happenings[w] {
		return true
	}
	for _, end := range []string{"tion", "sion", "ment", "ure", "ance", "ence", "down", "out", "age", "ing"} {
		if len(w) > len(end)+2 && strings.HasSuffix(w, end) {
			return !notEventNouns[w]
		}
	}
	return false
}

var (
	happenings = wordSet("attack crash fire blaze explosion blast collapse quake earthquake tremor storm flood floods " +
		"vote strike rescue raid ruling count recount fall slide landslide derailment launch sale election talks call " +
		"summit match game release protest march ban outbreak spill leak breach surge crush swap deal visit trial " +
		"verdict arrest escape grounding incident accident collision fight riot shooting stabbing assault crest " +
		"budget speech debate hearing inquiry inspection session sitting takeover merger rally")
	// notEventNouns end like events but name things or people.
	notEventNouns = wordSet("nature future picture structure culture temperature furniture agriculture station nation " +
		"population government department apartment equipment parliament management audience evidence science " +
		"building morning evening ceiling clothing housing funding village passage package message image mortgage " +
		"percentage voltage heritage garage lounge average shortage")
)

// clauseTopic heads the clause that leads up to word i (through the
// preposition before it) with lead: "Where families are staying".
func clauseTopic(lead string, ws []word, i int) string {
	j := i
	for j > 0 && (ws[j-1].tag == "IN" || ws[j-1].tag == "DT" || ws[j-1].tag == "TO" || strings.EqualFold(ws[j-1].text, "starting")) {
		j--
	}
	start := clauseStart(ws, j)
	clause := ws[start:j]
	if len(clause) > 0 && isVerb(clause[0].tag) {
		clause = withSubject(ws, start, clause)
	}
	// "and the school could remain shut", "Corran Water said the
	// notice would remain in place", "Rourke found that the first crew
	// arrived": the clause is what follows.
	for k := 0; k+1 < len(clause); k++ {
		if reportingVerbs[strings.ToLower(clause[k].text)] || (clause[k].tag == "VBD" || clause[k].tag == "VBZ") && strings.EqualFold(clause[k+1].text, "that") {
			told := strings.EqualFold(clause[k].text, "told")
			speaker := clause[:k]
			clause = clause[k+1:]
			if lo, hi := nounPhrase(clause, 0); told && lo == 0 && hi < len(clause) {
				clause = clause[hi:] // "told the Forum the notice …"
			}
			if len(clause) > 0 && strings.EqualFold(clause[0].text, "that") {
				clause = clause[1:]
			}
			// "The company says it notified the agency": it is the
			// company.
			if len(clause) > 1 && len(speaker) > 0 && len(speaker) <= 4 && (strings.EqualFold(clause[0].text, "it") || strings.EqualFold(clause[0].text, "they")) &&
				isNoun(speaker[len(speaker)-1].tag) && !passiveWordsAt(clause, 1) {
				// (Not "The coastguard says they were spotted": they are
				// what was spotted, not the coastguard.)
				clause = append(slices.Clone(speaker), clause[1:]...)
			}
			break
		}
	}
	if len(clause) > 0 && clause[0].tag == "CC" {
		clause = clause[1:]
	}
	// "its former finance director" away from the noun "its" points
	// back to is "the former finance director".
	if len(clause) > 1 && clause[0].tag == "PRP$" {
		clause = append([]word{{text: "the", tag: "DT"}}, clause[1:]...)
	}
	hasVerb := false
	for _, w := range clause {
		if isVerb(w.tag) {
			hasVerb = true
		}
	}
	if !hasVerb || len(clause) < 2 || isVerb(clause[0].tag) {
		return "" // no subject to name: "which takes effect"
	}
	return lead + " " + join(lowerFirst(tidyClause(trimWords(clause, 9))))
}

// passiveWordsAt reports whether ws[k:] opens on a passive verb ("were
// spotted", "had been found").
func passiveWordsAt(ws []word, k int) bool {
	for k < len(ws) && (ws[k].tag == "MD" || ws[k].tag == "RB" || strings.EqualFold(ws[k].text, "have") || strings.EqualFold(ws[k].text, "had") || strings.EqualFold(ws[k].text, "has")) {
		k++
	}
	return k+1 < len(ws) && beVerb(strings.ToLower(ws[k].text)) && ws[k+1].tag == "VBN"
}

// tidyClause drops what a heading cannot open or end on: a hedged count
// before its noun ("about 600 passengers were stranded" is "passengers
// were stranded"), and a hanging preposition, hedge or day at the end
// ("stranded for more", "discovered on Monday" before the date).
func tidyClause(c []word) []word {
	if len(c) > 3 && clauseHedges[strings.ToLower(c[0].text)] && c[1].tag == "CD" && isNoun(c[2].tag) {
		c = c[2:]
	}
	for len(c) > 2 {
		last := c[len(c)-1]
		low := strings.ToLower(last.text)
		if last.tag == "IN" || last.tag == "TO" || last.tag == "DT" || last.tag == "CC" || clauseHedges[low] || weekdays[low] {
			c = c[:len(c)-1]
			continue
		}
		break
	}
	return c
}

var (
	partitives   = wordSet("some many most all none several each both few")
	pointingBack = wordSet("them those these us")
)

var clauseHedges = wordSet("about around some roughly nearly almost approximately more less than")

// withSubject gives a clause that opens on its verb, ws[start:], the
// subject an apposition keeps from it ("Tupi, a 12-year-old male sun bear,
// was discovered missing"): the noun phrase that ends at the apposition's
// first comma. Without one it returns clause as it is.
func withSubject(ws []word, start int, clause []word) []word {
	if start < 2 || ws[start-1].text != "," {
		return clause
	}
	for c := start - 2; c > 0 && c >= start-appositionReach; c-- {
		if ws[c].text != "," {
			continue
		}
		lo := c
		for lo > 0 && (isNoun(ws[lo-1].tag) || ws[lo-1].tag == "JJ" || ws[lo-1].tag == "DT" || ws[lo-1].tag == "POS" || ws[lo-1].tag == "CD" || ws[lo-1].tag == "PRP$") {
			lo--
		}
		if lo == c || !isNoun(ws[c-1].tag) {
			return clause
		}
		return append(slices.Clone(ws[lo:c]), clause...)
	}
	return clause
}

// appositionReach is how many words an apposition between a subject and
// its verb may run to: "a 12-year-old male Malayan sun bear weighing about
// 60 kilograms" is eleven.
const appositionReach = 14

// whoTopic: "Who ordered the closure" from "City engineer Marta Velez
// ordered the closure after …" (the name at [i, end)).
func whoTopic(ws []word, i, end int) string {
	k := end
	for k < len(ws) && (ws[k].tag == "NNP" || ws[k].tag == "POS") {
		k++
	}
	if k < len(ws) && ws[k].tag == "," {
		return "" // an apposition follows; the verb is far
	}
	if lo, hi := verbPhrase(ws, k); lo >= 0 && hi > lo+1 && ws[lo].tag != "VBG" {
		return "Who " + join(ws[lo:hi])
	}
	// "… was ordered by Mayor Tom Brandt": the verb before "by".
	if i >= 2 && strings.EqualFold(ws[i-1].text, "by") && ws[i-2].tag == "VBN" {
		if lo, hi := subject(ws, i-2); lo >= 0 {
			return "Who " + ws[i-2].text + " " + join(lowerFirst(ws[lo:hi]))
		}
	}
	return ""
}

// whetherTopic: "Whether the levee was breached", from the asserting
// sentence and the asserted word at i.
func whetherTopic(ws []word, i int) string {
	start := clauseStart(ws, i)
	// Past an attribution: "Sheriff Tom Barrow said (that) …".
	for k := start; k < i; k++ {
		if reportingVerbs[strings.ToLower(ws[k].text)] && isVerb(ws[k].tag) {
			start = k + 1
			if start < i && strings.EqualFold(ws[start].text, "that") {
				start++
			}
		}
	}
	hi := i + 1
	if _, h := verbPhrase(ws, i); h > hi {
		hi = h
	}
	clause := ws[start:hi]
	if len(clause) < 2 {
		return ""
	}
	return "Whether " + join(lowerFirst(trimWords(clause, 10)))
}

// claimTopic heads a claim by its sentence's opening clause, subject, verb
// and object: "The board kept the half-price fare for seniors".
func claimTopic(ws []word) string {
	for k, w := range ws {
		if !isVerb(w.tag) || w.tag == "VBG" {
			continue
		}
		lo, hi := verbPhrase(ws, k)
		if lo < 0 {
			break
		}
		start := clauseStart(ws, k)
		if start >= k {
			break
		}
		// A clause as the object: "estimate the stoppage is costing the
		// economy".
		if hi < len(ws) && hi > k+1 && (ws[hi].tag == "VBZ" || ws[hi].tag == "VBD" || ws[hi].tag == "VBP" || ws[hi].tag == "MD") {
			if _, h := verbPhrase(ws, hi); h > hi {
				hi = h
			}
		}
		// One prepositional phrase of the object: "for seniors", "for
		// $40 million in aid", "in 1958".
		if hi+1 < len(ws) && ws[hi].tag == "IN" && !subordinators[strings.ToLower(ws[hi].text)] {
			h := hi + 1
			for h < len(ws) && (ws[h].tag == "$" || ws[h].tag == "CD") {
				h++
			}
			if _, np := nounPhrase(ws, h); np > h {
				h = np
			}
			if h > hi+1 {
				hi = h
			}
		}
		for start < hi && strings.Trim(ws[start].text, "\"“”'‘’`") == "" {
			start++ // a quotation's opening mark is no word of its claim
		}
		return capital(join(trimWords(ws[start:hi], 12)))
	}
	return ""
}
