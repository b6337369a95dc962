package ingest

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/summarize/summarize/internal/testfs"
)

const article = "---\nsource: Quay Weekly\n---\n" + para + " The vote was close.\n"

// loadAll discovers paths with opts and loads every story.
func loadAll(t *testing.T, opts Options, paths ...string) (names []string, sources []string, warnings []string, problems []string) {
	t.Helper()
	inputs, err := Discover(paths, opts)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	for _, in := range inputs {
		st := Load(context.Background(), in, opts)
		names = append(names, st.Name)
		for _, a := range st.Articles {
			sources = append(sources, a.Source)
		}
		warnings = append(warnings, st.Warnings...)
		for _, p := range st.Problems {
			problems = append(problems, p.Path+": "+p.Err)
		}
	}
	return names, sources, warnings, problems
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

// TestHostileFileSystem: links out of the input folder are not followed
// (unless allowed), loops are read once, and named pipes are skipped
// without being opened (opening one would block the run forever).
func TestHostileFileSystem(t *testing.T) {
	type want struct {
		stories  int
		sources  []string // every article read, in order
		warnings []string // a substring of some warning, each
	}
	cases := []struct {
		name  string
		setup func(t *testing.T, in, outside string) []string // returns the arguments
		opts  Options
		want  want
	}{
		{"link to a file outside", func(t *testing.T, in, outside string) []string {
			symlink(t, filepath.Join(outside, "secret.md"), filepath.Join(in, "passwd.md"))
			return []string{in}
		}, Options{}, want{1, []string{"Quay Weekly"}, []string{"passwd.md: a link to", "outside the input folder"}}},
		{"link to a file outside, allowed", func(t *testing.T, in, outside string) []string {
			symlink(t, filepath.Join(outside, "secret.md"), filepath.Join(in, "passwd.md"))
			return []string{in}
		}, Options{FollowLinks: true}, want{1, []string{"Quay Weekly", "Outside Gazette"}, nil}},
		{"link to a folder outside", func(t *testing.T, in, outside string) []string {
			symlink(t, outside, filepath.Join(in, "elsewhere"))
			return []string{in}
		}, Options{}, want{1, []string{"Quay Weekly"}, []string{"elsewhere: a link to"}}},
		{"link to a file outside, by a pattern", func(t *testing.T, in, outside string) []string {
			symlink(t, filepath.Join(outside, "secret.md"), filepath.Join(in, "passwd.md"))
			return []string{filepath.Join(in, "*.md")}
		}, Options{}, want{1, []string{"Quay Weekly"}, []string{"outside the input folder"}}},
		{"link to a file outside, named", func(t *testing.T, in, outside string) []string {
			// The operator named the link: it is read.
			symlink(t, filepath.Join(outside, "secret.md"), filepath.Join(in, "passwd.md"))
			return []string{filepath.Join(in, "passwd.md")}
		}, Options{}, want{1, []string{"Outside Gazette"}, nil}},
		{"link inside the folder", func(t *testing.T, in, outside string) []string {
			if err := os.Mkdir(filepath.Join(in, "sub"), 0o700); err != nil {
				t.Fatal(err)
			}
			writeFiles(t, filepath.Join(in, "sub"), map[string]string{"x.txt": "Other Paper\n\n" + para + " A second account of it.\n"})
			symlink(t, filepath.Join("sub", "x.txt"), filepath.Join(in, "other.txt"))
			return []string{filepath.Join(in, "other.txt"), filepath.Join(in, "a.md")}
		}, Options{}, want{1, []string{"Quay Weekly", "other"}, nil}},
		{"folder loop", func(t *testing.T, in, outside string) []string {
			symlink(t, ".", filepath.Join(in, "again"))
			symlink(t, "..", filepath.Join(in, "parent"))
			symlink(t, filepath.Base(in), filepath.Join(filepath.Dir(in), "story-link"))
			return []string{in, filepath.Join(filepath.Dir(in), "story-link")}
		}, Options{}, want{1, []string{"Quay Weekly"}, []string{"again: it is", "parent: a link to"}}},
		{"named pipe in the folder", func(t *testing.T, in, outside string) []string {
			testfs.Mkfifo(t, filepath.Join(in, "pipe.md"))
			return []string{in}
		}, Options{}, want{1, []string{"Quay Weekly"}, []string{"pipe.md: a named pipe"}}},
		{"link to a named pipe", func(t *testing.T, in, outside string) []string {
			testfs.Mkfifo(t, filepath.Join(in, "pipe"))
			symlink(t, "pipe", filepath.Join(in, "pipe.txt"))
			return []string{in}
		}, Options{}, want{1, []string{"Quay Weekly"}, []string{"pipe.txt: a named pipe"}}},
		{"named pipe named", func(t *testing.T, in, outside string) []string {
			testfs.Mkfifo(t, filepath.Join(in, "pipe.md"))
			return []string{filepath.Join(in, "pipe.md"), filepath.Join(in, "a.md")}
		}, Options{}, want{1, []string{"Quay Weekly"}, []string{"pipe.md: a named pipe"}}},
		{"named pipe by a pattern", func(t *testing.T, in, outside string) []string {
			testfs.Mkfifo(t, filepath.Join(in, "pipe.md"))
			return []string{filepath.Join(in, "*.md")}
		}, Options{}, want{1, []string{"Quay Weekly"}, []string{"pipe.md: a named pipe"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			in, outside := filepath.Join(root, "story"), filepath.Join(root, "outside")
			for _, d := range []string{in, outside} {
				if err := os.Mkdir(d, 0o700); err != nil {
					t.Fatal(err)
				}
			}
			writeFiles(t, in, map[string]string{"a.md": article})
			writeFiles(t, outside, map[string]string{"secret.md": "---\nsource: Outside Gazette\n---\nroot:x:0:0:root:/root:/bin/bash was never meant to be read. It is private.\n"})
			args := tc.setup(t, in, outside)
			names, sources, warnings, problems := loadAll(t, tc.opts, args...)
			if len(names) != tc.want.stories || !slices.Equal(sources, tc.want.sources) {
				t.Errorf("stories %q, articles %q; want %d stories, articles %q", names, sources, tc.want.stories, tc.want.sources)
			}
			if len(problems) > 0 {
				t.Errorf("problems: %q", problems)
			}
			all := strings.Join(warnings, "\n")
			for _, w := range tc.want.warnings {
				if !strings.Contains(all, w) {
					t.Errorf("no warning says %q; warnings:\n%s", w, all)
				}
			}
			if len(tc.want.warnings) == 0 && len(warnings) > 0 {
				t.Errorf("unexpected warnings:\n%s", all)
			}
		})
	}
}

func utf16Bytes(s string, bigEndian bool) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// TestHostileFileContents: text that used to be misread or to reach the
// outputs damaged.
func TestHostileFileContents(t *testing.T) {
	cases := []struct {
		name, file string
		data       []byte
		problem    string // a substring of the file's problem; "" for none
		warning    string // a substring of a warning; "" for none
	}{
		{"UTF-16 little-endian without BOM", "le.txt", utf16Bytes(para, false), "UTF-16 text (little-endian, without a byte-order mark)", ""},
		{"UTF-16 big-endian without BOM", "be.txt", utf16Bytes(para, true), "UTF-16 text (big-endian, without a byte-order mark)", ""},
		{"binary", "bin.txt", append([]byte("abc"), 0, 1, 2, 3, 0, 0, 7, 8), "binary file", ""},
		{"unclosed front matter", "open.md", []byte("---\nsource: Quay Weekly\n" + para + "\n"), "", "front matter opened on line 1 is never closed"},
		{"colon in an unquoted title", "colon.md", []byte("---\nsource: Quay Weekly\ntitle: Harbour vote: what it means\n---\n" + para + "\n"), "", "read as \"key: value\" lines"},
		{"title opening with a quotation", "quote.md", []byte("---\nsource: Quay Weekly\ntitle: \"Not on my watch\": harbour chief quits\n---\n" + para + "\n"), "", "read as \"key: value\" lines"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tc.file), tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			_, _, warnings, problems := loadAll(t, Options{}, filepath.Join(dir, tc.file))
			got := strings.Join(problems, "\n")
			if tc.problem == "" && got != "" || !strings.Contains(got, tc.problem) {
				t.Errorf("problems %q, want one saying %q", problems, tc.problem)
			}
			w := strings.Join(warnings, "\n")
			if tc.warning == "" && w != "" || !strings.Contains(w, tc.warning) {
				t.Errorf("warnings %q, want one saying %q", warnings, tc.warning)
			}
		})
	}
}

// TestControlCharactersInNames: a NUL or newline in a JSON "story",
// "source", "title", "url" or "published" field does not survive into the
// names the outputs print.
func TestControlCharactersInNames(t *testing.T) {
	dir := t.TempDir()
	line := `{"story":"Harbour\u0000 vote\n# injected","source":"Quay\u0000Weekly","title":"Vote\r\n# x","url":"https://example.org/a\u0000","published":"2026\u0007-01-02","text":"` + para + `"}`
	writeFiles(t, dir, map[string]string{"a.jsonl": line + "\n"})
	inputs, err := Discover([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		st := Load(context.Background(), in, Options{})
		fields := []string{st.Name}
		for _, a := range st.Articles {
			fields = append(fields, a.Source, a.Title, a.URL, a.Published)
		}
		for _, f := range fields {
			if strings.ContainsFunc(f, unicode.IsControl) {
				t.Errorf("%q holds a control character", f)
			}
		}
	}
}
