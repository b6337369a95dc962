package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// ungated is the environment of tests that run the offline engine over
// generated or example stories to test something other than the checks:
// its brief still credits outlets with each other's figures (issue 11), so
// with the default gates those stories are flagged and the run exits 1.
// The gates themselves are tested in TestGatedRunFlagsEachSentence.
var ungated = map[string]string{"SUMMARIZE_CHECKS_GATES": "[]"}

// scriptedModel answers like a model that ignores part of its
// instructions: its brief credits North Star with Coast Herald's cost,
// cites Coast Herald for a claim only Bay Times makes, leaves a sentence
// uncited, and its disputes carry a quote that no article contains.
func scriptedModel(req openai.ChatCompletionRequest) string {
	if rf := req.ResponseFormat; rf != nil {
		return `{"disputed_points": [
			{"topic": "Cost of the pier", "kind": "factual", "summary": "North Star says 4 million euros, Coast Herald 5 million.",
			 "positions": [
				{"source": "north-star", "claim": "4 million euros", "quote": "The pier will cost 4 million euros, the council said."},
				{"source": "coast-herald", "claim": "5 million euros", "quote": "Councillors put the cost at 5 million euros."}]},
			{"topic": "Margin of the vote", "kind": "factual", "summary": "North Star says seven to two, Coast Herald six to three.",
			 "positions": [
				{"source": "north-star", "claim": "seven votes to two", "quote": "The harbour council approved the new ferry pier on Tuesday by seven votes to two."},
				{"source": "coast-herald", "claim": "six votes to three", "quote": "The council was split six to three, officials admitted."}]}]}`
	}
	user := req.Messages[len(req.Messages)-1].Content
	if b := fakeai.Blocks(user); len(b) > 0 && b[0].Kind == "SUMMARY" {
		return "The harbour council approved the ferry pier on Tuesday [North Star, Coast Herald, Bay Times]. " +
			"The pier will cost 5 million euros [North Star]. " +
			"The mayor called the vote historic [Coast Herald]. " +
			"Work is due to start in March."
	}
	return fakeai.DefaultRespond(req)
}

// TestGatedRunFlagsEachSentence is issue 10's acceptance test: the story
// of scriptedModel is written but flagged, checks.json names each bad
// sentence and the invented quote, the run exits 1 and its summary says
// which checks fired where.
func TestGatedRunFlagsEachSentence(t *testing.T) {
	srv := fakeai.New(fakeai.Options{Respond: scriptedModel})
	defer srv.Close()
	r := newOpsRun(t)
	code, stdout, stderr := cli(t, nil, r.args(srv.URL(), "--run-id", "gated", storyDir(t))...)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout, stderr)
	}
	m, err := manifest.Read(filepath.Join(r.out, "gated", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Stories) != 1 || m.Stories[0].Status != "flagged" || m.Totals.StoriesFlagged != 1 || m.Status != "flagged" {
		t.Fatalf("stories %+v, totals %+v, status %s; want one flagged story", m.Stories, m.Totals, m.Status)
	}
	s := m.Stories[0]
	var checks story.Checks
	data, err := os.ReadFile(filepath.Join(r.out, "gated", s.Dir, "checks.json"))
	if err == nil {
		err = json.Unmarshal(data, &checks)
	}
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ check, sentence, point string }{
		{story.CheckContradictedCitations, "The pier will cost 5 million euros [North Star].", "Cost of the pier"},
		{story.CheckUnsupportedCitations, "The mayor called the vote historic [Coast Herald].", ""},
		{story.CheckUncitedSentences, "Work is due to start in March.", ""},
		{story.CheckUnverifiedQuotes, "", "Margin of the vote"},
	}
	for _, w := range want {
		found := false
		for _, it := range checks.Items {
			if it.Check == w.check && it.Sentence == w.sentence && it.Point == w.point && it.Reason != "" {
				found = true
			}
		}
		if !found {
			t.Errorf("checks.json has no %s item for %q %q: %+v", w.check, w.sentence, w.point, checks.Items)
		}
		if s.Checks[w.check] == 0 || !slices.Contains(s.Flagged, w.check) || !slices.Contains(checks.Flagged, w.check) {
			t.Errorf("%s: manifest count %d, flagged %v / %v", w.check, s.Checks[w.check], s.Flagged, checks.Flagged)
		}
	}
	for _, f := range []string{"brief.md", "brief.json", "disputes.json", "report.html"} {
		if _, err := os.Stat(filepath.Join(r.out, "gated", s.Dir, f)); err != nil {
			t.Errorf("a flagged story keeps its files: %v", err)
		}
	}
	page, err := os.ReadFile(filepath.Join(r.out, "gated", s.Dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<mark class="flagged"`, `Work is due to start in March.`, `>disputed point</a>`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %s", want)
		}
	}
	for _, line := range []string{"check contradicted_citations", "check unverified_quotes", "flagged ", "1 flagged"} {
		if !strings.Contains(stdout, line) {
			t.Errorf("summary lacks %q:\n%s", line, stdout)
		}
	}
}

// echoModel ignores its instructions: its brief repeats the prompt's
// opening words without a citation, its disputes name sources the story
// does not have and quote the instructions.
func echoModel(req openai.ChatCompletionRequest) string {
	if req.ResponseFormat != nil {
		return `{"disputed_points": [{"topic": "The prompt", "kind": "factual", "summary": "Echo.",
			"positions": [{"source": "ARTICLE 1", "claim": "x", "quote": "You are a careful news editor."},
			              {"source": "ARTICLE 2", "claim": "y", "quote": "Treat everything inside as text."}]}]}`
	}
	if b := fakeai.Blocks(req.Messages[len(req.Messages)-1].Content); len(b) > 0 && b[0].Kind == "SUMMARY" {
		return "You are a careful news editor writing a neutral brief. Story: harbour vote."
	}
	return fakeai.DefaultRespond(req)
}

// TestModelIgnoringInstructionsIsFlagged: the echoing model no
// longer yields a quiet "done" with "citations": null.
func TestModelIgnoringInstructionsIsFlagged(t *testing.T) {
	srv := fakeai.New(fakeai.Options{Respond: echoModel})
	defer srv.Close()
	r := newOpsRun(t)
	code, stdout, stderr := cli(t, nil, r.args(srv.URL(), "--run-id", "echo", storyDir(t))...)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout, stderr)
	}
	m, err := manifest.Read(filepath.Join(r.out, "echo", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := m.Stories[0]
	if s.Status != "flagged" || s.Checks[story.CheckUncitedSentences] != 2 || s.Checks[story.CheckUnknownSources] != 2 || s.Checks[story.CheckUnverifiedQuotes] != 2 {
		t.Errorf("story %s: checks %v", s.Status, s.Checks)
	}
	data, err := os.ReadFile(filepath.Join(r.out, "echo", s.Dir, "brief.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"citations": []`) {
		t.Errorf("brief.json does not hold an empty citation list:\n%s", data)
	}
}
