package offline

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// genStories builds n synthetic stories of docs articles of about words
// words each. The articles of a story share facts worded differently and
// with some figures changed, as real coverage does, so that alignment and
// dispute finding do real work; the generator is seeded and deterministic.
func genStories(n, docs, words int) [][]Doc {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	first := []string{"Ana", "Ben", "Clara", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jon", "Kira", "Leo"}
	last := []string{"Ruiz", "Adair", "Quinn", "Holt", "Reyes", "Velez", "Brandt", "Moreau", "Okafor", "Lindqvist", "Sato", "Novak"}
	towns := []string{"Lindale", "Port Halden", "Tidewater", "Kessler Falls", "Port Amble", "Marrow Bay", "Eastgate", "Crestview"}
	nouns := []string{"council", "plant", "bridge", "school", "hospital", "harbor", "budget", "contract", "union", "levee", "clinic", "depot"}
	verbs := []string{"approved", "rejected", "delayed", "announced", "reviewed", "expanded", "closed", "funded", "inspected", "reopened"}
	things := []string{"workers", "residents", "vehicles", "families", "students", "patients", "jobs", "homes"}
	units := []string{"30-day", "month-long", "six-week", "two-month", "48-hour", "90-day"}
	shares := []string{"about 20%", "a fifth", "a third", "half", "60%", "one in five"}
	fillers := []string{"officials said", "according to a statement", "the report shows", "residents said", "critics argued", "the agency confirmed"}
	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
	months := []string{"March", "April", "May", "June", "July"}

	out := make([][]Doc, n)
	for s := range out {
		town := pick(towns)
		person := pick(first) + " " + pick(last)
		noun := pick(nouns)
		var facts []string
		for k := 0; k < 40; k++ {
			facts = append(facts, fmt.Sprintf("%s %s the %s %s plan for %s on %s, %s.",
				person, pick(verbs), town, pick(nouns), pick(things), pick(days), pick(fillers)))
		}
		for d := 0; d < docs; d++ {
			var b strings.Builder
			count := 0
			for count < words {
				var sent string
				switch rng.IntN(5) {
				case 0, 1:
					sent = facts[rng.IntN(len(facts))]
				case 2:
					sent = fmt.Sprintf("The %s in %s will affect %s %s during a %s review, %s.",
						noun, town, pick(shares), pick(things), pick(units), pick(fillers))
				case 3:
					sent = fmt.Sprintf("About %d %s in %s were affected when the %s was %s on %s %d.",
						100*(1+rng.IntN(40)), pick(things), town, noun, pick(verbs), pick(months), 1+rng.IntN(28))
				default:
					sent = fmt.Sprintf("%s %s said the %s would not be %s before the %s vote, and %s %s disagreed.",
						pick(first), pick(last), pick(nouns), pick(verbs), pick(nouns), pick(first), pick(last))
				}
				b.WriteString(sent)
				if rng.IntN(4) == 0 {
					b.WriteString("\n\n")
				} else {
					b.WriteString(" ")
				}
				count += len(strings.Fields(sent))
			}
			name := fmt.Sprintf("Outlet %d", d+1)
			out[s] = append(out[s], Doc{ID: fmt.Sprintf("outlet-%d", d+1), Name: name, Text: b.String()})
		}
	}
	return out
}

// runStory does what the pipeline asks of the engine for one story.
func runStory(b testing.TB, e *Engine, docs []Doc) {
	for _, d := range docs {
		e.Summarize(d)
	}
	mustBrief(b, e, docs, nil)
	mustDisputes(b, e, docs)
}

// BenchmarkEngine200Stories runs summaries, brief and disputes over 200
// stories of 5 articles of about 700 words, one story after another; one
// op is the whole run. peak-heap-MB samples the live heap after each story.
func BenchmarkEngine200Stories(b *testing.B) {
	stories := genStories(200, 5, 700)
	e := New(DefaultOptions())
	b.ReportAllocs()
	var peak uint64
	var ms runtime.MemStats
	for b.Loop() {
		for _, docs := range stories {
			runStory(b, e, docs)
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkEngine200StoriesParallel is the same run with one worker per
// CPU, as the pipeline's worker pool would drive it.
func BenchmarkEngine200StoriesParallel(b *testing.B) {
	stories := genStories(200, 5, 700)
	e := New(DefaultOptions())
	b.ReportAllocs()
	for b.Loop() {
		next := make(chan []Doc)
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for docs := range next {
					runStory(b, e, docs)
				}
			}()
		}
		for _, docs := range stories {
			next <- docs
		}
		close(next)
		wg.Wait()
	}
}

// BenchmarkEngineScaling shows cost per story staying flat as the run grows.
func BenchmarkEngineScaling(b *testing.B) {
	for _, n := range []int{50, 100, 200} {
		stories := genStories(n, 5, 700)
		e := New(DefaultOptions())
		b.Run(fmt.Sprintf("stories=%d", n), func(b *testing.B) {
			for b.Loop() {
				for _, docs := range stories {
					runStory(b, e, docs)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/story")
		})
	}
}

func TestGeneratedStoriesHaveTheAskedSize(t *testing.T) {
	stories := genStories(2, 5, 700)
	for _, docs := range stories {
		if len(docs) != 5 {
			t.Fatalf("%d docs, want 5", len(docs))
		}
		for _, d := range docs {
			if n := len(strings.Fields(d.Text)); n < 700 || n > 760 {
				t.Errorf("%s: %d words, want about 700", d.ID, n)
			}
		}
	}
}

// BenchmarkLargeStory runs one story through the engine as the pipeline
// does (every summary, the brief, the disputes): stories of 300, 1,000 and
// 3,000 articles of about 700 words, and a story of one article of about
// 4.9 MB beside an ordinary one. peak-MB is the process's peak resident set
// (VmHWM) during the run, input generation excluded.
func BenchmarkLargeStory(b *testing.B) {
	cases := []struct {
		name string
		docs func() []Doc
	}{
		{"articles=300", func() []Doc { return genStories(1, 300, 700)[0] }},
		{"articles=1000", func() []Doc { return genStories(1, 1000, 700)[0] }},
		{"articles=3000", func() []Doc { return genStories(1, 3000, 700)[0] }},
		{"article=4.9MB", func() []Doc {
			big := genStories(1, 1, 840000)[0][0]
			return append([]Doc{big}, genStories(1, 1, 700)[0][0])
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			docs := c.docs()
			b.ResetTimer()
			resetPeakRSS()
			for b.Loop() {
				runStory(b, New(DefaultOptions()), docs)
			}
			b.ReportMetric(float64(peakRSS())/(1<<20), "peak-MB")
		})
	}
}

// resetPeakRSS resets the kernel's record of this process's peak resident
// set (Linux; elsewhere it does nothing, and peakRSS reports the peak since
// the start).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS returns VmHWM in bytes, or the memory the Go runtime obtained
// from the system where /proc is absent.
func peakRSS() int64 {
	if data, err := os.ReadFile("/proc/self/status"); err == nil {
		for line := range strings.Lines(string(data)) {
			if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				if f := strings.Fields(rest); len(f) == 2 {
					if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil {
						return kb << 10
					}
				}
			}
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.Sys)
}
