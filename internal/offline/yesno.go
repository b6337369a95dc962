package offline

import (
	"slices"
	"strings"
)

// A yes-no claim is one sentence's word on whether someone did a thing
// that news tells as done or not done: objected ("lodged a formal
// objection" against "had not objected"), investigated ("police have
// launched a fraud investigation" against "were not investigating"),
// consulted ("following consultation with our union partners" against
// "without any consultation with the union"). The two sides share the
// thing's word and little else, so sentence likeness, which the general
// denial reader needs, does not pair them; they are read by their own rule.
type yesNoClaim struct {
	cand   int
	act    string // the act's family (see yesNoActs)
	done   bool
	phrase string // the words that say so, as written
	// before and after are the content stems around the act's word:
	// who did it, and to what or whom.
	before, after []string
}

// yesNoPoints reports sources that tell an act as done and sources that
// tell it as not done. Two claims are about the same act when they are of
// one family and share a word around it (the body that objected, the
// union consulted), on the same side of it; an article that tells it both ways (a change, or two
// bodies) is left out, as are questions and hedges.
func (f *finder) yesNoPoints() []candidate {
	a := f.a
	var cs []yesNoClaim
	for i, s := range a.cands {
		if asks(s.tokens) {
			continue
		}
		cs = append(cs, readYesNo(i, s.tokens)...)
	}
	cs = slices.DeleteFunc(cs, func(c yesNoClaim) bool {
		return slices.ContainsFunc(cs, func(o yesNoClaim) bool {
			return o.act == c.act && o.done != c.done && a.cands[o.cand].doc == a.cands[c.cand].doc
		})
	})
	var out []candidate
	for _, act := range yesNoActOrder {
		var of []yesNoClaim
		for _, c := range cs {
			if c.act == act {
				of = append(of, c)
			}
		}
		out = append(out, f.yesNoPointsOf(of)...)
	}
	return out
}

// yesNoPointsOf links one family's claims into points.
func (f *finder) yesNoPointsOf(cs []yesNoClaim) []candidate {
	if len(cs) < 2 {
		return nil
	}
	agree := func(x, y int) bool { return cs[x].done == cs[y].done }
	compare := func(x, y int) (bool, bool) {
		shares := func(p, q []string) bool {
			return slices.ContainsFunc(p, func(w string) bool { return slices.Contains(q, w) })
		}
		shared := shares(cs[x].before, cs[y].before) || shares(cs[x].after, cs[y].after)
		return shared, agree(x, y)
	}
	phrase := func(x int) string { return "“" + cs[x].phrase + "”" }
	value := func(x int) string {
		if cs[x].done {
			return "it was (“" + cs[x].phrase + "”)"
		}
		return "it was not (“" + cs[x].phrase + "”)"
	}
	set := claimSet{cand: func(x int) int { return cs[x].cand }, compare: compare, agree: agree, claim: phrase, value: value}
	topic := yesNoActs[cs[0].act].topic
	return f.splitPoints(len(cs), set, "Whether", 0.85, "%s say %s", func([]int) string { return topic })
}

// yesNoReach is how many words around the act's word are its context:
// "The county highways authority raised no objection to the scheme"
// holds the body eight words before the word and the thing objected to
// three after; a report's attribution ("The Waterways Board, the
// statutory body responsible for the river, said it had not objected")
// can hold the body further back, hence twelve.
const (
	yesNoBefore = 16
	yesNoAfter  = 5
)

// readYesNo reads the yes-no claims of a sentence, one per family: the
// first word of a family, told as not done when a negation stands in the
// three words before it ("had not objected", "raised no objection",
// "without any consultation"), or when a hedge does ("may object") not at
// all.
func readYesNo(cand int, ts []token) []yesNoClaim {
	var out []yesNoClaim
	seen := make(map[string]bool)
	for k, t := range ts {
		act, ok := yesNoWords[t.low]
		if !ok || seen[act] {
			continue
		}
		seen[act] = true
		if hedgedBefore(ts, k) || slices.ContainsFunc(ts[max(0, k-3):k], func(t token) bool { return yesNoHedges[t.low] }) {
			continue
		}
		lo, hi := k, k+1
		for lo > 0 && lo > k-3 && !ts[lo-1].punct {
			lo-- // "raised no objection", "were not investigating"
		}
		words := make([]string, 0, hi-lo)
		for _, w := range ts[lo:hi] {
			words = append(words, w.text)
		}
		done := !negatedBefore(ts, k) || notOnly(ts, k)
		if !done && ofRecord(ts) {
			continue
		}
		out = append(out, yesNoClaim{
			cand: cand, act: act, done: done,
			phrase: strings.Join(words, " "),
			before: contentTerms(ts[max(0, k-yesNoBefore):k]),
			after:  contentTerms(ts[k+1 : min(len(ts), k+1+yesNoAfter)]),
		})
	}
	return out
}

// notOnly reports whether the negation before ts[k] limits rather than
// denies: "answers, not just apologies", "not only an objection".
func notOnly(ts []token, k int) bool {
	for n := k - 1; n >= 1 && n >= k-3; n-- {
		if limiters[ts[n].low] && ts[n-1].low == "not" {
			return true
		}
	}
	return false
}

var limiters = wordSet("just only merely simply")

// ofRecord reports whether a sentence speaks of years ("for six years
// without a single complaint", "never in 40 years"): a denial told of a
// record is not one of this event.
func ofRecord(ts []token) bool {
	for k, t := range ts {
		if t.low != "for" && t.low != "in" {
			continue
		}
		for n := k + 1; n < len(ts) && n <= k+3; n++ {
			if ts[n].low == "years" || ts[n].low == "decades" {
				return true
			}
		}
	}
	return false
}

// yesNoHedges make an act a possibility, not a claim: "could object",
// "considering an appeal".
var yesNoHedges = wordSet("could may might would considering consider whether if expected likely plans planning")

// yesNoActs are the families of acts news tells as done or not done, by
// the heading their point takes; yesNoWords indexes their words.
var yesNoActs = map[string]struct {
	words string
	topic string
}{
	"objection":     {"object objected objecting objection objections", "Whether there was an objection"},
	"investigation": {"investigating investigated investigation investigations", "Whether there is an investigation"},
	"consultation":  {"consult consulted consulting consultation consultations", "Whether there was consultation"},
	"warning":       {"warned warning warnings", "Whether a warning was given"},
	"complaint":     {"complained complaint complaints", "Whether there were complaints"},
	"apology":       {"apologised apologized apology apologies", "Whether an apology was made"},
}

// yesNoActOrder is yesNoActs' keys in a fixed order, so that points come
// out the same every run.
var yesNoActOrder = []string{"objection", "investigation", "consultation", "warning", "complaint", "apology"}

var yesNoWords = func() map[string]string {
	out := make(map[string]string)
	for act, a := range yesNoActs {
		for _, w := range strings.Fields(a.words) {
			out[w] = act
		}
	}
	return out
}()
