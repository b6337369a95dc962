package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"codeberg.org/readeck/go-readability"
	"github.com/adrg/frontmatter"
	"github.com/summarize/summarize/internal/story"
	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"
)

// item is one article read from a file, before the story gives it an ID.
type item struct {
	article *story.Article
	file    string
	// line is the 1-based line an article starts on in a file holding
	// several; 0 when the file is the article.
	line int
	// key is the JSON "story" field, which groups JSON articles.
	key string
	// warning notes something odd about the article that did not stop
	// it from being read.
	warning string
}

// fileProblem is a Problem with the JSON "story" field of the record at
// fault, so that a file split between stories reports each record's
// problem in its own story; key is "" for problems of the whole file.
type fileProblem struct {
	story.Problem
	key string
}

func fileError(path string, err error) []fileProblem {
	return []fileProblem{{Problem: story.Problem{Path: path, Err: err.Error()}}}
}

// readFile reads every article of one file. Problems name the file, or
// file:LINE for a single bad record of a JSON file.
func readFile(path string, opts Options) ([]item, []fileProblem) {
	text, err := readText(path, opts.maxFileBytes())
	if err != nil {
		return nil, fileError(path, err)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json", ".jsonl":
		decode := decodeJSON
		if strings.EqualFold(filepath.Ext(path), ".jsonl") {
			decode = decodeJSONLines
		}
		recs, problems := decode(path, text)
		items, more := recordItems(path, recs)
		return items, append(problems, more...)
	case ".html", ".htm":
		it, err := readHTML(path, text)
		if err != nil {
			return nil, fileError(path, err)
		}
		return []item{it}, nil
	default:
		it, err := readPlain(path, text)
		if err != nil {
			return nil, fileError(path, err)
		}
		return []item{it}, nil
	}
}

// isJSON reports whether path holds JSON or JSON Lines records.
func isJSON(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".json" || ext == ".jsonl"
}

// frontMatter is the YAML header a .txt or .md article may start with.
type frontMatter struct {
	Source    string `yaml:"source"`
	Title     string `yaml:"title"`
	URL       string `yaml:"url"`
	Published string `yaml:"published"`
}

// yamlOnly limits front matter to YAML: the library's default formats also
// take a leading JSON object or TOML block, which in a plain article would
// be text, not metadata.
var yamlOnly = []*frontmatter.Format{
	frontmatter.NewFormat("---", "---", yaml.Unmarshal),
	frontmatter.NewFormat("---yaml", "---", yaml.Unmarshal),
}

// readPlain reads a .txt or .md article with optional front matter.
func readPlain(path, text string) (item, error) {
	var fm frontMatter
	var lenient string
	body, err := frontmatter.Parse(strings.NewReader(text), &fm, yamlOnly...)
	if err != nil {
		// Hand-written headers break YAML in ordinary ways (a title with
		// a colon in it, or that opens with a quotation): read them as the
		// "key: value" lines they are meant to be rather than lose the
		// article.
		var ok bool
		if fm, body, ok = keyValueFrontMatter(text); !ok {
			return item{}, fmt.Errorf("front matter: %w", err)
		}
		lenient = fmt.Sprintf("%s: front matter is not valid YAML (%v), so it was read as \"key: value\" lines", path, err)
	}
	n := normalize(string(body), fm.Title == "")
	if n.text == "" {
		return item{}, errNoText
	}
	title := fm.Title
	if title == "" {
		title = n.title
	}
	a := &story.Article{
		Source:    pickSource(path, fm.Source, n.source),
		Title:     foldSpace(title),
		URL:       foldSpace(fm.URL),
		Published: foldSpace(fm.Published),
		Path:      path,
		Text:      n.text,
	}
	it := item{article: a, file: path, warning: lenient}
	if len(body) == len(text) && opensFrontMatter(text) {
		it.warning = fmt.Sprintf("%s: front matter opened on line 1 is never closed (no line \"---\" after it), so the whole file, metadata lines included, is read as article text", path)
	}
	return it, nil
}

// keyValueFrontMatter reads a front matter block line by line, each line
// "key: value" cut at its first colon; quotation marks around a whole value
// are dropped. ok is false when text has no closed block or a line of it
// is not of that form.
func keyValueFrontMatter(text string) (fm frontMatter, body []byte, ok bool) {
	if !opensFrontMatter(text) {
		return fm, nil, false
	}
	_, rest, _ := strings.Cut(text, "\n")
	for len(rest) > 0 {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimRight(line, " \t\r")
		if line == "---" {
			return fm, []byte(rest), true
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		key, value, found := strings.Cut(line, ":")
		if !found || strings.ContainsAny(key, " \t\"'") {
			return fm, nil, false
		}
		value = strings.TrimSpace(value)
		if len(value) >= 2 && (value[0] == '"' && value[len(value)-1] == '"' || value[0] == '\'' && value[len(value)-1] == '\'') {
			value = value[1 : len(value)-1]
		}
		switch strings.ToLower(key) {
		case "source":
			fm.Source = value
		case "title":
			fm.Title = value
		case "url":
			fm.URL = value
		case "published":
			fm.Published = value
		}
	}
	return fm, nil, false
}

// opensFrontMatter reports whether text starts with a front matter
// delimiter line.
func opensFrontMatter(text string) bool {
	first, _, _ := strings.Cut(text, "\n")
	first = strings.TrimRight(first, " \t\r")
	return first == "---" || first == "---yaml"
}

var errNoText = errors.New("no text left after normalization (only white space or page furniture)")

// readHTML extracts the main text of an HTML page with readability, the
// algorithm of Firefox's reader view, which scores blocks of the page
// rather than matching tags, so navigation and comments stay out.
func readHTML(path, text string) (item, error) {
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return item{}, fmt.Errorf("parse HTML: %w", err)
	}
	pageURL := canonicalURL(doc)
	var base *url.URL
	if pageURL != "" {
		base, _ = url.Parse(pageURL)
	}
	parser := readability.NewParser()
	page, err := parser.ParseAndMutate(doc, base)
	if err != nil {
		return item{}, fmt.Errorf("extract article: %w", err)
	}
	n := normalize(page.TextContent, false)
	if n.text == "" || !prose(n.text) {
		return item{}, errors.New("HTML page has no article text")
	}
	a := &story.Article{
		Source: pickSource(path, page.SiteName, n.source),
		Title:  foldSpace(page.Title),
		URL:    pageURL,
		Path:   path,
		Text:   n.text,
	}
	if page.PublishedTime != nil {
		a.Published = page.PublishedTime.UTC().Format(time.RFC3339)
	}
	return item{article: a, file: path}, nil
}

// prose reports whether text extracted from a page holds at least one
// sentence end. Where a page has no article, readability falls back to
// what text there is, such as a row of navigation links ("Home News
// Sport"), which must not become an article.
func prose(text string) bool {
	return strings.ContainsAny(text, ".!?")
}

// canonicalURL returns the page's own address from <link rel=canonical>
// or <meta property=og:url>, or "".
func canonicalURL(doc *html.Node) string {
	var canonical, og string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "link":
				if strings.EqualFold(attr(n, "rel"), "canonical") && canonical == "" {
					canonical = attr(n, "href")
				}
			case "meta":
				if strings.EqualFold(attr(n, "property"), "og:url") && og == "" {
					og = attr(n, "content")
				}
			case "body":
				return // metadata lives in <head>
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, u := range []string{canonical, og} {
		if p, err := url.Parse(strings.TrimSpace(u)); err == nil && p.IsAbs() {
			return p.String()
		}
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// pickSource returns the first non-empty source name: the one the file
// declares, then its trailing attribution line, then the file name stem.
func pickSource(path string, names ...string) string {
	for _, n := range names {
		if n = foldSpace(n); n != "" {
			return n
		}
	}
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// record is one JSON article object.
type record struct {
	Source    string `json:"source"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Text      string `json:"text"`
	Story     string `json:"story"`

	line int // 0 for a file holding a single object
}

// decodeJSON reads a .json file: one object, an array of objects, or
// several of either one after another. A syntax error stops the reading,
// since nothing after it can be trusted, but what came before is kept; a
// well-formed element that is not a usable record is skipped.
func decodeJSON(path, text string) ([]record, []fileProblem) {
	var recs []record
	var problems []fileProblem
	lines := newLineCounter(text)
	dec := json.NewDecoder(strings.NewReader(text))
	fail := func(start int, err error) {
		problems = append(problems, fileProblem{Problem: story.Problem{Path: path, Err: jsonError(lines, start, err)}})
	}
	values := 0
	for {
		start := int(dec.InputOffset())
		start += firstNonSpace(text[start:])
		if start == len(text) {
			break
		}
		values++
		if text[start] != '[' {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				fail(start, err)
				break
			}
			recs, problems = appendRecord(recs, problems, path, lines.at(start), raw)
			continue
		}
		dec.Token() // the '['
		ok := true
		for ok && dec.More() {
			elStart := int(dec.InputOffset())
			elStart += firstNonSpace(text[elStart:])
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				fail(elStart, err)
				ok = false
				break
			}
			recs, problems = appendRecord(recs, problems, path, lines.at(elStart), raw)
		}
		if !ok {
			break
		}
		if _, err := dec.Token(); err != nil { // the ']'
			fail(start, err)
			break
		}
	}
	if values == 0 {
		problems = append(problems, fileProblem{Problem: story.Problem{Path: path, Err: "no JSON value in file"}})
	}
	// A file that is a single object is the article; its path needs no line.
	if values == 1 && len(recs) == 1 && text[firstNonSpace(text)] == '{' {
		recs[0].line = 0
	}
	return recs, problems
}

// decodeJSONLines reads a .jsonl file, one object per line. A bad line is
// a Problem naming it; the other lines still count.
func decodeJSONLines(path, text string) ([]record, []fileProblem) {
	var recs []record
	var problems []fileProblem
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		recs, problems = appendRecord(recs, problems, path, i+1, json.RawMessage(line))
	}
	if len(recs) == 0 && len(problems) == 0 {
		problems = append(problems, fileProblem{Problem: story.Problem{Path: path, Err: "no JSON lines in file"}})
	}
	return recs, problems
}

// appendRecord decodes one JSON object found at line of path.
func appendRecord(recs []record, problems []fileProblem, path string, line int, raw json.RawMessage) ([]record, []fileProblem) {
	where := fmt.Sprintf("%s:%d", path, line)
	if len(raw) == 0 || raw[0] != '{' {
		return recs, append(problems, fileProblem{Problem: story.Problem{Path: where, Err: fmt.Sprintf("line %d: not a JSON object", line)}})
	}
	var r record
	if err := json.Unmarshal(raw, &r); err != nil {
		var typeErr *json.UnmarshalTypeError
		var syntaxErr *json.SyntaxError
		msg := err.Error()
		switch {
		case errors.As(err, &typeErr):
			msg = fmt.Sprintf("field %q is a JSON %s, want a string", typeErr.Field, typeErr.Value)
		case errors.As(err, &syntaxErr):
			msg = fmt.Sprintf("invalid JSON at column %d: %v", syntaxErr.Offset, err)
		}
		return recs, append(problems, fileProblem{Problem: story.Problem{Path: where, Err: fmt.Sprintf("line %d: %s", line, msg)}})
	}
	// Control characters (a NUL, a newline) in a name would reach
	// headings and file listings.
	r.Story = foldSpace(r.Story)
	r.line = line
	return append(recs, r), problems
}

// recordItems turns decoded records into articles.
func recordItems(path string, recs []record) ([]item, []fileProblem) {
	var items []item
	var problems []fileProblem
	for _, r := range recs {
		where := path
		if r.line > 0 {
			where = fmt.Sprintf("%s:%d", path, r.line)
		}
		if strings.TrimSpace(r.Text) == "" {
			problems = append(problems, fileProblem{Problem: story.Problem{Path: where, Err: `no "text" field, or it is empty`}, key: r.Story})
			continue
		}
		n := normalize(r.Text, false)
		if n.text == "" {
			problems = append(problems, fileProblem{Problem: story.Problem{Path: where, Err: errNoText.Error()}, key: r.Story})
			continue
		}
		a := &story.Article{
			Source:    pickSource(path, r.Source, n.source),
			Title:     foldSpace(r.Title),
			URL:       foldSpace(r.URL),
			Published: foldSpace(r.Published),
			Path:      where,
			Text:      n.text,
		}
		items = append(items, item{article: a, file: path, line: r.line, key: r.Story})
	}
	return items, problems
}

// jsonError describes an error decoding the JSON value that starts at
// byte start of the text lines counts.
func jsonError(lines *lineCounter, start int, err error) string {
	startLine, _ := lines.position(start)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Sprintf("invalid JSON: the value starting at line %d is cut off by the end of the file", startLine)
	}
	// A Decoder's SyntaxError offsets do not count the bytes its Token
	// method skipped; checking the value alone gives the exact place.
	var syntaxErr *json.SyntaxError
	if errors.As(json.Unmarshal([]byte(lines.text[start:]), new(json.RawMessage)), &syntaxErr) {
		line, col := lines.position(start + int(syntaxErr.Offset) - 1)
		return fmt.Sprintf("invalid JSON at line %d, column %d: %v", line, col, syntaxErr)
	}
	return fmt.Sprintf("invalid JSON in the value starting at line %d: %v", startLine, err)
}

// lineCounter maps byte offsets of a text to line numbers; offsets are
// expected in increasing order, so counting is linear overall.
type lineCounter struct {
	text   string
	offset int // offset of the start of line
	line   int
}

func newLineCounter(text string) *lineCounter {
	return &lineCounter{text: text, line: 1}
}

// at returns the 1-based line of the first non-space byte at or after off.
func (c *lineCounter) at(off int) int {
	off += firstNonSpace(c.text[off:])
	line, _ := c.position(off)
	return line
}

// position returns the 1-based line and column of off.
func (c *lineCounter) position(off int) (line, col int) {
	off = min(off, len(c.text))
	if off < c.offset {
		c.offset, c.line = 0, 1
	}
	for {
		i := strings.IndexByte(c.text[c.offset:off], '\n')
		if i < 0 {
			break
		}
		c.offset += i + 1
		c.line++
	}
	return c.line, off - c.offset + 1
}

func firstNonSpace(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', ',':
		default:
			return i
		}
	}
	return len(s)
}
