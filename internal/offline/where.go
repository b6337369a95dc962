package offline

import (
	"slices"
	"strings"
)

// A spot is one sentence's claim of where something is or happened, as a
// place phrase after a locative ("on the north ridge", "in the basement dry
// store", "near the Corbin Creek bridge") and the rare words right before
// it that say what is there ("droppings", "aground", "buckle").
type spot struct {
	cand    int
	phrase  string   // the place as written, its article dropped
	words   []string // the place's content stems
	anchors []string // folded stems of the rare words before it
}

// spotPoints reports sources that put the same thing in different spots:
// place phrases headed by a word for a spot (a ridge, a section, a
// chamber, a station) after the same rare word. placePoints compares
// named places by the likeness of whole sentences; this compares any
// place by what stands in it, which is how outlets that word the rest of
// the sentence differently still meet ("Droppings were discovered in the
// pastry section" against "found mouse droppings in the basement dry
// store"). Two spots agree when they share a word, or when either source
// names the other's spot anywhere (an article that puts the stall "in the
// food village on Abbey Meadow" and mentions the Quayside has no quarrel
// with one that puts it on the Quayside).
func (f *finder) spotPoints() []candidate {
	a := f.a
	var spots []spot
	for i, s := range a.cands {
		if !slices.ContainsFunc(s.tokens, isYear) && !background(s.tokens) {
			spots = append(spots, f.readSpots(i, s.tokens)...)
		}
	}
	if len(spots) < 2 {
		return nil
	}
	names := func(d int, sp spot) bool {
		return !slices.ContainsFunc(sp.words, func(w string) bool { return !f.words[d][w] })
	}
	agree := func(x, y int) bool {
		p, q := spots[x], spots[y]
		return slices.ContainsFunc(p.words, func(w string) bool { return slices.Contains(q.words, w) }) ||
			names(a.cands[p.cand].doc, q) || names(a.cands[q.cand].doc, p)
	}
	compare := func(x, y int) (bool, bool) {
		p, q := spots[x], spots[y]
		shared := 0
		for _, w := range p.anchors {
			if slices.Contains(q.anchors, w) {
				shared++
			}
		}
		return shared >= 2 || shared == 1 && a.sim[p.cand][q.cand] >= f.e.opts.AlignThreshold/2, agree(x, y)
	}
	set := claimSet{
		cand:    func(x int) int { return spots[x].cand },
		compare: compare,
		agree:   agree,
		claim:   func(x int) string { return "in " + spots[x].phrase },
		value:   func(x int) string { return spots[x].phrase },
	}
	return f.splitPoints(len(spots), set, "Place", 0.85, "%s place it in %s", nil)
}

// readSpots finds a sentence's spots. The anchors are the words of weight
// (idf at least nearMinIDF) in the nearWindow words before the locative,
// within its clause, the place's own words left out.
func (f *finder) readSpots(cand int, ts []token) []spot {
	var out []spot
	for k, t := range ts {
		if t.punct || !spotPreps[t.low] {
			continue
		}
		sp, ok := spotAt(ts, k+1)
		if !ok || f.everywhere(sp.phrase) {
			continue
		}
		reach := k - nearWindow
		for j := k - 1; j >= 0 && j >= reach && !ts[j].punct; j-- {
			// A time between the act and its place ("came off the
			// tracks at about 7.10pm on Harbour Road") is not part of
			// what stands there, and does not use up the reach.
			if timeWord(ts, j) {
				reach--
				continue
			}
			st := stem(ts[j].low)
			if !stopWords[ts[j].low] && !ts[j].num && f.a.idf[st] >= spotMinIDF && !slices.Contains(sp.words, st) {
				sp.anchors = append(sp.anchors, foldStem(st))
			}
		}
		if len(sp.anchors) > 0 {
			sp.cand = cand
			out = append(out, sp)
		}
	}
	return out
}

// timeWord reports whether ts[j] belongs to a time of day or a day named
// before a place: a number, "am" or "pm", a weekday, or a preposition or
// hedge leading into one ("at about 7.10pm", "on Tuesday").
func timeWord(ts []token, j int) bool {
	t := ts[j]
	if t.num || t.low == "am" || t.low == "pm" || weekdays[t.low] {
		return true
	}
	for n := j + 1; n < len(ts) && n <= j+2; n++ {
		if ts[n].num || weekdays[ts[n].low] {
			return t.low == "at" || t.low == "on" || t.low == "about" || t.low == "around" || t.low == "shortly" || t.low == "just" || t.low == "after" || t.low == "before"
		}
	}
	return false
}

// spotAt reads a place phrase starting at ts[k]: an article or possessive,
// up to four words, and a head from spotNouns ("the quarry's northern
// face", "a sandbank", "the Ashdown rest area"). A head that says little
// on its own ("area", "section", "floor") needs a word before it.
func spotAt(ts []token, k int) (spot, bool) {
	for k < len(ts) && determiners[ts[k].low] {
		k++
	}
	var words, text []string
	head, headText := -1, 0
	for j := k; j < len(ts) && j < k+5; j++ {
		t := ts[j]
		if t.punct && t.text != "-" || t.num || j > k && stopWords[t.low] || months[t.low] != 0 || weekdays[t.low] {
			break
		}
		if t.text == "-" {
			continue
		}
		if t.hyphen && len(text) > 0 {
			text[len(text)-1] += "-" + t.text
		} else {
			text = append(text, t.text)
		}
		words = append(words, stem(t.low))
		if spotNouns[t.low] {
			head, headText = len(words), len(text)
		}
	}
	// "near the village of Harun", "in the town of Dessin": the name
	// after "of" is the spot.
	if n := k + 1; n+1 < len(ts) && settlements[ts[k].low] && ts[n].low == "of" && ts[n+1].capital && !ts[n+1].punct {
		var name []string
		for j := n + 1; j < len(ts) && ts[j].capital && !ts[j].punct && len(name) < 3; j++ {
			name = append(name, ts[j].text)
		}
		return spot{phrase: strings.Join(name, " "), words: lowerStems(name)}, true
	}
	if head < 0 || head == 1 && vagueSpots[ts[k].low] {
		return spot{}, false
	}
	// "in exchange for", "in the face of": idioms, not spots; "from the
	// northern face of the quarry" is a spot, its head qualified.
	if end := k + head; head == 1 && end < len(ts) && (ts[end].low == "for" || ts[end].low == "of") && idiomSpots[ts[k].low] {
		return spot{}, false
	}
	return spot{phrase: strings.Join(text[:headText], " "), words: words[:head]}, true
}

// spotMinIDF keeps a spot's anchors to words in fewer than about half the
// story's sentences (idf = ln(1 + n/df)): what stands in a spot is often
// what the story is about ("droppings"), too common for nearMinIDF.
const spotMinIDF = 1.0

var (
	spotPreps   = wordSet("in at on near beside outside inside behind opposite off along onto from down up below above beneath under")
	determiners = wordSet("the a an its their his her our this that")
	spotNouns   = wordSet(`ridge face wall slope summit peak path trail track meadow quay quayside pier dock jetty rocks
sandbank shore headland cliff section store storeroom kitchen basement cellar chamber hall room office yard
backyard garden enclosure stand tier stairway staircase concourse terrace gate entrance exit area zone crossing
junction junctions carriageway lane motorway tunnel platform station depot plant warehouse factory pit shaft floor
school library church chapel centre center exchange arena stadium street road avenue square park bridge
harbour harbor port village estate car-park point bay wing ward block corridor shed workshop compound
fairway woodland wood woods forest field fields farm farmyard paddock beach riverbank canal towpath hill hillside
valley moor moorland roundabout layby lay-by verge hotel pub shop supermarket airport runway
terminal wharf marina estuary creek island reservoir quarry building tower house cottage barn
pitch ground clubhouse auditorium courtroom premises mill shipyard dockyard checkpoint`)
	idiomSpots  = wordSet("exchange face place field")
	settlements = wordSet("village town city hamlet suburb district province region county port")
	// Words that are also verbs, pronouns or other things ("fell",
	// "mine", "the bank", "the market") are no spot heads. vagueSpots say nothing alone: "in the area", "on the floor".
	vagueSpots = wordSet("area zone section floor room office hall centre center site track road street station stand gate entrance exit yard point ground")
)

func lowerStems(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = stem(strings.ToLower(w))
	}
	return out
}
