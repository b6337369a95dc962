package report

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/summarize/summarize/internal/manifest"
)

type indexPage struct {
	CSP, RunID, Status, Provider, Model, Started, Finished string
	RunsHref                                               string
	CSS                                                    template.CSS
	Script                                                 template.JS
	Missing                                                []string
	Rows                                                   []indexRow
	Total                                                  indexRow
	Flagged, Failed                                        int
	Statuses                                               []string
	// Usage says whether to show tokens and cost: not for an offline
	// run, whose every figure would be 0.
	Usage     bool
	Totals    manifest.Totals
	Prompts   []keyValue
	RunErrors []manifest.Error
}

// indexRow is what the index keeps of a story once its page is written:
// what a reader scans (headline, outlets, the top disputed point, flags,
// status) and the counts to sort by.
type indexRow struct {
	ID, Name, Status, Href                string
	Headline, TopPoint, TopSummary        string
	Outlets, Flags                        []string
	SearchText                            string
	Sources, Points, Unverified, Failures int
	Omissions, FlagCount                  int
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

// indexRow makes the index row of a story.
func (run *runFacts) indexRow(sf *StoryFiles) indexRow {
	c := countStory(sf, len(run.errors[sf.Meta.ID]))
	u := sumCalls(run.calls[sf.Meta.ID])
	g := storyGlance(sf)
	r := indexRow{
		ID: sf.Meta.ID, Name: sf.Meta.Name, Status: sf.Meta.Status, Headline: g.Headline,
		Sources: c.Sources, Points: c.Points, Unverified: c.Unverified, Failures: c.Failures,
		Tokens: u.PromptTokens + u.CompletionTokens, CostUSD: u.CostUSD,
		Flags: sf.Meta.Flagged,
	}
	if sf.Checks != nil {
		r.Flags = sf.Checks.Flagged
	}
	if r.Name == "" {
		r.Name = r.ID
	}
	for _, a := range g.Outlets {
		r.Outlets = append(r.Outlets, firstNonEmpty(a.Source, a.ID))
	}
	if len(r.Outlets) == 0 {
		r.Outlets = sf.Meta.Articles
	}
	if d := sf.Disputes; d != nil {
		r.Omissions = len(d.Omissions)
		if len(d.DisputedPoints) > 0 {
			r.TopPoint, r.TopSummary = d.DisputedPoints[0].Topic, d.DisputedPoints[0].Summary
		}
	}
	// The index keeps a row per story until the page is written: copy
	// what may be a slice of the story's brief or articles, so that the
	// row does not keep those texts alive (WriteRun streams stories).
	r.Headline, r.TopPoint, r.TopSummary = strings.Clone(r.Headline), strings.Clone(r.TopPoint), strings.Clone(r.TopSummary)
	for i, o := range r.Outlets {
		r.Outlets[i] = strings.Clone(o)
	}
	r.FlagCount = len(r.Flags) + r.Unverified + r.Failures
	r.SearchText = strings.ToLower(strings.Join(slices.Concat([]string{r.Headline, r.ID, r.Name, r.Status, r.TopPoint}, r.Outlets, r.Flags), " "))
	if sf.Dir != "" {
		r.Href = filepath.ToSlash(filepath.Join(sf.Meta.Dir, "report.html"))
	}
	return r
}

func renderIndex(run *runFacts, rows []indexRow, w io.Writer) error {
	m := run.manifest
	p := &indexPage{
		CSP: IndexContentSecurityPolicy, CSS: Stylesheet(), Script: template.JS(indexScript),
		RunID: m.RunID, Status: m.Status, Provider: m.Provider, Model: m.Model,
		Missing: run.missing, Totals: m.Totals, Prompts: run.prompts,
		Started: formatTime(m.Started), Finished: formatTime(m.Finished),
		Rows: rows, RunErrors: run.errors[""],
		Usage: m.Provider != "offline" || m.Totals.PromptTokens+m.Totals.CompletionTokens > 0 || m.Totals.CostUSD > 0,
	}
	if hasRunsIndex(run.dir) {
		p.RunsHref = "../index.html"
	}
	seen := map[string]bool{}
	for _, r := range rows {
		p.Total.Sources += r.Sources
		p.Total.Points += r.Points
		p.Total.Unverified += r.Unverified
		p.Total.Failures += r.Failures
		p.Total.Tokens += r.Tokens
		p.Total.CostUSD += r.CostUSD
		switch r.Status {
		case "flagged":
			p.Flagged++
		case "failed":
			p.Failed++
		}
		if !seen[r.Status] {
			seen[r.Status] = true
			p.Statuses = append(p.Statuses, r.Status)
		}
	}
	slices.Sort(p.Statuses)
	if err := indexTemplate.Execute(w, p); err != nil {
		return fmt.Errorf("render index of run %s: %w", run.dir, err)
	}
	return nil
}

// plural writes n and the noun in the form that goes with it.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// indexScript sorts and filters the index's stories in the page, with no
// request; the index's policy allows it, and only it, by its hash.
//
//go:embed index.js
var indexScript string

// IndexContentSecurityPolicy is ContentSecurityPolicy plus the one script
// of a run's index.html, allowed by its SHA-256.
var IndexContentSecurityPolicy = ContentSecurityPolicy + "; script-src " + scriptHash(indexScript)

// scriptHash is the CSP source expression allowing an inline script.
func scriptHash(script string) string {
	sum := sha256.Sum256([]byte(script))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

var (
	//go:embed story.tmpl
	storyHTML string
	//go:embed index.tmpl
	indexHTML string

	funcs = template.FuncMap{
		"usd":    func(v float64) string { return fmt.Sprintf("$%.4f", v) },
		"ms":     func(v int64) string { return (time.Duration(v) * time.Millisecond).String() },
		"list":   func(v ...string) []string { return v },
		"plural": plural,
	}
	// The templates are parsed once and only executed afterwards, which
	// html/template allows from many goroutines at once.
	storyTemplate = template.Must(template.New("story").Funcs(funcs).Parse(storyHTML))
	indexTemplate = template.Must(template.New("index").Funcs(funcs).Parse(indexHTML))
)
