package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/summarize/summarize/internal/manifest"
)

// ExitInternal is the exit code of a run that could not write its outputs
// (a full disk, an I/O error, a read-only output folder) or hit a bug it
// caught: a failure of the machine or the program, as against 1 (some
// items failed) and 2 (the command line, the configuration or the key is
// wrong).
const ExitInternal = 3

// ErrWrite marks an error of Run that comes from failing to write the run
// folder (its manifest, say), not from how it was called.
var ErrWrite = errors.New("cannot write outputs")

// publish commits a finished run, in the order that keeps latest truthful:
// the manifest (synced, after the story files), then the report pages
// (Options.Pages), then latest, then retention. The caller holds the
// output folder's lock throughout, so no other run can prune or repoint
// latest meanwhile. latest moves only when every page was written and at
// least one story is done: a run that produced nothing a reader can use
// never replaces one that did. Old runs are deleted only once latest names
// the new run, so retention never deletes the last good run in favour of
// a broken one. A failure to write pages is recorded in the manifest
// (rewritten), makes a complete run partial and sets ExitInternal.
func (r *runner) publish(m *manifest.Manifest) error {
	if r.writeFailed.Load() {
		internalFailure(m)
	}
	if err := syncRunDir(r.dir); err != nil {
		r.log.Warn("could not sync the run folder", "error", err)
	}
	if r.opts.Pages == nil {
		if err := writeManifest(r.dir, m); err != nil {
			return err
		}
		r.moveLatest(m, true)
		return nil
	}
	release, err := reserve(r.dir, m)
	if err != nil {
		// The disk is full already: the pages cannot be written, and
		// the manifest must say so the first time.
		r.pagesFailed(m, fmt.Errorf("not written, no room left on the disk: %w", err))
		if err := writeManifest(r.dir, m); err != nil {
			return err
		}
		r.moveLatest(m, false)
		return nil
	}
	if err := writeManifest(r.dir, m); err != nil {
		release()
		return err
	}
	pagesErr := r.opts.Pages(r.dir)
	release()
	if pagesErr != nil {
		r.pagesFailed(m, pagesErr)
		if err := writeManifest(r.dir, m); err != nil {
			return err
		}
	}
	r.moveLatest(m, pagesErr == nil)
	return nil
}

// internalFailure gives a run that would have exited 0 or 1 ExitInternal.
func internalFailure(m *manifest.Manifest) {
	if m.ExitCode == 0 || m.ExitCode == 1 {
		m.ExitCode = ExitInternal
	}
}

// pagesFailed records in m that the report pages could not be written.
func (r *runner) pagesFailed(m *manifest.Manifest, err error) {
	e := manifest.Error{Stage: "report", Path: r.dir, Error: "report pages: " + err.Error()}
	r.log.Error("failed", "stage", e.Stage, "path", e.Path, "error", e.Error)
	m.Errors = append(m.Errors, e)
	m.Totals.Failed++
	if m.Status == "complete" || m.Status == "flagged" {
		m.Status = "partial"
	}
	internalFailure(m)
}

// moveLatest points latest at the run and applies retention, when the run
// ended (complete, flagged or partial), its pages were written and a story
// is done.
func (r *runner) moveLatest(m *manifest.Manifest, pagesOK bool) {
	switch {
	case m.Status != "complete" && m.Status != "partial" && m.Status != "flagged":
		return
	case !pagesOK:
		r.log.Warn("latest not moved: the report pages could not be written", "run", m.RunID)
		return
	case !anyDone(m):
		r.log.Warn("latest not moved: no story of this run is done", "run", m.RunID)
		return
	}
	if err := pointLatest(r.opts.OutDir, m.RunID); err != nil {
		r.log.Warn("could not update latest; old runs are kept", "error", err)
		return
	}
	deleted, err := PruneRuns(r.opts.OutDir, r.opts.Keep, m.RunID)
	for _, d := range deleted {
		r.log.Info("old run deleted", "dir", d, "keep", r.opts.Keep)
	}
	if err != nil {
		r.log.Warn("could not delete old runs", "error", err)
	}
}

// reserveSlack is added to the manifest's size in the reserve: room for
// the error the rewrite adds and for the file system's block rounding.
const reserveSlack = 16 << 10

// reserve sets disk space aside for rewriting m while the pages are
// written: when they fail because the disk is full, the rewrite that says
// so must not fail for the same reason. The returned function frees the
// space. An error means there is no room for the reserve, so none for the
// pages either.
func reserve(dir string, m *manifest.Manifest) (release func(), err error) {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, ".manifest.reserve")
	// Real bytes, not a sparse file: only written blocks are held.
	if err := os.WriteFile(path, make([]byte, len(data)+reserveSlack), 0o600); err != nil {
		os.Remove(path)
		return nil, err
	}
	return func() { os.Remove(path) }, nil
}

// anyDone reports whether a story of m is done (flagged stories are done,
// with a check's warning).
func anyDone(m *manifest.Manifest) bool {
	for _, s := range m.Stories {
		if s.Status == "done" || s.Status == "flagged" {
			return true
		}
	}
	return false
}

// writeManifest writes dir/manifest.json durably; its error wraps ErrWrite.
func writeManifest(dir string, m *manifest.Manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err == nil {
		err = writeDurable(filepath.Join(dir, "manifest.json"), append(data, '\n'))
	}
	if err != nil {
		return fmt.Errorf("%w: write manifest: %w", ErrWrite, err)
	}
	return nil
}
