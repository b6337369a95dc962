package offline

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/neurosnap/sentences"
)

// A sentence is one verbatim span of a document, with what the engine
// derives from it. Text is always doc.Text[start:end].
type sentence struct {
	doc   int // index of the document in the call's input
	index int // position among the document's sentences
	start int
	end   int
	text  string
	words int
	// heading marks a line that is not a sentence (a title, page
	// furniture): it is kept for positions but never chosen or quoted.
	heading bool
	tokens  []token  // surface tokens, punctuation included
	terms   []string // content-word stems, in order, duplicates kept
}

// tokenize scans the sentence's tokens and counts its words. Sentences
// are tokenized only when the engine compares them.
func (s *sentence) tokenize() {
	s.tokens = scanTokens(s.text)
	for _, t := range s.tokens {
		if !t.punct {
			s.words++
		}
	}
}

// usable reports whether the sentence may be chosen for a summary or brief
// or quoted in a disputed point.
func (s *sentence) usable() bool {
	if s.heading || s.words < 4 || s.words > 80 {
		return false
	}
	// A page's calls to action ("Follow our live coverage…") tell the
	// reader what to do, not what happened.
	if first, _, _ := strings.Cut(strings.TrimLeft(s.text, "*_#> "), " "); callsToAction[strings.ToLower(first)] {
		return false
	}
	low := strings.ToLower(s.text)
	return !strings.Contains(low, "http://") && !strings.Contains(low, "https://") &&
		!strings.Contains(low, "www.")
}

var callsToAction = wordSet("follow subscribe click watch listen share download sign contact email")

// clockStops returns where a sentence the tokenizer left whole ends after
// a time of day or a figure in millions, each cut counted from the one
// before: it takes the "m." of "7.15am.", "6 p.m." or "£1.8m." for an
// abbreviation, so "…at 7.15am. Police set up…" and "…will cost £1.8m. We
// do not believe that figure" stay one sentence. A weekday or month after
// the time continues the sentence ("6 p.m. Monday").
func clockStops(s string) []int {
	var out []int
	prev := 0
	for _, m := range clockStop.FindAllStringSubmatchIndex(s, -1) {
		if next := strings.ToLower(s[m[4]:m[5]]); weekdays[next] || months[next] != 0 {
			continue
		}
		if strings.Trim(s[:m[0]], "0123456789:.*[( ") == "" {
			continue // a live blog's stamp opens the update it dates
		}
		out = append(out, m[3]-prev) // just after the period
		prev = m[3]
	}
	return out
}

var stampOnly = regexp.MustCompile(`^\W*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\W*$`)

var clockStop = regexp.MustCompile(`\d(?:(?:[.:]\d\d)?\s?(?:am|pm|a\.m|p\.m)|m)(\.)\s+([A-Z][a-z]+)`)

// splitSentences cuts text into sentences whose spans index text exactly.
// Lines are first grouped into paragraphs, because scraped and plain-text
// articles break lines in two ways the tokenizer cannot tell apart: a short
// line without final punctuation is a heading or page furniture, while a long
// one is a soft wrap inside a sentence.
//
// more, when not nil, is called after each sentence; once it returns false
// the rest of the text is not split, so the cost of a long article stops at
// what the caller will use.
func splitSentences(tok *sentences.DefaultSentenceTokenizer, doc int, text string, more func(*sentence) bool) []*sentence {
	var out []*sentence
	done := false
	add := func(start, end int, heading bool) {
		if done {
			return
		}
		for start < end {
			r, n := utf8.DecodeRuneInString(text[start:])
			if !unicode.IsSpace(r) {
				break
			}
			start += n
		}
		for end > start {
			r, n := utf8.DecodeLastRuneInString(text[:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= n
		}
		if start >= end {
			return
		}
		s := &sentence{doc: doc, index: len(out), start: start, end: end, text: text[start:end], heading: heading}
		out = append(out, s)
		done = more != nil && !more(s)
	}
	paraStart := -1
	flush := func(end int) {
		if paraStart < 0 {
			return
		}
		base := paraStart
		spans := tok.Tokenize(text[base:end])
		for k := 0; k < len(spans); k++ {
			sp := spans[k]
			// A live blog's stamp the tokenizer cut off ("10:05 a.m.")
			// opens the update that follows it.
			if k+1 < len(spans) && stampOnly.MatchString(text[base+sp.Start:base+sp.End]) {
				spans[k+1].Start = sp.Start
				continue
			}
			from := base + sp.Start
			for _, cut := range clockStops(text[from : base+sp.End]) {
				add(from, from+cut, false)
				from += cut
			}
			add(from, base+sp.End, false)
		}
		paraStart = -1
	}
	lines := lineSpans(text)
	for i, ln := range lines {
		if done {
			return out
		}
		line := strings.TrimSpace(text[ln[0]:ln[1]])
		if line == "" {
			flush(ln[0])
			continue
		}
		blankBefore := i == 0 || strings.TrimSpace(text[lines[i-1][0]:lines[i-1][1]]) == ""
		blankAfter := i == len(lines)-1 || strings.TrimSpace(text[lines[i+1][0]:lines[i+1][1]]) == ""
		nextLower := false
		if i+1 < len(lines) {
			r, _ := utf8.DecodeRuneInString(strings.TrimSpace(text[lines[i+1][0]:lines[i+1][1]]))
			nextLower = unicode.IsLower(r)
		}
		if paraStart < 0 && !nextLower && isHeading(line, blankBefore, blankAfter) {
			add(ln[0], ln[1], true)
			continue
		}
		if paraStart < 0 {
			paraStart = ln[0]
		}
		if endsSentence(line) || blankAfter {
			flush(ln[1])
		}
	}
	flush(len(text))
	return out
}

// lineSpans returns the [start, end) byte spans of text's lines, without
// their line breaks.
func lineSpans(text string) [][2]int {
	var spans [][2]int
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			spans = append(spans, [2]int{start, i})
			start = i + 1
		}
	}
	return append(spans, [2]int{start, len(text)})
}

func endsSentence(line string) bool {
	line = strings.TrimRight(line, `"'”’)]* `)
	if line == "" {
		return false
	}
	switch line[len(line)-1] {
	case '.', '!', '?', ':', ';':
		return true
	}
	return false
}

// isHeading reports whether a line that starts a paragraph stands alone as
// a title or piece of page furniture rather than opening a sentence.
func isHeading(line string, blankBefore, blankAfter bool) bool {
	if endsSentence(line) {
		return false
	}
	words := strings.Fields(line)
	if len(words) > 16 {
		return false
	}
	if blankBefore && blankAfter {
		return true
	}
	// A title followed directly by the body: most of its words are
	// capitalized.
	capital := 0
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			capital++
		}
	}
	return len(words) <= 3 || capital*10 >= len(words)*6
}

// A token is a word, number or punctuation mark of a sentence.
type token struct {
	text  string // as written
	low   string // lower case, apostrophes normalized, possessive dropped
	punct bool
	num   bool
	value float64 // for num
	// ordinal marks "3rd"; comma marks "1,200" (never a year).
	ordinal, comma bool
	capital        bool // first letter is upper case
	hyphen         bool // joined to the previous token by a hyphen
	first          bool // first word of the sentence
}

// scanTokens splits a sentence into words, numbers and punctuation. Hyphenated
// compounds become separate tokens marked as joined, so that "30-day",
// "month-long" and "twenty-five" read like their spaced forms.
func scanTokens(s string) []token {
	out := make([]token, 0, len(s)/5+4)
	hyphen := false
	sawWord := false
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			hyphen = false
			i += n
		case unicode.IsDigit(r):
			j := i
			comma := false
			for j < len(s) {
				c := s[j]
				if c >= '0' && c <= '9' {
					j++
					continue
				}
				if (c == ',' || c == '.') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
					if c == ',' {
						comma = true
					}
					j++
					continue
				}
				break
			}
			t := token{text: s[i:j], num: true, comma: comma, hyphen: hyphen}
			t.value = parseNumber(s[i:j])
			// Ordinal suffixes stay with their number.
			k := j
			for k < len(s) && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')) {
				k++
			}
			suffix := strings.ToLower(s[j:k])
			if suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th" {
				t.ordinal = true
				t.text = s[i:k]
				j = k
			}
			t.low = strings.ToLower(t.text)
			t.first = !sawWord
			sawWord = true
			out = append(out, t)
			hyphen = false
			i = j
		case unicode.IsLetter(r):
			j := i + n
			for j < len(s) {
				c, m := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(c) || unicode.IsDigit(c) {
					j += m
					continue
				}
				// Keep apostrophes and abbreviation dots inside a word.
				if (c == '\'' || c == '’' || c == '.') && j+m < len(s) {
					d, _ := utf8.DecodeRuneInString(s[j+m:])
					if unicode.IsLetter(d) {
						j += m
						continue
					}
				}
				break
			}
			// "U.S." keeps its final dot when the word is an initialism.
			if j < len(s) && s[j] == '.' && strings.Contains(s[i:j], ".") {
				j++
			}
			w := s[i:j]
			t := token{text: w, capital: unicode.IsUpper(r), hyphen: hyphen, first: !sawWord}
			t.low = normalizeWord(w)
			sawWord = true
			out = append(out, t)
			hyphen = false
			i = j
		default:
			if (r == '-' || r == '‑' || r == '–') && len(out) > 0 && !out[len(out)-1].punct && i+n < len(s) {
				d, _ := utf8.DecodeRuneInString(s[i+n:])
				if unicode.IsLetter(d) || unicode.IsDigit(d) {
					hyphen = true
					i += n
					continue
				}
			}
			out = append(out, token{text: s[i : i+n], low: s[i : i+n], punct: true})
			hyphen = false
			i += n
		}
	}
	return out
}

func normalizeWord(w string) string {
	w = strings.ToLower(strings.ReplaceAll(w, "’", "'"))
	w = strings.TrimSuffix(w, "'s")
	return strings.TrimSuffix(w, "'")
}

func parseNumber(s string) float64 {
	var v, scale float64
	scale = 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if scale == 0 {
				v = v*10 + float64(c-'0')
			} else {
				v += float64(c-'0') * scale
				scale /= 10
			}
		case c == '.':
			scale = 0.1
		}
	}
	return v
}

// contentTerms returns the stems of a sentence's content words: stop words,
// numbers, number words and time units are left out, so that sentences
// reporting the same event with different figures still align.
func contentTerms(tokens []token) []string {
	var terms []string
	for _, t := range tokens {
		if t.punct || t.num || len(t.low) < 2 {
			continue
		}
		if stopWords[t.low] || numberWords[t.low] != 0 || timeUnit(t.low) > 0 || fractionWords[t.low] != 0 {
			continue
		}
		terms = append(terms, stem(t.low))
	}
	return terms
}

// stem is a deliberately light suffix stripper: enough to make "talks" meet
// "talk" and "attacked" meet "attack", without Porter's surprises on names.
func stem(w string) string {
	if s, ok := synonyms[w]; ok {
		return s
	}
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		w = w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "sses"):
		w = w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:n-1]
	}
	n = len(w)
	switch {
	case n > 6 && strings.HasSuffix(w, "ing"):
		w = w[:n-3]
	case n > 5 && strings.HasSuffix(w, "ed"):
		w = w[:n-2]
	}
	if s, ok := synonyms[w]; ok {
		return s
	}
	return w
}

// synonyms folds the commonest newsroom variants of one idea.
// irregularForms take the past forms of irregular verbs back to the verb,
// so that a denial's "did not pay" meets "paid" (see lemma).
var irregularForms = map[string]string{
	"paid": "pay", "held": "hold", "found": "find", "took": "take", "taken": "take", "gave": "give", "given": "give",
	"made": "make", "won": "win", "lost": "lose", "kept": "keep", "met": "meet", "told": "tell", "sold": "sell",
	"brought": "bring", "bought": "buy", "built": "build", "sent": "send", "spent": "spend", "fell": "fall",
	"fallen": "fall", "struck": "strike", "rose": "rise", "risen": "rise", "drew": "draw", "drawn": "draw",
	"wrote": "write", "written": "write", "broke": "break", "broken": "break", "chose": "choose", "chosen": "choose",
	"caught": "catch", "ran": "run", "spoke": "speak", "spoken": "speak", "knew": "know", "known": "know",
	"threw": "throw", "thrown": "throw", "sought": "seek", "fought": "fight", "thought": "think",
}

// lemma is stem with irregular past forms taken back to their verb.
func lemma(w string) string {
	if s, ok := irregularForms[w]; ok {
		w = s
	}
	return stem(w)
}

var synonyms = map[string]string{
	"truce": "ceasefire", "cease": "ceasefire",
	"talk": "negotiat", "talks": "negotiat", "negotiation": "negotiat", "negotiations": "negotiat",
	"negotiate": "negotiat", "negotiat": "negotiat", "discussion": "negotiat", "discussions": "negotiat",
	"kyiv": "ukraine", "ukrainian": "ukraine",
	"russian": "russia", "moscow": "russia", "kremlin": "russia",
	"halt": "stop", "halted": "stop", "pause": "stop", "paused": "stop", "suspend": "stop", "suspended": "stop",
	"agreement": "deal", "accord": "deal",
	"killed": "dead", "died": "dead", "deaths": "dead", "death": "dead",
	"injured": "hurt", "wounded": "hurt", "injuries": "hurt",
	"residents": "resident", "inhabitants": "resident",
	"closure": "close", "closed": "close", "closing": "close", "shut": "close",
	"left": "leave", "leaving": "leave",
	"begin": "start", "began": "start", "begun": "start", "commence": "start", "launched": "start",
	"effect": "start", "effective": "start", "starting": "start", "starts": "start",
	"employees": "worker", "employee": "worker", "staff": "worker", "workers": "worker",
	"vote": "vote", "ballot": "vote",
	"council": "council", "councillors": "council", "councilors": "council",
}

var stopWords = wordSet(`a about above according across added adding after again against ago all almost
also although am among an and another any are aren around as at be because been before being below
between both but by can cannot could did do does doing done down during each either else even ever
every few for from further had has have having he her here hers herself him himself his how however i
if in into is it its itself just last late later least less like many may me meanwhile might more most
mr mrs ms much must my myself near nearly new next no nor not now of off on once one only or other
others our ours ourselves out over own per perhaps rather said same say saying says she should since so
some still such than that the their theirs them themselves then there these they this those though
through thus to told too toward towards under until up upon us very via was we were what whatever when
where whether which while who whom whose why will with within without would yet you your yours also
stated reported reports reportedly announced week weeks month months year years day days today
yesterday tomorrow tuesday monday wednesday thursday friday saturday sunday including include includes
n't don't didn't won't isn't wasn't aren't weren't hasn't haven't hadn't doesn't shouldn't wouldn't
couldn't can't it's that's there's he's she's they're we're i'm ongoing recent recently`)

// stemSet is wordSet of the words' stems, for sets looked up by stem.
func stemSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[stem(w)] = true
	}
	return m
}

func wordSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
