package report

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/summarize/summarize/internal/grounding"
)

// converters are the Markdown converters of a story page: the brief's
// headings start at <h3> and a summary's at <h4>, below the page's own
// <h1> headline, <h2> sections and <h3> article names, so that the page
// keeps one <h1> and an outline that nests.
type converters struct{ brief, summary goldmark.Markdown }

func newConverters() *converters {
	return &converters{brief: newMarkdown(2), summary: newMarkdown(3)}
}

// newMarkdown returns a goldmark converter for text written by a model,
// with every heading moved down by shift levels (at most to <h6>).
// goldmark's defaults already drop raw HTML and blank javascript:, vbscript:,
// file: and data: links; on top of that every image becomes a plain link
// (so a page never loads a resource from another host), every link or
// autolink whose scheme is not http, https or mailto loses its destination,
// and links that leave the page get rel="noopener noreferrer nofollow".
func newMarkdown(shift int) goldmark.Markdown {
	return goldmark.New(goldmark.WithParserOptions(
		parser.WithASTTransformers(util.Prioritized(linkGuard{}, 0), util.Prioritized(demote(shift), 1)),
	))
}

// demote is an AST transformer moving every heading down by its value.
type demote int

func (d demote) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(h.Level+int(d), 6)
		}
		return ast.WalkContinue, nil
	})
}

// linkGuard is the AST transformer described at newMarkdown.
type linkGuard struct{}

func (linkGuard) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var images []*ast.Image
	var autolinks []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			images = append(images, n)
		case *ast.Link:
			if !safeURL(string(n.Destination)) {
				n.Destination = nil
			}
			guardRel(n, n.Destination)
		case *ast.AutoLink:
			if !safeURL(string(n.URL(source))) {
				autolinks = append(autolinks, n)
			}
			guardRel(n, n.URL(source))
		}
		return ast.WalkContinue, nil
	})
	// Replace nodes after the walk: changing the tree while walking it
	// would skip siblings.
	for _, img := range images {
		link := ast.NewLink()
		if safeURL(string(img.Destination)) {
			link.Destination = img.Destination
		}
		link.Title = img.Title
		guardRel(link, link.Destination)
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		if !link.HasChildren() {
			link.AppendChild(link, ast.NewString([]byte("image")))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
	for _, al := range autolinks {
		al.Parent().ReplaceChild(al.Parent(), al, ast.NewString(al.Label(source)))
	}
}

// guardRel marks a link that leaves the page so that following it sends
// no referrer and gives the target no handle on the report.
func guardRel(n ast.Node, dest []byte) {
	if len(dest) > 0 && dest[0] != '#' {
		n.SetAttributeString("rel", []byte("noopener noreferrer nofollow"))
	}
}

// safeURL reports whether a link destination may be followed from a
// report: a fragment, a relative path, or an http, https or mailto URL.
// Browsers ignore tabs and newlines inside a scheme and compare schemes
// case-insensitively, so this does too.
func safeURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, u)
	colon := strings.IndexByte(u, ':')
	if colon < 0 || strings.ContainsAny(u[:colon], "/?#") {
		return true
	}
	switch strings.ToLower(u[:colon]) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// renderMarkdown converts Markdown from a model to HTML that is safe to
// embed in a report.
func renderMarkdown(md goldmark.Markdown, src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	// goldmark escapes text and drops raw HTML; see newMarkdown.
	return template.HTML(buf.String()), nil
}

// citationTarget says where one label of a citation points.
type citationTarget struct {
	anchor string // the id of the source's section; "" when unknown
	source string // the source's ID
}

// briefHTML renders a brief's Markdown with every bracketed citation (as
// package grounding defines them, for the checks and brief.json alike) turned
// into links to the sources it names. A label that names no source of the
// story is shown flagged rather than linked. It returns the labels so
// flagged, in order of first appearance.
//
// Citations are cut out of the Markdown and replaced by placeholder words
// before goldmark runs, then the placeholders in goldmark's output are
// replaced by HTML built here; that way goldmark never sees (or escapes)
// the links, and the labels are escaped exactly once.
//
// support, when not nil, gives the id of the article sentence that backs
// a brief sentence (its claim, citations removed) for a source ID, or "";
// a citation links there when it can, else to the source's section.
//
// flags, when not nil, marks the sentences the checks flagged (see
// sentenceFlags).
func briefHTML(md goldmark.Markdown, src string, targets map[string]citationTarget, support func(source, claim string) string, flags *sentenceFlags) (template.HTML, []string, error) {
	sentences := grounding.Sentences(src)
	spans := grounding.CitationSpans(src)
	// claimAt is what the citation at pos backs: the part of its sentence
	// before it (a sentence citing two outlets for two versions, "A says
	// six weeks [A]; B says two months [B]", has two parts), else the
	// whole sentence.
	claimAt := func(pos int) string {
		for _, s := range sentences {
			if s.Start > pos || pos >= s.End {
				continue
			}
			k := 0
			for _, sp := range spans {
				if sp.Start >= s.Start && sp.Start < pos {
					k++
				}
			}
			if k < len(s.Parts) && len(s.Parts) > 1 {
				return s.Parts[k].Text
			}
			return s.Claim()
		}
		return ""
	}
	prefix := "sumcite"
	for strings.Contains(src, prefix) {
		prefix += "q"
	}
	var replacements []string
	var unknown []string
	seenUnknown := map[string]bool{}
	var out strings.Builder
	last := 0
	for _, sp := range spans {
		start, end, labels := sp.Start, sp.End, sp.Labels
		cited := false
		for _, l := range labels {
			if _, ok := targets[l]; ok {
				cited = true
			}
		}
		if !cited {
			continue
		}
		var h strings.Builder
		h.WriteString(`<span class="cite">[`)
		for i, l := range labels {
			if i > 0 {
				h.WriteString(", ")
			}
			t := targets[l]
			if t.anchor != "" {
				anchor, title := t.anchor, "the article of "+l
				if support != nil {
					if a := support(t.source, claimAt(start)); a != "" {
						anchor, title = a, "the sentence of "+l+" that says so"
					}
				}
				fmt.Fprintf(&h, `<a href="#%s" title="%s">%s</a>`, anchor,
					template.HTMLEscapeString(title), template.HTMLEscapeString(l))
				continue
			}
			fmt.Fprintf(&h, `<span class="unknown" title="names no source of this story">%s&#8201;(unknown source)</span>`,
				template.HTMLEscapeString(l))
			if !seenUnknown[l] {
				seenUnknown[l] = true
				unknown = append(unknown, l)
			}
		}
		h.WriteString(`]</span>`)
		placeholder := fmt.Sprintf("%s%dx", prefix, len(replacements)/2)
		replacements = append(replacements, placeholder, h.String())
		flags.write(&out, src, last, start)
		out.WriteString(placeholder)
		last = end
	}
	flags.write(&out, src, last, len(src))
	flags.flush(&out, src)
	body, err := renderMarkdown(md, out.String())
	if err != nil {
		return "", nil, err
	}
	if len(replacements) > 0 {
		body = template.HTML(strings.NewReplacer(replacements...).Replace(string(body)))
	}
	return flags.apply(body), unknown, nil
}
