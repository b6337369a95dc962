package report

import (
	"fmt"
	"html/template"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/yuin/goldmark"

	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// storyPage is the data of a story's report.html.
type storyPage struct {
	CSP, Title, RunID string
	CSS               template.CSS
	Missing           []string
	Problems          []story.Problem
	Warnings          []string

	Brief          template.HTML
	BriefNote      string
	BriefMissing   []string // sources absent from the brief
	UnknownCites   []string
	Disputes       *disputesTable
	Sources        []*sourceSection
	Stages         []stageSection // stages defined by prompt files
	Facts          facts
	IndexHref      string
	HasBrief       bool
	DisputesAbsent bool
}

type disputesTable struct {
	Note    string
	Columns []column
	Rows    []row
}

type column struct {
	Name, Anchor, ID string
	Unknown          bool // the ID names no article of the story
}

type row struct {
	ID, Topic, Kind, Summary string
	Cells                    [][]*cell // one slice per column
}

// cell is one source's position on a point.
type cell struct {
	ID, Claim, Quote string
	MarkID           string // id of the highlighted passage; "" when not located
	Verified         bool
	UnknownSource    bool
	// Closest is the article's sentence closest to an unverified quote
	// (story.Position.ClosestSentence), for the editor to compare.
	Closest string
}

type sourceSection struct {
	Anchor, ID, Name, Title, URL, Published string
	SafeURL                                 bool
	Summary                                 template.HTML
	HasSummary                              bool
	Text                                    template.HTML
	HasText                                 bool
	NotLocated                              []*cell
	Failed                                  bool
}

type facts struct {
	Provider, Model, BaseURL, Status, Started, Finished string
	ConfigDigest                                        string
	// ReusedFrom names the run whose files this story's were carried
	// over from; this run made no call for it.
	ReusedFrom     string
	Prompts        []keyValue
	Usage          Usage
	Calls          []manifest.Call
	Errors         []manifest.Error
	FailedArticles []string
}

type keyValue struct{ Key, Value string }

// Usage sums the model calls of one story or run.
type Usage struct {
	// Calls counts logical calls (one per prompt, whether sent or answered
	// from the cache); Requests the HTTP requests sent, retries included.
	Calls, Requests, CacheHits     int
	PromptTokens, CompletionTokens int
	CostUSD                        float64
}

// StoryUsage sums the calls the manifest records for one story.
func StoryUsage(m *manifest.Manifest, storyID string) Usage {
	return sumCalls(storyCalls(m, storyID))
}

func sumCalls(calls []manifest.Call) Usage {
	var u Usage
	for _, c := range calls {
		u.Calls++
		u.Requests += c.Attempts
		if c.Cache == "hit" {
			u.CacheHits++
		}
		u.PromptTokens += c.PromptTokens
		u.CompletionTokens += c.CompletionTokens
		u.CostUSD += c.CostUSD
	}
	return u
}

// storyCalls and storyErrors filter the run's records to one story.
func storyCalls(m *manifest.Manifest, id string) []manifest.Call {
	var out []manifest.Call
	for _, c := range m.Calls {
		if c.Story == id {
			out = append(out, c)
		}
	}
	return out
}

func storyErrors(m *manifest.Manifest, id string) []manifest.Error {
	var out []manifest.Error
	for _, e := range m.Errors {
		if e.Story == id {
			out = append(out, e)
		}
	}
	return out
}

// anchors hands out element ids that are unique within a page and made
// only of characters that need no escaping.
type anchors map[string]bool

func (a anchors) next(prefix, name string) string {
	base := prefix + "-" + story.Slug(name)
	id := base
	for n := 2; a[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	a[id] = true
	return id
}

// renderStory writes the report.html of one story to w.
func renderStory(run *runFacts, sf *StoryFiles, md goldmark.Markdown, w io.Writer) error {
	m := run.manifest
	p := &storyPage{
		CSP:     ContentSecurityPolicy,
		CSS:     Stylesheet(),
		Title:   sf.Meta.Name,
		RunID:   m.RunID,
		Missing: append(slices.Clone(run.missing), sf.Missing...),
	}
	if p.Title == "" {
		p.Title = sf.Meta.ID
	}
	if rel, ok := indexHref(sf.Meta.Dir); ok {
		p.IndexHref = rel
	}
	ids := anchors{}

	// Sources: the story's articles, in order.
	bySource := map[string]*sourceSection{}
	texts := map[string]normalized{}
	var articles []*story.Article
	if sf.Story != nil {
		articles = sf.Story.Articles
		p.Problems = sf.Story.Problems
		p.Warnings = sf.Story.Warnings
		if sf.Story.Name != "" {
			p.Title = sf.Story.Name
		}
	} else {
		for _, id := range sf.Meta.Articles {
			articles = append(articles, &story.Article{ID: id, Source: id})
		}
	}
	for _, a := range articles {
		s := &sourceSection{
			Anchor: ids.next("source", a.ID), ID: a.ID, Name: a.Source, Title: a.Title,
			URL: a.URL, Published: a.Published, SafeURL: isWebURL(a.URL),
			Failed: slices.Contains(sf.Meta.Failed, a.ID),
		}
		if s.Name == "" {
			s.Name = a.ID
		}
		if summary, ok := sf.Summaries[a.ID]; ok {
			h, err := renderMarkdown(md, summary)
			if err != nil {
				return fmt.Errorf("story %s, source %s: %w", sf.Meta.ID, a.ID, err)
			}
			s.Summary, s.HasSummary = h, true
		}
		if sf.Story != nil {
			s.HasText = true
			texts[a.ID] = normalizeForMatch(a.Text)
		}
		if bySource[a.ID] == nil {
			bySource[a.ID] = s
		}
		p.Sources = append(p.Sources, s)
	}

	// The brief, with its citations linked.
	switch {
	case sf.Brief != nil:
		targets := map[string]citationTarget{}
		for _, c := range sf.Brief.Citations {
			if _, seen := targets[c.Label]; seen {
				continue
			}
			t := citationTarget{source: c.Source}
			if s := bySource[c.Source]; c.Known && s != nil {
				t.anchor = s.Anchor
			}
			targets[c.Label] = t
		}
		h, unknown, err := briefHTML(md, sf.Brief.Markdown, targets)
		if err != nil {
			return fmt.Errorf("story %s, brief: %w", sf.Meta.ID, err)
		}
		p.Brief, p.UnknownCites, p.HasBrief = h, unknown, true
		p.BriefMissing = sf.Brief.Missing
	case sf.BriefMD != "":
		h, err := renderMarkdown(md, sf.BriefMD)
		if err != nil {
			return fmt.Errorf("story %s, brief: %w", sf.Meta.ID, err)
		}
		p.Brief, p.HasBrief = h, true
		p.BriefNote = "Shown from brief.md: brief.json is missing, so citations are not linked or checked."
	}

	// Disputes: one row per point, one column per source.
	if sf.Disputes == nil {
		p.DisputesAbsent = true
	} else {
		p.Disputes = disputes(sf.Disputes, p.Sources, bySource, ids)
	}

	// Highlight every located quote in its article.
	marks := map[string][]quoteMark{}
	if p.Disputes != nil {
		for _, r := range p.Disputes.Rows {
			for ci, cells := range r.Cells {
				col := p.Disputes.Columns[ci]
				for _, c := range cells {
					text, ok := texts[col.ID]
					if c.UnknownSource || !ok {
						continue
					}
					sp, found := findQuote(text, c.Quote)
					if !found {
						if s := bySource[col.ID]; s != nil {
							s.NotLocated = append(s.NotLocated, c)
						}
						continue
					}
					c.MarkID = "quote-" + strings.TrimPrefix(c.ID, "position-")
					marks[col.ID] = append(marks[col.ID], quoteMark{span: sp, id: c.MarkID, back: c.ID})
				}
			}
		}
	}
	if sf.Story != nil {
		for _, a := range sf.Story.Articles {
			if s := bySource[a.ID]; s != nil && s.Text == "" {
				s.Text = highlight(a.Text, marks[a.ID])
			}
		}
	}

	stages, err := stageSections(md, sf.Stages, func(id string) string {
		if s := bySource[id]; s != nil {
			return s.Name
		}
		return id
	})
	if err != nil {
		return fmt.Errorf("story %s: %w", sf.Meta.ID, err)
	}
	p.Stages = stages

	// Run facts for this story.
	calls := run.calls[sf.Meta.ID]
	p.Facts = facts{
		Provider: m.Provider, Model: m.Model, BaseURL: m.BaseURL, Status: sf.Meta.Status,
		ConfigDigest: m.ConfigDigest, Prompts: run.prompts,
		Usage: sumCalls(calls), Calls: calls, Errors: run.errors[sf.Meta.ID],
		FailedArticles: sf.Meta.Failed, ReusedFrom: sf.Meta.ReusedFrom,
	}
	p.Facts.Started, p.Facts.Finished = formatTime(m.Started), formatTime(m.Finished)
	if err := storyTemplate.Execute(w, p); err != nil {
		return fmt.Errorf("render report for story %s: %w", sf.Meta.ID, err)
	}
	return nil
}

func disputes(d *story.Disputes, sources []*sourceSection, bySource map[string]*sourceSection, ids anchors) *disputesTable {
	t := &disputesTable{Note: d.Note}
	colOf := map[string]int{}
	for _, s := range sources {
		if _, ok := colOf[s.ID]; ok {
			continue
		}
		colOf[s.ID] = len(t.Columns)
		t.Columns = append(t.Columns, column{Name: s.Name, Anchor: s.Anchor, ID: s.ID})
	}
	// Sources named by a position but absent from the story get a column
	// of their own, flagged.
	var haveList bool
	addUnknown := func(id string) {
		if _, ok := colOf[id]; ok {
			return
		}
		colOf[id] = len(t.Columns)
		t.Columns = append(t.Columns, column{Name: id, ID: id, Unknown: haveList})
	}
	if len(sources) == 0 {
		// Without story.json the disputes' own source list is the best
		// guess at the story's sources.
		for _, s := range d.Sources {
			if _, ok := colOf[s.ID]; !ok {
				colOf[s.ID] = len(t.Columns)
				t.Columns = append(t.Columns, column{Name: s.Name, ID: s.ID})
			}
		}
	}
	// Without any list of sources, nothing can be called unknown.
	haveList = len(t.Columns) > 0
	for _, pt := range d.DisputedPoints {
		for _, pos := range pt.Positions {
			addUnknown(pos.Source)
		}
	}
	for i, pt := range d.DisputedPoints {
		r := row{
			ID:    ids.next("point", fmt.Sprint(i+1)),
			Topic: pt.Topic, Kind: pt.Kind, Summary: pt.Summary,
			Cells: make([][]*cell, len(t.Columns)),
		}
		for j, pos := range pt.Positions {
			ci := colOf[pos.Source]
			c := &cell{
				ID:    ids.next("position", fmt.Sprintf("%d-%d", i+1, j+1)),
				Claim: pos.Claim, Quote: pos.Quote, Verified: pos.QuoteVerified,
				UnknownSource: pos.UnknownSource || t.Columns[ci].Unknown,
				Closest:       pos.ClosestSentence,
			}
			r.Cells[ci] = append(r.Cells[ci], c)
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// quoteMark is a passage of an article to highlight.
type quoteMark struct {
	span
	id   string // the mark's element id
	back string // the id of the dispute cell that quotes it
}

// highlight returns text as HTML with every mark's passage inside <mark>.
// Overlapping passages are split where they meet, so the HTML nests
// properly; each passage's id sits on the first piece of it, and a link
// back to the dispute that quotes it follows its last piece.
func highlight(text string, marks []quoteMark) template.HTML {
	cuts := []int{0, len(text)}
	for _, m := range marks {
		cuts = append(cuts, m.start, m.end)
	}
	sort.Ints(cuts)
	cuts = slices.Compact(cuts)
	var b strings.Builder
	for i := 0; i+1 < len(cuts); i++ {
		a, z := cuts[i], cuts[i+1]
		var covering []quoteMark
		for _, m := range marks {
			if m.start <= a && z <= m.end {
				covering = append(covering, m)
			}
		}
		if len(covering) == 0 {
			b.WriteString(template.HTMLEscapeString(text[a:z]))
			continue
		}
		b.WriteString("<mark")
		var starting []quoteMark
		for _, m := range covering {
			if m.start == a {
				starting = append(starting, m)
			}
		}
		if len(starting) > 0 {
			fmt.Fprintf(&b, ` id="%s"`, starting[0].id)
		}
		b.WriteString(">")
		for _, m := range starting[min(1, len(starting)):] {
			fmt.Fprintf(&b, `<span id="%s"></span>`, m.id)
		}
		b.WriteString(template.HTMLEscapeString(text[a:z]))
		b.WriteString("</mark>")
		for _, m := range covering {
			if m.end == z {
				fmt.Fprintf(&b, `<a class="back" href="#%s" title="back to the disputed point">&#8617;</a>`, m.back)
			}
		}
	}
	return template.HTML(b.String())
}

func isWebURL(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

func sortedPairs(m map[string]string) []keyValue {
	out := make([]keyValue, 0, len(m))
	for k, v := range m {
		out = append(out, keyValue{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// indexHref returns the link from a story folder back to the run's
// index.html.
func indexHref(dir string) (string, bool) {
	if dir == "" {
		return "", false
	}
	n := len(strings.Split(strings.Trim(filepath.ToSlash(dir), "/"), "/"))
	return strings.Repeat("../", n) + "index.html", true
}
