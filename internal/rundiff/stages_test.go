package rundiff

import (
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/report"
)

func TestCompareStages(t *testing.T) {
	a := &report.StoryFiles{Stages: []report.StageOutput{
		{Stage: "headline", Text: "Quarry road reopens on Friday\n"},
		{Stage: "claims", Article: "north", Text: `{"claims":[]}`},
		{Stage: "gone", Text: "x"},
	}}
	b := &report.StoryFiles{Stages: []report.StageOutput{
		{Stage: "headline", Text: "Quarry road reopens next week\n"},
		{Stage: "claims", Article: "north", Text: `{"claims":[]}`},
		{Stage: "new", Text: "y"},
	}}
	var got []string
	for _, d := range compareStages(a, b) {
		got = append(got, stageText(d))
	}
	want := []string{
		"headline:\nQuarry road reopens [-on Friday-] {+next week+}",
		"claims (north): unchanged",
		"gone: only in run A",
		"new: only in run B",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("stage diffs:\n%q\nwant\n%q", got, want)
	}
}
