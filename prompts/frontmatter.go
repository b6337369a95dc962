package prompts

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// splitFrontMatter splits a prompt file into its YAML front matter and its
// body. The front matter is the lines between a first line "---" (blank
// lines before it are allowed) and the next line "---". It returns the
// line number in the file of the front matter's first line and of the
// body's first line, so that errors in either can name the file's own
// lines. A file that opens a front matter and never closes it is an error:
// otherwise its settings would silently become template text.
func splitFrontMatter(data []byte) (front []byte, frontLine int, body []byte, bodyLine int, err error) {
	rest := data
	line := 1
	for {
		l, tail, found := bytes.Cut(rest, []byte("\n"))
		if len(bytes.TrimSpace(l)) != 0 {
			break
		}
		if !found {
			return nil, 0, data, 1, nil
		}
		rest, line = tail, line+1
	}
	first, afterOpen, _ := bytes.Cut(rest, []byte("\n"))
	if string(bytes.TrimSpace(first)) != "---" {
		return nil, 0, data, 1, nil
	}
	openLine := line
	frontLine = line + 1
	rest, line = afterOpen, line+1
	start := rest
	for {
		l, tail, found := bytes.Cut(rest, []byte("\n"))
		if string(bytes.TrimSpace(l)) == "---" {
			front = start[:len(start)-len(rest)]
			return front, frontLine, tail, line + 1, nil
		}
		if !found {
			return nil, 0, nil, 0, lineError{openLine, "front matter opened with --- is never closed by a line ---"}
		}
		rest, line = tail, line+1
	}
}

// metaKeys are the front-matter keys Meta has, from its yaml tags, so that
// a key added to Meta is accepted without a second list to update.
var metaKeys = func() []string {
	var keys []string
	t := reflect.TypeFor[Meta]()
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}()

// decodeMeta decodes front matter into m. An unknown key is an error (a
// misspelled "temprature" would otherwise leave the default in force
// without a word), and every error names the file's line: firstLine is the
// line number of the front matter's first line.
func decodeMeta(front []byte, firstLine int, m *Meta) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		return shiftYAMLLines(err, firstLine)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return lineError{root.Line + firstLine - 1, "front matter must be a mapping of keys to values"}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if !slices.Contains(metaKeys, k.Value) {
			return lineError{k.Line + firstLine - 1, fmt.Sprintf("unknown front-matter key %q (known keys: %s)", k.Value, strings.Join(metaKeys, ", "))}
		}
	}
	if err := root.Decode(m); err != nil {
		return shiftYAMLLines(err, firstLine)
	}
	return nil
}

// shiftYAMLLines rewrites the "line N" of a YAML error, counted from the
// front matter's first line, as a line of the file.
func shiftYAMLLines(err error, firstLine int) error {
	msg := err.Error()
	var b strings.Builder
	for {
		i := strings.Index(msg, "line ")
		if i < 0 {
			b.WriteString(msg)
			break
		}
		j := i + len("line ")
		n, k := 0, j
		for k < len(msg) && msg[k] >= '0' && msg[k] <= '9' {
			n = n*10 + int(msg[k]-'0')
			k++
		}
		b.WriteString(msg[:j])
		if k == j {
			msg = msg[j:]
			continue
		}
		fmt.Fprintf(&b, "%d", n+firstLine-1)
		msg = msg[k:]
	}
	return fmt.Errorf("front matter: %s", b.String())
}

// lineError is an error at one line of a prompt file.
type lineError struct {
	line int
	msg  string
}

func (e lineError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }
