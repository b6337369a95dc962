package pipeline

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/summarize/summarize/internal/manifest"
)

// How a JSON reply was found in what the model sent (manifest.Call's
// Unwrapped): models asked for JSON often wrap it in a Markdown code
// fence, or put a sentence before or after it, even in JSON mode.
const (
	unwrappedFence = "fence" // inside a ``` code fence
	unwrappedProse = "prose" // with other text before or after it
)

// maxJSONStarts bounds how many "{" of a reply are tried as the start of
// its JSON object: prose before the object rarely holds braces, and a
// reply that is not JSON at all should fail fast with the decoder's error.
const maxJSONStarts = 8

var codeFence = regexp.MustCompile("(?s)```[A-Za-z0-9_-]*[ \t]*\r?\n?(.*?)```")

// jsonPayload returns the JSON object of a reply and how it was found: ""
// when the reply is the object (white space aside), unwrappedFence or
// unwrappedProse otherwise. A reply in which no object decodes is returned
// trimmed, with how "", so that the decoder's error describes it.
func jsonPayload(content string) (payload, how string) {
	s := strings.TrimSpace(content)
	if strings.HasPrefix(s, "{") && json.Valid([]byte(s)) {
		return s, ""
	}
	for _, m := range codeFence.FindAllStringSubmatch(s, -1) {
		if inner := strings.TrimSpace(m[1]); strings.HasPrefix(inner, "{") && json.Valid([]byte(inner)) {
			return inner, unwrappedFence
		}
	}
	rest := s
	for range maxJSONStarts {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			break
		}
		var raw json.RawMessage
		if err := json.NewDecoder(strings.NewReader(rest[i:])).Decode(&raw); err == nil {
			return string(raw), unwrappedProse
		}
		rest = rest[i+1:]
	}
	return s, ""
}

// noteUnwrapped records on a JSON stage's call how its reply's JSON was
// found, so that the manifest counts the replies that needed unwrapping.
func (e *LLMEngine) noteUnwrapped(rec *manifest.Call, content string) {
	if def, _ := e.Prompts.Stage(rec.Stage); def.Output == "json" {
		_, rec.Unwrapped = jsonPayload(content)
	}
}
