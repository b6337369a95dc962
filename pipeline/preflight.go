package pipeline

import (
	"errors"

	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/prompts"
)

// Preflight renders every prompt of set once for st, in each form
// its stage can take, without calling the model: a summary of a whole
// article, of one part of a split article and of the combination of parts;
// a brief, and a partial brief of a tree reduction with a source missing;
// disputes over the articles and over their summaries. text/template only
// finds a misspelled field when it executes the branch that names it, so
// each branch is executed once here, and a template error stops a run
// before it spends anything rather than after every summary is paid for.
// A story without articles (nil too) is replaced by a built-in sample.
// The errors name the prompt's file and line.
func Preflight(set *prompts.Set, st *story.Story) error {
	if st == nil || len(st.Articles) == 0 {
		st = sampleStory()
	}
	var errs []error
	for _, name := range set.Names() {
		p, err := set.Get(name)
		if err != nil {
			return err
		}
		for _, d := range preflightData(name, st) {
			addReads(set, name, st, &d)
			if _, err := p.Render(d); err != nil {
				errs = append(errs, err)
				break
			}
		}
	}
	return errors.Join(errs...)
}

// preflightData is the data a stage's prompt can be executed with, one
// entry per form. A prompt that is not a built-in stage gets every field
// set.
func preflightData(stage string, st *story.Story) []prompts.Data {
	texts := make([]prompts.Text, len(st.Articles))
	for i, a := range st.Articles {
		texts[i] = articleText(a, a.Text)
	}
	first := st.Articles[0]
	base := storyData(st)
	with := func(f func(d *prompts.Data)) prompts.Data {
		d := base
		f(&d)
		return d
	}
	whole := with(func(d *prompts.Data) { d.Article = texts[0] })
	part := with(func(d *prompts.Data) { d.Article, d.Part, d.PartCount = texts[0], 2, 3 })
	combine := with(func(d *prompts.Data) {
		d.Article, d.Combine = articleText(first, ""), true
		d.Parts = []prompts.Text{texts[0], texts[0]}
		d.Parts[0].ID, d.Parts[1].ID = first.ID+"-part-1", first.ID+"-part-2"
	})
	brief := with(func(d *prompts.Data) { d.Summaries = texts })
	partial := with(func(d *prompts.Data) {
		d.Summaries, d.Partial, d.Missing = texts, true, []string{first.Source}
	})
	disputes := with(func(d *prompts.Data) { d.Articles, d.FenceKind = texts, "ARTICLE" })
	fromSummaries := with(func(d *prompts.Data) { d.Articles, d.FenceKind, d.FromSummaries = texts, "SUMMARY", true })
	switch stage {
	case prompts.SourceSummary:
		return []prompts.Data{whole, part, combine}
	case prompts.Brief:
		return []prompts.Data{brief, partial}
	case prompts.Disputes:
		return []prompts.Data{disputes, fromSummaries}
	}
	all := with(func(d *prompts.Data) {
		d.Article, d.Summaries, d.Articles, d.FenceKind = texts[0], texts, texts, "ARTICLE"
	})
	return []prompts.Data{all}
}

// sampleStory is a story of two short articles written for this check, for
// runs whose first story has no usable article.
func sampleStory() *story.Story {
	return &story.Story{ID: "sample", Name: "Sample story", Articles: []*story.Article{
		{ID: "first-paper", Source: "First Paper", Title: "Bridge to reopen", Published: "2026-01-05",
			URL: "https://first.example/bridge", Text: "The bridge will reopen on Monday after six weeks of repairs, the city said."},
		{ID: "second-paper", Source: "Second Paper", Title: "Repairs end", Published: "2026-01-05",
			URL: "https://second.example/bridge", Text: "Repairs to the bridge took two months, and it reopens next week."},
	}}
}
