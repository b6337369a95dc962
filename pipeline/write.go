package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/google/renameio/v2"

	"github.com/summarize/summarize/internal/story"
)

// createRunDir creates the run folder exclusively. A named run that exists
// is refused; a default (timestamp) name gets a numeric suffix instead.
func createRunDir(out, runID string) (dir, id string, err error) {
	if err := os.MkdirAll(out, 0o700); err != nil {
		return "", "", fmt.Errorf("create output folder: %w", err)
	}
	if runID != "" {
		if !validRunID(runID) {
			return "", "", fmt.Errorf("run id %q: use letters, digits, '-', '_' and '.' only", runID)
		}
		dir = filepath.Join(out, runID)
		if err := os.Mkdir(dir, 0o700); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return "", "", fmt.Errorf("run folder %s already exists: another run is writing it or has written it; choose another --run-id", dir)
			}
			return "", "", fmt.Errorf("create run folder: %w", err)
		}
		return dir, runID, nil
	}
	base := time.Now().UTC().Format("20060102T150405Z")
	for i := 1; ; i++ {
		id = base
		if i > 1 {
			id = fmt.Sprintf("%s-%d", base, i)
		}
		dir = filepath.Join(out, id)
		err := os.Mkdir(dir, 0o700)
		if err == nil {
			return dir, id, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", "", fmt.Errorf("create run folder: %w", err)
		}
	}
}

func validRunID(id string) bool {
	if id == "" || id == "." || id == ".." || id == "latest" || len(id) > 128 {
		return false
	}
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
		if !ok {
			return false
		}
	}
	return true
}

// pointLatest makes out/latest name runID, replacing it atomically.
func pointLatest(out, runID string) error {
	latest := filepath.Join(out, "latest")
	tmp := fmt.Sprintf("%s.tmp%d", latest, os.Getpid())
	os.Remove(tmp)
	if err := os.Symlink(runID, tmp); err != nil {
		// Where symlinks are not available, a text file names the run.
		return writeFile(latest, []byte(runID+"\n"))
	}
	return os.Rename(tmp, latest)
}

// writeFile replaces path atomically: readers see the old file or the new
// one, never a part. It does not fsync: a run's outputs can be rebuilt from
// the cache, so they are made durable together by syncRunDir just before
// the manifest, the run's commit point, is written (and synced) last. An
// fsync per file cost more than the rest of a cached re-run.
func writeFile(path string, data []byte) error {
	dir, base := filepath.Split(path)
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writeDurable is writeFile followed by an fsync, for the manifest.
func writeDurable(path string, data []byte) error {
	if err := renameio.WriteFile(path, data, 0o600, renameio.WithTempDir(filepath.Dir(path))); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// oneLine keeps a model's or article's string from breaking Markdown
// structure when it is put on a single line.
func oneLine(s string) string {
	// Control characters (a NUL from a JSON field) go the way of white
	// space: no renderer shows them as intended.
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

func sourceMarkdown(a *story.Article, summary string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", oneLine(a.Source))
	var facts []string
	if a.Title != "" {
		facts = append(facts, "*"+oneLine(a.Title)+"*")
	}
	if a.Published != "" {
		facts = append(facts, oneLine(a.Published))
	}
	if a.URL != "" {
		facts = append(facts, "<"+oneLine(a.URL)+">")
	}
	if len(facts) > 0 {
		b.WriteString(strings.Join(facts, " · ") + "\n\n")
	}
	b.WriteString(strings.TrimSpace(summary) + "\n")
	return b.String()
}

func briefMarkdown(st *story.Story, br *story.Brief) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n", oneLine(st.Name), strings.TrimSpace(br.Markdown))
	if len(br.Missing) > 0 {
		fmt.Fprintf(&b, "\n> **Missing sources:** %s (their articles could not be summarized).\n", strings.Join(br.Missing, ", "))
	}
	var unknown []string
	for _, c := range br.Citations {
		if !c.Known {
			unknown = append(unknown, c.Label)
		}
	}
	if len(unknown) > 0 {
		fmt.Fprintf(&b, "\n> **Unverified citations:** %s: no source of this story has that name; do not trust the sentences that cite it.\n", strings.Join(unknown, ", "))
	}
	return b.String()
}

func disputesMarkdown(st *story.Story, d *story.Disputes) string {
	names := make(map[string]string)
	for _, a := range st.Articles {
		names[a.ID] = a.Source
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Disputed points: %s\n\n", oneLine(st.Name))
	if d.Note != "" {
		fmt.Fprintf(&b, "%s\n\n", d.Note)
	}
	if len(d.DisputedPoints) == 0 && d.Note == "" {
		b.WriteString("The sources do not disagree on any point found.\n")
	}
	for i, p := range d.DisputedPoints {
		fmt.Fprintf(&b, "## %d. %s (%s)\n\n%s\n\n", i+1, oneLine(p.Topic), p.Kind, oneLine(p.Summary))
		writePositions(&b, names, p.Positions)
	}
	if len(d.Omissions) > 0 {
		b.WriteString("## Reported by only some sources\n\nNot disagreements: claims the other sources do not mention.\n\n")
		for _, p := range d.Omissions {
			fmt.Fprintf(&b, "### %s\n\n%s\n\n", oneLine(p.Topic), oneLine(p.Summary))
			writePositions(&b, names, p.Positions)
		}
	}
	return b.String()
}

func writePositions(b *strings.Builder, names map[string]string, positions []story.Position) {
	for _, pos := range positions {
		name := names[pos.Source]
		if pos.UnknownSource {
			name = oneLine(pos.Source) + " (unknown source)"
		}
		fmt.Fprintf(b, "- **%s**: %s\n  > %s\n", name, oneLine(pos.Claim), oneLine(pos.Quote))
		if !pos.QuoteVerified {
			b.WriteString("  >\n  > ⚠ This quote was not found in the article.\n")
			if pos.ClosestSentence != "" {
				fmt.Fprintf(b, "\n  Closest sentence in the article: %s\n", oneLine(pos.ClosestSentence))
			}
		}
	}
	b.WriteString("\n")
}
