package report

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/offline"
	"github.com/summarize/summarize/internal/sources"
	"github.com/summarize/summarize/pipeline"
)

// TestChromiumSeeds runs the five real seed articles (skipped when they
// are absent; their text stays outside this repository) through the
// offline engine with a registry entry mapping usatoday.com to "USA
// Today", and reads the story page, the run's index and the page over all
// runs in Chromium at 390 and 1400 px: one <h1>, nothing outside the
// viewport; the story page has a headline that is not the folder's name,
// every outlet in the outlets list, one card per disputed point, and
// names the USA Today article so, never after its domain.
func TestChromiumSeeds(t *testing.T) {
	bin := chromiumOrSkip(t)
	var seeds string
	for _, dir := range []string{filepath.Join("..", "..", "..", "shared", "seeds"), filepath.Join("..", "..", "..", "..", "shared", "seeds")} {
		if _, err := os.Stat(dir); err == nil {
			seeds = dir
			break
		}
	}
	if seeds == "" {
		t.Skip("seed articles absent")
	}
	inputs, err := ingest.Discover([]string{seeds}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reg := sources.New([]sources.Outlet{{Name: "USA Today", Domains: []string{"usatoday.com"}, Lean: "center"}})
	out := t.TempDir()
	res, err := pipeline.Run(context.Background(), pipeline.OfflineEngine{Engine: offline.New(offline.DefaultOptions())}, inputs,
		pipeline.Options{OutDir: out, Concurrency: 2, Ingest: ingest.Options{Namer: reg}, Manifest: manifest.Manifest{Provider: "offline"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteRunsIndex(out); err != nil {
		t.Fatal(err)
	}
	if err := WriteRun(res.Dir); err != nil {
		t.Fatal(err)
	}
	run, err := Load(res.Dir)
	if err != nil || len(run.Stories) != 1 || run.Stories[0].Disputes == nil {
		t.Fatalf("load the run: %v", err)
	}
	sf := run.Stories[0]
	report := filepath.Join(sf.Dir, "report.html")
	for _, path := range []string{report, filepath.Join(res.Dir, "index.html"), filepath.Join(out, "index.html")} {
		t.Run(filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), func(t *testing.T) {
			openInBrowser(t, bin, path)
			checkLayout(t, bin, path)
		})
	}
	p := openInBrowser(t, bin, report)
	h1 := p.all(func(n *html.Node) bool { return n.DataAtom == atom.H1 })
	if len(h1) != 1 || strings.TrimSpace(textOf(h1[0])) == "" || sameName(textOf(h1[0]), "seeds") {
		t.Errorf("headline %q", textOf(h1[0]))
	}
	outlets := p.all(func(n *html.Node) bool { return hasClass(n, "outlet") })
	var names []string
	for _, o := range outlets {
		names = append(names, textOf(o))
	}
	if len(names) != len(sf.Story.Articles) || !slices.Contains(names, "USA Today") {
		t.Errorf("outlets listed: %q, want the story's %d with USA Today", names, len(sf.Story.Articles))
	}
	cards := p.all(func(n *html.Node) bool { return hasClass(n, "point-row") })
	if len(cards) != len(sf.Disputes.DisputedPoints) {
		t.Errorf("%d cards, %d disputed points", len(cards), len(sf.Disputes.DisputedPoints))
	}
	if strings.Contains(p.raw, "www.usatoday.com") || strings.Contains(p.raw, "www-usatoday-com") {
		t.Error("the USA Today article is still named after its domain")
	}
}
