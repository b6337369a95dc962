package pipeline

import (
	"context"
	"strings"

	"github.com/summarize/summarize/internal/offline"
	"github.com/summarize/summarize/internal/story"
)

// OfflineEngine runs the stages with the extractive engine: no model, no
// network, and the same input always gives the same output. It makes no
// model calls, so it neither uses the cache nor records calls.
type OfflineEngine struct {
	Engine *offline.Engine
}

func doc(a *story.Article) offline.Doc {
	return offline.Doc{ID: a.ID, Name: a.Source, Text: a.Text}
}

// Summarize returns the article's most central sentences in their order.
func (o OfflineEngine) Summarize(ctx context.Context, st *story.Story, a *story.Article) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return strings.Join(o.Engine.Summarize(doc(a)), " "), nil
}

// Brief picks sentences across all sources and cites every source that
// reports each one.
func (o OfflineEngine) Brief(ctx context.Context, st *story.Story, sums []Summary, missing []string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	docs := make([]offline.Doc, len(sums))
	labels := make(map[string]string, len(sums))
	for i, s := range sums {
		docs[i] = doc(s.Article)
		labels[s.Article.ID] = citationLabel(s.Article)
	}
	var b strings.Builder
	for i, sent := range o.Engine.Brief(docs) {
		if i > 0 {
			b.WriteString(" ")
		}
		names := make([]string, len(sent.Sources))
		for j, id := range sent.Sources {
			names[j] = labels[id]
		}
		b.WriteString(strings.TrimSpace(sent.Text) + " [" + strings.Join(names, ", ") + "]")
	}
	return b.String(), nil
}

// citationLabel is the article's source name, or its ID where the name
// could not be read back unambiguously from a bracketed list.
func citationLabel(a *story.Article) string {
	if a.Source == "" || strings.ContainsAny(a.Source, ",;[]\n") {
		return a.ID
	}
	return a.Source
}

// Disputes aligns similar sentences across sources and reports conflicts.
func (o OfflineEngine) Disputes(ctx context.Context, st *story.Story, sums []Summary) ([]story.Point, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	docs := make([]offline.Doc, len(sums))
	for i, s := range sums {
		docs[i] = doc(s.Article)
	}
	return o.Engine.Disputes(docs), nil
}
