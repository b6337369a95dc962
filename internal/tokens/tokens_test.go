package tokens

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"
)

// sentences are written for these tests; articles are built from them.
var sentences = []string{
	"The river authority said on Tuesday that the northern dam would stay closed for at least three more weeks.",
	"Engineers found two cracks in the spillway during a routine inspection, according to a statement.",
	"Farmers downstream worry that the delay will cut water for the spring planting.",
	"\"We were told it would open in March,\" one grower said, adding that nobody had called since.",
	"The authority's director disputed that account and said letters went out to every registered user.",
	"Repairs are expected to cost about 4.2 million dollars, roughly twice the first estimate.",
	"A regional newspaper reported that the contractor had flagged the cracks a year earlier.",
	"Officials did not answer questions about that report before publication!",
	"Is the reservoir at risk? Independent experts said the structure itself was sound.",
	"Water levels remain 12% below the ten-year average for the season.",
}

// article returns n paragraphs of 2 to 6 sentences each.
func article(n int) string {
	var paras []string
	k := 0
	for p := range n {
		var sb strings.Builder
		for s := range 2 + p%5 {
			if s > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(sentences[k%len(sentences)])
			k++
		}
		paras = append(paras, sb.String())
	}
	return strings.Join(paras, "\n\n")
}

func nonSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// checkSplit checks the guarantees every Split result must keep.
func checkSplit(t *testing.T, c *Counter, text string, budget int, pieces []string) {
	t.Helper()
	if got, want := nonSpace(strings.Join(pieces, "\n\n")), nonSpace(text); got != want {
		t.Fatalf("joined pieces lose or change characters:\n got %.200q\nwant %.200q", got, want)
	}
	for i, p := range pieces {
		if n := c.Count(p); n > budget && utf8.RuneCountInString(p) > 1 {
			t.Errorf("piece %d has %d tokens, budget %d: %.80q", i, n, budget, p)
		}
		if p == "" || strings.TrimSpace(p) != p {
			t.Errorf("piece %d is empty or not trimmed: %.80q", i, p)
		}
		if !utf8.ValidString(p) {
			t.Errorf("piece %d is not valid UTF-8: %.80q", i, p)
		}
		if !strings.Contains(text, p) {
			t.Errorf("piece %d is not a substring of the text: %.80q", i, p)
		}
	}
}

func TestCount(t *testing.T) {
	c := New("gpt-4o")
	if c.Encoding() != "o200k_base" || c.Estimate() {
		t.Errorf("gpt-4o: encoding %s, estimate %v", c.Encoding(), c.Estimate())
	}
	for text, want := range map[string]int{"": 0, "hello world": 2, "hello": 1} {
		if got := c.Count(text); got != want {
			t.Errorf("Count(%q) = %d, want %d", text, got, want)
		}
	}
	text := article(12)
	n := c.Count(text)
	if n != c.Count(text) {
		t.Error("two counts of one text differ")
	}
	// English runs at about 0.75 words per token.
	words := len(strings.Fields(text))
	if n < words || n > 2*words {
		t.Errorf("%d words counted as %d tokens, want between %d and %d", words, n, words, 2*words)
	}
}

func TestNewModels(t *testing.T) {
	for _, tc := range []struct {
		model, encoding string
		estimate        bool
	}{
		{"gpt-4", "cl100k_base", false},
		{"gpt-4o-mini", "o200k_base", false},
		{"openai/gpt-4.1-mini", "o200k_base", false},
		{"llama3.1:8b", "o200k_base", true},
		{"", "o200k_base", true},
	} {
		c := New(tc.model)
		if c.Encoding() != tc.encoding || c.Estimate() != tc.estimate {
			t.Errorf("New(%q): encoding %s, estimate %v; want %s, %v",
				tc.model, c.Encoding(), c.Estimate(), tc.encoding, tc.estimate)
		}
		if n := c.Count("hello world"); n != 2 {
			t.Errorf("New(%q).Count(\"hello world\") = %d, want 2", tc.model, n)
		}
	}
}

func TestConcurrentCount(t *testing.T) {
	c := New("gpt-4o")
	texts := []string{article(3), article(7), "hello world", strings.Repeat("x", 500)}
	want := make([]int, len(texts))
	for i, text := range texts {
		want[i] = c.Count(text)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for r := range 20 {
				i := (g + r) % len(texts)
				if got := c.Count(texts[i]); got != want[i] {
					t.Errorf("concurrent Count of text %d = %d, want %d", i, got, want[i])
				}
				c.Split(texts[i], 40)
			}
		})
	}
	wg.Wait()
}

func TestSplitFitsWhole(t *testing.T) {
	c := New("gpt-4o")
	text := "\n  One short paragraph.\n\nAnother one.  \n"
	pieces := c.Split(text, 100)
	if len(pieces) != 1 || pieces[0] != strings.TrimSpace(text) {
		t.Errorf("Split = %q, want the trimmed text as one piece", pieces)
	}
	if got := c.Split(" \n\t ", 10); got != nil {
		t.Errorf("Split of white space = %q, want nil", got)
	}
	if got := c.Split(article(20), 0); len(got) != 1 {
		t.Errorf("Split with budget 0 gave %d pieces, want 1", len(got))
	}
}

func TestSplitParagraphs(t *testing.T) {
	c := New("gpt-4o")
	text := article(30)
	paragraphs := strings.Split(text, "\n\n")
	for _, budget := range []int{120, 250, 600} {
		pieces := c.Split(text, budget)
		checkSplit(t, c, text, budget, pieces)
		if len(pieces) < 2 {
			t.Fatalf("budget %d: %d pieces for %d tokens", budget, len(pieces), c.Count(text))
		}
		// Every paragraph fits the budget, so every piece is whole
		// paragraphs, in order, and none is cut.
		var rejoined []string
		for _, p := range pieces {
			rejoined = append(rejoined, strings.Split(p, "\n\n")...)
		}
		if strings.Join(rejoined, "\n\n") != text || len(rejoined) != len(paragraphs) {
			t.Errorf("budget %d: pieces do not consist of whole paragraphs", budget)
		}
		// Greedy: the next piece's first paragraph did not fit.
		for i := 0; i+1 < len(pieces); i++ {
			nextFirst, _, _ := strings.Cut(pieces[i+1], "\n\n")
			if n := c.Count(pieces[i] + "\n\n" + nextFirst); n <= budget {
				t.Errorf("budget %d: piece %d could have taken the next paragraph (%d tokens)", budget, i, n)
			}
		}
	}
}

func TestSplitGiantParagraph(t *testing.T) {
	c := New("gpt-4o")
	text := strings.ReplaceAll(article(15), "\n\n", " ")
	const budget = 60
	pieces := c.Split(text, budget)
	checkSplit(t, c, text, budget, pieces)
	for i, p := range pieces {
		if last, _ := utf8.DecodeLastRuneInString(p); !strings.ContainsRune(".!?\"", last) {
			t.Errorf("piece %d does not end at a sentence end: ...%q", i, p[max(0, len(p)-30):])
		}
	}
}

func TestSplitLines(t *testing.T) {
	c := New("gpt-4o")
	var lines []string
	for i := range 80 {
		lines = append(lines, fmt.Sprintf("- item %d: water level %d cm", i, 300+i*7))
	}
	text := strings.Join(lines, "\n")
	pieces := c.Split(text, 50)
	checkSplit(t, c, text, 50, pieces)
	for i, p := range pieces {
		for line := range strings.Lines(p) {
			if !strings.HasPrefix(line, "- item ") {
				t.Errorf("piece %d cut a line: %q", i, line)
			}
		}
	}
}

func TestSplitGiantWord(t *testing.T) {
	c := New("gpt-4o")
	for _, word := range []string{
		strings.Repeat("qwertzuiop", 800),
		strings.Repeat("über€日本語", 400),
	} {
		text := "Before the word.\n\n" + word + "\n\nAfter the word."
		const budget = 37
		pieces := c.Split(text, budget)
		checkSplit(t, c, text, budget, pieces)
		if pieces[0] != "Before the word." || pieces[len(pieces)-1] != "After the word." {
			t.Errorf("the paragraphs around the word were not kept whole: %q ... %q", pieces[0], pieces[len(pieces)-1])
		}
		if got := strings.Join(pieces[1:len(pieces)-1], ""); got != word {
			t.Errorf("the word's pieces do not concatenate to the word")
		}
	}
}

func TestSplitTinyBudget(t *testing.T) {
	c := New("gpt-4o")
	text := "a 🙂 b 日本"
	pieces := c.Split(text, 1)
	checkSplit(t, c, text, 1, pieces)
	if len(pieces) < 4 {
		t.Errorf("Split(%q, 1) = %q", text, pieces)
	}
}

func TestSplitSeeds(t *testing.T) {
	files, _ := filepath.Glob("/work/shared/seeds/*.txt")
	if len(files) == 0 {
		t.Skip("no seed articles")
	}
	c := New("gpt-4o-mini")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, budget := range []int{100, 400} {
			checkSplit(t, c, string(data), budget, c.Split(string(data), budget))
		}
	}
}

// benchText is about 700 words.
func benchText(b *testing.B) string {
	text := article(13)
	if n := len(strings.Fields(text)); n < 650 || n > 750 {
		b.Fatalf("bench text has %d words, want about 700", n)
	}
	return text
}

func BenchmarkCount(b *testing.B) {
	c := New("gpt-4o")
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		c.Count(text)
	}
}

func BenchmarkSplit(b *testing.B) {
	c := New("gpt-4o")
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		c.Split(text, 200)
	}
}
