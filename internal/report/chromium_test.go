package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
			checkLayout(t, bin, path)
			for _, a := range p.all(func(n *html.Node) bool { return strings.HasPrefix(attr(n, "href"), "#") }) {
				if p.byID(strings.TrimPrefix(attr(a, "href"), "#")) == nil {
					t.Errorf("link %s lands nowhere", attr(a, "href"))
				}
			}
			if name == "index.html" {
				checkIndexControls(t, bin, path)
			}
			if name != "harbor-fire/report.html" {
				return
			}
			cards := p.all(func(n *html.Node) bool { return hasClass(n, "point-row") })
			if want := len(fixtureDisputes().DisputedPoints); len(cards) != want {
				t.Errorf("%d dispute cards in the browser, want %d", len(cards), want)
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
	// A page may carry only scripts its own policy allows by hash (the
	// index's sorting), and no event handler attribute.
	policy := ""
	for _, m := range p.all(func(n *html.Node) bool { return attr(n, "http-equiv") == "Content-Security-Policy" }) {
		policy = attr(m, "content")
	}
	scripts := ""
	for _, d := range strings.Split(policy, ";") {
		if f := strings.Fields(d); len(f) > 0 && f[0] == "script-src" {
			scripts = d
		}
	}
	for _, n := range p.all(func(n *html.Node) bool { return n.DataAtom == atom.Script }) {
		if !strings.Contains(scripts, scriptHash(textOf(n))) || strings.Contains(scripts, "unsafe") {
			t.Errorf("a script the page's policy does not allow by hash: %.80q", textOf(n))
		}
	}
	handlers := p.all(func(n *html.Node) bool {
		return slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return strings.HasPrefix(a.Key, "on") })
	})
	if len(handlers) != 0 {
		t.Errorf("%d elements with event handlers in the browser's DOM", len(handlers))
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

// layout is what layoutScript measured of a page in the browser.
type layout struct {
	// Viewport is the page's width in CSS pixels, ScrollWidth its
	// document's.
	Viewport    int `json:"vw"`
	ScrollWidth int `json:"sw"`
	// Height is the document's height in CSS pixels.
	Height int `json:"height"`
	H1     int `json:"h1"`
	// Outside lists the rendered elements that reach beyond the left or
	// right edge of the viewport, scroll containers' content included.
	Outside []string `json:"outside"`
}

// layoutScript measures the laid-out page and returns the result as JSON.
// An element inside a closed <details> is not rendered and has an empty
// box.
const layoutScript = `(function () {
var vw = document.documentElement.clientWidth, out = [];
document.querySelectorAll("body *").forEach(function (e) {
  var r = e.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) { return; }
  if (r.right > vw + 0.5 || r.left < -0.5) {
    out.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/ +/).join(".") : "") +
      " [" + Math.round(r.left) + ", " + Math.round(r.right) + "]");
  }
});
return JSON.stringify({vw: vw, sw: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight, h1: document.querySelectorAll("h1").length, outside: out});
})()`

// measureLayout opens the page at path in Chromium with a viewport width
// CSS pixels wide and returns what layoutScript measured there. Headless
// Chromium will not make a window narrower than 500 pixels, so the page
// is driven over the DevTools protocol (--remote-debugging-pipe), which
// sets the viewport as a phone's would be (Emulation.setDeviceMetricsOverride)
// and evaluates the script without touching the page or its policy.
// Console messages of the page fail the test.
func measureLayout(t *testing.T, bin, path string, width int) layout {
	t.Helper()
	var l layout
	out := evaluate(t, bin, path, width, layoutScript)
	if err := json.Unmarshal([]byte(out[0]), &l); err != nil {
		t.Fatalf("layout script: %v (%q)", err, out[0])
	}
	return l
}

// evaluate opens the page at path as measureLayout does and evaluates
// each expression in it, in order, returning their values as strings.
func evaluate(t *testing.T, bin, path string, width int, expressions ...string) []string {
	t.Helper()
	tmp := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	toChrome, commands, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	replies, fromChrome, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions", "--hide-scrollbars",
		"--user-data-dir="+filepath.Join(tmp, "profile"), "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{toChrome, fromChrome} // fd 3: commands in, fd 4: replies out
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	toChrome.Close()
	fromChrome.Close()
	defer func() {
		commands.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		replies.Close()
	}()
	c := &cdp{t: t, w: commands, r: bufio.NewReader(replies)}
	var targets struct {
		TargetInfos []struct{ TargetID, Type string } `json:"targetInfos"`
	}
	c.call("", "Target.getTargets", nil, &targets)
	var page string
	for _, ti := range targets.TargetInfos {
		if ti.Type == "page" {
			page = ti.TargetID
		}
	}
	if page == "" {
		t.Fatalf("no page target: %+v", targets)
	}
	var attached struct{ SessionID string }
	c.call("", "Target.attachToTarget", map[string]any{"targetId": page, "flatten": true}, &attached)
	sid := attached.SessionID
	c.call(sid, "Page.enable", nil, nil)
	c.call(sid, "Runtime.enable", nil, nil)
	c.call(sid, "Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": 2000, "deviceScaleFactor": 1, "mobile": width < 500}, nil)
	c.call(sid, "Page.navigate", map[string]any{"url": "file://" + filepath.ToSlash(path)}, nil)
	c.waitFor("Page.loadEventFired")
	var values []string
	for _, e := range expressions {
		var res struct {
			Result struct {
				Value any `json:"value"`
			} `json:"result"`
			ExceptionDetails any `json:"exceptionDetails"`
		}
		c.call(sid, "Runtime.evaluate", map[string]any{"expression": e, "returnByValue": true, "awaitPromise": true}, &res)
		if res.ExceptionDetails != nil {
			t.Fatalf("evaluate %.60q: %v", e, res.ExceptionDetails)
		}
		values = append(values, fmt.Sprint(res.Result.Value))
	}
	for _, m := range c.console {
		t.Errorf("console: %s", m)
	}
	return values
}

// cdp speaks the DevTools protocol over Chromium's pipe: JSON messages
// ended by a NUL byte, commands with an id answered by a reply with the
// same id, events in between.
type cdp struct {
	t       *testing.T
	w       io.Writer
	r       *bufio.Reader
	id      int
	events  []string // methods of the events seen
	console []string // console messages and exceptions of the page
}

type cdpMessage struct {
	ID     int             `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

func (c *cdp) call(session, method string, params, result any) {
	c.t.Helper()
	c.id++
	msg := map[string]any{"id": c.id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	data, err := json.Marshal(msg)
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := c.w.Write(append(data, 0)); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
	for {
		m := c.read()
		if m.ID != c.id {
			continue
		}
		if m.Error != nil {
			c.t.Fatalf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				c.t.Fatalf("%s: %v", method, err)
			}
		}
		return
	}
}

// waitFor reads messages until the event named method has arrived.
func (c *cdp) waitFor(method string) {
	c.t.Helper()
	for !slices.Contains(c.events, method) {
		c.read()
	}
}

func (c *cdp) read() cdpMessage {
	c.t.Helper()
	data, err := c.r.ReadBytes(0)
	if err != nil {
		c.t.Fatalf("read from chromium: %v", err)
	}
	var m cdpMessage
	if err := json.Unmarshal(data[:len(data)-1], &m); err != nil {
		c.t.Fatalf("read from chromium: %v", err)
	}
	if m.Method != "" {
		c.events = append(c.events, m.Method)
		switch m.Method {
		case "Runtime.consoleAPICalled", "Runtime.exceptionThrown":
			c.console = append(c.console, string(m.Params))
		}
	}
	return m
}

// checkLayout fails unless the page, at 390 and 1400 CSS pixels (a
// phone and a desktop window), has one <h1>, no horizontal scrolling and
// no element outside the viewport.
func checkLayout(t *testing.T, bin, path string) {
	t.Helper()
	for _, width := range []int{390, 1400} {
		l := measureLayout(t, bin, path, width)
		t.Logf("%s at %d px: %d px high, %d <h1>, %d elements outside the viewport", filepath.Base(path), width, l.Height, l.H1, len(l.Outside))
		if l.Viewport != width {
			t.Errorf("%d px: the viewport is %d px wide", width, l.Viewport)
		}
		if l.H1 != 1 {
			t.Errorf("%d px: %d <h1> elements, want 1", width, l.H1)
		}
		if l.ScrollWidth > l.Viewport {
			t.Errorf("%d px: the page is %d px wide", width, l.ScrollWidth)
		}
		if len(l.Outside) > 0 {
			t.Errorf("%d px: %d elements outside the viewport: %s", width, len(l.Outside), strings.Join(l.Outside[:min(len(l.Outside), 8)], "; "))
		}
	}
}

// TestLayoutCheck makes sure the layout measurement sees what it must
// catch: an element wider than a phone's viewport, and a second <h1>.
func TestLayoutCheck(t *testing.T) {
	bin := chromiumOrSkip(t)
	path := filepath.Join(t.TempDir(), "wide.html")
	page := `<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
		`<body><h1>One</h1><h1>Two</h1><div id="wide" style="width: 600px">wide</div></body></html>`
	if err := os.WriteFile(path, []byte(page), 0o600); err != nil {
		t.Fatal(err)
	}
	l := measureLayout(t, bin, path, 390)
	if l.Viewport != 390 || l.H1 != 2 || len(l.Outside) != 1 || !strings.HasPrefix(l.Outside[0], "div#wide") {
		t.Errorf("measured %+v, want a 390 px viewport, 2 <h1> and div#wide outside", l)
	}
}

// checkIndexControls types into the index's filter and picks its sort
// and status options as a reader would, and checks which story cards stay
// visible and in which order.
func checkIndexControls(t *testing.T, bin, path string) {
	t.Helper()
	visible := `Array.from(document.querySelectorAll("#stories > li")).filter(function (c) { return !c.hidden; }).map(function (c) { return c.querySelector(".mono:last-child").textContent; }).join(",")`
	set := func(id, value string) string {
		return fmt.Sprintf(`(function () { var e = document.getElementById(%q); e.value = %q; e.dispatchEvent(new Event("input")); return document.getElementById("shown").textContent; })()`, id, value)
	}
	got := evaluate(t, bin, path, 390,
		`document.getElementById("controls").hidden ? "hidden" : "shown"`,
		visible,
		set("filter-text", "north ledger"), visible,
		set("filter-text", ""), set("filter-status", "failed"), visible,
		set("filter-status", ""), set("sort", "headline"), visible,
	)
	want := []string{
		"shown",
		"harbor-fire,quiet-day",
		"1 of 2 shown", "harbor-fire",
		"2 of 2 shown", "1 of 2 shown", "quiet-day",
		"2 of 2 shown", "2 of 2 shown", "harbor-fire,quiet-day",
	}
	if !slices.Equal(got, want) {
		t.Errorf("index controls:\ngot  %q\nwant %q", got, want)
	}
}

// checkCitationOpensArticle clicks the first citation of a story page
// that lands on a sentence, as a reader would: the article's collapsed
// full text opens and the highlighted sentence is in view.
func checkCitationOpensArticle(t *testing.T, bin, path string) {
	t.Helper()
	got := evaluate(t, bin, path, 390,
		`(function () {
			var a = document.querySelector('.cite a[href^="#support-"]');
			if (!a) { return "no citation lands on a sentence"; }
			var target = document.getElementById(a.getAttribute("href").slice(1));
			var details = target.closest("details");
			if (details.open) { return "the full text was open before the click"; }
			a.click();
			return "clicked";
		})()`,
		`new Promise(function (done) { requestAnimationFrame(function () { requestAnimationFrame(function () {
			var target = document.querySelector(":target");
			if (!target) { done("no target"); return; }
			var r = target.getBoundingClientRect();
			done((target.closest("details").open ? "open" : "closed") + " " + (r.top > -1 && r.top < innerHeight ? "in view" : "out of view " + r.top));
		}); }); })`,
	)
	if want := []string{"clicked", "open in view"}; !slices.Equal(got, want) {
		t.Errorf("clicking a citation: %q, want %q", got, want)
	}
}
