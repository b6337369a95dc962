package grounding

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/ingest"
)

func share(v vocabulary, cw []string) float64 {
	if len(cw) == 0 {
		return 1
	}
	n := 0
	for _, w := range cw {
		if v.stems[w] {
			n++
		}
	}
	return float64(n) / float64(len(cw))
}

// TestOverlapThreshold measures minOverlap on examples/: a sentence of one
// story against the articles of the others stands for a citation of an
// article that says nothing of the kind, and must reach the threshold
// rarely (under 3% against articles under 600 words; it logs the rate
// against longer ones); against another outlet of the same story it should
// usually come close. It logs the figures the constant's comment quotes.
func TestOverlapThreshold(t *testing.T) {
	var dirs []string
	for _, set := range []string{"../../examples"} {
		d, _ := filepath.Glob(filepath.Join(set, "*", "_truth.json"))
		dirs = append(dirs, d...)
	}
	type art struct {
		story, text string
		v           vocabulary
	}
	var arts []art
	for _, tp := range dirs {
		ins, _ := ingest.Discover([]string{filepath.Dir(tp)}, ingest.Options{})
		for _, in := range ins {
			st := ingest.Load(t.Context(), in, ingest.Options{})
			for _, a := range st.Articles {
				arts = append(arts, art{st.ID, a.Text, newVocabulary(a.Text)})
			}
		}
	}
	var same, other []float64
	reached, seen := map[bool]int{}, map[bool]int{}
	for i, a := range arts {
		for _, s := range Sentences(a.text) {
			cw := contentWords(s.Claim(), nil)
			for j, b := range arts {
				// Every article of the same story, and every sixth of
				// the others: a sample of some 300,000 pairs is plenty
				// for a rate of a few per cent, and the test's time
				// grows with the square of the examples' articles.
				if i == j || a.story != b.story && (i+j)%6 != 0 {
					continue
				}
				x := share(b.v, cw)
				if a.story == b.story {
					same = append(same, x)
				} else {
					other = append(other, x)
					if long := len(strings.Fields(b.text)) >= 600; x >= minOverlap {
						reached[long]++
					}
					seen[len(strings.Fields(b.text)) >= 600]++
				}
			}
		}
	}
	sort.Float64s(same)
	sort.Float64s(other)
	q := func(xs []float64, p float64) float64 { return xs[int(p*float64(len(xs)-1))] }
	t.Logf("same story: n=%d p10=%.2f p50=%.2f p90=%.2f; other stories: n=%d p50=%.2f p90=%.2f p99=%.2f",
		len(same), q(same, .1), q(same, .5), q(same, .9), len(other), q(other, .5), q(other, .9), q(other, .99))
	n := 0
	for _, x := range other {
		if x >= minOverlap {
			n++
		}
	}
	t.Logf("other-story sentences reaching %.2f: %d of %d", minOverlap, n, len(other))
	t.Logf("against articles of 600 words or more: %d of %d; shorter: %d of %d", reached[true], seen[true], reached[false], seen[false])
	// The bar holds for articles of news-brief length; a long article's
	// larger vocabulary meets more of any sentence's words (see
	// minOverlap), which anchors, not overlap, must then catch.
	if seen[false] < 1000 || float64(reached[false]) > 0.03*float64(seen[false]) {
		t.Errorf("%d of %d sentences of other stories reach the overlap bar %.2f against articles under 600 words; want under 3%%", reached[false], seen[false], minOverlap)
	}
	if m := q(same, .5); m < 0.3 {
		t.Errorf("median overlap with another outlet of the same story %.2f, want at least 0.3", m)
	}
}
