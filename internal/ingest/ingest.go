// Package ingest finds, reads and normalizes the articles of a run.
//
// Discover turns the run's arguments (folders, files, glob patterns) into
// Inputs, one per story, without reading article bodies except to group
// JSON records by their "story" field:
//
//   - a folder of article files is one story;
//   - a folder of folders is one story per subfolder; article files lying
//     directly beside those subfolders form one more story, with a warning;
//   - files named on the command line, or matched by globs, form one story;
//   - a .json or .jsonl file whose records carry "story" is split into one
//     story per distinct value, merged across the files of the same place.
//
// Article files end in .txt, .md (both with optional YAML front matter),
// .html, .htm, .json or .jsonl. Names starting with "." or "_" are skipped
// by convention, so that companions such as a _truth.json ground-truth file
// can live beside the articles; other extensions are skipped with a warning.
//
// Load reads one Input into a story.Story and never fails as a whole: a
// file or record that cannot be used (empty, binary, invalid UTF-8, over
// the size limit, an HTML page without article text, a JSON line that does
// not parse) becomes a story.Problem that says why, and the rest is kept.
// Every article text goes through Normalize; byte-identical and
// near-identical articles are dropped with a warning. Article and story
// IDs are story.Slug of the source or story name, made unique with "-2",
// "-3", so they are safe as file names whatever the input is.
//
// The package keeps no state between calls: its functions may be called
// from many goroutines at once, and the Stories they return are owned by
// the caller. Results depend only on the files read, never on timing or
// map order.
package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/summarize/summarize/internal/story"
)

// Input is one story found by Discover, not yet read.
type Input struct {
	// ID is story.Slug(Name), unique within the run.
	ID   string
	Name string
	// Path is the story's folder, or its first file.
	Path  string
	Files []string
	// Keyed says that Files include JSON files split between stories:
	// of their records, Load takes only those whose "story" field equals
	// Story ("" takes the records without one). Other files are whole.
	Keyed bool
	Story string
	// Warnings and Problems found while discovering, passed on to the
	// Story.
	Warnings []string
	Problems []story.Problem
}

// Discover resolves the run's arguments into story inputs, in the order of
// the arguments and, inside folders, of file names. It fails only for
// usage errors: no arguments, or one that names no file or folder (the
// error names it and wraps fs.ErrNotExist) or is a malformed pattern.
func Discover(paths []string, opts Options) ([]Input, error) {
	if len(paths) == 0 {
		return nil, errors.New("no input paths given")
	}
	var groups []*group
	var loose *group // files named one by one form one story
	seenDirs := make(map[string]bool)
	seenFiles := make(map[string]bool)
	for _, arg := range paths {
		matches, err := expand(arg)
		if err != nil {
			return nil, err
		}
		globbed := len(matches) != 1 || matches[0] != arg
		for _, m := range matches {
			clean := realPath(m)
			info, err := os.Stat(m)
			if err == nil && info.IsDir() {
				if !seenDirs[clean] {
					seenDirs[clean] = true
					w := &walker{root: clean, follow: opts.FollowLinks, visited: map[string]bool{clean: true}}
					groups = append(groups, w.dirGroups(m)...)
				}
				continue
			}
			if seenFiles[clean] {
				continue
			}
			seenFiles[clean] = true
			if loose == nil {
				loose = &group{}
				groups = append(groups, loose)
			}
			// A file named on the command line is the operator's choice,
			// link or not; one matched by a pattern must stay in the
			// folder the pattern lists, as a folder's files must.
			var why string
			if globbed {
				w := &walker{root: realPath(filepath.Dir(m)), follow: opts.FollowLinks}
				why = w.refuse(m)
			}
			switch {
			case why != "":
				loose.ignored = append(loose.ignored, m)
				loose.warnings = append(loose.warnings, why)
			case err == nil && !info.Mode().IsRegular():
				loose.ignored = append(loose.ignored, m)
				loose.warnings = append(loose.warnings, notRegular(m, info.Mode()))
			case err != nil || supported(m):
				// A dangling link or unreadable file is Load's to report.
				loose.files = append(loose.files, m)
			default:
				loose.ignored = append(loose.ignored, m)
				loose.warnings = append(loose.warnings, unsupported(m))
			}
		}
	}
	if loose != nil {
		loose.name, loose.path = looseName(slices.Concat(loose.files, loose.ignored))
	}

	var inputs []Input
	for _, g := range groups {
		inputs = append(inputs, g.split(opts)...)
	}
	ids := newUniqueSlugs()
	for i := range inputs {
		inputs[i].ID = ids.next(inputs[i].Name)
	}
	return inputs, nil
}

// expand returns the paths an argument names: itself when it exists,
// else the matches of it as a glob pattern, without ignored names.
func expand(arg string) ([]string, error) {
	_, err := os.Lstat(arg)
	if err == nil {
		return []string{arg}, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("input %s: %w", arg, err)
	}
	if !strings.ContainsAny(arg, "*?[") {
		return nil, &fs.PathError{Op: "input", Path: arg, Err: fs.ErrNotExist}
	}
	all, err := filepath.Glob(arg)
	if err != nil {
		return nil, fmt.Errorf("input %s: bad pattern: %w", arg, err)
	}
	var matches []string
	for _, m := range all {
		if !ignored(filepath.Base(m)) {
			matches = append(matches, m)
		}
	}
	if len(matches) == 0 {
		what := "no file or folder"
		if len(all) > 0 {
			what = "only ignored names (starting with . or _)"
		}
		return nil, fmt.Errorf("input %s: pattern matches %s: %w", arg, what, fs.ErrNotExist)
	}
	return matches, nil
}

// group is a set of files that form one story unless JSON records inside
// them name stories of their own.
type group struct {
	name, path string
	files      []string
	// ignored holds skipped files, which still count when naming the group.
	ignored  []string
	warnings []string
	problems []story.Problem
}

// walker lists the folders of one input argument. Everything it returns
// lies inside root (the argument's real path) unless follow is set, and no
// folder is listed twice, so a link loop is read once.
type walker struct {
	root    string
	follow  bool
	visited map[string]bool // real paths of folders listed
}

// dirGroups lists a folder and returns its stories: the folder itself, or
// one per subfolder when it is a folder of story folders.
func (w *walker) dirGroups(dir string) []*group {
	name := dirName(dir)
	files, subs, warnings, err := w.listDir(dir)
	if err != nil {
		return []*group{{name: name, path: dir, problems: []story.Problem{{Path: dir, Err: err.Error()}}}}
	}
	if len(subs) == 0 {
		return []*group{{name: name, path: dir, files: files, warnings: warnings}}
	}

	var children []*group
	anyArticles := false
	for _, sub := range subs {
		real := realPath(sub)
		if w.visited[real] {
			warnings = append(warnings, fmt.Sprintf("ignored folder %s: it is %s again (a link), which is read once", sub, real))
			continue
		}
		w.visited[real] = true
		g := &group{name: filepath.Base(sub), path: sub}
		var nested []string
		g.files, nested, g.warnings, err = w.listDir(sub)
		if err != nil {
			g.problems = append(g.problems, story.Problem{Path: sub, Err: err.Error()})
		}
		for _, n := range nested {
			g.warnings = append(g.warnings, fmt.Sprintf("ignored folder %s: stories are read one folder deep", n))
		}
		anyArticles = anyArticles || len(g.files) > 0
		children = append(children, g)
	}

	// Article files with only empty or unrelated subfolders: one story.
	if len(files) > 0 && !anyArticles {
		for _, sub := range subs {
			warnings = append(warnings, fmt.Sprintf("ignored folder %s: no article files in it", sub))
		}
		return []*group{{name: name, path: dir, files: files, warnings: warnings}}
	}

	// A folder of story folders. Files beside them are kept as a story of
	// their own rather than mixed into one of the others or dropped.
	var out []*group
	if len(files) > 0 || len(warnings) > 0 {
		g := &group{name: name, path: dir, files: files, warnings: warnings}
		if len(files) > 0 {
			g.warnings = append(g.warnings, fmt.Sprintf(
				"%d article file(s) lie directly in %s beside story folders; they are read as a story of their own", len(files), dir))
		}
		out = append(out, g)
	}
	return append(out, children...)
}

// listDir returns the article files and the subfolders of dir, in name
// order, skipping ignored names, with a warning for each other entry: a
// file without an article extension, a link leaving the input folder, and
// anything that is not a regular file or a folder (named pipes, sockets,
// devices), which is never opened.
func (w *walker) listDir(dir string) (files, subs, warnings []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("read folder: %w", err)
	}
	for _, e := range entries {
		if ignored(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			if why := w.refuse(p); why != "" {
				warnings = append(warnings, why)
				continue
			}
			info, err := os.Stat(p)
			if err != nil {
				// A dangling link is Load's to report, as a file.
				mode = 0
			} else {
				mode = info.Mode().Type()
			}
		}
		switch {
		case mode.IsDir():
			subs = append(subs, p)
		case !mode.IsRegular():
			warnings = append(warnings, notRegular(p, mode))
		case supported(p):
			files = append(files, p)
		default:
			warnings = append(warnings, unsupported(p))
		}
	}
	return files, subs, warnings, nil
}

// refuse returns why the link at path is not followed ("" when it is): it
// leads out of the walker's root and following links is not allowed.
func (w *walker) refuse(path string) string {
	if w.follow {
		return ""
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "" // dangling or unreadable: Load reports it
	}
	if target, err = filepath.Abs(target); err != nil {
		return ""
	}
	rel, err := filepath.Rel(w.root, target)
	if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return fmt.Sprintf("ignored %s: a link to %s, outside the input folder %s (set input.follow_links to read such links)", path, target, w.root)
}

// realPath is path with links resolved, absolute; path itself when it
// cannot be resolved.
func realPath(path string) string {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

// notRegular says why a named pipe, socket or device is skipped.
func notRegular(path string, mode fs.FileMode) string {
	what := "not a regular file"
	switch {
	case mode&fs.ModeNamedPipe != 0:
		what = "a named pipe, not a regular file"
	case mode&fs.ModeSocket != 0:
		what = "a socket, not a regular file"
	case mode&fs.ModeDevice != 0:
		what = "a device, not a regular file"
	}
	return fmt.Sprintf("ignored %s: %s; it is never opened", path, what)
}

func unsupported(path string) string {
	return fmt.Sprintf("ignored %s: not an article file (accepted: %s)", path, accepted())
}

// dirName names a story after its folder, resolving "." and the like.
func dirName(dir string) string {
	name := filepath.Base(filepath.Clean(dir))
	if name == "." || name == ".." || name == string(filepath.Separator) {
		if abs, err := filepath.Abs(dir); err == nil {
			name = filepath.Base(abs)
		}
	}
	return name
}

// looseName names the story of files given one by one: after the file
// when there is one, else after the folder they share, else "files".
func looseName(files []string) (name, path string) {
	if len(files) == 0 {
		return "files", ""
	}
	if len(files) == 1 {
		base := filepath.Base(files[0])
		return strings.TrimSuffix(base, filepath.Ext(base)), files[0]
	}
	dir := filepath.Dir(files[0])
	for _, f := range files[1:] {
		if filepath.Dir(f) != dir {
			return "files", files[0]
		}
	}
	return dirName(dir), dir
}

// split turns a group into inputs: the group itself, for its plain files
// and the JSON records without a "story" field, then one input per
// distinct "story" value, in order of first appearance.
func (g *group) split(opts Options) []Input {
	rest := Input{Name: g.name, Path: g.path, Warnings: g.warnings, Problems: g.problems}
	var keyed []*Input
	byKey := make(map[string]*Input)
	for _, f := range g.files {
		keys, hasRest := storyKeys(f, opts)
		if len(keys) == 0 {
			rest.Files = append(rest.Files, f)
			continue
		}
		rest.Keyed = true
		for _, k := range keys {
			in := byKey[k]
			if in == nil {
				in = &Input{Name: k, Path: f, Keyed: true, Story: k}
				byKey[k] = in
				keyed = append(keyed, in)
			}
			in.Files = append(in.Files, f)
		}
		if hasRest {
			rest.Files = append(rest.Files, f)
		}
	}
	var out []Input
	switch {
	case len(rest.Files) > 0 || len(keyed) == 0 || len(rest.Problems) > 0:
		out = append(out, rest)
	case len(rest.Warnings) > 0:
		// Nothing is left for the group's own story: its notes go to the
		// first story taken from it.
		keyed[0].Warnings = slices.Concat(rest.Warnings, keyed[0].Warnings)
	}
	for _, in := range keyed {
		out = append(out, *in)
	}
	return out
}

// storyKeys returns the distinct "story" values of a JSON file's records
// in order, and whether anything in it (a record without one, a line that
// does not parse) belongs to no story. It reads the file exactly as Load
// will, so the two agree on every record.
func storyKeys(path string, opts Options) (keys []string, hasRest bool) {
	if !isJSON(path) {
		return nil, true
	}
	items, problems := readFile(path, opts)
	seen := make(map[string]bool)
	add := func(key string) {
		if key == "" {
			hasRest = true
		} else if !seen[key] {
			seen[key] = true
			keys = append(keys, key)
		}
	}
	for _, it := range items {
		add(it.key)
	}
	for _, p := range problems {
		add(p.key)
	}
	return keys, hasRest
}
