package report

import (
	"fmt"
	"strings"
	"unicode"

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
	names     map[string]string               // article ID → outlet name
	anchors   map[string]string               // article ID → its section's anchor
	sentences map[string][]grounding.Sentence // split on first use
	words     map[string][]map[string]bool    // each sentence's claim words, on first use
	marks     map[string][]quoteMark          // article ID → support marks handed out
	ids       map[[2]any]string               // (article ID, sentence index) → mark id
}

func newSupports() *supports {
	return &supports{
		texts: map[string]string{}, names: map[string]string{}, anchors: map[string]string{},
		sentences: map[string][]grounding.Sentence{}, words: map[string][]map[string]bool{}, marks: map[string][]quoteMark{}, ids: map[[2]any]string{},
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
		// A page cites an article once per brief sentence: its
		// sentences' words are read once, not once a citation.
		words := make([]map[string]bool, len(sents))
		for i, sent := range sents {
			words[i] = claimWords(text[sent.Start:sent.End], "")
		}
		s.words[id] = words
	}
	want := claimWords(claim, s.names[id])
	if len(want) == 0 {
		return ""
	}
	best, bestScore := -1, 0.0
	for i := range sents {
		have := s.words[id][i]
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

// attribution are the words a brief uses to say who reports what; they
// say nothing of the fact itself.
var attribution = map[string]bool{
	"says": true, "said": true, "reports": true, "reported": true, "gives": true, "according": true,
	"while": true, "writes": true, "puts": true, "names": true, "states": true, "claims": true,
}

// claimWords are the words a supporting sentence must share with a
// claim: contentWords and every number ("60%" gives "60"), without the
// words of the cited outlet's name ("Plains Observer reports about 60%"
// is about 60%, not about the Plains Observer) and attribution verbs.
func claimWords(s, outlet string) map[string]bool {
	out := contentWords(s)
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if strings.ContainsAny(w, "0123456789") {
			out[w] = true
		}
	}
	for w := range contentWords(outlet) {
		delete(out, w)
	}
	for w := range attribution {
		delete(out, w)
	}
	return out
}
