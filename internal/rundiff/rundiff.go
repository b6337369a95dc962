package rundiff

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/report"
	"github.com/summarize/summarize/internal/story"
)

// Diff is what changed from run A to run B.
type Diff struct {
	A, B RunInfo
	// Prompts lists the stages whose prompt digest differs; Key is the
	// stage. Prompts and settings belong to a whole run, so they apply to
	// every story; StoryDiff.Prompts names those a story used.
	Prompts []Change
	// PromptText is the line diff of each changed prompt, from the
	// copies the run folders keep, in the order of Prompts.
	PromptText []PromptDiff
	// Settings lists the effective configuration keys (dotted, such as
	// "llm.temperature") whose value differs, with values as JSON.
	// Operational keys (config.Operational: run_id, log.format,
	// prompts_dir, …) are left out: they do not change what a story says.
	Settings []Change
	// Quality sets checks, eval figures and uncached usage side by side.
	Quality Quality
	Stories []StoryDiff
}

// RunInfo describes one side of a Diff.
type RunInfo struct {
	Dir, ID, Status, Provider, Model, ConfigDigest string
	Totals                                         manifest.Totals
	// Missing notes files of the run that could not be read.
	Missing []string
}

// ChangeKind says how a key differs.
type ChangeKind string

const (
	Changed ChangeKind = "changed"
	Added   ChangeKind = "added"   // only in run B
	Removed ChangeKind = "removed" // only in run A
)

// Change is one key whose value differs between the runs. Old is "" when
// the key was added, New is "" when it was removed.
type Change struct {
	Key      string
	Kind     ChangeKind
	Old, New string
}

// StoryDiff is what changed in one story, matched between the runs by ID.
type StoryDiff struct {
	ID, Name string
	// Kind is Changed for a story in both runs (even one where nothing
	// differs), Added for one only in run B, Removed for one only in run A.
	Kind             ChangeKind
	StatusA, StatusB string
	// Prompts names the stages this story ran (in either run) whose
	// prompt differs.
	Prompts []string
	// Appeared lists the disputed points of run B with no match in run A;
	// Vanished those of run A with no match in run B. Points match when
	// their topic, kind and sources agree after normalization.
	Appeared, Vanished []story.Point
	// PointsA and PointsB count the disputed points; -1 when disputes.json
	// is missing on that side.
	PointsA, PointsB int
	// Brief is the word diff of the brief's Markdown, nil when either side
	// has no brief; BriefChanged reports whether it has any insertion or
	// deletion.
	Brief        []Edit
	BriefChanged bool
	// Stages compares the outputs of stages defined by prompt files.
	Stages []StageDiff
	UsageA report.Usage
	UsageB report.Usage
	// Checks lists the checks whose count differs between the runs.
	Checks []CheckRow
	// Notes say what could not be compared and why.
	Notes []string
}

// Compare reads two run folders and returns what changed from runA to
// runB. A story present in only one run is listed as added or removed; a
// story file missing on either side is noted, not fatal.
func Compare(runA, runB string) (*Diff, error) {
	a, err := report.Load(runA)
	if err != nil {
		return nil, fmt.Errorf("compare runs: %w", err)
	}
	b, err := report.Load(runB)
	if err != nil {
		return nil, fmt.Errorf("compare runs: %w", err)
	}
	for _, r := range []*report.Run{a, b} {
		if err := isRun(r); err != nil {
			return nil, err
		}
	}
	d := &Diff{
		A:        runInfo(a),
		B:        runInfo(b),
		Prompts:  diffMaps(a.Manifest.PromptDigests, b.Manifest.PromptDigests),
		Settings: outputSettings(diffMaps(flatten(a.Manifest.Config), flatten(b.Manifest.Config))),
	}
	d.PromptText = promptDiffs(runA, runB, d.Prompts)
	d.Quality = quality(runA, runB, a.Manifest, b.Manifest)
	changedStages := map[string]bool{}
	for _, c := range d.Prompts {
		changedStages[c.Key] = true
	}

	storiesA := map[string]*report.StoryFiles{}
	for _, s := range a.Stories {
		storiesA[s.Meta.ID] = s
	}
	storiesB := map[string]*report.StoryFiles{}
	for _, s := range b.Stories {
		storiesB[s.Meta.ID] = s
	}
	ids := slices.Sorted(maps.Keys(storiesA))
	for id := range storiesB {
		if storiesA[id] == nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		sa, sb := storiesA[id], storiesB[id]
		sd := StoryDiff{ID: id, Kind: Changed}
		switch {
		case sa == nil:
			sd.Kind, sd.Name, sd.StatusB = Added, sb.Meta.Name, sb.Meta.Status
			sd.UsageB = report.StoryUsage(b.Manifest, id)
		case sb == nil:
			sd.Kind, sd.Name, sd.StatusA = Removed, sa.Meta.Name, sa.Meta.Status
			sd.UsageA = report.StoryUsage(a.Manifest, id)
		default:
			compareStory(&sd, a.Manifest, b.Manifest, sa, sb, changedStages)
		}
		d.Stories = append(d.Stories, sd)
	}
	return d, nil
}

// isRun refuses a folder that is not a run: one with neither a manifest
// nor a story folder, which would otherwise compare as a run of nothing.
func isRun(r *report.Run) error {
	if _, err := os.Stat(filepath.Join(r.Dir, "manifest.json")); err == nil || len(r.Stories) > 0 {
		return nil
	}
	return fmt.Errorf("%s is not a run folder: it has no manifest.json and no story folder", r.Dir)
}

// outputSettings drops the operational keys from changes.
func outputSettings(changes []Change) []Change {
	return slices.DeleteFunc(changes, func(c Change) bool { return config.Operational(c.Key) })
}

func runInfo(r *report.Run) RunInfo {
	m := r.Manifest
	return RunInfo{
		Dir: r.Dir, ID: m.RunID, Status: m.Status, Provider: m.Provider, Model: m.Model,
		ConfigDigest: m.ConfigDigest, Totals: m.Totals, Missing: r.Missing,
	}
}

func compareStory(sd *StoryDiff, ma, mb *manifest.Manifest, sa, sb *report.StoryFiles, changedStages map[string]bool) {
	sd.Name = sb.Meta.Name
	if sd.Name == "" {
		sd.Name = sa.Meta.Name
	}
	sd.StatusA, sd.StatusB = sa.Meta.Status, sb.Meta.Status
	sd.UsageA, sd.UsageB = report.StoryUsage(ma, sd.ID), report.StoryUsage(mb, sd.ID)
	sd.Checks = storyChecks(sa.Meta, sb.Meta)

	used := map[string]bool{}
	for _, m := range []*manifest.Manifest{ma, mb} {
		for _, c := range m.Calls {
			if c.Story == sd.ID {
				used[c.Stage] = true
			}
		}
	}
	for stage := range changedStages {
		if used[stage] {
			sd.Prompts = append(sd.Prompts, stage)
		}
	}
	slices.Sort(sd.Prompts)

	sd.PointsA, sd.PointsB = -1, -1
	switch {
	case sa.Disputes == nil || sb.Disputes == nil:
		sd.Notes = append(sd.Notes, "disputed points not compared: disputes.json is missing in run "+whichMissing(sa.Disputes == nil, sb.Disputes == nil))
		if sa.Disputes != nil {
			sd.PointsA = len(sa.Disputes.DisputedPoints)
		}
		if sb.Disputes != nil {
			sd.PointsB = len(sb.Disputes.DisputedPoints)
		}
	default:
		sd.PointsA, sd.PointsB = len(sa.Disputes.DisputedPoints), len(sb.Disputes.DisputedPoints)
		sd.Vanished = unmatched(sa.Disputes.DisputedPoints, sb.Disputes.DisputedPoints)
		sd.Appeared = unmatched(sb.Disputes.DisputedPoints, sa.Disputes.DisputedPoints)
	}

	sd.Stages = compareStages(sa, sb)
	briefA, okA := briefText(sa)
	briefB, okB := briefText(sb)
	if !okA || !okB {
		sd.Notes = append(sd.Notes, "brief not compared: no brief in run "+whichMissing(!okA, !okB))
		return
	}
	sd.Brief = WordDiff(briefA, briefB)
	for _, e := range sd.Brief {
		if e.Op != Equal {
			sd.BriefChanged = true
		}
	}
}

func whichMissing(a, b bool) string {
	switch {
	case a && b:
		return "A or B"
	case a:
		return "A"
	}
	return "B"
}

func briefText(sf *report.StoryFiles) (string, bool) {
	if sf.Brief != nil {
		return sf.Brief.Markdown, true
	}
	return sf.BriefMD, sf.BriefMD != ""
}

// unmatched returns the points of from that have no counterpart in to,
// counting duplicates: two equal points in from and one in to leave one.
func unmatched(from, to []story.Point) []story.Point {
	left := map[string]int{}
	for _, p := range to {
		left[pointKey(p)]++
	}
	var out []story.Point
	for _, p := range from {
		k := pointKey(p)
		if left[k] > 0 {
			left[k]--
			continue
		}
		out = append(out, p)
	}
	return out
}

// pointKey identifies a point across runs: its topic, kind and the set of
// sources taking a position, each normalized so that case, punctuation and
// spacing do not matter.
func pointKey(p story.Point) string {
	var sources []string
	for _, pos := range p.Positions {
		sources = append(sources, normalizeKey(pos.Source))
	}
	slices.Sort(sources)
	sources = slices.Compact(sources)
	return normalizeKey(p.Topic) + "|" + normalizeKey(p.Kind) + "|" + strings.Join(sources, ",")
}

func normalizeKey(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// diffMaps lists the keys whose values differ between a and b, sorted.
func diffMaps(a, b map[string]string) []Change {
	var out []Change
	for _, k := range slices.Sorted(maps.Keys(a)) {
		nv, ok := b[k]
		switch {
		case !ok:
			out = append(out, Change{Key: k, Kind: Removed, Old: a[k]})
		case nv != a[k]:
			out = append(out, Change{Key: k, Kind: Changed, Old: a[k], New: nv})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(b)) {
		if _, ok := a[k]; !ok {
			out = append(out, Change{Key: k, Kind: Added, New: b[k]})
		}
	}
	slices.SortStableFunc(out, func(x, y Change) int { return strings.Compare(x.Key, y.Key) })
	return out
}

// flatten turns a nested configuration into dotted keys with JSON values:
// {"llm": {"model": "m"}} becomes {"llm.model": `"m"`}. Lists are values,
// not nested keys, so a reordered list shows as one change.
func flatten(config map[string]any) map[string]string {
	out := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		if m, ok := v.(map[string]any); ok && len(m) > 0 {
			for k, child := range m {
				key := k
				if prefix != "" {
					key = prefix + "." + k
				}
				walk(key, child)
			}
			return
		}
		data, err := json.Marshal(v)
		if err != nil {
			// A manifest read from JSON holds only JSON values; anything
			// else is shown by its Go form rather than dropped.
			data = fmt.Appendf(nil, "%v", v)
		}
		out[prefix] = string(data)
	}
	for k, v := range config {
		walk(k, v)
	}
	return out
}
