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
	text     string
	original string
	// from[i] is the offset in original of the rune (or white-space run)
	// that produced byte i of text. int32 keeps the table at four bytes
	// per byte of text; articles are far smaller than 2 GiB.
	from []int32
}

// normalizeForMatch folds the differences a model introduces when it copies
// a passage: typographic quotes and apostrophes become ASCII, dashes become
// hyphens, every run of white space becomes one space, and letters are
// lower-cased. Leading and trailing space is dropped.
func normalizeForMatch(s string) normalized {
	from := make([]int32, 0, len(s))
	return normalized{text: fold(s, &from), original: s, from: from}
}

// fold returns s folded as normalizeForMatch describes. When from is not
// nil, the origin of every byte of the result is appended to it.
func fold(s string, from *[]int32) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := -1 // start offset of a white-space run not yet written
	emit := func(r rune, start int) {
		if r < utf8.RuneSelf {
			// Most article text is ASCII: one byte in, one byte out.
			b.WriteByte(byte(r))
			if from != nil {
				*from = append(*from, int32(start))
			}
			return
		}
		n := b.Len()
		b.WriteRune(r)
		if from != nil {
			for range b.Len() - n {
				*from = append(*from, int32(start))
			}
		}
	}
	for i, r := range s {
		if unicode.IsSpace(r) {
			if pendingSpace < 0 {
				pendingSpace = i
			}
			continue
		}
		if pendingSpace >= 0 {
			if b.Len() > 0 {
				emit(' ', pendingSpace)
			}
			pendingSpace = -1
		}
		emit(foldRune(r), i)
	}
	return b.String()
}

// foldRune maps one rune to the form used for matching.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		if r == '`' {
			return '\''
		}
		return r
	}
	switch r {
	case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u00B4':
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
	q := fold(norm.NFC.String(quote), nil)
	trimmed := strings.Trim(q, "\"' ")
	trimmed = strings.TrimSuffix(trimmed, "...")
	trimmed = strings.TrimSuffix(trimmed, "\u2026")
	trimmed = strings.Trim(trimmed, "\"' ")
	for _, q := range []string{q, trimmed} {
		if q == "" {
			continue
		}
		if i := strings.Index(text.text, q); i >= 0 {
			// q neither starts nor ends with a space, so its last byte
			// comes from one rune of the original, which the span takes
			// whole.
			last := int(text.from[i+len(q)-1])
			_, size := utf8.DecodeRuneInString(text.original[last:])
			return span{start: int(text.from[i]), end: last + size}, true
		}
	}
	return span{}, false
}
