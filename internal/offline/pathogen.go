package offline

import "slices"

// A pathogen claim is one article's word on which germ made people ill:
// "the outbreak was confirmed as salmonella" against "the bug is
// campylobacter". The two sides share no word but the germ's name, so,
// like suspicion, it is read by its own rule.
type pathogenClaim struct {
	cand int
	germ string // the germ's canonical name
	text string // its name as written
}

// pathogenPoints reports articles that name different germs for the
// story's illness. An article that names two (a first suspicion and the
// confirmed cause, or one germ ruled out) tells a change or a comparison,
// not a side, and is left out; so is a sentence that denies or asks.
func (f *finder) pathogenPoints() []candidate {
	a := f.a
	var cs []pathogenClaim
	named := make(map[int]map[string]bool) // doc: the germs it names anywhere
	for i, s := range a.cands {
		germs, ok := readPathogen(i, s.tokens, f.info[i])
		if ok {
			cs = append(cs, germs[0])
		}
		for _, g := range germs {
			if named[s.doc] == nil {
				named[s.doc] = make(map[string]bool)
			}
			named[s.doc][g.germ] = true
		}
	}
	cs = slices.DeleteFunc(cs, func(c pathogenClaim) bool { return len(named[a.cands[c.cand].doc]) > 1 })
	if len(named) < 2 || len(cs) < 2 {
		return nil
	}
	text := func(x int) string { return cs[x].text }
	set := oneQuestion(func(x int) int { return cs[x].cand }, func(x, y int) bool { return cs[x].germ == cs[y].germ }, text, text)
	return f.splitPoints(len(cs), set, "Which", 0.9, "%s say %s", func([]int) string {
		return "Which infection caused the illness"
	})
}

// readPathogen reads the germs a sentence names, the first one its claim
// (ok) unless the sentence denies, asks or hedges ("no Legionella
// bacteria have been found", "tests will show whether it is norovirus",
// "thought to be listeria"): a germ so named is still named.
func readPathogen(cand int, ts []token, in details) (germs []pathogenClaim, ok bool) {
	sure := !in.negated && !asks(ts)
	for k, t := range ts {
		germ, known := pathogens[t.low]
		if !known {
			continue
		}
		text := t.text
		if germ == "" { // "E. coli" is two words
			n := k + 1
			if n < len(ts) && ts[n].low == "." {
				n++
			}
			if n >= len(ts) || ts[n].low != "coli" {
				continue
			}
			germ, text = "e. coli", "E. coli"
		}
		if len(germs) == 0 && slices.ContainsFunc(ts[max(0, k-germHedgeReach):k], func(t token) bool { return germHedges[t.low] }) {
			sure = false
		}
		germs = append(germs, pathogenClaim{cand: cand, germ: germ, text: text})
	}
	return germs, sure && len(germs) > 0
}

// germHedgeReach is how far before a germ a hedge still qualifies it:
// "is thought to be listeria" is three words.
const germHedgeReach = 4

var germHedges = wordSet("whether if may might could possibly possible unclear thought believed suspected suspect probably likely feared")

// pathogens are the germs behind the outbreaks news reports most, by the
// names the press gives them (the UK Health Security Agency's and the US
// CDC's lists of foodborne and waterborne illness, with Legionnaires'
// disease): word, lowered, to its germ. "E" waits for its "coli".
var pathogens = map[string]string{
	"salmonella": "salmonella", "campylobacter": "campylobacter", "listeria": "listeria",
	"norovirus": "norovirus", "legionella": "legionella", "legionnaires": "legionella", "legionnaires'": "legionella",
	"shigella": "shigella", "cryptosporidium": "cryptosporidium", "giardia": "giardia",
	"e": "", "e.coli": "e. coli", "stec": "e. coli", "botulism": "botulism", "cholera": "cholera",
	"hepatitis": "hepatitis", "rotavirus": "rotavirus", "staphylococcus": "staphylococcus", "clostridium": "clostridium",
}
