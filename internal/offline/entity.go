package offline

import (
	"strings"
)

// A name is a run of capitalized words: a person, organization or place.
type name struct {
	text  string   // as written, possessive dropped
	parts []string // lower-case words that identify it, titles left out
	place bool     // introduced by a locative preposition ("in Jeddah")
}

// sameEntity reports whether two names can refer to the same entity:
// "Vladimir Putin" and "Putin" share a word.
func (n name) sameEntity(m name) bool {
	for _, a := range n.parts {
		for _, b := range m.parts {
			if a == b {
				return true
			}
		}
	}
	return false
}

var titles = wordSet(`president prime minister mayor secretary governor chief dr dr. mr mr. mrs mrs. ms ms.
sen sen. rep rep. gen gen. general spokesman spokeswoman spokesperson envoy director deputy special foreign
chancellor king queen prince judge justice officer commissioner chair chairman chairwoman ceo head
professor prof prof. lt captain colonel sheriff inspector superintendent councillor councilor senator
representative state defence defense interior health finance`)

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
		}
		// "in Jeddah, Saudi Arabia": the second name is a place too.
		if len(out) > 0 && out[len(out)-1].place && i >= 2 && tokens[i-1].text == "," {
			n.place = true
		}
		out = append(out, n)
		i = j
	}
	return out
}

// negations are the words that turn an assertion into its denial.
var negations = wordSet(`not n't never no none neither nor nobody nothing denied denies deny denying
refused refuses refusing rejected rejects rejecting declined declines without cannot can't don't
didn't won't isn't wasn't aren't weren't hasn't haven't hadn't doesn't shouldn't wouldn't couldn't`)

// negated reports whether a sentence denies rather than asserts. Fixed
// phrases that only look negative ("not only", "no doubt", "no longer")
// do not count.
func negated(tokens []token) (bool, string) {
	for i, t := range tokens {
		if t.punct || !negations[t.low] {
			continue
		}
		next := ""
		if i+1 < len(tokens) {
			next = tokens[i+1].low
		}
		if (t.low == "not" && next == "only") || (t.low == "no" && (next == "doubt" || next == "longer" || next == "one")) {
			continue
		}
		return true, t.text
	}
	return false, ""
}

// loadedWords are words that tell the reader what to think of a fact. The
// brief prefers a plain equivalent, and an aligned pair where one source uses
// them and another does not is a framing point.
var loadedWords = wordSet(`slammed slams blasted blasts lashed ripped scheme schemes regime radical radicals
extremist extremists thugs mob disastrous catastrophic catastrophe shocking outrageous notorious infamous
botched fiasco debacle chaos chaotic brazen reckless draconian crippling devastating skyrocketing
skyrocketed soaring plummeting plummeted gutted caved bombshell explosive damning sham scandal
scandalous propaganda cronies lavish stunning stunned outrage furious fury heroic brutal ruthless
alarming disgraceful shameful shameless slashed cronyism meltdown spiralling spiraling ballooning
secretive scrambled scrambling dire slammed`)

// loaded returns the loaded words of a sentence, in order.
func loaded(tokens []token) []string {
	var out []string
	for _, t := range tokens {
		if !t.punct && loadedWords[t.low] {
			out = append(out, t.text)
		}
	}
	return out
}
