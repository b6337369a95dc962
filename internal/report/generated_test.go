package report

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// generatedRun describes a run folder made of invented stories, for the
// benchmarks and the memory test: every story has a story.json with its
// articles' text, brief.json and brief.md, disputes.json and disputes.md,
// and a summary per article, as the pipeline writes them.
type generatedRun struct {
	stories, articles, words int
}

// syllables make up the invented words; the text means nothing and is
// nobody's.
var syllables = []string{"ka", "lo", "mi", "ren", "tu", "sha", "vel", "or", "an", "pe", "dri", "mo", "zu", "fen", "ta", "lis"}

type wordSource struct{ rng *rand.Rand }

func (w wordSource) word() string {
	var b strings.Builder
	for range 1 + w.rng.IntN(3) {
		b.WriteString(syllables[w.rng.IntN(len(syllables))])
	}
	return b.String()
}

// sentences returns about n words as sentences of 8 to 20 words, in
// paragraphs of four sentences.
func (w wordSource) sentences(n int) string {
	var b strings.Builder
	for written, sentence := 0, 0; written < n; sentence++ {
		if sentence > 0 {
			if sentence%4 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteString(" ")
			}
		}
		k := 8 + w.rng.IntN(13)
		for i := range k {
			word := w.word()
			if i == 0 {
				word = strings.ToUpper(word[:1]) + word[1:]
			} else {
				b.WriteString(" ")
			}
			b.WriteString(word)
		}
		b.WriteString(".")
		written += k
	}
	return b.String()
}

// passage returns n consecutive words of text starting near a random
// word, so that it is found there.
func (w wordSource) passage(text string, n int) string {
	fields := strings.Fields(text)
	if len(fields) <= n {
		return text
	}
	i := w.rng.IntN(len(fields) - n)
	return strings.Join(fields[i:i+n], " ")
}

// write writes the run into dir.
func (g generatedRun) write(tb testing.TB, dir string) {
	tb.Helper()
	m := &manifest.Manifest{
		Version: manifest.Version, RunID: "generated", Status: "complete",
		Provider: "openai", Model: "bench-model", ConfigDigest: "feed",
		Started: time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC), Finished: time.Date(2025, 3, 4, 5, 16, 7, 0, time.UTC),
		PromptDigests: map[string]string{"brief": "b2", "disputes": "d2", "source_summary": "s2"},
	}
	// Stories are written by a few goroutines: a 2,000-story run is
	// 10,000 articles.
	stories := make([]manifest.Story, g.stories)
	calls := make([][]manifest.Call, g.stories)
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				stories[i], calls[i] = g.writeStory(tb, dir, i)
			}
		})
	}
	for i := range g.stories {
		next <- i
	}
	close(next)
	wg.Wait()
	m.Stories = stories
	for _, c := range calls {
		m.Calls = append(m.Calls, c...)
	}
	m.Totals.Stories = g.stories
	writeJSON(tb, filepath.Join(dir, "manifest.json"), m)
}

func (g generatedRun) writeStory(tb testing.TB, dir string, i int) (manifest.Story, []manifest.Call) {
	w := wordSource{rand.New(rand.NewPCG(uint64(i), 7))}
	id := fmt.Sprintf("story-%05d", i)
	s := &story.Story{Version: story.StoryVersion, ID: id, Name: "Story " + w.word() + " " + w.word(), Path: "in/" + id}
	ms := manifest.Story{ID: id, Name: s.Name, Path: s.Path, Dir: id, Status: "done"}
	var calls []manifest.Call
	sd := filepath.Join(dir, id)
	for j := range g.articles {
		source := fmt.Sprintf("Outlet %s %d", strings.ToUpper(w.word()), j)
		text := w.sentences(g.words)
		a := &story.Article{
			ID: story.Slug(source), Source: source, Title: w.sentences(6),
			URL: "https://" + story.Slug(source) + ".example/" + id, Published: "2025-03-04",
			Path: "in/" + id + "/" + story.Slug(source) + ".md", SHA256: story.Digest(text), Text: text,
		}
		s.Articles = append(s.Articles, a)
		ms.Articles = append(ms.Articles, a.ID)
		writeFile(tb, filepath.Join(sd, "sources", a.ID+".md"), "## "+source+"\n\n"+w.sentences(120)+"\n")
		calls = append(calls, manifest.Call{Stage: "source_summary", Story: id, Article: a.ID, Cache: "miss", Attempts: 1,
			PromptTokens: g.words * 4 / 3, CompletionTokens: 160, LatencyMS: 200, CostUSD: 0.0004})
	}
	writeJSON(tb, filepath.Join(sd, "story.json"), s)

	var md strings.Builder
	b := &story.Brief{Version: story.BriefVersion, Story: id}
	fmt.Fprintf(&md, "# %s\n\n", s.Name)
	for j, a := range s.Articles {
		other := s.Articles[(j+1)%len(s.Articles)]
		fmt.Fprintf(&md, "%s [%s, %s]\n\n", w.sentences(50), a.Source, other.Source)
		b.Citations = append(b.Citations, story.Citation{Label: a.Source, Source: a.ID, Known: true})
	}
	b.Markdown = md.String()
	writeJSON(tb, filepath.Join(sd, "brief.json"), b)
	writeFile(tb, filepath.Join(sd, "brief.md"), b.Markdown)

	d := &story.Disputes{Version: story.DisputesVersion, Story: id, Sources: s.Sources()}
	for p := range 4 {
		pt := story.Point{Topic: w.sentences(3), Kind: story.Kinds[p%len(story.Kinds)], Summary: w.sentences(20)}
		for k := range min(3, len(s.Articles)) {
			a := s.Articles[(p+k)%len(s.Articles)]
			pos := story.Position{Source: a.ID, Claim: w.sentences(12), Quote: w.passage(a.Text, 12), QuoteVerified: true}
			if k == 2 {
				// One position per point quotes words its article lacks.
				pos.Quote, pos.QuoteVerified = w.sentences(10), false
				ms.UnverifiedQuotes++
			}
			pt.Positions = append(pt.Positions, pos)
		}
		d.DisputedPoints = append(d.DisputedPoints, pt)
	}
	ms.DisputedPoints = len(d.DisputedPoints)
	writeJSON(tb, filepath.Join(sd, "disputes.json"), d)
	writeFile(tb, filepath.Join(sd, "disputes.md"), "# Disputed points\n\n"+w.sentences(200)+"\n")
	calls = append(calls,
		manifest.Call{Stage: "brief", Story: id, Cache: "miss", Attempts: 1, PromptTokens: 1200, CompletionTokens: 400, LatencyMS: 200, CostUSD: 0.001},
		manifest.Call{Stage: "disputes", Story: id, Cache: "hit", PromptTokens: 5000, CompletionTokens: 500})
	return ms, calls
}

// BenchmarkWriteRunGenerated renders a run of 200 stories of 5 articles
// of about 700 words, the size issue 6 measures.
func BenchmarkWriteRunGenerated(b *testing.B) {
	dir := b.TempDir()
	generatedRun{stories: 200, articles: 5, words: 700}.write(b, dir)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteRun(dir); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteRunPeakHeap reports the peak heap (HeapAlloc, sampled
// every millisecond, so garbage not yet collected counts too) while
// WriteRun renders runs of growing size. Streamed, it stays flat.
func BenchmarkWriteRunPeakHeap(b *testing.B) {
	for _, n := range []int{50, 500, 2000} {
		b.Run(fmt.Sprintf("stories=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			generatedRun{stories: n, articles: 5, words: 700}.write(b, dir)
			var peak uint64
			for b.Loop() {
				runtime.GC()
				done := make(chan struct{})
				sampled := make(chan uint64)
				go func() {
					var highest uint64
					var ms runtime.MemStats
					tick := time.NewTicker(time.Millisecond)
					defer tick.Stop()
					for {
						runtime.ReadMemStats(&ms)
						highest = max(highest, ms.HeapAlloc)
						select {
						case <-done:
							sampled <- highest
							return
						case <-tick.C:
						}
					}
				}()
				err := WriteRun(dir)
				close(done)
				peak = max(peak, <-sampled)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}
