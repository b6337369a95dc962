package prompts

import (
	"encoding/json"
	"strings"
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
