package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/story"
)

// loadDir discovers dir, which must be a single story, and loads it.
func loadDir(t *testing.T, dir string, opts Options) *story.Story {
	t.Helper()
	inputs, err := Discover([]string{dir}, opts)
	if err != nil {
		t.Fatalf("Discover(%s): %v", dir, err)
	}
	if len(inputs) != 1 {
		t.Fatalf("Discover(%s) found %d stories, want 1: %+v", dir, len(inputs), inputs)
	}
	return Load(context.Background(), inputs[0], opts)
}

// writeFiles creates files under dir from a name-to-content map.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	writeFilesB(t, dir, files)
}

func writeFilesB(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func bySource(s *story.Story) map[string]*story.Article {
	m := make(map[string]*story.Article)
	for _, a := range s.Articles {
		m[a.Source] = a
	}
	return m
}

func TestLoadFormats(t *testing.T) {
	s := loadDir(t, "testdata/formats", Options{})
	got := bySource(s)

	md := got["Harbor Gazette"]
	if md == nil {
		t.Fatalf("no Harbor Gazette article; sources: %v", sourceNames(s))
	}
	if md.Title != "Millbrook bridge shut after inspectors find cracked beam" ||
		md.URL != "https://harbor-gazette.example/millbrook-bridge" ||
		md.Published != "2024-05-02" || md.ID != "harbor-gazette" {
		t.Errorf("front matter not applied: %+v", md)
	}
	if strings.Contains(md.Text, "source:") || strings.Contains(md.Text, "---") {
		t.Errorf("front matter left in text: %q", md.Text)
	}

	txt := got["River Post"]
	if txt == nil {
		t.Fatalf("no River Post article (from its trailing Source line); sources: %v", sourceNames(s))
	}
	if txt.Title != "Millbrook closes Elm Street bridge" {
		t.Errorf("plain text title = %q", txt.Title)
	}
	if !strings.HasPrefix(txt.Text, "Millbrook closes Elm Street bridge\n\n") {
		t.Errorf("title line not kept as first paragraph: %q", txt.Text)
	}
	for _, gone := range []string{"\r", "Share", "12 Comments", "Source:"} {
		if strings.Contains(txt.Text, gone) {
			t.Errorf("text still contains %q: %q", gone, txt.Text)
		}
	}
	if !strings.Contains(txt.Text, "after inspectors reported a crack") {
		t.Errorf("hard-wrapped lines not joined: %q", txt.Text)
	}

	page := got["Valley News"]
	if page == nil {
		t.Fatalf("no Valley News article (site name of the HTML page); sources: %v", sourceNames(s))
	}
	if page.Title != "Elm Street bridge closed for repairs" {
		t.Errorf("HTML title = %q", page.Title)
	}
	if page.URL != "https://valley-news.example/2024/05/elm-street-bridge" {
		t.Errorf("HTML URL = %q", page.URL)
	}
	if !strings.Contains(page.Text, "Shops near the bridge said they feared losing passing trade") {
		t.Errorf("HTML article text missing: %q", page.Text)
	}
	for _, junk := range []string{"Weather", "Tweet", "Privacy", "All rights reserved"} {
		if strings.Contains(page.Text, junk) {
			t.Errorf("HTML boilerplate %q kept: %q", junk, page.Text)
		}
	}
	if got := strings.Count(page.Text, "\n\n"); got < 2 {
		t.Errorf("HTML paragraphs not kept apart (%d breaks): %q", got, page.Text)
	}

	wire := got["Metro Wire"]
	if wire == nil || wire.Path != filepath.Join("testdata", "formats", "wire.jsonl")+":1" || wire.Published != "2024-05-03" {
		t.Errorf("JSON Lines record: %+v", wire)
	}
	if radio := got["County Radio"]; radio == nil || !strings.HasSuffix(radio.Path, "wire.jsonl:4") {
		t.Errorf("JSON Lines record after a bad line: %+v", radio)
	}
	if a := got["Evening Ledger"]; a == nil || !strings.HasSuffix(a.Path, "digest.json:3") {
		t.Errorf("second element of a JSON array: %+v", a)
	}
	if a := got["Town Hall Bulletin"]; a == nil || !strings.HasSuffix(a.Path, "digest.json:2") || a.Title != "Notice: Elm Street bridge" {
		t.Errorf("first element of a JSON array: %+v", a)
	}
	if a := got["Northern Courier"]; a == nil || a.Path != filepath.Join("testdata", "formats", "single.json") {
		t.Errorf("single JSON object: %+v", a)
	}
	if len(s.Articles) != 8 {
		t.Errorf("got %d articles, want 8: %v", len(s.Articles), sourceNames(s))
	}

	wantProblem(t, s, "wire.jsonl:2", "line 2", "invalid")
	if len(s.Problems) != 1 {
		t.Errorf("problems = %+v, want only the bad JSON line", s.Problems)
	}
	if !slices.ContainsFunc(s.Warnings, func(w string) bool { return strings.Contains(w, "notes.csv") }) {
		t.Errorf("no warning for the unsupported notes.csv: %q", s.Warnings)
	}
	for _, a := range s.Articles {
		if strings.Contains(a.Path, "_truth") {
			t.Errorf("_truth.json was read: %+v", a)
		}
		if a.SHA256 != story.Digest(a.Text) {
			t.Errorf("%s: SHA256 is not the digest of Text", a.ID)
		}
	}
	paths := make([]string, len(s.Articles))
	for i, a := range s.Articles {
		paths[i] = a.Path
	}
	if want := []string{
		"testdata/formats/digest.json:2", "testdata/formats/digest.json:3", "testdata/formats/harbor-gazette.md",
		"testdata/formats/river-post.txt", "testdata/formats/single.json", "testdata/formats/valley-news.html",
		"testdata/formats/wire.jsonl:1", "testdata/formats/wire.jsonl:4",
	}; !slices.Equal(paths, want) {
		t.Errorf("article order:\n got %q\nwant %q", paths, want)
	}
}

func sourceNames(s *story.Story) []string {
	var names []string
	for _, a := range s.Articles {
		names = append(names, a.Source)
	}
	return names
}

// wantProblem fails unless s has a problem whose path ends in pathSuffix
// and whose message contains every one of words.
func wantProblem(t *testing.T, s *story.Story, pathSuffix string, words ...string) {
	t.Helper()
	for _, p := range s.Problems {
		if !strings.HasSuffix(p.Path, pathSuffix) {
			continue
		}
		for _, w := range words {
			if !strings.Contains(p.Err, w) {
				t.Errorf("problem for %s is %q; want it to say %q", p.Path, p.Err, w)
			}
		}
		return
	}
	t.Errorf("no problem for %s; problems: %+v", pathSuffix, s.Problems)
}

func TestLoadBadInput(t *testing.T) {
	dir := t.TempDir()
	good := "The lighthouse on Gull Point was repainted this spring by volunteers from the village."
	writeFiles(t, dir, map[string]string{
		"good.txt":       good,
		"bom-crlf.txt":   "\uFEFFTide tables changed\r\n\r\nThe harbour office printed new tide tables after\r\nthe survey boat measured the channel again.\r\n",
		"empty.txt":      "",
		"binary.txt":     "PK\x03\x04\x00\x00some zip bytes",
		"latin1.txt":     "Caf\xe9 owners met on Tuesday.",
		"big.txt":        strings.Repeat("The quay was busy. ", 20),
		"blank.md":       "---\nsource: Empty Desk\n---\n   \n\t\n",
		"furniture.txt":  "Share\n\nTweet\n\nAdvertisement\n",
		"nav.html":       `<html><head><title>Menu</title></head><body><nav><a href="/">Home</a></nav><script>var x = 1;</script></body></html>`,
		"bad.jsonl":      "{\"source\": \"Tide Watch\", \"text\": \"Spring tides are due this week.\"}\n{not json}\n[1, 2]\n{\"source\": \"Quay Notes\", \"text\": 42}\n{\"source\": \"Harbour FM\", \"text\": \"   \"}\n",
		"broken.json":    "[{\"source\": \"Pier Log\", \"text\": \"The pier reopened.\"},\n {\"source\": ",
		"frontmatter.md": "---\n[unclosed\n---\nThe gulls returned early.",
		"utf16.txt":      "\xff\xfeT\x00i\x00d\x00e\x00",
		"mid.json":       "[\n {\"source\": \"Dock Diary\", \"text\": \"Cranes were idle.\"},\n {\"source\" \"Broken\"},\n {\"source\": \"Lost\", \"text\": \"Never read.\"}\n]\n",
	})
	s := loadDir(t, dir, Options{MaxFileBytes: 200})
	for _, p := range s.Problems {
		t.Logf("%s: %s", filepath.Base(p.Path), p.Err)
	}

	wantProblem(t, s, "empty.txt", "empty file")
	wantProblem(t, s, "binary.txt", "binary", "offset 4")
	wantProblem(t, s, "latin1.txt", "invalid UTF-8", "offset 3")
	wantProblem(t, s, "big.txt", "380 bytes", "200 bytes", "limit")
	wantProblem(t, s, "blank.md", "no text")
	wantProblem(t, s, "furniture.txt", "no text")
	wantProblem(t, s, "nav.html", "no article text")
	wantProblem(t, s, "bad.jsonl:2", "line 2", "invalid")
	wantProblem(t, s, "bad.jsonl:3", "line 3", "not a JSON object")
	wantProblem(t, s, "bad.jsonl:4", "line 4", `"text"`, "number")
	wantProblem(t, s, "bad.jsonl:5", `no "text"`)
	wantProblem(t, s, "broken.json", "invalid JSON", "line 2")
	wantProblem(t, s, "frontmatter.md", "front matter")
	wantProblem(t, s, "utf16.txt", "UTF-16")
	wantProblem(t, s, "mid.json", "invalid JSON at line 3, column 12")
	if len(s.Problems) != 15 {
		t.Errorf("got %d problems, want 15: %+v", len(s.Problems), s.Problems)
	}

	got := bySource(s)
	if a := got["good"]; a == nil || a.Text != good {
		t.Errorf("good.txt (source from its name): %+v", a)
	}
	if a := got["bom-crlf"]; a == nil || a.Title != "Tide tables changed" ||
		a.Text != "Tide tables changed\n\nThe harbour office printed new tide tables after the survey boat measured the channel again." {
		t.Errorf("BOM and CRLF file: %+v", a)
	}
	if a := got["Tide Watch"]; a == nil {
		t.Errorf("good line of bad.jsonl not loaded")
	}
	if a := got["Pier Log"]; a == nil {
		t.Errorf("record before the syntax error of broken.json not loaded")
	}
	if a := got["Dock Diary"]; a == nil || !strings.HasSuffix(a.Path, "mid.json:2") {
		t.Errorf("record before the syntax error of mid.json: %+v", a)
	}
	if len(s.Articles) != 5 {
		t.Errorf("got %d articles, want 5: %v", len(s.Articles), sourceNames(s))
	}
}

func TestLoadEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"_truth.json": "{}", ".hidden.txt": "Hidden text."})
	s := loadDir(t, dir, Options{})
	if len(s.Articles) != 0 {
		t.Errorf("articles from an empty folder: %+v", s.Articles)
	}
	wantProblem(t, s, filepath.Base(dir), "no article files", ".txt", ".md", ".html", ".json", ".jsonl")
}

func TestLoadDefaultSizeLimit(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"huge.txt": strings.Repeat("Fishing boats came home. ", 220_000)})
	s := loadDir(t, dir, Options{})
	wantProblem(t, s, "huge.txt", "5.2 MiB", "over the 5 MiB limit")
}

func TestDedupe(t *testing.T) {
	long := generatedArticle(0, 300) + " A spokesperson declined to name the shipyard that won the contract."
	nearly := strings.Replace(long, "declined to name", "would not name", 1)
	other := generatedArticle(1, 300)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a-island-times.txt": long,
		"b-copy.txt":         long + "\n\nShare\n",
		"c-reworded.txt":     nearly,
		"d-other.txt":        other,
	})
	s := loadDir(t, dir, Options{})
	if names := sourceNames(s); !slices.Equal(names, []string{"a-island-times", "d-other"}) {
		t.Errorf("kept %v, want the first of the duplicates and the distinct article", names)
	}
	if len(s.Warnings) != 2 {
		t.Fatalf("warnings = %q, want two", s.Warnings)
	}
	exact, near := s.Warnings[0], s.Warnings[1]
	if !strings.Contains(exact, "b-copy.txt") || !strings.Contains(exact, "a-island-times.txt") || !strings.Contains(exact, "same text") {
		t.Errorf("exact duplicate warning = %q", exact)
	}
	if !strings.Contains(near, "c-reworded.txt") || !strings.Contains(near, "a-island-times.txt") || !strings.Contains(near, "near-duplicate") {
		t.Errorf("near duplicate warning = %q", near)
	}
}

func TestJaccard(t *testing.T) {
	a := shingles("one two three four five six seven")
	if got := jaccard(a, a); got != 1 {
		t.Errorf("jaccard(a, a) = %v", got)
	}
	b := shingles("one two three four five six eight")
	// a has 3 shingles, b has 3, they share 2: 2/4.
	if got := jaccard(a, b); got != 0.5 {
		t.Errorf("jaccard = %v, want 0.5", got)
	}
	if got := len(shingles("too short")); got != 1 {
		t.Errorf("a short text has %d shingles, want 1", got)
	}
}

var safeID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestSlugSafety(t *testing.T) {
	sources := []string{
		"../../etc/passwd", "Reuters/AP", "..", ".", "a.b.c", "Bell\x07 \x1b[31mRed\x00",
		"Новая газета", "東京新聞", "东京新闻", "Le Monde", "Le Monde", "le-monde", "   ",
		`C:\Windows\system32`, strings.Repeat("very long outlet name ", 10),
	}
	var lines []string
	for i, src := range sources {
		lines = append(lines, `{"source": `+jsonString(src)+`, "text": "Article number `+strings.Repeat("x", i+1)+` about the harbour."}`)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"all.jsonl": strings.Join(lines, "\n")})
	s := loadDir(t, dir, Options{})
	if len(s.Articles) != len(sources) {
		t.Fatalf("got %d articles, want %d; problems %+v", len(s.Articles), len(sources), s.Problems)
	}
	seen := make(map[string]bool)
	for _, a := range s.Articles {
		if !safeID.MatchString(a.ID) || len(a.ID) > 70 {
			t.Errorf("source %q got unsafe ID %q", a.Source, a.ID)
		}
		if filepath.Base(a.ID) != a.ID || a.ID == "." || a.ID == ".." {
			t.Errorf("ID %q is not a plain file name", a.ID)
		}
		if seen[a.ID] {
			t.Errorf("ID %q used twice", a.ID)
		}
		seen[a.ID] = true
		if strings.ContainsFunc(a.Source, func(r rune) bool { return r < ' ' }) {
			t.Errorf("control characters kept in source %q", a.Source)
		}
	}
	if !seen["le-monde"] || !seen["le-monde-2"] || !seen["le-monde-3"] {
		t.Errorf("repeated sources not suffixed: %v", seen)
	}
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < ' ':
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func TestLoadRespectsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	inputs, err := Discover([]string{"testdata/formats"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := Load(ctx, inputs[0], Options{})
	if len(s.Articles) != 0 {
		t.Errorf("loaded %d articles after cancellation", len(s.Articles))
	}
	if len(s.Problems) != len(inputs[0].Files) {
		t.Errorf("problems = %+v, want one per unread file", s.Problems)
	}
	for _, p := range s.Problems {
		if !strings.Contains(p.Err, context.Canceled.Error()) {
			t.Errorf("problem %+v does not say why", p)
		}
	}
}

func TestLoadFile(t *testing.T) {
	articles, problems := LoadFile("testdata/formats/wire.jsonl", Options{})
	if len(articles) != 2 || len(problems) != 1 {
		t.Fatalf("LoadFile: %d articles, problems %+v", len(articles), problems)
	}
	if articles[0].ID != "metro-wire" || articles[1].ID != "county-radio" {
		t.Errorf("IDs %q, %q", articles[0].ID, articles[1].ID)
	}
	if articles[0].SHA256 != story.Digest(articles[0].Text) {
		t.Error("SHA256 not set")
	}
	if _, problems := LoadFile("testdata/no-such-file.txt", Options{}); len(problems) != 1 || !strings.Contains(problems[0].Err, "no such file") {
		t.Errorf("missing file: %+v", problems)
	}
}

func TestLoadKeepsProblemsOfDiscover(t *testing.T) {
	in := Input{ID: "x", Name: "x", Path: "x", Problems: []story.Problem{{Path: "x", Err: "read folder: permission denied"}}}
	s := Load(context.Background(), in, Options{})
	if len(s.Problems) != 1 || s.Problems[0].Err != "read folder: permission denied" {
		t.Errorf("problems = %+v", s.Problems)
	}
	if s.Version != story.StoryVersion || s.ID != "x" {
		t.Errorf("story header = %+v", s)
	}
}

// seedsDir holds five real press articles on one story, kept outside the
// repository; the test reads them in place.
const seedsDir = "../../../shared/seeds"

func TestSeeds(t *testing.T) {
	if _, err := os.Stat(seedsDir); errors.Is(err, os.ErrNotExist) {
		t.Skip("no seeds at", seedsDir)
	}
	s := loadDir(t, seedsDir, Options{})
	if len(s.Articles) != 5 || len(s.Problems) != 0 || len(s.Warnings) != 0 {
		t.Fatalf("seeds: %d articles, problems %+v, warnings %q", len(s.Articles), s.Problems, s.Warnings)
	}
	for _, a := range s.Articles {
		for _, line := range strings.Split(a.Text, "\n") {
			switch line {
			case "Connect with us", "1x", "Published", "on", "News":
				t.Errorf("%s: furniture line %q kept", a.Path, line)
			}
		}
		if strings.Contains(a.Text, "Original Source") {
			t.Errorf("%s: attribution line kept", a.Path)
		}
	}
	usatoday := bySource(s)["www.usatoday.com"]
	if usatoday == nil || !strings.HasPrefix(filepath.Base(usatoday.Path), "002_") {
		t.Errorf("usatoday source not taken from its Original Source line; sources %v", sourceNames(s))
	}
	first := s.Articles[0]
	if !strings.Contains(first.Text, "U.S. President Donald Trump.") {
		t.Errorf("%s: hard-wrapped \"U.S. President\" / \"Donald Trump.\" not joined", first.Path)
	}
}
