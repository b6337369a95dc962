// Package report writes the HTML pages a run leaves for people: one
// report.html per story and one index.html per run, built only from the
// files in the run folder (manifest.json and each story's story.json,
// brief.json, disputes.json and sources/*.md), so a run can be re-rendered
// at any time without the pipeline.
//
// Guarantees:
//   - Each page is one self-contained file: inline CSS, no JavaScript, and
//     nothing loaded from anywhere (the Content-Security-Policy meta tag
//     forbids it too). Links to an article's own URL are plain navigation
//     links with rel="noopener noreferrer"; nothing is fetched from them.
//   - Everything that came from an article or a model is escaped:
//     templates are html/template, Markdown goes through goldmark with raw
//     HTML dropped, images turned into links and non-http(s)/mailto links
//     blanked.
//   - A missing or unreadable file is shown as missing on the page, never
//     fatal to the rest of the page.
//   - Pages are written atomically (temporary file and rename), so a reader
//     sees the old page or the new one, never half of one. Two processes
//     rendering the same run at once each leave a complete page.
//   - Pages are not synced to disk: they are derived from the run's other
//     files and "summarize report RUN_DIR" rebuilds them, so after a crash
//     a lost or empty page costs one rebuild, while a sync per page would
//     cost more than rendering it. manifest.json, the run's commit point,
//     is the pipeline's to sync.
//   - WriteRun streams: it reads the manifest once, then reads, renders,
//     writes and drops one story at a time per worker (one worker per
//     CPU), keeping only a row of counts per story for the index. Its
//     memory grows with the manifest, not with the stories' texts.
//
// Functions here hold no shared state and may be called from several
// goroutines for different runs. Load reads a whole run into memory; it
// is meant for tools that compare runs, not for rendering them.
package report

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/summarize/summarize/internal/manifest"
)

// ContentSecurityPolicy is the policy every page written here (and the run
// diff page) declares in a meta tag: nothing may be loaded, inline styles
// only, images only as data: URLs, no scripts, no forms, no base URL.
const ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

//go:embed style.css
var stylesheet string

// Stylesheet returns the CSS shared by every page: the story report, the
// run index and the run diff. Pages inline it in a <style> element.
func Stylesheet() template.CSS { return template.CSS(stylesheet) }

// WriteRun (re)builds index.html and every story's report.html in runDir.
// A story whose page cannot be written does not stop the others; all such
// errors are returned together.
//
// Stories are streamed: each is read, rendered, written and dropped before
// the next is read by the same worker, and only a small row of counts per
// story is kept for the index, so memory stays flat however many stories
// the run holds (a few stories in flight, one per CPU, plus the manifest).
func WriteRun(runDir string) error {
	return writeRun(runDir, nil)
}

// writeRun is WriteRun; storyDone, when not nil, is called after each
// story's page is written and the story dropped, so a test can watch the
// heap as the run goes.
func writeRun(runDir string, storyDone func()) error {
	m, missing, err := loadManifest(runDir)
	if err != nil {
		return err
	}
	run := newRunFacts(runDir, m, missing)
	md := newConverters()
	rows := make([]indexRow, len(m.Stories))
	errs := make([]error, len(m.Stories)+1)
	// Rendering is CPU work between two small file reads and one write;
	// one worker per CPU keeps them busy while bounding how many stories
	// are held at once.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, meta := range m.Stories {
		g.Go(func() error {
			sf := loadStory(runDir, meta, m.PromptStages)
			rows[i] = run.indexRow(sf)
			if sf.Dir != "" {
				errs[i] = writeStory(run, sf, md)
			}
			if storyDone != nil {
				storyDone()
			}
			return nil
		})
	}
	_ = g.Wait() // the workers report through errs
	path := filepath.Join(runDir, "index.html")
	errs[len(m.Stories)] = writePage(path, func(w io.Writer) error {
		return renderIndex(run, rows, w)
	})
	return errors.Join(errs...)
}

// writeStory writes the report.html of one story.
func writeStory(run *runFacts, sf *StoryFiles, md *converters) error {
	if err := os.MkdirAll(sf.Dir, 0o700); err != nil {
		return fmt.Errorf("write report for story %s: %w", sf.Meta.ID, err)
	}
	return writePage(filepath.Join(sf.Dir, "report.html"), func(w io.Writer) error {
		return renderStory(run, sf, md, w)
	})
}

// writePage writes the page render produces to path, owner-only (0600),
// through a temporary file in the same folder renamed over path, so that a
// reader sees the old page or the new one, never a part of one. The file
// is not synced: after a crash a page may be lost or empty, which
// "summarize report RUN_DIR" repairs, and a sync per page would cost more
// than rendering it.
func writePage(path string, render func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriterSize(f, 32<<10)
	if err := render(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// runFacts is what every page of a run shares: the manifest, with its
// calls and errors grouped by story once, so that a page finds its own
// without scanning the whole run's.
type runFacts struct {
	dir      string
	manifest *manifest.Manifest
	missing  []string // run-level files that could not be read
	calls    map[string][]manifest.Call
	errors   map[string][]manifest.Error
	prompts  []keyValue
}

func newRunFacts(dir string, m *manifest.Manifest, missing []string) *runFacts {
	return &runFacts{
		dir: dir, manifest: m, missing: missing,
		calls:   groupBy(m.Calls, func(c manifest.Call) string { return c.Story }),
		errors:  groupBy(m.Errors, func(e manifest.Error) string { return e.Story }),
		prompts: sortedPairs(m.PromptDigests),
	}
}

// groupBy sorts s by key, stably so that each group keeps its order, and
// returns every group as a sub-slice of s, so that no record is copied:
// a run's calls are most of its manifest.
func groupBy[E any](s []E, key func(E) string) map[string][]E {
	slices.SortStableFunc(s, func(a, b E) int { return strings.Compare(key(a), key(b)) })
	groups := map[string][]E{}
	for start := 0; start < len(s); {
		end := start + 1
		for end < len(s) && key(s[end]) == key(s[start]) {
			end++
		}
		groups[key(s[start])] = s[start:end:end]
		start = end
	}
	return groups
}
