package offline

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/summarize/summarize/internal/grounding"
	"github.com/summarize/summarize/internal/story"
)

func TestSplitSentences(t *testing.T) {
	e := New(Options{})
	text := "Storm Damage Report\n\nDr. Lena Ortiz of the U.S. Geological Survey said the rate rose 3.5% on Tuesday. " +
		"It was the worst year since 2019, she said.\nMr. Hale, who\nwrote the report, disagreed! " +
		"The bear was missing at 7.15am. Police closed the road at 6 p.m. Monday. The repair will cost £1.8m. We doubt it.\n\n10:05 a.m. The fire has burned 1,200 acres."
	var got []string
	for _, s := range splitSentences(e.tokenizer, 0, text, nil) {
		if text[s.start:s.end] != s.text {
			t.Errorf("span %d:%d is not the sentence text %q", s.start, s.end, s.text)
		}
		got = append(got, fmt.Sprintf("%v|%s", s.heading, s.text))
	}
	want := []string{
		"true|Storm Damage Report",
		"false|Dr. Lena Ortiz of the U.S. Geological Survey said the rate rose 3.5% on Tuesday.",
		"false|It was the worst year since 2019, she said.",
		"false|Mr. Hale, who\nwrote the report, disagreed!",
		"false|The bear was missing at 7.15am.",
		"false|Police closed the road at 6 p.m. Monday.",
		"false|The repair will cost £1.8m.",
		"false|We doubt it.",
		"false|10:05 a.m. The fire has burned 1,200 acres.",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sentences:\n got %q\nwant %q", got, want)
	}
}

// factsOf returns the facts of a phrase as "key=lo..hi" strings.
func factsOf(s string) []fact { return extractFacts(scanTokens(s)) }

func TestFactsAgree(t *testing.T) {
	same := [][2]string{
		{"a 30-day ceasefire", "a month-long ceasefire"},
		{"a 30-day ceasefire", "a one-month ceasefire"},
		{"a 30-day ceasefire", "a ceasefire of four weeks"},
		{"about 20% of homes", "a fifth of homes"},
		{"about 20% of homes", "one in five homes"},
		{"half of the farmland", "50 percent of the farmland"},
		{"twelve workers", "12 workers"},
		{"twenty-five workers", "25 workers"},
		{"a 48-hour order", "a two-day order"},
		{"$4.5 million", "4.5 million dollars"},
		{"more than 300 workers", "340 workers"},
		{"on March 3", "on 3 March"},
		{"two-thirds of voters", "about 67% of voters"},
		{"3 km downstream", "three kilometres downstream"},
		{"within two miles of the plant", "within 3.2 km of the plant"},
		{"about 400 metres away", "about 0.4 kilometres away"},
		{"1.8 tonnes of ammonia", "1,800kg of ammonia"},
		{"three turboprops", "three aircraft"},
		{"about 40,000 litres of slurry", "some 40,000 liters of slurry"},
		{"will close in September", "will close on 30 September"},
		{"at the end of September", "on 28 September"},
		{"in mid-June", "on June 14"},
		{"a crowd of about 6,000", "The crowd was put at 6,100."},
		{"on the fourth floor", "on the 4th floor"},
	}
	for _, p := range same {
		x, y := factsOf(p[0]), factsOf(p[1])
		if len(x) == 0 || len(y) == 0 {
			t.Errorf("%q / %q: no facts (%v, %v)", p[0], p[1], x, y)
			continue
		}
		if x[0].key != y[0].key || !x[0].agrees(y[0]) {
			t.Errorf("%q and %q should agree: %+v vs %+v", p[0], p[1], x[0], y[0])
		}
	}
	differ := [][2]string{
		{"a 30-day ceasefire", "a 45-day ceasefire"},
		{"about 1.8 tonnes of ammonia", "less than 200kg of ammonia"},
		{"2,000 gallons of oil", "200 litres of oil"},
		{"two aircraft", "three planes"},
		{"a six-week closure", "a two-month closure"},
		{"a third of homes", "60% of homes"},
		{"340 jobs", "about 400 jobs"},
		{"$12 million", "$18 million"},
		{"on March 3", "on March 10"},
		{"on Saturday", "on Sunday"},
		{"at 4 a.m.", "at 9 p.m."},
		{"within two miles of the plant", "within eight kilometres of the site"},
		{"on 30 June", "at the end of September"},
		{"in early March", "on March 20"},
		{"in May", "in June"},
		{"in front of a crowd of 4,812", "The crowd was estimated at about 6,000."},
		{"A crowd of 4,812 was inside the ground.", "an attendance of 6,000"},
		{"in the 73rd minute", "after an 81st-minute equaliser"},
		{"a 93-year-old widow", "a 91-year-old widow"},
	}
	for _, p := range differ {
		x, y := factsOf(p[0]), factsOf(p[1])
		if len(x) == 0 || len(y) == 0 {
			t.Errorf("%q / %q: no facts (%v, %v)", p[0], p[1], x, y)
			continue
		}
		if x[0].key != y[0].key || x[0].agrees(y[0]) {
			t.Errorf("%q and %q should be comparable and differ: %+v vs %+v", p[0], p[1], x[0], y[0])
		}
	}
	if f := factsOf("a 60-year-old man"); len(f) != 1 || f[0].key != ageKey {
		t.Errorf("an age is an age, not a duration: %+v", f)
	}
	for _, s := range []string{"the fourth year", "one of the workers", "twice a month", "Route 9 reopened"} {
		if f := factsOf(s); len(f) != 0 {
			t.Errorf("%q: want no comparable figure, got %+v", s, f)
		}
	}
}

func TestRatesAreNotDurations(t *testing.T) {
	for _, s := range []string{"40,000 vehicles a day", "twice a month", "three flights a week"} {
		for _, f := range factsOf(s) {
			if f.key == "duration" {
				t.Errorf("%q: rate read as a duration: %+v", s, f)
			}
		}
	}
	if f := factsOf("for a month"); len(f) != 1 || f[0].key != "duration" {
		t.Errorf(`"for a month": %+v, want one duration`, f)
	}
}

func TestNegation(t *testing.T) {
	for s, want := range map[string]string{
		"The levee was not breached.":        "breached",
		"The city will not add ferry trips.": "add",
		"He denied paying the fee.":          "paying",
		"Not only the mayor came.":           "",
		"There is no doubt it rained.":       "",
	} {
		neg, _, denied := negated(scanTokens(s))
		if neg != (want != "") || denied != want {
			t.Errorf("%q: negated %v denying %q, want %q", s, neg, denied, want)
		}
	}
}

// TestDeterministicAndConcurrent renders every example once on one engine,
// one story after another, and once on a new engine shared by four
// goroutines that take the stories between them: each story's outputs must
// be the same both ways. That shows both that a new engine gives what an
// old one gave and that an engine shared between goroutines keeps no
// state of one call in another (under -race, that it shares nothing
// unguarded), for a third of what rendering every story on every
// goroutine cost.
func TestDeterministicAndConcurrent(t *testing.T) {
	stories := loadStories(t, examplesDir)
	render := func(e *Engine, st *story.Story) string {
		var b strings.Builder
		docs := docsOf(st)
		for _, d := range docs {
			fmt.Fprintf(&b, "%q\n", e.Summarize(d))
		}
		fmt.Fprintf(&b, "%+v\n%+v\n", mustBrief(t, e, docs, nil), mustDisputes(t, e, docs))
		return b.String()
	}
	first := New(DefaultOptions())
	want := make([]string, len(stories))
	for i, st := range stories {
		want[i] = render(first, st)
	}
	shared := New(DefaultOptions())
	got := make([]string, len(stories))
	const workers = 4
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Worker w takes stories w, w+4, …, so that every
			// goroutine is in the engine at the same time.
			for i := w; i < len(stories); i += workers {
				got[i] = render(shared, stories[i])
			}
		}()
	}
	wg.Wait()
	for i, st := range stories {
		if got[i] != want[i] {
			t.Errorf("%s: a new engine shared by %d goroutines gives other outputs than the first engine alone", st.ID, workers)
		}
	}
}

func TestExamplesContract(t *testing.T) {
	e := New(DefaultOptions())
	for _, st := range loadStories(t, examplesDir) {
		t.Run(st.ID, func(t *testing.T) { checkOutputs(t, e, st) })
	}
}

func TestSmallInputs(t *testing.T) {
	e := New(DefaultOptions())
	if got := e.Summarize(Doc{ID: "a", Text: ""}); len(got) != 0 {
		t.Errorf("empty doc summary: %q", got)
	}
	one := Doc{ID: "a", Name: "A", Text: "The council approved the budget on Monday after a long debate."}
	if got := e.Summarize(one); len(got) != 1 || got[0] != one.Text {
		t.Errorf("one-sentence summary: %q", got)
	}
	if got := mustDisputes(t, e, []Doc{one}); len(got) != 0 {
		t.Errorf("disputes of a single source: %+v", got)
	}
	if got := mustBrief(t, e, []Doc{one}, nil); len(got) != 1 || got[0].Text != one.Text || !reflect.DeepEqual(got[0].Sources, []string{"a"}) {
		t.Errorf("brief of one sentence: %+v", got)
	}
}

// TestComparedSentencesAreCapped checks the memory bound: however many
// articles a story has, or however long one is, at most maxCompared
// sentences are compared, each article keeps its first ones in an equal
// share, and nothing past its share is even split.
func TestComparedSentencesAreCapped(t *testing.T) {
	e := New(DefaultOptions())
	e.compared = 120
	sentence := func(d, k int) string {
		return fmt.Sprintf("Reporter %d wrote that the council met %d residents about the harbor bridge plan. ", d, k+2)
	}
	doc := func(d, n int) Doc {
		var b strings.Builder
		for k := range n {
			b.WriteString(sentence(d, k))
		}
		return Doc{ID: fmt.Sprintf("d%d", d), Name: fmt.Sprintf("D%d", d), Text: b.String()}
	}
	for _, tc := range []struct {
		name       string
		docs, sent int
		wantPerDoc int
	}{
		{"ordinary story", 3, 40, 40},
		{"many articles", 30, 20, 120 / 30},
		{"one long article", 1, 500, 120},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var docs []Doc
			for d := range tc.docs {
				docs = append(docs, doc(d, tc.sent))
			}
			a, err := e.analyze(docs)
			if err != nil {
				t.Fatal(err)
			}
			if len(a.cands) > e.compared {
				t.Errorf("%d sentences compared, cap %d", len(a.cands), e.compared)
			}
			for d, idx := range a.byDoc {
				if len(idx) != tc.wantPerDoc {
					t.Fatalf("doc %d: %d sentences compared, want %d", d, len(idx), tc.wantPerDoc)
				}
				for k, i := range idx {
					if want := strings.TrimSpace(sentence(d, k)); a.cands[i].text != want {
						t.Fatalf("doc %d: compared sentence %d is %q, want the article's own order from the top (%q)", d, k, a.cands[i].text, want)
					}
				}
				if len(a.all[d]) > tc.wantPerDoc {
					t.Errorf("doc %d: %d sentences split, want the rest left alone past %d", d, len(a.all[d]), tc.wantPerDoc)
				}
			}
		})
	}
}

// TestTooManyArticlesIsAnError checks that a story the engine cannot
// compare fails with ErrTooLarge and a message that says why, at once,
// instead of exhausting memory.
func TestTooManyArticlesIsAnError(t *testing.T) {
	e := New(DefaultOptions())
	e.compared = 50
	docs := make([]Doc, e.compared+1)
	for d := range docs {
		docs[d] = Doc{ID: fmt.Sprint(d), Name: fmt.Sprint(d), Text: "The council approved the harbor budget on Monday after a debate."}
	}
	if _, err := e.Brief(docs, nil); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "split the story") {
		t.Errorf("brief: %v, want ErrTooLarge saying what to do", err)
	}
	if _, err := e.Disputes(docs); !errors.Is(err, ErrTooLarge) {
		t.Errorf("disputes: %v, want ErrTooLarge", err)
	}
	if _, err := e.Brief(docs[:e.compared], nil); err != nil {
		t.Errorf("brief of %d articles: %v", e.compared, err)
	}
}

// TestOrderIndependent checks that the order the articles come in changes
// neither the brief nor the points.
func TestOrderIndependent(t *testing.T) {
	e := New(DefaultOptions())
	for _, st := range loadStories(t, examplesDir) {
		docs := docsOf(st)
		reversed := slices.Clone(docs)
		slices.Reverse(reversed)
		render := func(docs []Doc) string {
			points := mustDisputes(t, e, docs)
			return fmt.Sprintf("%+v\n%+v", points, mustBrief(t, e, docs, disputed(points)))
		}
		if got, want := render(reversed), render(docs); got != want {
			t.Errorf("%s: reversing the articles changes the output:\n%s\nwant\n%s", st.ID, got, want)
		}
	}
}

// TestDraftBriefAvoiding: a sentence the caller asks to avoid is in no
// brief made again from the draft, and a brief made again avoiding nothing
// is the first.
func TestDraftBriefAvoiding(t *testing.T) {
	e := New(DefaultOptions())
	for _, st := range loadStories(t, examplesDir)[:6] {
		docs := docsOf(st)
		points := mustDisputes(t, e, docs)
		first := mustBrief(t, e, docs, points)
		avoid := []string{first[len(first)-1].Text}
		d, err := e.Draft(docs, points)
		if err != nil {
			t.Fatal(err)
		}
		again := d.Brief(avoid)
		if same := d.Brief(nil); !reflect.DeepEqual(same, first) {
			t.Errorf("%s: the draft's brief avoiding nothing differs from Brief's", st.ID)
		}
		if slices.ContainsFunc(again, func(a Attributed) bool { return a.Text == avoid[0] }) {
			t.Errorf("%s: the brief made again still has %q", st.ID, avoid[0])
		}
		if len(again) == 0 {
			t.Errorf("%s: no brief made again", st.ID)
		}
	}
}

// TestLongStoriesReportFewerPoints: a story whose median article runs to
// longArticleWords words warrants at most longStoryPoints disputed points;
// shorter coverage the configured maximum.
func TestLongStoriesReportFewerPoints(t *testing.T) {
	article := func(words int) Doc { return Doc{Text: strings.Repeat("word ", words)} }
	for _, tc := range []struct {
		words []int
		want  int
	}{
		{[]int{300, 450, 520}, 12},
		{[]int{300, 650, 900}, longStoryPoints},
		{[]int{800, 900, 1000, 350}, longStoryPoints},
		{[]int{200, 250, 300, 1000, 1100}, 12},
	} {
		a := &analysis{}
		for _, w := range tc.words {
			a.docs = append(a.docs, article(w))
		}
		if got := maxDisputed(a, 12); got != tc.want {
			t.Errorf("articles of %v words: %d points, want %d", tc.words, got, tc.want)
		}
	}
	for _, st := range loadStories(t, examplesDir) {
		if st.ID != "kelsby-recycling-plant-fire" {
			continue
		}
		n := 0
		for _, p := range mustDisputes(t, New(DefaultOptions()), docsOf(st)) {
			if p.Kind != story.KindOmission {
				n++
			}
		}
		if n > longStoryPoints {
			t.Errorf("%s: %d disputed points, want at most %d unless as well attested as the best", st.ID, n, longStoryPoints)
		}
	}
}

// TestNoTwoPointsAreOne: on every story of both development sets, no two
// points (nor two omissions) are one by the duplicate_points check's reading: each has a
// heading of its own, and no two have the same sources quoting the same
// passages.
func TestNoTwoPointsAreOne(t *testing.T) {
	e := New(DefaultOptions())
	for _, st := range append(loadStories(t, examplesDir), loadStories(t, "../../holdout")...) {
		points := mustDisputes(t, e, docsOf(st))
		for i, p := range points {
			for _, q := range points[:i] {
				if (p.Kind == story.KindOmission) == (q.Kind == story.KindOmission) && grounding.SamePoint(p, q) {
					t.Errorf("%s: %q repeats %q", st.ID, p.Topic, q.Topic)
				}
			}
		}
	}
}

func TestSurfaceOf(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"A reward of £2,500 is being offered", "A reward of £2,500 is being offered"},
		{"drivers will be stung for £12 a day", "drivers will be stung for £12 a day"},
		{"a month-long ceasefire", "a month-long ceasefire"},
	} {
		ts := scanTokens(tc.in)
		if got := surfaceOf(ts, 0, len(ts)-1); got != tc.want {
			t.Errorf("surfaceOf(%q) = %q", tc.in, got)
		}
	}
}
