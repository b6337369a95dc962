package prompts

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const body = "{{define \"system\"}}s{{end}}{{define \"user\"}}u{{end}}\n"

// writePrompts writes name.md files with the given front matter.
func writePrompts(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, front := range files {
		if err := os.WriteFile(filepath.Join(dir, name+".md"), []byte("---\n"+front+"\n---\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestStagesFromFrontMatter(t *testing.T) {
	set, err := Load(writePrompts(t, map[string]string{
		"headline": "scope: story\nreads: [summaries]",
		"actors":   "scope: story\noutput: json\nschema: {type: object, properties: {actors: {type: array, items: {type: string}}}, required: [actors], additionalProperties: false}",
		"claims":   "scope: article\noutput: json\nschema: {type: object, properties: {claims: {type: array}}}",
		"verdict":  "scope: story\nreads: [claims, disputes]",
	}))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range set.Stages() {
		names = append(names, s.Name)
	}
	// Each after what it reads; built-ins first, then by name.
	if want := []string{"source_summary", "disputes", "brief", "actors", "claims", "headline", "verdict"}; !slices.Equal(names, want) {
		t.Errorf("stages = %v, want %v", names, want)
	}
	claims, _ := set.Stage("claims")
	if got := claims.FilesFor([]string{"a", "b"}); !slices.Equal(got, []string{"claims/a.json", "claims/b.json"}) || claims.Builtin {
		t.Errorf("claims files %v, builtin %v", got, claims.Builtin)
	}
	headline, _ := set.Stage("headline")
	if got := headline.FilesFor([]string{"a"}); !slices.Equal(got, []string{"headline.md"}) || headline.Output != "text" {
		t.Errorf("headline files %v output %s", got, headline.Output)
	}
	actors, _ := set.Stage("actors")
	if len(actors.Schema) == 0 || !strings.Contains(string(actors.Schema), `"actors"`) {
		t.Errorf("actors schema = %s", actors.Schema)
	}
}

func TestDisputesCanReadAnotherStage(t *testing.T) {
	set, err := Load(writePrompts(t, map[string]string{
		"claims":   "scope: article\noutput: json\nschema: {type: object}",
		"disputes": "output: json\nreads: [claims, summaries]",
	}))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range set.Stages() {
		names = append(names, s.Name)
	}
	if want := []string{"source_summary", "claims", "disputes", "brief"}; !slices.Equal(names, want) {
		t.Errorf("stages = %v, want %v", names, want)
	}
}

func TestBadStageDefinitions(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no scope", map[string]string{"headline": "output: text"}, "needs a scope"},
		{"bad scope", map[string]string{"headline": "scope: run"}, `scope "run"`},
		{"json without schema", map[string]string{"actors": "scope: story\noutput: json"}, "needs a schema"},
		{"schema without json", map[string]string{"actors": "scope: story\nschema: {type: object}"}, "needs output: json"},
		{"unsupported keyword", map[string]string{"actors": "scope: story\noutput: json\nschema: {type: object, oneOf: []}"}, `"oneOf" is not supported`},
		{"array at the top", map[string]string{"actors": "scope: story\noutput: json\nschema: {type: array}"}, "top level must be of type object"},
		{"unknown read", map[string]string{"headline": "scope: story\nreads: [sumaries]"}, `reads "sumaries"`},
		{"cycle", map[string]string{"a": "scope: story\nreads: [b]", "b": "scope: story\nreads: [a]"}, "cycle"},
		{"reads itself", map[string]string{"a": "scope: story\nreads: [a]"}, "reads itself"},
		{"reserved name", map[string]string{"sources": "scope: story"}, "cannot name a stage"},
		{"bad name", map[string]string{"Head-Line": "scope: story"}, "cannot name a stage"},
		{"built-in scope", map[string]string{"brief": "scope: article"}, "scope of the built-in stage brief"},
		{"built-in schema", map[string]string{"disputes": "output: json\nschema: {type: object}"}, "has its own schema"},
		{"brief without summaries", map[string]string{"brief": "reads: [disputes]"}, "reads summaries"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := writePrompts(t, tt.files)
			_, err := Load(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load: %v, want an error containing %q", err, tt.want)
			}
			// The user must be told which file to open.
			named := false
			for name := range tt.files {
				named = named || err != nil && strings.Contains(err.Error(), filepath.Join(dir, name+".md"))
			}
			if !named {
				t.Errorf("Load: %v names none of the files %v", err, tt.files)
			}
		})
	}
}
