package report

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// page is a parsed HTML page with helpers for the checks below.
type page struct {
	raw  string
	root *html.Node
}

func readPage(t *testing.T, path string) *page {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkWellFormed(t, path, data)
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return &page{raw: string(data), root: root}
}

// checkWellFormed fails unless every element the page opens is closed in
// order (void elements aside) and the page has a doctype, so browsers need
// none of their error recovery to read it.
func checkWellFormed(t *testing.T, name string, data []byte) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("<!DOCTYPE html>")) {
		t.Errorf("%s: no doctype", name)
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	var stack []string
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatalf("%s: %v", name, z.Err())
			}
			if len(stack) > 0 {
				t.Errorf("%s: unclosed elements %v", name, stack)
			}
			return
		case html.StartTagToken:
			tok := z.Token()
			if !isVoid(tok.DataAtom) {
				stack = append(stack, tok.Data)
			}
		case html.EndTagToken:
			tok := z.Token()
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				t.Fatalf("%s: </%s> closes %v", name, tok.Data, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
}

func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

func (p *page) all(match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.root)
	return out
}

func (p *page) byID(id string) *html.Node {
	found := p.all(func(n *html.Node) bool { return attr(n, "id") == id })
	if len(found) > 1 {
		panic("duplicate id " + id)
	}
	if len(found) == 0 {
		return nil
	}
	return found[0]
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func writeFixtureReport(t *testing.T) (dir string, report, index *page) {
	t.Helper()
	dir = writeFixture(t)
	if err := WriteRun(dir); err != nil {
		t.Fatal(err)
	}
	return dir, readPage(t, filepath.Join(dir, "harbor-fire", "report.html")), readPage(t, filepath.Join(dir, "index.html"))
}

func TestReportDisputeCards(t *testing.T) {
	_, p, _ := writeFixtureReport(t)
	cards := p.all(func(n *html.Node) bool { return hasClass(n, "point-row") })
	if want := len(fixtureDisputes().DisputedPoints); len(cards) != want {
		t.Fatalf("%d dispute cards, want %d", len(cards), want)
	}
	for i, c := range cards {
		// One row per outlet of the story, whether it takes a position or
		// not, and one for the unknown source some positions name.
		rows := (&page{root: c}).all(func(n *html.Node) bool { return hasClass(n, "row") })
		absent := (&page{root: c}).all(func(n *html.Node) bool { return hasClass(n, "not-mentioned") })
		positions := (&page{root: c}).all(func(n *html.Node) bool { return hasClass(n, "position") })
		if len(rows) < 3 || len(rows) > 4 {
			t.Errorf("card %d has %d rows, want one per outlet (3) and the unknown source", i, len(rows))
		}
		if len(absent)+len(positions) < len(rows) || len(absent) == len(rows) {
			t.Errorf("card %d: %d rows, %d positions, %d marked not mentioned", i, len(rows), len(positions), len(absent))
		}
		if len(p.all(func(n *html.Node) bool { return n.DataAtom == atom.H3 && n.Parent == c })) != 1 {
			t.Errorf("card %d has no topic heading", i)
		}
	}
}

func TestReportLinksTargetExistingIDs(t *testing.T) {
	_, p, _ := writeFixtureReport(t)
	links := p.all(func(n *html.Node) bool { return n.DataAtom == atom.A && strings.HasPrefix(attr(n, "href"), "#") })
	if len(links) < 10 {
		t.Fatalf("only %d in-page links", len(links))
	}
	for _, a := range links {
		if id := strings.TrimPrefix(attr(a, "href"), "#"); p.byID(id) == nil {
			t.Errorf("link %q (%q) targets no element", attr(a, "href"), textOf(a))
		}
	}
	// Known citations link to their source's section; the unknown one is
	// flagged and links nowhere.
	cites := p.all(func(n *html.Node) bool { return hasClass(n, "cite") })
	if len(cites) != 3 {
		t.Fatalf("%d citations, want 3", len(cites))
	}
	// The first citation's two outlets: North Ledger has a sentence that
	// backs the brief's ("Fire crews reached the old grain pier"), and
	// the link lands on it, highlighted; River Post's article shares too
	// few of its words with any of its sentences, and the link lands on
	// the article.
	first := (&page{root: cites[0]}).all(func(n *html.Node) bool { return n.DataAtom == atom.A })
	if len(first) != 2 {
		t.Fatalf("first citation links wrong: %q", textOf(cites[0]))
	}
	for i, want := range []struct {
		section  string
		sentence string
	}{{"source-north-ledger", "Fire crews reached the old grain pier"}, {"source-river-post", ""}} {
		target := p.byID(strings.TrimPrefix(attr(first[i], "href"), "#"))
		section := target
		for section != nil && attr(section, "id") != want.section {
			section = section.Parent
		}
		switch {
		case section == nil:
			t.Errorf("citation %q does not land in %s", textOf(first[i]), want.section)
		case want.sentence != "" && (target.DataAtom != atom.Mark || !hasClass(target, "support") || !strings.HasPrefix(textOf(target), want.sentence)):
			t.Errorf("citation %q does not land on the highlighted sentence %q", textOf(first[i]), want.sentence)
		case want.sentence == "" && target != section:
			t.Errorf("citation %q lands on %q, not on the article", textOf(first[i]), textOf(target))
		}
	}
	target := p.byID("source-north-ledger")
	if target == nil || !strings.Contains(textOf(target), "Fire crews reached") {
		t.Error("the North Ledger section does not hold its article")
	}
	unknown := (&page{root: cites[2]}).all(func(n *html.Node) bool { return hasClass(n, "unknown") })
	if len(unknown) != 1 || !strings.Contains(textOf(unknown[0]), "Phantom Times") {
		t.Errorf("unknown citation not flagged: %q", textOf(cites[2]))
	}
	if len((&page{root: cites[2]}).all(func(n *html.Node) bool { return n.DataAtom == atom.A })) != 0 {
		t.Error("unknown citation is a link")
	}
	// "[sic]" names nothing in the citations and stays text.
	if !strings.Contains(p.raw, "[sic]") {
		t.Error("a non-citation bracket was lost")
	}
}

func TestReportQuotesHighlightedAndLinked(t *testing.T) {
	_, p, _ := writeFixtureReport(t)
	marks := p.all(func(n *html.Node) bool { return n.DataAtom == atom.Mark && hasClass(n, "quote") })
	want := map[string]string{
		"quote-1-1": "Chief Ana Ruiz told reporters that “about forty firefighters”",
		"quote-1-2": "drew about sixty firefighters",
		"quote-2-1": "Officials blamed an electrical fault.",
		"quote-3-1": "the smoke  was visible\nfrom the ridge road",
	}
	if len(marks) != len(want) {
		t.Errorf("%d marks, want %d", len(marks), len(want))
	}
	for id, passage := range want {
		m := p.byID(id)
		if m == nil || m.DataAtom != atom.Mark {
			t.Errorf("no <mark id=%q>", id)
			continue
		}
		if got := textOf(m); got != passage {
			t.Errorf("mark %s holds %q, want %q", id, got, passage)
		}
		cellID := "position-" + strings.TrimPrefix(id, "quote-")
		cell := p.byID(cellID)
		if cell == nil {
			t.Errorf("no cell %s", cellID)
			continue
		}
		to := (&page{root: cell}).all(func(n *html.Node) bool { return attr(n, "href") == "#"+id })
		if len(to) != 1 {
			t.Errorf("cell %s does not link to %s", cellID, id)
		}
		back := m.NextSibling
		if back == nil || attr(back, "href") != "#"+cellID {
			t.Errorf("mark %s is not followed by a link back to %s", id, cellID)
		}
	}
}

func TestReportFlagsUnverifiedAndUnknown(t *testing.T) {
	_, p, _ := writeFixtureReport(t)
	for _, tc := range []struct {
		id    string
		flags []string
	}{
		{"position-1-1", nil},
		{"position-2-2", []string{"quote not verified"}},
		{"position-2-3", []string{"quote not verified", "unknown source"}},
	} {
		cell := p.byID(tc.id)
		if cell == nil {
			t.Fatalf("no %s", tc.id)
		}
		var got []string
		for _, f := range (&page{root: cell}).all(func(n *html.Node) bool { return hasClass(n, "flag") }) {
			got = append(got, textOf(f))
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.flags) {
			t.Errorf("%s flags %q, want %q", tc.id, got, tc.flags)
		}
	}
}

func TestReportEscapesHostileContent(t *testing.T) {
	dir, p, index := writeFixtureReport(t)
	for _, pg := range []*page{p, index, readPage(t, filepath.Join(dir, "quiet-day", "report.html"))} {
		// The index's own sorting script is the one script any page has.
		raw, scripts := pg.raw, 0
		for _, n := range pg.all(func(n *html.Node) bool { return n.DataAtom == atom.Script }) {
			if pg != index || textOf(n) != indexScript {
				t.Errorf("a <script> element: %.60q", textOf(n))
			}
			scripts++
			raw = strings.Replace(raw, "<script>"+indexScript+"</script>", "", 1)
		}
		if pg == index && scripts != 1 {
			t.Errorf("the index has %d scripts, want its own one", scripts)
		}
		if strings.Contains(strings.ToLower(raw), "<script") {
			t.Error(`the page contains "<script" unescaped`)
		}
		for _, n := range pg.all(func(*html.Node) bool { return true }) {
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("<%s> has event handler %s=%q", n.Data, a.Key, a.Val)
				}
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if (a.Key == "href" || a.Key == "src" || a.Key == "action") && strings.Contains(v, "script:") {
					t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
				}
			}
			if n.DataAtom == atom.Img || n.DataAtom == atom.Iframe {
				t.Errorf("<%s> element from content", n.Data)
			}
		}
	}
	// The hostile text is still there, as text.
	hostile := p.byID("source-evil-wire")
	for _, s := range []string{"<script>console.error('owned')</script>", `"><img src=x onerror=console.error(1)>`, "[here](javascript:alert(2))"} {
		if !strings.Contains(textOf(hostile), s) {
			t.Errorf("article text lost %q", s)
		}
	}
	if !strings.Contains(textOf(p.root), "<img src=x onerror=alert(7)>") {
		t.Error("a hostile claim was not shown as text")
	}
}

func TestReportLoadsNothing(t *testing.T) {
	dir, p, index := writeFixtureReport(t)
	for _, pg := range []*page{p, index, readPage(t, filepath.Join(dir, "quiet-day", "report.html"))} {
		csp := pg.all(func(n *html.Node) bool {
			return n.DataAtom == atom.Meta && strings.EqualFold(attr(n, "http-equiv"), "Content-Security-Policy")
		})
		// Nothing may be loaded and no script run, but the index's own
		// script, which its policy allows by hash and nothing else.
		want := ContentSecurityPolicy
		if pg == index {
			want = ContentSecurityPolicy + "; script-src " + scriptHash(indexScript)
		}
		if len(csp) != 1 || attr(csp[0], "content") != want || !strings.HasPrefix(want, "default-src 'none'") {
			t.Errorf("CSP missing or not as it must be: %v", csp)
		}
		for _, n := range pg.all(func(*html.Node) bool { return true }) {
			for _, a := range n.Attr {
				switch a.Key {
				case "src", "srcset", "poster", "data", "background":
					t.Errorf("<%s %s=%q> loads a resource", n.Data, a.Key, a.Val)
				case "href":
					if n.DataAtom != atom.A {
						t.Errorf("<%s href=%q> loads a resource", n.Data, a.Val)
					}
					v := strings.ToLower(a.Val)
					if strings.HasPrefix(v, "http:") || strings.HasPrefix(v, "https:") || strings.HasPrefix(v, "//") {
						// Links that leave the page are navigation only
						// and send no referrer: the article's own URL and
						// links a model wrote in Markdown.
						if attr(n, "rel") != "noopener noreferrer nofollow" {
							t.Errorf("link to another host: %q rel=%q", a.Val, attr(n, "rel"))
						}
					}
				}
			}
		}
		if strings.Contains(pg.raw, "url(") || strings.Contains(pg.raw, "@import") {
			t.Error("the stylesheet loads something")
		}
	}
}

func TestReportNotesMissingFiles(t *testing.T) {
	dir, p, index := writeFixtureReport(t)
	missing := p.byID("missing")
	if missing == nil || !strings.Contains(textOf(missing), "sources/evil-wire.md is missing") {
		t.Error("the missing summary is not reported")
	}
	quiet := readPage(t, filepath.Join(dir, "quiet-day", "report.html"))
	for _, f := range []string{"story.json", "brief.json", "disputes.json", "sources/only-one.md"} {
		if !strings.Contains(textOf(quiet.byID("missing")), f+" is missing") {
			t.Errorf("quiet-day report does not say %s is missing", f)
		}
	}
	rows := index.all(func(n *html.Node) bool { return hasClass(n, "story-row") })
	if len(rows) != 2 {
		t.Fatalf("index has %d story rows, want 2", len(rows))
	}
	var got [][]string
	for _, r := range rows {
		var cells []string
		for _, k := range []string{"data-sources", "data-points", "data-unverified", "data-failures"} {
			cells = append(cells, attr(r, k))
		}
		got = append(got, cells)
		link := (&page{root: r}).all(func(n *html.Node) bool { return n.DataAtom == atom.A })
		if len(link) != 1 {
			t.Errorf("row %v has no link", cells)
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(attr(link[0], "href")))); err != nil {
			t.Errorf("index links to a missing report: %v", err)
		}
	}
	// sources, disputed points, unverified quotes, failures
	want := [][]string{{"3", "3", "2", "1"}, {"1", "0", "0", "1"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("index counts %v, want %v", got, want)
	}
}

func TestReportWithoutManifest(t *testing.T) {
	dir := writeFixture(t)
	if err := os.Remove(filepath.Join(dir, "manifest.json")); err != nil {
		t.Fatal(err)
	}
	if err := WriteRun(dir); err != nil {
		t.Fatal(err)
	}
	index := readPage(t, filepath.Join(dir, "index.html"))
	if !strings.Contains(textOf(index.root), "manifest.json is missing") {
		t.Error("index does not say the manifest is missing")
	}
	if rows := index.all(func(n *html.Node) bool { return hasClass(n, "story-row") }); len(rows) != 1 {
		t.Errorf("%d story rows, want the one folder with a story.json", len(rows))
	}
	readPage(t, filepath.Join(dir, "harbor-fire", "report.html"))
}

func TestReportIsRebuiltInPlace(t *testing.T) {
	dir := writeFixture(t)
	for range 2 {
		if err := WriteRun(dir); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(filepath.Join(dir, "harbor-fire"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestReportSaysCarriedOver(t *testing.T) {
	dir := writeFixture(t)
	m := fixtureManifest()
	m.Stories[0].ReusedFrom = "20250101T000000Z"
	m.Totals.StoriesReused = 1
	writeJSON(t, filepath.Join(dir, "manifest.json"), m)
	if err := WriteRun(dir); err != nil {
		t.Fatal(err)
	}
	story := textOf(readPage(t, filepath.Join(dir, "harbor-fire", "report.html")).root)
	if !strings.Contains(story, "Carried over") || !strings.Contains(story, "from run 20250101T000000Z") {
		t.Error("the page of a carried-over story does not say where its files came from")
	}
	index := textOf(readPage(t, filepath.Join(dir, "index.html")).root)
	if !strings.Contains(index, "1 carried over unchanged") {
		t.Error("the run index does not count the carried-over story")
	}
	m.Stories[0].ReusedFrom, m.Totals.StoriesReused = "", 0
	writeJSON(t, filepath.Join(dir, "manifest.json"), m)
	if err := WriteRun(dir); err != nil {
		t.Fatal(err)
	}
	if story := textOf(readPage(t, filepath.Join(dir, "harbor-fire", "report.html")).root); strings.Contains(story, "Carried over") {
		t.Error("a computed story's page says it was carried over")
	}
}

func BenchmarkWriteRun(b *testing.B) {
	dir := writeFixture(b)
	for b.Loop() {
		if err := WriteRun(dir); err != nil {
			b.Fatal(err)
		}
	}
}
