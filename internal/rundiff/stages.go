package rundiff

import (
	"strings"

	"github.com/summarize/summarize/internal/report"
)

// StageDiff compares one output of a stage defined by a prompt file
// (manifest prompt_stages) between the runs: a word diff of its file, text
// or JSON alike, so a changed headline or a changed actor reads the same
// way a changed brief does.
type StageDiff struct {
	Stage, Article string
	// Kind is Added or Removed for an output in one run only, Changed
	// otherwise.
	Kind    ChangeKind
	Edits   []Edit
	Changed bool
}

// Label names the output: the stage, and the article for an article-scope
// stage.
func (s StageDiff) Label() string {
	if s.Article == "" {
		return s.Stage
	}
	return s.Stage + " (" + s.Article + ")"
}

// compareStages diffs the outputs of the stages defined by prompt files.
func compareStages(sa, sb *report.StoryFiles) []StageDiff {
	key := func(o report.StageOutput) string { return o.Stage + "\x00" + o.Article }
	inB := map[string]report.StageOutput{}
	for _, o := range sb.Stages {
		inB[key(o)] = o
	}
	var out []StageDiff
	seen := map[string]bool{}
	for _, a := range sa.Stages {
		seen[key(a)] = true
		d := StageDiff{Stage: a.Stage, Article: a.Article, Kind: Removed}
		if b, ok := inB[key(a)]; ok {
			d.Kind, d.Edits = Changed, WordDiff(a.Text, b.Text)
			for _, e := range d.Edits {
				d.Changed = d.Changed || e.Op != Equal
			}
		}
		out = append(out, d)
	}
	for _, b := range sb.Stages {
		if !seen[key(b)] {
			out = append(out, StageDiff{Stage: b.Stage, Article: b.Article, Kind: Added})
		}
	}
	return out
}

// stageText renders a stage diff for a terminal, as the brief's is.
func stageText(d StageDiff) string {
	switch {
	case d.Kind == Added:
		return d.Label() + ": only in run B"
	case d.Kind == Removed:
		return d.Label() + ": only in run A"
	case !d.Changed:
		return d.Label() + ": unchanged"
	}
	var b strings.Builder
	for _, e := range d.Edits {
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
	return d.Label() + ":\n" + strings.TrimRight(b.String(), "\n")
}
