package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize is the normalization applied to every article body: it strips
// byte-order marks, turns CRLF and CR into LF, composes Unicode (NFC),
// folds runs of spaces and tabs, trims lines, drops scraped page furniture
// ("Published", "Connect with us", share counters and the like), removes a
// trailing "Source: X" line, joins hard-wrapped lines and separates
// paragraphs by exactly one blank line. The result has no leading or
// trailing white space, and Normalize(Normalize(s)) == Normalize(s).
func Normalize(text string) string {
	return normalize(text, false).text
}

// normalized is the result of normalize: the text plus what it found.
type normalized struct {
	text string
	// title is the leading short line, when asked for and present.
	title string
	// source is the value of a trailing "Source: X" line, if any.
	source string
}

// normalize does the work of Normalize. With wantTitle it treats a short
// first line as the title: that line stays in the text as a paragraph of
// its own, never joined to what follows, because quotes are later checked
// against the text.
func normalize(text string, wantTitle bool) normalized {
	var out normalized
	lines := cleanLines(text)

	// Drop furniture and find the trailing source line before joining, so
	// that neither can be glued onto a neighbouring sentence.
	kept := lines[:0]
	for _, l := range lines {
		if isFurniture(l) {
			continue
		}
		kept = append(kept, l)
	}
	lines = kept
	last := len(lines) - 1
	for last >= 0 && lines[last] == "" {
		last--
	}
	// Several attribution lines may be stacked; the last one wins, and all
	// go so that normalizing twice changes nothing.
	for last >= 0 {
		name, ok := sourceLine(lines[last])
		if !ok {
			break
		}
		if out.source == "" {
			out.source = name
		}
		lines = lines[:last]
		for last = len(lines) - 1; last >= 0 && lines[last] == ""; last-- {
		}
	}

	titleAt := -1
	if wantTitle {
		titleAt = titleLine(lines)
		if titleAt >= 0 {
			out.title = strings.TrimSpace(strings.TrimLeft(lines[titleAt], "#"))
		}
	}

	var b strings.Builder
	b.Grow(len(text))
	inParagraph, afterStamp, heading := false, false, false
	for i, l := range lines {
		if l == "" {
			inParagraph = false
			continue
		}
		// A live page's time stamp on a line of its own opens the update
		// under it: "09:02" / "Ambulance service: 12 taken to hospital".
		// That line is the update's heading when it ends no sentence, and
		// the update's text starts a paragraph of its own.
		if afterStamp || inParagraph && !heading && i-1 != titleAt && continues(lines[i-1], l) {
			b.WriteByte(' ')
		} else if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(l)
		heading = afterStamp && !endsSentence(l)
		inParagraph, afterStamp = true, stampLine.MatchString(l)
	}
	out.text = b.String()
	return out
}

// cleanLines splits text into lines that are NFC, trimmed, with runs of
// white space folded into one space and control characters removed.
func cleanLines(text string) []string {
	text = strings.ReplaceAll(text, "\uFEFF", "")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = norm.NFC.String(text)
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = foldSpace(l)
	}
	return lines
}

// foldSpace trims s and replaces every run of white space or control
// characters inside it by a single space.
func foldSpace(s string) string {
	if !needsFold(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200B' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// needsFold reports whether foldSpace would change s; most lines of
// clean text need nothing, and checking is much cheaper than rebuilding.
func needsFold(s string) bool {
	afterSpace := true // a leading space needs trimming
	for _, r := range s {
		switch {
		case r == ' ':
			if afterSpace {
				return true
			}
			afterSpace = true
		case r < utf8.RuneSelf:
			if r < ' ' || r == 0x7F {
				return true
			}
			afterSpace = false
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200B':
			return true
		default:
			afterSpace = false
		}
	}
	return afterSpace && s != ""
}

// furniture lists lines that scraped pages leave between paragraphs:
// navigation, bylines without a name, sharing buttons. A line is dropped
// only when it is exactly one of these (ignoring case and a trailing
// colon), so a sentence that merely starts with "Published" is kept.
var furniture = map[string]bool{
	"published": true, "updated": true, "last updated": true, "on": true, "by": true,
	"connect with us": true, "follow us": true, "news": true, "home": true, "menu": true,
	"share": true, "share this": true, "share this article": true, "share this story": true,
	"share on facebook": true, "share on twitter": true, "share on x": true, "share via": true,
	"tweet": true, "email": true, "print": true, "copy link": true, "link copied": true,
	"facebook": true, "twitter": true, "linkedin": true, "whatsapp": true, "reddit": true,
	"pinterest": true, "advertisement": true, "sponsored": true, "ad": true,
	"read more": true, "continue reading": true, "related": true, "related articles": true,
	"related stories": true, "more stories": true, "you may also like": true, "most read": true,
	"comments": true, "leave a comment": true, "subscribe": true, "sign up": true,
	"skip to content": true, "skip to main content": true, "back to top": true,
	"listen to this article": true, "loading": true, "loading...": true, "click to share": true,
}

// counter matches share, view and comment counters such as "1x",
// "12 Comments", "0 shares", "Comments (3)" or "4 min read".
var counter = regexp.MustCompile(`(?i)^(` +
	`\d+(?:[.,]\d+)?[km]?\s*x` +
	`|\d+(?:[.,]\d+)?[km]?\s*(?:comments?|shares?|views?|likes?|reactions?|replies|reply|retweets?|reads?)` +
	`|(?:comments?|shares?|views?|likes?)\s*(?::\s*\d+[km]?|\(\d+[km]?\))` +
	`|\d+\s*(?:min|mins|minutes?)\s+read` +
	`)$`)

// teaser matches the longer lines a scraped page leaves between
// paragraphs: links to other stories ("Related: How to prepare your home
// for bushfire season"), newsletter and audio prompts ("Sign up for our
// morning newsletter", "Listen to this article · 6 min") and photo
// captions, which open on their label ("Photo: St Aldhelm's University
// Hospital, where …") or end on their credit ("… on Sunday morning.
// Picture: Ridge Chronicle", "(Photo: Jan Morel / Agency)"). A caption describes a
// picture, not what happened, and is no sentence of the report.
var teaser = regexp.MustCompile(`(?i)^(?:` +
	`(?:related|read more|see also|more|watch|read)\s*:.*` +
	`|(?:sign up|subscribe)\b.*\bnewsletters?\b.*` +
	`|listen to this (?:article|story)\b.*` +
	`|(?:photo|picture|pictured|image|photograph)\s*:.*` +
	`|.*[.)]\s*\(?(?:photo|picture|photograph|image|credit)s?\s*:\s*[^.:]{1,60}\)?` +
	`|.*\((?:photo|picture|photograph|image|credit)s?\s*:\s*[^)]{1,60}\)` +
	`)$`)

// maxTeaser is the longest line teaser may drop: a paragraph of a report is
// longer.
const maxTeaser = 200

// stampLine matches a line that is only a time stamp, as live pages set
// them above each update: "09:02", "14:22 BST", "10.05am", "[11:40]".
var stampLine = regexp.MustCompile(`(?i)^[\[(*]*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:bst|gmt|utc|cet|est|pst|local time))?[\])*]*$`)

// isFurniture reports whether a cleaned line is scraped page furniture.
func isFurniture(line string) bool {
	if line != "" && len(line) <= maxTeaser && teaser.MatchString(line) {
		return true
	}
	if line == "" || len(line) > 40 {
		return false
	}
	key := strings.ToLower(strings.TrimRight(line, ":|·•"))
	key = strings.TrimSpace(key)
	return furniture[key] || counter.MatchString(key)
}

// sourcePrefixes introduce a trailing attribution line.
var sourcePrefixes = []string{"original source:", "source:"}

// sourceLine reports whether line is an attribution such as
// "Original Source: www.example.com" and returns the name it gives.
func sourceLine(line string) (string, bool) {
	lower := strings.ToLower(line)
	for _, p := range sourcePrefixes {
		if strings.HasPrefix(lower, p) {
			name := strings.TrimSpace(line[len(p):])
			// A long value is a sentence about sources, not an attribution.
			if name == "" || utf8.RuneCountInString(name) > 80 {
				return "", false
			}
			return name, true
		}
	}
	return "", false
}

// maxTitleWords is the longest first line taken as a plain-text title.
const maxTitleWords = 20

// titleLine returns the index of the line that titles the text, or -1:
// the first non-empty line when it is short, unless it is visibly the
// first half of a wrapped sentence.
func titleLine(lines []string) int {
	for i, l := range lines {
		if l == "" {
			continue
		}
		if strings.HasPrefix(l, "#") {
			return i
		}
		if len(strings.Fields(l)) > maxTitleWords {
			return -1
		}
		if i+1 < len(lines) && !endsSentence(l) && startsLower(lines[i+1]) {
			return -1
		}
		return i
	}
	return -1
}

// minWrappedWords is how many words a line needs before it is taken for a
// hard-wrapped line when the next one starts with a capital: shorter lines
// without a full stop are usually headings or captions.
const minWrappedWords = 6

// continues reports whether next continues the sentence that prev leaves
// open, as in a hard-wrapped "U.S. President" / "Donald Trump." pair.
func continues(prev, next string) bool {
	if endsSentence(prev) || isBlockStart(prev) || isBlockStart(next) {
		return false
	}
	return startsLower(next) || len(strings.Fields(prev)) >= minWrappedWords
}

// endsSentence reports whether line ends with sentence punctuation,
// possibly followed by closing quotes or brackets.
func endsSentence(line string) bool {
	line = strings.TrimRight(line, "\"'”’»)]")
	r, _ := utf8.DecodeLastRuneInString(line)
	switch r {
	case '.', '!', '?', '…', ':', ';':
		return true
	}
	return false
}

// isBlockStart reports whether line starts a Markdown heading, list item
// or quote, which is never joined to its neighbours.
func isBlockStart(line string) bool {
	if strings.HasPrefix(line, "#") || strings.HasPrefix(line, ">") {
		return true
	}
	for _, p := range []string{"- ", "* ", "+ ", "• ", "– ", "— "} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	// Numbered items: "1. " or "1) ".
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && line[i+1] == ' '
}

func startsLower(line string) bool {
	r, _ := utf8.DecodeRuneInString(line)
	return unicode.IsLower(r)
}
