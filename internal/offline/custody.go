package offline

// custodyPoints reports sources that leave one named person both in
// custody ("was taken into custody in the courtroom", "remanded in
// custody") and free ("remains free on bail until April 24", "was
// released on bail"): a court story's outlets disagree on this as often as
// on the sentence itself.
func (f *finder) custodyPoints() []candidate {
	return f.eitherWayPoints(f.readEitherWays(readCustody), func(name string) string {
		return "Whether " + name + " was taken into custody or remains free on bail"
	})
}

var (
	heldPhrases = [][]string{{"taken", "into", "custody"}, {"remanded", "in", "custody"}, {"taken", "to", "the", "cells"}, {"led", "to", "the", "cells"}}
	freePhrases = [][]string{{"free", "on", "bail"}, {"released", "on", "bail"}, {"granted", "bail"}, {"bailed", "until"}}
)

// readCustody reads a sentence's claim that a person is held or free, of
// the person named nearest before the phrase ("Haskett allowed Ostrander
// to remain free on bail" is of Ostrander, not of the judge); a denied
// one ("was not taken into custody") says nothing either way.
func readCustody(cand int, ts []token, in details) (eitherWay, bool) {
	if in.negated {
		return eitherWay{}, false
	}
	low := lowers(ts)
	var c eitherWay
	at := -1
	for _, set := range []struct {
		phrases [][]string
		held    bool
	}{{heldPhrases, true}, {freePhrases, false}} {
		for _, p := range set.phrases {
			if k := indexWords(low, p); k > 0 && at < 0 {
				at, c.first, c.phrase = k, set.held, surfaceOf(ts, k, k+len(p)-1)
			}
		}
	}
	if at < 0 {
		return eitherWay{}, false
	}
	best := -1
	for _, nm := range in.names {
		if nm.place {
			continue
		}
		if k := nm.endIn(ts); k >= 0 && k < at && k > best {
			best, c.cand, c.person, c.name = k, cand, nm.parts, nm.text
		}
	}
	return c, best >= 0
}
