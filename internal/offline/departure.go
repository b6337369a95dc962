package offline

// departurePoints reports sources that have one named person leave a post
// both ways: of their own accord ("Juno Marchetti stepped down as
// artistic director", "resigned on Friday", an eitherWay's first way) or
// put out by others ("was sacked by the board", "was forced out").
func (f *finder) departurePoints() []candidate {
	return f.eitherWayPoints(f.readEitherWays(readDeparture), func(name string) string {
		return "Whether " + name + " resigned or was pushed out"
	})
}

// readEitherWays reads every sentence's claim with read.
func (f *finder) readEitherWays(read func(cand int, ts []token, in details) (eitherWay, bool)) []eitherWay {
	var out []eitherWay
	for i, s := range f.a.cands {
		if c, ok := read(i, s.tokens, f.info[i]); ok {
			out = append(out, c)
		}
	}
	return out
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
func readDeparture(cand int, ts []token, in details) (eitherWay, bool) {
	if in.negated {
		return eitherWay{}, false
	}
	low := lowers(ts)
	var d eitherWay
	found := false
	for _, p := range choseLeaving {
		if k := indexWords(low, p); k > 0 && low[k-1] != "to" {
			d.first, d.phrase, found = true, surfaceOf(ts, k, k+len(p)-1), true
			break
		}
	}
	for _, p := range putOut {
		if found {
			break
		}
		if k := indexWords(low, p); k > 0 && (low[k-1] == "was" || low[k-1] == "been" || low[k-1] == "were") {
			d.phrase, found = surfaceOf(ts, k-1, k+len(p)-1), true
		}
	}
	if !found {
		return eitherWay{}, false
	}
	for _, nm := range in.names {
		if !nm.place && len(nm.parts) >= 2 {
			d.cand, d.person, d.name = cand, nm.parts, nm.text
			return d, true
		}
	}
	return eitherWay{}, false
}
