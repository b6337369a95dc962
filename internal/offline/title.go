package offline

import (
	"slices"
	"strings"
)

// A role claim is one sentence's word on what a named person is, in the
// apposition that follows the name: "Councillor Ruth Abernethy, the
// cabinet member for education," against "Ruth Abernethy, the council
// leader,". Outlets that give one person two different posts disagree on
// a fact a reader takes on trust.
type role struct {
	said            // the role, its article dropped
	person []string // the name's identifying words
	name   string   // the name as written, titles dropped
}

// titlePoints reports sources that give the same person roles that
// share no word, neither article naming the other's role anywhere (a
// person may hold two posts, and an article that names both does not
// dispute either).
func (f *finder) titlePoints() []candidate {
	a := f.a
	var rs []role
	for i, s := range a.cands {
		rs = append(rs, readRoles(i, s.tokens, f.info[i].names)...)
	}
	if len(rs) < 2 {
		return nil
	}
	agree := func(x, y int) bool { return rs[x].agreesWith(rs[y].said, a) }
	compare := func(x, y int) (bool, bool) {
		p, q := rs[x], rs[y]
		return len(p.person) >= 2 && slices.Equal(p.person, q.person), agree(x, y)
	}
	phrase := func(x int) string { return rs[x].phrase }
	set := claimSet{cand: func(x int) int { return rs[x].cand }, compare: compare, agree: agree, claim: phrase, value: phrase}
	return f.splitPoints(len(rs), set, "Role", 0.85, "%s say %s", func(members []int) string {
		return possessive(rs[members[0]].name) + " post"
	})
}

// readRoles finds the roles a sentence gives the people it names: a name
// of two words or more (not a place) followed by a comma and an article
// and up to roleWords words, closed by a comma or the sentence's end.
func readRoles(cand int, ts []token, names []name) []role {
	if !slices.ContainsFunc(ts, func(t token) bool { return t.low == "the" }) || len(names) == 0 {
		return nil
	}
	var out []role
	low := lowers(ts)
	for _, nm := range names {
		if nm.place || len(nm.parts) < 2 {
			continue
		}
		words := scanTokens(nm.text)
		at := indexWords(low, lowers(words))
		end := at + len(words)
		if at < 0 || end+2 >= len(ts) || ts[end].text != "," || ts[end+1].low != "the" {
			continue
		}
		k := end + 2
		var phrase []string
		var stems []string
		for ; k < len(ts) && !ts[k].punct && len(phrase) < roleWords; k++ {
			phrase = append(phrase, ts[k].text)
			if !stopWords[ts[k].low] && len(ts[k].low) >= 3 {
				stems = append(stems, stem(ts[k].low))
			}
		}
		if k >= len(ts) || ts[k].text != "," && ts[k].text != "." || len(stems) == 0 || !slices.ContainsFunc(ts[end+2:k], func(t token) bool { return roleNouns[stem(t.low)] }) {
			continue
		}
		var bare []string // the name without its titles ("Councillor")
		for _, w := range words {
			if !titles[w.low] {
				bare = append(bare, w.text)
			}
		}
		out = append(out, role{said: said{cand: cand, words: stems, phrase: strings.Join(phrase, " ")}, person: nm.parts, name: strings.Join(bare, " ")})
	}
	return out
}

// roleWords bounds a role's apposition: "the cabinet member for
// education" is five words; more is a clause about the person.
const roleWords = 6

// roleNouns are the heads of posts a role names: an apposition without
// one describes the person ("the 54-year-old", "a mother of two"), which
// no other outlet disputes.
var roleNouns = stemSet(`leader member chair chairman chairwoman chief director manager secretary minister mayor
councillor officer head spokesman spokeswoman spokesperson president governor commissioner superintendent
principal headteacher inspector editor founder owner matron nurse doctor surgeon consultant lawyer judge
prosecutor treasurer controller deputy adviser advisor executive`)

// possessive writes a name's possessive: "Ruth Abernethy's".
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}
