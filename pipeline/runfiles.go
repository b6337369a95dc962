package pipeline

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
)

// writeRunFiles writes files (by path relative to the run folder, such as
// the copies of the prompts a run uses) into the new run folder dir before
// any story starts, so that even an interrupted run says what it ran with.
func writeRunFiles(dir string, files map[string][]byte) error {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !filepath.IsLocal(name) {
			return fmt.Errorf("run file %q is not inside the run folder", name)
		}
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return fmt.Errorf("write run file: %w", err)
		}
		if err := writeFile(path, files[name]); err != nil {
			return fmt.Errorf("write run file: %w", err)
		}
	}
	return nil
}

// LatestRun returns the ID of the run that out/latest names.
func LatestRun(out string) (string, error) { return readLatest(out) }
