package report

import (
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/summarize/summarize/internal/manifest"
)

// RunsIndexName is the page over all runs, written in the output folder
// above them.
const RunsIndexName = "index.html"

// runRow is one run on the runs page.
type runRow struct {
	ID, Href, Status, Provider, Model, Started string
	Latest                                     bool
	Stories, Flagged, Failed, Articles         int
	Headlines                                  []string
}

type runsPage struct {
	CSP, Generator string
	CSS            template.CSS
	Dir            string
	Rows           []runRow
	// Unreadable names the run folders whose manifest could not be read.
	Unreadable []string
}

// maxHeadlines is how many story names a run's row shows, enough to
// recognise a run without making a long page of a big one.
const maxHeadlines = 5

// WriteRunsIndex writes outDir/index.html, one row per run folder under
// outDir (a folder with a manifest.json), newest first, with its status,
// counts and first stories, the one "latest" points to marked. Folders
// without a manifest are left out; a manifest that cannot be read is
// listed as such. It reads only the manifests, never the stories, so it
// stays cheap with hundreds of runs.
func WriteRunsIndex(outDir string) error {
	entries, err := os.ReadDir(outDir)
	if err != nil {
		return fmt.Errorf("runs index: %w", err)
	}
	latest, _ := os.Readlink(filepath.Join(outDir, "latest"))
	latest = filepath.Base(latest)
	p := &runsPage{CSP: ContentSecurityPolicy, Generator: runsGenerator, CSS: Stylesheet(), Dir: outDir}
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || strings.HasPrefix(e.Name(), "_") {
			continue
		}
		m, err := manifest.Read(filepath.Join(outDir, e.Name(), "manifest.json"))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			p.Unreadable = append(p.Unreadable, e.Name())
			continue
		}
		r := runRow{
			ID: e.Name(), Href: e.Name() + "/index.html", Status: m.Status, Provider: m.Provider, Model: m.Model,
			Started: formatTime(m.Started), Latest: e.Name() == latest,
			Stories: len(m.Stories), Articles: m.Totals.Articles, Flagged: m.Totals.StoriesFlagged, Failed: m.Totals.StoriesFailed,
		}
		for _, s := range m.Stories[:min(len(m.Stories), maxHeadlines)] {
			r.Headlines = append(r.Headlines, firstNonEmpty(s.Name, s.ID))
		}
		p.Rows = append(p.Rows, r)
	}
	// Run IDs are UTC timestamps by default, so names sort by time; a
	// named run sorts among them by name.
	slices.SortFunc(p.Rows, func(a, b runRow) int { return strings.Compare(b.ID, a.ID) })
	return writePage(filepath.Join(outDir, RunsIndexName), func(w io.Writer) error {
		if err := runsTemplate.Execute(w, p); err != nil {
			return fmt.Errorf("render runs index of %s: %w", outDir, err)
		}
		return nil
	})
}

// runsGenerator marks the page over all runs as written here, so that it
// is rewritten only where summarize wrote it.
const runsGenerator = "summarize runs index"

// RefreshRunsIndex rewrites the page over all runs in the folder above
// runDir when summarize wrote one there, so that a run whose pages were
// rebuilt shows as it now is; it leaves any other index.html alone.
func RefreshRunsIndex(runDir string) error {
	outDir := filepath.Dir(filepath.Clean(runDir))
	data, err := os.ReadFile(filepath.Join(outDir, RunsIndexName))
	if err != nil || !strings.Contains(string(data), `<meta name="generator" content="`+runsGenerator+`">`) {
		return nil
	}
	return WriteRunsIndex(outDir)
}

// hasRunsIndex reports whether the folder above runDir has the page over
// all runs, for a link back to it.
func hasRunsIndex(runDir string) bool {
	_, err := os.Stat(filepath.Join(filepath.Dir(filepath.Clean(runDir)), RunsIndexName))
	return err == nil
}

var (
	//go:embed runs.tmpl
	runsHTML     string
	runsTemplate = template.Must(template.New("runs").Funcs(funcs).Parse(runsHTML))
)
