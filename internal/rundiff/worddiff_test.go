package rundiff

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// render shows edits in the terminal notation.
func render(edits []Edit) string {
	var b strings.Builder
	for _, e := range edits {
		switch e.Op {
		case Equal:
			b.WriteString(e.Text)
		case Delete:
			b.WriteString("[-" + e.Text + "-]")
		case Insert:
			b.WriteString("{+" + e.Text + "+}")
		}
	}
	return b.String()
}

func TestWordDiffSmall(t *testing.T) {
	for _, tc := range []struct{ old, new, want string }{
		{"", "", ""},
		{"same words here", "same words here", "same words here"},
		{"", "brand new", "{+brand new+}"},
		{"all gone", "", "[-all gone-]"},
		{"the cat sat", "the dog sat", "the[- cat-]{+ dog+} sat"},
		{"a b c", "a c", "a[- b-] c"},
		{"a c", "a b c", "a{+ b+} c"},
		{"one two three four", "zero one three four five", "{+zero+} one[- two-] three four{+ five+}"},
		{"old first", "first", "[-old -]first"},
		{"x\n\ny", "x\n\nnew\n\ny", "x{+\n\nnew+}\n\ny"},
		{"tail\n", "tail more\n", "tail{+ more+}\n"},
	} {
		if got := render(WordDiff(tc.old, tc.new)); got != tc.want {
			t.Errorf("WordDiff(%q, %q) = %q, want %q", tc.old, tc.new, got, tc.want)
		}
	}
}

// TestWordDiffRebuilds checks on random texts that the edits rebuild both
// versions and that the script is no longer than the one an LCS gives.
func TestWordDiffRebuilds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := strings.Fields("a b c d e f")
	text := func() string {
		n := rng.IntN(25)
		ws := make([]string, n)
		for i := range ws {
			ws[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(ws, " ")
	}
	for range 500 {
		old, new := text(), text()
		edits := WordDiff(old, new)
		var gotOld, gotNew strings.Builder
		changed := 0
		for _, e := range edits {
			if e.Op != Insert {
				gotOld.WriteString(e.Text)
			}
			if e.Op != Delete {
				gotNew.WriteString(e.Text)
			}
			if e.Op != Equal {
				changed += len(strings.Fields(e.Text))
			}
		}
		if gotNew.String() != new {
			t.Fatalf("new rebuilt as %q, want %q", gotNew.String(), new)
		}
		if !slices.Equal(strings.Fields(gotOld.String()), strings.Fields(old)) {
			t.Fatalf("old rebuilt as %q, want %q", gotOld.String(), old)
		}
		a, b := strings.Fields(old), strings.Fields(new)
		if want := len(a) + len(b) - 2*lcs(a, b); changed != want {
			t.Fatalf("%q -> %q: %d words changed, shortest is %d", old, new, changed, want)
		}
	}
}

func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	for i := range a {
		cur := make([]int, len(b)+1)
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev = cur
	}
	return prev[len(b)]
}

func TestWordDiffTooFarApart(t *testing.T) {
	old := strings.Repeat("x ", maxEditDistance)
	new := strings.Repeat("y ", maxEditDistance)
	edits := WordDiff(old, new)
	if len(edits) != 3 || edits[0].Op != Delete || edits[1].Op != Insert || edits[2].Op != Equal {
		t.Fatalf("got %d edits", len(edits))
	}
}

func BenchmarkWordDiff(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	ws := make([]string, 800)
	for i := range ws {
		ws[i] = string(rune('a' + rng.IntN(26)))
	}
	old := strings.Join(ws, " ")
	for i := 0; i < len(ws); i += 10 {
		ws[i] = "changed"
	}
	new := strings.Join(ws, " ")
	for b.Loop() {
		WordDiff(old, new)
	}
}
