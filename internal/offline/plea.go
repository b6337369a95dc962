package offline

// An eitherWay claim is one sentence's word on which of two things that
// exclude each other befell a named person: how a defendant's case ended
// (a guilty plea, "Gideon Rayle pleaded guilty in January", or a jury's
// verdict, "was convicted by a jury in February"), how someone left a post
// (see departure.go). The two are worded with almost no word in common,
// so sentence likeness never sets them against each other.
type eitherWay struct {
	cand   int
	first  bool     // the first of the two ways (pleaded guilty; left of their own accord)
	person []string // the person's identifying words
	name   string   // as written
	phrase string   // the words that say so
}

// eitherWayPoints reports sources that have one person's claims go both
// ways, headed by topic of the person's name as written.
func (f *finder) eitherWayPoints(cs []eitherWay, topic func(name string) string) []candidate {
	if len(cs) < 2 {
		return nil
	}
	agree := func(x, y int) bool { return cs[x].first == cs[y].first }
	compare := func(x, y int) (bool, bool) {
		return name{parts: cs[x].person}.sameEntity(name{parts: cs[y].person}), agree(x, y)
	}
	phrase := func(x int) string { return "“" + cs[x].phrase + "”" }
	set := claimSet{cand: func(x int) int { return cs[x].cand }, compare: compare, agree: agree, claim: phrase, value: phrase}
	return f.splitPoints(len(cs), set, "Whether", 0.85, "%s say %s", func(members []int) string {
		return topic(cs[members[0]].name)
	})
}

// pleaPoints reports sources that end one defendant's case both ways.
// The defendant is the first person the sentence names, so a
// co-defendant who pleaded guilty and testified ("Curtis Voss, who
// pleaded guilty") is not set against the one the jury convicted.
func (f *finder) pleaPoints() []candidate {
	var ps []eitherWay
	for i, s := range f.a.cands {
		if p, ok := readPlea(i, s.tokens, f.info[i].names); ok {
			ps = append(ps, p)
		}
	}
	return f.eitherWayPoints(ps, func(name string) string {
		return "Whether " + name + " pleaded guilty or was convicted at trial"
	})
}

// readPlea reads a sentence's plea claim: "pleaded guilty" or "admitted
// the charge" against "convicted by a jury", "found guilty by a jury" or
// "denied the charge", of the first person the sentence names before it.
func readPlea(cand int, ts []token, names []name) (eitherWay, bool) {
	low := lowers(ts)
	var p eitherWay
	switch {
	case indexWords(low, []string{"pleaded", "guilty"}) >= 0:
		p.first, p.phrase = true, "pleaded guilty"
	case indexWords(low, []string{"convicted", "by", "a", "jury"}) >= 0:
		p.phrase = "convicted by a jury"
	case indexWords(low, []string{"found", "guilty", "by", "a", "jury"}) >= 0:
		p.phrase = "found guilty by a jury"
	default:
		k, ok := convictedAtTrial(low)
		if !ok {
			return eitherWay{}, false
		}
		p.phrase = surfaceOf(ts, k, k+trialReach)
	}
	// The defendant: the first person named with a forename, else the
	// first named by surname alone ("Treharrow was convicted after a
	// four-day trial"), which meets the full name in another sentence.
	var alone *name
	for n, nm := range names {
		if nm.place {
			continue
		}
		if len(nm.parts) >= 2 {
			return eitherWay{cand: cand, first: p.first, person: nm.parts, name: nm.text, phrase: p.phrase}, true
		}
		if alone == nil {
			alone = &names[n]
		}
	}
	if alone != nil {
		return eitherWay{cand: cand, first: p.first, person: alone.parts, name: alone.text, phrase: p.phrase}, true
	}
	return eitherWay{}, false
}

// convictedAtTrial finds "convicted after a four-day trial", "found guilty
// at trial", "convicted following a trial": a verdict with "trial" within
// trialReach words after it.
func convictedAtTrial(low []string) (int, bool) {
	for k, w := range low {
		start := -1
		switch {
		case w == "convicted":
			start = k
		case w == "found" && k+1 < len(low) && low[k+1] == "guilty":
			start = k
		}
		if start < 0 {
			continue
		}
		for n := start + 1; n < len(low) && n <= start+trialReach; n++ {
			if low[n] == "trial" {
				return start, true
			}
		}
	}
	return 0, false
}

// trialReach is how far after a verdict its trial may be named: "found
// guilty after a four-day trial" is five words.
const trialReach = 5
