package fakeai

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/schema"
)

func TestSchemaReplySatisfiesTheSchema(t *testing.T) {
	raw := json.RawMessage(`{"type":"object","additionalProperties":false,"required":["actors","count","kind"],"properties":{
	  "actors":{"type":"array","maxItems":5,"items":{"type":"object","additionalProperties":false,"required":["name","role","source","quote"],
	    "properties":{"name":{"type":"string"},"role":{"type":"string"},"source":{"type":"string"},"quote":{"type":"string"}}}},
	  "count":{"type":"integer"},"kind":{"type":"string","enum":["a","b"]}}}`)
	blocks := []Block{
		{Kind: "ARTICLE", ID: "north", Source: "North Star", Text: "The council approved the pier on Tuesday. Work starts in March."},
		{Kind: "ARTICLE", ID: "coast", Source: "Coast Herald", Text: "Councillors backed the ferry pier by six votes. The cost is unknown."},
	}
	reply, err := schemaReply(raw, blocks)
	if err != nil {
		t.Fatal(err)
	}
	s, err := schema.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Actors []struct{ Name, Role, Source, Quote string }
	}
	var decoded any
	if err := json.Unmarshal([]byte(reply), &decoded); err != nil || s.Check(decoded) != nil {
		t.Fatalf("reply %s: %v %v", reply, err, s.Check(decoded))
	}
	json.Unmarshal([]byte(reply), &v)
	if len(v.Actors) != 2 {
		t.Fatalf("want one actor per block: %s", reply)
	}
	for i, a := range v.Actors {
		if a.Source != blocks[i].ID || !strings.Contains(blocks[i].Text, a.Quote) || a.Quote == "" {
			t.Errorf("actor %d = %+v: source and quote not from block %s", i, a, blocks[i].ID)
		}
	}
}
