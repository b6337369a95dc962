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
//
// Functions here hold no shared state and may be called from several
// goroutines for different runs.
package report

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"

	"github.com/google/renameio/v2"
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
func WriteRun(runDir string) error {
	run, err := Load(runDir)
	if err != nil {
		return err
	}
	var errs []error
	md := newMarkdown()
	for _, sf := range run.Stories {
		if sf.Dir == "" {
			continue
		}
		page, err := renderStory(run, sf, md)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := os.MkdirAll(sf.Dir, 0o700); err != nil {
			errs = append(errs, fmt.Errorf("write report for story %s: %w", sf.Meta.ID, err))
			continue
		}
		path := filepath.Join(sf.Dir, "report.html")
		if err := renameio.WriteFile(path, page, 0o600, renameio.WithTempDir(sf.Dir)); err != nil {
			errs = append(errs, fmt.Errorf("write %s: %w", path, err))
		}
	}
	index, err := renderIndex(run)
	if err != nil {
		errs = append(errs, err)
	} else {
		path := filepath.Join(runDir, "index.html")
		if err := renameio.WriteFile(path, index, 0o600, renameio.WithTempDir(runDir)); err != nil {
			errs = append(errs, fmt.Errorf("write %s: %w", path, err))
		}
	}
	return errors.Join(errs...)
}

func execute(t *template.Template, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
