package rundiff

import (
	"strings"
	"unicode"
)

// Op says what an Edit does.
type Op int

const (
	Equal  Op = iota // text in both versions
	Delete           // text only in the old version
	Insert           // text only in the new version
)

// Edit is a run of words with the same Op. Text keeps the white space that
// precedes each word, so the Equal and Insert edits concatenated give the
// new text exactly, and the Equal and Delete edits give the old text with
// the same words (Equal text carries the new version's spacing).
type Edit struct {
	Op   Op
	Text string
}

// maxEditDistance bounds the work of WordDiff: two texts further apart than
// this many inserted and deleted words are shown as one deletion and one
// insertion. Memory grows with its square.
const maxEditDistance = 2000

// WordDiff returns a word-level diff from old to new: a shortest edit
// script (Myers' algorithm) over white-space-separated words.
func WordDiff(old, new string) []Edit {
	a, b := splitWords(old), splitWords(new)
	aw, bw := wordsOf(a), wordsOf(b)

	// Common prefix and suffix need no search.
	pre := 0
	for pre < len(aw) && pre < len(bw) && aw[pre] == bw[pre] {
		pre++
	}
	suf := 0
	for suf < len(aw)-pre && suf < len(bw)-pre && aw[len(aw)-1-suf] == bw[len(bw)-1-suf] {
		suf++
	}
	middle, ok := myers(aw[pre:len(aw)-suf], bw[pre:len(bw)-suf])
	if !ok {
		middle = nil
		for range len(aw) - pre - suf {
			middle = append(middle, Delete)
		}
		for range len(bw) - pre - suf {
			middle = append(middle, Insert)
		}
	}
	var ops []Op
	for range pre {
		ops = append(ops, Equal)
	}
	ops = append(ops, middle...)
	for range suf {
		ops = append(ops, Equal)
	}

	var edits []Edit
	add := func(op Op, text string) {
		if text == "" {
			return
		}
		if n := len(edits); n > 0 && edits[n-1].Op == op {
			edits[n-1].Text += text
			return
		}
		edits = append(edits, Edit{op, text})
	}
	i, j := 0, 0
	for _, op := range ops {
		switch op {
		case Equal:
			// The first word of the new text has no space before it; if
			// words of the old text were deleted before it, keep the
			// space that separated them from it with the deletion.
			if n := len(edits); b[j].space == "" && n > 0 && edits[n-1].Op == Delete {
				edits[n-1].Text += a[i].space
			}
			add(Equal, b[j].space+b[j].word)
			i++
			j++
		case Delete:
			add(Delete, a[i].space+a[i].word)
			i++
		case Insert:
			add(Insert, b[j].space+b[j].word)
			j++
		}
	}
	add(Equal, trailingSpace(new))
	return edits
}

// word is a word and the white space before it.
type word struct{ space, word string }

func splitWords(s string) []word {
	var out []word
	for len(s) > 0 {
		start := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsSpace(r) })
		if start < 0 {
			break
		}
		end := strings.IndexFunc(s[start:], unicode.IsSpace)
		if end < 0 {
			end = len(s) - start
		}
		out = append(out, word{space: s[:start], word: s[start : start+end]})
		s = s[start+end:]
	}
	return out
}

func wordsOf(ws []word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.word
	}
	return out
}

func trailingSpace(s string) string {
	return s[len(strings.TrimRightFunc(s, unicode.IsSpace)):]
}

// myers returns a shortest edit script turning a into b, one Op per step,
// or false when it would need more than maxEditDistance edits. It follows
// Myers, "An O(ND) Difference Algorithm and Its Variations" (1986): for
// each edit count d it records the furthest reaching path on every diagonal
// k, then walks those records back from the end.
func myers(a, b []string) ([]Op, bool) {
	n, m := len(a), len(b)
	limit := min(n+m, maxEditDistance)
	off := limit + 1
	v := make([]int, 2*limit+3) // v[off+k]: furthest x on diagonal k
	// trace[d] holds v[off-d-1 : off+d+2] as it was before step d.
	var trace [][]int
	for d := 0; d <= limit; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: an insertion
			} else {
				x = v[off+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, n, m), true
			}
		}
	}
	return nil, false
}

func backtrack(trace [][]int, n, m int) []Op {
	var rev []Op
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		v := func(k int) int { return trace[d][k+d+1] }
		k := x - y
		var prevK int
		if k == -d || (k != d && v(k-1) < v(k+1)) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := v(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			rev = append(rev, Equal)
			x--
			y--
		}
		if d > 0 {
			if x == prevX {
				rev = append(rev, Insert)
			} else {
				rev = append(rev, Delete)
			}
		}
		x, y = prevX, prevY
	}
	ops := make([]Op, len(rev))
	for i, op := range rev {
		ops[len(rev)-1-i] = op
	}
	return ops
}
