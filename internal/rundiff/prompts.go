package rundiff

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/summarize/summarize/internal/manifest"
)

// PromptDiff is the line diff of one stage's prompt file between the runs,
// read from the copies each run folder keeps (manifest.PromptsDir).
type PromptDiff struct {
	Stage string
	// Lines holds runs of whole lines (newline included) with the same
	// Op; nil when a copy is missing, and Note says which.
	Lines []Edit
	Note  string
}

// promptDiffs diffs the kept prompt files of the stages in changes.
func promptDiffs(dirA, dirB string, changes []Change) []PromptDiff {
	var out []PromptDiff
	for _, c := range changes {
		pd := PromptDiff{Stage: c.Key}
		a, errA := readPrompt(dirA, c.Key, c.Kind == Added)
		b, errB := readPrompt(dirB, c.Key, c.Kind == Removed)
		switch {
		case errA != nil || errB != nil:
			pd.Note = errors.Join(errA, errB).Error()
		default:
			pd.Lines = LineDiff(a, b)
		}
		out = append(out, pd)
	}
	return out
}

// readPrompt reads a run's copy of a stage's prompt; absent says the run
// did not use the stage, which reads as an empty file.
func readPrompt(runDir, stage string, absent bool) (string, error) {
	if absent {
		return "", nil
	}
	data, err := os.ReadFile(filepath.Join(runDir, manifest.PromptsDir, stage+".md"))
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("run %s keeps no copy of its %s prompt (made before runs kept them, or by the offline engine): only digests are compared", runDir, stage)
	}
	if err != nil {
		return "", fmt.Errorf("read prompt copy: %w", err)
	}
	return string(data), nil
}

// LineDiff returns a line-level diff from old to new, a shortest edit
// script over whole lines, in runs of lines with the same Op.
func LineDiff(old, new string) []Edit {
	a, b := splitLines(old), splitLines(new)
	ops, ok := myers(a, b)
	if !ok {
		ops = nil
		for range a {
			ops = append(ops, Delete)
		}
		for range b {
			ops = append(ops, Insert)
		}
	}
	var edits []Edit
	i, j := 0, 0
	for _, op := range ops {
		var line string
		switch op {
		case Equal:
			line = b[j]
			i++
			j++
		case Delete:
			line = a[i]
			i++
		case Insert:
			line = b[j]
			j++
		}
		if n := len(edits); n > 0 && edits[n-1].Op == op {
			edits[n-1].Text += line
			continue
		}
		edits = append(edits, Edit{op, line})
	}
	return edits
}

// splitLines splits s after each newline; a last line without one gets
// one, so that it compares equal to the same line followed by more.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	} else {
		lines[len(lines)-1] += "\n"
	}
	return lines
}

// contextLines is how many unchanged lines are shown on each side of a
// change, as in `diff -U2`: enough to place it, few enough that a one-line
// edit in a long prompt stays short.
const contextLines = 2

// hunkLine is one line of a prompt diff as shown: its sign (' ', '-',
// '+'), its text without the newline, or Skip for unchanged lines left out.
type hunkLine struct {
	Sign string
	Text string
	Skip int
}

// hunks turns line edits into the lines shown: every changed line, with
// contextLines unchanged lines around each change and a count of the
// unchanged lines left out between.
func hunks(edits []Edit) []hunkLine {
	var out []hunkLine
	for k, e := range edits {
		lines := strings.SplitAfter(strings.TrimSuffix(e.Text, "\n"), "\n")
		for i := range lines {
			lines[i] = strings.TrimSuffix(lines[i], "\n")
		}
		if e.Op != Equal {
			sign := "-"
			if e.Op == Insert {
				sign = "+"
			}
			for _, l := range lines {
				out = append(out, hunkLine{Sign: sign, Text: l})
			}
			continue
		}
		head, tail := contextLines, contextLines
		if k == 0 {
			head = 0
		}
		if k == len(edits)-1 {
			tail = 0
		}
		// A single line left out would take as much room as showing it.
		if len(lines) <= head+tail+1 {
			for _, l := range lines {
				out = append(out, hunkLine{Sign: " ", Text: l})
			}
			continue
		}
		for _, l := range lines[:head] {
			out = append(out, hunkLine{Sign: " ", Text: l})
		}
		out = append(out, hunkLine{Skip: len(lines) - head - tail})
		for _, l := range lines[len(lines)-tail:] {
			out = append(out, hunkLine{Sign: " ", Text: l})
		}
	}
	return out
}

// promptHTML renders a prompt diff as lines inside a <pre>, every line
// escaped.
func promptHTML(edits []Edit) template.HTML {
	var b strings.Builder
	for _, h := range hunks(edits) {
		text := template.HTMLEscapeString(h.Text)
		switch {
		case h.Skip > 0:
			fmt.Fprintf(&b, "<span class=\"muted\">⋯ %d unchanged lines</span>\n", h.Skip)
		case h.Sign == "-":
			b.WriteString("<del>- " + text + "</del>\n")
		case h.Sign == "+":
			b.WriteString("<ins>+ " + text + "</ins>\n")
		default:
			b.WriteString("  " + text + "\n")
		}
	}
	return template.HTML(b.String())
}
