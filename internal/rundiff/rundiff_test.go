package rundiff

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// A run as the tests describe it: its manifest and, per story folder, the
// brief and the disputes.
type fixtureRun struct {
	m        *manifest.Manifest
	briefs   map[string]string
	disputes map[string][]story.Point
}

func writeRun(t *testing.T, r fixtureRun) string {
	t.Helper()
	dir := t.TempDir()
	write := func(path string, v any) {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "manifest.json"), r.m)
	for _, s := range r.m.Stories {
		if md, ok := r.briefs[s.ID]; ok {
			write(filepath.Join(dir, s.Dir, "brief.json"), story.Brief{Version: story.BriefVersion, Story: s.ID, Markdown: md})
		}
		if pts, ok := r.disputes[s.ID]; ok {
			write(filepath.Join(dir, s.Dir, "disputes.json"), story.Disputes{Version: story.DisputesVersion, Story: s.ID, DisputedPoints: pts})
		}
	}
	return dir
}

func point(topic, kind string, sources ...string) story.Point {
	p := story.Point{Topic: topic, Kind: kind, Summary: "about " + topic}
	for _, s := range sources {
		p.Positions = append(p.Positions, story.Position{Source: s, Claim: s + " says so", Quote: "q", QuoteVerified: true})
	}
	return p
}

func fixtureRuns(t *testing.T) (string, string) {
	t.Helper()
	a := fixtureRun{
		m: &manifest.Manifest{
			Version: manifest.Version, RunID: "run-a", Status: "complete", Provider: "offline",
			Config: map[string]any{
				"llm":     map[string]any{"model": "m1", "temperature": 0.2},
				"workers": 4, "old_key": "x",
			},
			PromptDigests: map[string]string{"source_summary": "s1", "brief": "b1aaaaaaaaaaaaaaaa", "disputes": "d1"},
			Stories: []manifest.Story{
				{ID: "flood", Name: "River flood", Dir: "flood", Status: "done"},
				{ID: "gone", Name: "Old story", Dir: "gone", Status: "done"},
			},
			Calls: []manifest.Call{
				{Stage: "brief", Story: "flood", Cache: "miss", Attempts: 1, PromptTokens: 100, CompletionTokens: 40, CostUSD: 0.01},
				{Stage: "disputes", Story: "flood", Cache: "miss", Attempts: 1, PromptTokens: 200, CompletionTokens: 50, CostUSD: 0.02},
				{Stage: "brief", Story: "gone", Cache: "miss", Attempts: 1, PromptTokens: 10, CompletionTokens: 5},
			},
			Totals: manifest.Totals{Stories: 2, Calls: 3, PromptTokens: 310, CompletionTokens: 95, CostUSD: 0.03},
		},
		briefs: map[string]string{"flood": "Rivers rose [A]. Two people died.\n"},
		disputes: map[string][]story.Point{"flood": {
			point("Death toll", "factual", "a", "b"),
			point("Cause", "framing", "a", "c"),
		}},
	}
	b := fixtureRun{
		m: &manifest.Manifest{
			Version: manifest.Version, RunID: "run-b", Status: "complete", Provider: "offline",
			Config: map[string]any{
				"llm":     map[string]any{"model": "m1", "temperature": 0},
				"workers": 4, "new_key": true,
			},
			PromptDigests: map[string]string{"source_summary": "s1", "brief": "b2bbbbbbbbbbbbbbbb", "disputes": "d1", "verify": "v1"},
			Stories: []manifest.Story{
				{ID: "flood", Name: "River flood", Dir: "flood", Status: "done"},
				{ID: "fresh", Name: "New story", Dir: "fresh", Status: "partial"},
			},
			Calls: []manifest.Call{
				{Stage: "brief", Story: "flood", Cache: "miss", Attempts: 1, PromptTokens: 110, CompletionTokens: 45, CostUSD: 0.011},
				{Stage: "disputes", Story: "flood", Cache: "hit", PromptTokens: 200, CompletionTokens: 50},
			},
			Totals: manifest.Totals{Stories: 2, Calls: 1, CacheHits: 1, PromptTokens: 310, CompletionTokens: 95, CostUSD: 0.011},
		},
		briefs: map[string]string{"flood": "Rivers rose fast [A]. Three people died. <script>alert(1)</script> \x1b[31mred\u202e\n"},
		disputes: map[string][]story.Point{"flood": {
			point("death  TOLL!", "Factual", "b", "a"),
			point("Timing of the warning", "timing", "a", "b"),
		}},
	}
	return writeRun(t, a), writeRun(t, b)
}

func TestCompare(t *testing.T) {
	d, err := Compare(fixtureRuns(t))
	if err != nil {
		t.Fatal(err)
	}
	wantPrompts := []Change{
		{Key: "brief", Kind: Changed, Old: "b1aaaaaaaaaaaaaaaa", New: "b2bbbbbbbbbbbbbbbb"},
		{Key: "verify", Kind: Added, New: "v1"},
	}
	if !slices.Equal(d.Prompts, wantPrompts) {
		t.Errorf("prompts %+v, want %+v", d.Prompts, wantPrompts)
	}
	wantSettings := []Change{
		{Key: "llm.temperature", Kind: Changed, Old: "0.2", New: "0"},
		{Key: "new_key", Kind: Added, New: "true"},
		{Key: "old_key", Kind: Removed, Old: `"x"`},
	}
	if !slices.Equal(d.Settings, wantSettings) {
		t.Errorf("settings %+v, want %+v", d.Settings, wantSettings)
	}
	var kinds []string
	for _, s := range d.Stories {
		kinds = append(kinds, s.ID+":"+string(s.Kind))
	}
	if want := []string{"flood:changed", "fresh:added", "gone:removed"}; !slices.Equal(kinds, want) {
		t.Fatalf("stories %v, want %v", kinds, want)
	}
	flood := d.Stories[0]
	if !slices.Equal(flood.Prompts, []string{"brief"}) {
		t.Errorf("flood prompts %v, want [brief]", flood.Prompts)
	}
	if len(flood.Appeared) != 1 || flood.Appeared[0].Topic != "Timing of the warning" {
		t.Errorf("appeared %+v", flood.Appeared)
	}
	if len(flood.Vanished) != 1 || flood.Vanished[0].Topic != "Cause" {
		t.Errorf("vanished %+v", flood.Vanished)
	}
	if !flood.BriefChanged {
		t.Error("brief change not seen")
	}
	if flood.UsageA.PromptTokens != 300 || flood.UsageB.PromptTokens != 310 || flood.UsageB.CacheHits != 1 || flood.UsageA.CostUSD != 0.03 {
		t.Errorf("usage %+v / %+v", flood.UsageA, flood.UsageB)
	}
}

func TestPointKeyIgnoresSpellingAndOrder(t *testing.T) {
	same := []story.Point{point("Death toll", "factual", "a", "b"), point(" death-TOLL ", "Factual", "b", "a", "a")}
	if pointKey(same[0]) != pointKey(same[1]) {
		t.Errorf("%q != %q", pointKey(same[0]), pointKey(same[1]))
	}
	differ := []story.Point{point("Death toll", "factual", "a", "b", "c"), point("Death toll", "timing", "a", "b"), point("Deaths", "factual", "a", "b")}
	for _, p := range differ {
		if pointKey(p) == pointKey(same[0]) {
			t.Errorf("%+v matches %+v", p, same[0])
		}
	}
	// Duplicates count: two equal points against one leave one.
	if got := unmatched([]story.Point{same[0], same[0]}, []story.Point{same[1]}); len(got) != 1 {
		t.Errorf("unmatched = %d points, want 1", len(got))
	}
}

func TestWriteText(t *testing.T) {
	d, err := Compare(fixtureRuns(t))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"~ brief: b1aaaaaaaaaa -> b2bbbbbbbbbb",
		"+ verify: (absent) -> v1",
		"~ llm.temperature: 0.2 -> 0",
		`- old_key: "x" -> (absent)`,
		"+ new_key: (absent) -> true",
		"Story flood \"River flood\"\n",
		"prompts changed: brief\n",
		"tokens: prompt 300 -> 310, completion 90 -> 95; cost $0.0300 -> $0.0110",
		"disputed points: 2 -> 2\n",
		"    + [timing] Timing of the warning (a, b)",
		"    - [framing] Cause (a, c)",
		"    Rivers rose {+fast+} [A]. [-Two-] {+Three+} people died. {+<script>alert(1)</script> \\u001b[31mred\\u202e+}\n",
		"Story fresh \"New story\": added (only in run B, status partial)",
		"Story gone \"Old story\": removed (only in run A, status done)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.ContainsAny(out, "\x1b\u202e") {
		t.Error("control characters from a brief reach the terminal")
	}
	if t.Failed() {
		t.Log(out)
	}
}

func TestWriteHTML(t *testing.T) {
	d, err := Compare(fixtureRuns(t))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`,
		"Rivers rose <ins>fast</ins> [A]. <del>Two</del> <ins>Three</ins> people died.",
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		`<td class="mono">llm.temperature</td><td>changed</td><td class="mono">0.2</td><td class="mono">0</td>`,
		"<ins>appeared</ins>", "<del>vanished</del>",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(out), "<script") {
		t.Error("page holds a script element")
	}
	for _, tag := range []string{" src=", "<link", "url(", "@import"} {
		if strings.Contains(out, tag) {
			t.Errorf("page loads something: %q", tag)
		}
	}
	if _, err := html.Parse(strings.NewReader(out)); err != nil {
		t.Fatal(err)
	}
	if t.Failed() {
		t.Log(out)
	}
}

func TestCompareMissingFiles(t *testing.T) {
	dirA, dirB := fixtureRuns(t)
	if err := os.Remove(filepath.Join(dirB, "flood", "disputes.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dirA, "flood", "brief.json")); err != nil {
		t.Fatal(err)
	}
	d, err := Compare(dirA, dirB)
	if err != nil {
		t.Fatal(err)
	}
	flood := d.Stories[0]
	if flood.Brief != nil || flood.Appeared != nil || flood.Vanished != nil || flood.PointsB != -1 || flood.PointsA != 2 {
		t.Errorf("compared what is missing: %+v", flood)
	}
	want := []string{
		"disputed points not compared: disputes.json is missing in run B",
		"brief not compared: no brief in run A",
	}
	if !slices.Equal(flood.Notes, want) {
		t.Errorf("notes %q, want %q", flood.Notes, want)
	}
	if _, err := Compare(dirA, filepath.Join(dirB, "nope")); err == nil {
		t.Error("a missing run folder is not an error")
	}
}

func TestLineDiffHunks(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\n"
	cases := []struct {
		name, new string
		want      []string
	}{
		{"one line changed", "a\nb\nc\nD\ne\nf\ng\nh\n", []string{" a", " b", " c", "-d", "+D", " e", " f", "⋯2"}},
		{"nothing changed", old, []string{"⋯8"}},
		{"last line without newline", "a\nb\nc\nd\ne\nf\ng\nh", []string{"⋯8"}},
		{"line added at the end", old + "i\n", []string{"⋯6", " g", " h", "+i"}},
	}
	for _, tc := range cases {
		var got []string
		for _, h := range hunks(LineDiff(old, tc.new)) {
			if h.Skip > 0 {
				got = append(got, "⋯"+strconv.Itoa(h.Skip))
				continue
			}
			got = append(got, h.Sign+h.Text)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: hunks %q, want %q", tc.name, got, tc.want)
		}
	}
}
