package report

import (
	"fmt"
	"html/template"
	"slices"
	"sort"
	"strings"

	"github.com/summarize/summarize/internal/grounding"
	"github.com/summarize/summarize/internal/story"
)

// sentenceFlags marks the brief sentences the checks flagged, in place: a
// placeholder word goes into the Markdown before and after each such
// sentence (at byte offsets of the original Markdown, so the sentences and
// citations found in it stay valid), and once goldmark has run the
// placeholders become a <mark> around the sentence and, after it, why it
// was flagged with a link to the disputed point it touches.
type sentenceFlags struct {
	prefix       string
	events       []flagEvent // by position
	next         int         // first event not yet written
	replacements []string    // placeholder, HTML, ...
	topics       []string    // disputed points linked to, by placeholder number
}

type flagEvent struct {
	pos         int
	placeholder string
}

// newSentenceFlags prepares the marks of flagged in a brief whose Markdown
// is src. A sentence with an item of a gated check (gates: the story's
// checks.json "flagged") is marked "flagged", any other "noted". Links to
// disputed points are placeholders until linkPoints.
func newSentenceFlags(src string, flagged []grounding.FlaggedSentence, gates []string) *sentenceFlags {
	prefix := "sumflag"
	for strings.Contains(src, prefix) {
		prefix += "q"
	}
	f := &sentenceFlags{prefix: prefix}
	for i, fs := range flagged {
		open, shut := fmt.Sprintf("%s%ds", prefix, i), fmt.Sprintf("%s%de", prefix, i)
		f.events = append(f.events, flagEvent{fs.Start, open}, flagEvent{fs.End, shut})
		var why []string
		for _, it := range fs.Items {
			why = append(why, checkLabel(it.Check)+": "+it.Reason)
		}
		class := "noted"
		if slices.ContainsFunc(fs.Items, func(it story.CheckItem) bool { return slices.Contains(gates, it.Check) }) {
			class = "flagged"
		}
		mark := fmt.Sprintf(`<mark class="%s" id="flagged-%d" title="%s">`, class, i+1, template.HTMLEscapeString(strings.Join(why, "; ")))
		after := "</mark>" + f.whyHTML(fs.Items)
		// The spaced forms first: a Replacer tries its pairs in order,
		// and the space spaced added goes with the placeholder.
		f.replacements = append(f.replacements, open+" ", mark, open, mark, " "+shut, after, shut, after)
	}
	sort.SliceStable(f.events, func(i, j int) bool { return f.events[i].pos < f.events[j].pos })
	return f
}

// write writes src[from:to] to out with the placeholders that fall in
// [from, to); call it for consecutive stretches, then flush.
func (f *sentenceFlags) write(out *strings.Builder, src string, from, to int) {
	for f != nil && f.next < len(f.events) && f.events[f.next].pos < to {
		e := f.events[f.next]
		at := max(e.pos, from)
		out.WriteString(src[from:at])
		out.WriteString(f.spaced(src, at, e.placeholder))
		from = at
		f.next++
	}
	out.WriteString(src[from:to])
}

// flush writes the placeholders left at the end of the Markdown.
func (f *sentenceFlags) flush(out *strings.Builder, src string) {
	f.write(out, src, len(src), len(src))
	for f != nil && f.next < len(f.events) {
		out.WriteString(" " + f.events[f.next].placeholder)
		f.next++
	}
}

// spaced keeps a placeholder a word of its own, so goldmark neither glues
// it to a neighbour nor reads it as part of Markdown syntax.
func (f *sentenceFlags) spaced(src string, at int, placeholder string) string {
	if at > 0 && src[at-1] != ' ' && src[at-1] != '\n' {
		placeholder = " " + placeholder
	}
	if at < len(src) && src[at] != ' ' && src[at] != '\n' {
		placeholder += " "
	}
	return placeholder
}

// apply turns the placeholders in goldmark's output into the marks.
func (f *sentenceFlags) apply(body template.HTML) template.HTML {
	if f == nil || len(f.replacements) == 0 {
		return body
	}
	return template.HTML(strings.NewReplacer(f.replacements...).Replace(string(body)))
}

// whyHTML says, after a flagged sentence, what the checks found and links
// to the disputed point each finding touches.
func (f *sentenceFlags) whyHTML(items []story.CheckItem) string {
	var b strings.Builder
	b.WriteString(` <span class="why small">`)
	for i, it := range items {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, `<span class="flag">%s</span> %s`, template.HTMLEscapeString(checkLabel(it.Check)), template.HTMLEscapeString(it.Reason))
		if it.Point != "" {
			fmt.Fprintf(&b, ` (<a href="#%s%dp">disputed point</a>)`, f.prefix, len(f.topics))
			f.topics = append(f.topics, it.Point)
		}
	}
	b.WriteString(`</span>`)
	return b.String()
}

// linkPoints points the links to disputed points at their anchors on the
// page: anchor gives a point's by topic, "" when the page has none (the
// link then goes to the list of what the checks found).
func (f *sentenceFlags) linkPoints(body template.HTML, anchor func(topic string) string) template.HTML {
	if f == nil || len(f.topics) == 0 {
		return body
	}
	var pairs []string
	for i, topic := range f.topics {
		a := anchor(topic)
		if a == "" {
			a = "flags"
		}
		pairs = append(pairs, fmt.Sprintf("%s%dp", f.prefix, i), template.HTMLEscapeString(a))
	}
	return template.HTML(strings.NewReplacer(pairs...).Replace(string(body)))
}

// checkLabel is a check's name as people read it: "unsupported citation".
func checkLabel(name string) string {
	return strings.TrimSuffix(strings.ReplaceAll(name, "_", " "), "s")
}
