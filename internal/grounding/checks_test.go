package grounding

import (
	"slices"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/story"
)

// bridgeStory is a story of three outlets, in our own words, that disagree
// on how long a bridge closes and how many vehicles cross it.
func bridgeStory() *story.Story {
	return &story.Story{ID: "bridge", Articles: []*story.Article{
		{ID: "harbor-daily", Source: "Harbor Daily", Text: "The Calder bridge will close for six weeks starting March 3, city engineer Marta Velez said. " +
			"Repairs will cost $12 million. About 40,000 vehicles cross the bridge each day."},
		{ID: "valley-ledger", Source: "Valley Ledger", Text: "Mayor Tom Brandt ordered the Calder bridge closed for two months. " +
			"Repairs will cost $12 million, the mayor said. Inspectors found corroded cables last spring."},
		{ID: "coastline-radio", Source: "Coastline Radio", Text: "The Calder bridge closes on March 3. " +
			"Traffic officials count 25,000 vehicles a day on the bridge, and repairs will cost $12 million."},
	}}
}

func bridgeDisputes() *story.Disputes {
	d := &story.Disputes{Version: story.DisputesVersion, Story: "bridge",
		DisputedPoints: []story.Point{
			{Topic: "How long the bridge stays closed", Kind: story.KindTiming, Positions: []story.Position{
				{Source: "harbor-daily", Claim: "six weeks", Quote: "The Calder bridge will close for six weeks starting March 3"},
				{Source: "valley-ledger", Claim: "two months", Quote: "Mayor Tom Brandt ordered the Calder bridge closed for two months."},
			}},
			{Topic: "Daily traffic on the bridge", Kind: story.KindFactual, Positions: []story.Position{
				{Source: "harbor-daily", Claim: "40,000 vehicles", Quote: "About 40,000 vehicles cross the bridge each day."},
				{Source: "coastline-radio", Claim: "25,000 vehicles", Quote: "Traffic officials count 25,000 vehicles a day on the bridge"},
			}},
		},
		Omissions: []story.Point{
			{Topic: "Corroded cables", Kind: story.KindOmission, Positions: []story.Position{
				{Source: "valley-ledger", Claim: "corroded cables", Quote: "Inspectors found corroded cables last spring."},
			}},
		},
	}
	CheckDisputes(bridgeStory(), d.DisputedPoints)
	CheckDisputes(bridgeStory(), d.Omissions)
	return d
}

// goodBrief states both sides of each disputed point, each credited to the
// source that says it, and cites every source.
const goodBrief = `# The Calder bridge

The Calder bridge will close for six weeks [Harbor Daily] or two months [Valley Ledger]. Repairs will cost $12 million [Harbor Daily, Valley Ledger, Coastline Radio].

About 40,000 vehicles cross the bridge each day [Harbor Daily], though traffic officials count 25,000 [Coastline Radio].
`

func TestChecksQuietOnACorrectBrief(t *testing.T) {
	c := Check(bridgeStory(), &story.Brief{Markdown: goodBrief}, bridgeDisputes(), DefaultGates)
	if len(c.Items) != 0 || len(c.Flagged) != 0 {
		t.Errorf("a correct brief has items %+v, flagged %v", c.Items, c.Flagged)
	}
	if c.Counts[story.CheckSentences] != 3 || c.Counts[story.CheckPositions] != 5 {
		t.Errorf("sentences, positions = %d, %d; want 3, 5", c.Counts[story.CheckSentences], c.Counts[story.CheckPositions])
	}
	for _, name := range story.CheckNames {
		if _, ok := c.Counts[name]; !ok {
			t.Errorf("counts lack %s", name)
		}
	}
}

// TestChecksFire: each case breaks the correct brief or disputes in one
// way and wants exactly the named check to fire, the given number of
// times, on the given sentence or point.
func TestChecksFire(t *testing.T) {
	cases := []struct {
		name     string
		brief    string                  // replaces goodBrief when not ""
		disputes func(d *story.Disputes) // changes the correct disputes
		check    string
		count    int
		about    string   // a substring of the item's sentence or point
		also     []string // other checks the same fault rightly sets off
	}{
		{name: "uncited sentence", check: story.CheckUncitedSentences, count: 1, about: "Inspectors",
			brief: goodBrief + "\nInspectors found corroded cables last spring.\n"},
		{name: "unknown citation", check: story.CheckUnknownCitations, count: 1, about: "Repairs",
			brief: strings.Replace(goodBrief, "Coastline Radio].", "Coastline Radio, Metro Tribune].", 1)},
		{name: "unsupported: a name the article never mentions", check: story.CheckUnsupportedCitations, count: 1, about: "Velez",
			brief: goodBrief + "\nCity engineer Marta Velez announced the repairs [Harbor Daily, Coastline Radio].\n"},
		{name: "unsupported: words the article never uses", check: story.CheckUnsupportedCitations, count: 1, about: "corroded",
			brief: goodBrief + "\nInspectors found corroded cables last spring [Valley Ledger, Harbor Daily].\n"},
		{name: "contradicted: credits a source with the other side's figure", check: story.CheckContradictedCitations, count: 1, about: "two months",
			brief: strings.Replace(goodBrief, "six weeks [Harbor Daily] or two months [Valley Ledger]", "two months [Harbor Daily, Valley Ledger]", 1),
			also:  []string{story.CheckUnsupportedCitations, story.CheckOneSidedPoints}},
		{name: "one-sided: only one side of a point, never the other", check: story.CheckOneSidedPoints, count: 1, about: "traffic",
			brief: strings.Replace(goodBrief, ", though traffic officials count 25,000 [Coastline Radio]", "", 1) + "\nTraffic officials count vehicles [Coastline Radio].\n"},
		{name: "uncited source", check: story.CheckUncitedSources, count: 1,
			brief: "The Calder bridge will close for six weeks [Harbor Daily] or two months [Valley Ledger]. Repairs will cost $12 million [Harbor Daily, Valley Ledger]."},
		{name: "unverified quote", check: story.CheckUnverifiedQuotes, count: 1, about: "How long",
			disputes: func(d *story.Disputes) {
				d.DisputedPoints[0].Positions[1].Quote = "The mayor said the bridge stays shut until summer."
				CheckDisputes(bridgeStory(), d.DisputedPoints)
			}},
		{name: "unknown source", check: story.CheckUnknownSources, count: 1, about: "Daily traffic", also: []string{story.CheckUnverifiedQuotes},
			disputes: func(d *story.Disputes) {
				d.DisputedPoints[1].Positions = append(d.DisputedPoints[1].Positions, story.Position{Source: "metro-tribune", Claim: "30,000", Quote: "30,000 cars"})
				CheckDisputes(bridgeStory(), d.DisputedPoints)
			}},
		{name: "thin point", check: story.CheckThinPoints, count: 1, about: "Daily traffic",
			disputes: func(d *story.Disputes) { d.DisputedPoints[1].Positions = d.DisputedPoints[1].Positions[:1] }},
		{name: "duplicate point", check: story.CheckDuplicatePoints, count: 1, about: "Length",
			disputes: func(d *story.Disputes) {
				dup := d.DisputedPoints[0]
				dup.Topic = "Length of the closure"
				d.DisputedPoints = append(d.DisputedPoints, dup)
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			md := goodBrief
			if tc.brief != "" {
				md = tc.brief
			}
			d := bridgeDisputes()
			if tc.disputes != nil {
				tc.disputes(d)
			}
			c := Check(bridgeStory(), &story.Brief{Markdown: md}, d, DefaultGates)
			var found []story.CheckItem
			for _, it := range c.Items {
				if it.Check == tc.check {
					found = append(found, it)
				} else if !slices.Contains(tc.also, it.Check) {
					t.Errorf("unexpected %s: %+v", it.Check, it)
				}
			}
			if len(found) != tc.count || c.Counts[tc.check] != tc.count {
				t.Fatalf("%s fired %d times (count %d), want %d: %+v", tc.check, len(found), c.Counts[tc.check], tc.count, c.Items)
			}
			for _, it := range found {
				if it.Reason == "" || !strings.Contains(it.Sentence+it.Point, tc.about) {
					t.Errorf("item %+v: want a reason and a sentence or point about %q", it, tc.about)
				}
			}
			gated := slices.Contains(DefaultGates, tc.check)
			if got := slices.Contains(c.Flagged, tc.check); got != gated {
				t.Errorf("flagged %v; %s gated by default: %v", c.Flagged, tc.check, gated)
			}
		})
	}
}

func TestCheckWithoutDisputesOrBrief(t *testing.T) {
	st := bridgeStory()
	c := Check(st, &story.Brief{Markdown: "No citation here. Nor here."}, nil, DefaultGates)
	if c.Counts[story.CheckUncitedSentences] != 2 || c.Counts[story.CheckPositions] != 0 {
		t.Errorf("brief only: %v", c.Counts)
	}
	c = Check(st, nil, bridgeDisputes(), DefaultGates)
	if c.Counts[story.CheckSentences] != 0 || c.Counts[story.CheckPositions] != 5 || len(c.Items) != 0 {
		t.Errorf("disputes only: %v %+v", c.Counts, c.Items)
	}
	if got := Flagged(map[string]int{"a": 1, "b": 0}, []string{"b", "a", "a"}); !slices.Equal(got, []string{"a"}) {
		t.Errorf("Flagged = %v", got)
	}
}

func TestSentences(t *testing.T) {
	md := "# Title\n\nMr. Brandt spoke on Monday. [Valley Ledger] 9:15 a.m. The U.S. agency agreed [A, B]. " +
		"\"It is done.\" [C] The wire wrote: “U.S. officers left.” [F]\n\n- A list item without a stop\n- Second item [D]\n\n---\n\nSee [the plan](https://example.org). Last one [E]."
	var got []string
	for _, s := range Sentences(md) {
		got = append(got, s.Text+" | "+strings.Join(s.Labels(), ","))
	}
	want := []string{
		"Mr. Brandt spoke on Monday. [Valley Ledger] | Valley Ledger",
		"9:15 a.m. The U.S. agency agreed [A, B]. | A,B",
		"\"It is done.\" [C] | C",
		"The wire wrote: “U.S. officers left.” [F] | F",
		"A list item without a stop | ",
		"Second item [D] | D",
		"See [the plan](https://example.org). | ",
		"Last one [E]. | E",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Sentences:\n got %q\nwant %q", got, want)
	}
}

func TestFlaggedSentences(t *testing.T) {
	md := strings.Replace(goodBrief, "six weeks [Harbor Daily] or two months [Valley Ledger]", "two months [Harbor Daily, Valley Ledger]", 1) + "\nUncited here.\n"
	c := Check(bridgeStory(), &story.Brief{Markdown: md}, bridgeDisputes(), DefaultGates)
	got := FlaggedSentences(md, c)
	if len(got) != 2 {
		t.Fatalf("flagged %d sentences, want 2: %+v", len(got), got)
	}
	if md[got[0].Start:got[0].End] != got[0].Text || !strings.Contains(got[0].Text, "two months") || got[1].Text != "Uncited here." {
		t.Errorf("sentences %q, %q", got[0].Text, got[1].Text)
	}
	var checks []string
	for _, it := range got[0].Items {
		checks = append(checks, it.Check)
	}
	for _, want := range []string{story.CheckContradictedCitations, story.CheckUnsupportedCitations} {
		if !slices.Contains(checks, want) {
			t.Errorf("first sentence lacks %s: %v", want, checks)
		}
	}
	if FlaggedSentences(md, nil) != nil {
		t.Error("no checks, yet flagged sentences")
	}
}

func TestValueTerms(t *testing.T) {
	cases := map[string][]string{
		"a six-week closure":            {"6 week"},
		"taxes rise 3% or 3 percent":    {"3 percent"},
		"about 25,000 vehicles":         {"25000 vehicl"}, // stems, as a sentence's are
		"Mayor Tom Brandt, on March 3.": {"mayor", "tom", "brandt", "march", "3"},
		"Harbor Daily says two months":  {"2 month"},
	}
	st := bridgeStory()
	st.Articles = append(st.Articles, &story.Article{ID: "harbor-daily-2", Source: "Harbor Daily"})
	for text, want := range cases {
		if got := valueTerms(text, sourceNameWords(st)); !slices.Equal(got, want) {
			t.Errorf("valueTerms(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestEmphasisIsNoValue: a point of emphasis quotes each lead's words; a
// brief sentence with the words of another camp's lead is not credited
// with a rival version.
func TestEmphasisIsNoValue(t *testing.T) {
	d := bridgeDisputes()
	d.DisputedPoints = append(d.DisputedPoints, story.Point{Topic: "What the reports lead with", Kind: story.KindEmphasis, Positions: []story.Position{
		{Source: "harbor-daily", Claim: "leads with “will close for six weeks”", Quote: "The Calder bridge will close for six weeks starting March 3"},
		{Source: "coastline-radio", Claim: "leads with “Repairs will cost $12 million”", Quote: "repairs will cost $12 million"},
	}})
	c := Check(bridgeStory(), &story.Brief{Markdown: goodBrief}, d, DefaultGates)
	if n := c.Counts[story.CheckContradictedCitations]; n != 0 {
		t.Errorf("contradicted %d on an emphasis point: %+v", n, c.Items)
	}
}

// TestSamePointKinds: points of different kinds may quote the same
// passages (a pair of sentences that differ on where and on when); points
// of one kind that do are one point.
func TestSamePointKinds(t *testing.T) {
	at := func(kind, topic string) story.Point {
		return story.Point{Topic: topic, Kind: kind, Positions: []story.Position{
			{Source: "post", Quote: "The tram came off the tracks at 7.10pm on Harbour Road."},
			{Source: "ledger", Quote: "The tram left the tracks at Tollgate Square at 6.42pm."},
		}}
	}
	for _, tc := range []struct {
		a, b story.Point
		same bool
	}{
		{at(story.KindFactual, "Where the tram derailed"), at(story.KindTiming, "Time the tram derailed"), false},
		{at(story.KindTiming, "Day the tram derailed"), at(story.KindTiming, "Time the tram derailed"), true},
		{at(story.KindFactual, "Where the tram derailed"), at(story.KindTiming, "Where the tram derailed"), true},
	} {
		if got := SamePoint(tc.a, tc.b); got != tc.same {
			t.Errorf("%s %q and %s %q: same %v, want %v", tc.a.Kind, tc.a.Topic, tc.b.Kind, tc.b.Topic, got, tc.same)
		}
	}
}
