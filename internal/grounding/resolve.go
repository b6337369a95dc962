package grounding

import (
	"net/url"
	"strings"

	"github.com/summarize/summarize/internal/story"
)

// ResolveHost finds the article a label names by its URL's host, as a
// model may cite "harbordaily.com" or a link on it for Harbor Daily: the
// label's host (a bare host or a URL) is compared with each article's
// without case and a leading "www.". It returns nil when no article, or
// more than one (two articles from one site), has that host.
func ResolveHost(st *story.Story, label string) *story.Article {
	want := hostOf(label)
	if want == "" || !strings.Contains(want, ".") {
		return nil
	}
	var found *story.Article
	for _, a := range st.Articles {
		if a.URL == "" || hostOf(a.URL) != want {
			continue
		}
		if found != nil {
			return nil
		}
		found = a
	}
	return found
}

// hostOf returns the lower-case host of a URL or bare host name, without
// "www."; "" when s has spaces or no host.
func hostOf(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t\n") {
		return ""
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// AddClosestSentences gives every position of points whose quote failed
// to verify in a known source the sentence of that source's article
// closest to the quote (ClosestSentence), for an editor to compare. The
// quote itself is never replaced and stays unverified: a near match may
// say something else. Run it after CheckDisputes.
func AddClosestSentences(st *story.Story, points []story.Point) {
	byID := make(map[string]*story.Article, len(st.Articles))
	for _, a := range st.Articles {
		byID[a.ID] = a
	}
	for i := range points {
		for j := range points[i].Positions {
			pos := &points[i].Positions[j]
			if a := byID[pos.Source]; a != nil && !pos.QuoteVerified && !pos.UnknownSource {
				pos.ClosestSentence = ClosestSentence(pos.Quote, a.Text)
			}
		}
	}
}

// ClosestSentence returns the sentence of text that shares the most words
// with quote, by the F1 score of their folded word sets (so that neither a
// long sentence that contains every word nor a short one that matches a
// few wins by size alone); "" when no sentence shares a word.
func ClosestSentence(quote, text string) string {
	q := wordSet(quote)
	best, bestScore := "", 0.0
	for _, s := range Sentences(text) {
		sentence := oneLine(text[s.Start:s.End])
		w := wordSet(sentence)
		common := 0
		for k := range q {
			if w[k] {
				common++
			}
		}
		if common == 0 {
			continue
		}
		if score := 2 * float64(common) / float64(len(q)+len(w)); score > bestScore {
			best, bestScore = sentence, score
		}
	}
	return best
}

func wordSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range words(Fold(s)) {
		set[w.low] = true
	}
	return set
}
