package offline

import "strings"

// A departure claim is one sentence's word on how a named person left a
// post: of their own accord ("Juno Marchetti stepped down as artistic
// director", "resigned on Friday") or put out by others ("was sacked by
// the board", "was forced out"). The two exclude each other for one
// person, and outlets word them with no word in common.
type departure struct {
	cand   int
	chose  bool     // left of their own accord
	person []string // the person's identifying words
	name   string   // as written
	phrase string   // the words that say so
}

// departurePoints reports sources that have one person leave both ways.
func (f *finder) departurePoints() []candidate {
	a := f.a
	var ds []departure
	for i, s := range a.cands {
		if d, ok := readDeparture(i, s.tokens, f.info[i]); ok {
			ds = append(ds, d)
		}
	}
	if len(ds) < 2 {
		return nil
	}
	agree := func(x, y int) bool { return ds[x].chose == ds[y].chose }
	compare := func(x, y int) (bool, bool) {
		return name{parts: ds[x].person}.sameEntity(name{parts: ds[y].person}), agree(x, y)
	}
	phrase := func(x int) string { return "“" + ds[x].phrase + "”" }
	set := claimSet{cand: func(x int) int { return ds[x].cand }, compare: compare, agree: agree, claim: phrase, value: phrase}
	return f.splitPoints(len(ds), set, "Whether", 0.85, "%s say %s", func(members []int) string {
		return "Whether " + ds[members[0]].name + " resigned or was pushed out"
	})
}

// Departure phrases: a voluntary one must not be wanted or asked for
// ("called on him to resign", "refused to step down"), an ousting must be
// suffered ("was sacked", "had been forced out"), which keeps "fired
// shots" and "dismissed the claims" out.
var (
	choseLeaving = [][]string{{"resigned"}, {"stepped", "down"}, {"stood", "down"}, {"quit", "as"}}
	putOut       = [][]string{{"sacked"}, {"fired"}, {"dismissed"}, {"forced", "out"}, {"ousted"}, {"axed"}, {"pushed", "out"}, {"removed", "from"}}
)

// readDeparture reads a sentence's departure claim, of the first person
// it names; a denied one ("did not resign") says nothing either way.
func readDeparture(cand int, ts []token, in details) (departure, bool) {
	if in.negated {
		return departure{}, false
	}
	low := lowers(ts)
	var d departure
	found := false
	for _, p := range choseLeaving {
		if k := indexWords(low, p); k > 0 && low[k-1] != "to" {
			d.chose, d.phrase, found = true, tokenText(ts[k:k+len(p)]), true
			break
		}
	}
	for _, p := range putOut {
		if found {
			break
		}
		if k := indexWords(low, p); k > 0 && (low[k-1] == "was" || low[k-1] == "been" || low[k-1] == "were") {
			d.phrase, found = tokenText(ts[k-1:k+len(p)]), true
		}
	}
	if !found {
		return departure{}, false
	}
	for _, nm := range in.names {
		if !nm.place && len(nm.parts) >= 2 {
			d.cand, d.person, d.name = cand, nm.parts, nm.text
			return d, true
		}
	}
	return departure{}, false
}

// tokenText joins tokens' text with spaces.
func tokenText(ts []token) string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.text
	}
	return strings.Join(out, " ")
}
