package offline

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"sync"
)

// A story's disputes and its brief start from the same analysis of its
// articles (scope: sentences, similarities, the off-topic ones set aside,
// then each sentence's claims), which is more than a third of what the
// engine spends on a story. recentScopes keeps the last stories analysed,
// keyed by their articles' content, so that the brief, asked for after the
// disputes, reuses theirs. An analysis is never changed once made, so one
// entry is shared by every goroutine that asks for the same story; what
// differs between calls (a finder, a briefing) is built on top of it.
//
// The memory it holds is bounded by maxRecent entries and by the pairwise
// state they keep (scopeBudget), so a long story is kept alone and a run
// of short ones keeps the stories a pool of workers has in flight.
type recentScopes struct {
	mu      sync.Mutex
	entries []*scoped // oldest first
}

// maxRecent is how many stories are kept: more than the workers a run
// has in flight (the default concurrency is 8), so that a story's brief
// finds its disputes' analysis however the pool interleaves stories.
const maxRecent = 16

// scopeBudget bounds the kept analyses' pairwise state, in units of
// compared sentences squared, at twice that of the largest story one call
// compares (maxCompared): the 1,000-article story keeps its one analysis,
// about 150 MB, and no more.
func scopeBudget(compared int) int { return 2 * compared * compared }

type scoped struct {
	key  [sha256.Size]byte
	once sync.Once
	a    *analysis
	// aside and err are scope's other results.
	aside []Aside
	err   error
	info  []details
	// weight is the analysis' pairwise state, compared sentences
	// squared: 0 until it is made. Guarded by recentScopes.mu.
	weight int
}

// scoped returns docs' analysis and the details of its sentences, made
// once for any number of callers.
func (e *Engine) scoped(docs []Doc) (*analysis, []details, []Aside, error) {
	s := e.recent.entry(storyKey(docs))
	s.once.Do(func() {
		s.a, s.aside, s.err = e.scope(docs)
		if s.err == nil && s.a != nil && len(s.a.cands) > 0 {
			s.info = s.a.details()
		}
		n := 0
		if s.a != nil {
			n = len(s.a.cands)
		}
		e.recent.made(s, n*n, scopeBudget(e.compared))
	})
	return s.a, s.info, s.aside, s.err
}

// entry returns the entry for key, new (and newest) if none is kept.
func (r *recentScopes) entry(key [sha256.Size]byte) *scoped {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.entries {
		if s.key == key {
			return s
		}
	}
	s := &scoped{key: key}
	r.entries = append(r.entries, s)
	return s
}

// made records that entry m's analysis, of weight w, is made, and drops
// the oldest entries until at most maxRecent are kept and their weight
// fits budget; the newest is always kept.
func (r *recentScopes) made(m *scoped, w, budget int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	m.weight = w
	total := 0
	for _, s := range r.entries {
		total += s.weight
	}
	for len(r.entries) > 1 && (len(r.entries) > maxRecent || total > budget) {
		total -= r.entries[0].weight
		r.entries[0] = nil
		r.entries = r.entries[1:]
	}
}

// storyKey identifies docs by everything scope reads of them, in their
// given order (scope puts them in canonical order itself, so two orders
// make two entries of the same analysis, never a wrong one).
func storyKey(docs []Doc) [sha256.Size]byte {
	h := sha256.New()
	field := func(h hash.Hash, s string) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	for _, d := range docs {
		field(h, d.ID)
		field(h, d.Name)
		field(h, d.Published)
		field(h, d.Text)
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	return key
}
