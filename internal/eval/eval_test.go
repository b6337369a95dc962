package eval

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

func pos(src, quote string) story.Position {
	return story.Position{Source: src, Claim: quote, Quote: quote}
}

// truth is the ground truth of the fixture story, in our own words.
var truth = &Truth{Version: 2,
	Disputes: []Dispute{
		{Topic: "Length of the closure", Kind: story.KindTiming, Keywords: []string{"closure"}, Positions: []Position{
			{Source: "a", Value: "six weeks", Match: []string{"six weeks", "six-week"}},
			{Source: "b", Value: "six weeks", Match: []string{"six weeks", "six-week"}},
			{Source: "c", Value: "two months", Match: []string{"two months", "two-month"}}}},
		{Topic: "Cost", Kind: story.KindFactual, Keywords: []string{"cost"}, Positions: []Position{
			{Source: "a", Value: "$12 million", Match: []string{"12 million"}},
			{Source: "c", Value: "$18 million", Match: []string{"18 million"}}}},
	},
	Omissions:  []Claim{{Topic: "Corroded cables", Sources: []string{"c"}, Keywords: []string{"corroded"}}},
	Agreements: []Claim{{Topic: "Comment period", Sources: []string{"a", "b"}, Keywords: []string{"30-day", "month-long"}}},
	OffTopic:   []string{"d"},
}

func TestMatches(t *testing.T) {
	closure := truth.Disputes[0]
	cases := []struct {
		name string
		p    story.Point
		want bool
	}{
		{"two sides", story.Point{Topic: "Closure", Positions: []story.Position{pos("a", "a six-week closure"), pos("c", "a two-month closure")}}, true},
		{"keyword only in a quote", story.Point{Topic: "Timing", Positions: []story.Position{pos("b", "the closure lasts six weeks"), pos("c", "two months")}}, true},
		{"same side twice", story.Point{Topic: "Closure", Positions: []story.Position{pos("a", "six weeks of closure"), pos("b", "six-week closure")}}, false},
		{"off topic", story.Point{Topic: "Ferries", Positions: []story.Position{pos("a", "ferries run"), pos("c", "no ferries")}}, false},
		{"one source of the dispute", story.Point{Topic: "Closure", Positions: []story.Position{pos("a", "six weeks"), pos("d", "never")}}, false},
		{"a form inside a longer word does not count", story.Point{Topic: "Enclosures", Positions: []story.Position{pos("a", "enclosures"), pos("c", "enclosures")}}, false},
	}
	for _, c := range cases {
		if got := Matches(c.p, closure); got != c.want {
			t.Errorf("%s: Matches = %v, want %v", c.name, got, c.want)
		}
	}
}

func fixtureStory() *story.Story {
	return &story.Story{ID: "bridge", Articles: []*story.Article{
		{ID: "a", Source: "A Daily"}, {ID: "b", Source: "B Radio"}, {ID: "c", Source: "C Ledger"}, {ID: "d", Source: "D Sport"},
	}}
}

func TestScoreStory(t *testing.T) {
	d := &story.Disputes{
		DisputedPoints: []story.Point{
			{Topic: "Closure", Kind: story.KindTiming, Positions: []story.Position{pos("a", "a six-week closure"), pos("c", "a two-month closure")}},
			// The same dispute again finds nothing more.
			{Topic: "Closure again", Kind: story.KindTiming, Positions: []story.Position{pos("b", "six-week closure"), pos("c", "two-month closure")}},
			// Agreeing sources set against each other.
			{Topic: "Comment period", Kind: story.KindFactual, Positions: []story.Position{pos("a", "a 30-day comment period"), pos("b", "a month-long comment period")}},
		},
		Omissions: []story.Point{{Topic: "Cables", Kind: story.KindOmission, Positions: []story.Position{pos("c", "corroded cables")}}},
	}
	brief := &story.Brief{Markdown: "The bridge closes for two months [A Daily, C Ledger]. Repairs cost 12 million [A Daily]."}
	s := ScoreStory(Outputs{Story: fixtureStory(), Brief: brief, Disputes: d}, truth)
	want := Score{
		Disputes:           Counts{Truth: 2, Found: 1, Reported: 3, Correct: 1},
		Omissions:          Counts{Truth: 1, Found: 1, Reported: 1, Correct: 1},
		AgreementsDisputed: 1,
		Contradicted:       1, // A Daily credited with two months
		OneSided:           2, Touched: 2,
		OffTopic: 1, SetAside: 1,
	}
	if s.Disputes != want.Disputes || s.Omissions != want.Omissions || s.AgreementsDisputed != want.AgreementsDisputed ||
		s.Contradicted != want.Contradicted || s.OneSided != want.OneSided || s.Touched != want.Touched ||
		s.OffTopic != want.OffTopic || s.SetAside != want.SetAside {
		t.Errorf("score = %+v\nwant    %+v\nnotes %q", s, want, s.Notes)
	}
	if k := s.ByKind[story.KindFactual]; k != (Counts{Truth: 1, Reported: 1}) {
		t.Errorf("factual = %+v", k)
	}

	fair := &story.Brief{Markdown: "The bridge closes for six weeks [A Daily] or two months [C Ledger]. Repairs cost 12 million [A Daily] or 18 million [C Ledger]."}
	s = ScoreStory(Outputs{Story: fixtureStory(), Brief: fair, Disputes: d}, truth)
	if s.Contradicted != 0 || s.OneSided != 0 || s.Touched != 2 {
		t.Errorf("a fair brief: contradicted %d, one-sided %d/%d; notes %q", s.Contradicted, s.OneSided, s.Touched, s.Notes)
	}
}

func TestReadTruthVersions(t *testing.T) {
	dir := t.TempDir()
	if tr, err := ReadTruth(dir); tr != nil || err != nil {
		t.Fatalf("no file: %v, %v", tr, err)
	}
	v1 := `[{"topic": "Cost", "kind": "factual", "sources": ["a", "c"], "keywords": ["cost"]},
		{"topic": "Cables", "kind": "omission", "sources": ["c"], "keywords": ["corroded"]}]`
	agree := `[{"topic": "Comment period", "sources": ["a", "b"], "keywords": ["30-day"]}]`
	os.WriteFile(filepath.Join(dir, TruthFile), []byte(v1), 0o600)
	os.WriteFile(filepath.Join(dir, agreeFile), []byte(agree), 0o600)
	tr, err := ReadTruth(dir)
	if err != nil || len(tr.Disputes) != 1 || len(tr.Omissions) != 1 || len(tr.Agreements) != 1 || len(tr.Disputes[0].Positions) != 2 {
		t.Fatalf("v1: %+v, %v", tr, err)
	}
	for _, bad := range []string{`{"version": 3}`, `{"version": 2, "disputes": [{"topic": "x", "kind": "omission"}]}`, `{`} {
		os.WriteFile(filepath.Join(dir, TruthFile), []byte(bad), 0o600)
		if _, err := ReadTruth(dir); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// TestEvaluateRunFolder scores a run folder written by hand and checks it
// writes nothing into it.
func TestEvaluateRunFolder(t *testing.T) {
	in := filepath.Join(t.TempDir(), "bridge")
	os.MkdirAll(in, 0o700)
	data, _ := json.Marshal(truth)
	os.WriteFile(filepath.Join(in, TruthFile), data, 0o600)
	run := t.TempDir()
	write := func(name string, v any) {
		data, _ := json.Marshal(v)
		os.MkdirAll(filepath.Dir(filepath.Join(run, name)), 0o700)
		os.WriteFile(filepath.Join(run, name), data, 0o600)
	}
	write("manifest.json", manifest.Manifest{Version: manifest.Version, RunID: "r", Stories: []manifest.Story{
		{ID: "bridge", Path: in, Dir: "bridge", Checks: map[string]int{story.CheckUncitedSentences: 2}},
		{ID: "other", Path: t.TempDir(), Dir: "other"},
	}})
	write("bridge/story.json", fixtureStory())
	write("bridge/brief.json", story.Brief{Markdown: "It closes for two months [C Ledger]."})
	write("bridge/disputes.json", story.Disputes{DisputedPoints: []story.Point{
		{Topic: "Closure", Kind: story.KindTiming, Positions: []story.Position{pos("a", "six-week closure"), pos("c", "two-month closure")}}}})
	before, _ := os.ReadDir(filepath.Join(run, "bridge"))
	r, err := Evaluate(run)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Stories) != 1 || len(r.Skipped) != 1 || r.Total.Disputes != (Counts{Truth: 2, Found: 1, Reported: 1, Correct: 1}) ||
		r.Total.Checks[story.CheckUncitedSentences] != 2 || r.Total.OneSided != 1 {
		t.Fatalf("report = %+v", r)
	}
	var b strings.Builder
	if err := r.WriteText(&b, true); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if last := lines[len(lines)-1]; last != "total: recall=0.50 precision=1.00 contradicted=0 one_sided=1/1" {
		t.Errorf("last line %q", last)
	}
	after, _ := os.ReadDir(filepath.Join(run, "bridge"))
	if len(after) != len(before) {
		t.Errorf("eval wrote into the run folder: %v", after)
	}
}

func TestCompareOrder(t *testing.T) {
	write := func(run, name string, v any) {
		data, _ := json.Marshal(v)
		os.MkdirAll(filepath.Dir(filepath.Join(run, name)), 0o700)
		os.WriteFile(filepath.Join(run, name), data, 0o600)
	}
	fwd, rev := t.TempDir(), t.TempDir()
	for _, run := range []string{fwd, rev} {
		write(run, "manifest.json", manifest.Manifest{Version: manifest.Version, Stories: []manifest.Story{{ID: "s", Dir: "s"}}})
		write(run, "s/disputes.json", story.Disputes{DisputedPoints: []story.Point{{Positions: []story.Position{pos("a", "It rained.")}}}})
	}
	write(fwd, "s/brief.json", story.Brief{Markdown: "One [A]. Two [B]. Three [A]."})
	write(rev, "s/brief.json", story.Brief{Markdown: "Two [B]. One [A]. Four [A]."})
	r, err := CompareOrder(fwd, rev)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Stories) != 1 || r.Total.Sentences != (Overlap{Same: 2, Union: 4}) || r.Total.Quotes.Jaccard() != 1 {
		t.Errorf("report = %+v", r)
	}
}

// TestMatchLeansToNamedTruths: when two truths compete for a point, the
// one the point's topic names keeps it, and the count stays the largest.
func TestMatchLeansToNamedTruths(t *testing.T) {
	// Truth 0 is matched by point 0 through its quotes, truth 1 by
	// points 0 and 1 through their quotes, and truth 2 by point 1, which
	// names it.
	ok := func(i, j int) bool { return i == 0 && j == 0 || i == 1 || i == 2 && j == 1 }
	prefer := func(i, j int) bool { return i == 2 && j == 1 }
	got := match(3, 2, ok, prefer)
	if got[2] != 1 {
		t.Errorf("the truth point 1 names lost it: %v", got)
	}
	n := 0
	for _, j := range got {
		if j >= 0 {
			n++
		}
	}
	if n != 2 {
		t.Errorf("matched %d truths, want 2: %v", n, got)
	}
}

func TestAgreementOnOneSideIsNotDisputed(t *testing.T) {
	a := Claim{Topic: "The vote was on Thursday", Sources: []string{"post", "wire"}, Keywords: []string{"thursday"}}
	p := story.Point{Kind: story.KindTiming, Positions: []story.Position{
		{Source: "post", Claim: "voted", Quote: "The council voted on Thursday night."},
		{Source: "wire", Claim: "voted", Quote: "Councillors voted on Thursday to close it."},
		{Source: "radio", Claim: "will vote", Quote: "The council will vote later today."},
	}}
	if disputesAgreement(p, a) {
		t.Errorf("two sources on one side of a point dispute their agreement")
	}
	p.Positions[1].Claim = "Friday"
	if !disputesAgreement(p, a) {
		t.Errorf("two sources on two sides of a point do not dispute their agreement")
	}
}

func TestContainsForm(t *testing.T) {
	cases := []struct {
		text, form string
		want       bool
	}{
		{"rose by 13%", "3%", false},
		{"the whale", "hale", false},
		{"convicted on 11 counts", "11", true},
		{"shortly after 11:15 a.m.", "11", false},
		{"a bill of £2,500", "£2", false},
		{"up 2.5 points", "5", false},
		{"up 2.5 points", "2.5", true},
		{"counts 11, 12 and 13", "11", true},
		{"ended at 11.", "11", true},
		{"claimed victory late on 11 March", "11", false},
		{"on March 11, councillors", "11", false},
		{"11 deputies voted against on March 11", "11", true},
		{"on 11 March", "11 March", true},
	}
	for _, c := range cases {
		if got := containsForm(c.text, c.form); got != c.want {
			t.Errorf("containsForm(%q, %q) = %v, want %v", c.text, c.form, got, c.want)
		}
	}
}

func TestOwnSentenceContradictsNothing(t *testing.T) {
	st := &story.Story{ID: "rail", Articles: []*story.Article{
		{ID: "fares", Source: "Fares Now", Text: "A rail buckled in the heat on Tuesday.  The buckle came after maintenance was postponed."},
		{ID: "wire", Source: "Wire", Text: "Network Rail said the rail buckled in the heat."},
	}}
	tr := &Truth{Version: 2, Disputes: []Dispute{{Topic: "Cause", Kind: story.KindFactual, Positions: []Position{
		{Source: "fares", Value: "postponed maintenance", Match: []string{"postponed"}},
		{Source: "wire", Value: "heat", Match: []string{"in the heat"}},
	}}}}
	for _, c := range []struct {
		brief string
		want  int
	}{
		{"A rail buckled in the heat on Tuesday. [Fares Now]", 0},   // its own words
		{"“A rail buckled in the heat on Tuesday.” [Fares Now]", 0}, // quoted
		{"The rail buckled in the heat, its campaign says. [Fares Now]", 1},
	} {
		var s Score
		s.scoreBrief(st, &story.Brief{Markdown: c.brief}, tr)
		if s.Contradicted != c.want {
			t.Errorf("%q: contradicted %d, want %d (%v)", c.brief, s.Contradicted, c.want, s.Notes)
		}
	}
}
