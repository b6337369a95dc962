package ingest

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"unicode"
)

// NearDuplicate is the Jaccard similarity of word 5-shingles at or above
// which two articles count as the same text (a re-post with a changed
// byline or a fixed typo).
const NearDuplicate = 0.9

const shingleWords = 5

// dedupe keeps the first of every group of identical or near-identical
// articles and returns a warning for each one dropped.
func dedupe(items []item) ([]item, []string) {
	var kept []item
	var keptShingles [][]uint64
	var warnings []string
	seen := make(map[string]int) // SHA-256 to index in kept
	for _, it := range items {
		a := it.article
		if i, ok := seen[a.SHA256]; ok {
			warnings = append(warnings, fmt.Sprintf("dropped duplicate %s (source %q): same text as %s (source %q)",
				a.Path, a.Source, kept[i].article.Path, kept[i].article.Source))
			continue
		}
		sh := shingles(a.Text)
		dup := false
		for i, other := range keptShingles {
			// |a∩b|/|a∪b| <= min/max: sets of very different sizes cannot match.
			small, large := min(len(sh), len(other)), max(len(sh), len(other))
			if float64(small) < NearDuplicate*float64(large) {
				continue
			}
			if sim := jaccard(sh, other); sim >= NearDuplicate {
				warnings = append(warnings, fmt.Sprintf("dropped near-duplicate %s (source %q): %.0f%% like %s (source %q)",
					a.Path, a.Source, 100*sim, kept[i].article.Path, kept[i].article.Source))
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		seen[a.SHA256] = len(kept)
		kept = append(kept, it)
		keptShingles = append(keptShingles, sh)
	}
	return kept, warnings
}

// shingles returns the sorted, distinct hashes of the text's runs of five
// consecutive words, compared without case or punctuation. A text shorter
// than five words is one shingle.
func shingles(text string) []uint64 {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	// Hash each word once, then mix five word hashes per shingle.
	hashes := make([]uint64, len(words))
	h := fnv.New64a()
	for i, w := range words {
		h.Reset()
		h.Write([]byte(w))
		hashes[i] = h.Sum64()
	}
	n := max(len(words)-shingleWords+1, 1)
	out := make([]uint64, 0, n)
	for i := range n {
		var sum uint64
		for _, wh := range hashes[i:min(i+shingleWords, len(hashes))] {
			sum = sum*1099511628211 + wh // FNV prime: order matters
		}
		out = append(out, sum)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// jaccard returns |a∩b| / |a∪b| for sorted sets.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(common) / float64(len(a)+len(b)-common)
}
