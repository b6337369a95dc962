package prompts

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// Names returns the names of the set's prompts: the stages in pipeline
// order, then any others sorted.
func (s *Set) Names() []string {
	var names, extra []string
	for _, n := range Stages {
		if _, ok := s.prompts[n]; ok {
			names = append(names, n)
		}
	}
	for n := range s.prompts {
		if !slices.Contains(Stages, n) {
			extra = append(extra, n)
		}
	}
	slices.Sort(extra)
	return append(names, extra...)
}

// Export writes every prompt of the set into dir as NAME.md, byte for byte
// the file it was loaded from, so that the folder can be edited and given
// back as a prompts folder. dir is created if needed; an existing file is
// never overwritten, since it may hold edits.
func (s *Set) Export(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export prompts: %w", err)
	}
	var written []string
	for _, name := range s.Names() {
		path := filepath.Join(dir, name+".md")
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			return written, fmt.Errorf("export prompts: %s exists; export into an empty folder, or delete it first", path)
		}
		if err != nil {
			return written, fmt.Errorf("export prompts: %w", err)
		}
		_, err = f.WriteString(s.prompts[name].Text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return written, fmt.Errorf("export prompts: %w", err)
		}
		written = append(written, path)
	}
	return written, nil
}
