package offline

import (
	"slices"
	"strings"
)

// A titled name is an article's name for the holder of a post a story
// has one of: "Judge Helen Prothero", "the coroner, Mr Gareth Ince". An
// article that names one judge and another that names a different one
// disagree on who sat, a fact a reader takes on trust; outlets get such
// names wrong ("Judge Helen Pritchard").
type titled struct {
	cand    int
	title   string // the post, lower case ("judge")
	surname string // the name's last word, lower case
	text    string // the name as written, title included
}

// titledPoints reports articles that name the holder of a one-holder post
// differently: each article names one holder only (by surname), so its
// name is its answer to who held the post.
func (f *finder) titledPoints() []candidate {
	a := f.a
	var ts []titled
	for d := range a.docs {
		ts = append(ts, f.soleTitled(d)...)
	}
	if len(ts) < 2 {
		return nil
	}
	agree := func(x, y int) bool { return ts[x].surname == ts[y].surname }
	compare := func(x, y int) (bool, bool) { return ts[x].title == ts[y].title, agree(x, y) }
	phrase := func(x int) string { return ts[x].text }
	set := claimSet{cand: func(x int) int { return ts[x].cand }, compare: compare, agree: agree, claim: phrase, value: phrase}
	return f.splitPoints(len(ts), set, "Who", 0.85, "%s say %s", func(members []int) string {
		return "Name of the " + ts[members[0]].title
	})
}

// soleTitled returns document d's first naming of each one-holder post it
// names exactly one holder of.
func (f *finder) soleTitled(d int) []titled {
	a := f.a
	first := make(map[string]titled)
	surnames := make(map[string][]string)
	for _, i := range a.byDoc[d] {
		for _, t := range readTitled(i, a.cands[i].tokens) {
			if _, ok := first[t.title]; !ok {
				first[t.title] = t
			}
			if !slices.Contains(surnames[t.title], t.surname) {
				surnames[t.title] = append(surnames[t.title], t.surname)
			}
		}
	}
	var out []titled
	for title, t := range first {
		if len(surnames[title]) == 1 {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(x, y titled) int { return strings.Compare(x.title, y.title) })
	return out
}

// readTitled finds the names a sentence gives with a one-holder post's
// title right before them: "Judge Helen Prothero", "Coroner Gareth Ince".
func readTitled(cand int, ts []token) []titled {
	var out []titled
	for k := 0; k+1 < len(ts); k++ {
		title := ts[k].low
		if !soleTitles[title] || !ts[k].capital {
			continue
		}
		end := k
		for n := k + 1; n < len(ts) && n <= k+3 && ts[n].capital && !ts[n].punct && !ts[n].num && !stopWords[ts[n].low]; n++ {
			end = n
		}
		if end == k {
			continue
		}
		words := make([]string, 0, end-k+1)
		for _, t := range ts[k : end+1] {
			words = append(words, t.text)
		}
		out = append(out, titled{cand: cand, title: title, surname: strings.TrimSuffix(ts[end].low, "'s"), text: strings.Join(words, " ")})
		k = end
	}
	return out
}

// soleTitles are the posts a story seldom has two holders of: the judge
// who sentenced, the coroner who held the inquest.
var soleTitles = wordSet("judge coroner recorder sheriff magistrate")
