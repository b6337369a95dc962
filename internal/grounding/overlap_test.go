package grounding

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/summarize/summarize/internal/ingest"
)

func share(v vocabulary, text string) float64 {
	cw := contentWords(text, nil)
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
// rarely (under 3%); against another outlet of the same story it should
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
	for i, a := range arts {
		for _, s := range Sentences(a.text) {
			for j, b := range arts {
				if i == j {
					continue
				}
				x := share(b.v, s.Claim())
				if a.story == b.story {
					same = append(same, x)
				} else {
					other = append(other, x)
				}
			}
		}
	}
	q := func(xs []float64, p float64) float64 { sort.Float64s(xs); return xs[int(p*float64(len(xs)-1))] }
	t.Logf("same story: n=%d p10=%.2f p50=%.2f p90=%.2f; other stories: n=%d p50=%.2f p90=%.2f p99=%.2f",
		len(same), q(same, .1), q(same, .5), q(same, .9), len(other), q(other, .5), q(other, .9), q(other, .99))
	n := 0
	for _, x := range other {
		if x >= minOverlap {
			n++
		}
	}
	t.Logf("other-story sentences reaching %.2f: %d of %d", minOverlap, n, len(other))
	if len(other) < 1000 || float64(n) > 0.03*float64(len(other)) {
		t.Errorf("%d of %d sentences of other stories reach the overlap bar %.2f; want under 3%%", n, len(other), minOverlap)
	}
	if m := q(same, .5); m < 0.3 {
		t.Errorf("median overlap with another outlet of the same story %.2f, want at least 0.3", m)
	}
}
