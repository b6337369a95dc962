package report

import (
	"fmt"
	"html/template"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/summarize/summarize/internal/grounding"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// storyPage is the data of a story's report.html.
type storyPage struct {
	CSP, Title, RunID, Status string
	CSS                       template.CSS
	Headline, Lede            string
	Missing                   []string
	Problems                  []story.Problem
	Warnings                  []string
	Flags                     *flagBox

	// Outlets are the sources in order of publication; Coverage splits
	// them by the registry's lean, when it gives any.
	Outlets  []*sourceSection
	Coverage []leanShare

	Brief        template.HTML
	BriefNote    string
	BriefMissing []string // sources absent from the brief
	UnknownCites []string
	HasBrief     bool

	Points, Omissions []*pointCard
	DisputesNote      string
	DisputesAbsent    bool

	Sources   []*sourceSection
	Stages    []stageSection // stages defined by prompt files
	Facts     facts
	IndexHref string
}

// flagBox is what the checks found, shown first: the gated checks that
// flag the story, with their items, and the other problems found.
type flagBox struct {
	Flagged []string
	Items   []story.CheckItem // of the flagged checks
	Others  []story.CheckItem
}

// leanShare is one segment of the coverage bar.
type leanShare struct {
	Lean    string
	Class   string // "lean-" and the lean's slug
	Outlets []string
	Percent int
}

type sourceSection struct {
	Anchor, ID, Name, Title, URL, Published string
	Time, Lean, Country, Kind               string
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
func renderStory(run *runFacts, sf *StoryFiles, md *converters, w io.Writer) error {
	m := run.manifest
	g := storyGlance(sf)
	p := &storyPage{
		CSP:      ContentSecurityPolicy,
		CSS:      Stylesheet(),
		Title:    g.Headline,
		Headline: g.Headline,
		Lede:     g.Lede,
		RunID:    m.RunID,
		Status:   sf.Meta.Status,
		Missing:  append(slices.Clone(run.missing), sf.Missing...),
		Flags:    flags(sf),
	}
	if rel, ok := indexHref(sf.Meta.Dir); ok {
		p.IndexHref = rel
	}
	ids := anchors{}

	// Sources: the story's articles, in order.
	bySource := map[string]*sourceSection{}
	texts := map[string]normalized{}
	sup := newSupports()
	var articles []*story.Article
	if sf.Story != nil {
		articles = sf.Story.Articles
		p.Problems = sf.Story.Problems
		p.Warnings = sf.Story.Warnings
	} else {
		for _, id := range sf.Meta.Articles {
			articles = append(articles, &story.Article{ID: id, Source: id})
		}
	}
	for _, a := range articles {
		s := &sourceSection{
			Anchor: ids.next("source", a.ID), ID: a.ID, Name: a.Source, Title: a.Title,
			URL: a.URL, Published: a.Published, SafeURL: isWebURL(a.URL),
			Lean: a.Lean, Country: a.Country, Kind: a.OutletKind,
			Failed: slices.Contains(sf.Meta.Failed, a.ID),
		}
		if s.Name == "" {
			s.Name = a.ID
		}
		if summary, ok := sf.Summaries[a.ID]; ok {
			// A summary opens with its outlet's name as a heading, which
			// the article's own heading already shows.
			if heading, rest := cutHeading(summary); sameName(heading, s.Name) {
				summary = rest
			}
			h, err := renderMarkdown(md.summary, summary)
			if err != nil {
				return fmt.Errorf("story %s, source %s: %w", sf.Meta.ID, a.ID, err)
			}
			s.Summary, s.HasSummary = h, true
		}
		if sf.Story != nil {
			s.HasText = true
			texts[a.ID] = normalizeForMatch(a.Text)
			sup.texts[a.ID], sup.anchors[a.ID], sup.names[a.ID] = a.Text, s.Anchor, s.Name
		}
		if bySource[a.ID] == nil {
			bySource[a.ID] = s
		}
		p.Sources = append(p.Sources, s)
	}
	for i, a := range g.Outlets {
		if s := bySource[a.ID]; s != nil {
			s.Time = g.Times[i]
			p.Outlets = append(p.Outlets, s)
		}
	}
	p.Coverage = coverage(p.Outlets)

	// The brief, with each citation linked to the sentence that backs it
	// and each sentence the checks flagged marked (linked to its point
	// once the point cards exist).
	var flags *sentenceFlags
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
		if sf.Checks != nil {
			flags = newSentenceFlags(g.BriefMarkdown, grounding.FlaggedSentences(g.BriefMarkdown, sf.Checks), sf.Checks.Flagged)
		}
		h, unknown, err := briefHTML(md.brief, g.BriefMarkdown, targets, sup.anchor, flags)
		if err != nil {
			return fmt.Errorf("story %s, brief: %w", sf.Meta.ID, err)
		}
		p.Brief, p.UnknownCites, p.HasBrief = h, unknown, true
		p.BriefMissing = sf.Brief.Missing
	case sf.BriefMD != "":
		h, err := renderMarkdown(md.brief, g.BriefMarkdown)
		if err != nil {
			return fmt.Errorf("story %s, brief: %w", sf.Meta.ID, err)
		}
		p.Brief, p.HasBrief = h, true
		p.BriefNote = "Shown from brief.md: brief.json is missing, so citations are not linked or checked."
	}

	// Disputed points and omissions: one card each, one row per outlet.
	if sf.Disputes == nil {
		p.DisputesAbsent = true
	} else {
		d := sf.Disputes
		p.DisputesNote = d.Note
		sources := p.Sources
		if len(sources) == 0 {
			// Without story.json the disputes' own source list is the
			// best guess at the story's sources.
			for _, ref := range d.Sources {
				s := &sourceSection{ID: ref.ID, Name: firstNonEmpty(ref.Name, ref.ID), Title: ref.Title}
				sources = append(sources, s)
			}
		}
		haveList := len(sources) > 0
		p.Points = cards(d.DisputedPoints, "point", sources, haveList, ids)
		p.Omissions = cards(d.Omissions, "omission", sources, haveList, ids)
		p.Brief = flags.linkPoints(p.Brief, func(topic string) string {
			for _, c := range slices.Concat(p.Points, p.Omissions) {
				if c.Topic == topic {
					return c.ID
				}
			}
			return ""
		})
	}

	// Highlight every located quote in its article, and every sentence a
	// citation jumps to.
	marks := sup.marks
	for _, c := range slices.Concat(p.Points, p.Omissions) {
		for _, r := range c.Rows {
			for _, pos := range r.Positions {
				text, ok := texts[pos.source]
				if pos.UnknownSource || !ok {
					continue
				}
				sp, found := findQuote(text, pos.Quote)
				if !found {
					if s := bySource[pos.source]; s != nil {
						s.NotLocated = append(s.NotLocated, pos)
					}
					continue
				}
				pos.MarkID = "quote-" + strings.TrimPrefix(pos.ID, "position-")
				label := fmt.Sprintf("point %d", pos.point)
				if rest, ok := strings.CutPrefix(pos.ID, "omission-position-"); ok {
					pos.MarkID = "quote-omission-" + rest
					label = fmt.Sprintf("reported by some %d", pos.point)
				}
				marks[pos.source] = append(marks[pos.source], quoteMark{span: sp, id: pos.MarkID, back: pos.ID, class: "quote", label: label})
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

	stages, err := stageSections(md.summary, sf.Stages, func(id string) string {
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

// flags gathers what the checks found: checks.json when the run wrote
// one, else the manifest's flagged list alone.
func flags(sf *StoryFiles) *flagBox {
	f := &flagBox{Flagged: sf.Meta.Flagged}
	if c := sf.Checks; c != nil {
		f.Flagged = c.Flagged
		for _, it := range c.Items {
			if slices.Contains(c.Flagged, it.Check) {
				f.Items = append(f.Items, it)
			} else {
				f.Others = append(f.Others, it)
			}
		}
	}
	if len(f.Flagged) == 0 && len(f.Others) == 0 {
		return nil
	}
	return f
}

// unlabelled is the coverage bar's segment for outlets the registry
// gives no lean.
const unlabelled = "no lean given"

// coverage splits the outlets by lean, in the usual left-to-right order
// for the common labels and alphabetically for others. It is empty when
// no outlet has a lean: a bar of one grey segment says nothing.
func coverage(outlets []*sourceSection) []leanShare {
	order := []string{"left", "center-left", "centre-left", "center", "centre", "center-right", "centre-right", "right"}
	groups := map[string][]string{}
	any := false
	for _, s := range outlets {
		lean := strings.ToLower(strings.TrimSpace(s.Lean))
		if lean == "" {
			lean = unlabelled
		} else {
			any = true
		}
		groups[lean] = append(groups[lean], s.Name)
	}
	if !any {
		return nil
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	rank := func(k string) int {
		if i := slices.Index(order, k); i >= 0 {
			return i
		}
		if k == unlabelled {
			return len(order) + 1
		}
		return len(order)
	}
	sort.Slice(keys, func(i, j int) bool {
		if rank(keys[i]) != rank(keys[j]) {
			return rank(keys[i]) < rank(keys[j])
		}
		return keys[i] < keys[j]
	})
	var out []leanShare
	for _, k := range keys {
		out = append(out, leanShare{Lean: k, Class: "lean-" + story.Slug(k), Outlets: groups[k], Percent: 100 * len(groups[k]) / len(outlets)})
	}
	return out
}

// quoteMark is a passage of an article to highlight.
type quoteMark struct {
	span
	id    string // the mark's element id
	back  string // the id of what points at it: a position, or the brief
	class string // "quote" or "support"
	label string // what the back link says: "point 2", "brief"
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
		fmt.Fprintf(&b, `<mark class="%s"`, covering[0].class)
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
				fmt.Fprintf(&b, `<a class="back" href="#%s" title="back to %s">&#8617;&#160;%s</a>`, m.back, m.label, m.label)
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
