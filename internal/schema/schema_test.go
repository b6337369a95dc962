package schema

import (
	"encoding/json"
	"strings"
	"testing"
)

const actors = `{"type":"object","additionalProperties":false,"required":["actors"],"properties":{
  "actors":{"type":"array","minItems":1,"items":{"type":"object","additionalProperties":false,"required":["name","kind"],
    "properties":{"name":{"type":"string"},"kind":{"type":"string","enum":["person","organisation"]},"age":{"type":["integer","null"]}}}}}}`

func TestCheck(t *testing.T) {
	s, err := Parse([]byte(actors))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		reply, want string // want "" means valid
	}{
		{`{"actors":[{"name":"Ada","kind":"person"}]}`, ""},
		{`{"actors":[{"name":"Ada","kind":"person","age":null}]}`, ""},
		{`{"actors":[{"name":"Ada","kind":"person","age":36}]}`, ""},
		{`{"actors":[]}`, "at least 1 items"},
		{`{}`, `required field "actors"`},
		{`{"actors":[{"name":"Ada","kind":"robot"}]}`, "must be one of"},
		{`{"actors":[{"name":"Ada","kind":"person","age":3.5}]}`, "actors[0].age must be of type integer or null"},
		{`{"actors":[{"name":7,"kind":"person"}]}`, "actors[0].name must be of type string"},
		{`{"actors":[{"name":"Ada","kind":"person","x":1}]}`, `field "x"`},
		{`[]`, "the reply must be of type object"},
	} {
		var v any
		if err := json.Unmarshal([]byte(tt.reply), &v); err != nil {
			t.Fatal(err)
		}
		err := s.Check(v)
		if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Check(%s) = %v, want %q", tt.reply, err, tt.want)
		}
	}
}

func TestZeroSatisfies(t *testing.T) {
	s, err := Parse([]byte(actors))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(s.Zero())
	var v any
	json.Unmarshal(data, &v)
	if err := s.Check(v); err != nil {
		t.Errorf("Zero() = %s does not satisfy its schema: %v", data, err)
	}
}

func TestParseRejects(t *testing.T) {
	for schema, want := range map[string]string{
		`{"type":"object","patternProperties":{}}`:               `"patternProperties" is not supported`,
		`{"type":"thing"}`:                                       `type "thing"`,
		`{"type":"object","required":["a"]}`:                     `required property "a" is not in properties`,
		`{"type":"object","properties":{"a":{"format":"date"}}}`: `at a: keyword "format"`,
		`[]`: "want an object",
	} {
		if _, err := Parse([]byte(schema)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%s) = %v, want %q", schema, err, want)
		}
	}
}
