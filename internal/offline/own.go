package offline

// own tells, for n claims of one slot, which to keep as their articles'
// own: where an article makes two claims that disagree and are about the
// same thing (related), one that other articles make too and one that no
// other does, the first is the others' version quoted in its pages to be
// rejected ("Corran insists the notice covers 18,000 households. That
// figure is wrong. … some 26,000 properties"; "the managing director has
// said the ship lost steering" beside "a crew member said it strayed off
// course in fog") and is dropped. doc gives a claim's article; agree and
// related compare claims by index.
func own(n int, doc func(int) int, agree, related func(x, y int) bool) []bool {
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
		if !elsewhere(x) {
			continue
		}
		for y := 0; y < n; y++ {
			if y != x && doc(y) == doc(x) && !agree(x, y) && !elsewhere(y) && related(y, x) {
				keep[x] = false
				break
			}
		}
	}
	return keep
}
