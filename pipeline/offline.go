package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/summarize/summarize/internal/grounding"
	"github.com/summarize/summarize/internal/offline"
	"github.com/summarize/summarize/internal/story"
)

// OfflineEngine runs the stages with the extractive engine: no model, no
// network, and the same input always gives the same output. It makes no
// model calls, so it neither uses the cache nor records calls.
type OfflineEngine struct {
	Engine *offline.Engine
}

// doc is the engine's view of an article: its text without the heading a
// plain-text file opens on (ingest keeps that line as the first paragraph,
// so that quotes can be checked against the text), since a headline is not
// a sentence of the report ("37 homes lost as crews battle blaze").
func doc(a *story.Article) offline.Doc {
	text := a.Text
	if head, rest, ok := strings.Cut(text, "\n\n"); ok && a.Title != "" && strings.EqualFold(strings.TrimSpace(strings.TrimLeft(head, "#")), a.Title) {
		text = rest
	}
	return offline.Doc{ID: a.ID, Name: a.Source, Text: text, Published: a.Published}
}

// Summarize returns the article's most central sentences in their order.
func (o OfflineEngine) Summarize(ctx context.Context, st *story.Story, a *story.Article) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return strings.Join(o.Engine.Summarize(doc(a)), " "), nil
}

// briefParagraph is how many sentences of an offline brief go in one
// paragraph: a brief of eight sentences in one block is hard to read.
const briefParagraph = 3

// Brief picks sentences across all sources, cites every source that
// reports each one, and gives each version of a disputed point it touches.
func (o OfflineEngine) Brief(ctx context.Context, st *story.Story, in Inputs) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	docs := make([]offline.Doc, len(in.Summaries))
	for i, s := range in.Summaries {
		docs[i] = doc(s.Article)
	}
	draft, err := o.Engine.Draft(docs, in.Disputes)
	if err != nil || draft == nil {
		return "", err
	}
	// A sentence the checks leave citing nobody is avoided and the brief
	// made again from the same draft, so that it is settled without it:
	// dropping it alone could leave a point it told one version of told
	// from one side.
	var avoid []string
	for attempt := 0; ; attempt++ {
		md, dropped := answerChecks(st, draft.Brief(avoid), in.Disputes)
		if attempt == briefAttempts || len(dropped) == 0 || slices.ContainsFunc(dropped, func(t string) bool { return slices.Contains(avoid, t) }) {
			return md, nil
		}
		avoid = append(avoid, dropped...)
	}
}

// briefAttempts bounds how often a brief is made again avoiding the
// sentences its checks dropped; each attempt avoids more, and on the
// development sets two suffice.
const briefAttempts = 2

// answerChecks renders the brief so that it answers to the checks the run
// will gate it on: a source cited for a version of a point it disputes
// (its own sentence quoting the rival figure to reject it, say) loses that
// citation, as does a source cited beside the sentence's own that never
// mentions one of its names or figures; a sentence left citing nobody is
// dropped, and its text returned. Each pass removes at least one citation,
// so the loop ends.
func answerChecks(st *story.Story, brief []offline.Attributed, points []story.Point) (md string, dropped []string) {
	labels := citationLabels(st)
	md = renderBrief(brief, labels)
	disputes := &story.Disputes{DisputedPoints: points}
	for {
		checks := grounding.Check(st, &story.Brief{Markdown: md}, disputes, nil)
		fixed := false
		for _, it := range checks.Items {
			own := it.Check == story.CheckUnsupportedCitations // the sentence's own source wrote it
			if (it.Check == story.CheckContradictedCitations || own) && uncite(brief, it.Sentence, it.Sources, own) {
				fixed = true
			}
		}
		if !fixed {
			return md, dropped
		}
		brief = slices.DeleteFunc(brief, func(a offline.Attributed) bool {
			if len(a.Sources) == 0 {
				dropped = append(dropped, a.Text)
			}
			return len(a.Sources) == 0
		})
		md = renderBrief(brief, labels)
	}
}

// uncite removes sources from the citations of the brief sentence that
// checked sentence text holds, keeping the first (the source that wrote
// the sentence) when keepFirst is set, and reports whether it removed any.
func uncite(brief []offline.Attributed, text string, sources []string, keepFirst bool) bool {
	// The checks may read one brief sentence as two, each with the
	// citation, and their text may be spaced otherwise than the brief's:
	// either holds the other, spaces folded.
	fold := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	text = fold(text)
	claim := text
	if i := strings.LastIndex(claim, " ["); i > 0 && strings.HasSuffix(claim, "]") {
		claim = claim[:i]
	}
	for k := range brief {
		own := fold(brief[k].Text)
		if len(brief[k].Sources) == 0 || own == "" || !strings.Contains(text, own) && !strings.Contains(own, claim) {
			continue
		}
		before := len(brief[k].Sources)
		first := brief[k].Sources[0]
		brief[k].Sources = slices.DeleteFunc(slices.Clone(brief[k].Sources), func(id string) bool {
			return slices.Contains(sources, id) && !(keepFirst && id == first)
		})
		if len(brief[k].Sources) < before {
			return true
		}
	}
	return false
}

// renderBrief writes the brief's sentences with their citations, in
// paragraphs of briefParagraph sentences.
func renderBrief(brief []offline.Attributed, labels map[string]string) string {
	var b strings.Builder
	for i, sent := range brief {
		switch {
		case i > 0 && i%briefParagraph == 0:
			b.WriteString("\n\n")
		case i > 0:
			b.WriteString(" ")
		}
		names := make([]string, len(sent.Sources))
		for j, id := range sent.Sources {
			names[j] = labels[id]
		}
		cite := " [" + strings.Join(names, ", ") + "]"
		// Where the checks would read two sentences ("… since 2024.
		// According to the company, …"), each carries the citation.
		parts := grounding.Sentences(strings.TrimSpace(sent.Text))
		for k, p := range parts {
			if k > 0 {
				b.WriteString(" ")
			}
			b.WriteString(strings.TrimSpace(p.Text) + cite)
		}
		if len(parts) == 0 {
			b.WriteString(strings.TrimSpace(sent.Text) + cite)
		}
	}
	return b.String()
}

// citationLabels gives each article the label its citations use: the
// source name, or the ID where the name could not be read back
// unambiguously from a bracketed list or is shared by two articles.
func citationLabels(st *story.Story) map[string]string {
	count := make(map[string]int)
	for _, a := range st.Articles {
		count[a.Source]++
	}
	labels := make(map[string]string, len(st.Articles))
	for _, a := range st.Articles {
		labels[a.ID] = a.Source
		if a.Source == "" || count[a.Source] > 1 || strings.ContainsAny(a.Source, ",;[]\n") {
			labels[a.ID] = a.ID
		}
	}
	return labels
}

// Disputes compares the sources' claims and reports conflicts; an article
// the engine sets aside as off-topic is named in a warning.
func (o OfflineEngine) Disputes(ctx context.Context, st *story.Story, in Inputs) ([]story.Point, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	docs := make([]offline.Doc, len(in.Summaries))
	for i, s := range in.Summaries {
		docs[i] = doc(s.Article)
	}
	f, err := o.Engine.Disputes(docs)
	if err != nil {
		return nil, err
	}
	for _, aside := range f.SetAside {
		if in.Warn != nil {
			in.Warn(fmt.Sprintf("article %s set aside as off-topic: %s", aside.ID, aside.Reason))
		}
	}
	return f.Points, nil
}
