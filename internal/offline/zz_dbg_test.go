package offline

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZDebug(t *testing.T) {
	story := os.Getenv("ZZ_STORY")
	key := os.Getenv("ZZ_KEY")
	dir := os.Getenv("ZZ_DIR")
	if story == "" {
		t.Skip()
	}
	for _, s := range loadStories(t, "../../"+dir) {
		if !strings.Contains(s.ID, story) {
			continue
		}
		e := New(DefaultOptions())
		docs := docsOf(s)
		a, _, _ := e.scope(docs)
		f := &finder{e: e, a: a, info: a.details(), cent: make([]float64, len(a.cands)), places: map[string]bool{}}
		for d := range a.docs {
			words := map[string]bool{}
			for _, s := range a.all[d] {
				for _, t := range s.tokens {
					words[stem(t.low)] = true
				}
			}
			f.words = append(f.words, words)
		}
		f.year = storyYear(a)
		keys, byKey := f.mentions()
		for _, k := range keys {
			if key != "" && !strings.Contains(k, key) {
				continue
			}
			ms := byKey[k]
			cur := f.current(k, ms)
			fmt.Printf("== key %s (%d mentions, %d current)\n", k, len(ms), len(cur))
			for x, m := range ms {
				fmt.Printf("  [%d] doc%d c%d %v | %.90s\n", x, a.cands[m.cand].doc, m.cand, surfaces(m.facts), a.cands[m.cand].text)
			}
			for x := range cur {
				for y := x + 1; y < len(cur); y++ {
					if a.cands[cur[x].cand].doc != a.cands[cur[y].cand].doc {
						fmt.Printf("   cmp c%d c%d comparable=%v sim=%.2f agree=%v\n", cur[x].cand, cur[y].cand, f.comparable(k, cur[x], cur[y]), a.sim[cur[x].cand][cur[y].cand], anyAgree(cur[x].facts, cur[y].facts))
					}
				}
			}
		}
	}
}
