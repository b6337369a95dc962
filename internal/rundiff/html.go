package rundiff

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/summarize/summarize/internal/report"
)

// WriteHTML writes the diff as one self-contained page in the style of the
// story reports: the same stylesheet and Content-Security-Policy, nothing
// loaded from anywhere, everything from the runs escaped. Brief changes are
// marked with <del> and <ins>.
func (d *Diff) WriteHTML(w io.Writer) error {
	var buf bytes.Buffer
	err := diffTemplate.Execute(&buf, struct {
		*Diff
		CSP string
		CSS template.CSS
	}{d, report.ContentSecurityPolicy, report.Stylesheet()})
	if err != nil {
		return fmt.Errorf("render diff: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// briefHTML renders a word diff, escaping every word.
func briefHTML(edits []Edit) template.HTML {
	var b strings.Builder
	for _, e := range edits {
		lead, body := splitLead(e.Text)
		switch e.Op {
		case Equal:
			b.WriteString(template.HTMLEscapeString(e.Text))
		case Delete:
			b.WriteString(template.HTMLEscapeString(lead) + "<del>" + template.HTMLEscapeString(body) + "</del>")
		case Insert:
			b.WriteString(template.HTMLEscapeString(lead) + "<ins>" + template.HTMLEscapeString(body) + "</ins>")
		}
	}
	return template.HTML(b.String())
}

var (
	//go:embed diff.tmpl
	diffHTML string
	// Parsed once, then only executed, which html/template allows from
	// many goroutines at once.
	diffTemplate = template.Must(template.New("diff").Funcs(template.FuncMap{
		"usd":   usd,
		"short": shortDigest,
		"brief": briefHTML,
		"sign":  sign,
		"lines": promptHTML,
	}).Parse(diffHTML))
)
