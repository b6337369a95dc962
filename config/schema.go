package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// schema lists the keys of Config, read from its mapstructure tags, so the
// struct is the one list of keys and types that the file, environment and
// flag layers are checked against.
type schema struct {
	keys     []string                // leaf keys, in struct order
	types    map[string]reflect.Type // type of each leaf key
	sections map[string]reflect.Type // nested structs: "llm", "stages.brief"
}

func newSchema() *schema {
	s := &schema{types: make(map[string]reflect.Type), sections: make(map[string]reflect.Type)}
	s.add(reflect.TypeFor[Config](), "")
	return s
}

func (s *schema) add(t reflect.Type, prefix string) {
	for _, f := range fieldsOf(t) {
		key := prefix + f.name
		if f.typ.Kind() == reflect.Struct {
			s.sections[key] = f.typ
			s.add(f.typ, key+".")
			continue
		}
		s.keys = append(s.keys, key)
		s.types[key] = f.typ
	}
}

// names returns every leaf and section key, the candidates for "did you mean".
func (s *schema) names() []string {
	names := append([]string(nil), s.keys...)
	for key := range s.sections {
		names = append(names, key)
	}
	return names
}

type field struct {
	name  string // the mapstructure tag: the key in YAML
	index int
	typ   reflect.Type
}

func fieldsOf(t reflect.Type) []field {
	fields := make([]field, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		fields = append(fields, field{name: f.Tag.Get("mapstructure"), index: i, typ: f.Type})
	}
	return fields
}

var durationType = reflect.TypeFor[time.Duration]()

// A lineError is a problem at one line of a YAML document.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return e.msg }

// parseFile parses a configuration file. It returns the value of each key
// set to non-null, as the plain Go value of the key's type (the pointed-to
// value for pointer fields), and the line of every key present, null or not.
// name is how messages refer to the file.
func (s *schema) parseFile(name string, data []byte) (leaves map[string]any, present map[string]int, err error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, fmt.Errorf("%s: %s", name, hideSecrets(err.Error()))
	}
	leaves = make(map[string]any)
	present = make(map[string]int)
	if len(doc.Content) == 0 { // empty, or only comments
		return leaves, present, nil
	}
	var problems []string
	report := func(line int, msg string) {
		problems = append(problems, fmt.Sprintf("%s:%d: %s", name, line, msg))
	}
	s.walk(doc.Content[0], "", leaves, present, report)
	if len(problems) > 0 {
		return nil, nil, fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return leaves, present, nil
}

func (s *schema) walk(n *yaml.Node, prefix string, leaves map[string]any, present map[string]int, report func(int, string)) {
	n = resolve(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		what := strings.TrimSuffix(prefix, ".")
		if what == "" {
			what = "top level"
		}
		report(n.Line, fmt.Sprintf("%s: want a mapping, got %s", what, describe(n)))
		return
	}
	seen := make(map[string]bool)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], resolve(n.Content[i+1])
		key := prefix + k.Value
		switch {
		case k.Kind != yaml.ScalarNode:
			report(k.Line, fmt.Sprintf("%s: keys must be plain strings", strings.TrimSuffix(prefix, ".")))
			continue
		case seen[k.Value]:
			report(k.Line, fmt.Sprintf("key %s appears twice", quote(key)))
			continue
		}
		seen[k.Value] = true
		if _, ok := s.sections[key]; ok {
			s.walk(val, key+".", leaves, present, report)
			continue
		}
		ft, ok := s.types[key]
		if !ok {
			report(k.Line, unknownKey(key, s.names()))
			continue
		}
		present[key] = k.Line
		if isNull(val) {
			continue
		}
		v, err := decodeNode(val, ft, key)
		if err != nil {
			report(err.line, err.msg)
			continue
		}
		leaves[key] = plain(v)
	}
}

// plain returns the value viper should hold for v: the pointed-to value of
// a pointer, so that viper sees the same types from every layer.
func plain(v reflect.Value) any {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		return v.Elem().Interface()
	}
	return v.Interface()
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return quote(n.Value)
}

const wantDuration = "a duration with a unit (like 90s)"

// decodeNode decodes n as a value of type t, strictly: a number is not a
// boolean, a bare number is not a duration, and keys of mappings must be
// fields. key names the value in messages.
func decodeNode(n *yaml.Node, t reflect.Type, key string) (reflect.Value, *lineError) {
	n = resolve(n)
	if t.Kind() == reflect.Pointer {
		if isNull(n) {
			return reflect.Zero(t), nil
		}
		elem, err := decodeNode(n, t.Elem(), key)
		if err != nil {
			return reflect.Value{}, err
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(elem)
		return p, nil
	}
	v := reflect.New(t).Elem()
	if isNull(n) {
		return v, nil
	}
	bad := func(want string) (reflect.Value, *lineError) {
		return reflect.Value{}, &lineError{n.Line, fmt.Sprintf("%s: want %s, got %s", key, want, describe(n))}
	}
	scalar := n.Kind == yaml.ScalarNode
	tag := n.ShortTag()
	if t == durationType {
		if !scalar || tag != "!!str" {
			return bad(wantDuration)
		}
		d, err := time.ParseDuration(n.Value)
		if err != nil {
			return bad(wantDuration)
		}
		v.SetInt(int64(d))
		return v, nil
	}
	switch t.Kind() {
	case reflect.String:
		// The literal text, so that unquoted values such as 2024-10-21
		// or 4 stay as written instead of becoming a date or a number.
		if !scalar {
			return bad("a string")
		}
		v.SetString(n.Value)
	case reflect.Bool:
		var b bool
		if !scalar || tag != "!!bool" || n.Decode(&b) != nil {
			return bad("true or false")
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		var i int64
		if !scalar || tag != "!!int" || n.Decode(&i) != nil || v.OverflowInt(i) {
			return bad("an integer")
		}
		v.SetInt(i)
	case reflect.Float32, reflect.Float64:
		var f float64
		if !scalar || tag != "!!int" && tag != "!!float" || n.Decode(&f) != nil {
			return bad("a number")
		}
		v.SetFloat(f)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return bad("a list")
		}
		for i, item := range n.Content {
			ev, err := decodeNode(item, t.Elem(), fmt.Sprintf("%s[%d]", key, i))
			if err != nil {
				return reflect.Value{}, err
			}
			v = reflect.Append(v, ev)
		}
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return bad("a mapping")
		}
		fields := fieldsOf(t)
		names := make([]string, len(fields))
		for i, f := range fields {
			names[i] = key + "." + f.name
		}
		seen := make(map[string]bool)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			fkey := key + "." + k.Value
			if seen[k.Value] {
				return reflect.Value{}, &lineError{k.Line, fmt.Sprintf("key %s appears twice", quote(fkey))}
			}
			seen[k.Value] = true
			j := indexOf(fields, k.Value)
			if j < 0 {
				return reflect.Value{}, &lineError{k.Line, unknownKey(fkey, names)}
			}
			fv, err := decodeNode(val, fields[j].typ, fkey)
			if err != nil {
				return reflect.Value{}, err
			}
			v.Field(fields[j].index).Set(fv)
		}
	default:
		// Only reachable if Config gains a field of a new kind.
		return reflect.Value{}, &lineError{n.Line, fmt.Sprintf("%s: values of type %s are not supported", key, t)}
	}
	return v, nil
}

func indexOf(fields []field, name string) int {
	for i, f := range fields {
		if f.name == name {
			return i
		}
	}
	return -1
}

// parseString parses the text of an environment variable or a flag as a
// value of type t, returned as plain (see plain). Lists are written in YAML
// or JSON flow style.
func parseString(raw string, t reflect.Type, key string) (any, error) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	bad := func(want string) (any, error) {
		return nil, fmt.Errorf("%s: want %s, got %s", key, want, quote(raw))
	}
	if t == durationType {
		d, err := time.ParseDuration(raw)
		if err != nil {
			return bad(wantDuration)
		}
		return d, nil
	}
	switch t.Kind() {
	case reflect.String:
		return raw, nil
	case reflect.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return bad("true or false")
		}
		return b, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(strings.TrimSpace(raw), 10, t.Bits())
		if err != nil {
			return bad("an integer")
		}
		return reflect.ValueOf(i).Convert(t).Interface(), nil
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(strings.TrimSpace(raw), t.Bits())
		if err != nil {
			return bad("a number")
		}
		return reflect.ValueOf(f).Convert(t).Interface(), nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(raw), &doc); err != nil {
		return nil, fmt.Errorf("%s: not a YAML or JSON value: %s", key, hideSecrets(err.Error()))
	}
	if len(doc.Content) == 0 {
		return bad("a value")
	}
	v, err := decodeNode(doc.Content[0], t, key)
	if err != nil {
		return nil, err
	}
	return plain(v), nil
}

// unknownKey reports key as unknown, suggesting the closest candidate.
func unknownKey(key string, candidates []string) string {
	if looksSecret(key) {
		return "unknown key, which looks like a secret (not shown): is this a configuration file?"
	}
	msg := fmt.Sprintf("unknown key %q", key)
	if best := closest(key, candidates); best != "" {
		msg += "; did you mean " + best + "?"
	}
	return msg
}

// closest returns the candidate nearest to key by edit distance, comparing
// whole keys and also last segments (so a key written in the wrong section
// still finds its home), or "" when none is near enough to be a likely typo.
func closest(key string, candidates []string) string {
	key = strings.ToLower(key)
	last := lastSegment(key)
	limit := max(1, len(last)/3)
	best, bestNear, bestFull := "", limit+1, 0
	for _, c := range candidates {
		full := distance(key, c)
		near := min(full, distance(last, lastSegment(c)))
		if near < bestNear || near == bestNear && full < bestFull || near == bestNear && full == bestFull && c < best {
			best, bestNear, bestFull = c, near, full
		}
	}
	return best
}

func lastSegment(key string) string {
	return key[strings.LastIndexAny(key, ".]")+1:]
}

// distance is the edit distance between a and b counting an insertion, a
// deletion, a substitution or a swap of two neighbours as one edit (optimal
// string alignment), in bytes: keys are ASCII.
func distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
