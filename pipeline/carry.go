package pipeline

// Carrying a story over. When nothing a story's outputs depend on has
// changed since the output folder's latest run (its input files, byte for
// byte, and Options.Identity), and that run's files for it are intact, the
// new run hard-links those files instead of computing them again. A
// scheduled re-run of an unchanged batch then costs a read of every input
// and output file and a link per file, and no inode: on some file systems
// creating a file costs twenty times as much as linking one.
//
// Linked run folders share files. The program never modifies a written
// file in place (every write, the report pages' included, replaces the
// file by rename, which leaves the other folder's link as it was), and a
// story whose files no longer match the digest recorded when they were
// written is computed again rather than carried over.

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/prompts"
)

// previousRun is what the output folder's latest run can lend the next.
type previousRun struct {
	id  string
	dir string
	// stages are the current run's: a story is carried over only when
	// its prompts are unchanged (Options.Identity), so they are the
	// previous run's too.
	stages []prompts.Stage
	// stories holds the done stories that recorded their keys.
	stories map[string]manifest.Story
}

// loadPrevious reads the manifest of the run out/latest names. It returns
// nil and no error when there is no such run.
func loadPrevious(out string, stages []prompts.Stage) (*previousRun, error) {
	id, err := readLatest(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(out, id)
	m, err := manifest.Read(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	p := &previousRun{id: id, dir: dir, stages: stages, stories: make(map[string]manifest.Story)}
	for _, s := range m.Stories {
		if (s.Status == "done" || s.Status == "flagged") && s.InputKey != "" && s.OutputsDigest != "" && s.Dir == s.ID && plainNames(s) {
			p.stories[s.ID] = s
		}
	}
	return p, nil
}

// plainNames reports whether the story's folder and article IDs are
// single file names, as the pipeline writes them, so that a tampered
// manifest cannot make a run link files from elsewhere.
func plainNames(s manifest.Story) bool {
	for _, name := range append([]string{s.Dir}, s.Articles...) {
		if name == "" || name == "." || name != filepath.Base(name) || !filepath.IsLocal(name) {
			return false
		}
	}
	return true
}

// match returns the previous run's record of story id when it has the
// same key. p may be nil.
func (p *previousRun) match(id, key string) (manifest.Story, bool) {
	if p == nil || key == "" {
		return manifest.Story{}, false
	}
	rec, ok := p.stories[id]
	return rec, ok && rec.InputKey == key
}

// inputKey hashes what a story's outputs depend on: identity, the
// ingest options and the input's description and files. A file is read
// here and again by ingest.Load; should it change in between, the key
// names the older content and the next run computes the story again.
func inputKey(identity string, in ingest.Input, opts ingest.Options) (string, error) {
	limit := opts.MaxFileBytes
	if limit <= 0 {
		limit = ingest.DefaultMaxFileBytes
	}
	h := sha256.New()
	fmt.Fprintf(h, "summarize story inputs 1\n%q\n%d\n%q %q %q %t %q\n%q\n%v\n",
		identity, limit, in.ID, in.Name, in.Path, in.Keyed, in.Story, in.Warnings, in.Problems)
	for _, path := range in.Files {
		if err := hashFile(h, path, limit); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashFile adds path's name, length and content to h; a file over limit
// is an error (ingest refuses it too, and it is not worth reading).
func hashFile(h io.Writer, path string, limit int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return err
	}
	if int64(len(data)) > limit {
		return fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	fmt.Fprintf(h, "%q %d\n", path, len(data))
	h.Write(data)
	return nil
}

// storyFiles lists, relative to the story folder, the files the pipeline
// writes for a done story: story.json and each stage's files.
func storyFiles(stages []prompts.Stage, rec manifest.Story) []string {
	files := []string{"story.json", "checks.json"}
	for _, s := range stages {
		for _, f := range s.FilesFor(rec.Articles) {
			files = append(files, filepath.FromSlash(f))
		}
	}
	return files
}

// outputsDigest hashes a story's files from their SHA-256 sums, keyed by
// path relative to the story folder.
func outputsDigest(sums map[string][sha256.Size]byte) string {
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(sums)) {
		fmt.Fprintf(h, "%q %x\n", filepath.ToSlash(name), sums[name])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// link puts rec's files from the previous run into dir (hard links, or
// copies where the file system has none) and then checks that what dir
// holds is what the previous run wrote. Checking after linking means the
// check reads the very files the new run keeps. On error, dir may hold
// some files; the caller removes it.
func (p *previousRun) link(rec manifest.Story, dir string) error {
	from := filepath.Join(p.dir, rec.Dir)
	for _, name := range storyFiles(p.stages, rec) {
		src, dst := filepath.Join(from, name), filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			return err
		}
		if err := os.Link(src, dst); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return err
			}
			data, err := os.ReadFile(src)
			if err == nil {
				err = writeFile(dst, data)
			}
			if err != nil {
				return err
			}
		}
	}
	return p.check(rec, dir)
}

// check reports whether the story folder dir holds the files rec's
// digest was made from.
func (p *previousRun) check(rec manifest.Story, dir string) error {
	sums := make(map[string][sha256.Size]byte)
	for _, name := range storyFiles(p.stages, rec) {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		sums[name] = sha256.Sum256(data)
	}
	if outputsDigest(sums) != rec.OutputsDigest {
		return fmt.Errorf("its files in run %s changed after they were written", p.id)
	}
	return nil
}

// CarriedOver reports which of inputs (by story ID) a run of eng with opts
// would carry over from the output folder's latest run, and that run's ID.
// It reads the same files Run would and writes nothing, so a dry run can
// leave those stories out.
func CarriedOver(eng Engine, inputs []ingest.Input, opts Options) (ids map[string]bool, from string, err error) {
	if opts.Identity == "" {
		return nil, "", nil
	}
	pl, _ := newPlan(opts.stages(), eng)
	p, err := loadPrevious(opts.OutDir, pl.stages)
	if p == nil || err != nil {
		return nil, "", err
	}
	ids = make(map[string]bool)
	for _, in := range inputs {
		if _, ok := p.stories[in.ID]; !ok {
			continue
		}
		key, _ := inputKey(opts.Identity, in, opts.Ingest)
		if rec, ok := p.match(in.ID, key); ok && p.check(rec, filepath.Join(p.dir, rec.Dir)) == nil {
			ids[in.ID] = true
		}
	}
	return ids, p.id, nil
}
