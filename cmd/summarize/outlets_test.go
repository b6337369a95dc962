package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/manifest"
)

// TestOutletRegistryNamesArticles runs the seed articles (skipped when
// they are absent) with a registry entry for usatoday.com, given in a
// configuration file and, in a copy of the seeds, in a sources.yaml
// beside them: the article whose last line is "Original Source:
// www.usatoday.com" is "USA Today" in every file the run writes, and the
// articles named after hash-like file names are warned about.
func TestOutletRegistryNamesArticles(t *testing.T) {
	seeds := seedsDir(t)
	const entry = "- name: USA Today\n  domains: [usatoday.com]\n  lean: center\n"
	conf := filepath.Join(t.TempDir(), "summarize.yaml")
	if err := os.WriteFile(conf, []byte("sources:\n"+strings.ReplaceAll("  "+entry, "\n  ", "\n    ")), 0o600); err != nil {
		t.Fatal(err)
	}
	beside := filepath.Join(t.TempDir(), "seeds")
	if err := os.CopyFS(beside, os.DirFS(seeds)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(beside, "sources.yaml"), []byte(entry), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{
		"config":       {"--config", conf, seeds},
		"sources.yaml": {beside},
	} {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			code, _, stderr := cli(t, nil, append([]string{"run", "--out", out}, args...)...)
			m, err := manifest.Read(filepath.Join(out, "latest", "manifest.json"))
			if err != nil {
				t.Fatalf("exit %d, %v\n%s", code, err, stderr)
			}
			// A story the checks flag still has all its files; the run
			// then exits 1 (see checks.gates).
			if code != 0 && (code != 1 || m.Status != "flagged") {
				t.Fatalf("exit %d, status %s\n%s", code, m.Status, stderr)
			}
			if len(m.Stories) != 1 || !strings.Contains(strings.Join(m.Stories[0].Warnings, "\n"), "has no outlet name") {
				t.Errorf("no manifest warning about the hash-named articles: %+v", m.Stories)
			}
			if strings.Contains(strings.Join(m.Stories[0].Warnings, "\n"), "sources.yaml: not an article") {
				t.Error("sources.yaml was taken for an article file")
			}
			dir := filepath.Join(out, "latest", m.Stories[0].Dir)
			files := 0
			_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				files++
				if strings.Contains(string(data), "www.usatoday.com") || strings.Contains(string(data), "www-usatoday-com") {
					t.Errorf("%s still names the article after its domain", path)
				}
				return nil
			})
			for _, f := range []string{"story.json", "brief.md", "disputes.json", "sources/usa-today.md", "report.html"} {
				data, err := os.ReadFile(filepath.Join(dir, f))
				if err != nil || !strings.Contains(string(data), "USA Today") {
					t.Errorf("%s does not name USA Today (%v)", f, err)
				}
			}
			if files < 5 {
				t.Errorf("only %d files checked", files)
			}
		})
	}
}

// seedsDir returns the folder of the five real seed articles, read in
// place (their text is never copied into this repository), skipping the
// test when it is absent. It lies beside the repository, or beside the
// folder of worktrees the repository is checked out in.
func seedsDir(t *testing.T) string {
	t.Helper()
	for _, dir := range []string{filepath.Join("..", "..", "..", "shared", "seeds"), filepath.Join("..", "..", "..", "..", "shared", "seeds")} {
		if _, err := os.Stat(dir); err == nil {
			return dir
		}
	}
	t.Skip("seed articles absent")
	return ""
}

// TestSourcesFileInStoryFolder: a sources.yaml inside one story folder of
// a folder of stories names that story's outlet (our own articles).
func TestSourcesFileInStoryFolder(t *testing.T) {
	root := t.TempDir()
	story := filepath.Join(root, "pier")
	if err := os.MkdirAll(story, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"a.md":         "---\nurl: https://www.northledger.example/pier\n---\nThe pier reopened on Monday after a week of repairs, the harbour office said.\n",
		"b.md":         "---\nsource: River Post\n---\nThe pier reopened on Tuesday after nine days of repairs, officials said.\n",
		"sources.yaml": "- name: North Ledger\n  domains: [northledger.example]\n  lean: left\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(story, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	code, _, stderr := cli(t, nil, "run", "--out", out, root)
	m, err := manifest.Read(filepath.Join(out, "latest", "manifest.json"))
	if err != nil || code != 0 && m.Status != "flagged" {
		t.Fatalf("exit %d, %v\n%s", code, err, stderr)
	}
	data, err := os.ReadFile(filepath.Join(out, "latest", "pier", "story.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"source": "North Ledger"`) || !strings.Contains(string(data), `"lean": "left"`) {
		t.Errorf("the article with a northledger.example URL is not North Ledger (lean left):\n%s", data)
	}
}
