// Package offline is the extractive engine behind the default provider: it
// writes per-source summaries, a merged neutral brief and the disputed points
// of a story with no model, no key and no network.
//
// Every sentence it outputs is a verbatim span of an input document's text,
// and every quote in a disputed point is a verbatim substring of the text of
// the document it names, so grounding checks always pass. Results depend only
// on the options and the documents given, in their given order: the same
// input gives byte-identical output, on any machine, in any goroutine.
//
// Methods, briefly: documents are split into sentences with the Punkt
// tokenizer of github.com/neurosnap/sentences; sentences become TF-IDF
// vectors over stemmed content words (proper nouns at half weight); LexRank
// ranks them; MMR removes redundancy from the brief; disputes come from
// linking similar sentences of different sources aspect by aspect and
// comparing what each states after normalization (counts, shares, money,
// durations, dates, times, places, actors, negation, loaded wording), plus
// salient claims only one source makes. See Disputes for the details and
// how omissions are represented.
//
// An Engine holds only read-only state once New returns, so one Engine may
// serve any number of goroutines at once. All pairwise work is confined to
// one call, that is to one story, so the cost of a run grows linearly with
// its number of stories; within a call at most maxCompared sentences are
// compared pairwise, so memory and time per call are bounded whatever the
// story's size (about 150 MB and a few seconds of one core at worst), and a
// story with more articles than that fails with ErrTooLarge.
package offline

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/english"
)

// Options tunes the engine. Zero fields take their DefaultOptions value.
// The configuration file's offline section decodes into it (the tags), so
// that its keys and these fields are one list.
type Options struct {
	// SummarySentences is the length of a per-source summary.
	SummarySentences int `mapstructure:"summary_sentences"`
	// BriefMinWords and BriefMaxWords bound the length of the brief. A story
	// whose sources hold fewer usable words gets a shorter brief.
	BriefMinWords int `mapstructure:"brief_min_words"`
	BriefMaxWords int `mapstructure:"brief_max_words"`

	// AlignThreshold is the cosine similarity (TF-IDF over content words)
	// above which two sentences from different sources are taken to report
	// the same fact and are compared for disputes.
	AlignThreshold float64 `mapstructure:"align_threshold"`
	// SameThreshold is the similarity above which a sentence of another
	// source counts as reporting the same thing in the brief's attribution.
	SameThreshold float64 `mapstructure:"same_threshold"`
	// Redundancy is MMR's lambda for the brief: the weight of centrality
	// against novelty (1 ignores redundancy).
	Redundancy float64 `mapstructure:"redundancy"`
	// UniqueThreshold is the similarity below which no other source says
	// anything like a sentence, which makes it a candidate omission.
	UniqueThreshold float64 `mapstructure:"unique_threshold"`
	// MaxPoints caps the disputed points of a story; MaxOmissions caps how
	// many of them may be omissions.
	MaxPoints    int `mapstructure:"max_points"`
	MaxOmissions int `mapstructure:"max_omissions"`
}

// DefaultOptions returns the settings the engine was tuned with; the
// configuration file documents the same values (config's tests hold them
// equal).
func DefaultOptions() Options {
	return Options{
		SummarySentences: 4,
		BriefMinWords:    150,
		BriefMaxWords:    250,
		AlignThreshold:   0.15, // swept on the tuning half: see config/summarize.yaml
		SameThreshold:    0.4,  // swept on the tuning half: see config/summarize.yaml
		Redundancy:       0.7,
		UniqueThreshold:  0.25,
		MaxPoints:        12,
		MaxOmissions:     4,
	}
}

// Doc is one article given to the engine.
type Doc struct {
	ID   string // article id (slug of the source), used in attributions
	Name string // outlet name, used in the wording of summaries
	Text string
	// Published is when the article appeared, as its front matter gives
	// it (RFC 3339 or a bare date); empty or unreadable counts as unknown.
	Published string
}

// Attributed is one sentence of the brief with every source that reports it.
type Attributed struct {
	Text    string
	Sources []string // Doc IDs: the source quoted first, then the others in canonical order
	// Own marks a sentence in the engine's own words rather than a
	// verbatim one: it attributes one version of a disputed point to its
	// sources ("Valley Ledger reports that the bridge will be shut for
	// two months."), quoting their clause.
	Own bool
	// Owed marks a sentence that gives a version of a disputed point the
	// brief touches: the brief keeps it whatever its length budget.
	Owed bool
	// weight is the sentence's centrality across the story (the brief's
	// ranking), which picks the lead among sentences as widely reported.
	weight float64
	// about lists the disputed points whose versions the sentence states
	// or tells, so that the brief is cut to length a point at a time.
	about []int
	// told marks a sentence the brief gives to tell a version of the
	// point about[0], which needs it whatever else it states.
	told bool
}

// Engine produces summaries, briefs and disputes. It is safe for concurrent
// use.
type Engine struct {
	opts      Options
	tokenizer *sentences.DefaultSentenceTokenizer
	// compared is maxCompared; tests lower it to exercise the cap on
	// small inputs.
	compared int
	// tags returns the part-of-speech tagger, loaded on first use.
	tags func() *tagger
	// recent keeps the last stories' analyses (see recentScopes).
	recent *recentScopes
}

// New returns an engine with opts, zero fields filled from DefaultOptions.
// It panics only if the sentence tokenizer's embedded training data cannot
// be decoded, which would be a broken build, not a runtime condition.
func New(opts Options) *Engine {
	def := DefaultOptions()
	fill := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	fillF := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	fill(&opts.SummarySentences, def.SummarySentences)
	fill(&opts.BriefMinWords, def.BriefMinWords)
	fill(&opts.BriefMaxWords, def.BriefMaxWords)
	if opts.BriefMaxWords < opts.BriefMinWords {
		opts.BriefMaxWords = opts.BriefMinWords
	}
	fillF(&opts.AlignThreshold, def.AlignThreshold)
	fillF(&opts.SameThreshold, def.SameThreshold)
	fillF(&opts.Redundancy, def.Redundancy)
	fillF(&opts.UniqueThreshold, def.UniqueThreshold)
	fill(&opts.MaxPoints, def.MaxPoints)
	fill(&opts.MaxOmissions, def.MaxOmissions)
	tok, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		panic("offline: load sentence tokenizer training data: " + err.Error())
	}
	return &Engine{opts: opts, tokenizer: tok, compared: maxCompared, tags: sync.OnceValue(newTagger), recent: &recentScopes{}}
}

// Options returns the effective options, defaults filled in.
func (e *Engine) Options() Options { return e.opts }

// analysis is the per-call view of a set of documents: their usable
// sentences, TF-IDF vectors and pairwise similarities. It lives for one call.
type analysis struct {
	docs  []Doc
	all   [][]*sentence // every sentence, per document
	cands []*sentence   // usable sentences, in document then text order
	byDoc [][]int       // indexes into cands, per document
	vecs  [][]weight
	sim   [][]float64 // cosine similarity between cands
	idf   map[string]float64
	// lowerText is each document's text in lower case, for "does this
	// source mention X anywhere" questions.
	lowerText []string
	proper    map[string]bool
	// closeness is each document's closeness to the others over the
	// median document's, set by offTopic.
	closeness []float64
}

type weight struct {
	term int32
	w    float64
}

// maxCompared caps the sentences of one call (one story, or one article
// for a summary) that are compared pairwise. Similarity and LexRank are
// quadratic in it: at 3,000 sentences the similarity matrix and LexRank's
// transition matrix hold 72 MB each and take about a second on one core,
// while an uncapped story of 1,000 articles (35,000 sentences) needed 10 GB.
// A story of five ordinary articles has 150 to 250 sentences, so the cap
// only bites on stories of more than about 60 articles and on articles
// longer than a book chapter; then each article keeps its first sentences,
// where news writing puts what matters (the inverted pyramid), in equal
// shares. Everything outside the pairwise work is linear in the text.
const maxCompared = 3000

// ErrTooLarge is returned for a story with more articles than the engine can
// compare: each article needs at least one sentence in the comparison.
var ErrTooLarge = errors.New("offline: story too large")

// share returns how many usable sentences of each of n documents are
// compared, or an error when not even one each fits.
func (e *Engine) share(n int) (int, error) {
	if n > e.compared {
		return 0, fmt.Errorf("%w: %d articles, and the offline engine compares at most %d in one story (one sentence each at least); split the story into smaller ones",
			ErrTooLarge, n, e.compared)
	}
	return e.compared / max(n, 1), nil
}

func (e *Engine) analyze(docs []Doc) (*analysis, error) {
	perDoc, err := e.share(len(docs))
	if err != nil {
		return nil, err
	}
	a := &analysis{docs: docs, byDoc: make([][]int, len(docs)), all: make([][]*sentence, len(docs))}
	for d, doc := range docs {
		a.lowerText = append(a.lowerText, strings.ToLower(doc.Text))
		// Past the article's share nothing is compared, so the rest of
		// it is neither split nor tokenized: memory and time stay linear
		// in what is compared, not in the text.
		a.all[d] = splitSentences(e.tokenizer, d, doc.Text, func(s *sentence) bool {
			s.tokenize()
			if s.usable() {
				s.terms = contentTerms(s.tokens)
				a.byDoc[d] = append(a.byDoc[d], len(a.cands))
				a.cands = append(a.cands, s)
			}
			return len(a.byDoc[d]) < perDoc
		})
	}

	// A word is a proper noun of the story when it is written capitalized
	// inside a sentence and never in lower case.
	capitalized := make(map[string]bool)
	lower := make(map[string]bool)
	for _, ss := range a.all {
		for _, s := range ss {
			for _, t := range s.tokens {
				if t.punct || t.num {
					continue
				}
				switch {
				case !t.capital:
					lower[t.low] = true
				case !t.first:
					capitalized[t.low] = true
				}
			}
		}
	}
	a.proper = make(map[string]bool)
	for w := range capitalized {
		if !lower[w] {
			a.proper[w] = true
		}
	}

	// TF-IDF with each sentence as a document: a word that many sentences
	// of the story share ("ceasefire" in a ceasefire story) says little
	// about which fact a sentence reports.
	ids := make(map[string]int32)
	df := make(map[string]int)
	for _, s := range a.cands {
		seen := make(map[string]bool, len(s.terms))
		for _, t := range s.terms {
			if _, ok := ids[t]; !ok {
				ids[t] = int32(len(ids))
			}
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		}
	}
	n := float64(len(a.cands))
	a.idf = make(map[string]float64, len(df))
	idfByID := make([]float64, len(ids))
	properByID := make([]bool, len(ids))
	for t, c := range df {
		a.idf[t] = math.Log(1 + n/float64(c))
		idfByID[ids[t]] = a.idf[t]
		properByID[ids[t]] = a.proper[t]
	}
	a.vecs = make([][]weight, len(a.cands))
	var termIDs []int32
	for i, s := range a.cands {
		termIDs = termIDs[:0]
		for _, t := range s.terms {
			termIDs = append(termIDs, ids[t])
		}
		slices.Sort(termIDs)
		vec := make([]weight, 0, len(termIDs))
		var norm float64
		for k := 0; k < len(termIDs); {
			id, c := termIDs[k], 0
			for k < len(termIDs) && termIDs[k] == id {
				k++
				c++
			}
			w := (1 + math.Log(float64(c))) * idfByID[id]
			if properByID[id] {
				// Full names appear once per article, in its lead, so
				// their rarity would align every lead with every other
				// whatever each reports.
				w *= 0.5
			}
			vec = append(vec, weight{id, w})
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for k := range vec {
			vec[k].w /= norm
		}
		a.vecs[i] = vec
	}
	n2 := len(a.cands)
	backing := make([]float64, n2*n2)
	a.sim = make([][]float64, n2)
	for i := range a.cands {
		a.sim[i] = backing[i*n2 : (i+1)*n2 : (i+1)*n2]
	}
	for i := range a.cands {
		for j := i + 1; j < n2; j++ {
			s := dot(a.vecs[i], a.vecs[j])
			a.sim[i][j], a.sim[j][i] = s, s
		}
	}
	return a, nil
}

func dot(x, y []weight) float64 {
	var s float64
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i].term < y[j].term:
			i++
		case x[i].term > y[j].term:
			j++
		default:
			s += x[i].w * y[j].w
			i++
			j++
		}
	}
	return s
}

// lexRank returns the stationary scores of a random walk over the sentences
// in idx, weighted by similarity; edge scales an edge's weight, so the brief
// can favour sentences echoed by other sources over ones a single source
// repeats.
func (a *analysis) lexRank(idx []int, edge func(i, j int) float64) []float64 {
	n := len(idx)
	if n == 0 {
		return nil
	}
	rows := make([][]float64, n)
	backing := make([]float64, n*n)
	for x, i := range idx {
		row := backing[x*n : (x+1)*n : (x+1)*n]
		var sum float64
		for y, j := range idx {
			if x == y {
				continue
			}
			w := a.sim[i][j]
			if edge != nil {
				w *= edge(i, j)
			}
			row[y] = w
			sum += w
		}
		if sum > 0 {
			for y := range row {
				row[y] /= sum
			}
		}
		rows[x] = row
	}
	const damping = 0.85
	p := make([]float64, n)
	for x := range p {
		p[x] = 1 / float64(n)
	}
	next := make([]float64, n)
	isDangling := make([]bool, n)
	for x := range rows {
		var out float64
		for _, w := range rows[x] {
			out += w
		}
		isDangling[x] = out == 0
	}
	for iter := 0; iter < 100; iter++ {
		var dangling float64
		for x := range rows {
			if isDangling[x] {
				dangling += p[x]
			}
		}
		for y := range next {
			next[y] = (1-damping)/float64(n) + damping*dangling/float64(n)
		}
		for x, row := range rows {
			px := damping * p[x]
			for y, w := range row {
				if w != 0 {
					next[y] += px * w
				}
			}
		}
		var diff float64
		for x := range p {
			diff += math.Abs(next[x] - p[x])
		}
		p, next = next, p
		if diff < 1e-9 {
			break
		}
	}
	return p
}

// Summarize returns the doc's most central sentences, verbatim, in their
// original order: LexRank over the document's own sentences, with a mild
// preference for the top of the article where news puts what matters, and
// near-duplicates skipped.
func (e *Engine) Summarize(doc Doc) []string {
	a, err := e.analyze([]Doc{doc})
	if err != nil {
		return nil // one document always fits
	}
	idx := a.byDoc[0]
	if len(idx) == 0 {
		return nil
	}
	scores := a.lexRank(idx, nil)
	type ranked struct {
		cand  int
		score float64
	}
	order := make([]ranked, len(idx))
	for x, i := range idx {
		pos := float64(x) / float64(len(idx))
		order[x] = ranked{i, scores[x] * (1.25 - 0.5*pos) * readability(a.cands[i])}
	}
	sort.SliceStable(order, func(x, y int) bool { return order[x].score > order[y].score })
	var chosen []int
	for _, r := range order {
		if len(chosen) == e.opts.SummarySentences {
			break
		}
		redundant := false
		for _, c := range chosen {
			if a.sim[r.cand][c] > 0.6 {
				redundant = true
				break
			}
		}
		if !redundant {
			chosen = append(chosen, r.cand)
		}
	}
	slices.Sort(chosen)
	out := make([]string, len(chosen))
	for k, c := range chosen {
		out[k] = a.cands[c].text
	}
	return out
}

// readability scores how well a sentence stands on its own out of context:
// one opening with a pronoun or connective ("He added", "However") or made
// of a quotation leans on sentences that will not be there.
func readability(s *sentence) float64 {
	f := 1.0
	if len(s.tokens) > 0 {
		first := s.tokens[0].low
		if s.tokens[0].punct && len(s.tokens) > 1 {
			first = s.tokens[1].low
			f *= 0.8 // opens with a quotation mark or dash
		}
		if danglingOpeners[first] {
			f *= 0.6
		}
	}
	if s.words > 45 {
		f *= 0.8
	}
	if s.words < 10 {
		f *= 0.8
	}
	if strings.ContainsAny(s.text, "“”\"") {
		f *= 0.85
	}
	return f
}

var danglingOpeners = wordSet(`he she it they this these those that his her their its however but and also
meanwhile still yet so such then there here despite additionally furthermore moreover instead`)
