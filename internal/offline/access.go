package offline

import (
	"cmp"
	"slices"
	"strings"
)

// An access claim is one article's word on the way in or out: "thieves
// climbed in through a roof skylight" against "forced open a fire door",
// "the bear climbed along a storm-damaged branch" against "a service gate
// was left unlatched", "logged in with stolen credentials" against
// "exploited an unpatched flaw". The sides share no word but the
// question's, so, like the germs, it is read by its own rule: a verb of
// getting in or out (or a barrier's state: "left unlatched") and, close
// to it, the kind of way it names.
type accessClaim struct {
	cand int
	ways []string // the kinds of way named, canonical (see accessWays)
	text string   // the way's words as written
	// dir is "in" for a way in, "out" for a way out, "" when the
	// sentence does not say (a gate "left unlatched").
	dir string
	// doer is who got in or out, when the words before the verb name
	// one of intruders ("thieves", "the bear").
	doer string
}

// accessPoints reports articles that give different ways in or out. Two
// claims agree when they name a kind of way in common ("a tree brought
// down on the fence" and "a section of damaged fencing"). An article
// whose own claims name kinds that share nothing (a first theory and the
// finding, or the thieves' way in and the firefighters') tells no one
// side, and is left out, as are ways denied ("did not get in through the
// door") and sentences that ask.
func (f *finder) accessPoints() []candidate {
	a := f.a
	var cs []accessClaim
	for i, s := range a.cands {
		if asks(s.tokens) {
			continue
		}
		if c, ok := readAccess(i, s.tokens); ok {
			cs = append(cs, c)
		}
	}
	agree := func(x, y accessClaim) bool {
		return slices.ContainsFunc(x.ways, func(w string) bool { return slices.Contains(y.ways, w) })
	}
	cs = slices.DeleteFunc(cs, func(c accessClaim) bool {
		return slices.ContainsFunc(cs, func(o accessClaim) bool { return a.cands[o.cand].doc == a.cands[c.cand].doc && !agree(c, o) })
	})
	if len(cs) < 2 {
		return nil
	}
	text := func(x int) string { return cs[x].text }
	set := oneQuestion(func(x int) int { return cs[x].cand }, func(x, y int) bool { return agree(cs[x], cs[y]) }, text, text)
	return f.splitPoints(len(cs), set, "How", 0.9, "%s say %s", func(members []int) string {
		doer := ""
		for _, x := range members {
			doer = cmp.Or(doer, cs[x].doer)
		}
		if slices.ContainsFunc(members, func(x int) bool { return cs[x].dir == "out" }) {
			if doer == "" {
				return "How the escape happened"
			}
			return "How the " + doer + " escaped"
		}
		return "How the " + cmp.Or(doer, "intruders") + " got in"
	})
}

// accessReach is how far after its verb a way may stand: "escape happened
// after storms brought a tree" is six words; barrierReach how far before
// its state (barrierReach): "a service gate at the rear of the enclosure had been left
// unlatched" is eleven.
const (
	accessReach  = 9
	barrierReach = 12
)

// readAccess reads a sentence's way in or out: after a verb of getting in
// or out, the first way within accessReach words; before a barrier's
// state, the last. A sentence whose verb has a rescuer or a resident for
// its doer ("firefighters forced open the door", "residents escaped
// through a window") tells another question.
func readAccess(cand int, ts []token) (accessClaim, bool) {
	for k := range ts {
		dir := accessVerb(ts, k)
		verb := dir != ""
		state := openStates[ts[k].low]
		// A negation is read at the verb: "asked not to be named" in an
		// aside denies nothing of the gate.
		doer, rescuer := doerOfAccess(ts, k)
		if !verb && !state || rescuer || negatedBefore(ts, k) {
			continue
		}
		lo, hi, step := k+1, min(len(ts), k+1+accessReach), 1
		if state {
			lo, hi, step = k-1, max(-1, k-1-barrierReach), -1
		}
		for j := lo; j != hi && !ts[j].punct; j += step {
			if _, ok := accessWays[ts[j].low]; !ok {
				continue
			}
			for j+1 < len(ts) && !ts[j+1].punct && accessWays[ts[j+1].low] != "" {
				j++ // "a roof skylight", "a fire door"
			}
			c := accessClaim{cand: cand, dir: dir, doer: doer, text: wayPhrase(ts, j)}
			for n := max(0, j-2); n < len(ts) && n < j+accessReach && !ts[n].punct; n++ {
				if w, ok := accessWays[ts[n].low]; ok && !slices.Contains(c.ways, w) {
					c.ways = append(c.ways, w)
				}
			}
			return c, true
		}
	}
	return accessClaim{}, false
}

// accessVerb returns "in" when ts[k] is a verb of getting in, "out" when
// of getting out, else "": "entered", "broke in", "gained access", "logged in",
// "exploited"; "escaped", "got out", "slipped out", "left … through".
func accessVerb(ts []token, k int) string {
	next := ""
	if k+1 < len(ts) {
		next = ts[k+1].low
	}
	w := ts[k].low
	switch {
	case entryVerbs[w], inVerbs[w] && (next == "in" || next == "into"),
		gainVerbs[w] && (next == "access" || next == "entry"), forceVerbs[w] && (next == "open" || next == "entry"):
		return "in"
	case escapeVerbs[w], outVerbs[w] && next == "out",
		outVerbs[w] && slices.Contains(accessPaths, next), (w == "climbed" || w == "crawled") && next == "along":
		return "out"
	}
	return ""
}

// The forms of the verbs of getting in or out, by the word that must follow.
var (
	entryVerbs  = wordSet("entered enter enters entering exploited exploit exploiting hacked")
	inVerbs     = wordSet("broke break breaking got get getting climbed climb crept sneaked logged log forced")
	gainVerbs   = wordSet("gained gain gaining")
	forceVerbs  = wordSet("forced force forcing")
	escapeVerbs = wordSet("escaped escape escapes escaping")
	// outVerbs take "out" or a path: "slipped out", "squeezed through".
	outVerbs = wordSet("got get slipped slip broke climbed squeezed crawled wriggled left leave")
)

// accessPaths are the words that take a verb of moving along a way:
// "squeezed through", "climbed over".
var accessPaths = []string{"through", "over", "under", "via"}

// doerOfAccess returns the nearest doer before ts[k] (within four words)
// when it is one of intruders, or reports whether it is one of rescuers,
// who come to help or get away from harm.
func doerOfAccess(ts []token, k int) (doer string, rescuer bool) {
	for j := k - 1; j >= 0 && j >= k-4 && !ts[j].punct; j-- {
		if rescuers[ts[j].low] {
			return "", true
		}
		if intruders[ts[j].low] {
			return ts[j].low, false
		}
	}
	return "", false
}

var (
	rescuers  = wordSet("firefighters firefighter crews crew rescuers paramedics residents families neighbours passengers pupils staff workers")
	intruders = wordSet("thieves thief burglars burglar raiders intruders attackers attacker hackers hacker criminals gang bear lynx wolf animal")
	// openStates are a barrier's states that let something through.
	openStates = wordSet("unlatched unbolted unlocked")
)

// accessWays are the ways in or out news reports name, word to kind: a
// skylight is through the roof, credentials and a password are one way.
// Drawn from the ways of break-ins, zoo escapes and cyber attacks in
// police, park and security advisories' own wording.
var accessWays = map[string]string{
	"skylight": "roof", "skylights": "roof", "roof": "roof", "hatch": "roof",
	"window": "window", "windows": "window",
	"door": "door", "doors": "door", "doorway": "door",
	"gate": "gate", "gates": "gate",
	"fence": "fence", "fencing": "fence", "mesh": "fence",
	"branch": "tree", "tree": "tree", "trees": "tree",
	"tunnel": "tunnel", "drain": "drain", "vent": "vent",
	"credentials": "credentials", "password": "credentials", "passwords": "credentials", "login": "credentials",
	"phishing": "phishing", "email": "phishing",
	"flaw": "flaw", "vulnerability": "flaw", "weakness": "flaw", "unpatched": "flaw",
}

// wayPhrase is a way's words as written: back from its noun over its
// modifiers to the article or preposition that opens them ("through a
// roof skylight", "a service gate", "the stolen login credentials").
func wayPhrase(ts []token, j int) string {
	start := j
	for n := j - 1; n >= 0 && n >= j-4 && !ts[n].punct; n-- {
		start = n
		if wayOpeners[ts[n].low] {
			break
		}
	}
	if start < j && !wayOpeners[ts[start].low] {
		start = j
	}
	if start > 0 && slices.Contains(accessPaths, ts[start-1].low) {
		start-- // "through a roof skylight"
	}
	var words []string
	for n := start; n <= j; n++ {
		if ts[n].hyphen && len(words) > 0 {
			words[len(words)-1] += "-" + ts[n].text
			continue
		}
		words = append(words, ts[n].text)
	}
	return strings.Join(words, " ")
}

var wayOpeners = wordSet("through via over under along a an the its their his her using with after")
