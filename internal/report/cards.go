package report

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/summarize/summarize/internal/story"
)

// pointCard is one disputed point (or one omission) as a card: its topic
// and kind, then one row per outlet of the story saying what that outlet
// claims, or that it does not mention the point.
type pointCard struct {
	ID, Class, Topic, Kind, Summary string
	Rows                            []*outletRow
	// Carriers names the outlets with a position on the point; Of counts
	// the story's outlets.
	Carriers []string
	Of       int
}

// outletRow is what one outlet says on a point: its positions, or none
// (the outlet does not mention it).
type outletRow struct {
	Name, Anchor, Lean string
	// Unknown marks a source the positions name but the story does not
	// have.
	Unknown   bool
	Positions []*cell
}

// cell is one source's position on a point.
type cell struct {
	ID, Claim, Quote string
	// QuoteHTML is Quote, escaped, with the value that differs from the
	// other positions inside <mark class="value">.
	QuoteHTML     template.HTML
	MarkID        string // id of the highlighted passage; "" when not located
	Verified      bool
	UnknownSource bool
	// Closest is the article's sentence closest to an unverified quote
	// (story.Position.ClosestSentence), for the editor to compare.
	Closest string
	source  string // the position's source ID
	point   int    // the point's number, for the passage's label
}

// cards builds one card per point. prefix tells disputed points ("point")
// from omissions ("omission") in element ids.
func cards(points []story.Point, prefix string, sources []*sourceSection, haveList bool, ids anchors) []*pointCard {
	var out []*pointCard
	for i, pt := range points {
		c := &pointCard{
			ID: ids.next(prefix, fmt.Sprint(i+1)), Class: prefix + "-row",
			Topic: pt.Topic, Kind: pt.Kind, Summary: pt.Summary, Of: len(sources),
		}
		rows := map[string]*outletRow{}
		for _, s := range sources {
			if rows[s.ID] != nil {
				continue
			}
			r := &outletRow{Name: s.Name, Anchor: s.Anchor, Lean: s.Lean}
			rows[s.ID] = r
			c.Rows = append(c.Rows, r)
		}
		for j, pos := range pt.Positions {
			r := rows[pos.Source]
			if r == nil {
				// A source the story does not have: a row of its own,
				// flagged, at the end.
				r = &outletRow{Name: pos.Source, Unknown: haveList}
				rows[pos.Source] = r
				c.Rows = append(c.Rows, r)
			}
			others := make([]string, 0, len(pt.Positions)-1)
			for k, o := range pt.Positions {
				if k != j {
					others = append(others, o.Quote)
				}
			}
			r.Positions = append(r.Positions, &cell{
				ID:    ids.next(positionPrefix(prefix), fmt.Sprintf("%d-%d", i+1, j+1)),
				Claim: pos.Claim, Quote: pos.Quote, QuoteHTML: markValue(pos.Quote, pos.Claim, others),
				Verified: pos.QuoteVerified, UnknownSource: pos.UnknownSource || r.Unknown, Closest: pos.ClosestSentence,
				source: pos.Source, point: i + 1,
			})
		}
		for _, r := range c.Rows {
			if len(r.Positions) > 0 {
				c.Carriers = append(c.Carriers, r.Name)
			}
		}
		out = append(out, c)
	}
	return out
}

// genericWords are the words of offline claims ("says it is not so",
// "gives no duration", "reports X") that say how a source takes the
// point, not what it says; they are never the value marked in a quote.
var genericWords = map[string]bool{
	"says": true, "say": true, "it": true, "is": true, "not": true, "so": true, "gives": true, "give": true,
	"no": true, "reports": true, "report": true, "the": true, "a": true, "an": true, "of": true, "and": true,
	"to": true, "in": true, "on": true, "at": true, "by": true, "for": true, "that": true, "this": true,
	"was": true, "were": true, "be": true, "has": true, "have": true, "with": true, "as": true, "or": true,
}

// markValue returns quote as HTML with the value it differs on marked:
// the longest run of the claim's words that the quote holds and that is
// not only generic words ("six weeks" in a claim "six weeks" or "says
// six weeks"), else the words of the quote that no other position's
// quote has and that carry a digit (the number that differs). Nothing is
// marked when neither is found.
func markValue(quote, claim string, others []string) template.HTML {
	q := normalizeForMatch(quote)
	if sp, ok := claimInQuote(q, claim); ok {
		return markSpans(quote, []span{sp})
	}
	var spans []span
	otherText := fold(strings.Join(others, " "), nil)
	for _, w := range wordSpans(quote) {
		word := quote[w.start:w.end]
		if strings.ContainsAny(word, "0123456789") && !strings.Contains(otherText, fold(word, nil)) {
			spans = append(spans, w)
		}
	}
	return markSpans(quote, spans)
}

// claimInQuote finds the longest run of the claim's words inside the
// quote, skipping runs made only of generic words.
func claimInQuote(q normalized, claim string) (span, bool) {
	words := strings.FieldsFunc(listCommas(claim), func(r rune) bool {
		return r == ' ' || r == '(' || r == ')' || r == '“' || r == '”' || r == '"' || r == ';'
	})
	for n := len(words); n >= 1; n-- {
		for i := 0; i+n <= len(words); i++ {
			run := words[i : i+n]
			generic := true
			for _, w := range run {
				if !genericWords[strings.ToLower(w)] {
					generic = false
				}
			}
			if generic {
				continue
			}
			if sp, ok := findQuote(q, strings.Join(run, " ")); ok {
				return sp, true
			}
		}
	}
	return span{}, false
}

// listCommas returns claim with its commas made spaces, but those inside
// a number ("38,000 litres" is one figure, not "38" and "000 litres").
func listCommas(claim string) string {
	b := []byte(claim)
	for i, c := range b {
		if c == ',' && !(i > 0 && i+1 < len(b) && isDigit(b[i-1]) && isDigit(b[i+1])) {
			b[i] = ' '
		}
	}
	return string(b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// wordSpans returns the spans of the words of s (letters, digits and the
// punctuation inside numbers such as 3,000 or 4.5).
func wordSpans(s string) []span {
	var out []span
	start := -1
	for i, r := range s {
		inWord := r == '-' || r == '.' || r == ',' || r == '%' || r == '$' || r == '€' || r == '£' ||
			(r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r > 127 && r != '“' && r != '”' && r != '’'
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			out = append(out, trimSpan(s, span{start, i}))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, trimSpan(s, span{start, len(s)}))
	}
	return out
}

// trimSpan drops sentence punctuation from the ends of a word.
func trimSpan(s string, sp span) span {
	for sp.end > sp.start && strings.ContainsRune(".,-", rune(s[sp.end-1])) {
		sp.end--
	}
	for sp.start < sp.end && strings.ContainsRune(".,-", rune(s[sp.start])) {
		sp.start++
	}
	return sp
}

// markSpans escapes s and wraps each of the spans, which must not
// overlap and be in order, in <mark class="value">.
func markSpans(s string, spans []span) template.HTML {
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp.start < last || sp.end <= sp.start {
			continue
		}
		b.WriteString(template.HTMLEscapeString(s[last:sp.start]))
		b.WriteString(`<mark class="value">`)
		b.WriteString(template.HTMLEscapeString(s[sp.start:sp.end]))
		b.WriteString(`</mark>`)
		last = sp.end
	}
	b.WriteString(template.HTMLEscapeString(s[last:]))
	return template.HTML(b.String())
}

// positionPrefix starts the element ids of positions: "position-1-2" is
// the second position of disputed point 1, "omission-position-1-2" of
// omission 1.
func positionPrefix(prefix string) string {
	if prefix == "point" {
		return "position"
	}
	return prefix + "-position"
}
