package offline

import "slices"

// own tells, for n claims of one slot, which to keep as their articles'
// own: where an article makes two claims that disagree and are about the
// same thing (related), one that other articles make too and one that no
// other does, the first is the others' version quoted in its pages to be
// rejected ("Corran insists the notice covers 18,000 households. That
// figure is wrong. … some 26,000 properties"; "the managing director has
// said the ship lost steering" beside "a crew member said it strayed off
// course in fog"), or whose sentence says it is wrong while the other's
// does not, and is dropped. doc gives a claim's article; agree and related
// compare claims by index; rejects tells whether a claim's sentence
// rejects something.
func own(n int, doc func(int) int, agree, related func(x, y int) bool, rejects func(x int) bool) []bool {
	elsewhere := func(x int) bool {
		for y := 0; y < n; y++ {
			if doc(y) != doc(x) && agree(x, y) {
				return true
			}
		}
		return false
	}
	keep := make([]bool, n)
	for x := range keep {
		keep[x] = true
		for y := 0; y < n; y++ {
			if y == x || doc(y) != doc(x) || agree(x, y) {
				continue
			}
			// x is the rival's when others make it and y, about the same
			// thing, is the article's alone; or when x's sentence says it
			// is wrong ("figures of 11,000 … are simply wrong") and y's,
			// of the same kind, does not.
			if elsewhere(x) && !elsewhere(y) && related(y, x) || rejects(x) && !rejects(y) {
				keep[x] = false
				break
			}
		}
	}
	return keep
}

// rejectionWords say that a figure or claim in the sentence is not so.
var rejectionWords = wordSet("wrong untrue false incorrect inaccurate inflated exaggerated misleading rejected rejects denied denies disputed disputes dismissed")

// rejecting reports whether a sentence's words say that what comes before
// them, from the word at or after from on, is wrong ("figures of 11,000 …
// are simply wrong"); a cue before it rejects something else ("That
// figure is wrong: the notice covers some 26,000 properties").
func rejecting(ts []token, from int) bool {
	for k := max(from, 0); k < len(ts); k++ {
		if !ts[k].punct && rejectionWords[ts[k].low] {
			return true
		}
	}
	return false
}

// rejectsFigure reports whether a sentence rejects figure ft by its
// number: "not" before it, an article or a hedge between ("some 1,300
// positions will go …, not the 1,150 the company announced"). The
// sentence's own figure and ft are then answers to one question, however
// little else the sentences share.
func rejectsFigure(ts []token, ft fact) bool {
	surface := scanTokens(ft.surface)
	k := slices.IndexFunc(surface, func(t token) bool { return t.num })
	if k < 0 {
		return false
	}
	value := surface[k].value
	for k, t := range ts {
		if t.low != "not" {
			continue
		}
		j := k + 1
		for j < len(ts) && beforeRejected[ts[j].low] {
			j++
		}
		if j < len(ts) && ts[j].num && ts[j].value == value {
			return true
		}
	}
	return false
}

var beforeRejected = wordSet("the a an about around some nearly almost roughly")

// doubted reports whether the figure at ts[k] is another's claim the
// sentence casts doubt on: a verb of claiming before it and "only" or
// "just" right before it ("Larchfield Homes now claims that only 38 trees
// were felled"). Said of the only figure an article gives, that is still
// the article's figure; beside another of its own (own), it is the
// rival's.
func doubted(ts []token, k int) bool {
	if k < 1 || !belittling[ts[k-1].low] {
		return false
	}
	for j := k - 2; j >= 0 && !ts[j].punct; j-- {
		if claimingVerbs[ts[j].low] {
			return true
		}
	}
	return false
}

var (
	belittling    = wordSet("only just merely")
	claimingVerbs = wordSet("claim claims claimed claiming insist insists insisted insisting maintain maintains maintained allege alleges alleged contend contends contended")
)

// indexOf returns where surface starts in ts, or 0.
func indexOf(ts []token, surface string) int {
	want := scanTokens(surface)
	for k := 0; len(want) > 0 && k+len(want) <= len(ts); k++ {
		if ts[k].text == want[0].text {
			return k
		}
	}
	return 0
}
