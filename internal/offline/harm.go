package offline

import (
	"slices"
	"strings"
)

// A harm claim is one sentence's word on whether people came to harm:
// "No one was hurt" against "a 71-year-old man was scratched on the
// forearm"; "there were no confirmed cases of illness" against "at least
// 14 people have been treated for stomach illness". Incident coverage
// disputes this more than anything else, and the two sides seldom share a
// word, so it is read by its own rules rather than by sentence likeness.
type harmClaim struct {
	cand   int
	slot   harmSlot
	harmed bool   // someone was harmed (or, for severe, badly)
	phrase string // the words that say so, as written
}

// A harmSlot is the question a harm claim answers.
type harmSlot int

const (
	slotHurt     harmSlot = iota // was anyone hurt
	slotIll                      // did anyone fall ill
	slotSevere                   // was anyone badly hurt
	slotDead                     // did anyone die
	slotHospital                 // was anyone taken to hospital
)

var harmTopics = [...]string{
	slotHurt:   "Whether anyone was hurt",
	slotIll:    "Whether anyone fell ill",
	slotSevere: "Whether anyone was badly hurt",
	slotDead:   "Whether anyone died",
	// A denial of hospital ("none needed to go to hospital") is no
	// denial of hurt: "three were treated for minor injuries, but none
	// needed to go to hospital".
	slotHospital: "Whether anyone was taken to hospital",
}

// harmPoints reports sources that answer one harm question both ways. An
// article that answers it both ways itself ("no one was hurt in the blast;
// a firefighter was later treated for smoke") tells a sequence or a
// nuance, not a side, and is left out of that question. A sentence that
// names a year tells the background (an accident at the plant in 2019),
// not this event.
func (f *finder) harmPoints() []candidate {
	a := f.a
	var claims []harmClaim
	for i, s := range a.cands {
		if !slices.ContainsFunc(s.tokens, isYear) && !strings.Contains(s.text, "?") && !background(s.tokens) {
			claims = append(claims, readHarm(i, s.tokens)...)
		}
	}
	claims = slices.DeleteFunc(claims, func(c harmClaim) bool {
		return slices.ContainsFunc(claims, func(o harmClaim) bool {
			return o.slot == c.slot && o.harmed != c.harmed && a.cands[o.cand].doc == a.cands[c.cand].doc
		})
	})
	var out []candidate
	for slot := range harmTopics {
		var cs []harmClaim
		for _, c := range claims {
			if c.slot == harmSlot(slot) {
				cs = append(cs, c)
			}
		}
		out = append(out, f.harmPoint(harmSlot(slot), cs)...)
	}
	return out
}

func (f *finder) harmPoint(slot harmSlot, cs []harmClaim) []candidate {
	if len(cs) < 2 {
		return nil
	}
	set := oneQuestion(func(x int) int { return cs[x].cand }, func(x, y int) bool { return cs[x].harmed == cs[y].harmed },
		func(x int) string { return "“" + cs[x].phrase + "”" },
		func(x int) string {
			if cs[x].harmed {
				return "someone was (“" + cs[x].phrase + "”)"
			}
			return "no one was (“" + cs[x].phrase + "”)"
		})
	return f.splitPoints(len(cs), set, "Whether", 0.85, "%s say %s", func([]int) string { return harmTopics[slot] })
}

// background reports whether a sentence tells of an earlier event ("two
// workers were injured there last year", "a similar leak three years ago").
func background(ts []token) bool {
	for n, t := range ts {
		if t.low == "ago" || t.low == "previous" || t.low == "previously" || t.low == "last" && n+1 < len(ts) && (ts[n+1].low == "year" || ts[n+1].low == "month" || ts[n+1].low == "summer" || ts[n+1].low == "winter") {
			return true
		}
	}
	return false
}

func isYear(t token) bool {
	return t.num && !t.comma && t.value >= 1900 && t.value <= 2100 && len(t.text) == 4
}

// readHarm finds a sentence's harm claims. Denials come first: a sentence
// that denies harm on a question asserts none on it.
func readHarm(cand int, ts []token) []harmClaim {
	var out []harmClaim
	denied := map[harmSlot]bool{}
	for k := range ts {
		if slot, end, ok := harmDenial(ts, k); ok && !denied[slot] {
			denied[slot] = true
			out = append(out, harmClaim{cand: cand, slot: slot, phrase: surfaceOf(ts, k, end)})
		}
	}
	asserted := map[harmSlot]bool{}
	for k := range ts {
		slot, start, end, ok := harmAssertion(ts, k)
		if !ok || denied[slot] || asserted[slot] || negatedBefore(ts, start) || hedgedBefore(ts, start) {
			continue
		}
		asserted[slot] = true
		out = append(out, harmClaim{cand: cand, slot: slot, harmed: true, phrase: surfaceOf(ts, start, end)})
		if hospitalWords[ts[end].low] && !denied[slotHospital] && !asserted[slotHospital] {
			asserted[slotHospital] = true
			out = append(out, harmClaim{cand: cand, slot: slotHospital, harmed: true, phrase: surfaceOf(ts, start, end)})
		}
		if slot == slotSevere && !denied[slotHurt] && !asserted[slotHurt] {
			asserted[slotHurt] = true
			out = append(out, harmClaim{cand: cand, slot: slotHurt, harmed: true, phrase: surfaceOf(ts, start, end)})
		}
	}
	return out
}

// harmDenial reads a denial of harm opening at ts[k]: "no one was hurt",
// "nobody has been injured", "none of the crew was harmed", "there were no
// injuries", "no confirmed cases of illness", "no one has fallen ill",
// "not thought to be life-threatening", "no one was seriously hurt". A
// denial scoped to some ("no one else", "no other injuries", "no further
// cases") leaves the others open and is not read.
func harmDenial(ts []token, k int) (slot harmSlot, end int, ok bool) {
	w := func(n int) string {
		if n < len(ts) && !ts[n].punct {
			return ts[n].low
		}
		return ""
	}
	switch {
	case w(k) == "not" || w(k) == "non":
		for n := k + 1; n <= k+4 && n < len(ts); n++ {
			if w(n) == "life" && w(n+1) == "threatening" {
				return slotSevere, n + 1, true
			}
		}
		return 0, 0, false
	case w(k) == "no" && (w(k+1) == "one" || w(k+1) == "1"), w(k) == "nobody", w(k) == "none", w(k) == "noone", w(k) == "neither":
		start := k + 1
		if w(k) == "no" {
			start = k + 2
		}
		severe := false
		for n := start; n <= start+8 && n < len(ts); n++ {
			switch x := w(n); {
			case x == "life" && w(n+1) == "threatening":
				return slotSevere, n + 1, true
			case x == "" && ts[n].text != "-":
				return 0, 0, false
			case scopeWords[x]:
				return 0, 0, false
			case severityWords[x]:
				severe = true
			case x == "died" || x == "killed" && beVerb(w(n-1)):
				return slotDead, n, true
			case hurtWords[x]:
				if severe {
					return slotSevere, n, true
				}
				return slotHurt, n, true
			case hospitalWords[x]:
				return slotHospital, n, true
			case x == "ill" || x == "sick" || x == "sickened":
				return slotIll, n, true
			case x == "injuries" && severe:
				return slotSevere, n, true
			}
		}
	case w(k) == "no" && (w(k+1) == "deaths" || w(k+1) == "fatalities" || w(k+1) == "death"):
		return slotDead, k + 1, true
	case w(k) == "no":
		// "no serious injuries", "no confirmed cases of illness", "no
		// reports of anyone being hurt".
		severe := false
		for n := k + 1; n <= k+6 && n < len(ts); n++ {
			switch x := w(n); {
			case x == "" || scopeWords[x]:
				return 0, 0, false
			case severityWords[x]:
				severe = true
			case hurtWords[x] && (w(n-1) == "being" || w(n-1) == "anyone" || w(n-1) == "anybody"):
				if severe {
					return slotSevere, n, true
				}
				return slotHurt, n, true
			case x == "anyone" || x == "anybody" || x == "being":
			case x == "injuries" || x == "injury" || x == "casualties":
				if severe {
					return slotSevere, n, true
				}
				return slotHurt, n, true
			case illnessWords[x]:
				return slotIll, n, true
			case x == "cases" || x == "reports" || x == "confirmed" || x == "reported" || x == "known" || x == "of":
			default:
				return 0, 0, false
			}
		}
	}
	return 0, 0, false
}

// harmAssertion reads a claim of harm at ts[k]: a person "was hurt",
// "were injured", "was scratched"; "treated in hospital", "treated for
// cuts", "taken to hospital"; "suffered … injuries"; "taken ill", "fell
// ill", "treated for stomach illness"; and, for badly, "in a critical
// condition", "seriously injured", "life-threatening injuries".
func harmAssertion(ts []token, k int) (slot harmSlot, start, end int, ok bool) {
	w := func(n int) string {
		if n >= 0 && n < len(ts) && !ts[n].punct {
			return ts[n].low
		}
		return ""
	}
	x := w(k)
	switch {
	case x == "critical" && (w(k+1) == "condition" || w(k-1) == "in"):
		return slotSevere, k, k + 1, true
	case x == "life" && w(k+1) == "threatening" && (w(k+2) == "injuries" || w(k+2) == "condition" || w(k+2) == "injury"):
		return slotSevere, k, k + 2, true
	case severityWords[x] && (hurtWords[w(k+1)] || w(k+1) == "injuries") && w(k-1) != "no" && w(k-1) != "any":
		return slotSevere, k, k + 1, true
	case hurtWords[x] && (beVerb(w(k-1)) || k > 0 && ts[k-1].num):
		return slotHurt, k - 1, k, true
	case x == "injuring" && k+1 < len(ts) && ts[k+1].num:
		return slotHurt, k, k + 1, true
	case hospitalVerbs[x] && (w(k+1) == "to" || w(k+1) == "in" || w(k+1) == "at"):
		for n := k + 2; n <= k+5; n++ {
			if w(n) == "hospital" {
				return slotHurt, k, n, true
			}
		}
	case x == "treated" && w(k+1) == "for":
		for n := k + 2; n <= k+5; n++ {
			if illnessWords[w(n)] {
				return slotIll, k, n, true
			}
			if injuryNouns[w(n)] {
				return slotHurt, k, n, true
			}
		}
	case x == "suffered" || x == "sustained":
		for n := k + 1; n <= k+4; n++ {
			if injuryNouns[w(n)] {
				return slotHurt, k, n, true
			}
		}
	case x == "ill" && (w(k-1) == "taken" || w(k-1) == "fell" || w(k-1) == "fallen" || w(k-1) == "became" || w(k-1) == "become"):
		return slotIll, k - 1, k, true
	case x == "died" && k > 0 && (!ts[k-1].punct || ts[k-1].text == ",") && w(k-1) != "who" && w(k-1) != "that" && !nearMiss[w(k-1)]:
		// "Albert Crane, a 91-year-old former signalman, died on the
		// ward": a death, told of someone named or counted before.
		return slotDead, k - 1, k, true
	case x == "killed" && (beVerb(w(k-1)) || k > 0 && ts[k-1].num):
		return slotDead, k - 1, k, true
	}
	return 0, 0, 0, false
}

// nearMiss words say a harm did not come about ("That family nearly
// died").
var nearMiss = wordSet("nearly almost narrowly")

// negatedBefore reports whether a negation stands in the three words
// before ts[k] ("was not injured", "never taken to hospital").
func negatedBefore(ts []token, k int) bool {
	for n := k - 1; n >= 0 && n >= k-3; n-- {
		if negators[ts[n].low] || ts[n].low == "without" {
			return true
		}
	}
	return false
}

// hedgedBefore reports whether the claim at ts[k] is put as an open
// question or a fear ("not clear whether anyone was hurt", "feared
// injured", "may have been hurt").
func hedgedBefore(ts []token, k int) bool {
	for n := k - 1; n >= 0 && n >= k-5; n-- {
		if harmHedges[ts[n].low] {
			return true
		}
	}
	return false
}

func beVerb(w string) bool {
	return w == "was" || w == "were" || w == "been" || w == "being" || w == "is" || w == "are"
}

// opensWord reports whether a sign stands before the word it belongs to.
func opensWord(s string) bool {
	switch s {
	case "£", "$", "€", "“", "(", "[":
		return true
	}
	return false
}

func surfaceOf(ts []token, from, to int) string {
	var b strings.Builder
	for n := from; n <= to && n < len(ts); n++ {
		switch {
		case n > from && ts[n].hyphen:
			b.WriteByte('-')
		case n > from && opensWord(ts[n-1].text):
			// "£2,500", "(Meridian": nothing after a sign that opens
		case n > from && (!ts[n].punct || opensWord(ts[n].text)):
			b.WriteByte(' ')
		}
		b.WriteString(ts[n].text)
	}
	return b.String()
}

var (
	hurtWords     = wordSet("hurt injured harmed wounded scratched bitten scalded")
	hospitalVerbs = wordSet("treated taken rushed airlifted flown admitted")
	hospitalWords = wordSet("hospital hospitalised hospitalized")
	harmHedges    = wordSet("whether if may might could feared possibly possible unclear")
	injuryNouns   = wordSet("injuries injury cuts bruises burns fractures wounds")
	illnessWords  = wordSet("illness illnesses sickness poisoning infection infections diarrhoea diarrhea vomiting")
	severityWords = wordSet("seriously badly critically severely gravely serious")
	scopeWords    = wordSet("else other others further more additional new")
)
