// Package tokens counts model tokens offline and splits text to fit a token
// budget.
//
// Counting uses github.com/tiktoken-go/tokenizer, whose vocabularies are
// compiled into the binary: nothing is downloaded, ever. Models the library
// knows (OpenAI's) get their own encoding; any other name falls back to
// o200k_base. For other vendors' models (Llama, Mistral, Qwen served by
// Ollama or vLLM) the counts are therefore estimates that can be off by tens
// of percent, so budgets for them should keep a margin.
//
// A Counter is immutable after New and safe for concurrent use by many
// goroutines: the library's codec keeps only read-only tables, and its
// regular expression engine documents concurrent use as safe.
package tokens

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tiktoken-go/tokenizer"
)

// fallbackEncoding is the encoding of OpenAI's current models, the best
// available guess for a model the library does not know.
const fallbackEncoding = tokenizer.O200kBase

// Counter counts tokens in one model's encoding.
type Counter struct {
	codec    tokenizer.Codec
	estimate bool
}

// New returns a Counter for model. A provider prefix such as "openai/" is
// ignored; an unknown or empty model gets o200k_base and counts that are
// estimates (see Estimate).
func New(model string) *Counter {
	name := model
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	if codec, err := tokenizer.ForModel(tokenizer.Model(name)); err == nil {
		return &Counter{codec: codec}
	}
	codec, err := tokenizer.Get(fallbackEncoding)
	if err != nil {
		// The fallback encoding is compiled into the library; failing to
		// get it means the dependency itself is broken.
		panic("tokens: built-in encoding " + string(fallbackEncoding) + " unavailable: " + err.Error())
	}
	return &Counter{codec: codec, estimate: true}
}

// Encoding returns the name of the encoding used, such as "o200k_base".
func (c *Counter) Encoding() string { return c.codec.GetName() }

// Estimate reports whether the model was unknown, so that counts come from
// the fallback encoding and are estimates.
func (c *Counter) Estimate() bool { return c.estimate }

// Count returns the number of tokens in text.
func (c *Counter) Count(text string) int {
	n, err := c.codec.Count(text)
	if err != nil {
		// The codec fails only if its regular expression engine does,
		// which it does not without a match timeout. Should it ever, the
		// byte length is a safe answer: no token is shorter than a byte,
		// so budgets computed from it still hold.
		return len(text)
	}
	return n
}

// Boundaries Split prefers, best first. Each pattern's first group is the
// gap between two units: the gap's text may be lost (it is whitespace), the
// rest of a match stays with the unit before it.
var boundaries = []*regexp.Regexp{
	regexp.MustCompile(`(\n\s*\n)`),              // paragraphs: a blank line
	regexp.MustCompile(`([ \t\r\f\v]*\n\s*)`),    // lines
	regexp.MustCompile(`[.!?…]["'”’»)\]]*(\s+)`), // sentence ends
	regexp.MustCompile(`(\s+)`),                  // words
}

// Split cuts text into pieces of at most budget tokens each. It cuts at
// paragraph boundaries (blank lines) where it can; a paragraph too long for
// the budget is cut at line ends, then sentence ends, then spaces, and a
// single word longer than the budget is cut between characters.
//
// Each piece is a substring of text with the whitespace around it trimmed,
// so pieces keep the text's own paragraph breaks and spacing, and joining
// the pieces with "\n\n" gives back every non-space character of text in
// order. Pieces are packed greedily: each holds as many whole units (as
// many paragraphs, or lines, and so on) as fit; a piece is either whole
// paragraphs or part of a single paragraph. Text with no non-space
// character yields no pieces; a budget of 0 or less means no limit.
//
// The one exception to the budget is a budget smaller than the tokens of a
// single character (some characters take several tokens): such a character
// becomes a piece of its own.
func (c *Counter) Split(text string, budget int) []string {
	start, end := trimSpan(text, 0, len(text))
	if start == end {
		return nil
	}
	if budget <= 0 || c.Count(text[start:end]) <= budget {
		return []string{text[start:end]}
	}
	s := splitter{counter: c, text: text, budget: budget}
	var pieces []string
	for _, sp := range s.split(span{start, end}, 0) {
		pieces = append(pieces, text[sp.start:sp.end])
	}
	return pieces
}

// span is a byte range of the text being split.
type span struct{ start, end int }

type splitter struct {
	counter *Counter
	text    string
	budget  int
}

func (s *splitter) count(sp span) int { return s.counter.Count(s.text[sp.start:sp.end]) }

// split cuts sp, which is trimmed and over budget, at boundaries of the
// given level or finer.
func (s *splitter) split(sp span, level int) []span {
	if level == len(boundaries) {
		return s.splitChars(sp)
	}
	units := s.units(sp, boundaries[level])
	if len(units) < 2 {
		return s.split(sp, level+1)
	}
	counts := make([]int, len(units))
	for i, u := range units {
		counts[i] = s.count(u)
	}

	var pieces []span
	for first := 0; first < len(units); {
		if counts[first] > s.budget {
			pieces = append(pieces, s.split(units[first], level+1)...)
			first++
			continue
		}
		next := s.pack(units, counts, first)
		pieces = append(pieces, span{units[first].start, units[next-1].end})
		first = next
	}
	return pieces
}

// pack returns the end of the longest run of units from first on that fits
// the budget; units[first] alone fits. Token counts are nearly additive, so
// the run's count is tracked as the sum of its units and gaps, checked
// exactly when the sum says the next unit does not fit, and checked exactly
// once more at the end: the result always fits, whatever the sums said.
func (s *splitter) pack(units []span, counts []int, first int) int {
	next := first + 1
	total := counts[first]
	for next < len(units) && counts[next] <= s.budget {
		gap := span{units[next-1].end, units[next].start}
		sum := total + s.count(gap) + counts[next]
		if sum > s.budget {
			sum = s.count(span{units[first].start, units[next].end})
			if sum > s.budget {
				break
			}
		}
		total = sum
		next++
	}
	for next-first > 1 && s.count(span{units[first].start, units[next-1].end}) > s.budget {
		next--
	}
	return next
}

// units cuts sp at the gaps matched by boundary and returns the trimmed,
// non-empty parts.
func (s *splitter) units(sp span, boundary *regexp.Regexp) []span {
	var units []span
	start := sp.start
	for _, m := range boundary.FindAllStringSubmatchIndex(s.text[sp.start:sp.end], -1) {
		gapStart, gapEnd := sp.start+m[2], sp.start+m[3]
		if a, b := trimSpan(s.text, start, gapStart); a < b {
			units = append(units, span{a, b})
		}
		start = gapEnd
	}
	if a, b := trimSpan(s.text, start, sp.end); a < b {
		units = append(units, span{a, b})
	}
	return units
}

// splitChars cuts sp between characters into the longest prefixes that fit
// the budget. Whitespace in sp (there is none when called on a word) is
// kept inside pieces.
func (s *splitter) splitChars(sp span) []span {
	var pieces []span
	for start := sp.start; start < sp.end; {
		end := s.longestFittingPrefix(span{start, sp.end})
		if a, b := trimSpan(s.text, start, end); a < b {
			pieces = append(pieces, span{a, b})
		}
		start = end
	}
	return pieces
}

// longestFittingPrefix returns the end of the longest prefix of sp, cut at
// a character boundary, that fits the budget, or of its first character if
// none does. It grows a guess exponentially and then bisects, so the cost
// is proportional to the prefix found, not to sp.
func (s *splitter) longestFittingPrefix(sp span) int {
	fits := func(end int) bool { return s.count(span{sp.start, end}) <= s.budget }
	good := s.charEnd(sp.start, sp.end)
	if !fits(good) {
		return good
	}
	// Tokens average about four bytes of English, so this first guess is
	// usually close.
	bad := -1
	for step := 4 * s.budget; bad < 0; step *= 2 {
		probe := s.charStart(min(good+step, sp.end), sp.start)
		if probe <= good {
			probe = s.charEnd(good, sp.end)
		}
		if fits(probe) {
			good = probe
			if good == sp.end {
				return good
			}
		} else {
			bad = probe
		}
	}
	for {
		mid := s.charStart(good+(bad-good)/2, good)
		if mid <= good {
			mid = s.charEnd(good, bad)
		}
		if mid >= bad {
			return good
		}
		if fits(mid) {
			good = mid
		} else {
			bad = mid
		}
	}
}

// charStart moves i back to the start of the character holding it, not
// before floor.
func (s *splitter) charStart(i, floor int) int {
	for i > floor && i < len(s.text) && !utf8.RuneStart(s.text[i]) {
		i--
	}
	return i
}

// charEnd returns the end of the character starting at i, not after limit.
func (s *splitter) charEnd(i, limit int) int {
	_, size := utf8.DecodeRuneInString(s.text[i:limit])
	return i + max(size, 1)
}

// trimSpan returns text[start:end] without leading and trailing white space,
// as a span.
func trimSpan(text string, start, end int) (int, int) {
	inner := strings.TrimLeftFunc(text[start:end], unicode.IsSpace)
	start = end - len(inner)
	end = start + len(strings.TrimRightFunc(inner, unicode.IsSpace))
	return start, end
}
