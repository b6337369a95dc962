package offline

import (
	"math"

	"github.com/summarize/summarize/internal/story"
	"slices"
	"sort"
)

// details is what the dispute finder and the brief's attribution need to
// know about a sentence beyond its words.
type details struct {
	facts    []fact
	names    []name
	negated  bool
	negation string // the word that negates
	denied   string // the word it denies
	// deniedContext holds the content stems around the negation.
	deniedContext []string
	loaded        []string
}

func (a *analysis) details() []details {
	out := make([]details, len(a.cands))
	proper := func(w string) bool { return a.proper[w] }
	for i, s := range a.cands {
		d := &out[i]
		d.facts = extractFacts(s.tokens)
		for k := range d.facts {
			d.facts[k].slot = slotOf(s.tokens, d.facts[k].surface)
		}
		d.names = extractNames(s.tokens, proper)
		d.negated, d.negation, d.denied = negated(s.tokens)
		d.loaded = loaded(s.tokens)
		if d.negated {
			d.deniedContext = denialContext(s.tokens)
		}
	}
	return out
}

// reports tells whether sentence y, aligned with x, reports what x says:
// it does not deny what x asserts (or the reverse), and it states every
// figure x states, with a value that agrees. A sentence that reports the
// call but not its "30-day" duration does not vouch for the duration.
func reports(x, y details) bool {
	if x.negated != y.negated {
		return false
	}
	for _, f := range x.facts {
		agree := false
		for _, g := range y.facts {
			if f.key == g.key && f.agrees(g) {
				agree = true
			}
		}
		if !agree {
			return false
		}
	}
	return true
}

// Brief returns a neutral brief merged from docs: sentences chosen by
// centrality across sources (LexRank where an edge between two sources
// weighs more than one inside a source), with MMR against redundancy and a
// bonus for sources not yet heard, each attributed to every source that has
// an equivalent sentence. Where an equivalent sentence avoids loaded wording
// the plainer one is used. Sentences appear in the order of their relative
// position in their articles, which keeps the news-style lead first.
func (e *Engine) Brief(docs []Doc, points []story.Point) ([]Attributed, error) {
	a, _, err := e.scope(docs)
	if err != nil {
		return nil, err
	}
	docs = a.docs
	n := len(a.cands)
	if n == 0 {
		return nil, nil
	}
	info := a.details()
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	scores := a.lexRank(all, func(i, j int) float64 {
		if a.cands[i].doc == a.cands[j].doc {
			return 0.3
		}
		return 1
	})
	rel := make([]float64, n)
	var maxRel float64
	for i, s := range a.cands {
		pos := float64(s.index) / float64(len(a.all[s.doc]))
		r := scores[i] * readability(s) * (1.15 - 0.3*pos)
		if len(info[i].loaded) > 0 {
			r *= 0.8
		}
		rel[i] = r
		maxRel = math.Max(maxRel, r)
	}
	for i := range rel {
		rel[i] /= maxRel
	}

	// support[i] lists, per source, the sentence that reports what
	// sentence i reports, or -1.
	support := make([][]int, n)
	for i, s := range a.cands {
		support[i] = make([]int, len(docs))
		for d := range docs {
			support[i][d] = -1
			if d == s.doc {
				support[i][d] = i
				continue
			}
			best, bestSim := -1, e.opts.SameThreshold
			for _, j := range a.byDoc[d] {
				if a.sim[i][j] >= bestSim && reports(info[i], info[j]) {
					best, bestSim = j, a.sim[i][j]
				}
			}
			support[i][d] = best
		}
	}

	covered := make([]bool, len(docs))
	var chosen []int
	words := 0
	target := (e.opts.BriefMinWords + e.opts.BriefMaxWords) / 2
	taken := make([]bool, n)
	lambda := e.opts.Redundancy
	for words < target {
		best, bestScore := -1, math.Inf(-1)
		for i, s := range a.cands {
			if taken[i] || words+s.words > e.opts.BriefMaxWords {
				continue
			}
			var overlap float64
			for _, c := range chosen {
				overlap = math.Max(overlap, a.sim[i][c])
			}
			if overlap > 0.5 {
				continue
			}
			fresh := 0
			for d, j := range support[i] {
				if j >= 0 && !covered[d] {
					fresh++
				}
			}
			score := lambda*rel[i] - (1-lambda)*overlap + 0.15*float64(fresh)/float64(len(docs))
			if score > bestScore {
				best, bestScore = i, score
			}
		}
		if best < 0 {
			break
		}
		taken[best] = true
		chosen = append(chosen, best)
		words += a.cands[best].words
		for d, j := range support[best] {
			if j >= 0 {
				covered[d] = true
			}
		}
	}

	// Every source with something central gets a voice: its best sentence
	// joins if it fits, or replaces the weakest sentence whose sources are
	// all heard elsewhere.
	median := medianOf(rel)
	for d := range docs {
		if covered[d] {
			continue
		}
		cand := -1
		for _, i := range a.byDoc[d] {
			if taken[i] || rel[i] < median {
				continue
			}
			if cand < 0 || rel[i] > rel[cand] {
				cand = i
			}
		}
		if cand < 0 {
			continue
		}
		if words+a.cands[cand].words <= e.opts.BriefMaxWords {
			chosen = append(chosen, cand)
			taken[cand] = true
			words += a.cands[cand].words
			covered[d] = true
			continue
		}
		drop := -1
		for k, c := range chosen {
			if !alsoHeard(c, chosen, support) {
				continue
			}
			after := words - a.cands[c].words + a.cands[cand].words
			if after > e.opts.BriefMaxWords || after < min(e.opts.BriefMinWords, words) {
				continue
			}
			if drop < 0 || rel[c] < rel[chosen[drop]] {
				drop = k
			}
		}
		if drop >= 0 {
			words += a.cands[cand].words - a.cands[chosen[drop]].words
			chosen[drop] = cand
			taken[cand] = true
			covered[d] = true
		}
	}

	sort.SliceStable(chosen, func(x, y int) bool {
		sx, sy := a.cands[chosen[x]], a.cands[chosen[y]]
		px := float64(sx.index) / float64(len(a.all[sx.doc]))
		py := float64(sy.index) / float64(len(a.all[sy.doc]))
		if px != py {
			return px < py
		}
		if sx.doc != sy.doc {
			return sx.doc < sy.doc
		}
		return sx.index < sy.index
	})
	out := make([]Attributed, 0, len(chosen))
	for _, c := range chosen {
		// Quote the equivalent with the least loaded wording.
		quote := c
		for _, j := range support[c] {
			if j >= 0 && len(info[j].loaded) < len(info[quote].loaded) {
				quote = j
			}
		}
		at := Attributed{Text: a.cands[quote].text}
		at.Sources = append(at.Sources, docs[a.cands[quote].doc].ID)
		for d, j := range support[c] {
			if j >= 0 && d != a.cands[quote].doc {
				at.Sources = append(at.Sources, docs[d].ID)
			}
		}
		out = append(out, at)
	}
	return e.settle(out, points, docs), nil
}

// alsoHeard reports whether every source supporting chosen sentence c is
// supported by another chosen sentence too, so dropping c silences no one.
func alsoHeard(c int, chosen []int, support [][]int) bool {
	for d, j := range support[c] {
		if j < 0 {
			continue
		}
		heard := false
		for _, o := range chosen {
			if o != c && support[o][d] >= 0 {
				heard = true
				break
			}
		}
		if !heard {
			return false
		}
	}
	return true
}

func medianOf(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
