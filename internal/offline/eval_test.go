package offline

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/eval"
	"github.com/summarize/summarize/internal/story"
)

// examplesDir holds the project's own example stories, each with its
// ground truth (_truth.json: the disputes planted in it, what each source
// says, and the figures its sources word differently but agree on).
const examplesDir = "../../examples"

// originalExamples are the three stories the thresholds below were set on;
// the stories added with the second development set are scored and logged
// but not yet held to them (their figures are in the README).
var originalExamples = []string{"harbor-bridge-closure", "lindale-river-flood", "tidewater-plant-layoffs"}

// TestExamplesAgainstGroundTruth scores Disputes on the example stories
// with internal/eval, the definition "summarize eval" uses: recall is the
// share of planted disputes found, precision the share of reported points
// that are a planted dispute. Over the original stories together it fails
// below recall 0.7 or precision 0.5, and on any point that sets agreeing
// figures ("30-day" and "month-long") against each other.
func TestExamplesAgainstGroundTruth(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(examplesDir, "*", eval.TruthFile))
	if err != nil || len(paths) < 3 {
		t.Fatalf("want at least 3 example stories with %s under %s, found %d (%v)", eval.TruthFile, examplesDir, len(paths), err)
	}
	e := New(DefaultOptions())
	var original, all eval.Score
	for _, path := range paths {
		dir := filepath.Dir(path)
		truth, err := eval.ReadTruth(dir)
		if err != nil {
			t.Fatal(err)
		}
		stories := loadStories(t, dir)
		if len(stories) != 1 {
			t.Fatalf("%s: %d stories, want 1", dir, len(stories))
		}
		st := stories[0]
		points := mustDisputes(t, e, docsOf(st))
		checkGrounded(t, st, points)
		d := &story.Disputes{DisputedPoints: points}
		d.SplitOmissions()
		s := eval.ScoreStory(eval.Outputs{Story: st, Disputes: d}, truth)
		for _, n := range s.Notes {
			t.Logf("%s: %s", st.ID, n)
		}
		all.Add(s)
		if !slices.Contains(originalExamples, st.ID) {
			continue
		}
		if len(st.Articles) < 4 {
			t.Errorf("%s: %d sources, want at least 4", dir, len(st.Articles))
		}
		if s.AgreementsDisputed > 0 {
			t.Errorf("%s: %d points set sources that agree against each other", st.ID, s.AgreementsDisputed)
		}
		original.Add(s)
	}
	o := original.Disputes
	t.Logf("original stories: recall %.2f (%d of %d planted disputes found), precision %.2f (%d of %d reported points)",
		o.Recall(), o.Found, o.Truth, o.Precision(), o.Correct, o.Reported)
	t.Logf("all examples: recall %.2f, precision %.2f", all.Disputes.Recall(), all.Disputes.Precision())
	if o.Truth == 0 || o.Recall() < 0.7 {
		t.Errorf("recall %.2f < 0.7", o.Recall())
	}
	if o.Precision() < 0.5 {
		t.Errorf("precision %.2f < 0.5", o.Precision())
	}
}

// checkGrounded fails on any position whose source is not an article of
// the story or whose quote is not a verbatim substring of its text.
func checkGrounded(t *testing.T, st *story.Story, points []story.Point) {
	t.Helper()
	for _, p := range points {
		if p.Topic == "" || p.Summary == "" || !slices.Contains(story.Kinds, p.Kind) || len(p.Positions) == 0 {
			t.Errorf("%s: incomplete point %+v", st.ID, p)
		}
		for _, pos := range p.Positions {
			a := st.Article(pos.Source)
			if a == nil {
				t.Errorf("%s: point %q cites unknown source %q", st.ID, p.Topic, pos.Source)
				continue
			}
			if pos.Quote == "" || !strings.Contains(a.Text, pos.Quote) {
				t.Errorf("%s: point %q: quote is not verbatim in %s: %q", st.ID, p.Topic, pos.Source, pos.Quote)
			}
		}
	}
}
