package report

// Stages defined by prompt files (manifest prompt_stages). The report
// knows nothing of their meaning, so it shows them generically, in one
// section: text as Markdown, JSON as a table where it is a list of flat
// objects and as nested lists otherwise.

import (
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/yuin/goldmark"

	"github.com/summarize/summarize/internal/manifest"
)

// StageOutput is one output file of a stage defined by a prompt file.
type StageOutput struct {
	Stage   string
	Article string // "" for a story-scope stage
	Path    string // relative to the story folder
	Text    string
	Data    any // the decoded JSON of a json stage
}

// stageSection is one stage in the page.
type stageSection struct {
	Name  string
	Items []stageItem
}

type stageItem struct {
	Label string // the article, for an article-scope stage
	HTML  template.HTML
}

// loadStages reads the files of the stages defined by prompt files; a
// missing file is noted in sf.Missing.
func loadStages(sf *StoryFiles, stages []manifest.StageFiles) {
	if sf.Dir == "" {
		return
	}
	for _, st := range stages {
		for _, pattern := range st.Files {
			articles := []string{""}
			if strings.Contains(pattern, "{article}") {
				articles = sf.Meta.Articles
			}
			for _, id := range articles {
				rel := strings.ReplaceAll(pattern, "{article}", id)
				if !filepath.IsLocal(rel) || (id != "" && filepath.Base(id) != id) {
					sf.Missing = append(sf.Missing, fmt.Sprintf("stage %s names a file outside the story folder (%q)", st.Name, rel))
					continue
				}
				data, err := os.ReadFile(filepath.Join(sf.Dir, filepath.FromSlash(rel)))
				if err != nil {
					sf.Missing = append(sf.Missing, fmt.Sprintf("%s is missing", rel))
					continue
				}
				out := StageOutput{Stage: st.Name, Article: id, Path: rel, Text: string(data)}
				if st.Output == "json" {
					if err := json.Unmarshal(data, &out.Data); err != nil {
						sf.Missing = append(sf.Missing, fmt.Sprintf("%s is unreadable: %v", rel, err))
						continue
					}
				}
				sf.Stages = append(sf.Stages, out)
			}
		}
	}
}

// stageSections renders the stage outputs of a story.
func stageSections(md goldmark.Markdown, outs []StageOutput, sourceName func(id string) string) ([]stageSection, error) {
	var sections []stageSection
	for _, o := range outs {
		if len(sections) == 0 || sections[len(sections)-1].Name != o.Stage {
			sections = append(sections, stageSection{Name: o.Stage})
		}
		item := stageItem{}
		if o.Article != "" {
			item.Label = sourceName(o.Article)
		}
		if o.Data != nil {
			item.HTML = template.HTML(jsonHTML(o.Data))
		} else {
			h, err := renderMarkdown(md, o.Text)
			if err != nil {
				return nil, fmt.Errorf("stage %s: %w", o.Stage, err)
			}
			item.HTML = h
		}
		s := &sections[len(sections)-1]
		s.Items = append(s.Items, item)
	}
	return sections, nil
}

// jsonHTML renders a decoded JSON value for reading: a list of objects as
// a table (one column per key), an object as a definition list, a list of
// anything else as a list. Every string is escaped; a false
// "quote_verified" is flagged as the disputes table flags it.
func jsonHTML(v any) string {
	var b strings.Builder
	writeJSONHTML(&b, v)
	return b.String()
}

func writeJSONHTML(b *strings.Builder, v any) {
	switch x := v.(type) {
	case map[string]any:
		b.WriteString(`<dl class="facts">`)
		for _, k := range slices.Sorted(maps.Keys(x)) {
			fmt.Fprintf(b, "<dt>%s</dt><dd>", template.HTMLEscapeString(k))
			writeJSONHTML(b, x[k])
			b.WriteString("</dd>")
		}
		b.WriteString("</dl>")
	case []any:
		if cols, ok := tableColumns(x); ok {
			b.WriteString(`<div class="scroll"><table class="small"><thead><tr>`)
			for _, c := range cols {
				fmt.Fprintf(b, `<th scope="col">%s</th>`, template.HTMLEscapeString(c))
			}
			b.WriteString("</tr></thead><tbody>")
			for _, row := range x {
				m := row.(map[string]any)
				b.WriteString("<tr>")
				for _, c := range cols {
					b.WriteString("<td>")
					if c == "quote_verified" && m[c] == false {
						b.WriteString(`<span class="flag">quote not verified</span>`)
					} else if m[c] != nil {
						writeJSONHTML(b, m[c])
					}
					b.WriteString("</td>")
				}
				b.WriteString("</tr>")
			}
			b.WriteString("</tbody></table></div>")
			return
		}
		if len(x) == 0 {
			b.WriteString(`<span class="muted">none</span>`)
			return
		}
		b.WriteString(`<ul class="plain">`)
		for _, item := range x {
			b.WriteString("<li>")
			writeJSONHTML(b, item)
			b.WriteString("</li>")
		}
		b.WriteString("</ul>")
	case string:
		b.WriteString(template.HTMLEscapeString(x))
	case nil:
		b.WriteString(`<span class="muted">null</span>`)
	default:
		data, _ := json.Marshal(x)
		b.WriteString(template.HTMLEscapeString(string(data)))
	}
}

// tableColumns returns the keys of a non-empty list of objects whose
// values are all scalars, in first-seen order, the columns of its table.
func tableColumns(list []any) ([]string, bool) {
	if len(list) == 0 {
		return nil, false
	}
	var cols []string
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, false
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			switch m[k].(type) {
			case map[string]any, []any:
				return nil, false
			}
			if !slices.Contains(cols, k) {
				cols = append(cols, k)
			}
		}
	}
	return cols, true
}
