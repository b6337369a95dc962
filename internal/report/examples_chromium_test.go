package report

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/offline"
	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/pipeline"
)

// hostileArticle joins the harbor story as one more outlet whose name and
// text try every way into a page: a script element, an attribute break-out
// with an event handler, and a javascript: link.
const hostileArticle = `---
source: Evil <script>window.pwned=1</script> Wire
title: '"><img src=x onerror="window.pwned=2">'
url: javascript:window.pwned=3
---
The Harbor Bridge will close for repairs next month, the port authority said <script>window.pwned=4</script>.

Drivers were told to use the ferry "><img src=x onerror="window.pwned=5"> while the bridge is shut, and to [read the plan](javascript:window.pwned=6).
`

// examplesStride picks the examples TestChromiumExamples opens.
const examplesStride = 6

// TestChromiumExamples runs the real pipeline (offline engine) over
// bundled examples, with a hostile article added to one story, and opens
// every story report in headless Chromium: no console message and no
// request, no script in the DOM, one row per disputed point of
// disputes.json, and every quote link landing on its highlighted passage,
// every citation on its source's article. It takes the hostile article's
// story and every sixth other example (a dozen, of every kind the set
// holds): each page costs a browser load, under -race the run most of a
// minute per ten stories, and the engine's own tests read every example.
func TestChromiumExamples(t *testing.T) {
	bin := chromiumOrSkip(t)
	examples := filepath.Join("..", "..", "examples")
	in := t.TempDir()
	all, err := filepath.Glob(filepath.Join(examples, "[a-z0-9]*"))
	if err != nil {
		t.Fatal(err)
	}
	for k, dir := range all {
		if k%examplesStride != 0 && filepath.Base(dir) != "harbor-bridge-closure" {
			continue
		}
		if err := os.CopyFS(filepath.Join(in, filepath.Base(dir)), os.DirFS(dir)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(in, "harbor-bridge-closure", "evil-wire.md"), []byte(hostileArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs, err := ingest.Discover([]string{in}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Run(context.Background(), pipeline.OfflineEngine{Engine: offline.New(offline.DefaultOptions())}, inputs,
		pipeline.Options{OutDir: t.TempDir(), Concurrency: 2, Manifest: manifest.Manifest{Provider: "offline"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != 0 {
		t.Fatalf("run: exit %d, errors %+v", res.ExitCode, res.Manifest.Errors)
	}
	if err := WriteRun(res.Dir); err != nil {
		t.Fatal(err)
	}
	if len(res.Manifest.Stories) < 3 {
		t.Fatalf("%d stories, want the examples' 3", len(res.Manifest.Stories))
	}
	t.Run("runs", func(t *testing.T) {
		if err := WriteRunsIndex(filepath.Dir(res.Dir)); err != nil {
			t.Fatal(err)
		}
		runs := filepath.Join(filepath.Dir(res.Dir), "index.html")
		p := openInBrowser(t, bin, runs)
		checkLayout(t, bin, runs)
		if rows := p.all(func(n *html.Node) bool { return hasClass(n, "run-row") }); len(rows) != 1 {
			t.Errorf("%d runs listed, want 1", len(rows))
		}
	})
	t.Run("index", func(t *testing.T) {
		index := filepath.Join(res.Dir, "index.html")
		openInBrowser(t, bin, index)
		checkLayout(t, bin, index)
		// Sorted by disputed points, the first card is the story with the
		// most of them (the first such in run order on a tie).
		most, n := "", -1
		for _, st := range res.Manifest.Stories {
			if st.DisputedPoints > n {
				most, n = st.ID, st.DisputedPoints
			}
		}
		got := evaluate(t, bin, index, 1400, `(function () { var s = document.getElementById("sort"); s.value = "points"; s.dispatchEvent(new Event("change"));
			return document.querySelector("#stories > li").getAttribute("data-points") + " " + document.querySelector("#stories > li .mono:last-child").textContent; })()`)
		if want := fmt.Sprintf("%d %s", n, most); got[0] != want {
			t.Errorf("sorted by disputed points, the first card is %q, want %q", got[0], want)
		}
	})
	for _, st := range res.Manifest.Stories {
		t.Run(st.ID, func(t *testing.T) {
			dir := filepath.Join(res.Dir, st.Dir)
			var d story.Disputes
			data, err := os.ReadFile(filepath.Join(dir, "disputes.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &d); err != nil {
				t.Fatal(err)
			}
			p := openInBrowser(t, bin, filepath.Join(dir, "report.html"))
			if strings.Contains(p.raw, `href="javascript:`) {
				t.Error("a javascript: link survived")
			}
			rows := p.all(func(n *html.Node) bool { return hasClass(n, "point-row") })
			if len(rows) != len(d.DisputedPoints) {
				t.Errorf("%d dispute rows in the browser, %d points in disputes.json", len(rows), len(d.DisputedPoints))
			}
			quoteLinks := p.all(func(n *html.Node) bool {
				return n.DataAtom == atom.A && n.Parent != nil && hasClass(n.Parent, "quote")
			})
			if len(quoteLinks) == 0 && len(d.DisputedPoints) > 0 {
				t.Error("no quote links")
			}
			fold := func(s string) string { return strings.Join(strings.Fields(s), " ") }
			for _, a := range quoteLinks {
				// A passage quoted twice carries the second link's target as
				// an empty anchor at the start of the same mark; overlapping
				// quotes split marks, so the first mark holds the quote's
				// beginning.
				target := p.byID(strings.TrimPrefix(attr(a, "href"), "#"))
				mark := target
				if target != nil && target.DataAtom == atom.Span && target.Parent != nil {
					mark = target.Parent
				}
				quote := fold(strings.Trim(textOf(a), "“”"))
				if mark == nil || mark.DataAtom != atom.Mark || fold(textOf(mark)) == "" || !strings.HasPrefix(quote, fold(textOf(mark))) {
					t.Errorf("quote %q (link %s) does not land on its highlighted passage", quote, attr(a, "href"))
				}
			}
			cites := p.all(func(n *html.Node) bool { return n.DataAtom == atom.A && hasClass(n.Parent, "cite") })
			if len(cites) == 0 {
				t.Error("no citation links in the brief")
			}
			checkCitations(t, p, cites)
			checkLayout(t, bin, filepath.Join(dir, "report.html"))
			checkCitationOpensArticle(t, bin, filepath.Join(dir, "report.html"))
		})
	}
}

// within lists the nodes below n that match.
func (p *page) within(n *html.Node, match func(*html.Node) bool) []*html.Node {
	sub := &page{root: n}
	return sub.all(match)
}

// checkCitations checks that every citation link lands on the cited
// outlet's article: on a highlighted sentence inside its text, or, when
// no sentence backs the claim, on the article's section. It fails when
// fewer than half land on a sentence.
func checkCitations(t *testing.T, p *page, cites []*html.Node) {
	t.Helper()
	sentences := 0
	for _, a := range cites {
		target := p.byID(strings.TrimPrefix(attr(a, "href"), "#"))
		section := target
		for section != nil && !hasClass(section, "source") {
			section = section.Parent
		}
		if section == nil || len(p.within(section, func(n *html.Node) bool { return hasClass(n, "article-text") })) != 1 {
			t.Errorf("citation %q does not land on a source's article", textOf(a))
			continue
		}
		if h3 := p.within(section, func(n *html.Node) bool { return n.DataAtom == atom.H3 }); len(h3) == 0 || !strings.HasPrefix(textOf(h3[0]), textOf(a)) {
			t.Errorf("citation %q lands on another outlet's article", textOf(a))
		}
		if target.DataAtom == atom.Mark && hasClass(target, "support") {
			sentences++
		}
	}
	if 2*sentences < len(cites) {
		t.Errorf("%d of %d citations land on a sentence", sentences, len(cites))
	}
}
