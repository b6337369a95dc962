// Package grounding checks model output against the articles it claims to
// come from: that a quote occurs in its source's text, and that a cited
// source exists in the story.
//
// The checks are deliberately literal. A quote is verified only when its
// words occur in the article in the same order, after typographic
// differences that carry no meaning (curly versus straight quotes, dash
// styles, white space, letter case) are folded away; an ellipsis in the
// quote may stand for omitted text. Paraphrase never verifies. All
// functions are pure and safe for concurrent use.
package grounding

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/summarize/summarize/internal/story"
)

var folder = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201a", "'", "\u201b", "'", "\u2032", "'",
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u201f", `"`, "\u2033", `"`, "\u00ab", `"`, "\u00bb", `"`,
	"\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-", "\u2015", "-", "\u2212", "-",
	"\u00a0", " ", "\u2009", " ", "\u202f", " ",
)

// Fold returns s with quote marks, dashes, white space and case folded, the
// form in which Verify compares texts.
func Fold(s string) string {
	s = strings.ToLower(folder.Replace(s))
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

var ellipsis = regexp.MustCompile(`\s*(?:\.\.\.|…|\[\.\.\.\]|\[…\])\s*`)

// Verify reports whether quote occurs in text. Surrounding quote marks and
// a trailing full stop of the quote are ignored, and an ellipsis matches
// any run of text, so "a … b" verifies when "a" is followed later by "b".
func Verify(quote, text string) bool {
	return VerifyFolded(quote, Fold(text))
}

// VerifyFolded is Verify for a text already passed through Fold, for
// checking many quotes against one article.
func VerifyFolded(quote, foldedText string) bool {
	q := Fold(quote)
	q = strings.Trim(q, `"' `)
	q = strings.TrimSuffix(q, ".")
	var pieces []string
	for _, p := range ellipsis.Split(q, -1) {
		if p = strings.Trim(p, `"' ,;`); p != "" {
			pieces = append(pieces, p)
		}
	}
	if len(pieces) == 0 {
		return false
	}
	rest := foldedText
	for _, p := range pieces {
		i := strings.Index(rest, p)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	return true
}

// Resolve finds the article a model's source label names: its ID, or its
// source name, compared without regard to case, spacing or punctuation,
// or else its URL's host (ResolveHost). It returns nil when the label
// names no article of the story.
func Resolve(st *story.Story, label string) *story.Article {
	want := story.Slug(label)
	for _, a := range st.Articles {
		if a.ID == label || story.Slug(a.Source) == want || a.ID == want {
			return a
		}
	}
	return ResolveHost(st, label)
}

// CheckDisputes sets QuoteVerified and UnknownSource on every position of
// points, resolving source labels to article IDs where they name an
// article by its name rather than its ID. It returns how many quotes
// failed to verify and how many positions name no known source.
func CheckDisputes(st *story.Story, points []story.Point) (unverified, unknown int) {
	folded := make(map[string]string, len(st.Articles))
	for i := range points {
		for j := range points[i].Positions {
			pos := &points[i].Positions[j]
			a := Resolve(st, pos.Source)
			if a == nil {
				pos.UnknownSource, pos.QuoteVerified = true, false
				unknown++
				unverified++
				continue
			}
			pos.Source, pos.UnknownSource = a.ID, false
			f, ok := folded[a.ID]
			if !ok {
				f = Fold(a.Text)
				folded[a.ID] = f
			}
			pos.QuoteVerified = VerifyFolded(pos.Quote, f)
			if !pos.QuoteVerified {
				unverified++
			}
		}
	}
	return unverified, unknown
}

// Citations finds the bracketed citations of a brief (see CitationSpans)
// and resolves every label in them. Labels are separated by commas or
// semicolons; a label that names no article has Known false. Each distinct
// label is listed once, in order of first appearance. The result is never
// nil, so brief.json always holds a list.
func Citations(st *story.Story, markdown string) []story.Citation {
	out := []story.Citation{}
	seen := make(map[string]bool)
	for _, sp := range CitationSpans(markdown) {
		for _, label := range sp.Labels {
			if seen[label] {
				continue
			}
			seen[label] = true
			c := story.Citation{Label: label}
			if a := Resolve(st, label); a != nil {
				c.Source, c.Known = a.ID, true
			}
			out = append(out, c)
		}
	}
	return out
}

func splitLabels(s string) []string {
	var labels []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if l = strings.TrimSpace(l); l != "" {
			labels = append(labels, l)
		}
	}
	return labels
}
