package pipeline

import "testing"

func TestJSONPayload(t *testing.T) {
	obj := `{"disputed_points":[{"topic":"a {b}"}]}`
	cases := []struct {
		name, reply, payload, how string
	}{
		{"bare", obj, obj, ""},
		{"bare with white space", "\n  " + obj + "\n", obj, ""},
		{"fence with language", "```json\n" + obj + "\n```", obj, unwrappedFence},
		{"fence without language", "```\n" + obj + "\n```", obj, unwrappedFence},
		{"prose, then a fence", "Here is the JSON you asked for:\n\n```json\n" + obj + "\n```\nLet me know.", obj, unwrappedFence},
		{"prose before", "Sure! The points are: " + obj, obj, unwrappedProse},
		{"prose after", obj + "\n\nI hope this helps.", obj, unwrappedProse},
		{"braces in the prose", "Reading {the articles} closely: " + obj, obj, unwrappedProse},
		{"fenced code that is not JSON, then JSON", "```go\nx := 1\n```\n" + obj, obj, unwrappedProse},
		{"no JSON", "I cannot help with that.", "I cannot help with that.", ""},
		{"truncated", `{"disputed_points":[`, `{"disputed_points":[`, ""},
	}
	for _, tc := range cases {
		payload, how := jsonPayload(tc.reply)
		if payload != tc.payload || how != tc.how {
			t.Errorf("%s: jsonPayload = %q, %q; want %q, %q", tc.name, payload, how, tc.payload, tc.how)
		}
	}
	full := `{"disputed_points":[{"topic":"t","kind":"factual","summary":"s","positions":[{"source":"a","claim":"c","quote":"q"}]}]}`
	for _, reply := range []string{"Here you go:\n```json\n" + full + "\n```", "Points: " + full + " Done."} {
		points, err := parseDisputes(reply)
		if err != nil || len(points) != 1 {
			t.Errorf("parseDisputes(%q) = %v, %v", reply, points, err)
		}
	}
}
