package offline

import "slices"

// A suspicion claim is one sentence's word on how the police treat what
// happened: "Detectives are treating the blaze as deliberate" against
// "the fire was not being treated as suspicious". The two sides seldom
// share more than the verb, so, like harm, it is read by its own rule.
type suspicionClaim struct {
	cand      int
	suspected bool
	phrase    string // the words that say so, as written
}

// suspicionPoints reports sources that have the police treat the event
// as suspicious and sources that have them not do so. An article that
// tells both ("at first not treated as suspicious; detectives now believe
// it was started deliberately") tells a change, not a side, and is left
// out.
func (f *finder) suspicionPoints() []candidate {
	a := f.a
	var cs []suspicionClaim
	for i, s := range a.cands {
		if c, ok := readSuspicion(i, s.tokens); ok {
			cs = append(cs, c)
		}
	}
	cs = slices.DeleteFunc(cs, func(c suspicionClaim) bool {
		return slices.ContainsFunc(cs, func(o suspicionClaim) bool {
			return o.suspected != c.suspected && a.cands[o.cand].doc == a.cands[c.cand].doc
		})
	})
	if len(cs) < 2 {
		return nil
	}
	set := oneQuestion(func(x int) int { return cs[x].cand }, func(x, y int) bool { return cs[x].suspected == cs[y].suspected },
		func(x int) string { return "“" + cs[x].phrase + "”" },
		func(x int) string {
			if cs[x].suspected {
				return "it is (“" + cs[x].phrase + "”)"
			}
			return "it is not (“" + cs[x].phrase + "”)"
		})
	return f.splitPoints(len(cs), set, "Whether", 0.85, "%s say %s", func([]int) string {
		return "Whether it is being treated as suspicious"
	})
}

// readSuspicion reads "treating … as deliberate", "treated as
// suspicious", "not being treated as suspicious": a form of "treat", an
// "as" within treatReach words, and a suspicion word right after it (past
// an article: "as an arson attack"). A negation in the three words before
// the verb turns the claim round; an open question ("whether") or a
// hedge is no claim.
func readSuspicion(cand int, ts []token) (suspicionClaim, bool) {
	for k, t := range ts {
		if lemma(t.low) != "treat" {
			continue
		}
		for n := k + 1; n < len(ts) && n <= k+treatReach && !ts[n].punct; n++ {
			if ts[n].low != "as" {
				continue
			}
			m := n + 1
			if m < len(ts) && (ts[m].low == "a" || ts[m].low == "an") {
				m++
			}
			if m >= len(ts) || !suspicionWords[ts[m].low] {
				break
			}
			if asks(ts) || hedgedBefore(ts, k) {
				return suspicionClaim{}, false
			}
			return suspicionClaim{cand: cand, suspected: !negatedBefore(ts, k), phrase: surfaceOf(ts, k, m)}, true
		}
	}
	return suspicionClaim{}, false
}

// treatReach is how far "as" may stand from "treating": past the thing
// treated ("treating a massive blaze that gutted the depot as deliberate"
// is eight words).
const treatReach = 10

// suspicionWords say the police suspect a crime.
var suspicionWords = wordSet("suspicious deliberate arson criminal crime murder homicide")
