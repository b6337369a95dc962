// Package prompts holds the prompt templates of summarize's stages and
// renders them into chat messages.
//
// The default templates (source_summary.md, brief.md, disputes.md) are
// embedded in the binary; a folder given to Load overrides them file by
// file. A template file is YAML front matter (description, output kind, and
// model and sampling overrides) followed by a text/template body that
// defines two templates, "system" and "user".
//
// Article text is untrusted: templates put it inside fence delimiters that
// the text itself cannot close (see Fence). A loaded Set is read-only and
// safe for concurrent use.
package prompts

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/template"

	"github.com/summarize/summarize/internal/story"
)

//go:embed *.md
var embedded embed.FS

// The stages, each with a prompt file of the same name plus ".md".
const (
	SourceSummary = "source_summary"
	Brief         = "brief"
	Disputes      = "disputes"
)

// Stages lists the built-in stages' names in pipeline order (see
// Builtins).
var Stages = func() []string {
	names := make([]string, len(Builtins))
	for i, s := range Builtins {
		names[i] = s.Name
	}
	return names
}()

// Meta is a prompt file's front matter. Zero or nil fields are unset and
// leave the configuration's value in force.
type Meta struct {
	Description     string   `yaml:"description"`
	Output          string   `yaml:"output"` // "text" or "json"
	Model           string   `yaml:"model"`
	Temperature     *float64 `yaml:"temperature"`
	TopP            *float64 `yaml:"top_p"`
	MaxOutputTokens int      `yaml:"max_output_tokens"`
	MaxInputTokens  int      `yaml:"max_input_tokens"`

	// Stage definition (see Stage). A built-in stage's prompt may change
	// what it reads; a prompt file naming no built-in stage defines a
	// stage with its scope (required), its reads (default articles), its
	// output and, for json output, its schema (required).
	Scope  string   `yaml:"scope"`
	Reads  []string `yaml:"reads"`
	Schema any      `yaml:"schema"`
	// ValidationRetries bounds how often a reply that fails validation
	// is sent back, for a stage the configuration has no key for.
	ValidationRetries *int `yaml:"validation_retries"`
}

// Prompt is one parsed template.
type Prompt struct {
	Name string
	// Origin is "embedded" or the path of the overriding file.
	Origin string
	Meta   Meta
	// Text is the whole file; Digest is its SHA-256, which identifies the
	// prompt in manifests and diffs.
	Text   string
	Digest string
	tmpl   *template.Template
}

// Message is one chat message.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Set is the effective prompts: the embedded defaults with a folder's
// overrides applied.
type Set struct {
	prompts map[string]*Prompt
	stages  []Stage
}

// Load parses the embedded prompts and, when dir is not "", the files of
// dir: a file named after a built-in stage overrides its prompt, any other
// NAME.md defines a stage NAME from its front matter (see Stage). Every
// other file is an error, since a misspelled override would otherwise be
// silently ignored; so are a stage reading something no stage makes and
// stages that read each other in a cycle.
func Load(dir string) (*Set, error) {
	s := &Set{prompts: make(map[string]*Prompt)}
	for _, name := range Stages {
		data, err := embedded.ReadFile(name + ".md")
		if err != nil {
			return nil, err
		}
		p, err := parse(name, "embedded", data)
		if err != nil {
			return nil, err
		}
		s.prompts[name] = p
	}
	if dir != "" {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("prompts folder: %w", err)
		}
		for _, e := range entries {
			if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			name, ok := strings.CutSuffix(e.Name(), ".md")
			if !ok {
				return nil, fmt.Errorf("prompts folder: %s is not a prompt file (want NAME.md: one of %s.md to override a built-in stage, any other name to define a stage)", filepath.Join(dir, e.Name()), strings.Join(Stages, ".md, "))
			}
			path := filepath.Join(dir, e.Name())
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, fmt.Errorf("prompts folder: %w", err)
			}
			p, err := parse(name, path, data)
			if err != nil {
				return nil, err
			}
			s.prompts[name] = p
		}
	}
	var defs []Stage
	for _, p := range s.prompts {
		def, err := defineStage(p)
		if err != nil {
			return nil, fmt.Errorf("prompt %s: %s: %w", p.Name, p.File(), err)
		}
		defs = append(defs, def)
	}
	stages, err := order(defs, func(stage string) string { return s.prompts[stage].File() })
	if err != nil {
		return nil, err
	}
	s.stages = stages
	return s, nil
}

func parse(name, origin string, data []byte) (*Prompt, error) {
	p := &Prompt{Name: name, Origin: origin, Text: string(data), Digest: story.Digest(string(data))}
	file := p.File()
	front, frontLine, body, bodyLine, err := splitFrontMatter(data)
	if err == nil && front != nil {
		err = decodeMeta(front, frontLine, &p.Meta)
	}
	var le lineError
	if errors.As(err, &le) {
		return nil, fmt.Errorf("prompt %s: %s:%d: %s", name, file, le.line, le.msg)
	}
	if err != nil {
		return nil, fmt.Errorf("prompt %s: %s: %w", name, file, err)
	}
	switch p.Meta.Output {
	case "":
		p.Meta.Output = "text"
	case "text", "json":
	default:
		return nil, fmt.Errorf("prompt %s (%s): output %q: want text or json", name, origin, p.Meta.Output)
	}
	if name == Disputes && p.Meta.Output != "json" {
		return nil, fmt.Errorf("prompt %s (%s): output must be json", name, origin)
	}
	// The template is named after its file and parsed with the front
	// matter's lines left blank, so that text/template's errors, at parse
	// and at execution, read "template: FILE:LINE:COL: ..." with the
	// file's own line numbers.
	src := strings.Repeat("\n", bodyLine-1) + string(body)
	t, err := template.New(file).Funcs(funcs).Option("missingkey=error").Parse(src)
	if err != nil {
		return nil, fmt.Errorf("prompt %s: %w", name, err)
	}
	for _, part := range []string{"system", "user"} {
		if t.Lookup(part) == nil {
			return nil, fmt.Errorf("prompt %s (%s): no {{define %q}} template", name, origin, part)
		}
	}
	p.tmpl = t
	return p, nil
}

// File names the prompt's file in messages: its path, or "NAME.md
// (embedded)" for a built-in prompt.
func (p *Prompt) File() string {
	if p.Origin == "embedded" {
		return p.Name + ".md (embedded)"
	}
	return p.Origin
}

var funcs = template.FuncMap{
	"fence":      Fence,
	"meta":       ArticleMeta,
	"sourceList": SourceList,
	"join":       strings.Join,
	"upper":      strings.ToUpper,
	"points":     Points,
}

// Get returns the prompt of a stage.
func (s *Set) Get(name string) (*Prompt, error) {
	p, ok := s.prompts[name]
	if !ok {
		return nil, fmt.Errorf("no prompt named %q (want one of %s)", name, strings.Join(s.Names(), ", "))
	}
	return p, nil
}

// Stages returns the set's stages in an order in which every stage comes
// after the stages it reads.
func (s *Set) Stages() []Stage { return slices.Clone(s.stages) }

// Stage returns the definition of the named stage.
func (s *Set) Stage(name string) (Stage, bool) {
	for _, st := range s.stages {
		if st.Name == name {
			return st, true
		}
	}
	return Stage{}, false
}

// Digests maps each stage to its prompt's digest.
func (s *Set) Digests() map[string]string {
	m := make(map[string]string, len(s.prompts))
	for name, p := range s.prompts {
		m[name] = p.Digest
	}
	return m
}

// Render executes the prompt's templates against data and returns the
// system and user messages.
func (p *Prompt) Render(data any) ([]Message, error) {
	// Every string of the data is defanged first, so that whatever a
	// template prints, in a fence or not, holds no fence marker.
	escaped := escapeData(data)
	var msgs []Message
	for _, role := range []string{"system", "user"} {
		var b strings.Builder
		if err := p.tmpl.ExecuteTemplate(&b, role, escaped); err != nil {
			return nil, fmt.Errorf("render prompt %s: %w", p.Name, err)
		}
		msgs = append(msgs, Message{Role: role, Content: strings.TrimSpace(b.String())})
	}
	return msgs, nil
}

// Fence delimits untrusted text for a prompt:
//
//	<<<BEGIN UNTRUSTED ARTICLE id="ID" source="NAME">>>
//	text
//	<<<END UNTRUSTED ARTICLE>>>
//
// Every run of three or more angle brackets inside the text or the
// attributes, however long and in ASCII or full-width form, is broken up
// (see defang), so the text can neither close its fence nor open a new one.
func Fence(kind, id, source, text string) string {
	kind = strings.ToUpper(kind)
	return fmt.Sprintf("<<<BEGIN UNTRUSTED %s id=%q source=%q>>>\n%s\n<<<END UNTRUSTED %s>>>",
		kind, defang(id), defang(source), defang(text), kind)
}

// ArticleMeta renders an article's source, title and date as "key: value"
// lines for a fence of their own: they come from the input as much as the
// text does.
func ArticleMeta(source, title, published string) string {
	var lines []string
	for _, kv := range [][2]string{{"source", source}, {"title", title}, {"published", published}} {
		if kv[1] != "" {
			lines = append(lines, kv[0]+": "+kv[1])
		}
	}
	return strings.Join(lines, "\n")
}

// SourceList renders a story's sources as "id: name" lines, for a fence.
func SourceList(sources []Source) string {
	lines := make([]string, len(sources))
	for i, s := range sources {
		lines[i] = s.ID + ": " + s.Name
	}
	return strings.Join(lines, "\n")
}
