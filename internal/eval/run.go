package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// Report is the evaluation of one run folder.
type Report struct {
	Run     string  `json:"run"`
	Stories []Score `json:"stories"`
	Total   Score   `json:"total"`
	// Skipped names the stories without a truth file, or whose outputs
	// could not be read, and why.
	Skipped []string `json:"skipped,omitempty"`
}

// Evaluate scores every story of the run folder runDir whose input folder
// (the manifest's stories[].path; a file stands for its folder; a relative
// path is taken from the current folder, as the run took it) has a truth
// file. It only reads.
func Evaluate(runDir string) (*Report, error) {
	m, err := manifest.Read(filepath.Join(runDir, "manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("evaluate %s: %w", runDir, err)
	}
	r := &Report{Run: m.RunID}
	for _, ms := range m.Stories {
		dir := ms.Path
		if info, err := os.Stat(dir); err == nil && !info.IsDir() {
			dir = filepath.Dir(dir)
		}
		t, err := ReadTruth(dir)
		if err != nil {
			r.Skipped = append(r.Skipped, fmt.Sprintf("%s: %v", ms.ID, err))
			continue
		}
		if t == nil {
			r.Skipped = append(r.Skipped, fmt.Sprintf("%s: no %s in %s", ms.ID, TruthFile, dir))
			continue
		}
		out, err := readOutputs(runDir, ms)
		if err != nil {
			r.Skipped = append(r.Skipped, fmt.Sprintf("%s: %v", ms.ID, err))
			continue
		}
		s := ScoreStory(out, t)
		s.Story = ms.ID
		r.Stories = append(r.Stories, s)
		r.Total.Add(s)
	}
	return r, nil
}

// readOutputs reads a story's files; a missing brief or disputes file is
// scored as empty, since a run that failed to write one should score low.
func readOutputs(runDir string, ms manifest.Story) (Outputs, error) {
	out := Outputs{Checks: ms.Checks}
	if ms.Dir == "" || !filepath.IsLocal(ms.Dir) {
		return out, fmt.Errorf("the manifest names no usable folder (%q)", ms.Dir)
	}
	dir := filepath.Join(runDir, ms.Dir)
	out.Story = &story.Story{}
	if err := readJSON(filepath.Join(dir, "story.json"), out.Story); err != nil {
		return out, err
	}
	for name, v := range map[string]any{"brief.json": &out.Brief, "disputes.json": &out.Disputes} {
		if err := readJSON(filepath.Join(dir, name), v); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return out, err
		}
	}
	return out, nil
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("parse %s: %w", path, err)
	}
	return nil
}

// WriteText writes the report for people: a block per story, then the
// total; the last line is
// "total: recall=R precision=P contradicted=C one_sided=O/D".
func (r *Report) WriteText(w io.Writer, verbose bool) error {
	var b strings.Builder
	for _, s := range r.Stories {
		writeScore(&b, s.Story, s)
		if verbose {
			for _, n := range s.Notes {
				fmt.Fprintf(&b, "    %s\n", n)
			}
		}
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(&b, "skipped %s\n", s)
	}
	writeScore(&b, "total", r.Total)
	fmt.Fprintf(&b, "total: recall=%.2f precision=%.2f contradicted=%d one_sided=%d/%d\n",
		r.Total.Disputes.Recall(), r.Total.Disputes.Precision(), r.Total.Contradicted, r.Total.OneSided, r.Total.Touched)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeScore(b *strings.Builder, name string, s Score) {
	d := s.Disputes
	fmt.Fprintf(b, "%s\n  disputes   found %d/%d (recall %.2f), reported %d, correct %d (precision %.2f)\n",
		name, d.Found, d.Truth, d.Recall(), d.Reported, d.Correct, d.Precision())
	for _, k := range s.kinds() {
		c := s.ByKind[k]
		fmt.Fprintf(b, "    %-9s found %d/%d, reported %d, correct %d\n", k, c.Found, c.Truth, c.Reported, c.Correct)
	}
	o := s.Omissions
	fmt.Fprintf(b, "  omissions  found %d/%d, reported %d, correct %d\n", o.Found, o.Truth, o.Reported, o.Correct)
	fmt.Fprintf(b, "  brief      contradicted %d, one-sided %d of %d disputes it touches\n", s.Contradicted, s.OneSided, s.Touched)
	if s.AgreementsDisputed > 0 || s.OffTopic > 0 {
		fmt.Fprintf(b, "  also       agreements reported as disputes %d, off-topic articles set aside %d/%d\n", s.AgreementsDisputed, s.SetAside, s.OffTopic)
	}
	var checks []string
	for _, name := range story.CheckNames {
		if n := s.Checks[name]; n > 0 && name != story.CheckSentences && name != story.CheckPositions {
			checks = append(checks, fmt.Sprintf("%s=%d", name, n))
		}
	}
	if len(checks) > 0 {
		fmt.Fprintf(b, "  checks     %s\n", strings.Join(checks, " "))
	}
}
