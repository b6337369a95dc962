package offline

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/summarize/summarize/internal/story"
)

func TestHedgesAreNotDenials(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		denies   bool
	}{
		{"The union declined to comment on the offer.", false},
		{"The mayor did not rule out a second closure.", false},
		{"A spokesman would not say whether the plant will close.", false},
		{"There was no immediate comment from the company.", false},
		{"The minister refused to confirm the figure.", false},
		{"The levee was not breached, officials said.", true},
		{"The company denied cutting the night shift.", true},
		// A condition or a passive refusal asserts nothing.
		{"Stoppages were likely if no improved offer was made.", false},
		{"Applicants whose claims are rejected can be held for a year.", false},
		{"The lone no vote came from board member Phyllis Wade.", false},
		{"The minister tells us the guarantee will probably never be called.", false},
		{"Pryce has said the county cannot keep delaying repairs on rural roads.", false},
		{"The company was keen to stress what had not been lost.", false},
		{"Three people, not two, were taken to hospital.", false},
		{`Councils have set up "no cold calling" zones in some streets.`, false},
		{`"The levee was not breached," officials said.`, true},
		{"The trust has also said that no jobs will be lost.", true},
	} {
		if got, _, denied := negated(scanTokens(tc.sentence)); (got && denied != "") != tc.denies {
			t.Errorf("%q: denies %v, want %v", tc.sentence, got, tc.denies)
		}
	}
}

func TestVoteTallies(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		against  float64 // -1: no tally
	}{
		{"The board voted 6-1 to raise the fare.", 1},
		{"The council approved the plan on a 4-3 vote.", 3},
		{"The board unanimously approved the increase.", 0},
		{"The Falcons beat Marlow 3-1 on Monday night.", -1},
		{"The 4-3 decision is a long-overdue reckoning.", 3},
		{"News of the 7-4 ruling spread through the crowd.", 4},
		{"Their 3-1 win came late.", -1},
		{"The plan was approved by 27 votes to 11, with two abstentions.", 11},
		{"The council voted by 27 votes to nine on Tuesday.", 9},
		{"The assembly passed the law by 203 to 188.", 188},
		{"Fares approved last year rose by 5 to 10 per cent.", -1},
	} {
		got := -1.0
		for _, f := range factsOf(tc.sentence) {
			if f.key == "vote" {
				got = f.lo
			}
		}
		if got != tc.against {
			t.Errorf("%q: votes against %v, want %v", tc.sentence, got, tc.against)
		}
	}
}

// TestDurationHeadings: a heading about how long must say what lasted,
// not a pronoun or a noun with no verb.
func TestDurationHeadings(t *testing.T) {
	tg := newTagger()
	for topic, want := range map[string]bool{
		"How long the talks took":                     true,
		"How long it had been closed":                 false,
		"How long they were underground":              false,
		"How long Pennock's decision to keep digging": false,
		"How long the school could remain shut":       true,
	} {
		if got := readableTopic(tg, topic); got != want {
			t.Errorf("readableTopic(%q) = %v, want %v", topic, got, want)
		}
	}
	sentence := "The trust had its rating downgraded on the day its former finance director was jailed for four years."
	if got := topicFor(tg, "duration", "", sentence, "four years"); got != "How long the former finance director was jailed" {
		t.Errorf("heading %q, want the clause the span is in", got)
	}
}

func TestSlots(t *testing.T) {
	for _, tc := range []struct {
		sentence, surface, want string
	}{
		{"The union wants an 8% raise over two years.", "8%", "raise"},
		{"The union is asking for a raise of 6% over two years.", "6%", "raise"},
		{"The new fare takes effect on September 1.", "September 1", "start"},
		{"Riders will pay more starting August 1.", "August 1", "start"},
		{"The repair will cost $86 million.", "$86 million", ""},
	} {
		if got := slotOf(scanTokens(tc.sentence), tc.surface); got != tc.want {
			t.Errorf("%q, %q: slot %q, want %q", tc.sentence, tc.surface, got, tc.want)
		}
	}
}

func TestTopicsArePhrases(t *testing.T) {
	tg := newTagger()
	for _, tc := range []struct {
		aspect, sentence, focus, want string
	}{
		{"count", "The fire destroyed 14 homes along the ridge, the chief said.", "14 homes", "Number of homes destroyed"},
		{"actor", "City engineer Marta Velez ordered the closure after a survey.", "Marta Velez", "Who ordered the closure"},
		{"date", "The new fare takes effect on September 1, the board said.", "September 1", "When the new fare takes effect"},
		{"whether", "The Marrow Creek levee was breached on Saturday morning.", "breached", "Whether the Marrow Creek levee was breached"},
		{"claim", "The board kept the half-price fare for seniors and students.", "", "The board kept the half-price fare for seniors"},
		{"claim", "Mayor Ida Brenn asked for $2 million in state aid for the harbour on Friday.", "", "Mayor Ida Brenn asked for $2 million"},
		{"claim", "Shippers estimate the closure is costing the port a fortune every week.", "", "Shippers estimate the closure is costing the port"},
		{"claim", "KESTON, May 4 (NW) - Porters at Keston station walked out on Monday.", "", "Porters at Keston station walked out on Monday"},
		{"duration", "The court heard that the discharge lasted around 40 minutes.", "40 minutes", "How long the discharge lasted"},
		{"vote", "Workers cheered as news of the 7-4 decision spread.", "7-4", "Margin of the decision"},
		{"money", "The board expects the closure to save €2.4 million a year.", "€2.4 million", "How much the board expects the closure to save"},
		{"money", "Every affected household would receive a £50 credit on its bill.", "£50", "How much every affected household would receive"},
		{"clock", "The company says it notified the Rivers Agency at 7.15am.", "7.15 am", "What time the company notified the Rivers Agency"},
		{"clock", "The ranger says they were spotted by a harbour patrol at 5.15am.", "5.15 am", "What time they were spotted by a harbour patrol"},
		{"clock", "The long-tailed grey seals were discovered by a dog walker shortly before 7am.", "7 am", "What time the long-tailed grey seals were discovered"},
		{"clock", "Neighbours first called the emergency services at 3.40am, the inquiry found.", "3.40 am", "What time Neighbours first called the emergency services"},
		{"duration", "Corran Water said the notice would remain in place for ten days.", "ten days", "How long the notice would remain in place"},
		{"duration", "The board told the forum the line could stay closed for six weeks.", "six weeks", "How long the line could stay closed"},
		{"duration", "Families could be out of their homes for up to six months, and the school could remain shut for a month.", "a month", "How long the school could remain shut"},
		{"money", "Corrin was also ordered to pay costs of £86,000 when it was sentenced.", "£86,000", "How much Corrin was also ordered to pay in costs"},
		{"claim", "\"Every branch we close saves money,\" said the bank's chief.", "", "Every branch we close saves money"},
		{"count", "Lifeboat crews brought 212 passengers ashore.", "212 passengers", "Number of passengers"},
		{"clock", "Tupi, a 12-year-old male sun bear, was discovered missing by a keeper at 7.15am.", "7.15am", "What time Tupi was discovered missing by a keeper"},
		{"duration", "About 600 passengers were stranded for more than four hours on a train.", "four hours", "How long passengers were stranded"},
		{"date", "The practice said the attack was discovered on Monday 2 February.", "2 February", "When the attack was discovered"},
		{"volume", "Northmoor estimated that 38,000 litres of diesel had escaped from damaged tank cars.", "38,000 litres", "Volume of diesel escaped"},
		{"weight", "About 1.8 tonnes of ammonia leaked from the tank.", "1.8 tonnes", "Weight of ammonia leaked"},
	} {
		focus := tc.focus
		if focus == "" {
			focus = tc.sentence
		}
		if got := topicFor(tg, tc.aspect, "", tc.sentence, focus); got != tc.want {
			t.Errorf("%s %q: topic %q, want %q", tc.aspect, tc.sentence, got, tc.want)
		}
	}
}

// doc3 is a small story of our own: a council vote told by three outlets,
// one of them a preview written before it.
func doc3() []Doc {
	return []Doc{
		{ID: "east-gazette", Name: "East Gazette", Text: "The Dorran town council approved the new harbour budget on Tuesday night after a long debate.\n\n" +
			"Council members said 12 new wardens would patrol the harbour from the spring.\n\n" +
			"Mayor Ines Calder called the budget a modest adjustment that keeps the harbour open."},
		{ID: "west-herald", Name: "West Herald", Text: "The Dorran town council passed the harbour budget on Tuesday night in a late session.\n\n" +
			"Council members said 20 new wardens would patrol the harbour from the spring.\n\n" +
			"Critics called the budget a cash grab that punishes boat owners."},
		{ID: "north-radio", Name: "North Radio", Text: "The Dorran town council will vote on Tuesday night on the new harbour budget.\n\n" +
			"Council members said new wardens would patrol the harbour from the spring if the budget passes."},
	}
}

func TestPreviewFramingAndVersions(t *testing.T) {
	e := New(DefaultOptions())
	docs := doc3()
	points := mustDisputes(t, e, docs)
	kinds := map[string]story.Point{}
	for _, p := range points {
		kinds[p.Kind] = p
		t.Logf("[%s] %s — %s", p.Kind, p.Topic, p.Summary)
	}
	if p, ok := kinds[story.KindTiming]; !ok || p.Topic != "Written before or after the vote" ||
		!slices.Contains(pointSources(p), "north-radio") {
		t.Errorf("want a timing point naming north-radio as written before the vote, got %+v", p)
	}
	if p, ok := kinds[story.KindFraming]; !ok || !strings.Contains(p.Summary, "cash grab") || !strings.Contains(p.Summary, "modest adjustment") {
		t.Errorf("want a framing point between “cash grab” and “modest adjustment”, got %+v", p)
	}
	wardens := slices.IndexFunc(points, func(p story.Point) bool { return strings.Contains(p.Topic, "wardens") })
	if wardens < 0 {
		t.Fatalf("want a point on the number of wardens, got %+v", points)
	}
	brief := mustBrief(t, e, docs, disputed(points))
	var has12, has20 bool
	for _, s := range brief {
		if strings.Contains(s.Text, "12 new wardens") && slices.Contains(s.Sources, "west-herald") {
			t.Errorf("brief credits West Herald with East Gazette's figure: %+v", s)
		}
		if strings.Contains(s.Text, "20 new wardens") && slices.Contains(s.Sources, "east-gazette") {
			t.Errorf("brief credits East Gazette with West Herald's figure: %+v", s)
		}
		has12 = has12 || strings.Contains(s.Text, "12") && slices.Contains(s.Sources, "east-gazette")
		has20 = has20 || strings.Contains(s.Text, "20") && slices.Contains(s.Sources, "west-herald")
	}
	if has12 != has20 {
		t.Errorf("brief states one number of wardens without the other: %+v", brief)
	}
}

// TestEmphasis: two outlets lead on different things and report the other
// one's lead only further down; a third leads like the first.
func TestEmphasis(t *testing.T) {
	deaths := "Four workers died when a grain silo collapsed at the Harlow cooperative on Monday morning, police said."
	cost := "The collapse of the Harlow cooperative's main silo will cost farmers an estimated $3 million in lost storage this harvest, the cooperative's board said."
	filler := []string{
		"Rescue crews worked through the night at the site on the edge of town.",
		"The cooperative serves about 300 farms across the county.",
		"Inspectors from the state labour department arrived on Tuesday.",
	}
	article := func(lead, later string, more ...string) string {
		return strings.Join(append(append([]string{lead}, filler...), append([]string{later}, more...)...), "\n\n")
	}
	docs := []Doc{
		{ID: "harlow-post", Name: "Harlow Post", Text: article(deaths, cost)},
		{ID: "farm-weekly", Name: "Farm Weekly", Text: article(cost, deaths)},
		{ID: "county-radio", Name: "County Radio", Text: article("Four workers were killed on Monday morning when a silo collapsed at the Harlow cooperative, police said.", cost)},
	}
	e := New(DefaultOptions())
	points := mustDisputes(t, e, docs)
	i := slices.IndexFunc(points, func(p story.Point) bool { return p.Kind == story.KindEmphasis })
	if i < 0 {
		t.Fatalf("want an emphasis point, got %+v", points)
	}
	if got := pointSources(points[i]); len(got) != 3 || points[i].Positions[0].Quote == points[i].Positions[1].Quote && points[i].Positions[1].Quote == points[i].Positions[2].Quote {
		t.Errorf("emphasis point should set each outlet's lead against the other: %+v", points[i])
	}
	// The same leads everywhere: no emphasis.
	docs[1].Text = article(deaths, cost, "Farm groups asked the state for help.")
	for _, p := range mustDisputes(t, e, docs) {
		if p.Kind == story.KindEmphasis {
			t.Errorf("no emphasis point wanted when the leads agree, got %+v", p)
		}
	}
}

func pointSources(p story.Point) []string {
	var ids []string
	for _, pos := range p.Positions {
		if !slices.Contains(ids, pos.Source) {
			ids = append(ids, pos.Source)
		}
	}
	return ids
}

// TestOmissionsAreSalient: a claim only one outlet makes is reported when
// the outlet put it high, not when it sits in the background further down.
func TestOmissionsAreSalient(t *testing.T) {
	shared := []string{
		"The Keston council closed the old swimming baths on Monday after an inspection.",
		"Inspectors found cracks in the roof beams above the main pool.",
		"The baths will stay shut while engineers draw up a repair plan.",
		"Swimming clubs have been told to use the school pool instead.",
		"The council said it would publish the inspection report next month.",
		"Parents said the closure came without warning.",
	}
	high := "Councillor Nadia Orme said the repairs could cost 900,000 pounds."
	low := "The baths were built by the engineer Alfred Tamsin in 1911."
	body := func(lines ...string) string { return strings.Join(lines, "\n\n") }
	docs := []Doc{
		{ID: "keston-times", Name: "Keston Times", Text: body(append(append(shared[:2:2], high), shared[2:]...)...)},
		{ID: "keston-radio", Name: "Keston Radio", Text: body(append(slices.Clone(shared), low)...)},
		{ID: "county-news", Name: "County News", Text: body(shared...)},
	}
	var got []string
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if p.Kind == story.KindOmission {
			got = append(got, p.Positions[0].Quote)
		}
	}
	if !slices.Contains(got, high) || slices.Contains(got, low) {
		t.Errorf("omissions quote %q, want the high claim %q and not the background %q", got, high, low)
	}
}

// TestFiguresMeetByWhatStandsNearThem: two outlets' amounts are compared
// when the same rare word stands beside both, however different the rest
// of their sentences; and counts of people meet whatever noun counts them.
func TestFiguresMeetByWhatStandsNearThem(t *testing.T) {
	common := []string{
		"The Harwick health board confirmed the change at its meeting.",
		"Patients will be sent to the county hospital in Tarrow.",
		"The board said the unit had struggled to recruit doctors.",
	}
	docs := []Doc{
		{ID: "harwick-post", Name: "Harwick Post", Text: strings.Join(append([]string{
			"The board will cut costs and save £3.1 million a year by closing the Harwick birth unit, its papers show.",
			"About 300 people were evacuated from the streets around the clinic during the inspection."}, common...), "\n\n")},
		{ID: "tarrow-radio", Name: "Tarrow Radio", Text: strings.Join(append([]string{
			"Closing the unit is expected to save £2.4 million a year, according to a briefing for councillors.",
			"Roughly 120 residents had to leave their homes near the clinic while inspectors worked."}, common...), "\n\n")},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	var money, people bool
	for _, p := range points {
		money = money || strings.Contains(p.Summary, "3.1 million") && strings.Contains(p.Summary, "2.4 million")
		people = people || strings.Contains(p.Summary, "300") && strings.Contains(p.Summary, "120")
	}
	if !money || !people {
		t.Errorf("want the saving (3.1 vs 2.4 million) and the head count (300 vs 120) disputed, got %+v", points)
	}
}

// TestShareVerbsSayWhichWay: the verb beside a share says which way it
// went, not what it measures, so two shares that "rose" are not for that
// two versions of one figure.
func TestShareVerbsSayWhichWay(t *testing.T) {
	common := []string{
		"The Fenton works opened in 1961 and makes gloss and primer.",
		"Production will move to a plant near Sedley.",
		"Staff were told at a meeting in the canteen.",
		"The council leader called the news a blow for the town.",
		"Marlin was founded by two brothers in a rented shed.",
		"Talks with the union begin next week.",
	}
	docs := []Doc{
		{ID: "city-ledger", Name: "City Ledger", Text: strings.Join(append([]string{
			"Marlin Paints will shut its Fenton works after operating profit fell 18 per cent last year to £9.2 million.",
			"Shares in Marlin rose 4 per cent on Monday after the announcement."}, common...), "\n\n")},
		{ID: "works-voice", Name: "Works Voice", Text: strings.Join(append([]string{
			"The union says the group's profits rose by 7 per cent last year, while bonuses went to its directors."}, common...), "\n\n")},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	var profit, shares bool
	for _, p := range points {
		profit = profit || strings.Contains(p.Summary, "18 per cent") && strings.Contains(p.Summary, "7 per cent")
		shares = shares || strings.Contains(p.Summary, "4 per cent") && strings.Contains(p.Summary, "7 per cent")
	}
	if !profit || shares {
		t.Errorf("want the profit (18 against 7 per cent) disputed, and the shares' 4 per cent set against nothing, got %+v", points)
	}
}

// TestWhatItWasNot: a phrase the sentence says did not come about, or that
// someone asks for, is not its evaluation ("should have been an orderly
// precaution", "calling for a swift inquiry").
func TestWhatItWasNot(t *testing.T) {
	for _, tc := range []struct{ sentence, critical, favourable string }{
		{"What should have been an orderly precaution quickly became a chaotic evacuation.", "chaotic evacuation", ""},
		{"Far from a swift response, crews took four hours to arrive.", "", ""},
		{"Staff praised the swift and orderly evacuation.", "", "swift"},
		{"The party was well-equipped and experienced.", "", "well-equipped"},
		{"They make our job of getting a fair deal for farmers harder.", "", ""},
		{"Residents are calling for a swift and independent inquiry.", "", ""},
	} {
		ts := scanTokens(tc.sentence)
		if c, v := findPhrase(ts, criticalPhrases), findPhrase(ts, favourablePhrases); c != tc.critical || !strings.HasPrefix(v, tc.favourable) || tc.favourable == "" && v != "" {
			t.Errorf("%q: critical %q, favourable %q; want %q, %q", tc.sentence, c, v, tc.critical, tc.favourable)
		}
	}
}

func TestCauses(t *testing.T) {
	for _, tc := range []struct {
		sentence, phrase string
		unsettled, none  bool
	}{
		{"The blaze was caused by a faulty heater in the back office, fire crews said.", "a faulty heater in the back office", false, false},
		{"The cause of the flooding was a blocked culvert under Mill Lane.", "a blocked culvert under Mill Lane", false, false},
		{"Engineers pointed to a worn brake cable as the cause of the crash.", "a worn brake cable", false, false},
		{"The cause of the fire has not yet been determined, the chief said.", "not yet been determined", true, false},
		{"The museum is due to open in May.", "", false, true},
		{"Because of the rain, the match was moved indoors.", "", false, true},
		{"A downed power line started the wildfire on the ridge, the chief said.", "A downed power line", false, false},
		{"A spokesman for the company said the extreme heat had caused the buckle.", "the extreme heat", false, false},
		{"The firm would not speculate about the cause while the investigation was going on.", "", false, true},
		{"There are competing accounts of what caused the crush.", "", false, true},
		{"Inspectors are focusing on a cracked weld on the outflow pipe, the agency understands.", "a cracked weld on the outflow pipe", false, false},
		{"The team is focusing on Saturday's final.", "", false, true},
		{"The outage was traced to a failed cooling fan.", "a failed cooling fan", false, false},
		{"A preliminary inspection had found a fractured rail at the junction, which it believes caused the derailment.", "a fractured rail at the junction", false, false},
		{"Vell told reporters that a build-up of methane gas had ignited, triggering the explosion.", "a build-up of methane gas had ignited", false, false},
		{"The minister has said methane gas was the most likely trigger.", "methane gas", false, false},
		// Cut at nine words, the phrase ends on its last word of weight.
		{"The blaze was started by an overheating battery charger for a forklift truck in the loading bay.", "an overheating battery charger for a forklift truck", false, false},
		// The verbs of where a loss came from, and active blame; blame
		// denied names no cause.
		{"The losses stemmed largely from bad loans to a builder.", "bad loans to a builder", false, false},
		{"Insiders blame a faulty chlorine pump.", "faulty chlorine pump", false, false},
		{"\"But I don't blame the lifeguards.", "", false, true},
	} {
		c, ok := readCause(scanTokens(tc.sentence))
		switch {
		case tc.none && ok:
			t.Errorf("%q: read a cause %+v, want none", tc.sentence, c)
		case !tc.none && (!ok || c.phrase != tc.phrase || c.unsettled != tc.unsettled):
			t.Errorf("%q: cause %+v (ok %v), want %q unsettled %v", tc.sentence, c, ok, tc.phrase, tc.unsettled)
		}
	}
	docs := []Doc{
		{ID: "quay-post", Name: "Quay Post", Text: "A fire gutted the Quay Street bakery on Sunday night.\n\nThe fire was caused by a faulty oven, the owner said.\n\nNo one was hurt."},
		{ID: "town-radio", Name: "Town Radio", Text: "Fire crews spent the night at the Quay Street bakery after a blaze on Sunday.\n\nThe cause of the fire is not yet known, the fire service said.\n\nNo one was hurt."},
		{ID: "east-news", Name: "East News", Text: "The Quay Street bakery burned down on Sunday night.\n\nNeighbours said the fire was started by fireworks let off in the yard.\n\nNo one was hurt."},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	i := slices.IndexFunc(points, func(p story.Point) bool { return p.Topic == "What caused the fire" })
	if i < 0 || len(pointSources(points[i])) != 3 {
		t.Fatalf("want one point on what caused the fire, with all three outlets, got %+v", points)
	}
}

func TestClockTimes(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		hour     float64 // -1: no time of day; else within the time's span
	}{
		{"Part of the roof collapsed at about 2:30 a.m. on Monday.", 2.5},
		{"It happened shortly after 2.30am, a neighbour said.", 2.5},
		{"The blast came at 14:45, police said.", 14.75},
		{"The roof collapsed around 11 p.m. on Sunday.", 23},
		{"09:30 — The men are believed to be safe in a refuge chamber.", -1},
		{"10:05 a.m. The fire has burned about 1,200 acres.", -1},
		{"**09:20** Passengers are being transferred to the sister ship.", -1},
	} {
		got := -1.0
		for _, f := range factsOf(tc.sentence) {
			if f.key == "clock" && f.lo <= tc.hour && tc.hour <= f.hi {
				got = tc.hour
			} else if f.key == "clock" {
				got = f.lo
			}
		}
		if got != tc.hour {
			t.Errorf("%q: hour %v, want %v", tc.sentence, got, tc.hour)
		}
	}
}

// TestLiveBlogUpdates: a live blog's earlier figure, superseded by its own
// later update, is not set against another outlet that gives the later one.
func TestLiveBlogUpdates(t *testing.T) {
	for _, reverse := range []bool{false, true} {
		updates := []string{
			"9:10 a.m. — Rescuers say nine miners are trapped in the east section of the Tarn pit.",
			"11:40 a.m. — The company has revised its count to 11 miners.",
		}
		if reverse {
			updates[0], updates[1] = updates[1], updates[0]
		}
		docs := []Doc{
			{ID: "tarn-live", Name: "Tarn Live", Text: strings.Join(append(updates, "Families gathered at the welfare hall through the morning."), "\n\n")},
			{ID: "coal-radio", Name: "Coal Radio", Text: "Rescuers say eleven miners are trapped in the east section of the Tarn pit.\n\nFamilies gathered at the welfare hall through the morning."},
		}
		for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
			if strings.Contains(p.Summary, "nine") {
				t.Errorf("reverse %v: the blog's superseded figure is disputed: %+v", reverse, p)
			}
		}
	}
}

func TestHalfUnits(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		days     float64
	}{
		{"Building could start within a year and a half.", 547.5},
		{"The works will take two and a half years.", 912.5},
		{"The drive takes an hour and a half.", 1.5 / 24},
	} {
		var got []float64
		for _, f := range factsOf(tc.sentence) {
			if f.key == "duration" {
				got = append(got, (f.lo+f.hi)/2)
			}
		}
		if len(got) != 1 || math.Abs(got[0]-tc.days) > 0.01*tc.days {
			t.Errorf("%q: durations %v days, want one of %v", tc.sentence, got, tc.days)
		}
	}
}

// TestHalfMagnitudes: "two and a half million pounds" is £2.5m, not a
// sum of two and a count of halves.
func TestHouseholdCounts(t *testing.T) {
	for sentence, want := range map[string]float64{
		"A family of five scrambled down the fire escape.": 5,
		"A party of six walkers was stranded.":             -1, // six walkers, counted as walkers
		"A group of 12 companies bid for the contract.":    -1,
	} {
		got := -1.0
		for _, f := range factsOf(sentence) {
			if f.key == peopleKey {
				got = f.lo
			}
		}
		if got != want {
			t.Errorf("%q: people %v, want %v", sentence, got, want)
		}
	}
}

func TestSpokenNumbers(t *testing.T) {
	for sentence, want := range map[string]float64{
		"The repairs cost two and a half million pounds.":             2.5e6,
		"The appeal raised six and a half thousand pounds.":           6500,
		"The fund paid out three hundred and twenty thousand pounds.": 320000,
		"The appeal raised two hundred and forty-five pounds.":        245,
	} {
		fs := factsOf(sentence)
		if len(fs) != 1 || fs[0].key != "money" || fs[0].lo != want {
			t.Errorf("%q: facts %+v, want one sum of %v", sentence, fs, want)
		}
	}
}

func TestJudgementsAreNotDenials(t *testing.T) {
	for _, s := range []string{
		"An hour and a half in an ambulance is not a plan, it is a gamble.",
		"We do not thank the company for any of this.",
	} {
		if yes, cue, _ := negated(scanTokens(s)); yes {
			t.Errorf("%q read as a denial (%q)", s, cue)
		}
	}
}

// TestTenfoldCountsAreDifferentThings: two counts of people ten times
// apart are not two versions of one figure.
func TestTenfoldCountsAreDifferentThings(t *testing.T) {
	docs := []Doc{
		{ID: "fell-forum", Name: "Fell Forum", Text: "Since the notice, 14 people in Fellbridge have been treated for stomach illness, doctors said.\n\nResidents were told to boil all tap water."},
		{ID: "west-press", Name: "West Press", Text: "Since the notice, 45,000 people in Fellbridge have been told to boil water, the company said.\n\nResidents were told to boil all tap water."},
	}
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if strings.Contains(p.Summary, "14") && strings.Contains(p.Summary, "45,000") {
			t.Errorf("14 treated set against 45,000 told: %+v", p)
		}
	}
}

func TestDatelinesAreNotDates(t *testing.T) {
	for _, s := range []string{
		"FELLBRIDGE, June 10 (Westmarch Press) - Corran Water has told households to boil their water.",
		"KESTON, Monday (NW) — Porters walked out at Keston station.",
	} {
		for _, f := range factsOf(s) {
			if f.key == "monthday" || f.key == "weekday" {
				t.Errorf("%q: read the dateline's %q as a date", s, f.surface)
			}
		}
	}
	if fs := factsOf("The notice was issued on June 9, the company said."); len(fs) != 1 || fs[0].key != "monthday" {
		t.Errorf("a date in the story is still read: %+v", fs)
	}
}

// TestOwnFigureOverQuotedOne: an outlet that quotes the others' figure
// only to reject it is set against them with its own.
func TestOwnFigureOverQuotedOne(t *testing.T) {
	tests := []struct {
		name       string
		docs       []Doc
		own, other string
	}{
		{"said to be wrong", []Doc{
			{ID: "fell-chronicle", Name: "Fell Chronicle", Text: "The water company issued the notice on Tuesday, covering about 18,000 households in Fellbridge.\n\nResidents were told to boil all tap water."},
			{ID: "west-press", Name: "West Press", Text: "The boil-water notice covers 18,000 households in Fellbridge, the company said.\n\nResidents were told to boil all tap water."},
			{ID: "residents-forum", Name: "Residents Forum", Text: "The company insists the notice covers 18,000 households in Fellbridge.\n\nThat figure is wrong: the notice covers some 26,000 properties in Fellbridge.\n\nResidents were told to boil all tap water."},
		}, "26,000", "18,000"},
		// The rejected figure is named by its number alone, in a
		// sentence worded unlike the one that gives it.
		{"not the figure announced", []Doc{
			{ID: "mill-post", Name: "Mill Post", Text: "Brantwood Tools said on Monday it would shut its Eastgate works and cut 640 jobs.\n\nThe works has made hand tools since 1931."},
			{ID: "tool-trade", Name: "Tool Trade", Text: "Brantwood said up to 640 roles would be affected.\n\nThat understates the cuts: about 820 positions will go, insiders say, not the 640 announced.\n\nThe works has made hand tools since 1931."},
		}, "820", "640"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			points := mustDisputes(t, New(DefaultOptions()), tt.docs)
			if !slices.ContainsFunc(points, func(p story.Point) bool {
				return strings.Contains(p.Summary, tt.own) && strings.Contains(p.Summary, tt.other)
			}) {
				t.Errorf("want %s (the article's own figure) against %s, got %+v", tt.own, tt.other, points)
			}

		})
	}
}

// TestFigureRejectedNext: a sentence that points back at the figure
// before it to reject it ("That figure does not stand up.") makes that
// figure another's, not the article's own.
func TestFigureRejectedNext(t *testing.T) {
	docs := []Doc{
		{ID: "vale-voice", Name: "Vale Voice", Text: "The council says closing Brookside library will save £58,000 a year.\n\nThat figure does not stand up.\n\nThe true sum is nearer £31,000 once redundancy is paid.\n\nThe council says closing Brookside library will cost nothing.\n\nThat figure did not appear overnight."},
		{ID: "vale-post", Name: "Vale Post", Text: "Brookside library opened in 1971."},
	}
	e := New(DefaultOptions())
	a, info, _, err := e.scoped(docs)
	if err != nil {
		t.Fatal(err)
	}
	f := newFinder(e, a, info)
	for i, s := range a.cands {
		want := strings.Contains(s.text, "£58,000")
		if got := f.rejectedNext(i); got != want {
			t.Errorf("%q: rejected by the next sentence %v, want %v", s.text, got, want)
		}
	}
	// The article's own figure answers the rival one, however unlike
	// the sentence that gives it: the two are set against each other.
	common := "Brookside library opened in 1971 and has 9,000 books.\n\nCampaigners will hand in a petition on Monday.\n\nThe library is run by volunteers on Saturdays."
	docs = []Doc{
		{ID: "vale-post", Name: "Vale Post", Text: "Closing Brookside library will save £58,000 a year, the council said.\n\n" + common},
		{ID: "vale-radio", Name: "Vale Radio", Text: "The council says the closure will save £58,000 a year.\n\n" + common},
		{ID: "vale-voice", Name: "Vale Voice", Text: "The council says closing Brookside library will save £58,000 a year.\n\nThat figure does not stand up.\n\nOnce redundancy and security for the empty building are paid, the true sum is nearer £31,000.\n\n" + common},
	}
	points := mustDisputes(t, e, docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return slices.ContainsFunc(p.Positions, func(pos story.Position) bool {
			return pos.Source == "vale-voice" && strings.Contains(pos.Claim, "31,000")
		}) &&
			strings.Contains(p.Summary, "58,000")
	}) {
		t.Errorf("want Vale Voice's £31,000 against the £58,000 it rejects, got %+v", points)
	}
}

// TestFigureDisbelievedOrNamed: a campaign's article that gives the
// council's figure to disbelieve it ("We do not believe that figure", "The
// £2.4m figure is a best-case number") and its own elsewhere, however
// unlike the council's sentences, sets the two against each other.
func TestFigureDisbelievedOrNamed(t *testing.T) {
	common := "The pool closed in March after cracks were found in its tank.\n\nSwimming clubs have moved to Hallow Leisure Centre.\n\nThe pool opened in 1968."
	docs := []Doc{
		{ID: "fenby-post", Name: "Fenby Post", Text: "Council officers estimate the repairs to the Fenby lido will cost £2.4m.\n\n" + common},
		{ID: "fenby-radio", Name: "Fenby Radio", Text: "A report puts the cost of repairing the lido at £2.4 million.\n\n" + common},
		{ID: "lido-friends", Name: "Lido Friends", Text: "The council approved a plan for the lido that it says will cost £2.4m. We do not believe that figure for a moment.\n\n" +
			"Our surveyor's estimate of the real bill is closer to £4.1m.\n\n\"The £2.4m figure is a best-case number,\" said the group's chair.\n\n" + common},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return slices.ContainsFunc(p.Positions, func(pos story.Position) bool {
			return pos.Source == "lido-friends" && strings.Contains(pos.Claim, "4.1")
		}) && strings.Contains(p.Summary, "2.4")
	}) {
		t.Errorf("want Lido Friends' £4.1m against the £2.4m it disbelieves, got %+v", points)
	}
}

func TestHandlingIsFraming(t *testing.T) {
	docs := []Doc{
		{ID: "forum", Name: "Forum", Text: "The water company's response to the contamination has been shambolic from the start.\n\nResidents were told to boil all tap water."},
		{ID: "ledger", Name: "Ledger", Text: "Analysts praised the water company's swift response to the contamination.\n\nResidents were told to boil all tap water."},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return p.Kind == story.KindFraming && strings.Contains(p.Summary, "shambolic") && (strings.Contains(p.Summary, "swift") || strings.Contains(p.Summary, "praised"))
	}) {
		t.Errorf("want a framing point, “shambolic” against “swift”, got %+v", points)
	}
}

// TestRecordIsFraming: a firm's "patchy" record against its
// "unblemished" one is a framing point.
func TestRecordIsFraming(t *testing.T) {
	docs := []Doc{
		{ID: "gazette", Name: "Gazette", Text: "The coach firm's patchy safety record is likely to come under scrutiny.\n\nThe coach left the road on Hollin Brow on Saturday."},
		{ID: "weekly", Name: "Weekly", Text: "The family coach firm has an unblemished safety record, its trade body said.\n\nThe coach left the road on Hollin Brow on Saturday."},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return p.Kind == story.KindFraming && strings.Contains(p.Summary, "patchy") && strings.Contains(p.Summary, "unblemished")
	}) {
		t.Errorf("want a framing point, “patchy” against “unblemished”, got %+v", points)
	}
}

func TestWhoDidIt(t *testing.T) {
	docs := []Doc{
		{ID: "dun-post", Name: "Dun Post", Text: "The warehouse fire was reported late on Friday.\n\nThe alarm was raised by a passing taxi driver who saw smoke, police said.\n\nNo one was hurt."},
		{ID: "dun-radio", Name: "Dun Radio", Text: "Fire gutted the warehouse late on Friday.\n\nThe site's night security guard, Pavel Nowak, raised the alarm after spotting flames.\n\nNo one was hurt."},
		{ID: "east-wire", Name: "East Wire", Text: "A warehouse burned late on Friday.\n\nThe night security guard raised the alarm, the owners said.\n\nNo one was hurt."},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	i := slices.IndexFunc(points, func(p story.Point) bool { return strings.HasPrefix(p.Topic, "Who raised the alarm") })
	if i < 0 {
		t.Fatalf("want a point on who raised the alarm, got %+v", points)
	}
	if got := len(versionsOf(points[i])); got != 2 || !strings.Contains(points[i].Summary, "Dun Radio and East Wire") {
		t.Errorf("the guard (named or not) and the taxi driver are two versions, got %d: %+v", got, points[i])
	}
	for _, tc := range []struct{ sentence, doer string }{
		{"It was fellow miners from the night shift, not the company's managers, who located the men.", "fellow miners from the night shift"},
		{"The recount was requested by Penhale's election agent, Lorna Diggle, on Saturday.", "Penhale's election agent"},
		{"The gates at the top of the steps were shut on the orders of a police commander, stewards said.", "a police commander"},
		{"It was first reported by a highway maintenance crew clearing a culvert.", "a highway maintenance crew clearing a culvert"},
		// The doer is in the verb's own clause, past a dateline.
		{"Kelvara is set to swing left after the Progressive Labour Alliance signed a coalition agreement.", "the Progressive Labour Alliance"},
		{"DROSSEN, June 11 (MPA) - Kelvara's Progressive Labour Alliance signed a coalition agreement.", "Kelvara's Progressive Labour Alliance"},
		// The name a "who" clause is set beside is the doer.
		{"Finance Director Gwen Hale, who drafted the spending plan, told the council it would pass.", "Finance Director Gwen Hale"},
		{"Readings collapsed in the early hours, and our team alerted the agency before it was light.", "our team"},
		// Who said "it" is the doer.
		{"The centre said it was helping, and the Data Protection Office said it had launched an investigation.", "the Data Protection Office"},
		// One word is enough when it names a person by trade.
		{"The attack was discovered by an IT engineer on call overnight.", "an IT engineer"},
		{"The fault was first spotted by a receptionist.", "a receptionist"},
		// A clause between commas parts the subject from its verb.
		{"The leak, which was reported on Monday, was first noticed by a night porter.", "a night porter"},
		// A passive without its auxiliary, after its noun.
		{"A petition launched by the town council gathered over twelve hundred signatures.", "the town council"},
		// A cleft's "that", a phrase of when before "by", a name given.
		{"It was a search dog, not the helicopter crew, that located the group.", "a search dog"},
		{"They were located at first light by the crew of a lifeboat.", "the crew of a lifeboat"},
		{"A search dog called Bracken found the walkers on the ridge.", "a search dog"},
		// A "that" clause has its own doer.
		{"The watchdog found that Gideon Farrant broke the rules on expenses.", "Gideon Farrant"},
		// A call for help raises the alarm; an aside and a time set before
		// the doer are not the doer.
		{"The crew was paged after a ranger at the campsite called 999 to report the fire.", "a ranger"},
		{"At 4.10pm on Sunday, one of the instructors leading the course dialled 999.", "one of the instructors leading the course"},
		{"One walker, who was at the front and was not hurt, rang 999 for help.", "one walker"},
		{"The alarm was raised by a neighbour, Ffion Pugh, who smelled smoke.", "a neighbour"},
		// A time ends the doer; a hyphen joins a subject's words; a
		// reporting verb's clause has its own subject.
		{"The short-tailed shearwaters were discovered by a dog walker shortly before 7am.", "a dog walker"},
		{"The ranger says they were spotted by a harbour patrol and first reported at 5am.", "a harbour patrol"},
	} {
		acts := readActs(0, scanTokens(tc.sentence), map[string]bool{"penhale's": true, "lorna": true, "diggle": true, "penhale": true})
		if len(acts) == 0 || acts[0].phrase != tc.doer {
			t.Errorf("%q: acts %+v, want the doer %q", tc.sentence, acts, tc.doer)
		}
		if len(acts) > 0 && strings.Contains(tc.sentence, "999") && (acts[0].object != stem("alarm") || acts[0].verb != lemma("raised")) {
			t.Errorf("%q: a call for help is %q %q, want who raised the alarm", tc.sentence, acts[0].verb, acts[0].object)
		}
		for _, object := range []string{"gates", "leak", "shearwaters"} {
			if len(acts) > 0 && strings.Contains(tc.sentence, object) && acts[0].object != stem(object) {
				t.Errorf("%q: the act is on %q, want the %s", tc.sentence, acts[0].object, object)
			}
		}
	}
	// One word for a thing tells no doer apart.
	if acts := readActs(0, scanTokens("The fire was caused by the blast and was followed by the explosion."), nil); len(acts) != 0 {
		t.Errorf("want no doer in a lone thing's name, got %+v", acts)
	}
	if acts := readActs(0, scanTokens("The ranger says they were spotted by a harbour patrol."), nil); len(acts) != 1 || acts[0].object != "" {
		t.Errorf("“they” after the reporting verb is the story's own thing: %+v", acts)
	}
	for _, x := range readActs(0, scanTokens("At least two campers, woken by the smoke, dialled 999."), nil) {
		if strings.Contains(x.phrase, "smoke") {
			t.Errorf("“At least …,” is no time the doer follows: %+v", x)
		}
	}
	raised := readActs(0, scanTokens("The alarm was raised by a neighbour who smelled smoke."), nil)
	spotted := readActs(0, scanTokens("It was spotted by a passing bus driver, who stopped and shouted."), nil)
	if len(raised) != 1 || len(spotted) != 1 || !raisesAlarm(raised[0], spotted[0]) {
		t.Errorf("who spotted the fire answers who raised the alarm: %+v %+v", raised, spotted)
	}
	if foldStem(stem("spotted")) != foldStem(stem("discovered")) {
		t.Errorf("spotted and discovered answer who found it")
	}
}

// TestBriefLeavesOutReportedSpeech: an outlet's sentence giving the
// version it disputes (what the company says, in the paper that blames the
// fog) is not in the brief under that outlet's name.
func TestBriefLeavesOutReportedSpeech(t *testing.T) {
	docs := []Doc{
		{ID: "observer", Name: "Observer", Text: "PORT ALLAIR, Sept 18 (APS) - The ferry ran aground off Inchmurren early on Friday with 143 passengers on board.\n\n" +
			"A crew member said the grounding was caused by the ship straying off course in thick fog.\n\n" +
			"The company's managing director has said the grounding was caused by a steering failure.\n\nThree passengers were taken to hospital."},
		{ID: "daily", Name: "Daily", Text: "The ferry ran aground off Inchmurren early on Friday with 143 passengers on board.\n\n" +
			"The company said the grounding was caused by a steering failure.\n\nThree passengers were taken to hospital."},
	}
	e := New(DefaultOptions())
	brief := mustBrief(t, e, docs, disputed(mustDisputes(t, e, docs)))
	for _, b := range brief {
		if strings.Contains(b.Text, "steering") && slices.Contains(b.Sources, "observer") {
			t.Errorf("brief credits the Observer with the steering failure it disputes: %+v", b)
		}
		if strings.Contains(b.Text, "PORT ALLAIR") {
			t.Errorf("brief keeps a dateline: %q", b.Text)
		}
	}
}

// TestStatusOfAThing: one outlet says a thing was restored, another that
// it was halted; an outlet telling both states tells a timeline instead.
func TestStatusOfAThing(t *testing.T) {
	// Enough of a story that "intelligence-sharing" is a rare word in it.
	rest := "\n\nTalks continue this week in the capital.\n\nThe ministers met for three hours on Monday.\n\n" +
		"Officials described the meeting as frank.\n\nA further round is planned for the spring.\n\n" +
		"Opposition leaders asked for a debate in parliament.\n\nThe currency rose slightly after the news.\n\n" +
		"Farmers' groups welcomed the tone of the statement.\n\nThe foreign minister flew home on Tuesday night.\n\n" +
		"Several embassies extended their opening hours.\n\nNewspapers in the region led with the summit.\n\n" +
		"A small protest gathered outside the ministry.\n\nThe next summit is expected in the autumn."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "After the call, the government restored its intelligence-sharing with the allies and resumed training." + rest},
		{ID: "post", Name: "Post", Text: "The government briefly halted intelligence-sharing with the allies after a tense meeting." + rest},
	}
	e := New(DefaultOptions())
	has := func(points []story.Point) bool {
		return slices.ContainsFunc(points, func(p story.Point) bool { return strings.HasPrefix(p.Topic, "Status of") })
	}
	if points := mustDisputes(t, e, docs); !has(points) {
		t.Errorf("want a point on the status of intelligence-sharing, got %+v", points)
	}
	docs2 := []Doc{
		{ID: "gazette", Name: "Gazette", Text: "The water company shut its drinking-water intake at Lenfield as a precaution." + rest},
		{ID: "weekly", Name: "Weekly", Text: "The company said its drinking-water intake had remained open throughout." + rest},
	}
	if points := mustDisputes(t, e, docs2); !has(points) {
		t.Errorf("want shut set against remained open, got %+v", points)
	}
	docs[1].Text = "The government halted intelligence-sharing with the allies in March.\n\nIt restored intelligence-sharing with the allies after the call." + rest
	if points := mustDisputes(t, e, docs); has(points) {
		t.Errorf("an outlet telling both states gives no status point, got %+v", points)
	}
}

func TestNoSuchThing(t *testing.T) {
	rest := "\n\nThe mine stayed closed on Tuesday.\n\nFamilies waited at the welfare hall.\n\nThe company said production would resume next month.\n\n" +
		"Union officials met managers in the afternoon.\n\nThe regional minister visited the site.\n\nShares in the company fell on the news.\n\n" +
		"Rescue teams from three counties had worked in shifts.\n\nThe pit employs about 600 people.\n\nA memorial service is planned for Sunday.\n\n" +
		"The local school opened its hall to relatives.\n\nTraffic on the valley road was diverted for two days."
	docs := []Doc{
		{ID: "union", Name: "Union", Text: "Mine inspectors issued a written warning about the roof supports in the east section in January." + rest},
		{ID: "markets", Name: "Markets", Text: "The company had received no safety warnings from mine inspectors about the east section, she said." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return p.Kind == story.KindFactual && len(pointSources(p)) == 2 && strings.Contains(p.Positions[0].Quote+p.Positions[1].Quote, "no safety warnings")
	}) {
		t.Errorf("want “no safety warnings” set against “issued a written warning”, got %+v", points)
	}
}

func TestSlotsFoldSynonyms(t *testing.T) {
	for _, tc := range []struct{ sentence, surface, want string }{
		{"Farrow said the restaurant would shut for four weeks.", "four weeks", "close"},
		{"Farrow announced the restaurant would close for ten days.", "ten days", "close"},
	} {
		if got := slotOf(scanTokens(tc.sentence), tc.surface); got != tc.want {
			t.Errorf("%q: slot %q, want %q", tc.sentence, got, tc.want)
		}
	}
}

func TestSpansAndOutings(t *testing.T) {
	fs := factsOf("The festival was held from 17 to 19 July on the meadow.")
	if len(fs) != 1 || fs[0].key != "monthday" || fs[0].lo != 717 || fs[0].hi != 719 {
		t.Errorf("a span of days: %+v", fs)
	}
	if !fs[0].agrees(factsOf("It opened on 17 July.")[0]) {
		t.Error("17 July falls in 17 to 19 July")
	}
	if fs := factsOf("You don't expect that from a day out."); len(fs) != 0 {
		t.Errorf("an outing read as a duration: %+v", fs)
	}
}

func TestTopicsRead(t *testing.T) {
	tg := New(DefaultOptions()).tags()
	for _, tc := range []struct {
		topic string
		ok    bool
	}{
		{"Whether residents' personal data was stolen", true},
		{"Whether the Marrow Creek levee was breached", true},
		{"Whether and two", false},
		{"Whether has closed Carnmoor Regional Airport", false},
		{"Whether after nearly a decade of planning", false},
		{"Whether the decision followed a", false},
		{"Whether \"By the time they got on the radio", false},
		{"Whether holds far more people", false},
		{"Whether a packed commuter train", false},
		{"Whether with ambassadors withdrawn and direct", false},
		{"Whether Sallis finished with 9,118 votes to 9,077", false},
		{"When the attack struck at 3.40am", false},
		{"When the 6-3 vote came shortly", false},
		{"When by the time Corvane disclosed the breach", false},
		{"When the slide let go at about", false},
		{"When the new fare takes effect", true},
		{"Where the overflow found its way into the river", true},
		{"Number of homes destroyed", true},
		{"Whether MBC News has also learned that partial bank details were taken", false},
		{"What time the roof of the east section collapsed", true},
		{"What time by the gate", false},
	} {
		if got := readableTopic(tg, tc.topic); got != tc.ok {
			t.Errorf("%q: reads %v, want %v", tc.topic, got, tc.ok)
		}
	}
}

func TestReadHarm(t *testing.T) {
	type want struct {
		slot   harmSlot
		harmed bool
	}
	for _, tc := range []struct {
		text string
		want []want
	}{
		{"No one was hurt, the fire service said.", []want{{slotHurt, false}}},
		{"There were no injuries, the coastguard said.", []want{{slotHurt, false}}},
		{"Nobody has been taken to hospital.", []want{{slotHospital, false}}},
		{"Three passengers were treated for minor injuries, but none needed to go to hospital.", []want{{slotHospital, false}, {slotHurt, true}}},
		{"A woman was taken to Westrey General Hospital with suspected hypothermia.", []want{{slotHurt, true}, {slotHospital, true}}},
		{"Police said there were no reports of anyone being hurt.", []want{{slotHurt, false}}},
		{"A 71-year-old man was scratched on the forearm.", []want{{slotHurt, true}}},
		{"Three passengers were treated at Allair Community Hospital for cuts.", []want{{slotHurt, true}, {slotHospital, true}}},
		{"One worker suffered minor injuries.", []want{{slotHurt, true}}},
		{"There were no confirmed cases of illness linked to the water.", []want{{slotIll, false}}},
		{"At least 14 people have been treated for stomach illness.", []want{{slotIll, true}}},
		{"Dozens were taken ill after the meal.", []want{{slotIll, true}}},
		{"None of the injuries was thought to be life-threatening.", []want{{slotSevere, false}}},
		{"A man was in a critical condition on Saturday night.", []want{{slotSevere, true}, {slotHurt, true}}},
		{"No one was seriously hurt.", []want{{slotSevere, false}}},
		{"The trust said no deaths had been linked to the failings.", []want{{slotDead, false}}},
		{"No one was killed in the blast.", []want{{slotDead, false}}},
		{"Albert Crane, a 91-year-old former signalman, died on the ward on 19 February.", []want{{slotDead, true}}},
		{"Two workers were killed.", []want{{slotDead, true}}},
		// Scoped, hedged or negated: no claim either way.
		{"No one else was hurt.", nil},
		{"There were no other injuries.", nil},
		{"It was not clear whether anyone was injured.", nil},
		{"The driver was not injured.", nil},
		{"No one from the bank came out to speak to the crowd.", nil},
		{"The patient who died had been on the ward for a week.", nil},
		{"That family nearly died.", nil},
	} {
		var got []want
		for _, c := range readHarm(0, scanTokens(tc.text)) {
			got = append(got, want{c.slot, c.harmed})
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestWhetherAnyoneWasHurt(t *testing.T) {
	rest := "\n\nThe ferry was towed to the harbour on Saturday.\n\nThe operator apologised to passengers.\n\n" +
		"Inspectors boarded the vessel in the afternoon.\n\nThe island relies on the ferry for supplies."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "The ferry ran aground in fog on Friday morning.\n\nThere were no injuries, the coastguard said." + rest},
		{ID: "paper", Name: "Paper", Text: "The island ferry ran aground in thick fog on Friday.\n\nA 60-year-old man was scratched on the arm as passengers were taken off." + rest},
	}
	e := New(DefaultOptions())
	has := func(points []story.Point) bool {
		return slices.ContainsFunc(points, func(p story.Point) bool { return p.Topic == "Whether anyone was hurt" })
	}
	if points := mustDisputes(t, e, docs); !has(points) {
		t.Errorf("want a point on whether anyone was hurt, got %+v", points)
	}
	// An outlet that tells both ("no one was hurt in the grounding; a man
	// was later scratched") has no side on the question.
	docs[0].Text = "The ferry ran aground in fog on Friday morning.\n\nNo one was hurt in the grounding, the coastguard said.\n\n" +
		"A passenger was scratched on the arm later, on the gangway." + rest
	if points := mustDisputes(t, e, docs); has(points) {
		t.Errorf("an outlet telling both gives no point, got %+v", points)
	}
}

func TestSpots(t *testing.T) {
	for _, tc := range []struct {
		text, want string
	}{
		{"on the quarry's northern face", "quarry northern face"},
		{"in the basement dry store, officers said", "basement dry store"},
		{"near the Corbin Creek bridge", "Corbin Creek bridge"},
		{"on a sandbank in the sound", "sandbank"},
		{"in the area", ""},    // says nothing alone
		{"in hospital", ""},    // not a spot
		{"in the morning", ""}, // a time
		{"at the council's request", ""},
		{"from the northern face of the quarry", "northern face"}, // qualified: no idiom
		{"in the face of opposition", ""},                         // an idiom
		{"on the ninth fairway of a golf course", "ninth fairway"},
		{"in woodland near the farm", "woodland"},
		{"in the field of medicine", ""}, // an idiom
		{"on the ground", ""},            // says nothing alone
		{"at the market", ""},            // a market is a place and a trade
	} {
		got := ""
		if sp, ok := spotAt(scanTokens(tc.text), 1); ok {
			got = sp.phrase
		}
		if !strings.EqualFold(strings.ReplaceAll(got, "'s", ""), tc.want) {
			t.Errorf("%q: spot %q, want %q", tc.text, got, tc.want)
		}
	}
	rest := "\n\nThe restaurant was rated zero for hygiene.\n\nThe owner apologised to customers.\n\n" +
		"Inspectors will return next month.\n\nThe council published the report on Thursday.\n\nBookings were cancelled."
	docs := []Doc{
		{ID: "gazette", Name: "Gazette", Text: "Officers found mouse droppings in the basement dry store, the report said." + rest},
		{ID: "clarion", Name: "Clarion", Text: "Droppings were discovered in the pastry section of the main kitchen, the report said." + rest},
	}
	e := New(DefaultOptions())
	has := func(points []story.Point) bool {
		return slices.ContainsFunc(points, func(p story.Point) bool {
			return strings.HasPrefix(p.Topic, "Where") && strings.Contains(p.Summary, "pastry section")
		})
	}
	if points := mustDisputes(t, e, docs); !has(points) {
		t.Errorf("want the store set against the pastry section, got %+v", points)
	}
	// The gazette names the pastry section too: no quarrel.
	docs[0].Text += "\n\nThe pastry section was clean."
	if points := mustDisputes(t, e, docs); has(points) {
		t.Errorf("a source naming the other's spot has no quarrel with it, got %+v", points)
	}
}

func TestHedgedTimesDecadesAndMeasures(t *testing.T) {
	fact := func(text, key string) fact {
		for _, f := range extractFacts(scanTokens(text)) {
			if f.key == key {
				return f
			}
		}
		t.Fatalf("%q: no %s figure", text, key)
		return fact{}
	}
	for _, tc := range []struct {
		a, b, key string
		agree     bool
	}{
		{"struck shortly after 4 a.m. on Saturday", "struck at 04:12 local time", "clock", true},
		{"came shortly after 9.40pm", "happened at about 10.15pm", "clock", false},
		{"built in the late 1960s", "built in 1968", "year", true},
		{"built in the early 1960s", "built in 1968", "year", false},
		{"a fourteen-storey building", "a 14-storey block", "count:storey", true},
		{"queues of a few dozen people", "around 30 people in the queue", "count:people", true},
		{"queues of a dozen people", "around 30 people in the queue", "count:people", false},
		{"her eleven co-authors", "a team of 12 authors", "count:author", true},
		{"contributes a quarter of a million pounds a year", "gives the theatre £250,000 a year", "money", true},
		{"a hardship fund of half a million pounds", "set aside £250,000", "money", false},
		{"her eleven co-authors", "a team of 14 authors", "count:author", false},
	} {
		if got := fact(tc.a, tc.key).agrees(fact(tc.b, tc.key)); got != tc.agree {
			t.Errorf("%q against %q: agree %v, want %v", tc.a, tc.b, got, tc.agree)
		}
	}
	// A storey count is not a count of buildings, nor a magnitude a count
	// of quakes; a ranking and a number in a name count nothing.
	for _, text := range []string{"a fourteen-storey building", "a magnitude-6.8 quake", "among the country's three largest mines", "the Vrelna Gora No. 2 coal mine"} {
		for _, f := range extractFacts(scanTokens(text)) {
			if f.key == "count:build" || f.key == "count:quak" || f.key == "count:quake" || strings.HasPrefix(f.key, "count:min") || strings.HasPrefix(f.key, "count:coal") {
				t.Errorf("%q: read as %s", text, f.key)
			}
		}
	}
}

func TestNearCountsWordsThatSaySomething(t *testing.T) {
	near := nearOf(scanTokens("The control room logged its first emergency call from the block shortly after 2am."), "2 am")
	if !slices.Contains(near, stem("call")) {
		t.Errorf("near %v, want the call", near)
	}
}

func TestRetractionsStateNoFigure(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		retracts bool
	}{
		{"In our 23:14 update we reported eight abstentions.", true},
		{"An earlier version of this article gave the toll as 480.", true},
		{"The bill passed with nine abstentions.", false},
		{"We spoke to eight residents on Friday.", false},
		{"Strathmoor now says 143 passengers were on board, not about 90 as we reported earlier.", false},
	} {
		if got := retraction(scanTokens(tc.sentence)); got != tc.retracts {
			t.Errorf("%q: retraction %v, want %v", tc.sentence, got, tc.retracts)
		}
	}
	if _, ok := spotAt(scanTokens("in exchange for a contract"), 1); ok {
		t.Errorf("“in exchange for” is an idiom, not a spot")
	}
	if !asks(scanTokens("Asked whether the rebels would face action, she said it was a matter for the group.")) {
		t.Errorf("an “asked whether” sentence puts a question")
	}
}

func TestFiguresOfOtherPeopleAndOtherYears(t *testing.T) {
	for _, f := range extractFacts(scanTokens("Three other people were pulled from their vehicles.")) {
		if strings.HasPrefix(f.key, "count:") {
			t.Errorf("“three other people” counts others, not the people: read %+v", f)
		}
	}
	ts := scanTokens("Serran was hit by a quake in 1998 that killed about 90 people.")
	if got := yearNear(ts, "about 90 people"); got != 1998 {
		t.Errorf("year near the 1998 toll: %v", got)
	}
	// A thing's vintage dates the thing, not its price; an event's year
	// dates the event.
	if got := yearNear(scanTokens("The crane, a 2016 unit that cost about £9m, collapsed."), "about £9m"); got != 0 {
		t.Errorf("“a 2016 unit” is the crane's vintage, not another year's price: %v", got)
	}
	if got := yearNear(scanTokens("A 2022 chlorine leak injured 14 people."), "14 people"); got != 2022 {
		t.Errorf("“a 2022 chlorine leak” dates the leak its toll is of: %v", got)
	}
	// A span that runs to now dates nothing else.
	if got := yearNear(scanTokens("The spin-out has raised £12 million from investors since 2024."), "£12 million"); got != 0 {
		t.Errorf("“since 2024” opens a span to now, not another year's figure: %v", got)
	}
	rest := "\n\nRescuers worked through the night.\n\nAid flights landed on Sunday.\n\nSchools in the province are closed."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "The earthquake has killed at least 612 people, the ministry said.\n\nThe province was hit by a quake in 1998 that killed about 90 people." + rest},
		{ID: "post", Name: "Post", Text: "The earthquake has killed at least 612 people, officials said." + rest},
		{ID: "radio", Name: "Radio", Text: "The earthquake killed at least 612 people, according to the ministry." + rest},
	}
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if strings.Contains(p.Summary, "90") {
			t.Errorf("the 1998 toll is set against this quake's: %+v", p)
		}
	}
	if sp, ok := spotAt(scanTokens("near the village of Harun, north of the city"), 1); !ok || sp.phrase != "Harun" {
		t.Errorf("“the village of Harun”: spot %+v", sp)
	}
}

// TestPreviewLeads: a preview's lead may hold a past verb in a relative
// clause or a passive future; the outcome's lead may report with an
// irregular verb.
func TestPreviewLeads(t *testing.T) {
	rest := "\n\nThe count took place at the Corn Exchange.\n\nTurnout was 38 per cent.\n\nThe party thanked its volunteers."
	docs := []Doc{
		{ID: "radio", Name: "Radio", Text: "Every ballot cast in the ward will be counted again on Thursday, in a recount that will decide control of the council." + rest},
		{ID: "wire", Name: "Wire", Text: "The Civic party kept its majority after a recount confirmed Sallis as the winner." + rest},
		{ID: "paper", Name: "Paper", Text: "Imogen Sallis has held the ward for the Civic party by 41 votes after a recount." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool { return p.Topic == "Written before or after the count" }) {
		t.Errorf("want the preview told apart, named by its event, got %+v", points)
	}
	// The brief tells the outcome, and says which account was written
	// before it, in its own words.
	preview := "Radio wrote before the count: “" + strings.SplitN(docs[0].Text, "\n", 2)[0] + "”"
	if brief := mustBrief(t, New(DefaultOptions()), docs, disputed(points)); !slices.ContainsFunc(brief, func(s Attributed) bool {
		return s.Text == preview && slices.Equal(s.Sources, []string{"radio"})
	}) {
		t.Errorf("want %q in the brief, cited to the radio, got %+v", preview, brief)
	}
	docs[0].Text = "Councillors will meet on Thursday to decide whether to pay the criminals who crippled its computers." + rest
	points = mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool { return p.Topic == "Written before or after the meeting" }) {
		t.Errorf("a relative clause's past verb does not make a preview an outcome, got %+v", points)
	}
	// An outcome told with the future of its consequence is no preview,
	// so the one real preview is still the odd one out.
	docs = append(docs, Doc{ID: "opinion", Name: "Opinion", Text: "Thursday's recount is a verdict on the Civic party that will be felt for years." + rest})
	points = mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool { return p.Topic == "Written before or after the meeting" }) {
		t.Errorf("a relative clause's future does not make an outcome a preview, got %+v", points)
	}
}

// TestAssertedBesideAnotherNegation: a sentence that negates something
// else still asserts what a denial in another source denies.
func TestAssertedBesideAnotherNegation(t *testing.T) {
	rest := "\n\nThe board met in closed session on Monday.\n\nParents packed the meeting.\n\nThe district will name an interim head next week."
	docs := []Doc{
		{ID: "watch", Name: "Watch", Text: "Caldwell was offered the chance to resign quietly last week, two board members said, and she refused." + rest},
		{ID: "sentinel", Name: "Sentinel", Text: "Caldwell was never offered the option of resigning, her attorney said." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool { return strings.Contains(p.Summary, "Sentinel denies") }) {
		t.Errorf("want the denial set against the offer, got %+v", points)
	}
}

// TestDeniedInThePassive: "the match was not abandoned" denies "The match
// was abandoned", a sentence of four words.
func TestDeniedInThePassive(t *testing.T) {
	rest := "\n\nThe barrier gave way on Saturday afternoon.\n\nSeveral fans were treated at the ground.\n\nThe club has ordered an inspection."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "A barrier collapsed at the Millbrook ground during the cup tie.\n\nThe match was abandoned." + rest},
		{ID: "club", Name: "Club", Text: "A crush barrier failed at the Millbrook ground during the cup tie.\n\nFor clarity, the match was not abandoned." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool { return strings.Contains(p.Summary, "Club denies") }) {
		t.Errorf("want the club's denial set against the wire's report, got %+v", points)
	}
}

// TestSecondDenialOfASentence: the later of two denials joined by "and"
// ("did not fail and was never switched off") answers what another
// source reports, the alarm switched off, in a reported clause.
func TestSecondDenialOfASentence(t *testing.T) {
	rest := "\n\nThieves took 35 objects from the museum overnight.\n\nPolice are appealing for witnesses."
	docs := []Doc{
		{ID: "voice", Name: "Voice", Text: "The museum was raided on Wednesday.\n\nThe Voice has learned that the building's intruder alarm had been switched off for weeks to save money." + rest},
		{ID: "gazette", Name: "Gazette", Text: "The museum was raided on Wednesday.\n\nThe council leader said the alarm \"did not fail and was never switched off\", adding that the claims were untrue." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool { return strings.Contains(p.Summary, "Gazette denies (“never switched”)") }) {
		t.Errorf("want the gazette's second denial set against the voice's report, got %+v", points)
	}
}

func TestSubjectHead(t *testing.T) {
	for _, tc := range []struct{ sentence, verb, want string }{
		{"The gates at the top of the steps were shut.", "were", "gates"},
		{"The Voice has learned that the building's intruder alarm had been switched off.", "had", "alarm"},
		{"He said the alarm \"did not fail and was never switched off\".", "was", "alarm"},
		{"Fire crews were called at 2am.", "were", "crews"},
	} {
		ts := scanTokens(tc.sentence)
		aux := slices.IndexFunc(ts, func(t token) bool { return t.low == tc.verb })
		if got := subjectHead(ts, aux); got.low != tc.want {
			t.Errorf("%q: subject %q, want %q", tc.sentence, got.low, tc.want)
		}
	}
}

func TestHowItBegan(t *testing.T) {
	for _, tc := range []struct {
		sentence, cause string
	}{
		{"According to the report, the blaze started when a tumble dryer overheated in a flat.", "a tumble dryer overheated in a flat"},
		{"The report found that the fire started with a lithium-ion battery from an e-bike.", "a lithium-ion battery from an e-bike"},
		{"The fire broke out when a heater tipped over in the kitchen.", "a heater tipped over in the kitchen"},
	} {
		c, ok := readCause(scanTokens(tc.sentence))
		if !ok || c.phrase != tc.cause {
			t.Errorf("%q: cause %+v, want %q", tc.sentence, c, tc.cause)
		}
	}
	if c, ok := readCause(scanTokens("The fire began in a fourth-floor flat.")); ok {
		t.Errorf("“began in” names where, not what: read %+v", c)
	}
}

func TestAngleOfLeads(t *testing.T) {
	for _, tc := range []struct {
		lead string
		want angle
	}{
		{"Hauliers face a bill estimated at £3m after a chemical tanker overturned on the M71.", moneyAngle},
		{"Two people were killed and four vehicles were buried early Tuesday when a hillside gave way.", peopleAngle},
		{"Bleach from a tanker that overturned on the M71 poured into Sallow Brook, killing fish.", natureAngle},
		{"The council approved the plan on Tuesday night.", noAngle},
	} {
		if got := leadAngle(scanTokens(tc.lead)); got != tc.want {
			t.Errorf("%q: angle %v, want %v", tc.lead, got, tc.want)
		}
	}
	rest := "\n\nThe motorway reopened on Wednesday.\n\nPolice are investigating.\n\nThe driver is 52."
	docs := []Doc{
		{ID: "ledger", Name: "Ledger", Text: "Hauliers face a bill estimated at £3m after a tanker overturned on the M71 near Harwick." + rest},
		{ID: "rivers", Name: "Rivers", Text: "Bleach from a tanker that overturned on the M71 poured into Sallow Brook, killing fish." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	i := slices.IndexFunc(points, func(p story.Point) bool { return p.Kind == story.KindEmphasis })
	if i < 0 {
		t.Fatalf("want the cost set against the brook, got %+v", points)
	}
	if want := "Ledger leads with what it costs"; !strings.Contains(points[i].Summary, want) {
		t.Errorf("summary %q, want it to say %q", points[i].Summary, want)
	}
}

func TestFigurePutRight(t *testing.T) {
	ts := scanTokens("Three people, not two, were taken to hospital.")
	var kept []string
	for _, f := range extractFacts(ts) {
		if !negatedFigure(ts, f.surface) {
			kept = append(kept, f.surface)
		}
	}
	if !slices.Equal(kept, []string{"Three people"}) {
		t.Errorf("kept %q, want only the figure the sentence stands by", kept)
	}
	ts = scanTokens("Strathmoor now says 143 passengers were on board, not about 90 as we reported earlier.")
	if !negatedFigure(ts, "about 90") || negatedFigure(ts, "143 passengers") {
		t.Errorf("“not about 90” is put right, 143 stood by")
	}
}

func TestRulesAreNotDenials(t *testing.T) {
	rest := "\n\nThe judge read her ruling for an hour.\n\nSupporters waited outside.\n\nAn appeal is expected." +
		"\n\nThe trial lasted six weeks.\n\nJurors heard from forty witnesses.\n\nThe defence called no experts.\n\nReporters filled the gallery." +
		"\n\nThe governor's wife sat in the front row.\n\nThe hearing ended at noon."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "Attorney General Ruth Calloway said the sentence sends a message that no office in Kessoria is above the law." + rest},
		{ID: "gazette", Name: "Gazette", Text: "Prosecutors from Attorney General Ruth Calloway's office had sought ten years." + rest},
	}
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if strings.Contains(p.Summary, "no office") {
			t.Errorf("a rule told in the present is no denial: %+v", p)
		}
	}
}

// TestDeniedVerbAndObject: "did not pay a dividend" denies "paid its
// shareholders a £64 million dividend", the object said apart and the
// verb irregular.
func TestDeniedVerbAndObject(t *testing.T) {
	rest := "\n\nThe ban starts on Friday.\n\nReservoirs are at a third of capacity.\n\nGardeners face fines for breaking it." +
		"\n\nThe company has 1.2 million customers.\n\nRain is forecast next week.\n\nLeaks lose a fifth of supply.\n\nThe regulator is watching."
	for _, tc := range []struct{ denial, other string }{
		{"Tessingford did not pay a dividend in 2025, having suspended payouts to fund new mains.",
			"Tessingford Water paid its shareholders a £64 million dividend in 2025."},
		// A thing passing: given, handed, issued, received.
		{"The managing director said Tessingford had never been given a formal warning by the regulator about leaks.",
			"Tessingford was handed a formal warning by the Environment Office last year over its leaks."},
		// No vessel, ships: one kind of thing counted.
		{"No vessels had been diverted from the Tessingford docks as of Tuesday, the harbour master said.",
			"At least 14 ships have been diverted from the Tessingford docks to rival ports, the forum said."},
	} {
		docs := []Doc{
			{ID: "ledger", Name: "Ledger", Text: tc.denial + rest},
			{ID: "rivers", Name: "Rivers", Text: tc.other + rest},
		}
		points := mustDisputes(t, New(DefaultOptions()), docs)
		if !slices.ContainsFunc(points, func(p story.Point) bool { return strings.Contains(p.Summary, "Ledger denies") }) {
			t.Errorf("want %q set against %q, got %+v", tc.denial, tc.other, points)
		}
	}
	if lemma("paid") != lemma("pay") {
		t.Errorf("paid and pay are one verb")
	}
}

// TestNoNounOfAPassive: "no members of the public had been injured"
// denies an injury: a sentence about members that says nobody was hurt or
// not is no side of it; one saying members were injured is.
func TestNoNounOfAPassive(t *testing.T) {
	rest := "\n\nThe fire broke out at the recycling plant before dawn.\n\nSmoke drifted across the town.\n\nA rest centre opened at the leisure centre." +
		"\n\nThe plant stores baled plastic.\n\nFirefighters stayed overnight.\n\nThe cause is not yet known.\n\nRoads near the estate were shut."
	denial := "The fire service said no members of the public had been injured in the blaze."
	for _, tc := range []struct {
		other string
		point bool
	}{
		{"Our members spoke to residents of the town sheltering at the leisure centre after the blaze.", false},
		{"Two members of the public were injured in the blaze, the campaign group said.", true},
	} {
		docs := []Doc{{ID: "wire", Name: "Wire", Text: denial + rest}, {ID: "group", Name: "Group", Text: tc.other + rest}}
		points := mustDisputes(t, New(DefaultOptions()), docs)
		got := slices.ContainsFunc(points, func(p story.Point) bool { return strings.Contains(p.Summary, "Wire denies") })
		if got != tc.point {
			t.Errorf("%q against %q: denial point %v, want %v (%+v)", denial, tc.other, got, tc.point, points)
		}
	}
}

func TestDateVersionsStayApart(t *testing.T) {
	p := story.Point{Topic: "When the bridge will close", Kind: story.KindTiming, Positions: []story.Position{
		{Source: "daily", Claim: "March 3"}, {Source: "wire", Claim: "March 10"}, {Source: "radio", Claim: "3 March"},
	}}
	if vs := versionsOf(p); len(vs) != 2 {
		t.Errorf("March 3 and March 10 are two versions (3 March one with March 3), got %d: %+v", len(vs), vs)
	}
}

func TestStatesFigureInOtherWords(t *testing.T) {
	for _, tc := range []struct {
		text, claim string
		want        bool
	}{
		{"Lessons for the school's 1,150 students will begin online.", "1,150 pupils", true},
		{"Repairs will cost an estimated £4.2m, engineers said.", "£4.2 m", true},
		{"Repairs will cost an estimated £7m, engineers said.", "£4.2 m", false},
		{"Two workers were hurt.", "two people", false},                                  // too small to tell by value alone
		{"The agency was told more than four hours after the call.", "six hours", false}, // a bound agrees, but says no six hours
		{"The discharge went on for about six hours.", "six hours", true},
		{"Its epicentre was about 40 km west of the city.", "40,000 people", false}, // a length is no head count
		{"The bridge is set to close in March for repairs.", "March 3", false},      // a month tells no day
		{"The bridge will close on Monday, March 3.", "March 3", true},
		{"The ferry struck rocks at 7.05am.", "6.50am", false},
		{"About 40,000 people have been forced from their homes.", "40,000 people", true},
	} {
		if got := statesFigure(tc.text, tc.claim); got != tc.want {
			t.Errorf("%q states %q: %v, want %v", tc.text, tc.claim, got, tc.want)
		}
	}
}

func TestNegatedDoerAndInvertedNor(t *testing.T) {
	if acts := readActs(0, scanTokens("It was not Corvane that discovered the breach."), map[string]bool{"corvane": true}); len(acts) != 0 {
		t.Errorf("“it was not Corvane that discovered” names who did not: %+v", acts)
	}
	if got := deniedWord(scanTokens("Nor will the bank's outgoing chief executive be rewarded."), 0); got != "rewarded" {
		t.Errorf("after “nor” the verb is denied, got %q", got)
	}
}

func TestPreviewEventNamedByObject(t *testing.T) {
	for _, tc := range []struct{ lead, event string }{
		{"Finance Minister Helena Vass will deliver her first budget on Tuesday afternoon.", "budget"},
		{"The council will vote on Tuesday evening on the budget.", "vote"},
		{"Leaders will engage in a phone call on Tuesday.", "phone call"},
	} {
		ts := scanTokens(tc.lead)
		v := slices.IndexFunc(ts, func(t token) bool { return t.low == "will" }) + 1
		if got := eventAfter(ts, v); got != tc.event {
			t.Errorf("%q: event %q, want %q", tc.lead, got, tc.event)
		}
	}
	if topicFillers["cent"] != true {
		t.Errorf("“per cent” names nothing a topic could be about")
	}
}

// TestLiveBlogPastMidnight: a blog whose last update comes after midnight
// still runs forward, so its correction supersedes its earlier figure.
func TestLiveBlogPastMidnight(t *testing.T) {
	blog := "**07:58** Two people have been taken to hospital, the ambulance service tells us.\n\n" +
		"**09:45** CORRECTION: The ambulance service has revised its figure. Three people, not two, were taken to hospital.\n\n" +
		"**18:20** Crews have started moving the remaining liquid into a second tanker.\n\n" +
		"**22:10** Residents have been told they can go home.\n\n" +
		"**03:55** The motorway has reopened in both directions."
	rest := "\n\nThe tanker overturned on the southbound carriageway.\n\nPolice appealed for witnesses.\n\nThe road reopened on Wednesday."
	docs := []Doc{
		{ID: "blog", Name: "Blog", Text: blog},
		{ID: "wire", Name: "Wire", Text: "Three people were taken to hospital, the fire service said." + rest},
		{ID: "radio", Name: "Radio", Text: "Three people were taken to hospital after the crash." + rest},
	}
	e := New(DefaultOptions())
	points := mustDisputes(t, e, docs)
	for _, p := range points {
		if strings.Contains(p.Summary, "Two people") {
			t.Errorf("the blog's superseded figure is set against the others: %+v", p)
		}
	}
	brief, err := e.Brief(docs, points)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range brief {
		if strings.Contains(s.Text, "Two people have been taken") {
			t.Errorf("the brief tells the figure the blog put right: %q", s.Text)
		}
	}
}

func TestVersionSentencesNameWhoSaysIt(t *testing.T) {
	if !bearsOut("Together the three parties have 109 seats in the 201-seat chamber.", "together the three parties have 109 seats") {
		t.Errorf("a quote holding the clause bears it out")
	}
	if bearsOut("The coalition controls 109 of the Assembly's seats, officials said.", "together the three parties have 109 seats") {
		t.Errorf("a quote in other words does not bear out the clause")
	}
	clause, _ := versionClause(New(DefaultOptions()).tags(), "Kelvara First's leader, Bruno Stask, whose National Renewal won 59 seats, called the deal illegitimate.", "59 seats")
	if strings.HasPrefix(clause, "whose") {
		t.Errorf("clause %q opens on a relative word", clause)
	}
	if acts := readActs(0, scanTokens("Kelvara swung left after three parties signed a coalition agreement."), nil); len(acts) != 0 {
		t.Errorf("“three parties” names no doer: %+v", acts)
	}
}

func TestVersionClauseIsAClause(t *testing.T) {
	tg := New(DefaultOptions()).tags()
	for _, tc := range []struct{ quote, claim string }{
		{"Talvoria sits on an active fault system, and Serran province was hit by a magnitude-6.1 quake in 1998.", "6.1 quake"},
		{"\"Twenty million dollars is a start, and we thank Marravia for it,\" said Orhan.", "Twenty million dollars"},
		{"Halvard will also pay a £2.5 million contribution towards a new primary school and road improvements on Kiln Lane.", "£2.5 million"},
		{"After four hours of debate, councillors waved through a scheme of 420 homes — bigger than anything residents were shown.", "420 homes"},
		{"The syndicate has said it will give a fifth of its winnings to repair the village hall.", "a fifth"},
		{"Most analysts broadly praised what one called a swift, textbook response.", "swift"},
		{"Police said the other 18 of the 19 casualties were described as having less serious injuries.", "19 casualties"},
		{"Headteacher Claire Bamford said the 210 pupils had been told to stay at home and that she hoped to reopen on Wednesday.", "Wednesday"},
		{"More than 700 people were forced out of their homes as fire swept through the hall.", "700 people"},
		{"Some 120,000 people have been forced from their homes by the earthquake.", "120,000 people"},
		{"The draconian 12-point penalty handed down by the Northern Counties League on Monday punishes the wrong people.", "draconian"},
		{"The blast tore through a coal face 1,100 metres below ground.", "1,100 metres"},
		{"The 6-3 vote came shortly after 10pm.", "6-3"},
		{"It takes effect on 1 July, the ministry said.", "1 July"},
		{"One porter with 12 years' service said: \"We were told nothing.\"", "12 years"},
		{"Site manager Tobias Wren told staff at a meeting at 9am that the depot would shut.", "Tobias Wren"},
		{"The yard has been leased to Corlan since 2019. The lease covers 40 berths.", "40 berths"},
	} {
		clause, _ := versionClause(tg, tc.quote, tc.claim)
		if clause == "" {
			continue // the sentence is told as written instead
		}
		if strings.HasPrefix(clause, "to ") || strings.HasPrefix(clause, "it ") || strings.HasSuffix(clause, " forced") ||
			strings.HasSuffix(clause, "metres") || strings.HasSuffix(clause, " shortly") {
			t.Errorf("%q: clause %q stops short or names nothing", tc.quote, clause)
		}
		if strings.HasPrefix(clause, "2019") || strings.HasSuffix(clause, " staff") {
			t.Errorf("%q: clause %q spans a sentence's end or stops at what was said", tc.quote, clause)
		}
		if strings.HasPrefix(clause, "and ") || strings.ContainsAny(clause, "\"“”—") ||
			slices.ContainsFunc([]string{" towards", " fifth", " swift", " described", " down", " said"}, func(end string) bool { return strings.HasSuffix(clause, end) }) {
			t.Errorf("%q: clause %q", tc.quote, clause)
		}
	}
}

func TestLoadedWordsOfAThingMoving(t *testing.T) {
	if got := loaded(scanTokens("The blast ripped through a coal face 800 metres below the surface.")); len(got) != 0 {
		t.Errorf("a blast ripping through rock is no loaded wording: %v", got)
	}
	if got := loaded(scanTokens("Campaigners ripped the council's plan as a cash grab.")); len(got) == 0 {
		t.Errorf("“ripped the plan” is loaded wording")
	}
	if findPhrase(scanTokens("Engineers measured the breach at 55 metres."), favourablePhrases) != "" {
		t.Errorf("a measurement is no evaluation")
	}
	if findPhrase(scanTokens("The premier praised the rescue crews."), favourablePhrases) != "" {
		t.Errorf("“praised” is someone else's judgement, not the outlet's framing")
	}
}

func TestNoDoerWithoutBy(t *testing.T) {
	for _, text := range []string{
		"His former restaurant, which closed in 2023, was given a rating of two in 2022.",
		"The alarm was raised by an angler, who alerted the agency shortly after dawn.",
	} {
		for _, a := range readActs(0, scanTokens(text), nil) {
			if a.verb == lemma("given") || strings.Contains(a.phrase, "alarm was raised") {
				t.Errorf("%q: act %+v", text, a)
			}
		}
	}
	if foldStem(lemma("founded")) == foldStem(lemma("discovered")) {
		t.Errorf("founding is not finding")
	}
}

func TestLargeCountsOfTheSameSize(t *testing.T) {
	count := func(text string) fact {
		for _, f := range extractFacts(scanTokens(text)) {
			if strings.HasPrefix(f.key, "count:") {
				return f
			}
		}
		t.Fatalf("%q: no count", text)
		return fact{}
	}
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"data on 4.7 million customers", "details of 3.2 million customers", true},
		{"some 11 million customers in all", "details of 3.2 million customers", false},
		{"seven people were hurt", "eleven people were hurt", false}, // too small to tell by size
	} {
		if got := sameSize(count(tc.a), count(tc.b)); got != tc.same {
			t.Errorf("%q against %q: same size %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

func TestFramingLexiconOfPoliticalWords(t *testing.T) {
	for _, tc := range []struct {
		text     string
		critical bool
	}{
		{"The harshest asylum crackdown in the country's history passed.", true},
		{"Critics called the levy a tax raid on the middle class.", true},
		{"The union is holding the country to ransom.", true},
		{"Supporters hailed the deal as a lifeline for savers.", false},
		{"The ruling was a breakthrough for workers.", false},
		{"Tenants called the sentence a slap on the wrist.", true},
		{"The trust's response is too little, too late.", true},
		{"The judge handed down a stiff sentence that sends a clear message.", false},
		{"Dockers branded the smash a disaster waiting to happen.", true},
		{"This was an act of cultural vandalism.", true},
		{"What appears to have been a freak accident has prompted a review.", false},
		{"In many ways this is science correcting itself.", false},
		// Hyphenated phrases, which the tokenizer reads as their parts.
		{"The consultation was a box-ticking exercise from start to finish.", true},
		{"Campaigners said the plan was ill-conceived.", true},
		{"The lifeboat crews mounted a well-coordinated operation.", false},
		{"The minister's response was measured and calm.", false},
		{"Critics called the review a charade designed to bury bad news.", true},
		{"The scheme is a much-needed shot in the arm for the high street.", false},
	} {
		crit := findPhrase(scanTokens(tc.text), criticalPhrases) != ""
		fav := findPhrase(scanTokens(tc.text), favourablePhrases) != ""
		if crit != tc.critical || fav == tc.critical {
			t.Errorf("%q: critical %v, favourable %v", tc.text, crit, fav)
		}
	}
}

// TestToldVersionTouchesAnotherPoint: a source's sentence told for one
// point (its wording) that states a version of another (its date) has that
// other point told too, or the brief would date the change one side's way.
func TestToldVersionTouchesAnotherPoint(t *testing.T) {
	raid := "In a tax raid, the minister lifted the top rate to 47 per cent."
	share := "\"The wealthiest will pay their fair share from 1 April,\" the minister said."
	july := "The new rate takes effect on 1 July, the ministry said."
	points := []story.Point{
		{Topic: "How the rise is described", Kind: story.KindFraming, Positions: []story.Position{
			{Source: "courier", Claim: "tax raid", Quote: raid}, {Source: "standard", Claim: "fair share", Quote: share},
		}},
		{Topic: "When it takes effect", Kind: story.KindTiming, Positions: []story.Position{
			{Source: "wire", Claim: "1 July", Quote: july}, {Source: "standard", Claim: "1 April", Quote: share},
		}},
	}
	docs := []Doc{{ID: "courier", Name: "Courier"}, {ID: "standard", Name: "Standard"}, {ID: "wire", Name: "Wire"}}
	e := New(DefaultOptions())
	out := e.settle([]Attributed{{Text: raid, Sources: []string{"courier"}}}, nil, nil, points, docs, nil)
	var text []string
	for _, s := range out {
		text = append(text, s.Text)
	}
	all := strings.Join(text, " ")
	if !strings.Contains(all, "1 April") || !strings.Contains(all, "1 July") {
		t.Errorf("the brief tells one date of the change: %q", text)
	}
	if strings.Count(all, "1 April") != 1 {
		t.Errorf("the version the brief already states is told again: %q", text)
	}
}

func TestDescribedTopicNamesTheHead(t *testing.T) {
	for _, tc := range []struct {
		fav  []string
		want string
	}{
		{[]string{"responsible and swift decision"}, "How the decision is described"},
		{[]string{"long-overdue boost"}, "How the boost is described"},
		{[]string{"ruthless job cuts"}, "How the cuts are described"},
		// No noun closes the phrase: the story's shared noun heads it.
		{[]string{"chaotic and painfully slow"}, "How the cleanup is described"},
		{[]string{"swift and well-coordinated"}, "How the cleanup is described"},
		{[]string{"orderly and responsible way"}, "How the cleanup is described"},
	} {
		a, err := New(DefaultOptions()).analyze([]Doc{
			{ID: "a", Name: "A", Text: "The cleanup began on Monday."},
			{ID: "b", Name: "B", Text: "The cleanup was finished by Friday."},
		})
		if err != nil {
			t.Fatal(err)
		}
		f := &finder{e: New(DefaultOptions()), a: a}
		f.tags = &tagCache{t: f.e.tags()}
		if got := f.describedTopic(camp{claims: tc.fav, members: []int{0}}, camp{claims: []string{"shambles"}, members: []int{1}}); got != tc.want {
			t.Errorf("%q: topic %q, want %q", tc.fav, got, tc.want)
		}
	}
}

func TestEventNouns(t *testing.T) {
	for w, want := range map[string]bool{
		"explosion": true, "closure": true, "shutdown": true, "attack": true, "vote": true,
		"male": false, "tier": false, "patients": false, "agency": false, "government": false, "morning": false,
	} {
		if got := eventNoun(w); got != want {
			t.Errorf("eventNoun(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestSwitchAsDemand(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		demand   bool
	}{
		{"Putin stipulated that a truce would only be viable if foreign military aid and intelligence sharing were terminated.", true},
		{"Moscow demands that aid to the allies be halted.", true},
		{"Trump briefly halted military intelligence-sharing and aid.", false},
		{"After the call, the government restored its intelligence-sharing.", false},
	} {
		sw := readSwitches(0, scanTokens(tc.sentence))
		if len(sw) != 1 || sw[0].demand != tc.demand {
			t.Errorf("%q: switches %+v, want one with demand %v", tc.sentence, sw, tc.demand)
		}
	}
}

func TestDemandItemsAssertNothing(t *testing.T) {
	for text, want := range map[string]bool{
		"- publish all air quality readings taken since Wednesday, in full;": true,
		"• close the site until the inquiry reports":                         true,
		"- The council published the readings on Friday.":                    false,
		"The council published the readings on Friday.":                      false,
	} {
		if got := demandItem(text); got != want {
			t.Errorf("demandItem(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestTrendsAreBackground(t *testing.T) {
	for text, want := range map[string]bool{
		"Demand for new boats had fallen for two years in a row.":            true,
		"The number of pupils has dropped for five years in a row.":          true,
		"The members have been playing together for 11 years.":               false,
		"The line will be closed for two years while the bridge is rebuilt.": false,
	} {
		ts := scanTokens(text)
		got := false
		for _, f := range extractFacts(ts) {
			got = got || ongoingSpan(ts, f)
		}
		if got != want {
			t.Errorf("%q: a trend %v, want %v", text, got, want)
		}
	}
}

// TestPublishedWeeksApartIsOffTopic: an article published a month before
// the others reports another event, however close its words.
func TestPublishedWeeksApartIsOffTopic(t *testing.T) {
	fire := "Fire crews fought a blaze at the Brennock plastics plant overnight, and 40 homes were evacuated.\n\n" +
		"Smoke from the Brennock fire drifted across the town, and residents were told to keep windows shut.\n\n" +
		"The fire service said the cause of the blaze at the plant was not yet known."
	docs := []Doc{
		{ID: "post", Name: "Post", Text: fire, Published: "2026-03-12T17:00:00Z"},
		{ID: "wire", Name: "Wire", Text: fire, Published: "2026-03-12T10:20:00Z"},
		{ID: "trade", Name: "Trade", Text: fire, Published: "2026-03-13"},
		// As close in words as can be: only its date tells it apart.
		{ID: "radio", Name: "Radio", Text: fire, Published: "2026-02-10T07:00:00Z"},
	}
	f, err := New(DefaultOptions()).Disputes(docs)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.SetAside) != 1 || f.SetAside[0].ID != "radio" || f.SetAside[0].Reason != reasonDate {
		t.Errorf("set aside %+v, want radio for its date", f.SetAside)
	}
	docs[3].Published = "2026-03-12T08:00:00Z"
	if f, _ := New(DefaultOptions()).Disputes(docs); slices.ContainsFunc(f.SetAside, func(a Aside) bool { return a.Reason == reasonDate }) {
		t.Errorf("an article of the same day set aside for its date: %+v", f.SetAside)
	}
}

// TestFiguresOfDifferentThingsBothToldAreNoDispute: two papers that each
// give the charge and the revenue do not dispute either, however their
// sentences pair up.
func TestFiguresOfDifferentThingsBothToldAreNoDispute(t *testing.T) {
	rest := "\n\nThe plant in Kelsworth will close by December.\n\nThe union said it would fight the closure.\n\nShares fell in early trading."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "Vessant reported a charge of £55 million on Tuesday as its revenue slipped.\n\nAnnual sales came to £1.42 billion in all." + rest},
		{ID: "paper", Name: "Paper", Text: "Vessant reported revenue of £1.42 billion on Tuesday as its charge rose.\n\nThe restructuring bill came to £55m in all." + rest},
	}
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if strings.Contains(p.Summary, "£55") && strings.Contains(p.Summary, "£1.42") {
			t.Errorf("the charge set against the revenue: %+v", p)
		}
	}
	x, y := name{parts: []string{"britain"}}, name{parts: []string{"uk"}}
	if !x.sameEntity(y) {
		t.Errorf("Britain and the UK are one country")
	}
}

func TestStoryYearIsADatesYear(t *testing.T) {
	for text, want := range map[string]bool{
		"The council met on 10 August 2026.":                           true,
		"It was announced in March 2026.":                              true,
		"It is the worst since the Greywater fire of 2019.":            false,
		"The party has held the governor's office since 2015 and won.": false,
	} {
		ts := scanTokens(text)
		got := false
		for k, tok := range ts {
			if isYear(tok) {
				got = datesTheDay(ts, k)
			}
		}
		if got != want {
			t.Errorf("%q: dates the day %v, want %v", text, got, want)
		}
	}
}

func TestScatteredWeekdays(t *testing.T) {
	a := &analysis{cands: []*sentence{{doc: 0}, {doc: 1}, {doc: 2}, {doc: 2}}}
	one := func(ms ...int) camp { return camp{members: ms} }
	if !scattered([]camp{one(0), one(1), one(2)}, a) {
		t.Error("three weekdays from three outlets, one each, are scattered")
	}
	if scattered([]camp{one(0), one(1)}, a) {
		t.Error("two camps are a dispute")
	}
	a.cands[3].doc = 1
	if scattered([]camp{one(0, 3), one(1), one(2)}, a) {
		t.Error("a camp of two outlets is a side")
	}
}

func TestPartitiveCounts(t *testing.T) {
	for text, want := range map[string]bool{
		"Two of the fishermen were treated for hypothermia.":              true,
		"Coastguards said the five fishermen were all brought to safety.": false,
	} {
		ts := scanTokens(text)
		fs := extractFacts(ts)
		if len(fs) == 0 || (scopeOf(ts, fs[0]) == partCount) != want {
			t.Errorf("%q: facts %+v, want partitive %v", text, fs, want)
		}
	}
}

// TestCountBeforeADeterminer: a number followed by an article counts no
// noun ("not the 1,150 the company announced" counts no companies).
func TestCountBeforeADeterminer(t *testing.T) {
	for text, want := range map[string]string{
		"About 820 positions will go, not the 640 the group announced.": "count:position",
		"The 640 jobs the group announced are only the start.":          "count:job",
	} {
		var keys []string
		for _, ft := range extractFacts(scanTokens(text)) {
			keys = append(keys, ft.key)
		}
		if len(keys) != 1 || keys[0] != "count:"+countClass(stem(strings.TrimPrefix(want, "count:"))) {
			t.Errorf("%q: kinds %v, want only %s", text, keys, want)
		}
	}
}

func TestYearClauseDatesItsFigures(t *testing.T) {
	for text, want := range map[string]float64{
		"The last serious accident was in 2009, when an earlier ferry struck rocks, injuring three people.": 2009,
		"Corrin was fined over a 2022 chlorine leak at its works, in which 14 people needed treatment.":     2022,
		"Three people were hurt on Tuesday, the coastguard said.":                                           0,
	} {
		ts := scanTokens(text)
		var got float64
		for _, f := range extractFacts(ts) {
			if strings.HasPrefix(f.key, "count:") {
				got = yearNear(ts, f.surface)
			}
		}
		if got != want {
			t.Errorf("%q: year %v, want %v", text, got, want)
		}
	}
}

// TestInfinitiveAssertsNothing: a demand "to be paid" is no payment a
// refusal to pay could deny.
func TestInfinitiveAssertsNothing(t *testing.T) {
	rest := "\n\nHackers took the hospital's systems offline on Saturday.\n\nStaff have used paper records since.\n\nPolice are investigating the attack."
	docs := []Doc{
		{ID: "post", Name: "Post", Text: "The gang made a ransom demand of about £750,000, to be paid in cryptocurrency, before it released the files." + rest},
		{ID: "wire", Name: "Wire", Text: "The trust has said it will not pay a ransom to the gang that released the files." + rest},
	}
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if strings.Contains(p.Summary, "not pay") {
			t.Errorf("a demand to be paid read as a payment: %+v", p)
		}
	}
}

func TestLiteralDamageIsNoJudgement(t *testing.T) {
	for text, want := range map[string]string{
		"Detectives are treating a massive blaze that gutted the depot as deliberate.": "",
		"The cuts gutted the library service.":                                         "gutted",
	} {
		if got := findPhrase(scanTokens(text), criticalPhrases); got != want {
			t.Errorf("%q: critical phrase %q, want %q", text, got, want)
		}
	}
}

func TestLoadedPhraseStopsAtItsVerb(t *testing.T) {
	if got := findPhrase(scanTokens("The cleanup has been sluggish and half-hearted."), criticalPhrases); got != "sluggish and half-hearted" {
		t.Errorf("a compound cut: %q", got)
	}
	got := findPhrase(scanTokens("Its swift response meant emergency care was never interrupted."), favourablePhrases)
	if got != "swift response" {
		t.Errorf("phrase %q, want %q", got, "swift response")
	}
}

func TestOutOfContextSentences(t *testing.T) {
	for text, want := range map[string]bool{
		"She said savings from the closure would reach about £30 million a year.": true,
		"It employs about 6,800 people worldwide.":                                true,
		"\"Half the turnstiles weren't working.":                                  true,
		"The company said 640 jobs would go.":                                     false,
		"\"It was chaos,\" said one fan.":                                         false,
		"Both are in a stable condition, according to the port authority.":        true,
		"Instead its 42 residents have been given 28 days to move.":               true,
		"Both of the tram's two carriages left the rails.":                        false,
		"Both drivers were unhurt.":                                               false,
	} {
		if got := outOfContext(&sentence{text: text, tokens: scanTokens(text)}); got != want {
			t.Errorf("%q: out of context %v, want %v", text, got, want)
		}
	}
}

func TestCompanyDescriptionsAreOneDoer(t *testing.T) {
	x := readActs(0, scanTokens("The Dunmere-based company reported a pre-tax loss of £38 million."), map[string]bool{"dunmere": true})
	y := readActs(0, scanTokens("The FTSE 250 group reported a pre-tax loss of £38m."), map[string]bool{"ftse": true})
	if len(x) != 1 || len(y) != 1 || x[0].phrase != "the Dunmere-based company" && x[0].phrase != "the Dunmere based company" {
		t.Fatalf("acts %+v %+v", x, y)
	}
	if !orgDescription(x[0]) || !orgDescription(y[0]) {
		t.Errorf("two descriptions of a company: %+v %+v", x[0], y[0])
	}
}

func TestWorkforceCounts(t *testing.T) {
	for text, want := range map[string]bool{
		"The trust employs about 8,500 staff across its two hospitals.": true,
		"Details of about 3,200 staff were also stolen.":                false,
	} {
		ts := scanTokens(text)
		fs := extractFacts(ts)
		if len(fs) == 0 || (scopeOf(ts, fs[0]) == workforceCount) != want {
			t.Errorf("%q: facts %+v, want workforce %v", text, fs, want)
		}
	}
}

// TestNoPointLeftOneSided: a sentence that gave one version of a point
// can leave the brief after the point was settled (here a source's
// sentence stating the rival weekday, which is reported speech); the
// versions still stated are then told beside their rivals, so that the
// brief never gives one side of a point alone.
func TestNoPointLeftOneSided(t *testing.T) {
	began := "The strike began on Monday, when about 2,600 dock workers walked out, the port said."
	second := "The strike entered its second day on Tuesday."
	weal := "Roache is one of 3,100 workers who walked out in a three-day strike."
	gazette := "The walkout by about 2,600 dock workers began on 2 March and is scheduled to last 72 hours."
	points := []story.Point{
		{Topic: "Day the strike began", Kind: story.KindFactual, Positions: []story.Position{
			{Source: "wire", Claim: "Tuesday", Quote: second}, {Source: "gazette", Claim: "Monday", Quote: gazette},
		}},
		{Topic: "Number of dock workers", Kind: story.KindFactual, Positions: []story.Position{
			{Source: "gazette", Claim: "2,600 dock workers", Quote: gazette}, {Source: "weal", Claim: "3,100 workers", Quote: weal},
		}},
	}
	docs := []Doc{{ID: "gazette", Name: "Gazette"}, {ID: "weal", Name: "Weal"}, {ID: "wire", Name: "Wire"}}
	e := New(DefaultOptions())
	brief := []Attributed{{Text: second, Sources: []string{"wire"}}, {Text: began, Sources: []string{"wire"}}, {Text: weal, Sources: []string{"weal"}}}
	out := e.settle(brief, nil, nil, points, docs, nil)
	var text []string
	for _, s := range out {
		text = append(text, s.Text)
	}
	all := strings.Join(text, " ")
	if strings.Contains(all, "3,100") != strings.Contains(all, "2,600") {
		t.Errorf("the brief gives one count of the strikers: %q", text)
	}
}

// TestWhatASpanMeasures: a duration may count how often or how much
// rather than how long, be an offset before something, or be a person's
// tenure; only a span of the story's own is compared as such.
func TestWhatASpanMeasures(t *testing.T) {
	for _, tc := range []struct {
		text    string
		notSpan bool
		kind    spanKind
	}{
		{"It was the third time in just over ten years that the river flooded.", true, spanOfEvent},
		{"The storm dropped two months' worth of rain in a day and a half.", true, spanOfEvent},
		{"The valve had been flagged nine months before the leak.", false, spanOffset},
		{"The crush happened forty minutes before kick-off.", false, spanOffset},
		{"The first crew arrived 25 minutes after the call.", false, spanOfEvent},
		{"Gary Pendle, who has lived on Ropewalk Close for 22 years, was woken by sirens.", false, spanTenure},
		{"One driver, who has worked at the plant for 19 years, heard on the radio.", false, spanTenure},
		{"The members have been playing together for 11 years.", false, spanOfEvent},
		{"The offence carries a maximum sentence of ten years.", false, spanLimit},
		{"\"I have delivered babies at the ward for twenty-six years,\" said a retired midwife.", false, spanTenure},
		{"The line will be closed for two years while the bridge is rebuilt.", false, spanOfEvent},
	} {
		ts := scanTokens(tc.text)
		var durations []fact
		for _, f := range extractFacts(ts) {
			if f.key == "duration" {
				durations = append(durations, f)
			}
		}
		if len(durations) == 0 {
			t.Errorf("%q: no duration read", tc.text)
			continue
		}
		f := durations[0]
		if got := notASpan(ts, f); got != tc.notSpan {
			t.Errorf("%q: notASpan(%q) = %v, want %v", tc.text, f.surface, got, tc.notSpan)
		}
		if got := spanOf(ts, f); !tc.notSpan && got != tc.kind {
			t.Errorf("%q: spanOf(%q) = %v, want %v", tc.text, f.surface, got, tc.kind)
		}
	}
}

// TestPlaceOfAPhrasalVerb: in "handed over at Zahira International
// Airport" the place is attached to the verb, not to its particle, so
// that two places of one handover meet as places of the same act.
func TestPlaceOfAPhrasalVerb(t *testing.T) {
	for text, want := range map[string]string{
		"The six were handed over at Zahira International Airport on Thursday.": "hand",
		"The prisoners were handed over at the Tarvik border crossing.":         "hand",
		"Families gathered at Zahira International Airport.":                    "gather",
	} {
		head := "(no place)"
		for _, nm := range extractNames(scanTokens(text), func(string) bool { return false }) {
			if nm.place {
				head = nm.head
			}
		}
		if head != want {
			t.Errorf("%q: place attached to %q, want %q", text, head, want)
		}
	}
}

// TestAnotherKindIsNoSupport: a close sentence that gives a thing of the
// cited sentence's another modifier does not report it, so is not cited
// for it.
func TestAnotherKindIsNoSupport(t *testing.T) {
	for _, tc := range []struct {
		x, y string
		want bool
	}{
		{"Under the agreement, Mato Ferenc will become finance minister and deputy prime minister.",
			"Ferenc will become deputy prime minister and foreign minister.", true},
		{"The crush happened in the east stand before kick-off.", "The crush happened in the north stand before kick-off.", true},
		{"The crush happened in the east stand before kick-off.", "Fans were crushed in the east stand before kick-off.", false},
		{"Mato Ferenc will become finance minister.", "Ferenc is to be the new finance minister.", false},
	} {
		if got := otherKind(scanTokens(tc.x), scanTokens(tc.y)); got != tc.want {
			t.Errorf("%q against %q: another kind %v, want %v", tc.x, tc.y, got, tc.want)
		}
	}
}

// TestPreviewSentenceCitesThePreview: a preview's sentence about what
// will happen is cited to the preview alone, not to a report of the
// outcome that reads alike.
func TestPreviewSentenceCitesThePreview(t *testing.T) {
	preview := "Councillors will meet on Thursday to decide whether the bridge can reopen."
	points := []story.Point{{Topic: previewTopic + "meeting", Kind: story.KindTiming, Positions: []story.Position{
		{Source: "radio", Claim: "will meet", Quote: preview},
		{Source: "daily", Claim: "voted", Quote: "Councillors voted on Thursday to keep the bridge closed."},
	}}}
	docs := []Doc{{ID: "radio", Name: "Radio"}, {ID: "daily", Name: "Daily"}}
	out := New(DefaultOptions()).settle([]Attributed{{Text: preview, Sources: []string{"radio", "daily"}}}, nil, nil, points, docs, nil)
	for _, s := range out {
		if s.Text == preview && !slices.Equal(s.Sources, []string{"radio"}) {
			t.Errorf("the preview's sentence is cited to %v", s.Sources)
		}
	}
}

// TestDenialToldAsAnothersWord: a source that reports a denial but says
// elsewhere that the thing happened is not cited for the denial.
func TestDenialToldAsAnothersWord(t *testing.T) {
	denial := "The practice said it had not paid the ransom and would not pay."
	rest := "\n\nHackers stole patient records from the surgery on Monday.\n\nThe practice has 13,000 registered patients.\n\nPolice are investigating the attack."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: denial + rest},
		{ID: "review", Name: "Review", Text: "The practice said it had not paid the ransom and would not pay any." + rest},
		{ID: "sound", Name: "Sound", Text: "The practice said it had not paid the ransom and would not pay.\n\nA smaller sum was paid last week, a source says." + rest},
	}
	out := mustBrief(t, New(DefaultOptions()), docs, nil)
	for _, s := range out {
		if strings.Contains(s.Text, "had not paid") && slices.Contains(s.Sources, "sound") && s.Sources[0] != "sound" {
			t.Errorf("%q cites sound, which says a sum was paid: %v", s.Text, s.Sources)
		}
	}
}

// TestHourToComeIsNoVersion: the hour of a meeting still to come is not a
// version of the hour something happened.
func TestHourToComeIsNoVersion(t *testing.T) {
	rest := "\n\nA fire tore through a plastics recycling plant in Kelsby.\n\nAbout 400 people were evacuated.\n\nSmoke drifted across the valley.\n\nThe cause is not yet known."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "The fire service said crews were called to the plant at 3.40am." + rest},
		{ID: "group", Name: "Group", Text: "We will be holding a public meeting about the plant next Monday at 7.30pm." + rest},
		{ID: "daily", Name: "Daily", Text: "Crews were called to the plant at about 4.15am, the fire service said." + rest},
	}
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if slices.ContainsFunc(p.Positions, func(q story.Position) bool { return q.Source == "group" && strings.Contains(q.Claim, "7.30") }) {
			t.Errorf("the meeting's hour is set against the call's: %+v", p)
		}
	}
	if !aheadOf(scanTokens("We will be holding a public meeting next Monday at 7.30pm.")) || aheadOf(scanTokens("Crews were called at 3.40am.")) {
		t.Errorf("aheadOf misreads the tense")
	}
}

// TestWhoStartedIt: "a petition, started by pharmacist Moira Tulloch and
// now signed by …" names who began a thing (a cause verb of no event),
// and two named doers are two versions though each article mentions the
// other.
func TestWhoStartedIt(t *testing.T) {
	ts := scanTokens("A petition, started by pharmacist Moira Tulloch and now signed by more than 1,200 people, will be handed over.")
	acts := readActs(0, ts, map[string]bool{"moira": true, "tulloch": true})
	if len(acts) == 0 || acts[0].phrase != "pharmacist Moira Tulloch" {
		t.Fatalf("acts %+v", acts)
	}
	if causesEvent(ts, 3) || !causesEvent(scanTokens("The blaze was started by a discarded cigarette."), 3) {
		t.Errorf("a petition is no event; a blaze is")
	}
	rest := "\n\nThe bank closed its last branch in the town on Friday.\n\nProtesters gathered on Market Square.\n\nThe nearest branch is 14 miles away."
	docs := []Doc{
		{ID: "paper", Name: "Paper", Text: "A petition, started by pharmacist Moira Tulloch and now signed by more than 1,200 people, will be handed to staff." + rest + "\n\nKelderby Town Council will meet on Monday."},
		{ID: "radio", Name: "Radio", Text: "A petition launched by Kelderby Town Council gathered over twelve hundred signatures." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return strings.HasPrefix(p.Topic, "Who") && strings.Contains(p.Summary, "Moira Tulloch")
	}) {
		t.Errorf("want the pharmacist and the council as two doers, got %+v", points)
	}
}

// TestOrderedToClose: "ordered the academy to close" and "the closure was
// ordered by" are one act on one thing.
func TestOrderedToClose(t *testing.T) {
	rest := "\n\nEngineers found weakened concrete in the roof.\n\nLessons moved online on Monday.\n\nParents were told by letter.\n\nThe academy has about 900 pupils."
	docs := []Doc{
		{ID: "echo", Name: "Echo", Text: "Pellingford Borough Council ordered the academy to close after engineers inspected the roofs." + rest},
		{ID: "fm", Name: "FM", Text: "The closure was ordered by the Larkspur Learning Trust, which runs the academy." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return strings.HasPrefix(p.Topic, "Who") && strings.Contains(p.Summary, "Larkspur")
	}) {
		t.Errorf("want the council and the trust as two who ordered the closure, got %+v", points)
	}
	if !slices.ContainsFunc(points, func(p story.Point) bool { return p.Topic == "Who ordered the academy to close" }) {
		t.Errorf("want the heading to say what was ordered, got %+v", points)
	}
}

func TestHeadCountStatesAndBounds(t *testing.T) {
	for _, tc := range []struct{ sentence, surface, want string }{
		{"An outbreak that has left 64 people ill was traced to one stall.", "64 people", "ill"},
		{"Fourteen victims, including several young children, have been rushed to hospital.", "Fourteen victims", "injured"},
		{"More than 30 people were hurt when the ferry struck the trawler.", "30 people", "injured"},
		{"Six hikers spent the night on the hill.", "Six hikers", ""},
		{"More than 90 locals have been struck down by a stomach bug.", "90 locals", "ill"},
		{"Firefighters rescued 63 residents from the building.", "63 residents", "rescued"},
		{"The fire, which killed six people, started in a hallway.", "six people", "dead"},
		{"Six residents of the block lost their lives in the fire.", "Six residents", "dead"},
		{"Crews brought more than 90 residents out alive.", "90 residents", "rescued"},
		{"Police interviewed 40 residents.", "40 residents", ""},
		{"About 40,000 people have been forced from their homes.", "40,000 people", "evacuated"},
		{"Hackers stole the records of 11,000 people, many of them elderly or ill.", "11,000 people", ""},
		{"We are told that five people are in a serious condition in hospital.", "five people", "serious"},
		{"Two men were critically injured.", "Two men", "critical"},
		{"The ambulance service says 14 people, not 18 as we reported earlier, were taken to hospital.", "14 people", "injured"},
	} {
		fs := factsOf(tc.sentence)
		at := slices.IndexFunc(fs, func(f fact) bool { return strings.EqualFold(f.surface, tc.surface) })
		if at < 0 {
			t.Fatalf("%q: no fact %q in %+v", tc.sentence, tc.surface, fs)
		}
		if got := stateOf(scanTokens(tc.sentence), fs[at]); got != tc.want {
			t.Errorf("%q: state %q, want %q", tc.sentence, got, tc.want)
		}
	}
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "Health officials said 64 people fell ill after eating at the stall. Nine people remain in hospital, officials said."},
		{ID: "post", Name: "Post", Text: "Health officials said 64 people fell ill after eating at the stall. Fourteen victims, including two children, were taken to hospital."},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if len(points) != 1 || !strings.Contains(points[0].Positions[0].Quote+points[0].Positions[1].Quote, "Fourteen") ||
		!strings.Contains(points[0].Positions[0].Quote+points[0].Positions[1].Quote, "Nine") {
		t.Errorf("want nine in hospital set against fourteen, and nothing against the 64 ill; got %+v", points)
	}
	// Two head counts of one sentence, in two states, are two claims.
	docs = []Doc{
		{ID: "wire", Name: "Wire", Text: "Some 420 people were evacuated from their homes, police said, and 11 people were treated in hospital."},
		{ID: "post", Name: "Post", Text: "About 340 residents were evacuated from their homes. Six people were taken to hospital with sore eyes."},
	}
	points = mustDisputes(t, New(DefaultOptions()), docs)
	var evacuated, hurt bool
	for _, p := range points {
		evacuated = evacuated || strings.Contains(p.Summary, "420") && strings.Contains(p.Summary, "340")
		hurt = hurt || strings.Contains(p.Summary, "11") && strings.Contains(p.Summary, "Six")
	}
	if !evacuated || !hurt {
		t.Errorf("want 420 against 340 evacuated and 11 against six in hospital; got %+v", points)
	}

	above := func(s string) fact { return factsOf(s)[0] }
	if above("It applies on earnings above $200,000.").agrees(above("It applies on earnings above $250,000.")) {
		t.Error("two thresholds, $200,000 and $250,000, agree")
	}
	if !above("More than 400 homes lost power.").agrees(above("Some 450 homes lost power.")) {
		t.Error("“more than 400” should admit “some 450”")
	}
	if statesFigure("The new rate will bite on earnings above $200,000.", "$250,000") {
		t.Error("a threshold of $200,000 states $250,000 (the middle of its reach)")
	}
	if !statesFigure("The new rate will bite on earnings above $200,000.", "$200,000") {
		t.Error("a threshold of $200,000 does not state $200,000")
	}
}

func TestCountsOfDifferentOwners(t *testing.T) {
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "The Labour Alliance won 68 seats in Sunday's general election, its best result in decades. National Renewal won 57 seats, its lowest total. Together the three parties have 109 seats in the assembly."},
		{ID: "sentinel", Name: "Sentinel", Text: "National Renewal won 59 seats in Sunday's general election, its worst result."},
	}
	points := slices.DeleteFunc(mustDisputes(t, New(DefaultOptions()), docs), func(p story.Point) bool { return p.Kind == story.KindOmission })
	if len(points) != 1 {
		t.Fatalf("want one point, 57 seats against 59, got %+v", points)
	}
	var claims []string
	for _, p := range points[0].Positions {
		claims = append(claims, p.Claim)
	}
	if got := strings.Join(claims, " | "); !strings.Contains(got, "57") || !strings.Contains(got, "59") || strings.Contains(got, "68") || strings.Contains(got, "109") {
		t.Errorf("claims %q, want National Renewal's 57 against its 59 alone", got)
	}
	for _, tc := range []struct{ sentence, surface, want string }{
		{"The conservative National Renewal won 57 seats.", "57 seats", "national renewal"},
		{"Halvik's National Renewal fell to 57 seats.", "57 seats", "halvik national renewal"},
		{"Police said 12 people were hurt.", "12 people", ""},
	} {
		fs := factsOf(tc.sentence)
		proper := func(w string) bool { return w != "the" && w != "police" }
		if got := strings.Join(ownerOf(scanTokens(tc.sentence), fs[0], proper), " "); got != tc.want {
			t.Errorf("%q: owner %q, want %q", tc.sentence, got, tc.want)
		}
	}
}

func TestPreviewIsNotVouchedForByItsOutcome(t *testing.T) {
	preview := scanTokens("Councillors will meet on Thursday to decide whether the flood-damaged bridge can reopen, or whether it must stay closed while its foundations are repaired.")
	for _, tc := range []struct {
		other string
		want  bool
	}{
		{"The bridge will stay closed until April, after councillors voted on Thursday night to approve a repair plan.", true},
		{"Councillors voted on Thursday to keep the bridge closed.", true},
		{"Councillors will meet on Thursday, after engineers warned the bridge was unsafe.", false},
		{"The council meets on Thursday to decide the bridge's future.", false},
	} {
		if got := outcomeOf(tenseOf(preview), tenseOf(scanTokens(tc.other))); got != tc.want {
			t.Errorf("%q: outcome of the preview %v, want %v", tc.other, got, tc.want)
		}
	}
	if !tenseOf(preview).preview {
		t.Error("the preview is not read as one")
	}
}

func TestDoersOfIrregularVerbsAndAfterQuotes(t *testing.T) {
	docs := []Doc{
		{ID: "daily", Name: "Daily", Text: "Landlord Terry Vance bought the ticket at the village shop and tucked it behind the bar."},
		{ID: "herald", Name: "Herald", Text: "\"That hall is where we had our wedding receptions,\" said Mrs Hollis, who bought the ticket at the village shop."},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return strings.HasPrefix(p.Topic, "Who") && len(pointSources(p)) == 2
	}) {
		t.Errorf("want Terry Vance set against Mrs Hollis as who bought the ticket, got %+v", points)
	}
}

func TestWhoRaisedTheAlarmAndNamedObjects(t *testing.T) {
	for _, tc := range []struct {
		name string
		docs []Doc
	}{
		{"raising the alarm is reporting", []Doc{
			{ID: "herald", Name: "Herald", Text: "It was a highway maintenance crew, working on a culvert nearby, that first reported the slide."},
			{ID: "press", Name: "Press", Text: "The alarm was raised by a long-haul truck driver, Ravi Sandhu, who had pulled into the rest area."},
		}},
		{"a named object needs no article", []Doc{
			{ID: "wire", Name: "Wire", Text: "The crush eased when the club's safety officer, Graham Pettifer, ordered an exit gate, Gate 12, to be opened."},
			{ID: "voices", Name: "Voices", Text: "The crush eased when a police commander, Superintendent Ian Carradine, ordered Gate 12 to be opened."},
		}},
	} {
		points := mustDisputes(t, New(DefaultOptions()), tc.docs)
		if !slices.ContainsFunc(points, func(p story.Point) bool { return strings.HasPrefix(p.Topic, "Who") && len(pointSources(p)) == 2 }) {
			t.Errorf("%s: want a point on who did it, got %+v", tc.name, points)
		}
	}
	if acts := readActs(0, scanTokens("Rostam Vey shot Timur Ganev, an exiled Korveshi opposition activist, in a park."), map[string]bool{}); slices.ContainsFunc(acts, func(x act) bool { return x.verb == lemma("exiled") }) {
		t.Errorf("“an exiled activist” read as an act: %+v", acts)
	}
}

func TestCountsAfterAnOpeningWordAndWhoseTheyAre(t *testing.T) {
	for _, s := range []string{"The six staff who work there have been offered posts.", "All six staff have been offered jobs."} {
		if fs := factsOf(s); len(fs) != 1 || fs[0].key != "count:worker" || fs[0].lo != 6 {
			t.Errorf("%q: facts %+v, want six staff", s, fs)
		}
	}
	if fs := factsOf("Route 9 buses were cancelled."); len(fs) != 0 {
		t.Errorf("a number in a name read as a count: %+v", fs)
	}
	proper := func(w string) bool { return w != "the" && w != "all" }
	for _, tc := range []struct{ sentence, surface, want string }{
		{"All five crew of the Morven Grace were rescued.", "five crew", "morven grace"},
		{"Five crew members on the Morven Grace were saved.", "Five crew members", "morven grace"},
		{"The Brenna Star, carrying 212 passengers and 14 crew, hit the trawler.", "14 crew", "brenna star"},
	} {
		fs := factsOf(tc.sentence)
		at := slices.IndexFunc(fs, func(f fact) bool { return strings.EqualFold(f.surface, tc.surface) })
		if at < 0 {
			t.Fatalf("%q: no fact %q in %+v", tc.sentence, tc.surface, fs)
		}
		if got := strings.Join(ownerOf(scanTokens(tc.sentence), fs[at], proper), " "); got != tc.want {
			t.Errorf("%q: owner %q, want %q", tc.sentence, got, tc.want)
		}
	}
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "The 19-metre Morven Grace sank shortly after the collision in the Narrows."},
		{ID: "radio", Name: "Radio", Text: "Visibility in the Narrows was down to 50 metres at the time of the collision, the coastguard said."},
	}
	if points := slices.DeleteFunc(mustDisputes(t, New(DefaultOptions()), docs), func(p story.Point) bool { return p.Kind == story.KindOmission }); len(points) != 0 {
		t.Errorf("a trawler's length set against the visibility: %+v", points)
	}
}

func TestPartOfTheGroupASentenceOpensOn(t *testing.T) {
	s := "Of the 14 people taken to hospital, nine were Corrin employees."
	fs := factsOf(s)
	at := slices.IndexFunc(fs, func(f fact) bool { return f.lo == 9 })
	if at < 0 {
		t.Fatalf("no count of nine in %+v", fs)
	}
	if got := scopeOf(scanTokens(s), fs[at]); got != partCount {
		t.Errorf("nine of the 14: scope %v, want a part", got)
	}
	if got := scopeOf(scanTokens(s), fs[0]); got != wholeCount {
		t.Errorf("the 14: scope %v, want the whole", got)
	}
}

func TestCountedNounPastACompoundModifier(t *testing.T) {
	for _, tc := range []struct{ phrase, key string }{
		{"Eight ill-prepared walkers set off.", "count:walker"},
		{"Two self-employed builders were hurt.", "count:builder"},
		{"Six hikers were rescued.", "count:walker"},
		{"Forty long-tailed field voles were found.", "count:vole"},
		{"Twelve short-haired terriers were found.", "count:terrier"},
	} {
		if fs := factsOf(tc.phrase); len(fs) != 1 || fs[0].key != tc.key {
			t.Errorf("%q: facts %+v, want one of key %s", tc.phrase, fs, tc.key)
		}
	}
}

func TestSpansSpentInTheStorysState(t *testing.T) {
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "By then, they had been on the mountain for about 14 hours, huddled behind a boulder. The search began within an hour of the call."},
		{ID: "crier", Name: "Crier", Text: "They had been stranded for nearly 20 hours when they were lifted off."},
	}
	points := slices.DeleteFunc(mustDisputes(t, New(DefaultOptions()), docs), func(p story.Point) bool { return p.Kind == story.KindOmission })
	if len(points) != 1 || !strings.Contains(points[0].Summary, "14 hours") || !strings.Contains(points[0].Summary, "20 hours") {
		t.Errorf("want 14 hours against 20, got %+v", points)
	}
	// An article telling its one span twice still gives one answer.
	docs[1].Text += " \"We were stuck for nearly 20 hours,\" one of them said."
	points = slices.DeleteFunc(mustDisputes(t, New(DefaultOptions()), docs), func(p story.Point) bool { return p.Kind == story.KindOmission })
	if len(points) != 1 || !strings.Contains(points[0].Summary, "14 hours") {
		t.Errorf("a span told twice: want 14 hours against 20, got %+v", points)
	}
	if spentIn(scanTokens("The search began within an hour of the call."), factsOf("The search began within an hour of the call.")[0]) {
		t.Error("a time taken read as a span spent")
	}
	for _, tc := range []struct {
		sentence string
		spent    bool
	}{
		{"A dad was left dangling 150ft above the water for five hours.", true},
		{"The driver spent more than three hours trapped in his cab.", true},
		{"The council spent three years restoring the hall.", false},
		{"The terminal was closed for five hours.", false},
		{"The fire was stranding a service for four hours.", true},
		{"The lynx was recaptured after almost two days on the loose.", true},
		{"A killer cat that prowled their streets for three days was caught.", true},
		{"The talks ran on for two days at the hotel.", false},
	} {
		fs := slices.DeleteFunc(factsOf(tc.sentence), func(f fact) bool { return f.key != "duration" })
		if len(fs) == 0 {
			t.Fatalf("%q: no span", tc.sentence)
		}
		if got := spentIn(scanTokens(tc.sentence), fs[0]); got != tc.spent {
			t.Errorf("%q: spent %v, want %v", tc.sentence, got, tc.spent)
		}
	}
}

func TestOClockInTheAfternoon(t *testing.T) {
	x := factsOf("At three o'clock this afternoon the bank closed its doors.")
	y := factsOf("The branch shut at 3pm on Friday.")
	if len(x) != 1 || len(y) == 0 || !x[0].agrees(y[0]) {
		t.Errorf("three o'clock this afternoon %+v against 3pm %+v", x, y)
	}
	if z := factsOf("The doors opened at nine o'clock."); len(z) != 1 || z[0].lo != 9 {
		t.Errorf("nine o'clock: %+v", z)
	}
}

func TestWithheldDetailsAndRestrictiveClausesAreNotDenials(t *testing.T) {
	for _, s := range []string{
		"He promised the state would pay to rebuild homes, though he gave no figure and no timetable.",
		"The council said it would release funds but did not give a figure.",
		"Patients who have not heard about a new appointment are asked to call the trust.",
		"Some of the pain will leak into loans that are not covered.",
	} {
		if yes, cue, denied := negated(scanTokens(s)); yes {
			t.Errorf("%q read as denying (%s %s)", s, cue, denied)
		}
	}
	for _, s := range []string{
		"The council, which has not paid the ransom, restored its systems.",
		"The trust did not give permission for the visit.",
	} {
		if yes, _, _ := negated(scanTokens(s)); !yes {
			t.Errorf("%q read as no denial", s)
		}
	}
}

func TestVersionStatedPastAModifier(t *testing.T) {
	v := version{pos: story.Position{Claim: "a power cut"}, claims: []string{"a power cut"}}
	if !v.states("The dairy said a storm-related power cut allowed effluent to escape.", nil) {
		t.Error("“a storm-related power cut” does not state “a power cut”")
	}
	fire := version{pos: story.Position{Claim: "a fire"}, claims: []string{"a fire"}}
	if fire.states("The fire spread to the roof.", nil) {
		t.Error("a one-word claim found without its article")
	}
}

func TestCountsOfANamedBodysPeople(t *testing.T) {
	if fs := factsOf("Only seven Liberal Centre deputies defied their leadership."); len(fs) != 1 || fs[0].key != "count:deputy" {
		t.Errorf("seven Liberal Centre deputies: %+v", fs)
	}
	if fs := factsOf("Two Labour MPs resigned."); len(fs) != 1 || fs[0].key == "count:resign" {
		t.Errorf("two Labour MPs: %+v", fs)
	}
	docs := []Doc{
		{ID: "herald", Name: "Herald", Text: "The official record shows 11 Liberal Centre deputies voted against the bill on Wednesday."},
		{ID: "sentinel", Name: "Sentinel", Text: "Only seven Liberal Centre deputies defied their own leadership to vote against the bill."},
	}
	points := slices.DeleteFunc(mustDisputes(t, New(DefaultOptions()), docs), func(p story.Point) bool { return p.Kind == story.KindOmission })
	if len(points) != 1 || !strings.Contains(points[0].Summary, "11") || !strings.Contains(points[0].Summary, "seven") {
		t.Errorf("want 11 Liberal Centre deputies against seven, got %+v", points)
	}
	if !statesFigure("A rebellion by 11 deputies failed.", "11 Liberal Centre deputies") {
		t.Error("“11 deputies” does not state “11 Liberal Centre deputies”")
	}
}

func TestVersionStatedByItsMarks(t *testing.T) {
	vs := []version{
		{pos: story.Position{Claim: "the ship straying off course in thick fog"}, claims: []string{"the ship straying off course in thick fog"}},
		{pos: story.Position{Claim: "a loss of power to the steering gear"}, claims: []string{"a loss of power to the steering gear"}},
	}
	markVersions(vs, map[string]float64{stem("straying"): 3, stem("course"): 3, stem("thick"): 3, stem("fog"): 3, stem("power"): 3, stem("steering"): 3, stem("gear"): 3})
	if !vs[0].states("The ferry ran aground in thick fog on Friday morning.", nil) {
		t.Error("“ran aground in thick fog” does not state the fog version")
	}
	if vs[0].states("Fog is common on the route.", nil) || vs[1].states("The ferry ran aground in thick fog.", nil) {
		t.Error("one mark, or another version's, taken as stating a version")
	}
}

func TestReducedRelativeIsNoOutcome(t *testing.T) {
	ts := scanTokens("A former finance director will be sentenced on Friday for a fraud against the organisation he worked for.")
	if !reducedRelative(ts, slices.IndexFunc(ts, func(t token) bool { return t.low == "worked" })) {
		t.Error("“the organisation he worked for” not read as a relative clause")
	}
	ts = scanTokens("Police said he fled the scene.")
	if reducedRelative(ts, slices.IndexFunc(ts, func(t token) bool { return t.low == "fled" })) {
		t.Error("“said he fled” read as a relative clause")
	}
}

func TestWhoWasSuspended(t *testing.T) {
	docs := []Doc{
		{ID: "star", Name: "Star", Text: "The ward manager has been suspended, the hospitals trust confirmed on Friday."},
		{ID: "radio", Name: "Radio", Text: "The trust said the senior matron responsible for the ward had been suspended while an investigation is carried out."},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool { return p.Topic == "Who was suspended" && len(pointSources(p)) == 2 }) {
		t.Errorf("want the ward manager set against the senior matron, got %+v", points)
	}
	same := []Doc{
		{ID: "star", Name: "Star", Text: "The ward manager has been suspended, the hospitals trust confirmed on Friday."},
		{ID: "radio", Name: "Radio", Text: "The manager of the ward has been suspended on full pay, the trust said."},
	}
	if points := mustDisputes(t, New(DefaultOptions()), same); slices.ContainsFunc(points, func(p story.Point) bool { return p.Topic == "Who was suspended" }) {
		t.Errorf("one manager read as two: %+v", points)
	}
}

func TestAPersonsPost(t *testing.T) {
	docs := []Doc{
		{ID: "radio", Name: "Radio", Text: "Councillor Ruth Abernethy, the cabinet member for education, said the decision had not been taken lightly."},
		{ID: "news", Name: "News", Text: "Councillor Ruth Abernethy, the council leader, said the authority could not justify keeping the school open."},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool { return p.Topic == "Ruth Abernethy's post" && len(pointSources(p)) == 2 }) {
		t.Errorf("want the cabinet member set against the council leader, got %+v", points)
	}
	both := []Doc{
		{ID: "radio", Name: "Radio", Text: "Councillor Ruth Abernethy, the cabinet member for education, said the decision had not been taken lightly."},
		{ID: "news", Name: "News", Text: "Councillor Ruth Abernethy, the council leader, said the school would close. She is also the cabinet member for education."},
	}
	if points := mustDisputes(t, New(DefaultOptions()), both); slices.ContainsFunc(points, func(p story.Point) bool { return strings.HasSuffix(p.Topic, "post") }) {
		t.Errorf("two posts of one person, both named, read as a dispute: %+v", points)
	}
}

func TestSpeedsAndFiguresAfterASharedOne(t *testing.T) {
	for _, tc := range []struct {
		text   string
		lo, hi float64
	}{
		{"The tram was travelling at 32 km/h through the junction.", 32, 32},
		{"It was doing 30mph.", 48.28, 48.29},
		{"The car hit 40 miles an hour.", 64.37, 64.38},
	} {
		fs := factsOf(tc.text)
		if len(fs) != 1 || fs[0].key != speedKey || fs[0].lo < tc.lo || fs[0].hi > tc.hi+0.01 {
			t.Errorf("%q: facts %+v, want a speed of %v km/h", tc.text, fs, tc.lo)
		}
	}
	if fs := factsOf("The river is 3 km long."); len(fs) != 1 || fs[0].key != distanceKey {
		t.Errorf("a length read as a speed: %+v", fs)
	}
	x := factsOf("Members estimate the tram was doing 32 km/h through a junction where the limit is 15 km/h.")
	y := factsOf("Data showed it was travelling at 12 km/h, within the 15 km/h limit.")
	if anyAgree(x, y) {
		t.Errorf("32 km/h and 12 km/h agree through the limit both give: %+v %+v", x, y)
	}
}

func TestSpeedPointPastASharedLimit(t *testing.T) {
	docs := []Doc{
		{ID: "alliance", Name: "Alliance", Text: "Our members on board estimate the tram was doing 32 km/h through a junction where the limit is 15 km/h."},
		{ID: "fm", Name: "FM", Text: "The speed limit through the junction is fifteen kilometres an hour, the operator said."},
		{ID: "ledger", Name: "Ledger", Text: "Data from the tram showed it was travelling at 12 km/h, within the 15 km/h limit for the junction."},
	}
	points := slices.DeleteFunc(mustDisputes(t, New(DefaultOptions()), docs), func(p story.Point) bool { return p.Kind == story.KindOmission })
	if len(points) != 1 || points[0].Topic != "Speed of the tram" {
		t.Fatalf("want one point on the tram's speed, got %+v", points)
	}
	var claims []string
	for _, p := range points[0].Positions {
		claims = append(claims, p.Source+": "+p.Claim)
	}
	if got := strings.Join(claims, "; "); got != "alliance: 32 km/h; ledger: 12 km/h" {
		t.Errorf("claims %q, want each speed alone, the limit they share left out", got)
	}
}

func TestPleaOrTrial(t *testing.T) {
	docs := []Doc{
		{ID: "standard", Name: "Standard", Text: "The trust was defrauded by its finance director, Gideon Rayle. Gideon Rayle, aged 54, pleaded guilty in January to two counts of fraud."},
		{ID: "chronicle", Name: "Chronicle", Text: "The trust was defrauded by its finance director, Gideon Rayle. Gideon Rayle, 54, was convicted by a jury last month after a three-week trial."},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return p.Topic == "Whether Gideon Rayle pleaded guilty or was convicted at trial" && len(pointSources(p)) == 2
	}) {
		t.Errorf("want the plea set against the verdict, got %+v", points)
	}
	surname := []Doc{
		{ID: "ledger", Name: "Ledger", Text: "The bakery on Calder Row burned down. Lewin Treharrow, 34, had pleaded guilty at an earlier hearing to arson."},
		{ID: "clarion", Name: "Clarion", Text: "The bakery on Calder Row burned down. Treharrow was convicted after a four-day trial in March of arson."},
	}
	if points := mustDisputes(t, New(DefaultOptions()), surname); !slices.ContainsFunc(points, func(p story.Point) bool { return strings.Contains(p.Topic, "pleaded guilty") }) {
		t.Errorf("want the plea set against a verdict at trial told of the surname, got %+v", points)
	}
	codefendant := []Doc{
		{ID: "wire", Name: "Wire", Text: "The bribes were paid to Daniel Ostrander. Curtis Voss, the former chief executive who pleaded guilty, testified for the prosecution."},
		{ID: "herald", Name: "Herald", Text: "The bribes were paid to Daniel Ostrander. Daniel Ostrander was convicted by a jury after a seven-week trial, with Curtis Voss as a witness."},
	}
	if points := mustDisputes(t, New(DefaultOptions()), codefendant); slices.ContainsFunc(points, func(p story.Point) bool { return strings.Contains(p.Topic, "pleaded guilty") }) {
		t.Errorf("a co-defendant's plea set against another's verdict: %+v", points)
	}
}

func TestEachArticlesOneCountInAStateIsItsAnswer(t *testing.T) {
	rest := "\n\nThe fair ran for three days on the green at Wickham Down.\n\nEnvironmental health officers are testing samples from the pie stall.\n\n" +
		"The stallholder said he was cooperating fully.\n\nResults are expected next week."
	docs := []Doc{
		{ID: "sun", Name: "Sun", Text: "More than 90 locals have been struck down by a nasty stomach bug linked to the pie stall.\n\nFourteen victims have been rushed to hospital." + rest},
		{ID: "radio", Name: "Radio", Text: "Officials say 38 people have become ill after eating at one stall at the fair." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	i := slices.IndexFunc(points, func(p story.Point) bool { return p.Topic == "Number of people taken ill" })
	if i < 0 {
		t.Fatalf("want the 38 ill set against the 90 struck down, got %+v", points)
	}
	if n := len(points[i].Positions); n != 2 {
		t.Errorf("want both counts of the ill, not the 14 in hospital, got %+v", points[i].Positions)
	}
}

func TestCountsOfOneGroupNamedOtherwiseMeet(t *testing.T) {
	key := func(text string) string {
		for _, f := range extractFacts(scanTokens(text)) {
			if strings.HasPrefix(f.key, "count:") {
				return f.key
			}
		}
		t.Fatalf("%q: no count", text)
		return ""
	}
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"The school has 41 pupils.", "Fifty-three children attend the school.", true},
		{"Five machines were buried.", "Seven vehicles were buried under the mud.", true},
		{"About 300 people were evacuated.", "120 residents left their homes.", true},
		{"Five machines were buried.", "Seven people were buried.", false},
		{"The school has 41 pupils.", "Nine teachers work there.", false},
	} {
		if got := key(tc.a) == key(tc.b); got != tc.same {
			t.Errorf("%q against %q: same kind %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

func TestSoleSharesOfNamedThingsMeetOnlyOnIt(t *testing.T) {
	rest := "\n\nThe strike began on Monday.\n\nPickets gathered at the gates.\n\nTalks are due to resume."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "The port handles around 40 per cent of the country's container trade, and the strike has halted it." + rest},
		{ID: "voice", Name: "Voice", Text: "Members voted 87 per cent in favour of the strike at the port." + rest},
	}
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if p.Kind == story.KindFactual && strings.Contains(p.Summary, "87") {
			t.Errorf("a share of the trade is not a share of the vote: %+v", p)
		}
	}
}

func TestHarmCountsArePeopleWhateverTheyAreCalled(t *testing.T) {
	key := func(sentence string) string {
		ts := scanTokens(sentence)
		f := factsOf(sentence)[0]
		f.whole = scopeOf(ts, f)
		f.state = stateOf(ts, f)
		return harmKey(f)
	}
	for _, tc := range []struct{ sentence, want string }{
		{"Three dock workers were injured, the port authority said.", peopleKey},
		{"Four people were injured in the collision.", peopleKey},
		{"Two firefighters were taken to hospital.", peopleKey},
		{"Three dock workers were laid off.", "count:worker"},
		{"Two of the firefighters were taken to hospital.", "count:firefighter"},
	} {
		if got := key(tc.sentence); got != tc.want {
			t.Errorf("%q: kind %s, want %s", tc.sentence, got, tc.want)
		}
	}
}

func TestClearingInsistingAndOtherSubjects(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		negated  bool
	}{
		{"Make no mistake: this was a cynical abuse of public money.", false},
		{"The panel cleared Professor Lyle of any wrongdoing.", true},
		{"He was acquitted of fraud on Friday.", true},
		{"Crews cleared the road by noon.", false},
	} {
		if got, _, _ := negated(scanTokens(tc.sentence)); got != tc.negated {
			t.Errorf("%q: negated %v, want %v", tc.sentence, got, tc.negated)
		}
	}
	rest := "\n\nThe paper was withdrawn on Monday.\n\nThe journal apologised to readers.\n\nThe data will be reviewed again."
	docs := []Doc{
		{ID: "courier", Name: "Courier", Text: "The inquiry found that Professor Lyle was not responsible for the altered images." + rest},
		{ID: "radio", Name: "Radio", Text: "The inquiry found that a junior technician was responsible for the altered images." + rest},
	}
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if strings.Contains(p.Summary, "deny") || strings.Contains(p.Summary, "denies") {
			t.Errorf("one is not responsible, another is: no denial between them, got %+v", p)
		}
	}
}

func TestSumsSaidToBeTwoThingsAreTwoSums(t *testing.T) {
	for _, tc := range []struct{ sentence, surface, want string }{
		{"Farrant claimed almost £49,000 in rent.", "£49,000", "claim"},
		{"He must now repay £31,200 of our money.", "£31,200", "repay"},
		{"He has been told to hand back £38,000.", "£38,000", "repay"},
		{"The repair will cost £2m.", "£2m", ""},
	} {
		if got := moneyVerb(scanTokens(tc.sentence), tc.surface); got != tc.want {
			t.Errorf("%q: deal %q, want %q", tc.sentence, got, tc.want)
		}
	}
	rest := "\n\nThe commissioner published her report on Tuesday.\n\nThe MP apologised.\n\nA recall petition may follow."
	docs := []Doc{
		{ID: "ledger", Name: "Ledger", Text: "The MP claimed £48,600 in rent for the flat over four years." + rest},
		{ID: "forward", Name: "Forward", Text: "The MP must now repay £31,200 of the rent for the flat." + rest},
	}
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if p.Kind == story.KindFactual && strings.Contains(p.Summary, "48,600") && strings.Contains(p.Summary, "31,200") {
			t.Errorf("a sum claimed is not a version of a sum to repay: %+v", p)
		}
	}
}

func TestEachArticlesOneYearlySumIsItsAnswer(t *testing.T) {
	for _, tc := range []struct{ sentence, surface, want string }{
		{"Calloway pays the Playhouse £400,000 a year.", "£400,000", "year"},
		{"The levy raises €2m annually.", "€2m", "year"},
		{"Drivers are offered £1,200 per month.", "£1,200", "month"},
		{"The council paid £250,000 for the site.", "£250,000", ""},
		{"Withdrawals are limited to £300 per saver per week.", "£300", "week"},
		{"The fee is £40 per visit.", "£40", ""},
	} {
		if got := perOf(scanTokens(tc.sentence), tc.surface); got != tc.want {
			t.Errorf("%q: per %q, want %q", tc.sentence, got, tc.want)
		}
	}
	rest := "\n\nThe board met on Thursday.\n\nThe play was due to open in June.\n\nTickets will be refunded."
	docs := []Doc{
		{ID: "network", Name: "Network", Text: "Calloway, a quarrying firm, pays the theatre £400,000 a year.\n\nThe new studio cost £2m." + rest},
		{ID: "standard", Name: "Standard", Text: "Its sponsor gives the theatre £250,000 a year, around a sixth of its income." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return p.Kind == story.KindFactual && strings.Contains(p.Summary, "400,000") && strings.Contains(p.Summary, "250,000")
	}) {
		t.Errorf("want the yearly sums set against each other, got %+v", points)
	}
}

func TestHowSomeoneLeftAPost(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		read     bool
		chose    bool
	}{
		{"Mara Quinlan stepped down as chief executive on Friday.", true, true},
		{"Mara Quinlan, who ran the trust for a decade, was sacked by its board.", true, false},
		{"Governors called on Mara Quinlan to resign.", false, false},
		{"Mara Quinlan did not resign, her office said.", false, false},
		{"Mara Quinlan dismissed the claims as nonsense.", false, false},
	} {
		ts := scanTokens(tc.sentence)
		in := details{names: extractNames(ts, func(w string) bool { return w == "mara" || w == "quinlan" })}
		in.negated, _, _ = negated(ts)
		d, ok := readDeparture(0, ts, in)
		if ok != tc.read || ok && d.first != tc.chose {
			t.Errorf("%q: read %v chose %v, want %v %v", tc.sentence, ok, d.first, tc.read, tc.chose)
		}
	}
}

func TestSpokenDecimals(t *testing.T) {
	for _, tc := range []struct {
		text string
		key  string
		want float64
	}{
		{"There's three point one million pounds of government money.", "money", 3.1e6},
		{"There's £3.1m of government money.", "money", 3.1e6},
		{"Turnout was forty two point five per cent.", "percent", 42.5},
	} {
		var got []fact
		for _, f := range extractFacts(scanTokens(tc.text)) {
			if f.key == tc.key {
				got = append(got, f)
			}
		}
		if len(got) != 1 || got[0].lo != tc.want {
			t.Errorf("%q: %s facts %+v, want one of %g", tc.text, tc.key, got, tc.want)
		}
	}
}

func TestSmallCountRetold(t *testing.T) {
	v := version{
		pos:    story.Position{Source: "wire", Claim: "three passengers"},
		quotes: map[string]string{"wire": "Paramedics treated three passengers for heat exhaustion, and one woman was taken to hospital as a precaution."},
	}
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"The ambulance service says paramedics have treated three people at the scene, and one woman has been taken to hospital as a precaution.", true},
		{"Three people were later seen leaving the station.", false},                                // the count alone
		{"Paramedics treated seven people, and one woman went to hospital as a precaution.", false}, // another count
	} {
		if got := v.retells(tc.text); got != tc.want {
			t.Errorf("%q: retells %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestDoubtedFigureIsTheRivals(t *testing.T) {
	for _, tc := range []struct {
		text    string
		doubted bool
	}{
		{"Larchfield Homes now claims that only 38 trees were felled.", true},
		{"The firm insists just 38 trees came down.", true},
		{"Only 38 trees were felled, the council said.", false}, // no claim cast in doubt
		{"Larchfield claims 38 trees were felled.", false},      // claimed, not belittled
	} {
		ts := scanTokens(tc.text)
		if got := doubted(ts, indexOf(ts, "38")); got != tc.doubted {
			t.Errorf("%q: doubted %v, want %v", tc.text, got, tc.doubted)
		}
	}
	rest := "\n\nThe council served a stop notice on Monday.\n\nResidents gathered at the wood."
	docs := []Doc{
		{ID: "builder-review", Name: "Builder Review", Text: "The council served a stop notice after the felling of 38 trees in the wood." + rest},
		{ID: "echo", Name: "Echo", Text: "Around 70 trees have been cut down in the wood." + rest},
		{ID: "friends", Name: "Friends", Text: "Larchfield now claims that only 38 trees were felled.\n\n\"More than 140 trees have gone from the wood,\" said the ecologist." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	i := slices.IndexFunc(points, func(p story.Point) bool { return strings.Contains(p.Summary, "38") })
	if i < 0 {
		t.Fatalf("want a point on the trees felled, got %+v", points)
	}
	k := slices.IndexFunc(points[i].Positions, func(pos story.Position) bool { return pos.Source == "friends" })
	if k < 0 || !strings.Contains(points[i].Positions[k].Claim, "140") {
		t.Errorf("the friends' figure is their own 140, not the 38 they doubt: %+v", points[i].Positions)
	}
}

func TestUndenied(t *testing.T) {
	for _, tc := range []struct{ clause, want string }{
		{"Caldwell was never offered the option of resigning", "Caldwell was offered the option of resigning"},
		{"No one was hurt", "anyone was hurt"},
		{"No passenger trains were in the area at the time", "any passenger trains were in the area at the time"},
		{"The practice did not pay", ""}, // its verb would need its tense back
		{"Nobody said it was not safe", ""},
		{"It was not, and never will be, safe", ""}, // two denials
	} {
		got, ok := undenied(tc.clause)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("%q: %q, want %q", tc.clause, got, tc.want)
		}
	}
}

// TestPlaceAndTimeInOnePair: one pair of sentences that differ on where
// and on when gives a place point and a timing point, though both quote
// the same passages; the time before the place ("at about 7.10pm on
// Harbour Road") is not read as what stands there.
func TestPlaceAndTimeInOnePair(t *testing.T) {
	rest := "\n\nThe operator apologised to passengers.\n\nEngineers worked through the night to lift the carriages.\n\n" +
		"Services on the line were suspended.\n\nThe city council said it would review the junction."
	docs := []Doc{
		{ID: "post", Name: "Post", Text: "The evening tram came off the tracks at about 7.10pm on Harbour Road, the operator said." + rest},
		{ID: "ledger", Name: "Ledger", Text: "The evening tram left the tracks at the Tollgate Square junction at 6.42pm, the operator said." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	var place, when bool
	for _, p := range points {
		place = place || strings.HasPrefix(p.Topic, "Where") && strings.Contains(p.Summary, "Harbour Road") && strings.Contains(p.Summary, "Tollgate Square")
		when = when || p.Kind == story.KindTiming && strings.Contains(p.Summary, "6.42")
	}
	if !place || !when {
		t.Errorf("want a place point and a timing point (place %v, time %v), got %+v", place, when, points)
	}
}

// TestSettledFigureLeavesTheOther: a figure both sources give alike about
// the same thing (a surge of 1.2 metres) does not keep an article's other
// length from being its only one, its answer on the breach.
func TestSettledFigureLeavesTheOther(t *testing.T) {
	rest := "\n\nResidents of the lower town were moved to the leisure centre.\n\nThe harbour road stayed closed all day.\n\n" +
		"Engineers began placing rock on the beach.\n\nThe council opened a helpline for residents."
	e := New(DefaultOptions())
	for _, tc := range []struct {
		surge string
		sole  bool
	}{
		{"Gauges recorded a surge of 1.2 metres above the predicted tide.", true},
		{"Gauges recorded a surge of 1.6 metres above the predicted tide.", false}, // the surges differ: two figures of its own
	} {
		docs := []Doc{
			{ID: "wire", Name: "Wire", Text: "The harbour wall gave way overnight, and about 30 metres of it fell into the sea.\n\nTide gauges showed a surge of 1.2 metres at high water." + rest},
			{ID: "review", Name: "Review", Text: "Engineers measured the breach at 55 metres on Tuesday.\n\n" + tc.surge + rest},
		}
		a, info, _, err := e.scoped(docs)
		if err != nil {
			t.Fatal(err)
		}
		f := newFinder(e, a, info)
		_, byKey := f.mentions()
		i := slices.IndexFunc(byKey["count:distance"], func(m mention) bool { return m.facts[0].surface == "55 metres" })
		if i < 0 {
			t.Fatalf("no mention of the 55 metres: %+v", byKey["count:distance"])
		}
		if got := f.sole("count:distance", byKey["count:distance"][i]); got != tc.sole {
			t.Errorf("beside %q: the breach's 55 metres sole %v, want %v", tc.surge, got, tc.sole)
		}
	}
}

// TestCarriersCountWhatTheyCarry: "letters of objection" are objections,
// and a count of groups joined by "and" counts by its last noun.
func TestCarriersCountWhatTheyCarry(t *testing.T) {
	for _, tc := range []struct{ text, key string }{
		{"Over 2,000 letters of objection poured in from residents.", "count:" + stem("objections")},
		{"The council received 1,312 objections.", "count:" + stem("objections")},
		{"She wrote 40 letters to the council.", "count:" + stem("letters")},
		{"The 31 nursing and support staff on the ward will be redeployed.", "count:worker"},
		{"More than 40 nurses and care workers face losing their jobs.", "count:worker"},
	} {
		fs := extractFacts(scanTokens(tc.text))
		if len(fs) != 1 || fs[0].key != tc.key {
			t.Errorf("%q: facts %+v, want one of %s", tc.text, fs, tc.key)
		}
	}
}

// TestYearsBefore1900: a time preposition makes a number before 1900 a
// year ("completed in 1884"); a count stays a count ("in 1500 homes").
func TestYearsBefore1900(t *testing.T) {
	for _, tc := range []struct {
		text, key string
	}{
		{"The Victorian wall was completed in 1884, when the harbour was extended.", "year"},
		{"The chapel has stood on the green since 1790.", "year"},
		{"The council installed meters in 1500 homes.", "count:" + stem("homes")},
		{"About 1850 people signed the petition.", "count:people"},
	} {
		fs := extractFacts(scanTokens(tc.text))
		if len(fs) != 1 || fs[0].key != tc.key {
			t.Errorf("%q: facts %+v, want one of %s", tc.text, fs, tc.key)
		}
	}
}

// TestPartisanLean: an article that quotes the other side's praise once
// and condemns throughout is critical; one evenly split takes no side.
func TestPartisanLean(t *testing.T) {
	rest := "\n\nThe charge starts in June.\n\nDrivers of older vans will pay £9 a day.\n\nThe council expects £4m a year.\n\nSigns go up next month."
	favourable := Doc{ID: "council", Name: "Council", Text: "Councillors said the zone was a landmark step for the city's air." + rest}
	for _, tc := range []struct {
		text  string
		point bool
	}{
		{"The council calls the zone a landmark step.\n\nDrivers call it a cash grab.\n\nTraders say it is a stealth tax on the poor.\n\nThe whole thing is a shambles." + rest, true},
		{"The council calls the zone a landmark step.\n\nDrivers call it a cash grab." + rest, false},
	} {
		docs := []Doc{favourable, {ID: "voice", Name: "Voice", Text: tc.text}}
		points := mustDisputes(t, New(DefaultOptions()), docs)
		got := slices.ContainsFunc(points, func(p story.Point) bool {
			return p.Kind == story.KindFraming && strings.Contains(p.Summary, "critical")
		})
		if got != tc.point {
			t.Errorf("%q: framing point %v, want %v (%+v)", tc.text, got, tc.point, points)
		}
	}
}

// TestUnStates: "still unaccounted for" denies what "were accounted for"
// asserts; "an unannounced inspection" denies nothing.
func TestUnStates(t *testing.T) {
	for _, tc := range []struct {
		text string
		neg  bool
	}{
		{"One worker was still unaccounted for on Sunday morning.", true},
		{"The invoice remains unpaid.", true},
		{"The unannounced inspection was carried out on Tuesday.", false},
		{"The under-fives were unaffected by the closure.", true},
		{"Trains ran until midnight.", false},
	} {
		if got, _, _ := negated(scanTokens(tc.text)); got != tc.neg {
			t.Errorf("%q: negated %v, want %v", tc.text, got, tc.neg)
		}
	}
	rest := "\n\nThe blast tore through the warehouse on Saturday night.\n\nFirefighters worked through the night.\n\n" +
		"Residents were moved to the village hall.\n\nThe cause is being investigated."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "The managing director said all six staff on the evening shift were accounted for." + rest},
		{ID: "radio", Name: "Radio", Text: "One worker at the warehouse was still unaccounted for on Sunday, a union official said." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool { return strings.Contains(p.Summary, "Radio denies") }) {
		t.Errorf("want the unaccounted worker set against all staff accounted for, got %+v", points)
	}
}

// TestSumDatedFurtherOn: a sum whose sentence names the year further on
// dates to that year, and works on a structure are one thing however
// named ("repair", "strengthening"): two articles' only sums meet.
func TestSumDatedFurtherOn(t *testing.T) {
	rest := "\n\nThe storm flooded homes in the lower town.\n\nResidents were moved to the leisure centre.\n\n" +
		"Engineers began placing rock on the beach.\n\nThe council opened a helpline for residents."
	docs := []Doc{
		{ID: "packet", Name: "Packet", Text: "In 2021 the county council shelved a £2.4m repair scheme for the harbour wall." + rest},
		{ID: "review", Name: "Review", Text: "A £4.1m strengthening scheme for the harbour wall was deferred by the county council in 2021." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return strings.Contains(p.Summary, "£2.4") && strings.Contains(p.Summary, "£4.1")
	}) {
		t.Errorf("want £2.4m set against £4.1m, got %+v", points)
	}
}

// TestSoleSumsOfOneSize: two articles' only sums meet when they are of a
// size (within twice each other), not a crane's value and a fine.
func TestSoleSumsOfOneSize(t *testing.T) {
	rest := "\n\nThe ship struck the crane while berthing on Saturday.\n\nThe driver was trapped in his cab for hours.\n\n" +
		"Berths 4 to 6 were closed.\n\nThe port authority has opened an inquiry."
	for _, tc := range []struct {
		other string
		point bool
	}{
		{"Insurers valued the wrecked crane at about £9m.", true},
		{"The operator faces a fine of £2,000 over the wreck.", false},
	} {
		docs := []Doc{
			{ID: "trumpet", Name: "Trumpet", Text: "The £15 million crane was destroyed in the crash." + rest},
			{ID: "review", Name: "Review", Text: tc.other + rest},
		}
		points := mustDisputes(t, New(DefaultOptions()), docs)
		got := slices.ContainsFunc(points, func(p story.Point) bool { return strings.Contains(p.Summary, "£15") })
		if got != tc.point {
			t.Errorf("£15 million against %q: point %v, want %v (%+v)", tc.other, got, tc.point, points)
		}
	}
}

// TestLinkApartJoinsTheLikestFirst: where distinct keeps two items apart,
// the likest pair joins and the item a weaker link reached is left out,
// whatever the items' order.
func TestLinkApartJoinsTheLikestFirst(t *testing.T) {
	// Item 0 (source 0) is "a twenty-metre stretch", item 1 (source 1)
	// the river's 3.6 metres, item 2 (source 2) its 4.1 metres.
	a := &analysis{
		cands: []*sentence{{doc: 0}, {doc: 1}, {doc: 2}},
		sim:   [][]float64{{1, 0.06, 0.15}, {0.06, 1, 0.23}, {0.15, 0.23, 1}},
	}
	f := &finder{a: a}
	compare := func(x, y int) (bool, bool) { return x+y != 1, false }
	distinct := func(x, y int) bool { return x+y == 1 }
	cs := f.linkApart(3, func(x int) int { return x }, compare, distinct)
	i := slices.IndexFunc(cs, func(c component) bool { return c.conflict })
	if i < 0 || !slices.Equal(cs[i].members, []int{1, 2}) {
		t.Errorf("want 3.6 metres linked with 4.1 metres, got %+v", cs)
	}
}

// TestSameActAfterTheName: two people said to have done the same thing
// ("told staff at a meeting") are a "who" point, however differently the
// sentences go on.
func TestSameActAfterTheName(t *testing.T) {
	rest := "\n\nThe biscuit factory will close by the end of June.\n\nProduction moves to a new plant.\n\n" +
		"The union has called a meeting.\n\nShares in the company rose on the news."
	docs := []Doc{
		{ID: "advertiser", Name: "Advertiser", Text: "Chief executive Marion Achebe told staff at a meeting in the factory canteen at 10am that production would move to the new plant, 40 miles away." + rest},
		{ID: "press", Name: "Press", Text: "Operations director Tomas Varga told staff at a meeting at the factory on Tuesday morning, the company said." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return strings.Contains(p.Summary, "Achebe") && strings.Contains(p.Summary, "Varga")
	}) {
		t.Errorf("want Marion Achebe set against Tomas Varga, got %+v", points)
	}
}

// TestNoBeforeAModifier: "No passenger trains were in the area" denies
// passenger trains, not passengers; "No passengers left the train" denies
// passengers.
func TestNoBeforeAModifier(t *testing.T) {
	rest := "\n\nThe freight train came off the tracks on Tuesday night.\n\nThe line will stay shut for days.\n\n" +
		"Engineers are inspecting the track bed.\n\nBuses replace trains between the two towns."
	for _, tc := range []struct {
		denial, other string
		point         bool
	}{
		{"No passenger trains were on the line in the valley at the time, the operator said.",
			"About 3,000 passengers a day use the line in the valley, according to the train operator.", false},
		{"No passenger trains were on the line in the valley at the time, the operator said.",
			"Two passenger trains were on the line in the valley at the time, a signaller said.", true},
	} {
		docs := []Doc{{ID: "wire", Name: "Wire", Text: tc.denial + rest}, {ID: "chronicle", Name: "Chronicle", Text: tc.other + rest}}
		points := mustDisputes(t, New(DefaultOptions()), docs)
		got := slices.ContainsFunc(points, func(p story.Point) bool { return strings.Contains(p.Summary, "Wire denies") })
		if got != tc.point {
			t.Errorf("%q against %q: denial point %v, want %v (%+v)", tc.denial, tc.other, got, tc.point, points)
		}
	}
}

// TestMannerRuleAndPlansAreNoDenials: a rule ("may not use"), a manner or
// an order ("not taken lightly", "not the company's first") and "no plans
// to" deny no act another source asserts.
func TestMannerRuleAndPlansAreNoDenials(t *testing.T) {
	for _, text := range []string{
		"Under the ban, customers may not use a hosepipe to water gardens.",
		"The councillor said the decision had not been taken lightly.",
		"It is not the company's first brush with regulators.",
	} {
		if neg, _, _ := negated(scanTokens(text)); neg {
			t.Errorf("%q: read as a denial", text)
		}
	}
	rest := "\n\nThe budget was delivered on Tuesday.\n\nBorrowing will rise next year.\n\nPensions go up by 4 per cent.\n\nChildcare support is extended."
	docs := []Doc{
		{ID: "ledger", Name: "Ledger", Text: "Fuel duty has been frozen again, and the treasury says it has no plans to change that before the election." + rest},
		{ID: "radio", Name: "Radio", Text: "Officials briefed on the plans say the minister will raise the top rate of income tax." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if slices.ContainsFunc(points, func(p story.Point) bool { return strings.Contains(p.Summary, "denies") }) {
		t.Errorf("'no plans to change' denies nothing the briefing asserts, got %+v", points)
	}
}

// TestCustodyOrBail: one outlet has the defendant taken into custody,
// another free on bail; the judge who let him stay free is not the one
// the phrase is about, and a denied phrase says nothing.
func TestCustodyOrBail(t *testing.T) {
	rest := "\n\nThe former mayor was sentenced to six years for taking bribes.\n\nThe jury convicted him in March.\n\n" +
		"Prosecutors had asked for eight years.\n\nHis lawyers say they will appeal."
	for _, tc := range []struct {
		other string
		point bool
	}{
		{"Judge Helen Marsh allowed Corwin Blake to remain free on bail until next month.", true},
		{"Corwin Blake was taken to the cells after the hearing, a court official said.", false},
		{"Corwin Blake was not released on bail, his lawyer said.", false},
	} {
		docs := []Doc{
			{ID: "wire", Name: "Wire", Text: "Corwin Blake was taken into custody in the courtroom moments after the sentence was read." + rest},
			{ID: "gazette", Name: "Gazette", Text: tc.other + rest},
		}
		points := mustDisputes(t, New(DefaultOptions()), docs)
		got := slices.ContainsFunc(points, func(p story.Point) bool {
			return p.Topic == "Whether Corwin Blake was taken into custody or remains free on bail"
		})
		if got != tc.point {
			t.Errorf("%q: custody point %v, want %v (%+v)", tc.other, got, tc.point, points)
		}
	}
}

// TestContainsWord: distinctTopic tells two points apart by a noun the
// topic does not already hold ("Number of florins: florins" tells
// nothing).
func TestContainsWord(t *testing.T) {
	for _, tc := range []struct {
		text, word string
		want       bool
	}{
		{"Number of florins", "florins", true},
		{"When the council has published the results", "Results", true},
		{"Number of florins", "state", false},
		{"Length of the closure", "close", false},
	} {
		if got := containsWord(tc.text, tc.word); got != tc.want {
			t.Errorf("containsWord(%q, %q) = %v, want %v", tc.text, tc.word, got, tc.want)
		}
	}
}

// TestYearsAStructureWasBuilt: "completed in 1884" and "built in 1927" date
// one thing, whatever else their sentences say.
func TestYearsAStructureWasBuilt(t *testing.T) {
	rest := "\n\nThe storm flooded homes in the lower town.\n\nResidents were moved to the leisure centre.\n\n" +
		"Engineers began placing rock on the beach.\n\nThe council opened a helpline for residents."
	docs := []Doc{
		{ID: "packet", Name: "Packet", Text: "The Victorian wall was completed in 1884, when the harbour was extended for the fishing fleet." + rest},
		{ID: "review", Name: "Review", Text: "Despite its reputation, the section of the wall that failed was built in 1927 as a concrete replacement." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return strings.Contains(p.Summary, "1884") && strings.Contains(p.Summary, "1927")
	}) {
		t.Errorf("want 1884 set against 1927, got %+v", points)
	}
	if got := slotOf(scanTokens("The wall was built in 1927."), "1927"); got != "build" {
		t.Errorf("slot of 'built in 1927' = %q, want build", got)
	}
}

// TestWhoProposedIt: a motion tabled by one named councillor and a
// proposal put forward by another are two doers of one act, though both
// are leaders.
func TestWhoProposedIt(t *testing.T) {
	rest := "\n\nThe committee met at the Guildhall.\n\nThe branch opened in 1971.\n\nResidents queued to speak.\n\nA petition was handed in."
	docs := []Doc{
		{ID: "radio", Name: "Radio", Text: "The proposal was put forward by council leader Ruth Amberley at the Guildhall." + rest},
		{ID: "paper", Name: "Paper", Text: "The motion was tabled by deputy leader Colin Foss at the Guildhall." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return strings.HasPrefix(p.Topic, "Who") && strings.Contains(p.Summary, "Colin Foss") && strings.Contains(p.Summary, "Ruth Amberley")
	}) {
		t.Errorf("want the leader and the deputy leader as two proposers, got %+v", points)
	}
}

// TestNameOfTheJudge: articles that each name one judge, by different
// surnames, disagree on who sat; an article that names two judges answers
// for neither.
func TestNameOfTheJudge(t *testing.T) {
	rest := "\n\nThe trial at Harlow Crown Court lasted three weeks.\n\nThe roofer had denied fraud.\n\nHis victims were elderly."
	docs := []Doc{
		{ID: "courier", Name: "Courier", Text: "Sentencing him, Judge Helen Prothero said the roofer had preyed on the elderly." + rest},
		{ID: "wire", Name: "Wire", Text: "Judge Helen Pritchard told the roofer he had preyed on the elderly." + rest},
		{ID: "paper", Name: "Paper", Text: "Judge Prothero said the roofer had preyed on the elderly." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	at := slices.IndexFunc(points, func(p story.Point) bool { return p.Topic == "Name of the judge" })
	if at < 0 || len(points[at].Positions) != 3 {
		t.Fatalf("want the judge's two names as a point, got %+v", points)
	}
	docs[1].Text = "Judge Helen Pritchard, sitting with Judge Owen Prothero, told the roofer he had preyed on the elderly." + rest
	if slices.ContainsFunc(mustDisputes(t, New(DefaultOptions()), docs), func(p story.Point) bool { return p.Topic == "Name of the judge" }) {
		t.Error("an article naming two judges disputes neither")
	}
}

// TestDoersAgreeByTheirHead: doers who share only a modifier ("an
// independent security researcher", "the firm's in-house security team")
// are two doers; doers who share their head ("a taxi driver", "the
// driver") are one.
func TestDoersAgreeByTheirHead(t *testing.T) {
	rest := "\n\nCustomer records were copied from a billing server.\n\nThe regulator has been told.\n\nCustomers are advised to change their passwords."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "The breach was discovered by an independent security researcher, who alerted the company." + rest},
		{ID: "daily", Name: "Daily", Text: "The intrusion was discovered by the firm's in-house security team, the company said." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return strings.HasPrefix(p.Topic, "Who") && strings.Contains(p.Summary, "in-house security team")
	}) {
		t.Errorf("want the researcher and the in-house team as two doers, got %+v", points)
	}
	docs[1].Text = "The breach was discovered by a security researcher, the company said." + rest
	if slices.ContainsFunc(mustDisputes(t, New(DefaultOptions()), docs), func(p story.Point) bool { return strings.HasPrefix(p.Topic, "Who") }) {
		t.Error("an independent security researcher and a security researcher are one doer")
	}
}

func TestCameToLight(t *testing.T) {
	acts := readActs(0, scanTokens("The fraud came to light when the association's bank flagged a series of transfers."), nil)
	if len(acts) == 0 || acts[0].object != "fraud" || foldStem(acts[0].verb) != foldStem(lemma("uncovered")) || acts[0].phrase != "the association's bank" {
		t.Errorf("want the bank as who uncovered the fraud, got %+v", acts)
	}
}

func TestCleftDoers(t *testing.T) {
	for _, tc := range []struct{ sentence, doer, object string }{
		{"It was Corvane's own monitoring team, rather than anyone at the practice, that picked up the intrusion.", "Corvane's own monitoring team", "intrusion"},
		{"It was a dog walker who found the bird.", "a dog walker", "bird"},
	} {
		acts := readActs(0, scanTokens(tc.sentence), nil)
		if !slices.ContainsFunc(acts, func(x act) bool { return x.phrase == tc.doer && x.object == stem(tc.object) }) {
			t.Errorf("%q: want %q as doer on %q, got %+v", tc.sentence, tc.doer, tc.object, acts)
		}
	}
	if x, ok := cleftAct(0, scanTokens("It was not Corvane that discovered the breach."), nil); ok {
		t.Errorf("a denying cleft read as an act: %+v", x)
	}
}

// TestALeadIsNotCreditedToABuriedRetelling: an article that tells another's
// lead only further down leads with something else, and the brief does
// not cite it for that lead.
func TestALeadIsNotCreditedToABuriedRetelling(t *testing.T) {
	lead := "The Marsh Trust is appealing for information after a young eagle was found dead on the downs near Hatton."
	docs := []Doc{
		{ID: "trust", Name: "Trust", Text: lead + "\n\nThe bird was found by a walker on Sunday morning.\n\nPolice are treating the death as suspicious.\n\nThe trust released the eagle two years ago."},
		{ID: "farmers", Name: "Farmers", Text: "Sheep farmers near Hatton say they have lost dozens of lambs to eagles this spring.\n\nThey want a compensation scheme before next year's lambing.\n\nThe farmers' union will meet the trust next month.\n\nThe Marsh Trust is also appealing for information after the young eagle was found dead on the downs.\n\nPolice are treating the death as suspicious."},
	}
	for _, s := range mustBrief(t, New(DefaultOptions()), docs, nil) {
		if strings.HasPrefix(s.Text, "The Marsh Trust is appealing") && slices.Contains(s.Sources, "farmers") {
			t.Errorf("the trust's lead is cited to the farmers, who lead with their lambs: %+v", s)
		}
	}
}

// TestDeniedCoordinatedModifier: "no agency or replacement drivers had
// been brought in" denies the agency drivers another outlet says were
// drafted in, though "agency" is followed by "or", not by its noun.
func TestDeniedCoordinatedModifier(t *testing.T) {
	rest := "\n\nBuses stayed in the depots on Monday.\n\nThe union wants a 9 per cent rise.\n\nTalks are due to resume on Friday."
	docs := []Doc{
		{ID: "voice", Name: "Voice", Text: "Tramlink drafted in agency drivers from outside the city to cover the busiest routes.\n\nPickets gathered before dawn." + rest},
		{ID: "press", Name: "Press", Text: "Tramlink said no agency or replacement drivers had been brought in to cover routes.\n\nPickets gathered at dawn." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool { return strings.Contains(p.Summary, "Press denies") }) {
		t.Errorf("want the denial of agency drivers set against their use, got %+v", points)
	}
	if got := phraseNext(scanTokens("no agency or replacement drivers"), 1); got != 4 {
		t.Errorf("phraseNext = %d, want 4 (drivers)", got)
	}
}

// TestLengthsRunDifferentWays: a depth, a distance north of a town and one
// south of it are three facts, not versions of one.
func TestLengthsRunDifferentWays(t *testing.T) {
	for _, tc := range []struct {
		sentence, surface, want string
	}{
		{"The quake struck at a depth of only ten kilometres.", "ten kilometres", "depth"},
		{"The epicentre was about 25 km north of Korvala.", "25 km", "north"},
		{"Flights are diverted to Meron, about 90 km to the south.", "90 km", "south"},
		{"The pit is about 90 metres deep.", "90 metres", "depth"},
		{"The village lies 12 miles from the coast.", "12 miles", "away"},
		{"The convoy stopped after 30 km.", "30 km", ""},
	} {
		if got := dimensionOf(scanTokens(tc.sentence), tc.surface); got != tc.want {
			t.Errorf("%q: %q runs %q, want %q", tc.sentence, tc.surface, got, tc.want)
		}
	}
	for _, tc := range []struct {
		x, y   string
		differ bool
	}{
		{"depth", "north", true}, {"north", "south", true}, {"away", "north", false}, {"depth", "depth", false}, {"", "depth", false}, {"away", "height", true},
	} {
		if got := dimensionsDiffer(tc.x, tc.y); got != tc.differ {
			t.Errorf("dimensionsDiffer(%q, %q) = %v, want %v", tc.x, tc.y, got, tc.differ)
		}
	}
	rest := "\n\nRescuers reached the hill villages on Sunday.\n\nThe death toll rose overnight.\n\nAid flights landed at dawn."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "The quake struck near Harun at a depth of only ten kilometres, seismologists said." + rest},
		{ID: "agency", Name: "Agency", Text: "The quake struck near Harun, about 25 km north of Korvala, seismologists said." + rest},
	}
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if strings.Contains(p.Summary, "kilometres") {
			t.Errorf("a depth set against a distance between places: %+v", p)
		}
	}
}

// TestSentenceGivingBothCounts: an outlet that gives the affected count
// beside the registered one ("4,300 … out of around thirteen thousand
// registered") does not dispute the others' 13,000 registered patients.
func TestSentenceGivingBothCounts(t *testing.T) {
	rest := "\n\nThe attack was found on Monday.\n\nLetters went out on Wednesday.\n\nPolice are investigating."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "The surgery, which has some 13,000 registered patients, said hackers had stolen records." + rest},
		{ID: "radio", Name: "Radio", Text: "Some 4,300 patients had records stolen, out of around thirteen thousand registered at the surgery." + rest},
	}
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if strings.Contains(p.Summary, "4,300") && strings.Contains(p.Summary, "13,000") {
			t.Errorf("the affected count set against the registered one: %+v", p)
		}
	}
}

// TestDeniedHead: the noun a "no" denies; "make no mistake" stresses.
func TestDeniedHead(t *testing.T) {
	for _, tc := range []struct{ sentence, want string }{
		{"There were no confirmed cases of illness.", "illness"},
		{"The company had received no safety warnings from inspectors.", "warnings"},
		{"Make no mistake: this was a cynical abuse of money.", ""},
		{"No office in Kessoria is above the law.", ""},
	} {
		if got, _ := deniedHead(scanTokens(tc.sentence)); got != tc.want {
			t.Errorf("%q: denies %q, want %q", tc.sentence, got, tc.want)
		}
	}
}

// TestTalliesToldDifferently: two articles' only tallies are the story's
// one vote, however unlike the sentences that tell the meeting are.
func TestTalliesToldDifferently(t *testing.T) {
	rest := "\n\nThe scheme will protect homes along the river.\n\nCampaigners plan a legal challenge.\n\nWork is due to begin next year."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "Harwick council voted by 27 votes to nine at a meeting on Tuesday evening to back the flood scheme." + rest},
		{ID: "echo", Name: "Echo", Text: "After a debate lasting more than three hours in a packed Guildhall, the plan was approved by 27 votes to 11." + rest},
	}
	if !slices.ContainsFunc(mustDisputes(t, New(DefaultOptions()), docs), func(p story.Point) bool {
		return strings.Contains(p.Summary, "27 votes to nine") && strings.Contains(p.Summary, "27 votes to 11")
	}) {
		t.Error("want the two tallies set against each other")
	}
}

func TestReadSuspicion(t *testing.T) {
	for _, tc := range []struct {
		text             string
		claim, suspected bool
	}{
		{"Detectives are treating a massive blaze that gutted the depot as deliberate.", true, true},
		{"Police said the fire was not being treated as suspicious.", true, false},
		{"Officers are treating the death as murder.", true, true},
		{"It is too early to say whether the fire will be treated as suspicious.", false, false},
		{"Staff were treated as heroes by the crowd.", false, false},
		{"Two people were treated for smoke inhalation.", false, false},
	} {
		c, ok := readSuspicion(0, scanTokens(tc.text))
		if ok != tc.claim || ok && c.suspected != tc.suspected {
			t.Errorf("%q: claim %v suspected %v, want %v %v", tc.text, ok, c.suspected, tc.claim, tc.suspected)
		}
	}
	rest := "\n\nFourteen buses were destroyed.\n\nResidents were evacuated overnight.\n\nThe depot will stay shut this week."
	docs := []Doc{
		{ID: "clarion", Name: "Clarion", Text: "Detectives are treating the blaze at the Harwick bus depot as deliberate." + rest},
		{ID: "radio", Name: "Radio", Text: "Police said the fire at the Harwick bus depot was not being treated as suspicious." + rest},
	}
	if !slices.ContainsFunc(mustDisputes(t, New(DefaultOptions()), docs), func(p story.Point) bool {
		return p.Topic == "Whether it is being treated as suspicious" && len(pointSources(p)) == 2
	}) {
		t.Error("want the two outlets' word on the police set against each other")
	}
}

// TestJobsMadeAndLost: the jobs a move creates and the jobs it cuts are
// two counts, and a union's "true number" of jobs is a count of jobs.
func TestJobsMadeAndLost(t *testing.T) {
	for _, tc := range []struct {
		sentence, surface string
		way               int
	}{
		{"The company will close the factory with the loss of 340 roles.", "340 roles", -1},
		{"Some 340 jobs are to go at the factory.", "340 jobs", -1},
		{"The new factory will create 250 new roles.", "250 new roles", 1},
		{"The plant will employ about 180 people.", "180 people", 1},
		{"The company has 2,000 staff.", "2,000 staff", 0},
	} {
		ts := scanTokens(tc.sentence)
		i := slices.IndexFunc(extractFacts(ts), func(f fact) bool {
			return strings.HasPrefix(tc.surface, f.surface) || strings.HasPrefix(f.surface, tc.surface)
		})
		if i < 0 {
			t.Fatalf("%q: no figure %q in %+v", tc.sentence, tc.surface, extractFacts(ts))
		}
		if got := jobWay(ts, extractFacts(ts)[i]); got != tc.way {
			t.Errorf("%q: way %d, want %d", tc.sentence, got, tc.way)
		}
	}
	fs := factsOf("The company claims 340 jobs are affected, but the true number is nearly 400, the union said.")
	if len(fs) != 1 || fs[0].key != "count:job" || fs[0].lo > 400 || fs[0].hi < 400 {
		t.Errorf("a corrected count: facts %+v, want one count of about 400 jobs", fs)
	}
	rest := "\n\nThe firm has baked in Harwick for a century.\n\nA consultation begins next week.\n\nStaff may apply for posts at the new site."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "Harwick Biscuits will close its Ferry Lane factory with the loss of 340 roles." + rest},
		{ID: "local", Name: "Local", Text: "The new plant at Crickmoor will create around 180 jobs, the company said." + rest},
		{ID: "union", Name: "Union", Text: "\"The company claims 340 jobs are affected at Ferry Lane. Our records show the true number is nearly 400,\" the union said." + rest},
		{ID: "trade", Name: "Trade", Text: "Harwick Biscuits will close its Ferry Lane factory, and the new plant will create 250 new roles." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	for _, p := range points {
		if strings.Contains(p.Summary, "250") && strings.Contains(p.Summary, "340") {
			t.Errorf("jobs made set against jobs lost: %s", p.Summary)
		}
	}
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return strings.Contains(p.Summary, "400") && strings.Contains(p.Summary, "340")
	}) {
		t.Errorf("want the union's true number set against the 340 jobs, got %+v", points)
	}
}

// TestWhereItBegan: "begun in the charging bay" and "started near the
// diesel fuel store" put one start in two spots.
func TestWhereItBegan(t *testing.T) {
	rest := "\n\nFourteen buses were destroyed.\n\nResidents were evacuated overnight.\n\nThe depot will stay shut this week."
	docs := []Doc{
		{ID: "courier", Name: "Courier", Text: "Fire officers said the blaze appeared to have begun in the charging bay used by the electric fleet." + rest},
		{ID: "agency", Name: "Agency", Text: "A fire service spokesperson said the blaze had started near the diesel fuel store at the rear of the site." + rest},
	}
	if !slices.ContainsFunc(mustDisputes(t, New(DefaultOptions()), docs), func(p story.Point) bool {
		return strings.Contains(p.Summary, "charging bay") && strings.Contains(p.Summary, "fuel store")
	}) {
		t.Error("want the two places the fire began set against each other")
	}
}

// TestTrueVersionOfASum: a campaign that tells the council's figure to
// correct it ("The council says the scheme will cost £14.6m. Our analysis
// puts the real figure at £18.2m") holds £18.2m against the others'
// £14.6m; a share of the cost ("nine million pounds of the cost") is no
// version of the whole.
func TestTrueVersionOfASum(t *testing.T) {
	fs := factsOf("\"The council says the scheme will cost £14.6m. Our analysis puts the real figure at £18.2m,\" she said.")
	if len(fs) != 2 || !fs[0].corrected || fs[1].corrected {
		t.Errorf("facts %+v, want £14.6m corrected and £18.2m not", fs)
	}
	ts := scanTokens("About nine million pounds of the cost is being met by a national grant.")
	if got := sumScope(ts, extractFacts(ts)[0]); got != partCount {
		t.Errorf("a share of the cost read as scope %v", got)
	}
	rest := "\n\nThe scheme will protect homes along the river.\n\nWork is due to begin next year.\n\nThe vote was close."
	docs := []Doc{
		{ID: "echo", Name: "Echo", Text: "Councillors approved a £14.6m flood defence scheme for Harwick on Tuesday night." + rest},
		{ID: "radio", Name: "Radio", Text: "Harwick councillors will decide on Tuesday whether to back the £14.6m flood scheme." + rest},
		{ID: "meadows", Name: "Meadows", Text: "\"The council says the scheme will cost £14.6m. Our own analysis of the tender documents puts the real figure at £18.2m,\" said a spokesman." + rest},
	}
	if !slices.ContainsFunc(mustDisputes(t, New(DefaultOptions()), docs), func(p story.Point) bool {
		return strings.Contains(p.Summary, "Meadows says £18.2") && strings.Contains(p.Summary, "14.6")
	}) {
		t.Error("want the campaign's real figure set against the council's")
	}
}

// TestBallotShares: a ballot's share is no version of a pay offer's.
func TestBallotShares(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		ballot   bool
	}{
		{"The union's members backed strike action by 87 per cent in a ballot last month.", true},
		{"The strike was called after an 87% vote in favour.", true},
		{"The operator has offered a 4.5 per cent increase in basic pay.", false},
	} {
		ts := scanTokens(tc.sentence)
		fs := slices.DeleteFunc(extractFacts(ts), func(f fact) bool { return f.key != "percent" })
		if len(fs) != 1 || ballotShare(ts, fs[0]) != tc.ballot {
			t.Errorf("%q: facts %+v, want one share, a ballot's %v", tc.sentence, fs, tc.ballot)
		}
	}
}

// TestLeadsApartInTheirMainClause: leads that tell one event after
// different main clauses put different things first, and a wire's
// dateline with an en dash is no part of what it leads with.
func TestLeadsApartInTheirMainClause(t *testing.T) {
	s := func(text string) *sentence { return &sentence{text: text, tokens: scanTokens(text)} }
	lifeboat := s("Volunteer lifeboat crews brought 212 passengers safely ashore yesterday after the ferry ran aground on Mardle Bank.")
	islanders := s("Islanders on Skerrinsay face a weekend without their lifeline service after the ferry ran aground on Mardle Bank.")
	if !mainClausesApart(lifeboat, islanders) {
		t.Error("two leads with unlike main clauses read as putting the same thing first")
	}
	if mainClausesApart(lifeboat, s("Lifeboat crews brought 212 passengers ashore after the grounding.")) {
		t.Error("two leads on the lifeboat crews read as apart")
	}
	// The story's names stand in every lead and say nothing of what it
	// puts first.
	shippers := s("Shippers using Dunholm's Westgate Terminal face weeks of disruption after a berthing collision on Saturday.")
	driver := s("A Dunholm crane driver spent three hours trapped in his cab after a ship struck his crane at Westgate.")
	if !mainClausesApart(shippers, driver) {
		t.Error("leads sharing only the port's names read as putting the same thing first")
	}
	if got := mainClause(scanTokens("DUNHOLM, 10 June (ANS) - Eleven people have been confirmed as ill.")); !got["eleven"] || got["dunholm"] {
		t.Errorf("a lead's first word is its own, the dateline's name is not: %v", got)
	}
	if got := leadWords(scanTokens("BRANTWICK, May 17 (Compass) – Maritime investigators have opened an inquiry into the grounding.")); got != "Maritime investigators have opened an inquiry into the" {
		t.Errorf("lead words %q", got)
	}
}

// TestEmphasisOneWayWhenMainClausesApart: leads whose main clauses share
// nothing differ in emphasis when one article reports the other's lead
// further down, though the other never reports its own.
func TestEmphasisOneWayWhenMainClausesApart(t *testing.T) {
	rest := "\n\nThe ferry was refloated later.\n\nInvestigators will examine the hull.\n\nSailings resume next week."
	docs := []Doc{
		{ID: "mercury", Name: "Mercury", Text: "# Ferry aground\n\nVolunteer lifeboat crews brought 212 passengers safely ashore after the Skerrinsay ferry ran aground on Mardle Bank.\n\nIslanders on Skerrinsay face a weekend without their lifeline ferry service." + rest},
		{ID: "seaboard", Name: "Seaboard", Text: "# Islanders cut off\n\nIslanders on Skerrinsay face a weekend without their lifeline ferry service, shopkeepers warned.\n\nShops on the island warn of empty shelves by Monday." + rest},
	}
	if !slices.ContainsFunc(mustDisputes(t, New(DefaultOptions()), docs), func(p story.Point) bool { return p.Kind == story.KindEmphasis }) {
		t.Error("want an emphasis point: the leads put the rescue and the islanders first")
	}
}

// TestOneDeath: a count of one is a count only of the dead ("where one
// man has died" against "two people have died"), and a decade ("a man in
// his 70s") counts nothing.
func TestOneDeath(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"Eleven people are ill in the town, where one man has died.", 2},
		{"One person was killed in the crash.", 1},
		{"One worker said he was scared.", 0},
		{"The patient, a man in his 70s, is in hospital.", 0},
		{"Investigators are focusing on the chicken, according to two people familiar with the inquiry.", 0},
		{"Three people close to the talks said no deal was near.", 0},
	} {
		if got := len(factsOf(tc.text)); got != tc.want {
			t.Errorf("%q: %d facts %+v, want %d", tc.text, got, factsOf(tc.text), tc.want)
		}
	}
	ts := scanTokens("Eleven people have Legionnaires' disease in Dunholm, where one man has died.")
	if st := stateOf(ts, extractFacts(ts)[0]); st != "" {
		t.Errorf("the eleven ill read as %q: another count opens another subject", st)
	}
	common := "\n\nThe outbreak was declared on Monday.\n\nCooling towers on the estate have been inspected.\n\nNine patients are in hospital."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "The Legionnaires' outbreak in Dunholm, where one man has died, is the town's first, officials said." + common},
		{ID: "clarion", Name: "Clarion", Text: "Two people have died in the Legionnaires' outbreak in Dunholm, families say." + common},
	}
	if !slices.ContainsFunc(mustDisputes(t, New(DefaultOptions()), docs), func(p story.Point) bool {
		return strings.Contains(p.Summary, "one man") && strings.Contains(p.Summary, "Two people")
	}) {
		t.Errorf("want one death set against two, got %+v", mustDisputes(t, New(DefaultOptions()), docs))
	}
}

func TestUnreadableTopics(t *testing.T) {
	tg := newTagger()
	for _, topic := range []string{"How long passengers whose journeys run", "How long some of them have been waiting"} {
		if readableTopic(tg, topic) {
			t.Errorf("%q read as a heading", topic)
		}
	}
	if !readableTopic(tg, "How much all of this has cost the public") {
		t.Error("a partitive of what the sentence names is a heading")
	}
}

func TestPluralNouns(t *testing.T) {
	for w, want := range map[string]bool{"homes": true, "people": true, "wreckage": false, "temperature": false} {
		if plural(w) != want {
			t.Errorf("plural(%q) = %v", w, !want)
		}
	}
}

// TestSumsInCurrencyNames: a sum told in a currency's name is a sum.
func TestSumsInCurrencyNames(t *testing.T) {
	for _, s := range []string{"a levy on fortunes above five million crowns", "fines of up to 2 million thalers a day", "35 million dollars in aid"} {
		if fs := factsOf(s); len(fs) != 1 || fs[0].key != "money" {
			t.Errorf("%q: facts %+v, want one sum", s, fs)
		}
	}
}

func TestTimeToldTwiceIsOneAnswer(t *testing.T) {
	docs := []Doc{
		{ID: "post", Name: "Post", Text: "In an abrupt ouster that left parents stunned, the school board voted 5-2 shortly after 11 p.m. Thursday to fire Superintendent Renata Caldwell. Parents were angry. \"It chose a public firing at eleven o'clock at night,\" one mother said."},
		{ID: "wire", Name: "Wire", Text: "The school board has fired Superintendent Renata Caldwell. The vote came at about 9:45 p.m. during a special meeting at the district's administration building. Dozens of residents waited outside."},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return strings.Contains(p.Summary, "11 p.m.") && strings.Contains(p.Summary, "9:45 p.m.")
	}) {
		t.Errorf("want 11 p.m. (told again as eleven o'clock) set against 9:45 p.m.; got %+v", points)
	}
}

func TestCountNounsOfOneClass(t *testing.T) {
	for _, tc := range []struct{ x, y string }{
		{"households", "families"},
		{"dockers", "dockworkers"},
		{"dockworkers", "staff"},
		{"hikers", "walkers"},
	} {
		if countKey(tc.x) != countKey(tc.y) {
			t.Errorf("%s (%s) and %s (%s) are counted apart", tc.x, countKey(tc.x), tc.y, countKey(tc.y))
		}
	}
	if countKey("families") == countKey("pupils") {
		t.Error("families counted as pupils")
	}
}

func TestSuchDeniesWhatTheSentenceBeforeTells(t *testing.T) {
	docs := []Doc{
		{ID: "voice", Name: "Voice", Text: "The line closed on Monday. We have been told that a driver reported unusual movement on the viaduct on 24 May, a week before the closure."},
		{ID: "nta", Name: "NTA", Text: "The line closed on Monday. The authority is aware of claims that a train driver reported movement on the viaduct before the closure. No such report was received."},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return slices.ContainsFunc(p.Positions, func(q story.Position) bool { return q.Quote == "No such report was received." })
	}) {
		t.Errorf("want 'No such report was received' set against the driver's report; got %+v", points)
	}
}

func TestWeekdayDatedByPublication(t *testing.T) {
	monday := time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		day   string
		ahead bool
		want  float64
	}{
		{"Friday", false, 612},
		{"Monday", false, 615},
		{"Sunday", false, 614},
		{"Thursday", true, 618},
		{"Monday", true, 615},
	} {
		f := fact{key: "weekday", surface: tc.day, lo: weekdayNumber(strings.ToLower(tc.day)), hi: weekdayNumber(strings.ToLower(tc.day))}
		if got := datedWeekday(f, monday, tc.ahead); got.key != "monthday" || got.lo != tc.want || got.hi != tc.want {
			t.Errorf("%s (ahead %v) in Monday 15 June's paper: %+v, want day %v", tc.day, tc.ahead, got, tc.want)
		}
	}
	fri := fact{key: "weekday", lo: 5, hi: 5}
	if x, y := datedWeekday(fri, monday, false), datedWeekday(fri, monday.AddDate(0, 0, -4), true); !x.agrees(y) {
		t.Error("two outlets' Friday disagree because they appeared on different days")
	}
	docs := []Doc{
		{ID: "mercury", Name: "Mercury", Published: "2026-06-15T18:00:00Z", Text: "The club's chairman, Gordon Whitlock, resigned on Friday, three days before the league published its findings. Fans were angry."},
		{ID: "voice", Name: "Voice", Published: "2026-06-16T08:00:00Z", Text: "Chairman Gordon Whitlock resigned on 9 June, almost a week before the league published its verdict. Fans were angry."},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return strings.Contains(p.Summary, "Friday") && strings.Contains(p.Summary, "9 June")
	}) {
		t.Errorf("want Friday (12 June) set against 9 June; got %+v", points)
	}
}

func TestJudgementsGivenToOthersAndOilSlicks(t *testing.T) {
	for _, tc := range []struct {
		sentence  string
		set       map[string][][]string
		wantFound bool
	}{
		{"The league calls it proportionate.", favourablePhrases, false},
		{"It is what the council described as a landmark scheme.", favourablePhrases, false},
		{"The commission imposed a proportionate sanction.", favourablePhrases, true},
		{"By noon a diesel slick stretched 3 km downstream.", favourablePhrases, false},
		{"The draconian penalty punishes the wrong people.", criticalPhrases, true},
	} {
		if got := findPhrase(scanTokens(tc.sentence), tc.set) != ""; got != tc.wantFound {
			t.Errorf("%q: phrase found %v, want %v", tc.sentence, got, tc.wantFound)
		}
	}
}

func TestEndPoint(t *testing.T) {
	tests := []struct {
		sentence string
		want     bool
	}{
		{"The zoo will stay shut until at least 27 March.", true},
		{"The zoo closed for the day and will reopen on Saturday.", true},
		{"Services resumed from 1 June.", true},
		{"The crew came back on Tuesday.", false},
		{"The road remained closed on Tuesday afternoon.", false},
		{"The bridge was not closed until Sunday.", false},
		{"The depot opened on Monday.", false},
		{"The trust did not expect to reopen the baths until 30 August.", true},
	}
	for _, tt := range tests {
		ts := scanTokens(tt.sentence)
		facts := extractFacts(ts)
		if len(facts) == 0 {
			t.Fatalf("%q: no time found", tt.sentence)
		}
		if got := endPoint(ts, facts[len(facts)-1]); got != tt.want {
			t.Errorf("endPoint(%q) = %v, want %v", tt.sentence, got, tt.want)
		}
	}
}

func TestLengthUntilAnEnd(t *testing.T) {
	pub := time.Date(2026, 7, 14, 9, 0, 0, 0, time.UTC)
	until := fact{key: "monthday", lo: 830, hi: 830, until: true, surface: "30 August"}
	d, ok := lengthUntil(until, pub)
	if !ok || d.key != "duration" || d.lo != 47 || !d.toEnd {
		t.Errorf("until 30 August from 14 July: %+v (ok %v), want 47 days", d, ok)
	}
	if _, ok := lengthUntil(fact{key: "monthday", lo: 701, hi: 701, until: true}, pub); ok {
		t.Error("an end the paper's date has passed is no length")
	}
	if _, ok := lengthUntil(fact{key: "monthday", lo: 830, hi: 830}, pub); ok {
		t.Error("a date that ends nothing is no length")
	}
	rest := "\n\nSwimmers fell ill after visiting the baths.\n\nTests are under way.\n\nThe trust apologised."
	docs := []Doc{
		{ID: "courier", Name: "Courier", Published: "2026-07-14T08:00:00Z", Text: "The Mill Street baths are closed.\n\nThe trust said the baths would stay closed until 30 August while the filters are replaced." + rest},
		{ID: "wire", Name: "Wire", Published: "2026-07-14T10:00:00Z", Text: "The Mill Street baths are closed.\n\nThe trust said the baths would stay closed for about ten days while the filters are replaced." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		return strings.Contains(p.Summary, "30 August") && strings.Contains(p.Summary, "ten days") && p.Topic == "How long the closure lasts"
	}) {
		t.Errorf("want closed until 30 August set against closed for ten days, got %+v", points)
	}
	// One Friday in papers of two days, and a length counted from the
	// event, dispute nothing.
	docs = []Doc{
		{ID: "radio", Name: "Radio", Published: "2026-03-09T08:00:00Z", Text: "The quarry road is shut.\n\nThe road will reopen on Friday after repairs." + rest},
		{ID: "post", Name: "Post", Published: "2026-03-10T08:00:00Z", Text: "The quarry road is shut.\n\nThe road will reopen on Friday, two weeks after a landslide closed it." + rest},
	}
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if strings.Contains(p.Summary, "Friday") {
			t.Errorf("one Friday, or a length since the event, is no dispute: %+v", p)
		}
	}
}

func TestOnlyHourOfANamedDay(t *testing.T) {
	docs := []Doc{
		{ID: "gazette", Name: "Gazette", Text: "Thieves raided the town museum overnight. The break-in happened shortly after 2am on Wednesday, police said. A cleaner found the smashed cases at 6.40am. Police want to hear from anyone who was in Chapel Street between midnight and 4am."},
		{ID: "tv", Name: "TV", Text: "Thieves raided the town museum overnight. Camera footage shows two figures entering at around 3.30am on Wednesday, police said. The museum will stay closed this week."},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		q := quotesOf(p)
		return strings.Contains(q, "2am") && strings.Contains(q, "3.30am")
	}) {
		t.Errorf("want 2am on Wednesday set against 3.30am on Wednesday, got %+v", points)
	}
	for _, p := range points {
		if q := quotesOf(p); strings.Contains(q, "6.40am") {
			t.Errorf("the hour the damage was found is not of the break-in: %+v", p)
		}
	}
}

// quotesOf joins a point's quotes.
func quotesOf(p story.Point) string {
	var b strings.Builder
	for _, q := range p.Positions {
		b.WriteString(q.Quote + "\n")
	}
	return b.String()
}

// TestWhereTheyAreMoved: places patients are moved to, by any verb of
// moving, answer one question, and two hospitals are not one because
// both are hospitals.
func TestWhereTheyAreMoved(t *testing.T) {
	rest := "\n\nThe board voted to close the ward on Thursday.\n\nThe ward has 22 beds.\n\nCampaigners said they would fight on."
	docs := []Doc{
		{ID: "board", Name: "Board", Text: "The ward will close from 1 August.\n\nPatients who need a rehabilitation bed will be transferred to Ashwell Ward at Kingsmead General Hospital, 11 miles away." + rest},
		{ID: "tv", Name: "TV", Text: "The ward will close from 1 August.\n\nPatients will be moved to Brookfield Hospital in Parford instead." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		q := quotesOf(p)
		return strings.Contains(q, "Brookfield") && strings.Contains(q, "Kingsmead")
	}) {
		t.Errorf("want Brookfield set against Kingsmead, got %+v", points)
	}
	if !(name{parts: []string{"st", "brannoc", "school"}}).sameEntity(name{parts: []string{"brannoc", "primary"}}) {
		t.Error("a shared name part must still make one entity")
	}
}

func TestWhichGerm(t *testing.T) {
	docs := []Doc{
		{ID: "post", Name: "Post", Text: "Forty guests fell ill after a wedding at the Moorcroft Hotel.\n\nThe outbreak has been confirmed as norovirus, health officials said.\n\nThe hotel has closed its kitchen."},
		{ID: "radio", Name: "Radio", Text: "Forty guests were taken ill after a wedding at the Moorcroft Hotel.\n\nTests showed the guests had E. coli, the council said.\n\nThe kitchen is closed."},
		{ID: "wire", Name: "Wire", Text: "Forty people fell ill after a wedding reception at the Moorcroft Hotel.\n\nOfficials first suspected E. coli, but tests confirmed norovirus.\n\nThe kitchen has closed."},
	}
	if got := pointSources(mustPointOn(t, docs, "Which infection caused the illness")); !slices.Equal(got, []string{"post", "radio"}) {
		t.Errorf("an article naming both germs tells a change, not a side: sources %v", got)
	}
	for text, want := range map[string]bool{
		"The outbreak was confirmed as salmonella.":              true,
		"No legionella bacteria have been found in the samples.": false,
		"Tests will show whether it is norovirus.":               false,
		"The bug is thought to be listeria.":                     false,
		"Inspectors found E. coli in the water tank.":            true,
		"The E in the logo stands for Ellis.":                    false,
	} {
		ts := scanTokens(text)
		no, _, _ := negated(ts)
		d := details{negated: no}
		if _, got := readPathogen(0, ts, d); got != want {
			t.Errorf("%q: reads a germ %v, want %v", text, got, want)
		}
	}
}

func TestWhichJunction(t *testing.T) {
	rest := "\n\nThe driver was taken to hospital.\n\nThe road reopened on Wednesday.\n\nPolice appealed for witnesses."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "A lorry overturned on the M9 on Tuesday.\n\nThe lorry came off the northbound carriageway between junctions 7 and 8 at about 6am." + rest},
		{ID: "post", Name: "Post", Text: "A lorry overturned on the M9 on Tuesday.\n\nThe lorry overturned on the northbound carriageway between junctions 8 and 9 shortly after 6am." + rest},
		{ID: "radio", Name: "Radio", Text: "A lorry overturned on the M9 on Tuesday.\n\nThe motorway was shut at junction 7 for most of the morning." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	if !slices.ContainsFunc(points, func(p story.Point) bool {
		q := quotesOf(p)
		return strings.Contains(q, "junctions 7 and 8") && strings.Contains(q, "junctions 8 and 9")
	}) {
		t.Errorf("want junctions 7 and 8 set against 8 and 9, got %+v", points)
	}
	for _, tc := range []struct {
		text, want string
	}{
		{"It was shut between junctions 14 and 15.", "junction-14-15"},
		{"It was shut at junction 9 overnight.", "junction-9"},
		{"The junction was shut.", ""},
	} {
		var got string
		for _, nm := range extractNames(scanTokens(tc.text), func(string) bool { return false }) {
			if nm.place && nm.head == "junction" {
				got = nm.parts[0]
			}
		}
		if got != tc.want {
			t.Errorf("%q: junction %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestAnotherNameIsNoSupport(t *testing.T) {
	proper := func(w string) bool { return w != "investigators" } // a capital that only opens the sentence
	named := func(s string) details { return details{names: extractNames(scanTokens(s), proper)} }
	for _, tc := range []struct {
		x, y  string
		other bool
	}{
		{"Investigators are focusing on a cooling tower at the Delacourt Packaging plant.", "Investigators are focusing on a cooling tower at the Fenlow Cold Storage depot.", true},
		{"Inspector Ruth Bale said the gates were shut.", "Inspector Ruth Bale told reporters the gates were shut.", false},
		{"The ferry struck rocks at Carraig Point.", "The ferry struck rocks at Carraig Point near Inchmurren.", false},
		{"Mayor Tom Reilly opened the bridge.", "Councillor Ann Pryce opened the bridge.", true},
	} {
		if got := otherName(named(tc.x), named(tc.y)); got != tc.other {
			t.Errorf("%q against %q: another name %v, want %v", tc.x, tc.y, got, tc.other)
		}
	}
}

func TestNoSourceIsGivenAnothersFigure(t *testing.T) {
	c := camp{members: []int{0, 1}, claims: []string{"7 am", "7.30 am"}, value: "7 am"}
	if got := campClause(c, []string{"Echo", "FM"}, "%s say %s"); got != "Echo says 7 am and FM says 7.30 am" {
		t.Errorf("two figures of one camp: %q", got)
	}
	c = camp{members: []int{0, 1}, claims: []string{"68 seats", "sixty-eight seats"}, value: "68 seats"}
	if got := campClause(c, []string{"Wire", "Post"}, "%s say %s"); got != "Wire and Post say 68 seats" {
		t.Errorf("one figure worded two ways: %q", got)
	}
	c = camp{members: []int{0, 1}, claims: []string{"the night guard Pavel Nowak", "the night guard"}, value: "the night guard Pavel Nowak"}
	if got := campClause(c, []string{"Radio", "Wire"}, "%s say %s"); got != "Radio and Wire say the night guard Pavel Nowak" {
		t.Errorf("a doer's wordings stay one camp: %q", got)
	}
}

func TestEvaluationsOfTheAct(t *testing.T) {
	for _, tc := range []struct{ sentence, want string }{
		{"We thank the trust for its prompt and responsible action on Friday.", "prompt and responsible action"},
		{"Staff gave a swift, textbook response.", "swift"},
	} {
		if got := findPhrase(scanTokens(tc.sentence), favourablePhrases); got != tc.want {
			t.Errorf("%q: phrase %q, want %q", tc.sentence, got, tc.want)
		}
	}
	rest := "\n\nThe pool closed on Friday.\n\nTwenty people fell ill.\n\nIt will reopen in August."
	docs := []Doc{
		{ID: "board", Name: "Board", Text: "Swimmers are reminded that thorough handwashing stops the spread.\n\nWe thank the trust for its prompt and responsible action." + rest},
		{ID: "clarion", Name: "Clarion", Text: "Parents slammed the trust's shambolic response to the outbreak." + rest},
	}
	points := mustDisputes(t, New(DefaultOptions()), docs)
	i := slices.IndexFunc(points, func(p story.Point) bool { return p.Kind == story.KindFraming })
	if i < 0 || !strings.Contains(points[i].Summary, "prompt and responsible action") || points[i].Topic != "How the action is described" {
		t.Errorf("want the trust's action judged both ways, got %+v", points)
	}
}

func TestOutletVoiceStaysOutOfTheBrief(t *testing.T) {
	for text, want := range map[string]bool{
		"We're getting reports that the ferry ran aground.":               true,
		"Residents on Weir Close told us the water came in at 2am.":       true,
		"Our volunteers counted thousands of dead fish.":                  true,
		"\"We will fight this,\" said the campaign's chair, Ann Lowe.":    false,
		"The ferry ran aground at the mouth of the harbour on Wednesday.": false,
	} {
		if got := outletVoice(scanTokens(text)); got != want {
			t.Errorf("%q: outlet voice %v, want %v", text, got, want)
		}
	}
}

func TestWhichPartOfAPlace(t *testing.T) {
	rest := "\n\nVolunteers worked through the day.\n\nVets checked every animal.\n\nThe beach was closed to the public."
	docs := []Doc{
		{ID: "wire", Name: "Wire", Text: "Twenty seals were found stranded at the northern end of Pellow Sands on Sunday." + rest},
		{ID: "post", Name: "Post", Text: "The seals were stranded at the southern end of Pellow Sands, opposite the lifeboat station." + rest},
		{ID: "radio", Name: "Radio", Text: "Seals came ashore at the northern end of Pellow Sands, and some were later seen at the southern end of Pellow Sands." + rest},
	}
	if got := pointSources(mustPointOn(t, docs, "Which part of Pellow Sands it happened in")); !slices.Equal(got, []string{"post", "wire"}) && !slices.Equal(got, []string{"wire", "post"}) {
		t.Errorf("an article naming both ends tells both: sources %v", got)
	}
	for text, want := range map[string]string{
		"Rock fell from the north-east face of the quarry.":         "north-east",
		"The pod beached at the western end of the bay.":            "west",
		"The northern line was closed.":                             "",
		"Mud came down the western wall of the pit onto the floor.": "west",
	} {
		var got string
		if cs := readCompass(0, scanTokens(text)); len(cs) > 0 {
			got = cs[0].dir
		}
		if got != want {
			t.Errorf("%q: direction %q, want %q", text, got, want)
		}
	}
}

// mustPointOn returns the offline engine's point on docs with the given
// topic, failing the test when there is none.
func mustPointOn(t *testing.T, docs []Doc, topic string) story.Point {
	t.Helper()
	points := mustDisputes(t, New(DefaultOptions()), docs)
	i := slices.IndexFunc(points, func(p story.Point) bool { return p.Topic == topic })
	if i < 0 {
		t.Fatalf("want a point %q, got %+v", topic, points)
	}
	return points[i]
}

// TestOffTopicReason: an article is set aside for its closeness, for the
// few names it shares when its closeness is only low, or for its date.
func TestOffTopicReason(t *testing.T) {
	few := nameShares{core: 0.1, own: 0.2}
	many := nameShares{core: 0.8, own: 0.7}
	for _, c := range []struct {
		name      string
		compared  bool
		closeness float64
		names     nameShares
		apart     bool
		want      string
	}{
		{"far in words", true, 0.3, many, false, reasonCloseness},
		{"close but names nothing of the story", true, 0.6, few, false, reasonNames},
		{"names the story's core but nothing else", true, 0.6, nameShares{core: 0.8, own: 0.2}, false, ""},
		{"shares its names but not the core", true, 0.6, nameShares{core: 0.1, own: 0.9}, false, ""},
		{"names nothing, but close enough in words", true, 0.9, few, false, ""},
		{"never compared", false, 0.1, few, false, ""},
		{"weeks apart", true, 1.0, many, true, reasonDate},
		{"on topic", true, 1.0, many, false, ""},
	} {
		if got := offTopicReason(c.compared, c.closeness, c.names, c.apart); got != c.want {
			t.Errorf("%s: reason %q, want %q", c.name, got, c.want)
		}
	}
}

// TestSharedNames: a report of another theft in the same town names the
// town and nothing else the story's articles name; the story's articles
// name its museum, its hoard and its detective.
func TestSharedNames(t *testing.T) {
	theft := func(extra string) string {
		return "Thieves broke into Aldwinter Museum overnight and took pieces of the Heddon Hoard.\n\n" +
			"Detective Inspector Rhona Vale said the raid on Aldwinter Museum was planned.\n\n" + extra
	}
	docs := []Doc{
		{ID: "gazette", Name: "Gazette", Text: theft("The Heddon Hoard was found by Colin Marsh in a field near Brackley.")},
		{ID: "radio", Name: "Radio", Text: theft("Vale asked anyone who saw a van on Chapel Street to call police.")},
		{ID: "voice", Name: "Voice", Text: theft("Campaigners blamed cuts at the museum, and Vale would not comment.")},
		{ID: "wire", Name: "Wire", Text: "Thieves stripped lead from the roof of St Oswin's Church in Aldwinter overnight.\n\n" +
			"Churchwarden Susan Pike said the Oswin Trust would hold a coffee morning.\n\nPolice said the raid was planned."},
	}
	a, err := New(DefaultOptions()).analyze(canonical(docs))
	if err != nil {
		t.Fatal(err)
	}
	shares := a.sharedNames()
	for d, doc := range a.docs {
		s := shares[d]
		off := s.core < coreNamesShare && s.own < ownNamesShare
		if off != (doc.ID == "wire") {
			t.Errorf("%s: names shared %+v, off-topic by names %v", doc.ID, s, off)
		}
	}
}

// TestDropStatingKeepsWhatAnotherPointNeeds: mending one point by taking
// out the sentences that state it leaves a sentence told for another
// point, which would otherwise be left one-sided.
func TestDropStatingKeepsWhatAnotherPointNeeds(t *testing.T) {
	point := func(a, b string) *touchedPoint {
		return &touchedPoint{versions: []version{
			{sources: []string{"post"}, pos: story.Position{Source: "post", Claim: a}, claims: []string{a}},
			{sources: []string{"wire"}, pos: story.Position{Source: "wire", Claim: b}, claims: []string{b}},
		}, byQuote: []map[string]bool{{}, {}}}
	}
	st := &settling{e: New(DefaultOptions()), ds: []*touchedPoint{point("40 homes", "160 homes"), point("£2 million", "£5 million")}}
	told := Attributed{Text: "Wire reports that 160 homes were flooded and that repairs will cost £2 million.", Sources: []string{"wire"}, about: []int{0, 1}, told: true}
	stated := Attributed{Text: "Repairs will cost £2 million, the council said.", Sources: []string{"post"}, about: []int{1}}
	// Both sources are heard elsewhere, so neither sentence must stay
	// for its source's sake.
	other := Attributed{Text: "The river rose overnight.", Sources: []string{"post"}}
	heard := Attributed{Text: "Sandbags ran out by noon.", Sources: []string{"wire"}}
	out := st.dropStating([]Attributed{other, heard, stated, told}, map[int]bool{2: true, 3: true}, 1)
	if !slices.ContainsFunc(out, func(s Attributed) bool { return s.Text == told.Text }) {
		t.Errorf("the version told for the homes went: %v", out)
	}
	if slices.ContainsFunc(out, func(s Attributed) bool { return s.Text == stated.Text }) {
		t.Errorf("the sentence stating one side of the cost stayed: %v", out)
	}
}

// TestReadAccess: the way in or out a sentence gives, and none where the
// verb's doer came to help, the way is denied, or no way is named.
func TestReadAccess(t *testing.T) {
	for _, c := range []struct {
		text string
		ways []string
		way  string
		dir  string
	}{
		{"Burglars climbed in through a kitchen window at the back of the shop.", []string{"window"}, "through a kitchen window", "in"},
		{"Police think the gang forced open a loading door on Mill Lane.", []string{"door"}, "a loading door", "in"},
		{"A side gate at the far end of the paddock had been left unlocked.", []string{"gate"}, "A side gate", ""},
		{"The intruders gained access using a stolen password.", []string{"credentials"}, "a stolen password", "in"},
		{"The wolf squeezed through a gap under the perimeter fence.", []string{"fence"}, "under the perimeter fence", "out"},
		{"Firefighters forced open the front door to reach the flat.", nil, "", ""},
		{"The hackers did not get in through a phishing email, the firm said.", nil, "", ""},
		{"Thieves broke in overnight and took the safe.", nil, "", ""},
	} {
		got, ok := readAccess(0, scanTokens(c.text))
		if ok != (c.ways != nil) || ok && (!slices.Equal(got.ways, c.ways) || got.text != c.way || got.dir != c.dir) {
			t.Errorf("%q: read %+v (%v), want ways %v %q %q", c.text, got, ok, c.ways, c.way, c.dir)
		}
	}
}

// TestAccessPoints: papers that give different ways in make one point,
// headed by who got in; papers that agree on the way make none.
func TestAccessPoints(t *testing.T) {
	rest := "\n\nThe raid on the Corran Gallery happened overnight.\n\nPolice have asked for witnesses."
	docs := []Doc{
		{ID: "post", Name: "Post", Text: "Thieves climbed in through a roof skylight at the gallery." + rest},
		{ID: "wire", Name: "Wire", Text: "The thieves entered the gallery through a skylight before dawn." + rest},
		{ID: "radio", Name: "Radio", Text: "Detectives believe the thieves forced open a fire door at the rear." + rest},
	}
	var found *story.Point
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if p.Topic == "How the thieves got in" {
			found = &p
		}
	}
	if found == nil || !strings.Contains(found.Summary, "Radio says a fire door") {
		t.Fatalf("no way-in point, or not as told: %+v", found)
	}
	docs[2].Text = "The gang got in through a skylight on the roof." + rest
	for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
		if strings.HasSuffix(p.Topic, "got in") {
			t.Errorf("a way in disputed where all agree: %+v", p)
		}
	}
}

// TestReadYesNo: an act told as done or not done, and no claim where the
// act is only possible, where "not" limits rather than denies, or where a
// denial speaks of a record of years.
func TestReadYesNo(t *testing.T) {
	for _, c := range []struct {
		text string
		act  string
		done bool
		none bool
	}{
		{"The river trust lodged a formal objection to the weir in March.", "objection", true, false},
		{"The river trust said it had not objected to the weir.", "objection", false, false},
		{"Highways officers raised no objection to the access road.", "objection", false, false},
		{"The company pressed ahead without any consultation with staff.", "consultation", false, false},
		{"Detectives have launched an investigation into the fire.", "investigation", true, false},
		{"Police said they were not investigating.", "investigation", false, false},
		{"The union could object to the plan.", "", false, true},
		{"Residents want answers, not just apologies.", "apology", true, false},
		{"We have run this market for twelve years without a single complaint.", "", false, true},
	} {
		got := readYesNo(0, scanTokens(c.text))
		if c.none {
			if len(got) > 0 {
				t.Errorf("%q: read %+v, want none", c.text, got)
			}
			continue
		}
		if len(got) != 1 || got[0].act != c.act || got[0].done != c.done {
			t.Errorf("%q: read %+v, want %s done=%v", c.text, got, c.act, c.done)
		}
	}
}

// TestYesNoPoints: a body said to have objected by one paper and not by
// another is a point; a different body's objection is not the same act.
func TestYesNoPoints(t *testing.T) {
	rest := "\n\nThe council approved the Larkfield housing plan on Tuesday.\n\nBuilding could start next spring."
	docs := []Doc{
		{ID: "post", Name: "Post", Text: "The Drainage Board lodged a formal objection to the Larkfield plan in January." + rest},
		{ID: "wire", Name: "Wire", Text: "The Drainage Board said it had not objected to the Larkfield plan." + rest},
	}
	topics := func() []string {
		var out []string
		for _, p := range mustDisputes(t, New(DefaultOptions()), docs) {
			out = append(out, p.Topic)
		}
		return out
	}
	if !slices.Contains(topics(), "Whether there was an objection") {
		t.Errorf("no objection point: %q", topics())
	}
	docs[1].Text = "Parish councillors said they had not objected to anything." + rest
	if slices.Contains(topics(), "Whether there was an objection") {
		t.Errorf("two bodies' objections set against each other: %q", topics())
	}
}
