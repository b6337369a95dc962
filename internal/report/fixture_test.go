package report

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// The fixture is a run of two stories written for these tests. "harbor-fire"
// has three sources, one of which is hostile; "quiet-day" failed and left
// nothing but its entry in the manifest.

const (
	ledgerText = "Fire crews reached the old grain pier shortly after midnight, the harbour office said.\n\n" +
		"Chief Ana Ruiz told reporters that “about forty firefighters” worked through the night. " +
		"No injuries were reported, and the cause is still under investigation."
	riverText = "A blaze at the grain pier drew about sixty firefighters, according to the union.\n\n" +
		"Residents said the smoke  was visible\nfrom the ridge road. The pier had been closed since spring."
	// A script that runs would log to the console, which the Chromium test
	// watches.
	hostileText = "Breaking: <script>console.error('owned')</script> the pier story continues.\n\n" +
		"\"><img src=x onerror=console.error(1)> Click [here](javascript:alert(2)) or <a href=\"javascript:alert(3)\">this</a>.\n\n" +
		"Officials blamed an electrical fault."
)

func fixtureStory() *story.Story {
	return &story.Story{
		Version: story.StoryVersion, ID: "harbor-fire", Name: "Harbour pier fire", Path: "in/harbor-fire",
		Articles: []*story.Article{
			{ID: "north-ledger", Source: "North Ledger", Title: "Pier fire contained", URL: "https://ledger.example/pier",
				Path: "in/harbor-fire/ledger.md", SHA256: story.Digest(ledgerText), Text: ledgerText},
			{ID: "river-post", Source: "River Post", Title: "Grain pier burns", URL: "javascript:alert('url')",
				Path: "in/harbor-fire/river.md", SHA256: story.Digest(riverText), Text: riverText},
			{ID: "evil-wire", Source: "Evil <b>Wire</b>", Title: "<script>alert(4)</script>",
				Path: "in/harbor-fire/evil.md", SHA256: story.Digest(hostileText), Text: hostileText},
		},
		Warnings: []string{"dropped a duplicate of north-ledger"},
	}
}

func fixtureBrief() *story.Brief {
	return &story.Brief{
		Version: story.BriefVersion, Story: "harbor-fire",
		Markdown: "# Harbour pier fire\n\nA fire burned the closed grain pier overnight [North Ledger, River Post]. " +
			"Estimates of the crew differ [River Post]. A third outlet blamed wiring [Phantom Times].\n\n" +
			"<script>alert(5)</script>\n\n" +
			"The chief [sic] called it [bad](javascript:alert(6)) ![pixel](https://tracker.example/p.png) <https://auto.example/x> <javascript:alert(9)>\n",
		Citations: []story.Citation{
			{Label: "North Ledger", Source: "north-ledger", Known: true},
			{Label: "River Post", Source: "river-post", Known: true},
			{Label: "Phantom Times", Known: false},
		},
	}
}

func fixtureDisputes() *story.Disputes {
	s := fixtureStory()
	return &story.Disputes{
		Version: story.DisputesVersion, Story: "harbor-fire", Sources: s.Sources(),
		DisputedPoints: []story.Point{
			{Topic: "Number of firefighters", Kind: story.KindFactual, Summary: "Forty or sixty.",
				Positions: []story.Position{
					// Straight quotes and different case: still located.
					{Source: "north-ledger", Claim: "About forty firefighters.", Quote: `Chief Ana Ruiz told reporters that "About forty firefighters"`, QuoteVerified: true},
					{Source: "river-post", Claim: "About sixty firefighters.", Quote: "drew about sixty firefighters", QuoteVerified: true},
				}},
			{Topic: "Cause", Kind: story.KindOmission, Summary: "Only one outlet names a cause.",
				Positions: []story.Position{
					{Source: "evil-wire", Claim: "<img src=x onerror=alert(7)>", Quote: "Officials blamed an electrical fault.", QuoteVerified: true},
					{Source: "north-ledger", Claim: "Cause unknown.", Quote: "the fire was set on purpose", QuoteVerified: false},
					{Source: "phantom-times", Claim: "Arson.", Quote: "arson", QuoteVerified: false, UnknownSource: true},
				}},
			{Topic: "Visibility", Kind: story.KindEmphasis, Summary: "Only one outlet mentions smoke.",
				Positions: []story.Position{
					// White space differs from the article text.
					{Source: "river-post", Claim: "Smoke seen far away.", Quote: "the smoke was visible from the ridge road", QuoteVerified: true},
				}},
		},
	}
}

func fixtureManifest() *manifest.Manifest {
	return &manifest.Manifest{
		Version: manifest.Version, RunID: "20250102T030405Z",
		Started:  time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		Finished: time.Date(2025, 1, 2, 3, 5, 0, 0, time.UTC),
		Status:   "partial", ExitCode: 1, Provider: "openai", Model: "test-model",
		ConfigDigest:  "c0ffee",
		Config:        map[string]any{"llm": map[string]any{"model": "test-model", "temperature": 0.2}},
		PromptDigests: map[string]string{"brief": "b1", "disputes": "d1", "source_summary": "s1"},
		Stories: []manifest.Story{
			{ID: "harbor-fire", Name: "Harbour pier fire", Dir: "harbor-fire", Status: "partial",
				Articles: []string{"north-ledger", "river-post", "evil-wire"}, Failed: []string{"evil-wire"},
				DisputedPoints: 3, UnverifiedQuotes: 2, UnknownSources: 1},
			{ID: "quiet-day", Name: "Quiet day", Dir: "quiet-day", Status: "failed",
				Articles: []string{"only-one"}, Failed: []string{"only-one"}},
		},
		Calls: []manifest.Call{
			{Stage: "source_summary", Story: "harbor-fire", Article: "north-ledger", Cache: "miss", Attempts: 1, PromptTokens: 300, CompletionTokens: 80, CostUSD: 0.001},
			{Stage: "source_summary", Story: "harbor-fire", Article: "river-post", Cache: "hit", PromptTokens: 280, CompletionTokens: 70},
			{Stage: "source_summary", Story: "harbor-fire", Article: "evil-wire", Cache: "miss", Attempts: 3, Error: "429 too many requests"},
			{Stage: "brief", Story: "harbor-fire", Cache: "miss", Attempts: 1, PromptTokens: 500, CompletionTokens: 120, CostUSD: 0.002},
			{Stage: "source_summary", Story: "quiet-day", Article: "only-one", Cache: "miss", Attempts: 2, Error: "timeout"},
		},
		Errors: []manifest.Error{
			{Story: "harbor-fire", Article: "evil-wire", Stage: "source_summary", Error: "<b>429</b> too many requests"},
			{Story: "quiet-day", Article: "only-one", Stage: "source_summary", Error: "timeout"},
			{Path: "in/broken.html", Error: "no text found"},
		},
		Totals: manifest.Totals{Stories: 2, StoriesFailed: 1, Articles: 4, Calls: 7, CacheHits: 1,
			PromptTokens: 1080, CompletionTokens: 270, CostUSD: 0.003, Failed: 3, WallMS: 55000},
	}
}

// writeFixture writes the fixture run into a new temporary folder and
// returns its path.
func writeFixture(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	writeJSON(t, filepath.Join(dir, "manifest.json"), fixtureManifest())
	sd := filepath.Join(dir, "harbor-fire")
	writeJSON(t, filepath.Join(sd, "story.json"), fixtureStory())
	writeJSON(t, filepath.Join(sd, "brief.json"), fixtureBrief())
	writeJSON(t, filepath.Join(sd, "disputes.json"), fixtureDisputes())
	writeFile(t, filepath.Join(sd, "sources", "north-ledger.md"),
		"The **North Ledger** reports about forty firefighters. <iframe src=\"https://x.example\"></iframe> [more](JaVaScRiPt:alert(8))\n")
	writeFile(t, filepath.Join(sd, "sources", "river-post.md"), "The River Post counts sixty firefighters.\n")
	// evil-wire failed: no summary.
	return dir
}

func writeJSON(t testing.TB, path string, v any) {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, string(data))
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
