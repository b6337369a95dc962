package offline

import (
	"slices"
	"strings"
)

// A causeClaim is what one sentence says caused the story's event: the
// content stems of the cause it names ("broken rail"), or none with
// unsettled set when it says the cause is not yet known.
type causeClaim struct {
	cand      int
	cause     []string // content stems of the cause
	phrase    string   // the cause as written, or the words that leave it open
	event     string   // stem of the thing caused ("derail", "fire"), when named
	unsettled bool
}

// causePoints reports sources that give different causes for the same
// event, or where one names a cause and another says it is not yet known:
// "The derailment was caused by a broken rail" against "pointed to a
// cracked wheel bearing as the cause" and "investigators have not yet
// determined the cause". Two claims are about the same event when they
// name the same thing caused, or when either leaves it unnamed (a story
// is mostly about one event); they agree when their causes share a content
// word, or when both leave it open.
func (f *finder) causePoints() []candidate {
	a := f.a
	var claims []causeClaim
	for i, s := range a.cands {
		if c, ok := readCause(s.tokens); ok {
			c.cand = i
			claims = append(claims, c)
		}
	}
	if len(claims) < 2 {
		return nil
	}
	agree := func(x, y int) bool {
		cx, cy := claims[x], claims[y]
		if cx.unsettled || cy.unsettled {
			return cx.unsettled == cy.unsettled
		}
		return slices.ContainsFunc(cx.cause, func(w string) bool { return slices.Contains(cy.cause, w) })
	}
	keep := own(len(claims), func(x int) int { return a.cands[claims[x].cand].doc }, agree,
		func(x, y int) bool { return true }, func(x int) bool {
			ts := a.cands[claims[x].cand].tokens
			return rejecting(ts, indexOf(ts, claims[x].phrase))
		})
	var kept []causeClaim
	for x, c := range claims {
		if keep[x] {
			kept = append(kept, c)
		}
	}
	claims = kept // agree reads the kept claims from here on
	compare := func(x, y int) (bool, bool) {
		cx, cy := claims[x], claims[y]
		// "wildfire" and "fire", "derailment" and "derailed" name one event.
		sameEvent := cx.event == "" || cy.event == "" || strings.HasSuffix(cx.event, cy.event) || strings.HasSuffix(cy.event, cx.event) ||
			strings.HasPrefix(cx.event, cy.event) || strings.HasPrefix(cy.event, cx.event)
		return sameEvent && a.sim[cx.cand][cy.cand] > 0, agree(x, y)
	}
	phrase := func(x int) string { return claims[x].phrase }
	set := claimSet{cand: func(x int) int { return claims[x].cand }, compare: compare, agree: agree, claim: phrase, value: phrase}
	out := f.splitPoints(len(claims), set, "Cause", 1.0, "%s say %s", func(members []int) string {
		return causeTopic(a, members, claims)
	})
	return out
}

// causeTopic names the point after the thing caused, in the first claim's
// words: "What caused the derailment", "Reason for the closure".
func causeTopic(a *analysis, members []int, claims []causeClaim) string {
	head := "What caused the "
	for _, x := range members {
		if slices.ContainsFunc(a.cands[claims[x].cand].tokens, func(t token) bool { return t.low == "reason" }) {
			head = "Reason for the " // a decision has reasons, an accident causes
		}
	}
	for _, x := range members {
		for _, t := range a.cands[claims[x].cand].tokens {
			if claims[x].event != "" && stem(t.low) == claims[x].event {
				return head + t.low
			}
		}
	}
	return strings.TrimSuffix(head, " the ") + " it"
}

// readCause finds a cause claim in a sentence's tokens.
func readCause(ts []token) (causeClaim, bool) {
	low := lowers(ts)
	mentionsCause := false
	for k, w := range low {
		if w == "cause" || w == "reason" || w == "caused" || w == "blamed" {
			mentionsCause = true
		}
		if (w == "cause" || w == "reason") && k > 0 && low[k-1] == "because" {
			mentionsCause = false
		}
	}
	if mentionsCause {
		for _, open := range unsettledCause {
			if at := indexWords(low, open); at >= 0 {
				return causeClaim{phrase: strings.Join(open, " "), event: causedThing(ts), unsettled: true}, true
			}
		}
	}
	probed := mentionsCause || slices.ContainsFunc(low, func(w string) bool { return probeWords[stem(w)] })
	for _, intro := range causeIntros {
		if at := indexWords(low, intro.words); at >= 0 && (intro.strong || mentionsCause || intro.probe && probed) && !deniedBefore(ts, at) {
			if c, ok := causeAt(ts, at+len(intro.words)); ok {
				return c, true
			}
		}
	}
	if c, ok := antecedentCause(ts); ok {
		return c, true
	}
	if c, ok := causeByName(ts); ok {
		return c, true
	}
	// "A downed power line started the wildfire": the subject of an
	// active verb of causing.
	for k := 1; k+2 < len(ts); k++ {
		if !causeVerbs[low[k]] || low[k+1] != "the" && low[k+1] != "a" || ts[k+2].punct || stopWords[low[k+2]] {
			continue
		}
		// "A spokesman said the heat had caused the buckle": the
		// subject starts after the attribution.
		subject := slices.Clone(ts[saidStart(ts, k, false):k])
		for len(subject) > 0 && (subject[len(subject)-1].low == "had" || subject[len(subject)-1].low == "has" || subject[len(subject)-1].low == "have") {
			subject = subject[:len(subject)-1]
		}
		// "There are competing accounts of what caused the crush" asks
		// what did; it names nothing.
		if slices.ContainsFunc(subject, func(t token) bool { return t.low == "what" || t.low == "whatever" || t.low == "which" }) {
			continue
		}
		if words, phrase := causePhrase(subject, 0); len(words) >= 2 {
			return causeClaim{cause: words, phrase: phrase, event: stem(low[k+2])}, true
		}
	}
	// "The blaze started when a tumble dryer overheated", "the fire
	// started with a lithium-ion battery": how the event began. ("Began
	// in" names where as often as what, and is left alone.)
	for k := 1; k+3 < len(ts); k++ {
		if !beginVerbs[low[k]] {
			continue
		}
		at := k + 1
		if low[k] == "broke" && low[at] == "out" {
			at++ // "the fire broke out when …"
		}
		if low[at] != "when" && low[at] != "with" {
			continue
		}
		event := ""
		if p := ts[k-1]; !p.punct && !stopWords[p.low] {
			event = stem(p.low)
		}
		if words, phrase := causePhrase(ts, at+1); len(words) >= 2 {
			return causeClaim{cause: words, phrase: phrase, event: event}, true
		}
	}
	// "The cause of the fire was a downed power line", "the main reason
	// for the closure is a shortage of staff".
	for k, w := range low {
		if w != "cause" && w != "reason" {
			continue
		}
		// "… about the cause while the investigation was under way": the
		// verb of another clause says nothing of the cause.
		for j := k + 1; j < len(ts) && j <= k+6 && !ts[j].punct && !subordinators[low[j]]; j++ {
			if low[j] == "was" || low[j] == "is" || low[j] == "were" {
				if c, ok := causeAt(ts, j+1); ok {
					return c, true
				}
				break
			}
		}
	}
	return causeClaim{}, false
}

// antecedentCause reads a cause named before a clause that says it
// caused the event: "had found a fractured rail at the junction, which it
// believes caused the derailment"; "a build-up of methane gas had ignited,
// triggering the explosion".
func antecedentCause(ts []token) (causeClaim, bool) {
	for k := 2; k+1 < len(ts); k++ {
		comma := -1
		switch {
		case causeVerbs[ts[k].low]:
			for j := k - 1; j >= 1 && j >= k-4; j-- {
				if ts[j].low == "which" && ts[j-1].text == "," {
					comma = j - 1
				}
			}
		case causingForms[ts[k].low] && ts[k-1].text == ",":
			comma = k - 1
		}
		if comma < 1 || k+2 >= len(ts) || ts[k+1].low != "the" && ts[k+1].low != "a" && ts[k+1].low != "this" {
			continue
		}
		if words, phrase := causePhrase(ts[:comma], saidStart(ts, comma, true)); len(words) >= 2 {
			return causeClaim{cause: words, phrase: phrase, event: stem(ts[k+2].low)}, true
		}
	}
	return causeClaim{}, false
}

// saidStart returns where the clause that ends before ts[end] starts: after
// a punctuation mark, a verb of saying or a "that" ("the minister said
// methane gas was …" starts at "methane"); with object, also after a verb
// in the past whose object it is ("had found a fractured rail").
func saidStart(ts []token, end int, object bool) int {
	start := end
	for start > 0 && !ts[start-1].punct && !reportingVerbs[ts[start-1].low] && ts[start-1].low != "that" &&
		!(object && start < end && isPastVerb(ts[start-1].low) && determiners[ts[start].low]) {
		start--
	}
	return start
}

var causingForms = wordSet("causing triggering sparking")

// causeByName reads a cause that the sentence calls the cause: "methane
// gas was the most likely trigger", "human error is the probable cause".
func causeByName(ts []token) (causeClaim, bool) {
	for k := 2; k < len(ts); k++ {
		if ts[k].low != "trigger" && ts[k].low != "cause" {
			continue
		}
		j := k - 1
		for j > 0 && (ts[j].low == "the" || ts[j].low == "most" || ts[j].low == "likely" || ts[j].low == "probable" || ts[j].low == "main" || ts[j].low == "possible") {
			j--
		}
		if j == k-1 || ts[j].low != "was" && ts[j].low != "is" {
			continue
		}
		if words, phrase := causePhrase(ts[:j], saidStart(ts, j, false)); len(words) >= 2 {
			return causeClaim{cause: words, phrase: phrase, event: causedThing(ts)}, true
		}
	}
	return causeClaim{}, false
}

func causeAt(ts []token, start int) (causeClaim, bool) {
	words, phrase := causePhrase(ts, start)
	if len(words) == 0 {
		return causeClaim{}, false
	}
	return causeClaim{cause: words, phrase: phrase, event: causedThing(ts)}, true
}

// deniedBefore reports whether a negation stands in the three words
// before ts[k] ("I don't blame the staff", "was not caused by").
func deniedBefore(ts []token, k int) bool {
	for n := k - 1; n >= 0 && n >= k-3; n-- {
		if negations[ts[n].low] {
			return true
		}
	}
	return false
}

// causeIntros are the words that lead to a named cause: "caused by a
// broken rail", "pointed to a cracked wheel bearing as the cause". Weak
// ones ("due to", "pointed to") lead elsewhere too ("due to open in May"),
// so they count only in a sentence that speaks of a cause or reason.
//
// Probe ones ("focusing on a corroded relief valve") name a cause in a
// sentence about an inquiry (probeWords): what investigators look at is
// their working account of the cause.
var causeIntros = []struct {
	words  []string
	strong bool
	probe  bool
}{
	{words: []string{"focusing", "on"}, probe: true}, {words: []string{"focused", "on"}, probe: true},
	{words: []string{"focusing", "their", "inquiries", "on"}, probe: true},
	{words: []string{"traced", "to"}, strong: true}, {words: []string{"put", "down", "to"}, strong: true},
	{words: []string{"caused", "by"}, strong: true}, {words: []string{"sparked", "by"}, strong: true}, {words: []string{"triggered", "by"}, strong: true},
	{words: []string{"set", "off", "by"}, strong: true}, {words: []string{"blamed", "on"}, strong: true}, {words: []string{"brought", "on", "by"}, strong: true},
	{words: []string{"was", "started", "by"}, strong: true}, {words: []string{"started", "by"}, strong: false}, {words: []string{"due", "to"}, strong: false}, {words: []string{"the", "result", "of"}, strong: false},
	{words: []string{"pointed", "to"}, strong: false}, {words: []string{"attributed", "to"}, strong: false}, {words: []string{"because", "of"}, strong: false},
	// "the losses stemmed largely from …", "insiders blame a broken
	// pump", "the most likely source is …".
	{words: []string{"stemmed", "from"}, strong: true}, {words: []string{"stemmed", "largely", "from"}, strong: true},
	{words: []string{"stems", "from"}, strong: true}, {words: []string{"resulted", "from"}, strong: true},
	{words: []string{"blame", "a"}, strong: true}, {words: []string{"blame", "the"}, strong: true},
	{words: []string{"source", "is"}, probe: true}, {words: []string{"source", "was"}, probe: true},
}

// probeWords are the stems of the people and work of an inquiry.
var probeWords = stemSet("investigators investigation inspectors inspection inquiry inquiries probe investigating examining")

// unsettledCause are the words that leave a cause open.
var unsettledCause = [][]string{
	{"not", "yet", "known"}, {"not", "known"}, {"unknown"}, {"not", "yet", "been", "determined"},
	{"not", "been", "determined"}, {"not", "yet", "determined"}, {"not", "determined"},
	{"under", "investigation"}, {"not", "been", "established"}, {"not", "yet", "established"},
	{"unclear"}, {"too", "early"}, {"not", "yet", "clear"},
}

// causePhrase reads the cause named from ts[start]: up to nine words ("a
// fault in the ultraviolet disinfection system"), to the first
// punctuation, attribution or clause word.
func causePhrase(ts []token, start int) ([]string, string) {
	var words, text []string
	for k := start; k < len(ts) && len(text) < 9; k++ {
		t := ts[k]
		if t.punct || reportingVerbs[t.low] || causeStops[t.low] {
			break
		}
		if t.hyphen && len(text) > 0 {
			text[len(text)-1] += "-" + t.text // "lithium-ion"
		} else {
			text = append(text, t.text)
		}
		if !stopWords[t.low] && !t.num && len(t.low) > 2 {
			words = append(words, stem(t.low))
		}
	}
	// Cut at its length, a phrase may end on a word that leads on ("an
	// overheating battery charger for a forklift truck in"): it ends at
	// its last word of weight.
	for len(text) > 1 && stopWords[strings.ToLower(text[len(text)-1])] {
		text = text[:len(text)-1]
	}
	return words, strings.Join(text, " ")
}

var causeStops = wordSet("according as and but which who that while rather than after during when")

// causedThing names what the sentence says was caused: the noun after "the
// cause of (the)", "the reason for (the)" or "caused the", or the subject
// right before "was caused" or "was started".
func causedThing(ts []token) string {
	for k := 0; k+2 < len(ts); k++ {
		if (ts[k].low == "cause" && ts[k+1].low == "of") || (ts[k].low == "reason" && ts[k+1].low == "for") {
			j := k + 2
			for j < len(ts) && (ts[j].low == "the" || ts[j].low == "this" || ts[j].low == "a") {
				j++
			}
			if j < len(ts) && !ts[j].punct && !stopWords[ts[j].low] {
				return stem(ts[j].low)
			}
		}
		if causeVerbs[ts[k+2].low] && (ts[k+1].low == "was" || ts[k+1].low == "were" || ts[k+1].low == "been") {
			// "the fire was started by", "the grounding had been caused by"
			j := k
			for j > 0 && (ts[j].low == "had" || ts[j].low == "has" || ts[j].low == "have") {
				j--
			}
			if !ts[j].punct && !stopWords[ts[j].low] {
				return stem(ts[j].low)
			}
		}
		if causeVerbs[ts[k+1].low] && ts[k+2].low == "by" && !ts[k].punct && !stopWords[ts[k].low] {
			return stem(ts[k].low) // "cancellations caused by breakdowns"
		}
		if ts[k].low == "caused" && (ts[k+1].low == "the" || ts[k+1].low == "this") && !ts[k+2].punct && !stopWords[ts[k+2].low] {
			return stem(ts[k+2].low) // "what caused the fire"
		}
	}
	return ""
}

var causeVerbs = wordSet("caused started sparked triggered")

// beginVerbs say how an event began ("the blaze started when …").
var beginVerbs = wordSet("started began broke")

// indexWords returns where the word sequence seq starts in low, or -1.
func indexWords(low []string, seq []string) int {
	for k := 0; k+len(seq) <= len(low); k++ {
		if slices.Equal(low[k:k+len(seq)], seq) {
			return k
		}
	}
	return -1
}
