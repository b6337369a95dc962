package pipeline

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/offline"
	"github.com/summarize/summarize/internal/story"
)

// TestOfflineBriefsPassTheirChecks: on both development sets, no offline
// brief cites a source for a version of a point that source disputes, or
// for a name or figure the source never gives, by the checks the run gates
// on; and no story is flagged.
func TestOfflineBriefsPassTheirChecks(t *testing.T) {
	for _, set := range []string{"../examples", "../holdout"} {
		inputs, err := ingest.Discover([]string{set}, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		rec := &manifest.Recorder{}
		res, err := Run(context.Background(), OfflineEngine{Engine: offline.New(offline.Options{})}, inputs, Options{
			OutDir: t.TempDir(), Concurrency: 2, Recorder: rec, Identity: "checks " + set,
			Manifest: manifest.Manifest{Provider: "offline"}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range res.Manifest.Stories {
			for _, c := range []string{story.CheckContradictedCitations, story.CheckUnsupportedCitations} {
				if n := s.Checks[c]; n > 0 {
					t.Errorf("%s/%s: %s = %d", set, s.ID, c, n)
				}
			}
			if s.Status != "done" {
				t.Errorf("%s/%s: status %s", set, s.ID, s.Status)
			}
		}
	}
}
