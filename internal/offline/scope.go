package offline

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/summarize/summarize/internal/story"
)

// canonical returns docs in a fixed order (by ID, then name, then text), so
// that the order the files were given in changes nothing the engine writes.
func canonical(docs []Doc) []Doc {
	out := slices.Clone(docs)
	slices.SortStableFunc(out, func(x, y Doc) int {
		return cmp.Or(cmp.Compare(x.ID, y.ID), cmp.Compare(x.Name, y.Name), cmp.Compare(x.Text, y.Text))
	})
	return out
}

// Off-topic detection compares each article with the rest of the story as
// whole bags of content words (TF-IDF over the story's sentences). An article
// about another event shares only the setting's names with the others.
const (
	// offTopicRatio: an article whose closeness to the others is under this
	// share of the median article's is set aside. On the 38 tuning
	// stories the on-topic articles sit at 0.56 of the median and above,
	// and eight of the nine off-topic ones (a match report beside a
	// strike, a library's hours beside a school's closure, a courthouse
	// renovation beside a trial) at 0.08 to 0.44; 0.5 lies between. The
	// ninth, another decision of the same school board, sits at 0.61:
	// closeness of words cannot tell two events of one body apart.
	offTopicRatio = 0.5
	// offTopicMinDocs: with two articles neither can be called the odd one
	// out.
	offTopicMinDocs = 3
)

// Names tell apart what closeness of words cannot: a report of another
// event of the same kind in the same place (lead stripped from a church
// roof beside a museum theft in the town, a parks board meeting beside a
// school board's vote) shares the story's common words, but of its names
// only the town's. Measured on the 107 tuning stories (496 articles, 27
// of them off-topic), with names as the story's proper nouns (see
// analysis.proper).
const (
	// namesRatio: an article under this share of the median article's
	// closeness is also tested on its names. Five off-topic articles that
	// closeness alone missed sit at 0.54 to 0.70; the on-topic articles
	// that share as few names sit higher (a tabloid's lido report at 0.72).
	namesRatio = 0.7
	// coreNamesShare and ownNamesShare: an article under namesRatio that
	// uses under coreNamesShare of the story's core names and whose own
	// names are under ownNamesShare used by any other article is about
	// something else. The three off-topic articles caught sit at 0.12 to
	// 0.29 and 0.18 to 0.33; the closest on-topic article under namesRatio
	// (a business weekly) at 0.31 and 0.33, and an advocacy group's at
	// 0.43 and 0.30.
	coreNamesShare = 0.3
	ownNamesShare  = 0.35
	// coreNameUsers: a core name is one at least this share of the other
	// articles use.
	coreNameUsers = 0.6
)

// offTopicDays: an article published this many days or more from the
// middle of the story's dated articles reports another event (on the
// development sets the off-topic article from a month before sits at 30
// days; on-topic ones at up to 4.3, a weekly's follow-up).
const offTopicDays = 14

// Reasons given for setting an article aside.
const (
	reasonCloseness = "it shares too little with the rest of the story to be briefed or compared"
	reasonDate      = "it was published weeks apart from the rest of the story"
	reasonNames     = "it names almost none of the people, places and bodies the rest of the story names"
)

// offTopic returns the indexes of the documents that are about something
// else than the rest of the story, and why each is.
func (a *analysis) offTopic() (out []int, why []string) {
	n := len(a.docs)
	if n < offTopicMinDocs {
		return nil, nil
	}
	vecs := make([]map[int32]float64, n)
	for d := range a.docs {
		v := make(map[int32]float64)
		for _, i := range a.byDoc[d] {
			for _, w := range a.vecs[i] {
				v[w.term] += w.w
			}
		}
		var norm float64
		for _, x := range v {
			norm += x * x
		}
		norm = math.Sqrt(norm)
		for k := range v {
			v[k] /= norm
		}
		vecs[d] = v
	}
	close := make([]float64, n)
	for d := range vecs {
		var sum float64
		for o := range vecs {
			if o == d {
				continue
			}
			for k, x := range vecs[d] {
				sum += x * vecs[o][k]
			}
		}
		close[d] = sum / float64(n-1)
	}
	median := medianOf(close)
	a.closeness = make([]float64, n)
	for d := range close {
		a.closeness[d] = close[d] / median
	}
	apart := datedApart(a.docs)
	shared := a.sharedNames()
	for d := range close {
		if reason := offTopicReason(len(a.byDoc[d]) > 0, a.closeness[d], shared[d], apart[d]); reason != "" {
			out, why = append(out, d), append(why, reason)
		}
	}
	// Never set aside half the story: then there is no "rest" to be off.
	if 2*len(out) >= n {
		return nil, nil
	}
	return out, why
}

// offTopicReason says why an article is about something else than the
// rest of its story, or returns "" when it is not: compared is whether
// any of its sentences were compared, closeness its closeness over the
// median article's, names what it shares of the story's names, and apart
// whether it appeared weeks from the others.
func offTopicReason(compared bool, closeness float64, names nameShares, apart bool) string {
	switch {
	case compared && closeness < offTopicRatio:
		return reasonCloseness
	case compared && closeness < namesRatio && names.core < coreNamesShare && names.own < ownNamesShare:
		return reasonNames
	case apart:
		return reasonDate
	}
	return ""
}

// nameShares is how much of the story's names one document shares with
// the others.
type nameShares struct {
	// core is the share of the story's core names (those most of the
	// other documents use, coreNameUsers) that the document uses.
	core float64
	// own is the share of the document's names that some other document
	// uses too.
	own float64
}

// sharedNames measures, for each document, the proper nouns it shares with
// the rest of the story (see nameShares). A report of another event in the
// same town names the town and little else the others name, and its own
// people and places nobody else names.
func (a *analysis) sharedNames() []nameShares {
	n := len(a.docs)
	names := make([]map[string]bool, n)
	for d, ss := range a.all {
		names[d] = make(map[string]bool)
		for _, s := range ss {
			for _, t := range s.tokens {
				if len(t.low) >= 3 && a.proper[t.low] {
					names[d][t.low] = true
				}
			}
		}
	}
	// How many documents use each name; less one, how many others do.
	users := make(map[string]int)
	for _, ns := range names {
		for w := range ns {
			users[w]++
		}
	}
	need := int(math.Ceil(coreNameUsers * float64(n-1)))
	widely := 0 // names core to a document that does not use them
	for _, k := range users {
		if k >= need {
			widely++
		}
	}
	out := make([]nameShares, n)
	for d := range names {
		// For a name the document uses, the others are one fewer.
		core, inCore, inOthers := widely, 0, 0
		for w := range names[d] {
			switch k := users[w] - 1; {
			case k >= need:
				inCore++
			case k+1 >= need:
				core--
			}
			if users[w] > 1 {
				inOthers++
			}
		}
		out[d] = nameShares{core: ratio(inCore, core), own: ratio(inOthers, len(names[d]))}
	}
	return out
}

// ratio is x/y, or 1 when y is 0 (nothing to share is not sharing too
// little).
func ratio(x, y int) float64 {
	if y == 0 {
		return 1
	}
	return float64(x) / float64(y)
}

// datedApart marks the documents published offTopicDays or more from the
// median date of the story's dated documents, when at least
// offTopicMinDocs are dated.
func datedApart(docs []Doc) []bool {
	at := publishedTimes(docs)
	var dated []time.Time
	for _, t := range at {
		if !t.IsZero() {
			dated = append(dated, t)
		}
	}
	out := make([]bool, len(docs))
	if len(dated) < offTopicMinDocs {
		return out
	}
	slices.SortFunc(dated, time.Time.Compare)
	mid := dated[len(dated)/2]
	for d, t := range at {
		if !t.IsZero() && math.Abs(t.Sub(mid).Hours()) >= 24*offTopicDays {
			out[d] = true
		}
	}
	return out
}

// scope prepares one story for the brief or the disputes: the documents in
// canonical order, analysed, with the off-topic ones set aside (analysed
// again without them, so that they weigh on nothing). aside lists the IDs
// set aside.
func (e *Engine) scope(docs []Doc) (a *analysis, aside []Aside, err error) {
	docs = canonical(docs)
	a, err = e.analyze(docs)
	if err != nil {
		return nil, nil, err
	}
	off, why := a.offTopic()
	if len(off) == 0 {
		return a, nil, nil
	}
	var keep []Doc
	for d, doc := range docs {
		if k := slices.Index(off, d); k >= 0 {
			aside = append(aside, Aside{ID: doc.ID, Reason: why[k]})
		} else {
			keep = append(keep, doc)
		}
	}
	a, err = e.analyze(keep)
	return a, aside, err
}

// publishedTimes returns when each document appeared, the zero time where
// its front matter gives no time that parses.
func publishedTimes(docs []Doc) []time.Time {
	out := make([]time.Time, len(docs))
	for d, doc := range docs {
		if t, _, ok := story.ParsePublished(doc.Published); ok {
			out[d] = t
		}
	}
	return out
}
