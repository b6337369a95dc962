package rundiff

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/summarize/summarize/internal/report"
	"github.com/summarize/summarize/internal/story"
)

// WriteText writes the diff for a terminal. Brief changes use the
// [-deleted-]{+inserted+} notation of `git diff --word-diff`. Control
// characters and bidirectional overrides in text that came from a run
// (an article or a model) are shown escaped, so a hostile brief cannot
// drive the terminal.
func (d *Diff) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	for _, side := range []struct {
		name string
		r    RunInfo
	}{{"A", d.A}, {"B", d.B}} {
		p("Run %s: %s (%s) provider %s", side.name, clean(side.r.ID), clean(side.r.Dir), clean(orUnknown(side.r.Provider)))
		if side.r.Model != "" {
			p(", model %s", clean(side.r.Model))
		}
		p(", status %s\n", clean(orUnknown(side.r.Status)))
		for _, m := range side.r.Missing {
			p("  missing: %s\n", clean(m))
		}
	}

	p("\nPrompts (they apply to every story):\n")
	if len(d.Prompts) == 0 {
		p("  unchanged\n")
	}
	for _, c := range d.Prompts {
		p("  %s %s: %s\n", sign(c.Kind), clean(c.Key), oldNew(c, shortDigest))
	}
	for _, pd := range d.PromptText {
		if pd.Note != "" {
			p("  note: %s\n", clean(pd.Note))
			continue
		}
		p("\n  --- %s.md (A)\n  +++ %s.md (B)\n", clean(pd.Stage), clean(pd.Stage))
		for _, h := range hunks(pd.Lines) {
			if h.Skip > 0 {
				p("  ⋯ %d unchanged lines\n", h.Skip)
				continue
			}
			p("  %s %s\n", h.Sign, clean(h.Text))
		}
	}
	p("\nSettings:\n")
	if len(d.Settings) == 0 {
		p("  unchanged\n")
	}
	for _, c := range d.Settings {
		p("  %s %s: %s\n", sign(c.Kind), clean(c.Key), oldNew(c, clean))
	}

	ta, tb := d.A.Totals, d.B.Totals
	p("\n%-30s %14s %14s\n", "Run totals:", "A", "B")
	row := func(name string, a, b any) { p("  %-28s %14v %14v\n", name, a, b) }
	row("stories", ta.Stories, tb.Stories)
	row("stories failed", ta.StoriesFailed, tb.StoriesFailed)
	row("requests sent", ta.Calls, tb.Calls)
	row("cache hits", ta.CacheHits, tb.CacheHits)
	row("prompt tokens", ta.PromptTokens, tb.PromptTokens)
	row("completion tokens", ta.CompletionTokens, tb.CompletionTokens)
	row("estimated cost", usd(ta.CostUSD), usd(tb.CostUSD))
	row("failures", ta.Failed, tb.Failed)
	q := d.Quality
	row("prompt tokens uncached", q.UncachedA.PromptTokens, q.UncachedB.PromptTokens)
	row("completion tokens uncached", q.UncachedA.CompletionTokens, q.UncachedB.CompletionTokens)
	row("estimated cost uncached", usd(q.UncachedA.CostUSD), usd(q.UncachedB.CostUSD))
	row("stories flagged", ta.StoriesFlagged, tb.StoriesFlagged)
	p("\n%-30s %14s %14s\n", "Checks (all stories):", "A", "B")
	for _, c := range q.Checks {
		row(c.Name, c.A, c.B)
	}
	if q.EvalA != nil || q.EvalB != nil {
		p("\n%-30s %14s %14s\n", "Eval against _truth.json:", "A", "B")
		for _, r := range q.EvalRows() {
			row(r[0], r[1], r[2])
		}
	}

	for _, s := range d.Stories {
		p("\nStory %s", clean(s.ID))
		if s.Name != "" && s.Name != s.ID {
			p(" %q", clean(s.Name))
		}
		switch s.Kind {
		case Added:
			p(": added (only in run B, status %s)\n", clean(orUnknown(s.StatusB)))
			p("  %s\n", usageLine(report.Usage{}, s.UsageB))
			continue
		case Removed:
			p(": removed (only in run A, status %s)\n", clean(orUnknown(s.StatusA)))
			p("  %s\n", usageLine(s.UsageA, report.Usage{}))
			continue
		}
		p("\n")
		if s.StatusA != s.StatusB {
			p("  status: %s -> %s\n", clean(orUnknown(s.StatusA)), clean(orUnknown(s.StatusB)))
		}
		if len(s.Prompts) > 0 {
			p("  prompts changed: %s\n", clean(strings.Join(s.Prompts, ", ")))
		}
		p("  %s\n", usageLine(s.UsageA, s.UsageB))
		if len(s.Checks) > 0 {
			p("  checks: %s\n", checkChanges(s.Checks))
		}
		if s.PointsA >= 0 && s.PointsB >= 0 {
			p("  disputed points: %d -> %d", s.PointsA, s.PointsB)
			if len(s.Appeared)+len(s.Vanished) == 0 {
				p(", the same points")
			}
			p("\n")
		}
		for _, pt := range s.Appeared {
			p("    + %s\n", pointLine(pt))
		}
		for _, pt := range s.Vanished {
			p("    - %s\n", pointLine(pt))
		}
		switch {
		case s.Brief == nil:
		case !s.BriefChanged:
			p("  brief: unchanged\n")
		default:
			p("  brief:\n")
			var b strings.Builder
			for _, e := range s.Brief {
				lead, body := splitLead(e.Text)
				switch e.Op {
				case Equal:
					b.WriteString(e.Text)
				case Delete:
					b.WriteString(lead + "[-" + body + "-]")
				case Insert:
					b.WriteString(lead + "{+" + body + "+}")
				}
			}
			for _, line := range strings.Split(strings.TrimRight(clean(b.String()), "\n"), "\n") {
				p("    %s\n", line)
			}
		}
		for _, sd := range s.Stages {
			for i, line := range strings.Split(clean(stageText(sd)), "\n") {
				if i == 0 {
					p("  %s\n", line)
				} else {
					p("    %s\n", line)
				}
			}
		}
		for _, n := range s.Notes {
			p("  note: %s\n", clean(n))
		}
	}
	return bw.Flush()
}

func usageLine(a, b report.Usage) string {
	return fmt.Sprintf("tokens: prompt %d -> %d, completion %d -> %d; cost %s -> %s; calls %d -> %d (cache hits %d -> %d)",
		a.PromptTokens, b.PromptTokens, a.CompletionTokens, b.CompletionTokens,
		usd(a.CostUSD), usd(b.CostUSD), a.Calls, b.Calls, a.CacheHits, b.CacheHits)
}

func pointLine(pt story.Point) string {
	var sources []string
	for _, pos := range pt.Positions {
		sources = append(sources, pos.Source)
	}
	s := fmt.Sprintf("[%s] %s (%s)", pt.Kind, pt.Topic, strings.Join(sources, ", "))
	if pt.Summary != "" {
		s += ": " + pt.Summary
	}
	return clean(s)
}

// splitLead separates the white space before an edit's first word, which
// is shown outside the change markers.
func splitLead(s string) (lead, body string) {
	body = strings.TrimLeftFunc(s, unicode.IsSpace)
	return s[:len(s)-len(body)], body
}

func sign(k ChangeKind) string {
	switch k {
	case Added:
		return "+"
	case Removed:
		return "-"
	}
	return "~"
}

func oldNew(c Change, show func(string) string) string {
	switch c.Kind {
	case Added:
		return "(absent) -> " + show(c.New)
	case Removed:
		return show(c.Old) + " -> (absent)"
	}
	return show(c.Old) + " -> " + show(c.New)
}

func shortDigest(s string) string {
	s = clean(s)
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

func usd(v float64) string { return fmt.Sprintf("$%.4f", v) }

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// clean makes text from a run safe to print on a terminal: control
// characters other than newline and tab, and the Unicode bidirectional
// controls that can reorder what a reader sees, are written as escapes.
func clean(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeRune(r) {
			fmt.Fprintf(&b, "\\u%04x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	if r == '\n' || r == '\t' {
		return false
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}
