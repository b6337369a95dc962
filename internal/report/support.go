package report

import (
	"fmt"

	"github.com/summarize/summarize/internal/grounding"
)

// minSupport is the share of a brief sentence's content words that an
// article sentence must hold for a citation to jump to it rather than to
// the top of the article. The offline brief copies sentences, which
// score 1.0; a model's paraphrase of one sentence keeps most of its
// names and numbers, and the best sentence of an unrelated article
// rarely holds a third of them.
const minSupport = 0.34

// supports finds, for a brief sentence and an article it cites, the
// sentence of that article that backs it, and hands out one highlighted
// mark per article sentence. Not safe for concurrent use: one per page.
type supports struct {
	texts     map[string]string               // article ID → text
	anchors   map[string]string               // article ID → its section's anchor
	sentences map[string][]grounding.Sentence // split on first use
	marks     map[string][]quoteMark          // article ID → support marks handed out
	ids       map[[2]any]string               // (article ID, sentence index) → mark id
}

func newSupports() *supports {
	return &supports{
		texts: map[string]string{}, anchors: map[string]string{},
		sentences: map[string][]grounding.Sentence{}, marks: map[string][]quoteMark{}, ids: map[[2]any]string{},
	}
}

// anchor returns the id of the highlighted sentence of article id that
// best supports claim, "" when none holds minSupport of its words.
func (s *supports) anchor(id, claim string) string {
	text, ok := s.texts[id]
	if !ok {
		return ""
	}
	sents, split := s.sentences[id]
	if !split {
		sents = grounding.Sentences(text)
		s.sentences[id] = sents
	}
	want := contentWords(claim)
	if len(want) == 0 {
		return ""
	}
	best, bestScore := -1, 0.0
	for i, sent := range sents {
		have := contentWords(text[sent.Start:sent.End])
		n := 0
		for w := range want {
			if have[w] {
				n++
			}
		}
		if score := float64(n) / float64(len(want)); score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 || bestScore < minSupport {
		return ""
	}
	key := [2]any{id, best}
	if mid, ok := s.ids[key]; ok {
		return mid
	}
	mid := fmt.Sprintf("support-%s-%d", s.anchors[id], best+1)
	s.ids[key] = mid
	sent := sents[best]
	s.marks[id] = append(s.marks[id], quoteMark{
		span: span{start: sent.Start, end: sent.End}, id: mid, back: "brief",
		class: "support", label: "brief",
	})
	return mid
}
