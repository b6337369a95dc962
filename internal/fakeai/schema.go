package fakeai

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// schemaReply builds a JSON value that satisfies a request's JSON schema
// (the subset strict structured outputs accept), grounded in the prompt's
// fenced blocks as DefaultRespond's other replies are: every object takes
// its strings from one block, in turn, so that a "quote" is that block's
// first sentence verbatim and a "source" its ID; an array holds one item
// per block (at least one, within minItems and maxItems). It is how the
// fake answers a stage it knows nothing about.
func schemaReply(schema json.RawMessage, blocks []Block) (string, error) {
	var s map[string]any
	if err := json.Unmarshal(schema, &s); err != nil {
		return "", fmt.Errorf("schema: %w", err)
	}
	g := &generator{blocks: blocks}
	v := g.value(s, "", 0)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSpace(buf.String()), nil
}

type generator struct {
	blocks []Block
}

func (g *generator) block(i int) Block {
	if len(g.blocks) == 0 {
		return Block{ID: "none", Source: "none", Text: "The prompt held no fenced text."}
	}
	return g.blocks[i%len(g.blocks)]
}

// value returns a value for schema s, named key in its parent, using
// block i for its strings.
func (g *generator) value(s map[string]any, key string, i int) any {
	if enum, ok := s["enum"].([]any); ok && len(enum) > 0 {
		return enum[0]
	}
	switch typeOf(s) {
	case "object":
		out := map[string]any{}
		props, _ := s["properties"].(map[string]any)
		for name, p := range props {
			ps, _ := p.(map[string]any)
			out[name] = g.value(ps, name, i)
		}
		return out
	case "array":
		n := max(len(g.blocks), 1)
		if f, ok := s["maxItems"].(float64); ok {
			n = min(n, int(f))
		}
		if f, ok := s["minItems"].(float64); ok {
			n = max(n, int(f))
		}
		items, _ := s["items"].(map[string]any)
		out := make([]any, n)
		for k := range out {
			out[k] = g.value(items, key, i+k)
		}
		return out
	case "string":
		b := g.block(i)
		first := b.Text
		if s := Sentences(b.Text, 1); len(s) > 0 {
			first = s[0]
		}
		switch strings.ToLower(key) {
		case "quote":
			return first
		case "source", "source_id", "id":
			return b.ID
		case "name":
			return firstWords(first, 3)
		}
		return first
	case "integer", "number":
		return 1
	case "boolean":
		return true
	}
	return nil
}

// typeOf returns the schema's type, the first non-null one of a list.
func typeOf(s map[string]any) string {
	switch t := s["type"].(type) {
	case string:
		return t
	case []any:
		for _, x := range t {
			if name, ok := x.(string); ok && name != "null" {
				return name
			}
		}
	}
	return ""
}

func firstWords(s string, n int) string {
	words := strings.Fields(s)
	return strings.Join(words[:min(n, len(words))], " ")
}
