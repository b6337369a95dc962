package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// PruneRuns deletes the oldest run folders in out so that at most keep
// remain, and returns the paths it deleted. keep <= 0 deletes nothing.
//
// A run folder is a folder directly in out whose name is a valid run ID
// and which holds a manifest.json; nothing else is ever touched, so a run
// still being written by a crashed process (no manifest yet) and any
// unrelated folder are left alone. Age is the manifest's modification
// time, written once when its run ended. The run current and the run that
// out/latest names are never deleted, even when that leaves more than keep
// folders. Callers hold the output folder's lock (LockOut), so no other
// run is writing out meanwhile.
func PruneRuns(out string, keep int, current string) ([]string, error) {
	if keep <= 0 {
		return nil, nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return nil, fmt.Errorf("prune runs in %s: %w", out, err)
	}
	type run struct {
		id    string
		ended time.Time
	}
	var runs []run
	for _, e := range entries {
		if !e.IsDir() || !validRunID(e.Name()) {
			continue
		}
		info, err := os.Stat(filepath.Join(out, e.Name(), "manifest.json"))
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		runs = append(runs, run{e.Name(), info.ModTime()})
	}
	// Newest first; equal times (coarse file systems) fall back to the
	// name, which for default IDs is the start time.
	sort.Slice(runs, func(i, j int) bool {
		if !runs[i].ended.Equal(runs[j].ended) {
			return runs[i].ended.After(runs[j].ended)
		}
		return runs[i].id > runs[j].id
	})
	protected := map[string]bool{current: true}
	if latest, err := readLatest(out); err == nil {
		protected[latest] = true
	}
	kept := 0
	for _, r := range runs {
		if protected[r.id] {
			kept++
		}
	}
	var deleted []string
	var errs []error
	for _, r := range runs {
		if protected[r.id] {
			continue
		}
		if kept < keep {
			kept++
			continue
		}
		dir := filepath.Join(out, r.id)
		if err := os.RemoveAll(dir); err != nil {
			errs = append(errs, fmt.Errorf("delete old run %s: %w", dir, err))
			continue
		}
		deleted = append(deleted, dir)
	}
	return deleted, errors.Join(errs...)
}

// readLatest returns the run ID out/latest names, from a symbolic link or
// from the text file written where links are not available.
func readLatest(out string) (string, error) {
	path := filepath.Join(out, "latest")
	if target, err := os.Readlink(path); err == nil {
		return filepath.Base(target), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	id := strings.TrimSpace(string(data))
	if id == "" {
		return "", fs.ErrNotExist
	}
	return id, nil
}
