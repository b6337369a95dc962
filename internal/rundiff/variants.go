package rundiff

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/summarize/summarize/internal/eval"
	"github.com/summarize/summarize/internal/report"
	"github.com/summarize/summarize/internal/story"
)

// Sheet puts two runs of the same stories side by side, for `summarize
// compare`: two prompt variants over one set of stories. Unlike a Diff,
// which says what changed from A to B, a Sheet shows each side whole:
// brief A beside brief B, the disputed points of each with their quote
// checks, the story checks and the tokens and cost of each variant.
type Sheet struct {
	A, B RunInfo
	// LabelA and LabelB name the variants (their prompt folders).
	LabelA, LabelB string
	// Prompts and PromptText say how the variants' prompts differ.
	Prompts    []Change
	PromptText []PromptDiff
	Stories    []SheetStory
	// EvalA and EvalB sum each variant's eval scores over the stories
	// that have a truth file (internal/eval); nil when none has.
	EvalA, EvalB *eval.Score
	// PageDir is the folder the HTML page is written to, from which
	// links to each story's report are made relative; "" links by the
	// run folders' paths as given.
	PageDir string
}

// SheetStory is one story in both variants, matched by ID.
type SheetStory struct {
	ID, Name string
	A, B     Side
}

// Side is one variant's outputs for a story; Present is false when the
// variant's run has no such story.
type Side struct {
	Present bool
	Status  string
	// Brief is the brief's Markdown, "" when there is none.
	Brief     string
	Points    []story.Point
	Omissions []story.Point
	// Disputes reports whether disputes.json was read.
	Disputes bool
	// Stages are the outputs of the stages defined by prompt files
	// (manifest prompt_stages), so that a variant that adds or edits
	// such a stage shows what it produced.
	Stages []report.StageOutput
	// Problems are the story's non-zero problem checks by name (sizes
	// such as "sentences" left out); Flagged the gated ones among them.
	Problems map[string]int
	Flagged  []string
	Usage    report.Usage
	// Eval is the story's score against its truth file (internal/eval),
	// nil when its input folder has none.
	Eval *eval.Score
	// Report is the path of the story's report page.
	Report string
	Notes  []string
}

// sizeChecks are the checks that count what there is rather than what is
// wrong (story.Checks.Counts), shown apart from the problems.
var sizeChecks = map[string]bool{"sentences": true, "positions": true}

// Variants reads two run folders of the same stories and puts them side
// by side; labelA and labelB name the variants.
func Variants(runA, runB, labelA, labelB string) (*Sheet, error) {
	d, err := Compare(runA, runB)
	if err != nil {
		return nil, err
	}
	a, err := report.Load(runA)
	if err != nil {
		return nil, fmt.Errorf("compare variants: %w", err)
	}
	b, err := report.Load(runB)
	if err != nil {
		return nil, fmt.Errorf("compare variants: %w", err)
	}
	sh := &Sheet{A: d.A, B: d.B, LabelA: labelA, LabelB: labelB, Prompts: d.Prompts, PromptText: d.PromptText}
	byID := func(r *report.Run) map[string]*report.StoryFiles {
		m := map[string]*report.StoryFiles{}
		for _, s := range r.Stories {
			m[s.Meta.ID] = s
		}
		return m
	}
	sa, sb := byID(a), byID(b)
	scoresA, totalA := scores(runA)
	scoresB, totalB := scores(runB)
	sh.EvalA, sh.EvalB = totalA, totalB
	ids := slices.Sorted(maps.Keys(sa))
	for id := range sb {
		if sa[id] == nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		ss := SheetStory{ID: id, A: side(a, sa[id]), B: side(b, sb[id])}
		ss.A.Eval, ss.B.Eval = scoresA[id], scoresB[id]
		for _, s := range []*report.StoryFiles{sb[id], sa[id]} {
			if s != nil && s.Meta.Name != "" {
				ss.Name = s.Meta.Name
			}
		}
		sh.Stories = append(sh.Stories, ss)
	}
	return sh, nil
}

// scores evaluates a run against the truth files of its stories' input
// folders, by story ID, with the run's total; both empty when no story
// has a truth file or the run cannot be evaluated (the sheet then shows
// no figures rather than failing).
func scores(runDir string) (map[string]*eval.Score, *eval.Score) {
	rep, err := eval.Evaluate(runDir)
	if err != nil || len(rep.Stories) == 0 {
		return nil, nil
	}
	out := make(map[string]*eval.Score, len(rep.Stories))
	for i := range rep.Stories {
		out[rep.Stories[i].Story] = &rep.Stories[i]
	}
	return out, &rep.Total
}

// evalLine sums a score for people: disputes found of the truth's and
// correct of those reported, omissions likewise, and the brief's
// contradicted citations and one-sided points.
func evalLine(s *eval.Score) string {
	if s == nil {
		return ""
	}
	d, o := s.Disputes, s.Omissions
	return fmt.Sprintf("disputes found %d/%d (recall %.2f), correct %d/%d (precision %.2f); omissions found %d/%d; contradicted citations %d; one-sided points %d/%d",
		d.Found, d.Truth, d.Recall(), d.Correct, d.Reported, d.Precision(), o.Found, o.Truth, s.Contradicted, s.OneSided, s.Touched)
}

func side(r *report.Run, sf *report.StoryFiles) Side {
	if sf == nil {
		return Side{Notes: []string{"not in this variant's run"}}
	}
	s := Side{Present: true, Status: sf.Meta.Status, Flagged: sf.Meta.Flagged, Usage: report.StoryUsage(r.Manifest, sf.Meta.ID), Notes: sf.Missing}
	if brief, ok := briefText(sf); ok {
		s.Brief = brief
	}
	if sf.Disputes != nil {
		s.Disputes, s.Points, s.Omissions = true, sf.Disputes.DisputedPoints, sf.Disputes.Omissions
	}
	s.Stages = sf.Stages
	for name, n := range sf.Meta.Checks {
		if n != 0 && !sizeChecks[name] {
			if s.Problems == nil {
				s.Problems = map[string]int{}
			}
			s.Problems[name] = n
		}
	}
	if sf.Dir != "" {
		s.Report = filepath.Join(r.Dir, sf.Dir, "report.html")
	}
	return s
}

// Link makes a story report's path relative to the page's folder.
func (sh *Sheet) Link(path string) string {
	if path == "" || sh.PageDir == "" {
		return filepath.ToSlash(path)
	}
	absPage, err1 := filepath.Abs(sh.PageDir)
	absPath, err2 := filepath.Abs(path)
	if err1 != nil || err2 != nil {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(absPage, absPath)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

// WriteText writes the sheet for a terminal: per story, each variant's
// status, points, unverified quotes, problems, tokens and cost, both
// briefs in full and the outputs of stages defined by prompt files. Text from the runs is escaped as in Diff.WriteText.
func (sh *Sheet) WriteText(w io.Writer) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("Variant A: %s -> run %s (%s)\n", clean(sh.LabelA), clean(sh.A.ID), clean(sh.A.Dir))
	p("Variant B: %s -> run %s (%s)\n", clean(sh.LabelB), clean(sh.B.ID), clean(sh.B.Dir))
	p("\nPrompts that differ:")
	if len(sh.Prompts) == 0 {
		p(" none\n")
	} else {
		for _, c := range sh.Prompts {
			p(" %s", clean(c.Key))
		}
		p(" (summarize diff %s %s shows the text)\n", clean(sh.A.Dir), clean(sh.B.Dir))
	}
	ta, tb := sh.A.Totals, sh.B.Totals
	p("\n%-22s %16s %16s\n", "", "A", "B")
	row := func(name string, a, b any) { p("%-22s %16v %16v\n", name, a, b) }
	row("requests sent", ta.Calls, tb.Calls)
	row("cache hits", ta.CacheHits, tb.CacheHits)
	row("prompt tokens", ta.PromptTokens, tb.PromptTokens)
	row("completion tokens", ta.CompletionTokens, tb.CompletionTokens)
	row("estimated cost", usd(ta.CostUSD), usd(tb.CostUSD))
	row("stories flagged", ta.StoriesFlagged, tb.StoriesFlagged)
	row("failures", ta.Failed, tb.Failed)
	if sh.EvalA != nil || sh.EvalB != nil {
		p("\nAgainst the truth files:\n  A: %s\n  B: %s\n", orNone(evalLine(sh.EvalA)), orNone(evalLine(sh.EvalB)))
	}
	for _, s := range sh.Stories {
		p("\n== %s", clean(s.ID))
		if s.Name != "" && s.Name != s.ID {
			p(" %q", clean(s.Name))
		}
		p("\n")
		for _, v := range []struct {
			name string
			s    Side
		}{{"A", s.A}, {"B", s.B}} {
			if !v.s.Present {
				p("  %s: not in this variant's run\n", v.name)
				continue
			}
			p("  %s: %s; %s; %d disputed points, %d omissions, %d unverified quotes; %s\n", v.name, clean(orUnknown(v.s.Status)),
				problemsLine(v.s.Problems), len(v.s.Points), len(v.s.Omissions), v.s.UnverifiedQuotes(),
				fmt.Sprintf("%d+%d tokens, %s", v.s.Usage.PromptTokens, v.s.Usage.CompletionTokens, usd(v.s.Usage.CostUSD)))
			if v.s.Eval != nil {
				p("     eval: %s\n", evalLine(v.s.Eval))
			}
		}
		for _, v := range []struct {
			name string
			s    Side
		}{{"A", s.A}, {"B", s.B}} {
			if !v.s.Present {
				continue
			}
			p("  brief %s:\n", v.name)
			if v.s.Brief == "" {
				p("    (none)\n")
			}
			for _, line := range strings.Split(strings.TrimSpace(clean(v.s.Brief)), "\n") {
				if line != "" {
					p("    %s\n", line)
				}
			}
			for _, pt := range v.s.Points {
				p("    point %s %s\n", v.name, pointLine(pt))
			}
			for _, o := range v.s.Stages {
				p("  %s %s:\n", clean(StageDiff{Stage: o.Stage, Article: o.Article}.Label()), v.name)
				for _, line := range strings.Split(strings.TrimSpace(clean(o.Text)), "\n") {
					if line != "" {
						p("    %s\n", line)
					}
				}
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// UnverifiedQuotes counts the positions of the side's points and
// omissions whose quote did not verify.
func (s Side) UnverifiedQuotes() int {
	n := 0
	for _, p := range append(slices.Clone(s.Points), s.Omissions...) {
		for _, pos := range p.Positions {
			if !pos.QuoteVerified {
				n++
			}
		}
	}
	return n
}

func orNone(s string) string {
	if s == "" {
		return "no story with a truth file"
	}
	return s
}

func problemsLine(problems map[string]int) string {
	if len(problems) == 0 {
		return "no check problems"
	}
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(problems)) {
		parts = append(parts, fmt.Sprintf("%s %d", name, problems[name]))
	}
	return "checks: " + strings.Join(parts, ", ")
}

// WriteHTML writes the sheet as one self-contained page in the style of
// the story reports (same stylesheet and Content-Security-Policy, nothing
// loaded from anywhere, everything from the runs escaped): the variants'
// totals, how their prompts differ, then story by story the two briefs in
// two columns (one above the other on a narrow screen), the disputed
// points of each with their quote checks, and the problems found.
func (sh *Sheet) WriteHTML(w io.Writer) error {
	var buf bytes.Buffer
	err := variantsTemplate.Execute(&buf, struct {
		*Sheet
		CSP string
		CSS template.CSS
	}{sh, report.ContentSecurityPolicy, report.Stylesheet()})
	if err != nil {
		return fmt.Errorf("render comparison: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

var (
	//go:embed variants.tmpl
	variantsHTML     string
	variantsTemplate = template.Must(template.New("variants").Funcs(template.FuncMap{
		"usd":   usd,
		"short": shortDigest,
		"lines": promptHTML,
		"eval":  evalLine,
		"sorted": func(m map[string]int) []string {
			return slices.Sorted(maps.Keys(m))
		},
		"sideOf": func(name, label string, s Side, sh *Sheet) sideView {
			return sideView{Name: name, Label: label, Side: s, Sheet: sh}
		},
	}).Parse(variantsHTML))
)

// sideView is what the template's "side" block shows: one variant's side
// of a story, with the sheet for links.
type sideView struct {
	Name, Label string
	Side        Side
	Sheet       *Sheet
}
