package grounding

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summarize/summarize/internal/story"
)

// CitationSpan is one bracketed citation in a brief's Markdown, such as
// "[Daily Planet, Gotham Gazette]": Markdown[Start:End] is the bracket.
type CitationSpan struct {
	Start, End int
	Labels     []string
}

// citation matches a bracketed list such as "[Daily Planet, Gotham Gazette]".
// isLinkText then drops Markdown link and image syntax.
var citation = regexp.MustCompile(`\[([^\[\]\n]{1,300})\]`)

// CitationSpans finds the bracketed citations of a brief, in order. Every
// reader of briefs (the checks, brief.json's citations, the report's links)
// uses this one definition of what a citation is.
func CitationSpans(markdown string) []CitationSpan {
	var out []CitationSpan
	for _, m := range citation.FindAllStringSubmatchIndex(markdown, -1) {
		if isLinkText(markdown, m[0], m[1]) {
			continue
		}
		labels := splitLabels(markdown[m[2]:m[3]])
		if len(labels) == 0 {
			continue
		}
		out = append(out, CitationSpan{Start: m[0], End: m[1], Labels: labels})
	}
	return out
}

// isLinkText reports whether the bracket at src[start:end] is Markdown link
// or image syntax rather than a citation: "![alt]", "[text](url)",
// "[text][ref]" or a "[ref]: url" definition.
func isLinkText(src string, start, end int) bool {
	if start > 0 && (src[start-1] == '!' || src[start-1] == ']' || src[start-1] == '\\') {
		return true
	}
	if end < len(src) && (src[end] == '(' || src[end] == '[' || src[end] == ':') {
		return true
	}
	return false
}

// Sentence is one sentence of a brief with the citations that belong to it.
type Sentence struct {
	// Text is the sentence as written, citations included;
	// Markdown[Start:End] of the brief.
	Text       string
	Start, End int
	// Parts cut the sentence at its citations: each part is the text
	// before a citation (citations removed) and the labels of that
	// citation. Text after the last citation joins the last part. A
	// sentence without citations has one part with no labels.
	Parts []Part
}

// Part is a stretch of a sentence and the citation that covers it.
type Part struct {
	Text   string
	Labels []string
}

// Claim returns the sentence without its citations.
func (s Sentence) Claim() string {
	var texts []string
	for _, p := range s.Parts {
		texts = append(texts, p.Text)
	}
	return strings.Join(strings.Fields(strings.Join(texts, " ")), " ")
}

// Labels returns every citation label of the sentence, each once.
func (s Sentence) Labels() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range s.Parts {
		for _, l := range p.Labels {
			if !seen[l] {
				seen[l] = true
				out = append(out, l)
			}
		}
	}
	return out
}

// Sentences cuts a brief's Markdown into sentences. Headings, rules and
// blank lines are not sentences; a list item or paragraph is cut at '.',
// '!' or '?' (after any closing quote) followed by white space and a
// capital, digit, quote or citation, except after an initial or a common
// abbreviation. A citation that follows a sentence's final stop, as in
// "It rained. [Daily Planet]", belongs to that sentence.
func Sentences(markdown string) []Sentence {
	spans := CitationSpans(markdown)
	var out []Sentence
	for _, blk := range blocks(markdown) {
		out = append(out, splitBlock(markdown, blk[0], blk[1], spans)...)
	}
	return out
}

// blocks returns the [start, end) ranges of the paragraphs and list items
// of markdown, list markers and heading lines left out.
func blocks(md string) [][2]int {
	var out [][2]int
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			out = append(out, [2]int{start, end})
		}
		start = -1
	}
	for pos := 0; pos < len(md); {
		end := strings.IndexByte(md[pos:], '\n')
		if end < 0 {
			end = len(md)
		} else {
			end += pos
		}
		line := md[pos:end]
		trimmed := strings.TrimSpace(line)
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#") || isRule(trimmed):
			flush(pos)
		default:
			if n := listMarker(trimmed); n > 0 {
				flush(pos)
				start = pos + indent + n
			} else if strings.HasPrefix(trimmed, ">") {
				flush(pos)
				start = pos + indent + 1
			} else if start < 0 {
				start = pos + indent
			}
		}
		pos = end + 1
	}
	flush(len(md))
	return out
}

func isRule(s string) bool {
	return len(s) >= 3 && strings.Trim(s, "-*_ ") == ""
}

// listMarker returns the length of a list marker ("- ", "* ", "12. ")
// at the start of s, or 0.
func listMarker(s string) int {
	if len(s) >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ' {
		return 2
	}
	i := 0
	for i < len(s) && i < 4 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' ' {
		return i + 2
	}
	return 0
}

// abbreviations do not end a sentence when followed by a stop.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "gov": true, "sen": true, "rep": true,
	"gen": true, "lt": true, "col": true, "sgt": true, "capt": true, "prof": true, "inc": true,
	"corp": true, "co": true, "ltd": true, "jr": true, "sr": true, "no": true, "vs": true, "etc": true,
	"jan": true, "feb": true, "aug": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"mt": true, "ft": true, "u.s": true, "u.k": true, "e.g": true, "i.e": true,
	// Times: a live blog's "12:30 p.m. The sheriff says …" is one entry.
	"a.m": true, "p.m": true,
}

func splitBlock(md string, start, end int, spans []CitationSpan) []Sentence {
	inSpan := func(i int) (CitationSpan, bool) {
		for _, s := range spans {
			if i >= s.Start && i < s.End {
				return s, true
			}
		}
		return CitationSpan{}, false
	}
	var out []Sentence
	sentStart := start
	emit := func(e int) {
		if s, ok := makeSentence(md, sentStart, e, spans); ok {
			out = append(out, s)
		} else if len(out) > 0 && e > out[len(out)-1].End {
			// Only citations: they belong to the sentence before.
			last := &out[len(out)-1]
			*last, _ = makeSentence(md, last.Start, e, spans)
		}
		sentStart = e
	}
	for i := start; i < end; i++ {
		if sp, ok := inSpan(i); ok {
			i = sp.End - 1
			continue
		}
		c := md[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		if c == '.' && abbreviated(md[sentStart:i]) {
			continue
		}
		j := i + 1
		for j < end && strings.ContainsRune(`"')”’*_`, rune(md[j])) {
			j++
		}
		// Multi-byte closing quotes.
		for j < end {
			r, n := utf8.DecodeRuneInString(md[j:])
			if r != '”' && r != '’' {
				break
			}
			j += n
		}
		if j >= end {
			continue
		}
		k := j
		for k < end && (md[k] == ' ' || md[k] == '\t' || md[k] == '\n' || md[k] == '\r') {
			k++
		}
		if k == j || k >= end {
			continue
		}
		r, _ := utf8.DecodeRuneInString(md[k:])
		if !(unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'“‘[*_(`, r)) {
			continue
		}
		// Citations right after the stop belong to this sentence.
		cut := j
		for {
			sp, ok := inSpan(k)
			if !ok {
				break
			}
			cut = sp.End
			if cut < end && md[cut] == '.' {
				cut++
			}
			k = cut
			for k < end && (md[k] == ' ' || md[k] == '\t' || md[k] == '\n') {
				k++
			}
		}
		emit(cut)
		i = cut - 1
	}
	emit(end)
	return out
}

// abbreviated reports whether text ends with an initial or a known
// abbreviation, so that a stop after it ends no sentence.
func abbreviated(text string) bool {
	// A word may open on a quotation mark, straight or curly ("“U.S.").
	w := text
	if i := strings.LastIndexFunc(text, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(`("“‘`, r) }); i >= 0 {
		_, size := utf8.DecodeRuneInString(text[i:])
		w = text[i+size:]
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(w)]
}

// makeSentence builds the sentence md[start:end]; ok is false when it
// holds no words outside its citations.
func makeSentence(md string, start, end int, spans []CitationSpan) (Sentence, bool) {
	for start < end && unicode.IsSpace(rune(md[start])) {
		start++
	}
	for end > start && unicode.IsSpace(rune(md[end-1])) {
		end--
	}
	s := Sentence{Text: md[start:end], Start: start, End: end}
	cur := start
	words := false
	var text strings.Builder
	for _, sp := range spans {
		if sp.Start < start || sp.End > end {
			continue
		}
		text.WriteString(md[cur:sp.Start])
		t := oneLine(text.String())
		words = words || hasWord(t)
		s.Parts = append(s.Parts, Part{Text: t, Labels: sp.Labels})
		text.Reset()
		cur = sp.End
	}
	tail := oneLine(md[cur:end])
	words = words || hasWord(tail)
	switch {
	case len(s.Parts) == 0:
		s.Parts = []Part{{Text: tail}}
	case hasWord(tail):
		last := &s.Parts[len(s.Parts)-1]
		last.Text = oneLine(last.Text + " " + tail)
	}
	return s, words
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// CitedSources resolves the labels of a part: the IDs of the articles they
// name, each once, and the labels that name none.
func CitedSources(st *story.Story, labels []string) (ids, unknown []string) {
	for _, l := range labels {
		a := Resolve(st, l)
		if a == nil {
			unknown = append(unknown, l)
			continue
		}
		if !slices.Contains(ids, a.ID) {
			ids = append(ids, a.ID)
		}
	}
	return ids, unknown
}

// FlaggedSentence is a brief sentence that a check found a problem in.
type FlaggedSentence struct {
	Sentence
	// Items are the check items that name the sentence, in checks.json
	// order; an item's Point, when set, is the topic of the disputed
	// point the problem touches.
	Items []story.CheckItem
}

// FlaggedSentences pairs the items of c with the sentences of a brief's
// Markdown that they name (CheckItem.Sentence is the sentence's Text), in
// the brief's order, so a report can mark each sentence in place. Items
// naming no sentence of markdown are left out.
func FlaggedSentences(markdown string, c *story.Checks) []FlaggedSentence {
	if c == nil {
		return nil
	}
	var out []FlaggedSentence
	for _, s := range Sentences(markdown) {
		f := FlaggedSentence{Sentence: s}
		for _, it := range c.Items {
			if it.Sentence == s.Text {
				f.Items = append(f.Items, it)
			}
		}
		if len(f.Items) > 0 {
			out = append(out, f)
		}
	}
	return out
}
