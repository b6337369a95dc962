package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/sources"
)

// addSourceFiles reads the sources.yaml beside each of the run's input
// paths (inside a folder, beside a file) and inside each story folder
// found under them, and puts their entries before the configuration's
// own, so that the more specific list wins; the entries apply to every
// story of the run. They become part of cfg, so the manifest records them
// and a change to them counts as a change of settings (stories are not
// carried over with old names).
func addSourceFiles(cfg *config.Config, paths []string, inputs []ingest.Input) error {
	seen := map[string]bool{}
	var found []sources.Outlet
	for _, in := range inputs {
		paths = append(paths, in.Path)
	}
	for _, p := range paths {
		dir := p
		if info, err := os.Stat(p); err != nil {
			continue // a glob pattern, or a path ingest reports
		} else if !info.IsDir() {
			dir = filepath.Dir(p)
		}
		file := filepath.Join(dir, sources.FileName)
		if seen[file] {
			continue
		}
		seen[file] = true
		list, err := sources.ReadFile(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return usageErr("outlet registry: %v", err)
		}
		found = append(found, list...)
	}
	cfg.Sources = append(found, cfg.Sources...)
	return nil
}

// ingestOptions are the options every command reads articles with.
func ingestOptions(cfg *config.Config) ingest.Options {
	return ingest.Options{MaxFileBytes: cfg.Input.MaxFileBytes, FollowLinks: cfg.Input.FollowLinks, Namer: sources.New(cfg.Sources)}
}
