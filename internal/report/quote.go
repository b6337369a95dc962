package report

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A span is a half-open byte range [start, end) of an article's text.
type span struct{ start, end int }

// normalized is a text folded for quote matching, with a way back to the
// byte offsets of the original.
type normalized struct {
	text string
	// from[i] and to[i] are the byte range of the original text that
	// produced byte i of text.
	from, to []int
}

// normalizeForMatch folds the differences a model introduces when it copies
// a passage: typographic quotes and apostrophes become ASCII, dashes become
// hyphens, every run of white space becomes one space, and letters are
// lower-cased. Leading and trailing space is dropped.
func normalizeForMatch(s string) normalized {
	var n normalized
	var b strings.Builder
	pendingSpace := -1 // start offset of a white-space run not yet written
	emit := func(r rune, start, end int) {
		var buf [utf8.UTFMax]byte
		k := utf8.EncodeRune(buf[:], r)
		b.Write(buf[:k])
		for range k {
			n.from = append(n.from, start)
			n.to = append(n.to, end)
		}
	}
	for i, r := range s {
		end := i + utf8.RuneLen(r)
		if r == utf8.RuneError {
			end = i + 1
		}
		if unicode.IsSpace(r) {
			if pendingSpace < 0 {
				pendingSpace = i
			}
			continue
		}
		if pendingSpace >= 0 {
			if b.Len() > 0 {
				emit(' ', pendingSpace, i)
			}
			pendingSpace = -1
		}
		emit(foldRune(r), i, end)
	}
	n.text = b.String()
	return n
}

// foldRune maps one rune to the form used for matching.
func foldRune(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u0060', '\u00B4':
		return '\''
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u00AB', '\u00BB':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return '-'
	}
	return unicode.ToLower(r)
}

// findQuote returns where quote occurs in text once both are normalized
// (see normalizeForMatch), as a byte range of text. When the quote as given
// is not found, quote marks around it and a trailing ellipsis, which models
// add around a passage, are dropped and the rest is looked for.
func findQuote(text normalized, quote string) (span, bool) {
	q := normalizeForMatch(norm.NFC.String(quote)).text
	trimmed := strings.Trim(q, "\"' ")
	trimmed = strings.TrimSuffix(trimmed, "...")
	trimmed = strings.TrimSuffix(trimmed, "\u2026")
	trimmed = strings.Trim(trimmed, "\"' ")
	for _, q := range []string{q, trimmed} {
		if q == "" {
			continue
		}
		if i := strings.Index(text.text, q); i >= 0 {
			return span{start: text.from[i], end: text.to[i+len(q)-1]}, true
		}
	}
	return span{}, false
}
