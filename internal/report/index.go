package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"path/filepath"
	"time"

	"github.com/summarize/summarize/internal/manifest"
)

type indexPage struct {
	CSP, RunID, Status, Provider, Model, Started, Finished string
	CSS                                                    template.CSS
	Missing                                                []string
	Rows                                                   []indexRow
	Total                                                  indexRow
	Totals                                                 manifest.Totals
	Prompts                                                []keyValue
	RunErrors                                              []manifest.Error
}

type indexRow struct {
	ID, Name, Status, Href                string
	Sources, Points, Unverified, Failures int
	Tokens                                int
	CostUSD                               float64
}

// Counts summarizes one story as the index shows it. The story's own files
// are preferred to the manifest's counts, which are used when they are
// missing.
type Counts struct {
	Sources, Points, Unverified, Failures int
}

// StoryCounts counts a story's sources, disputed points, unverified
// quotes and failures (the manifest's errors recorded against it).
func StoryCounts(m *manifest.Manifest, sf *StoryFiles) Counts {
	return countStory(sf, len(storyErrors(m, sf.Meta.ID)))
}

// countStory is StoryCounts given the number of the manifest's errors
// recorded against the story.
func countStory(sf *StoryFiles, errors int) Counts {
	c := Counts{
		Sources:    len(sf.Meta.Articles),
		Points:     sf.Meta.DisputedPoints,
		Unverified: sf.Meta.UnverifiedQuotes,
		Failures:   errors,
	}
	if sf.Story != nil {
		c.Sources = len(sf.Story.Articles)
	}
	if sf.Disputes != nil {
		c.Points = len(sf.Disputes.DisputedPoints)
		c.Unverified = 0
		for _, p := range sf.Disputes.DisputedPoints {
			for _, pos := range p.Positions {
				if !pos.QuoteVerified {
					c.Unverified++
				}
			}
		}
	}
	if c.Failures == 0 {
		c.Failures = len(sf.Meta.Failed)
	}
	return c
}

// indexRow is all the index keeps of a story once its page is written.
func (run *runFacts) indexRow(sf *StoryFiles) indexRow {
	c := countStory(sf, len(run.errors[sf.Meta.ID]))
	u := sumCalls(run.calls[sf.Meta.ID])
	r := indexRow{
		ID: sf.Meta.ID, Name: sf.Meta.Name, Status: sf.Meta.Status,
		Sources: c.Sources, Points: c.Points, Unverified: c.Unverified, Failures: c.Failures,
		Tokens: u.PromptTokens + u.CompletionTokens, CostUSD: u.CostUSD,
	}
	if r.Name == "" {
		r.Name = r.ID
	}
	if sf.Dir != "" {
		r.Href = filepath.ToSlash(filepath.Join(sf.Meta.Dir, "report.html"))
	}
	return r
}

func renderIndex(run *runFacts, rows []indexRow, w io.Writer) error {
	m := run.manifest
	p := &indexPage{
		CSP: ContentSecurityPolicy, CSS: Stylesheet(),
		RunID: m.RunID, Status: m.Status, Provider: m.Provider, Model: m.Model,
		Missing: run.missing, Totals: m.Totals, Prompts: run.prompts,
		Started: formatTime(m.Started), Finished: formatTime(m.Finished),
		Rows: rows, RunErrors: run.errors[""],
	}
	for _, r := range rows {
		p.Total.Sources += r.Sources
		p.Total.Points += r.Points
		p.Total.Unverified += r.Unverified
		p.Total.Failures += r.Failures
		p.Total.Tokens += r.Tokens
		p.Total.CostUSD += r.CostUSD
	}
	if err := indexTemplate.Execute(w, p); err != nil {
		return fmt.Errorf("render index of run %s: %w", run.dir, err)
	}
	return nil
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

var (
	//go:embed story.tmpl
	storyHTML string
	//go:embed index.tmpl
	indexHTML string

	funcs = template.FuncMap{
		"usd": func(v float64) string { return fmt.Sprintf("$%.4f", v) },
		"ms":  func(v int64) string { return (time.Duration(v) * time.Millisecond).String() },
	}
	// The templates are parsed once and only executed afterwards, which
	// html/template allows from many goroutines at once.
	storyTemplate = template.Must(template.New("story").Funcs(funcs).Parse(storyHTML))
	indexTemplate = template.Must(template.New("index").Funcs(funcs).Parse(indexHTML))
)
