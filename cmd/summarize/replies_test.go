package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// TestRepliesAsModelsSendThem: a scripted endpoint answers the disputes
// call the way models do — prose, then the JSON in a Markdown fence, with
// positions citing sources by name, in capitals and by URL host, and one
// paraphrased quote. The reply is parsed and counted as unwrapped, every
// position resolves to its source's ID, and the paraphrase stays
// unverified, with its article's closest sentence beside it.
func TestRepliesAsModelsSendThem(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pier")
	os.MkdirAll(dir, 0o755)
	files := map[string]string{
		"north.md": "---\nsource: North Star\nurl: https://www.northstar.example/pier\n---\nThe council approved the pier by seven votes to two. Work starts in March.",
		"coast.md": "---\nsource: Coast Herald\nurl: https://coastherald.example/p\n---\nThe council approved the pier by six votes to three. Work starts in April.",
		"bay.md":   "---\nsource: Bay Times\nurl: https://baytimes.example/x\n---\nA divided council backed the pier on Tuesday. The mayor called the vote historic.",
	}
	for name, text := range files {
		os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	}
	reply := "Here are the disputed points I found:\n\n```json\n" + `{"disputed_points":[` +
		`{"topic":"Vote margin","kind":"factual","summary":"s","positions":[` +
		`{"source":"North Star","claim":"7-2","quote":"by seven votes to two"},` +
		`{"source":"COAST HERALD","claim":"6-3","quote":"by six votes to three"}]},` +
		`{"topic":"Start of work","kind":"timing","summary":"s","positions":[` +
		`{"source":"northstar.example","claim":"March","quote":"Work starts in March"},` +
		`{"source":"https://coastherald.example/","claim":"April","quote":"Building begins in April"}]}]}` + "\n```\nLet me know if you need more."
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	srv.SetRespond(func(req openai.ChatCompletionRequest) string {
		if req.ResponseFormat != nil {
			return reply
		}
		return fakeai.DefaultRespond(req)
	})
	out := t.TempDir()
	env := map[string]string{"OPENAI_API_KEY": "sk-test", "SUMMARIZE_CACHE_DIR": t.TempDir()}
	// The paraphrase trips the unverified-quotes gate: the story is
	// flagged and the run exits 1, with every file written.
	if code, _, stderr := cli(t, env, "run", "--provider", "openai", "--base-url", srv.URL(), "--out", out, dir); code != 1 || !strings.Contains(stderr, "flagged") {
		t.Fatalf("exit %d, want 1 (flagged)\n%s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(out, "latest", "pier", "disputes.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d story.Disputes
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	var got []story.Position
	for _, p := range append(d.DisputedPoints, d.Omissions...) {
		got = append(got, p.Positions...)
	}
	if len(got) != 4 {
		t.Fatalf("%d positions, want 4:\n%s", len(got), data)
	}
	want := []struct {
		source   string
		verified bool
	}{{"north-star", true}, {"coast-herald", true}, {"north-star", true}, {"coast-herald", false}}
	for i, w := range want {
		p := got[i]
		if p.Source != w.source || p.UnknownSource || p.QuoteVerified != w.verified {
			t.Errorf("position %d = %+v, want source %s, verified %v", i, p, w.source, w.verified)
		}
	}
	if p := got[3]; p.Quote != "Building begins in April" || p.ClosestSentence != "Work starts in April." {
		t.Errorf("the paraphrased quote: %+v; want it kept, with the closest sentence beside it", p)
	}
	m, err := manifest.Read(filepath.Join(out, "latest", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Totals.RepliesUnwrapped != 1 {
		t.Errorf("totals.replies_unwrapped = %d, want 1", m.Totals.RepliesUnwrapped)
	}
	for _, c := range m.Calls {
		if c.Stage == "disputes" && c.Unwrapped != "fence" {
			t.Errorf("disputes call unwrapped = %q, want fence", c.Unwrapped)
		}
		if c.Stage != "disputes" && c.Unwrapped != "" {
			t.Errorf("%s call marked unwrapped", c.Stage)
		}
	}
	if page, _ := os.ReadFile(filepath.Join(out, "latest", "pier", "report.html")); !strings.Contains(string(page), "closest sentence in the article: “Work starts in April.”") {
		t.Errorf("report.html does not show the closest sentence")
	}
	if md, _ := os.ReadFile(filepath.Join(out, "latest", "pier", "disputes.md")); !strings.Contains(string(md), "Building begins in April") || !strings.Contains(string(md), "Closest sentence in the article: Work starts in April.") {
		t.Errorf("disputes.md lacks the unverified quote or its closest sentence:\n%s", md)
	}
}
