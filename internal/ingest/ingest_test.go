package ingest

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func ids(inputs []Input) []string {
	var out []string
	for _, in := range inputs {
		out = append(out, in.ID)
	}
	return out
}

func discover(t *testing.T, paths ...string) []Input {
	t.Helper()
	inputs, err := Discover(paths, Options{})
	if err != nil {
		t.Fatalf("Discover(%q): %v", paths, err)
	}
	again, err := Discover(paths, Options{})
	if err != nil || !reflect.DeepEqual(inputs, again) {
		t.Fatalf("Discover(%q) is not deterministic:\n%+v\n%+v (%v)", paths, inputs, again, err)
	}
	return inputs
}

const para = "The harbour board met on Monday to discuss the dredging plan for the outer channel."

func TestDiscoverOneStoryFolder(t *testing.T) {
	inputs := discover(t, "testdata/formats")
	if len(inputs) != 1 {
		t.Fatalf("got %d stories, want 1", len(inputs))
	}
	in := inputs[0]
	if in.ID != "formats" || in.Name != "formats" || in.Path != "testdata/formats" {
		t.Errorf("input = %+v", in)
	}
	var names []string
	for _, f := range in.Files {
		names = append(names, filepath.Base(f))
	}
	want := []string{"digest.json", "harbor-gazette.md", "river-post.txt", "single.json", "valley-news.html", "wire.jsonl"}
	if !slices.Equal(names, want) {
		t.Errorf("files = %q, want %q", names, want)
	}
	if len(in.Warnings) != 1 || !strings.Contains(in.Warnings[0], "notes.csv") {
		t.Errorf("warnings = %q", in.Warnings)
	}
}

func TestDiscoverFolderOfStoryFolders(t *testing.T) {
	root := filepath.Join(t.TempDir(), "desk")
	writeFiles(t, root, map[string]string{
		"harbour/a.txt":        para,
		"harbour/b.md":         "---\nsource: Quay Weekly\n---\nDredging will start in the autumn, the board said.",
		"harbour/_truth.json":  `{"disputes": []}`,
		"harbour/photos/x.txt": "A caption.",
		"ferry/c.txt":          "The ferry timetable changes next month.",
		"beside.txt":           "An article left directly in the parent folder.",
		".git/HEAD":            "ref: refs/heads/main",
		"_drafts/d.txt":        "Not ready.",
	})
	if err := os.Mkdir(filepath.Join(root, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	inputs := discover(t, root)
	if got, want := ids(inputs), []string{"desk", "empty", "ferry", "harbour"}; !slices.Equal(got, want) {
		t.Fatalf("stories = %q, want %q", got, want)
	}
	beside := inputs[0]
	if len(beside.Files) != 1 || len(beside.Warnings) != 1 || !strings.Contains(beside.Warnings[0], "beside story folders") {
		t.Errorf("files beside story folders: %+v", beside)
	}
	harbour := inputs[3]
	if len(harbour.Files) != 2 || len(harbour.Warnings) != 1 || !strings.Contains(harbour.Warnings[0], "photos") {
		t.Errorf("harbour story: %+v", harbour)
	}
	empty := Load(context.Background(), inputs[1], Options{})
	wantProblem(t, empty, "empty", "no article files")
	s := Load(context.Background(), harbour, Options{})
	if len(s.Articles) != 2 || len(s.Problems) != 0 {
		t.Errorf("harbour: %d articles, problems %+v", len(s.Articles), s.Problems)
	}
}

func TestDiscoverFolderWithUnrelatedSubfolder(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": para, "images/photo.jpg": "jpeg"})
	inputs := discover(t, dir)
	if len(inputs) != 1 || len(inputs[0].Files) != 1 {
		t.Fatalf("inputs = %+v, want one story of a.txt", inputs)
	}
	if w := inputs[0].Warnings; len(w) != 1 || !strings.Contains(w[0], "images") {
		t.Errorf("warnings = %q", w)
	}
}

func TestDiscoverFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ferry")
	writeFiles(t, dir, map[string]string{"a.txt": para, "b.txt": "Second article.", "c.pdf": "%PDF"})
	a, b, c := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt"), filepath.Join(dir, "c.pdf")

	inputs := discover(t, a, b, a, c)
	if len(inputs) != 1 {
		t.Fatalf("got %d stories, want 1: %+v", len(inputs), inputs)
	}
	in := inputs[0]
	if in.ID != "ferry" || !slices.Equal(in.Files, []string{a, b}) {
		t.Errorf("files given together: %+v", in)
	}
	if len(in.Warnings) != 1 || !strings.Contains(in.Warnings[0], "c.pdf") {
		t.Errorf("warnings = %q", in.Warnings)
	}

	single := discover(t, b)
	if len(single) != 1 || single[0].ID != "b" || single[0].Name != "b" {
		t.Errorf("single file: %+v", single)
	}
}

func TestDiscoverGlobs(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"one/a.txt":   para,
		"one/b.txt":   "Another article.",
		"one/_x.txt":  "ignored",
		"two/c.txt":   "Third article.",
		"loose.jsonl": `{"source": "Wire", "text": "A wire story."}`,
	})
	inputs := discover(t, filepath.Join(root, "one", "*.txt"))
	if len(inputs) != 1 || len(inputs[0].Files) != 2 || inputs[0].ID != "one" {
		t.Errorf("glob over files: %+v", inputs)
	}
	inputs = discover(t, filepath.Join(root, "*"))
	if got, want := ids(inputs), []string{"loose", "one", "two"}; !slices.Equal(got, want) {
		t.Errorf("glob over folders and a file: %q, want %q", got, want)
	}

	for _, pattern := range []string{filepath.Join(root, "*.html"), filepath.Join(root, "one", "_*")} {
		_, err := Discover([]string{pattern}, Options{})
		if err == nil || !strings.Contains(err.Error(), pattern) || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Discover(%q) error = %v, want one naming the pattern", pattern, err)
		}
	}
	if _, err := Discover([]string{filepath.Join(root, "[")}, Options{}); err == nil || !strings.Contains(err.Error(), "bad pattern") {
		t.Errorf("malformed pattern: %v", err)
	}
}

func TestDiscoverMissingPath(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-story")
	_, err := Discover([]string{"testdata/formats", missing}, Options{})
	if err == nil || !strings.Contains(err.Error(), missing) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error = %v, want one naming %s", err, missing)
	}
	if _, err := Discover(nil, Options{}); err == nil {
		t.Error("no paths: no error")
	}
}

func TestDiscoverJSONStories(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "feeds")
	writeFiles(t, dir, map[string]string{
		"feed.jsonl": strings.Join([]string{
			`{"story": "Harbour dredging", "source": "Quay Weekly", "text": "Dredging starts in autumn."}`,
			`{"story": "Ferry fares", "source": "Island Post", "text": "Fares will rise by a tenth."}`,
			`{"source": "No Story Daily", "text": "This record names no story."}`,
			`{"story": "Harbour dredging", "source": "Tide Watch", "text": "The channel will be two metres deeper."}`,
			`{broken`,
			`{"story": "Ferry fares", "source": "Empty Desk", "text": ""}`,
		}, "\n"),
		"more.json": `[{"story": "ferry fares", "source": "Mainland Mail", "text": "Ferry users protested the fare rise."},
			{"story": "Harbour dredging", "source": "Port Radio", "text": "Dredgers arrive in September."}]`,
		"plain.txt": para,
	})
	inputs := discover(t, dir)
	if got, want := ids(inputs), []string{"feeds", "harbour-dredging", "ferry-fares", "ferry-fares-2"}; !slices.Equal(got, want) {
		t.Fatalf("stories = %q, want %q", got, want)
	}
	load := func(i int) map[string]bool {
		s := Load(context.Background(), inputs[i], Options{})
		got := make(map[string]bool)
		for _, a := range s.Articles {
			got[a.Source] = true
		}
		return got
	}

	rest := Load(context.Background(), inputs[0], Options{})
	if names := sourceNames(rest); !slices.Equal(names, []string{"No Story Daily", "plain"}) {
		t.Errorf("unkeyed story has %q", names)
	}
	wantProblem(t, rest, "feed.jsonl:5", "line 5", "invalid JSON")
	if len(rest.Problems) != 1 {
		t.Errorf("unkeyed story problems = %+v", rest.Problems)
	}

	if got := load(1); !reflect.DeepEqual(got, map[string]bool{"Quay Weekly": true, "Tide Watch": true, "Port Radio": true}) {
		t.Errorf("Harbour dredging has %v", got)
	}
	fares := Load(context.Background(), inputs[2], Options{})
	if names := sourceNames(fares); !slices.Equal(names, []string{"Island Post"}) {
		t.Errorf("Ferry fares has %q", names)
	}
	wantProblem(t, fares, "feed.jsonl:6", `no "text"`)
	if len(fares.Problems) != 1 {
		t.Errorf("Ferry fares problems = %+v, want only its own empty record", fares.Problems)
	}
	if got := load(3); !reflect.DeepEqual(got, map[string]bool{"Mainland Mail": true}) {
		t.Errorf("ferry fares (lower case) has %v", got)
	}
}

func TestDiscoverJSONStoriesOnly(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"all.jsonl": `{"story": "a", "source": "X", "text": "One."}` + "\n" + `{"story": "b", "source": "Y", "text": "Two."}`,
		"skip.doc":  "word file",
	})
	inputs := discover(t, filepath.Join(dir, "all.jsonl"))
	if got := ids(inputs); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("stories = %q, want a, b and no empty story for the file itself", got)
	}
	inputs = discover(t, dir)
	if got := ids(inputs); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("stories = %q", got)
	}
	if w := inputs[0].Warnings; len(w) != 1 || !strings.Contains(w[0], "skip.doc") {
		t.Errorf("the folder's warning was lost: %q", w)
	}
}

func TestDiscoverUniqueIDs(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"x/News/a.txt":    para,
		"y/news/b.txt":    para,
		"z/NEWS!/c.txt":   para,
		"w/Новости/d.txt": para,
		"v/新闻/e.txt":      para,
	})
	inputs := discover(t, filepath.Join(root, "x", "News"), filepath.Join(root, "y", "news"), filepath.Join(root, "z", "NEWS!"),
		filepath.Join(root, "w", "Новости"), filepath.Join(root, "v", "新闻"))
	got := ids(inputs)
	if !slices.Equal(got[:3], []string{"news", "news-2", "news-3"}) {
		t.Errorf("ids = %q", got)
	}
	for _, id := range got[3:] {
		if !safeID.MatchString(id) {
			t.Errorf("unsafe story ID %q", id)
		}
	}
	if got[3] == got[4] {
		t.Errorf("distinct non-Latin names share ID %q", got[3])
	}
}
