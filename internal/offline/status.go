package offline

import (
	"slices"
	"strings"
)

// A switch is one sentence's claim that something was turned on or off:
// "restored its intelligence-sharing" against "briefly halted
// intelligence-sharing", "the ferry service resumed" against "services
// remain suspended".
type switchClaim struct {
	cand    int
	on      bool
	demand  bool     // asked for or set as a condition, not told as done
	verb    string   // as written
	objects []string // stems of the words it acts on
}

// statusPoints reports sources that put the same thing in opposite
// states: one says it was restored or resumed, another that it was halted,
// suspended or ended. Two switches are about the same thing when the words
// they act on share a stem rare in the story (idf at least nearMinIDF).
func (f *finder) statusPoints() []candidate {
	a := f.a
	var sw []switchClaim
	for i, s := range a.cands {
		sw = append(sw, readSwitches(i, s.tokens)...)
	}
	if len(sw) < 2 {
		return nil
	}
	shared := func(x, y int) bool {
		return slices.ContainsFunc(sw[x].objects, func(w string) bool {
			return f.a.idf[w] >= nearMinIDF && slices.Contains(sw[y].objects, w)
		})
	}
	// An article that tells both states of a thing tells its story in
	// time ("power was cut … and restored by noon"): the sources then
	// differ on when, not on whether.
	both := func(x int) bool {
		return slices.ContainsFunc(sw, func(o switchClaim) bool {
			return a.cands[o.cand].doc == a.cands[sw[x].cand].doc && o.on != sw[x].on &&
				slices.ContainsFunc(o.objects, func(w string) bool { return slices.Contains(sw[x].objects, w) && f.a.idf[w] >= nearMinIDF })
		})
	}
	var kept []switchClaim
	for x := range sw {
		if !both(x) {
			kept = append(kept, sw[x])
		}
	}
	sw = kept
	agree := func(x, y int) bool { return sw[x].on == sw[y].on && sw[x].demand == sw[y].demand }
	compare := func(x, y int) (bool, bool) { return shared(x, y), agree(x, y) }
	set := claimSet{
		cand:    func(x int) int { return sw[x].cand },
		compare: compare,
		agree:   agree,
		claim:   func(x int) string { return sw[x].verb },
		value: func(x int) string {
			switch {
			case sw[x].demand && sw[x].on:
				return "it must be switched back on (" + sw[x].verb + ")"
			case sw[x].demand:
				return "it must be stopped (" + sw[x].verb + ")"
			case sw[x].on:
				return "it was switched back on (" + sw[x].verb + ")"
			}
			return "it was stopped (" + sw[x].verb + ")"
		},
	}
	return f.splitPoints(len(sw), set, "Status", 0.85, "%s say %s", func(members []int) string {
		return "Status of " + objectPhrase(a, sw, members)
	})
}

// objectPhrase names what the switches of a point act on, as the first
// active one writes it ("halted military intelligence-sharing and aid to
// Ukraine" gives "military intelligence-sharing and aid").
func objectPhrase(a *analysis, sw []switchClaim, members []int) string {
	for _, x := range members {
		ts := a.cands[sw[x].cand].tokens
		k := slices.IndexFunc(ts, func(t token) bool { return t.text == sw[x].verb })
		if k < 0 || passiveAt(ts, k) {
			continue
		}
		var words []string
		for j := k + 1; j < len(ts) && len(words) < 5; j++ {
			t := ts[j]
			if t.punct && t.text != "-" || phraseEnds[t.low] {
				break
			}
			if len(words) == 0 && (t.low == "its" || t.low == "the" || t.low == "their" || t.low == "his" || t.low == "her" || t.low == "a") {
				continue
			}
			if t.hyphen && len(words) > 0 {
				words[len(words)-1] += "-" + t.text
				continue
			}
			if t.text != "-" {
				words = append(words, t.text)
			}
		}
		if len(words) > 0 {
			return strings.Join(words, " ")
		}
	}
	return "arrangement"
}

var phraseEnds = wordSet("to with for on in of after before from by at until while")

// readSwitches finds the switches of a sentence: a verb of turning on or
// off and the content words after it (the active object, "halted
// intelligence-sharing and aid") or before it (the passive subject, "if
// military aid and intelligence sharing were terminated").
func readSwitches(cand int, ts []token) []switchClaim {
	var out []switchClaim
	for k, t := range ts {
		on, isOn := switchOn[t.low]
		_, isOff := switchOff[t.low]
		// "its intake had remained open throughout": a state, told of
		// what stands before it.
		stayedOpen := t.low == "open" && k > 0 && stayVerbs[ts[k-1].low]
		if stayedOpen {
			on, isOn = true, true
		}
		if t.punct || !isOn && !isOff {
			continue
		}
		var objects []string
		take := func(j int) bool {
			if ts[j].punct && ts[j].text != "-" || ts[j].num {
				return false
			}
			if !stopWords[ts[j].low] && len(ts[j].low) > 2 && !ts[j].capital {
				objects = append(objects, stem(ts[j].low))
			}
			return true
		}
		passive := passiveAt(ts, k) || stayedOpen
		if passive {
			for j := k - 2; j >= 0 && j >= k-7 && take(j); j-- {
			}
		} else {
			for j := k + 1; j < len(ts) && j <= k+5 && take(j); j++ {
			}
		}
		if len(objects) > 0 {
			out = append(out, switchClaim{cand: cand, on: isOn && on, demand: demanded(ts, k), verb: t.text, objects: objects})
		}
	}
	return out
}

// passiveAt reports whether the verb at k is passive ("were terminated",
// "be halted"): what it acts on stands before it.
func passiveAt(ts []token, k int) bool {
	if k == 0 {
		return false
	}
	switch ts[k-1].low {
	case "were", "was", "been", "be":
		return true
	}
	return false
}

// demanded reports whether the switch at k is asked for or set as a
// condition in its clause ("a truce would only be viable if … intelligence
// sharing were terminated"; "Moscow demands that aid be halted"): a demand
// says what someone wants, not what was done.
func demanded(ts []token, k int) bool {
	for j := k - 1; j >= 0 && j >= k-demandReach; j-- {
		if ts[j].text == ";" || ts[j].text == "—" || ts[j].text == "–" {
			return false
		}
		if demandWords[ts[j].low] {
			return true
		}
	}
	return false
}

// demandReach is how far before a switch its condition is looked for:
// about a clause (the seeds' "if foreign military aid and intelligence
// sharing with Ukraine were terminated" puts "if" eight words back).
const demandReach = 12

var demandWords = wordSet("if unless demand demands demanded demanding insist insists insisted stipulated condition conditions should must")

// switchOn and switchOff are the verbs that say something was turned back
// on or stopped.
var (
	switchOn = map[string]bool{"restored": true, "resumed": true, "reinstated": true, "restarted": true, "reopened": true}
	// stayVerbs say a thing kept the state the next word names.
	stayVerbs = wordSet("remained remains stayed stays kept")
	switchOff = map[string]bool{"shut": true, "halted": true, "suspended": true, "paused": true, "stopped": true, "terminated": true,
		"ended": true, "cut": true, "froze": true, "frozen": true, "withdrawn": true, "withdrew": true}
)
