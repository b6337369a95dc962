package prompts

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/summarize/summarize/internal/schema"
)

// Scope says how often a stage runs: once per article or once per story.
type Scope string

// The scopes.
const (
	ScopeArticle Scope = "article"
	ScopeStory   Scope = "story"
)

// Inputs a stage may read besides other stages' outputs.
const (
	// ReadArticles is the story's articles, read as loaded.
	ReadArticles = "articles"
	// ReadSummaries is the source_summary stage's output, under the name
	// users know it by.
	ReadSummaries = "summaries"
)

// Stage defines one stage: everything the pipeline, the engines, the dry
// run, carry-over, the report and the fakes need to know about it. The
// built-in stages are three such values (Builtins); a prompt file whose
// name is no built-in stage defines another from its front matter.
type Stage struct {
	Name  string
	Scope Scope
	// Reads names what the stage needs before it can run: ReadArticles,
	// ReadSummaries or another stage's name.
	Reads []string
	// Output is "text" or "json"; a json stage has a Schema, sent as a
	// strict response format and checked on return.
	Output string
	Schema json.RawMessage
	// SchemaName names the schema in the request; "" means Name.
	SchemaName string
	// Files are the stage's output files, relative to the story folder;
	// "{article}" stands for each article's ID.
	Files []string
	// Builtin marks the three stages the engines have a method for.
	Builtin bool
}

// FilesFor returns the stage's output files for a story with the given
// article IDs.
func (s Stage) FilesFor(articles []string) []string {
	var out []string
	for _, f := range s.Files {
		if !strings.Contains(f, "{article}") {
			out = append(out, f)
			continue
		}
		for _, id := range articles {
			out = append(out, strings.ReplaceAll(f, "{article}", id))
		}
	}
	return out
}

// ReadsStage reports whether the stage reads name.
func (s Stage) ReadsStage(name string) bool {
	for _, r := range s.Reads {
		if r == name || (r == ReadSummaries && name == SourceSummary) {
			return true
		}
	}
	return false
}

// DisputesSchema is the shape of the disputes stage's reply.
var DisputesSchema = json.RawMessage(`{
  "type": "object",
  "additionalProperties": false,
  "required": ["disputed_points"],
  "properties": {
    "disputed_points": {
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["topic", "kind", "summary", "positions"],
        "properties": {
          "topic": {"type": "string"},
          "kind": {"type": "string", "enum": ["factual", "framing", "emphasis", "omission", "timing"]},
          "summary": {"type": "string"},
          "positions": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": ["source", "claim", "quote"],
              "properties": {
                "source": {"type": "string"},
                "claim": {"type": "string"},
                "quote": {"type": "string"}
              }
            }
          }
        }
      }
    }
  }
}`)

// Builtins are the built-in stages in pipeline order. The brief reads the
// disputed points, so that it can attribute each version of a point the
// sources disagree on instead of choosing one; the disputes stage reads
// the summaries to fall back on when the articles exceed its budget.
var Builtins = []Stage{
	{Name: SourceSummary, Scope: ScopeArticle, Reads: []string{ReadArticles}, Output: "text",
		Files: []string{"sources/{article}.md"}, Builtin: true},
	{Name: Disputes, Scope: ScopeStory, Reads: []string{ReadArticles, ReadSummaries}, Output: "json", Schema: DisputesSchema,
		SchemaName: "disputed_points", Files: []string{"disputes.json", "disputes.md"}, Builtin: true},
	{Name: Brief, Scope: ScopeStory, Reads: []string{ReadSummaries, Disputes}, Output: "text",
		Files: []string{"brief.md", "brief.json"}, Builtin: true},
}

// Builtin returns the built-in stage of that name.
func Builtin(name string) (Stage, bool) {
	for _, s := range Builtins {
		if s.Name == name {
			return s, true
		}
	}
	return Stage{}, false
}

// reserved are names no stage may take: what stages read besides each
// other, and the names of the files and folders the pipeline writes in a
// story folder besides the stages'.
var reserved = []string{ReadArticles, ReadSummaries, "story", "sources", "report", "checks", "manifest", "index"}

// stageName is what a user-defined stage may be called: its name becomes
// a file name and a template key.
var stageName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// defineStage returns the stage a prompt defines: a built-in stage, with
// the reads its front matter may set, or a stage of the prompt's name from
// its front matter.
func defineStage(p *Prompt) (Stage, error) {
	m := p.Meta
	if def, ok := Builtin(p.Name); ok {
		if m.Scope != "" && Scope(m.Scope) != def.Scope {
			return Stage{}, fmt.Errorf("scope of the built-in stage %s is %s", def.Name, def.Scope)
		}
		if m.Output != def.Output {
			return Stage{}, fmt.Errorf("output of the built-in stage %s is %s", def.Name, def.Output)
		}
		if m.Schema != nil {
			return Stage{}, fmt.Errorf("the built-in stage %s has its own schema; a schema goes in a prompt that defines a stage", def.Name)
		}
		if m.Reads != nil {
			if def.Name == SourceSummary && !slices.Equal(m.Reads, []string{ReadArticles}) {
				return Stage{}, fmt.Errorf("the %s stage reads articles only", def.Name)
			}
			if def.Name != SourceSummary && !slices.Contains(m.Reads, ReadSummaries) {
				// The engines' brief and disputes methods work from the
				// summaries (the disputes stage falls back on them).
				return Stage{}, fmt.Errorf("the %s stage reads summaries; add them to reads", def.Name)
			}
			def.Reads = slices.Clone(m.Reads)
		}
		return def, nil
	}
	if !stageName.MatchString(p.Name) || slices.Contains(reserved, p.Name) {
		return Stage{}, fmt.Errorf("%q cannot name a stage: a stage's name is lower-case letters, digits and _, starting with a letter, and none of %s", p.Name, strings.Join(reserved, ", "))
	}
	def := Stage{Name: p.Name, Scope: Scope(m.Scope), Reads: m.Reads, Output: m.Output}
	switch def.Scope {
	case ScopeArticle, ScopeStory:
	case "":
		return Stage{}, fmt.Errorf("a stage needs a scope: article (one call per article) or story (one call per story)")
	default:
		return Stage{}, fmt.Errorf("scope %q: want article or story", m.Scope)
	}
	if len(def.Reads) == 0 {
		def.Reads = []string{ReadArticles}
	}
	ext := ".md"
	if def.Output == "json" {
		ext = ".json"
		if m.Schema == nil {
			return Stage{}, fmt.Errorf("output json needs a schema (JSON Schema, as YAML under schema:)")
		}
		data, err := json.Marshal(m.Schema)
		if err != nil {
			return Stage{}, fmt.Errorf("schema: %w", err)
		}
		sch, err := schema.Parse(data)
		if err != nil {
			return Stage{}, err
		}
		if !slices.Contains(sch.Types, "object") {
			return Stage{}, fmt.Errorf("schema: the top level must be of type object, as structured outputs require")
		}
		def.Schema = data
	} else if m.Schema != nil {
		return Stage{}, fmt.Errorf("a schema needs output: json")
	}
	if def.Scope == ScopeArticle {
		def.Files = []string{def.Name + "/{article}" + ext}
	} else {
		def.Files = []string{def.Name + ext}
	}
	return def, nil
}

// order returns the stages so that each comes after every stage it reads:
// the built-in stages in their order where the reads allow, then the
// others by name. A read of nothing known and a cycle are errors, which
// name the files (file gives a stage's) so that the user knows what to open.
func order(defs []Stage, file func(stage string) string) ([]Stage, error) {
	rank := func(s Stage) string {
		for i, b := range Builtins {
			if b.Name == s.Name {
				return fmt.Sprintf("0%d", i)
			}
		}
		return "1" + s.Name
	}
	slices.SortFunc(defs, func(a, b Stage) int { return strings.Compare(rank(a), rank(b)) })
	known := map[string]bool{ReadArticles: true, ReadSummaries: true}
	for _, d := range defs {
		known[d.Name] = true
	}
	for _, d := range defs {
		for _, r := range d.Reads {
			if !known[r] || r == SourceSummary {
				var names []string
				for _, o := range defs {
					if o.Name != SourceSummary && o.Name != d.Name {
						names = append(names, o.Name)
					}
				}
				return nil, fmt.Errorf("prompt %s: %s: reads %q, which no stage makes (want %s, %s or a stage: %s)", d.Name, file(d.Name), r, ReadArticles, ReadSummaries, strings.Join(names, ", "))
			}
			if r == d.Name {
				return nil, fmt.Errorf("prompt %s: %s: the stage reads itself", d.Name, file(d.Name))
			}
		}
	}
	var out []Stage
	placed := map[string]bool{ReadArticles: true, ReadSummaries: false}
	for len(out) < len(defs) {
		progress := false
		for _, d := range defs {
			if placed[d.Name] {
				continue
			}
			ready := true
			for _, r := range d.Reads {
				if r == ReadSummaries {
					r = SourceSummary
				}
				if r != ReadArticles && !placed[r] {
					ready = false
				}
			}
			if ready {
				out, placed[d.Name], progress = append(out, d), true, true
				if d.Name == SourceSummary {
					placed[ReadSummaries] = true
				}
				break
			}
		}
		if !progress {
			var left, files []string
			for _, d := range defs {
				if !placed[d.Name] {
					left, files = append(left, d.Name), append(files, file(d.Name))
				}
			}
			return nil, fmt.Errorf("stages %s read each other in a cycle (%s)", strings.Join(left, ", "), strings.Join(files, ", "))
		}
	}
	return out, nil
}
