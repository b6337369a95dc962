// Package schema checks JSON values against the subset of JSON Schema
// that providers' strict structured outputs accept (OpenAI's "Supported
// schemas": type, properties, required, additionalProperties, items,
// enum, description, and minItems/maxItems), which is what a stage's
// schema is sent as.
//
// Parse rejects a schema that uses any other keyword, so a constraint is
// never silently left unchecked. A parsed Schema is read-only and safe for
// concurrent use.
package schema

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Schema is a parsed schema node.
type Schema struct {
	Types      []string // "object", "array", "string", "number", "integer", "boolean", "null"
	Properties map[string]*Schema
	Required   []string
	// Closed is additionalProperties: false.
	Closed   bool
	Items    *Schema
	Enum     []any
	MinItems *int
	MaxItems *int
}

var keywords = []string{"type", "properties", "required", "additionalProperties", "items", "enum", "description", "title", "minItems", "maxItems"}

var typeNames = []string{"object", "array", "string", "number", "integer", "boolean", "null"}

// Parse parses a schema, written as JSON.
func Parse(data []byte) (*Schema, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	return parse(v, "")
}

func parse(v any, at string) (*Schema, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("schema%s: want an object", where(at))
	}
	s := &Schema{}
	for k, val := range m {
		if !slices.Contains(keywords, k) {
			return nil, fmt.Errorf("schema%s: keyword %q is not supported (use %s)", where(at), k, strings.Join(keywords, ", "))
		}
		var err error
		switch k {
		case "type":
			s.Types, err = parseTypes(val)
		case "properties":
			props, ok := val.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("schema%s: properties: want an object", where(at))
			}
			s.Properties = make(map[string]*Schema, len(props))
			for name, pv := range props {
				if s.Properties[name], err = parse(pv, at+"."+name); err != nil {
					return nil, err
				}
			}
		case "required":
			s.Required, err = stringList(val)
		case "additionalProperties":
			b, ok := val.(bool)
			if !ok {
				err = fmt.Errorf("additionalProperties: want true or false")
			}
			s.Closed = !b
		case "items":
			s.Items, err = parse(val, at+"[]")
		case "enum":
			list, ok := val.([]any)
			if !ok || len(list) == 0 {
				err = fmt.Errorf("enum: want a non-empty list")
			}
			s.Enum = list
		case "minItems", "maxItems":
			f, ok := val.(float64)
			if !ok || f < 0 || f != float64(int(f)) {
				err = fmt.Errorf("%s: want a count", k)
			}
			n := int(f)
			if k == "minItems" {
				s.MinItems = &n
			} else {
				s.MaxItems = &n
			}
		}
		if err != nil {
			return nil, fmt.Errorf("schema%s: %w", where(at), err)
		}
	}
	for _, r := range s.Required {
		if _, ok := s.Properties[r]; !ok {
			return nil, fmt.Errorf("schema%s: required property %q is not in properties", where(at), r)
		}
	}
	return s, nil
}

func parseTypes(v any) ([]string, error) {
	var types []string
	switch t := v.(type) {
	case string:
		types = []string{t}
	case []any:
		var err error
		if types, err = stringList(t); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("type: want a name or a list of names")
	}
	for _, t := range types {
		if !slices.Contains(typeNames, t) {
			return nil, fmt.Errorf("type %q: want one of %s", t, strings.Join(typeNames, ", "))
		}
	}
	return types, nil
}

func stringList(v any) ([]string, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list of names")
	}
	out := make([]string, len(list))
	for i, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, fmt.Errorf("want a list of names")
		}
		out[i] = s
	}
	return out, nil
}

func where(at string) string {
	if at == "" {
		return ""
	}
	return " at " + strings.TrimPrefix(at, ".")
}

// Check reports the first way v, a value decoded by encoding/json, does
// not satisfy s. The error is written for the model, which sees it when
// asked to try again.
func (s *Schema) Check(v any) error { return s.check(v, "") }

func (s *Schema) check(v any, at string) error {
	if len(s.Types) > 0 && !slices.ContainsFunc(s.Types, func(t string) bool { return hasType(v, t) }) {
		return fmt.Errorf("%s must be of type %s", name(at), strings.Join(s.Types, " or "))
	}
	if len(s.Enum) > 0 && !slices.ContainsFunc(s.Enum, func(e any) bool { return equal(e, v) }) {
		return fmt.Errorf("%s must be one of %s", name(at), enumList(s.Enum))
	}
	switch x := v.(type) {
	case map[string]any:
		for _, r := range s.Required {
			if _, ok := x[r]; !ok {
				return fmt.Errorf("%s lacks the required field %q", name(at), r)
			}
		}
		for k, val := range x {
			p, ok := s.Properties[k]
			if !ok {
				if s.Closed {
					return fmt.Errorf("%s has the field %q, which the schema does not allow", name(at), k)
				}
				continue
			}
			if err := p.check(val, at+"."+k); err != nil {
				return err
			}
		}
	case []any:
		if s.MinItems != nil && len(x) < *s.MinItems {
			return fmt.Errorf("%s must have at least %d items", name(at), *s.MinItems)
		}
		if s.MaxItems != nil && len(x) > *s.MaxItems {
			return fmt.Errorf("%s must have at most %d items", name(at), *s.MaxItems)
		}
		if s.Items != nil {
			for i, item := range x {
				if err := s.Items.check(item, fmt.Sprintf("%s[%d]", at, i)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func hasType(v any, t string) bool {
	switch t {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == float64(int64(f))
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	}
	return false
}

func equal(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func enumList(enum []any) string {
	parts := make([]string, len(enum))
	for i, e := range enum {
		b, _ := json.Marshal(e)
		parts[i] = string(b)
	}
	return strings.Join(parts, ", ")
}

func name(at string) string {
	if at == "" {
		return "the reply"
	}
	return strings.TrimPrefix(at, ".")
}

// Zero returns the smallest value that satisfies s: objects with their
// required fields, arrays of minItems items, the first enum value, empty
// strings, zeros and false. A dry run answers with it, where the content
// does not matter but the reply must pass the same check a real one does.
func (s *Schema) Zero() any {
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	t := ""
	if len(s.Types) > 0 {
		t = s.Types[0]
	}
	switch t {
	case "object":
		m := map[string]any{}
		for _, r := range s.Required {
			m[r] = s.Properties[r].Zero()
		}
		return m
	case "array":
		n := 0
		if s.MinItems != nil {
			n = *s.MinItems
		}
		out := make([]any, n)
		for i := range out {
			if s.Items != nil {
				out[i] = s.Items.Zero()
			}
		}
		return out
	case "string":
		return ""
	case "number", "integer":
		return 0
	case "boolean":
		return false
	}
	return nil
}
