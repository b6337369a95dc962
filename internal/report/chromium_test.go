package report

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestChromium opens the fixture's pages in headless Chromium, as a
// reviewer would, and checks what the browser saw: no console message (a
// script that ran, or a load the CSP refused, would log one), no request
// made by the page, and a DOM with one row per disputed point whose
// citation and quote links land on existing elements. It is skipped when
// Chromium is not installed (Debian: apt-get install chromium).
//
// With SUMMARIZE_SCREENSHOT=path it also saves a screenshot of the story
// report there (the README's docs/report.png comes from it).
func TestChromium(t *testing.T) {
	bin := chromiumOrSkip(t)
	dir := writeFixture(t)
	if err := WriteRun(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"harbor-fire/report.html", "index.html", "quiet-day/report.html"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, filepath.FromSlash(name))
			p := openInBrowser(t, bin, path)
			for _, a := range p.all(func(n *html.Node) bool { return strings.HasPrefix(attr(n, "href"), "#") }) {
				if p.byID(strings.TrimPrefix(attr(a, "href"), "#")) == nil {
					t.Errorf("link %s lands nowhere", attr(a, "href"))
				}
			}
			if name != "harbor-fire/report.html" {
				return
			}
			rows := p.all(func(n *html.Node) bool { return hasClass(n, "point-row") })
			if want := len(fixtureDisputes().DisputedPoints); len(rows) != want {
				t.Errorf("%d dispute rows in the browser, want %d", len(rows), want)
			}
			// A citation lands on its source's section, which holds the
			// article; a quote's link lands on its highlighted passage
			// inside that article's text.
			cite := p.all(func(n *html.Node) bool { return n.DataAtom == atom.A && attr(n.Parent, "class") == "cite" })
			if len(cite) == 0 {
				t.Fatal("no citation links")
			}
			section := p.byID(strings.TrimPrefix(attr(cite[0], "href"), "#"))
			if section == nil || !strings.Contains(textOf(section), "Fire crews reached") {
				t.Error("the first citation does not land on the North Ledger article")
			}
			quoteLink := p.all(func(n *html.Node) bool { return attr(n, "href") == "#quote-1-2" })
			mark := p.byID("quote-1-2")
			if len(quoteLink) != 1 || mark == nil || mark.DataAtom != atom.Mark || !hasClass(mark.Parent, "article-text") ||
				textOf(mark) != "drew about sixty firefighters" {
				t.Error("the quote link does not land on the highlighted passage")
			}
			if shot := os.Getenv("SUMMARIZE_SCREENSHOT"); shot != "" {
				abs, err := filepath.Abs(shot)
				if err != nil {
					t.Fatal(err)
				}
				browse(t, bin, path, "--screenshot="+abs, "--window-size=1200,1900", "--hide-scrollbars")
				if _, err := os.Stat(abs); err != nil {
					t.Errorf("no screenshot: %v", err)
				}
			}
		})
	}
}

// chromiumOrSkip returns Chromium's path, skipping the test where it is
// not installed or under -short.
func chromiumOrSkip(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if _, err := os.Stat("/usr/bin/chromium"); err != nil {
			t.Skip("chromium is not installed")
		}
		bin = "/usr/bin/chromium"
	}
	return bin
}

// openInBrowser loads a page in headless Chromium and returns the DOM the
// browser built. It fails the test on any console message, any request the
// page made, and any script element or event handler in that DOM.
func openInBrowser(t *testing.T, bin, path string) *page {
	t.Helper()
	dom, pageRequests := browse(t, bin, path, "--dump-dom")
	for _, u := range pageRequests {
		t.Errorf("the page requested %s", u)
	}
	root, err := html.Parse(strings.NewReader(dom))
	if err != nil {
		t.Fatal(err)
	}
	p := &page{raw: dom, root: root}
	if n := len(p.all(func(n *html.Node) bool { return n.DataAtom == atom.Script || attr(n, "onerror") != "" })); n != 0 {
		t.Errorf("%d script elements or event handlers in the browser's DOM", n)
	}
	return p
}

// browse loads a file in headless Chromium with the given action flag and
// returns what Chromium wrote to stdout and the URLs the page itself
// requested. It fails the test on any console message.
func browse(t *testing.T, bin, path string, action ...string) (stdout string, pageRequests []string) {
	t.Helper()
	tmp := t.TempDir()
	netLog := filepath.Join(tmp, "net.json")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
		"--user-data-dir=" + filepath.Join(tmp, "profile"),
		"--enable-logging=stderr", "--v=0", "--log-net-log=" + netLog,
	}, action...)
	args = append(args, "file://"+filepath.ToSlash(path))
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = tmp
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errOut.String())
	}
	for _, line := range strings.Split(errOut.String(), "\n") {
		if strings.Contains(line, ":CONSOLE") {
			t.Errorf("console: %s", line)
		}
	}
	return out.String(), requestsByPage(t, netLog)
}

// requestsByPage reads a Chromium net log and returns the URLs of requests
// a page started. Chromium's own background requests (update checks and
// the like) have no initiating origin and are left out; a file:// page's
// requests carry its opaque origin, "null".
func requestsByPage(t *testing.T, netLog string) []string {
	t.Helper()
	data, err := os.ReadFile(netLog)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int `json:"type"`
			Params struct {
				Initiator string `json:"initiator"`
				URL       string `json:"url"`
			} `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("read net log: %v", err)
	}
	start, ok := log.Constants.LogEventTypes["URL_REQUEST_START_JOB"]
	if !ok {
		t.Fatal("net log names no URL_REQUEST_START_JOB events")
	}
	var urls []string
	for _, e := range log.Events {
		if e.Type == start && e.Params.URL != "" && e.Params.Initiator != "not an origin" {
			urls = append(urls, e.Params.URL)
		}
	}
	return urls
}
