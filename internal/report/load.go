package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// Run is what a run folder holds, as far as it could be read.
type Run struct {
	Dir      string
	Manifest *manifest.Manifest
	// Missing describes run-level files that could not be read.
	Missing []string
	Stories []*StoryFiles
}

// StoryFiles is what one story folder holds. A field is nil (or empty)
// when its file is absent or unreadable; Missing then says which and why.
type StoryFiles struct {
	Meta manifest.Story
	// Dir is the story's folder, "" when the manifest names none that is
	// usable (absent, absolute, or outside the run folder).
	Dir      string
	Story    *story.Story
	Brief    *story.Brief
	BriefMD  string // brief.md, read only when brief.json is unusable
	Disputes *story.Disputes
	// Checks is checks.json, nil for runs written before checks existed.
	Checks *story.Checks
	// Summaries maps an article ID to its per-source summary (Markdown).
	Summaries map[string]string
	// Stages holds the outputs of the stages defined by prompt files.
	Stages  []StageOutput
	Missing []string
}

// Load reads a run folder. Only a manifest that exists but cannot be read is
// an error; a missing manifest is replaced by one naming every sub-folder
// that holds a story.json, and every missing story file is noted in
// StoryFiles.Missing.
func Load(runDir string) (*Run, error) {
	m, missing, err := loadManifest(runDir)
	if err != nil {
		return nil, err
	}
	r := &Run{Dir: runDir, Manifest: m, Missing: missing}
	for _, meta := range m.Stories {
		r.Stories = append(r.Stories, loadStory(runDir, meta, m.PromptStages))
	}
	return r, nil
}

// loadManifest reads runDir's manifest.json, or stands in for a missing
// one (see Load). missing describes what could not be read.
func loadManifest(runDir string) (m *manifest.Manifest, missing []string, err error) {
	m, err = manifest.Read(filepath.Join(runDir, "manifest.json"))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		m, err = manifestFromFolders(runDir)
		if err != nil {
			return nil, nil, err
		}
		return m, []string{"manifest.json is missing: run facts, calls and failures are unknown"}, nil
	case err != nil:
		return nil, nil, fmt.Errorf("load run %s: %w", runDir, err)
	}
	return m, nil, nil
}

// manifestFromFolders stands in for a missing manifest.json.
func manifestFromFolders(runDir string) (*manifest.Manifest, error) {
	entries, err := os.ReadDir(runDir)
	if err != nil {
		return nil, fmt.Errorf("load run %s: %w", runDir, err)
	}
	m := &manifest.Manifest{Version: manifest.Version, RunID: filepath.Base(runDir), Status: "unknown"}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		var s story.Story
		if err := readJSON(filepath.Join(runDir, e.Name(), "story.json"), &s); err != nil {
			continue
		}
		ms := manifest.Story{ID: s.ID, Name: s.Name, Path: s.Path, Dir: e.Name(), Status: "unknown"}
		if ms.ID == "" {
			ms.ID = e.Name()
		}
		for _, a := range s.Articles {
			ms.Articles = append(ms.Articles, a.ID)
		}
		m.Stories = append(m.Stories, ms)
	}
	sort.Slice(m.Stories, func(i, j int) bool { return m.Stories[i].ID < m.Stories[j].ID })
	return m, nil
}

func loadStory(runDir string, meta manifest.Story, stages []manifest.StageFiles) *StoryFiles {
	sf := &StoryFiles{Meta: meta, Summaries: map[string]string{}}
	if meta.Dir == "" || !filepath.IsLocal(meta.Dir) {
		sf.Missing = append(sf.Missing, fmt.Sprintf("the manifest names no usable folder for this story (%q)", meta.Dir))
		return sf
	}
	sf.Dir = filepath.Join(runDir, meta.Dir)
	note := func(name string, err error) {
		if errors.Is(err, fs.ErrNotExist) {
			sf.Missing = append(sf.Missing, name+" is missing")
		} else {
			sf.Missing = append(sf.Missing, fmt.Sprintf("%s is unreadable: %v", name, err))
		}
	}

	var s story.Story
	if err := readJSON(filepath.Join(sf.Dir, "story.json"), &s); err != nil {
		note("story.json", err)
	} else {
		sf.Story = &s
	}

	var b story.Brief
	if err := readJSON(filepath.Join(sf.Dir, "brief.json"), &b); err != nil {
		note("brief.json", err)
		if md, err := os.ReadFile(filepath.Join(sf.Dir, "brief.md")); err == nil {
			sf.BriefMD = string(md)
		} else {
			note("brief.md", err)
		}
	} else {
		sf.Brief = &b
	}

	var d story.Disputes
	if err := readJSON(filepath.Join(sf.Dir, "disputes.json"), &d); err != nil {
		note("disputes.json", err)
	} else {
		sf.Disputes = &d
	}

	var c story.Checks
	if err := readJSON(filepath.Join(sf.Dir, "checks.json"), &c); err == nil {
		sf.Checks = &c
	} else if !errors.Is(err, fs.ErrNotExist) {
		note("checks.json", err)
	}

	ids := meta.Articles
	if sf.Story != nil {
		ids = ids[:0:0]
		for _, a := range sf.Story.Articles {
			ids = append(ids, a.ID)
		}
	}
	for _, id := range ids {
		name := "sources/" + id + ".md"
		if id == "" || !filepath.IsLocal(id) || filepath.Base(id) != id {
			sf.Missing = append(sf.Missing, fmt.Sprintf("article ID %q is not a usable file name", id))
			continue
		}
		data, err := os.ReadFile(filepath.Join(sf.Dir, "sources", id+".md"))
		if err != nil {
			note(name, err)
			continue
		}
		sf.Summaries[id] = string(data)
	}
	loadStages(sf, stages)
	return sf
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

// firstLine returns the first non-empty line of s, without Markdown
// heading marks or surrounding white space.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "#")); l != "" {
			return l
		}
	}
	return ""
}
