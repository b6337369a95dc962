package offline

// A plea claim is one sentence's word on how a named defendant's case
// ended: by a guilty plea ("Gideon Rayle pleaded guilty in January")
// or by a jury's verdict after a trial ("was convicted by a jury in
// February"). The two exclude each other for one defendant, and share
// almost no words, so sentence likeness never sets them against each
// other.
type plea struct {
	cand    int
	pleaded bool     // pleaded guilty, rather than convicted at trial
	person  []string // the defendant's identifying words
	name    string   // as written
	phrase  string   // the words that say so
}

// pleaPoints reports sources that end one defendant's case both ways.
// The defendant is the first person the sentence names, so a
// co-defendant who pleaded guilty and testified ("Curtis Voss, who
// pleaded guilty") is not set against the one the jury convicted.
func (f *finder) pleaPoints() []candidate {
	a := f.a
	var ps []plea
	for i, s := range a.cands {
		if p, ok := readPlea(i, s.tokens, f.info[i].names); ok {
			ps = append(ps, p)
		}
	}
	if len(ps) < 2 {
		return nil
	}
	agree := func(x, y int) bool { return ps[x].pleaded == ps[y].pleaded }
	compare := func(x, y int) (bool, bool) {
		return name{parts: ps[x].person}.sameEntity(name{parts: ps[y].person}), agree(x, y)
	}
	phrase := func(x int) string { return "“" + ps[x].phrase + "”" }
	set := claimSet{cand: func(x int) int { return ps[x].cand }, compare: compare, agree: agree, claim: phrase, value: phrase}
	return f.splitPoints(len(ps), set, "Whether", 0.85, "%s say %s", func(members []int) string {
		return "Whether " + ps[members[0]].name + " pleaded guilty or was convicted at trial"
	})
}

// readPlea reads a sentence's plea claim: "pleaded guilty" or "admitted
// the charge" against "convicted by a jury", "found guilty by a jury" or
// "denied the charge", of the first person the sentence names before it.
func readPlea(cand int, ts []token, names []name) (plea, bool) {
	low := lowers(ts)
	var p plea
	switch {
	case indexWords(low, []string{"pleaded", "guilty"}) >= 0:
		p.pleaded, p.phrase = true, "pleaded guilty"
	case indexWords(low, []string{"convicted", "by", "a", "jury"}) >= 0:
		p.phrase = "convicted by a jury"
	case indexWords(low, []string{"found", "guilty", "by", "a", "jury"}) >= 0:
		p.phrase = "found guilty by a jury"
	default:
		return plea{}, false
	}
	for _, nm := range names {
		if !nm.place && len(nm.parts) >= 2 {
			return plea{cand: cand, pleaded: p.pleaded, person: nm.parts, name: nm.text, phrase: p.phrase}, true
		}
	}
	return plea{}, false
}
